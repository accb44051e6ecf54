"""The tables as they are now, in SQLAlchemy Core.

Core rather than the ORM: every operation here is one or two explicit statements (upserts through
the dialects' ``INSERT ... ON CONFLICT``, row locks, grouped counts), and the callers get small
frozen dataclasses that can be cached and passed between Streamlit reruns, with no session, identity
map or lazy loading to leak across threads.

These definitions are what queries use. The database gets its shape from the numbered steps in
``migrations.py``; a test checks that a freshly migrated database has exactly these columns, so a
change here without a new migration step fails the suite.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database.

    PostgreSQL stores ``timestamptz``; SQLite stores text without an offset, so values are converted
    to UTC on the way in and get their UTC zone back on the way out. Naive datetimes are refused:
    they are a bug waiting to happen in an app used across time zones.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware one (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

learners = Table(
    "learners",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("nickname", String(24), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
)

attempts = Table(
    "attempts",
    metadata,
    Column("attempt_id", String(36), primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", String(120), nullable=False),
    Column("item_kind", String(16), nullable=False),
    Column("topic", String(80), nullable=False),
    Column("stage", String(80), nullable=False),
    Column("choice_id", String(80), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("confidence", String(8), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("seconds", Float, nullable=True),
    Column("answered_at", UtcDateTime, nullable=False),
    Index("ix_attempts_learner_time", "learner_id", "answered_at"),
    Index("ix_attempts_item_choice", "item_id", "choice_id"),
)

review_cards = Table(
    "review_cards",
    metadata,
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("review_key", String(120), primary_key=True),
    Column("card_json", Text, nullable=False),
    Column("due", UtcDateTime, nullable=False),
    Column("reviewed_at", UtcDateTime, nullable=False),
    Column("reviews", Integer, nullable=False),
    Index("ix_review_cards_learner_due", "learner_id", "due"),
)

polls = Table(
    "polls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(6), nullable=False),
    Column("presenter_key_hash", String(64), nullable=False),
    Column("question_index", Integer, nullable=False),
    Column("revealed", Boolean, nullable=False),
    Column("locked", Boolean, nullable=False),
    Column("is_open", Boolean, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)
# A join code is unique among open polls only; closed polls keep theirs for the record.
Index(
    "ux_polls_open_code",
    polls.c.code,
    unique=True,
    postgresql_where=polls.c.is_open,
    sqlite_where=polls.c.is_open,
)

poll_questions = Table(
    "poll_questions",
    metadata,
    Column("poll_id", Integer, ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True),
    Column("question_index", Integer, primary_key=True, autoincrement=False),
    Column("question_json", Text, nullable=False),
    Column("asked_at", UtcDateTime, nullable=False),
)

votes = Table(
    "votes",
    metadata,
    Column("poll_id", Integer, primary_key=True),
    Column("question_index", Integer, primary_key=True, autoincrement=False),
    Column("voter_token", String(64), primary_key=True),
    Column("choice_id", String(80), nullable=False),
    Column("voted_at", UtcDateTime, nullable=False),
    ForeignKeyConstraint(
        ["poll_id", "question_index"],
        ["poll_questions.poll_id", "poll_questions.question_index"],
        ondelete="CASCADE",
    ),
)

# A lecture room: a poll with a running order. The poll row keeps the join code, the presenter key's
# hash and the one change counter (``version``); this row keeps where the lecture is. Each question slide
# is the poll's question at that slide's position, so its votes stay under it when the room moves on.
rooms = Table(
    "rooms",
    metadata,
    Column("poll_id", Integer, ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Column("slides_json", Text, nullable=False),  # [{"id", "title", "question": bool}] in running order
    Column("slide_index", Integer, nullable=False),
    Column("shown_points", Integer, nullable=False),
    Column("black", Boolean, nullable=False),
    Column("revealed_json", Text, nullable=False),  # slide positions whose answer was revealed
    Column("locked_json", Text, nullable=False),  # slide positions whose voting was closed
)

# An exam in progress (at most one per learner), kept so that a reload, a closed tab or another device
# resumes it. The clock is the stored start: time left is ``time_limit`` minus the time since
# ``started_at``, so nothing a browser does pauses or resets it. The row stays after the exam has ended
# (the results show again on a reload) until the learner starts a new one.
exams = Table(
    "exams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("position", Integer, nullable=False),  # the question on screen, 0-based
    Column("time_limit", Integer, nullable=False),  # seconds
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
    Column("ended_how", String(8), nullable=True),  # "finished" by the learner, or "time"
    Column("recorded", Integer, nullable=True),  # answers saved into the learner's progress once ended
    sqlite_autoincrement=True,  # an id is never used again, so a tab holding a put-away exam cannot reach a new one
)

# The exam's items in the order served, each as the exam showed it (the whole item, choices in their
# order), with the attempt id its answer is saved under, the answer given so far and the flag.
exam_items = Table(
    "exam_items",
    metadata,
    Column("exam_id", Integer, ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("item_json", Text, nullable=False),
    Column("attempt_id", String(36), nullable=False),
    Column("choice_id", String(80), nullable=True),
    Column("flagged", Boolean, nullable=False),
)
