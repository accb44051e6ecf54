"""Residents' self-test progress: learners, their answers (attempts), and what the answers add up to.

A learner is a nickname plus a private resume key. The key is shown once, when the learner is
created; only its SHA-256 is stored (``tokens.py`` says why that is enough). The nickname is a
label, not an identity: it need not be unique and opens nothing.

An attempt is one answer, keyed by a UUID the page makes when it shows the question, so a Streamlit
rerun or a double click that sends the same answer again records nothing new.
"""

from __future__ import annotations

import math
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Engine, delete, func, insert, select

from pathway.learn.review import CONFIDENCES, ITEM_KINDS, Confidence, ItemKind, as_utc, rating_for, review_key
from pathway.store.reports import export_csv, summary
from pathway.store.review_store import due_reviews, review_in, update_review
from pathway.store.schema import attempts, learners, review_cards
from pathway.store.tokens import clean_private_key, key_hash, new_private_key
from pathway.store.transactions import read_transaction, upsert_into, write_transaction

__all__ = [
    "Attempt",
    "Learner",
    "Mode",
    "check_nickname",
    "choice_counts",
    "create_learner",
    "delete_learner",
    "due_reviews",
    "export_csv",
    "history",
    "learner_for_key",
    "record_answer",
    "summary",
    "update_review",
]

Mode = Literal["tutor", "exam", "review"]
MODES: tuple[str, ...] = ("tutor", "exam", "review")
NICKNAME_MIN, NICKNAME_MAX = 2, 24
NICKNAME_PUNCTUATION = " -_.'"
# Maximum lengths of the attempt's text fields (the columns' sizes).
TEXT_LIMITS = {"item_id": 120, "topic": 80, "stage": 80, "choice_id": 80}


@dataclass(frozen=True)
class Learner:
    id: int
    nickname: str
    created_at: datetime


@dataclass(frozen=True)
class Attempt:
    attempt_id: str
    learner_id: int
    item_id: str
    item_kind: str
    topic: str
    stage: str
    choice_id: str
    correct: bool
    confidence: str
    mode: str
    seconds: float | None
    answered_at: datetime


def check_nickname(text: str) -> str:
    """The cleaned nickname, or ValueError with a message to show the person typing it.

    The rule, as simple as is safe: after trimming and collapsing runs of spaces, 2 to 24
    characters, each a letter (any script, with its accents), a digit, a space or one of
    ``- _ . '`` (a typographic apostrophe counts as ``'``), with at least one letter or digit.
    Everything else is refused, so markup (``< > [ ] ( ) * ` # |``), emoji, control characters and
    invisible ones (zero-width, direction overrides) never get in. Pages still show a nickname as
    plain text, never as Markdown or HTML.
    """
    if not isinstance(text, str):
        raise ValueError("Please type a nickname.")
    text = text.strip()  # a pasted nickname often ends with a newline
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise ValueError("A nickname cannot contain control or invisible characters.")
    nickname = " ".join(unicodedata.normalize("NFC", text).replace("\u2019", "'").split())
    if not NICKNAME_MIN <= len(nickname) <= NICKNAME_MAX:
        raise ValueError(f"A nickname has {NICKNAME_MIN} to {NICKNAME_MAX} characters; this one has {len(nickname)}.")
    refused = sorted({ch for ch in nickname if not _nickname_character(ch)})
    if refused:
        raise ValueError("A nickname can use letters, digits, spaces and - _ . ' only, not: " + " ".join(refused))
    if not any(unicodedata.category(ch)[0] in "LN" for ch in nickname):
        raise ValueError("A nickname needs at least one letter or digit.")
    return nickname


