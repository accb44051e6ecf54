"""The database's shape as numbered steps, and :func:`migrate`, which applies the missing ones.

A step never changes once released: a later change to the tables is a NEW step appended to
:data:`MIGRATIONS` (for example ``ALTER TABLE ... ADD COLUMN`` with a default), so a database that
already holds residents' progress moves forward with its data. Step 1 therefore keeps its own copy
of the first tables instead of using ``schema.py`` (which is the current shape, for queries).

``migrate`` runs all missing steps in ONE transaction (both databases have transactional DDL) and
records each in ``schema_version``. Two processes starting at once are serialised: PostgreSQL by a
transaction-level advisory lock, SQLite by ``BEGIN IMMEDIATE`` (the write lock); the second one then
finds nothing left to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)

from pathway.store.schema import schema_version
from pathway.store.transactions import is_postgresql, write_transaction

# Any fixed 64-bit number, the same in every process of this app ("ECZLADDR").
MIGRATION_LOCK_ID = 0x45435A4C41444452


@dataclass(frozen=True)
class MigrationStep:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_first_tables(connection: Connection) -> None:
    """Version 1: learners, attempts, review cards, polls, poll questions, votes (frozen copy)."""
    shape = MetaData()
    when = DateTime(timezone=True)
    Table(
        "learners",
        shape,
        Column("id", Integer, primary_key=True),
        Column("nickname", String(24), nullable=False),
        Column("key_hash", String(64), nullable=False, unique=True),
        Column("created_at", when, nullable=False),
    )
    Table(
        "attempts",
        shape,
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
        Column("answered_at", when, nullable=False),
        Index("ix_attempts_learner_time", "learner_id", "answered_at"),
        Index("ix_attempts_item_choice", "item_id", "choice_id"),
    )
    Table(
        "review_cards",
        shape,
        Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
        Column("review_key", String(120), primary_key=True),
        Column("card_json", Text, nullable=False),
        Column("due", when, nullable=False),
        Column("reviewed_at", when, nullable=False),
        Column("reviews", Integer, nullable=False),
        Index("ix_review_cards_learner_due", "learner_id", "due"),
    )
    polls = Table(
        "polls",
        shape,
        Column("id", Integer, primary_key=True),
        Column("code", String(6), nullable=False),
        Column("presenter_key_hash", String(64), nullable=False),
        Column("question_index", Integer, nullable=False),
        Column("revealed", Boolean, nullable=False),
        Column("locked", Boolean, nullable=False),
        Column("is_open", Boolean, nullable=False),
        Column("version", BigInteger, nullable=False),
        Column("opened_at", when, nullable=False),
        Column("changed_at", when, nullable=False),
    )
    Index(
        "ux_polls_open_code", polls.c.code, unique=True, postgresql_where=polls.c.is_open, sqlite_where=polls.c.is_open
    )
    Table(
        "poll_questions",
        shape,
        Column("poll_id", Integer, ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True),
        Column("question_index", Integer, primary_key=True, autoincrement=False),
        Column("question_json", Text, nullable=False),
        Column("asked_at", when, nullable=False),
    )
    Table(
        "votes",
        shape,
        Column("poll_id", Integer, primary_key=True),
        Column("question_index", Integer, primary_key=True, autoincrement=False),
        Column("voter_token", String(64), primary_key=True),
        Column("choice_id", String(80), nullable=False),
        Column("voted_at", when, nullable=False),
        ForeignKeyConstraint(
            ["poll_id", "question_index"],
            ["poll_questions.poll_id", "poll_questions.question_index"],
            ondelete="CASCADE",
        ),
    )
    shape.create_all(connection, checkfirst=False)


def _create_rooms(connection: Connection) -> None:
    """Version 2: lecture rooms (a poll with a running order, its slide, points, reveals and black screen)."""
    shape = MetaData()
    Table("polls", shape, Column("id", Integer, primary_key=True))  # referred to, not created
    Table(
        "rooms",
        shape,
        Column("poll_id", Integer, ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
        Column("slides_json", Text, nullable=False),
        Column("slide_index", Integer, nullable=False),
        Column("shown_points", Integer, nullable=False),
        Column("black", Boolean, nullable=False),
        Column("revealed_json", Text, nullable=False),
        Column("locked_json", Text, nullable=False),
    )
    shape.tables["rooms"].create(connection, checkfirst=False)


def _create_exams(connection: Connection) -> None:
    """Version 3: exams in progress (one per learner) and their items, answers and flags."""
    shape = MetaData()
    when = DateTime(timezone=True)
    Table("learners", shape, Column("id", Integer, primary_key=True))  # referred to, not created
    Table(
        "exams",
        shape,
        Column("id", Integer, primary_key=True),
        Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, unique=True),
        Column("position", Integer, nullable=False),
        Column("time_limit", Integer, nullable=False),
        Column("started_at", when, nullable=False),
        Column("ended_at", when, nullable=True),
        Column("ended_how", String(8), nullable=True),
        Column("recorded", Integer, nullable=True),
        sqlite_autoincrement=True,
    )
    Table(
        "exam_items",
        shape,
        Column("exam_id", Integer, ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True),
        Column("position", Integer, primary_key=True, autoincrement=False),
        Column("item_json", Text, nullable=False),
        Column("attempt_id", String(36), nullable=False),
        Column("choice_id", String(80), nullable=True),
        Column("flagged", Boolean, nullable=False),
    )
    shape.tables["exams"].create(connection, checkfirst=False)
    shape.tables["exam_items"].create(connection, checkfirst=False)


# Append only. Numbered 1, 2, 3, ... with no gaps.
MIGRATIONS: list[MigrationStep] = [
    MigrationStep(1, "learners, attempts, review cards, polls, poll questions, votes", _create_first_tables),
    MigrationStep(2, "lecture rooms", _create_rooms),
    MigrationStep(3, "exams in progress", _create_exams),
]


def latest_version(steps: Sequence[MigrationStep] = MIGRATIONS) -> int:
    return steps[-1].version if steps else 0


def check_steps(steps: Sequence[MigrationStep]) -> None:
    numbers = [step.version for step in steps]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"migration steps must be numbered 1, 2, 3, ... in order; got {numbers}")


def current_version(connection: Connection) -> int:
    """The database's schema version: 0 when it has never been migrated."""
    if not connection.dialect.has_table(connection, schema_version.name):
        return 0
    return int(connection.execute(select(func.coalesce(func.max(schema_version.c.version), 0))).scalar_one())


def migrate(engine: Engine, steps: Sequence[MigrationStep] = MIGRATIONS) -> int:
    """Bring the database to the last step's version; returns that version. Idempotent."""
    check_steps(steps)
    with write_transaction(engine) as connection:
        if is_postgresql(connection):
            connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": MIGRATION_LOCK_ID})
        schema_version.create(connection, checkfirst=True)
        version = current_version(connection)
        if version > latest_version(steps):
            raise RuntimeError(
                f"the database is at schema version {version}, newer than this code "
                f"({latest_version(steps)}): update the app instead of running an older one on it"
            )
        for step in steps[version:]:
            step.apply(connection)
            connection.execute(
                insert(schema_version).values(
                    version=step.version, description=step.description, applied_at=datetime.now(UTC)
                )
            )
        return latest_version(steps)
