"""What a saved exam is, reading it in two queries, and the checks every write shares."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from pathway.learn.exam import seconds_left, time_is_up
from pathway.store.schema import exam_items, exams

ENDED_HOW = ("finished", "time")


@dataclass(frozen=True)
class SavedExam:
    """An exam as the database keeps it: the items in the order served (each item whole, its choices in the
    order shown), the answers and flags so far, the question on screen and the clock's start."""

    id: int
    learner_id: int
    items: tuple[dict[str, Any], ...]
    attempt_ids: tuple[str, ...]  # per position: the id its answer is saved under in the learner's progress
    answers: Mapping[str, str]  # item id -> choice id, answered items only
    flagged: tuple[str, ...]  # item ids, in exam order
    position: int  # the question on screen, 0-based
    time_limit: int  # seconds
    started_at: datetime  # the server's clock when the exam started
    ended_at: datetime | None
    ended_how: str | None  # "finished" by the learner, or "time"
    recorded: int | None  # answers newly saved into the learner's progress when it ended (None: not yet)

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def seconds_left(self, now: datetime) -> float:
        return seconds_left(self.started_at, now, self.time_limit)

    def time_is_up(self, now: datetime) -> bool:
        return time_is_up(self.started_at, now, self.time_limit)

    def takes_answers(self, now: datetime) -> bool:
        """Not ended and within its time."""
        return not self.ended and not self.time_is_up(now)

    @property
    def unanswered(self) -> int:
        return len(self.items) - len(self.answers)


def read_exam(connection: Connection, where: ColumnElement[bool], *, lock: bool = False) -> SavedExam | None:
    """The exam matching ``where`` with its items; ``lock`` takes its row lock first (PostgreSQL's
    ``FOR UPDATE``; SQLite's write transaction already holds the only write lock)."""
    query = select(exams).where(where)
    if lock:
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:
        return None
    rows = connection.execute(
        select(exam_items).where(exam_items.c.exam_id == row.id).order_by(exam_items.c.position)
    ).all()
    items = tuple(json.loads(r.item_json) for r in rows)
    return SavedExam(
        id=row.id,
        learner_id=row.learner_id,
        items=items,
        attempt_ids=tuple(r.attempt_id for r in rows),
        answers={item["id"]: r.choice_id for item, r in zip(items, rows) if r.choice_id is not None},
        flagged=tuple(item["id"] for item, r in zip(items, rows) if r.flagged),
        position=row.position,
        time_limit=row.time_limit,
        started_at=row.started_at,
        ended_at=row.ended_at,
        ended_how=row.ended_how,
        recorded=row.recorded,
    )


def check_position(exam: SavedExam, position: object) -> int:
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(exam.items):
        raise ValueError(f"position must be 0 to {len(exam.items) - 1} in this exam, not {position!r}")
    return position


def check_choice(item: Mapping[str, Any], choice_id: object) -> str | None:
    """``choice_id`` when it is one of the item's choices (None: the answer is taken back)."""
    if choice_id is None:
        return None
    ids = [c["id"] for c in item["choices"]]
    if choice_id not in ids:
        raise ValueError(f"{choice_id!r} is not a choice of {item['id']} ({', '.join(ids)})")
    return str(choice_id)