def _nickname_character(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LM" or category == "Nd" or ch in NICKNAME_PUNCTUATION


def create_learner(engine: Engine, nickname: str, now: datetime | None = None) -> tuple[Learner, str]:
    """A new learner and their private resume key (show it once; it is not stored)."""
    nickname = check_nickname(nickname)
    created_at = as_utc(now) if now else datetime.now(UTC)
    key = new_private_key()
    with write_transaction(engine) as connection:
        learner_id = connection.execute(
            insert(learners)
            .values(nickname=nickname, key_hash=key_hash(key), created_at=created_at)
            .returning(learners.c.id)
        ).scalar_one()
    return Learner(learner_id, nickname, created_at), key


def learner_for_key(engine: Engine, key: str) -> Learner | None:
    """The learner whose resume key this is, or None (also for anything not shaped like a key)."""
    cleaned = clean_private_key(key)
    if cleaned is None:
        return None
    with read_transaction(engine) as connection:
        row = connection.execute(
            select(learners.c.id, learners.c.nickname, learners.c.created_at).where(
                learners.c.key_hash == key_hash(cleaned)
            )
        ).first()
    return Learner(row.id, row.nickname, row.created_at) if row else None


def _check_text(name: str, value: str) -> str:
    limit = TEXT_LIMITS[name]
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError(f"{name} must be a non-empty text of at most {limit} characters, not {value!r}")
    return value


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _check_attempt_id(attempt_id: str) -> str:
    try:
        return str(uuid.UUID(str(attempt_id)))
    except ValueError:
        raise ValueError(f"attempt_id must be a UUID (made when the question is shown), not {attempt_id!r}") from None


def _check_seconds(seconds: float | None) -> float | None:
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a finite number, 0 or more, or None; not {seconds!r}")
    return float(seconds)


def record_answer(
    engine: Engine,
    learner_id: int,
    *,
    attempt_id: str,
    item_id: str,
    item_kind: ItemKind,
    topic: str,
    stage: str,
    choice_id: str,
    correct: bool,
    confidence: Confidence,
    mode: Mode,
    seconds: float | None,
    answered_at: datetime | None = None,
    schedule_review: bool = False,
) -> bool:
    """Record one answer; False when this ``attempt_id`` was already recorded (nothing changes).

    With ``schedule_review``, the learner's review card for the item (``review_key``: the item id,
    or ``stage:<stage>`` for a generated case) is updated with ``rating_for(correct, confidence)``
    in the same transaction, and only when the answer is new, so a rerun never reviews twice.
    """
    if not isinstance(correct, bool):
        raise ValueError(f"correct must be True or False, not {correct!r}")
    row: dict[str, Any] = {
        "attempt_id": _check_attempt_id(attempt_id),
        "learner_id": learner_id,
        "item_id": _check_text("item_id", item_id),
        "item_kind": _check_choice("item_kind", item_kind, ITEM_KINDS),
        "topic": _check_text("topic", topic),
        "stage": _check_text("stage", stage),
        "choice_id": _check_text("choice_id", choice_id),
        "correct": correct,
        "confidence": _check_choice("confidence", confidence, CONFIDENCES),
        "mode": _check_choice("mode", mode, MODES),
        "seconds": _check_seconds(seconds),
        "answered_at": as_utc(answered_at) if answered_at else datetime.now(UTC),
    }
    with write_transaction(engine) as connection:
        if connection.execute(select(learners.c.id).where(learners.c.id == learner_id)).first() is None:
            raise LookupError(f"there is no learner {learner_id}")
        inserted = (
            connection.execute(
                upsert_into(connection, attempts)
                .values(**row)
                .on_conflict_do_nothing(index_elements=["attempt_id"])
                .returning(attempts.c.attempt_id)
            ).first()
            is not None
        )
        if inserted and schedule_review:
            key = review_key(item_id, item_kind, stage)
            review_in(connection, learner_id, key, rating_for(correct, confidence), row["answered_at"])
    return inserted


def history(engine: Engine, learner_id: int) -> list[Attempt]:
    """The learner's attempts, oldest first."""
    query = (
        select(attempts)
        .where(attempts.c.learner_id == learner_id)
        .order_by(attempts.c.answered_at, attempts.c.attempt_id)
    )
    with read_transaction(engine) as connection:
        return [Attempt(**row._mapping) for row in connection.execute(query)]


def choice_counts(engine: Engine, item_id: str) -> dict[str, int]:
    """How everyone answered an item (every recorded attempt counts): choice id -> answers."""
    query = (
        select(attempts.c.choice_id, func.count())
        .where(attempts.c.item_id == item_id)
        .group_by(attempts.c.choice_id)
        .order_by(attempts.c.choice_id)
    )
    with read_transaction(engine) as connection:
        return {choice: int(count) for choice, count in connection.execute(query)}


def delete_learner(engine: Engine, learner_id: int) -> bool:
    """Remove the learner, their attempts and their review cards; False when there was no such learner."""
    with write_transaction(engine) as connection:
        connection.execute(delete(attempts).where(attempts.c.learner_id == learner_id))
        connection.execute(delete(review_cards).where(review_cards.c.learner_id == learner_id))
        return connection.execute(delete(learners).where(learners.c.id == learner_id)).rowcount == 1
