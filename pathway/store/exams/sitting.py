"""Sitting an exam: starting it (or finding the one already running), answering, flagging, moving.

Every write locks the exam's row first and checks the exam still takes answers in the same transaction,
so an answer that arrives after the time is up, or after another device finished the exam, changes
nothing, and two devices answering at once both keep their answers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from pathway.learn.exam import MAX_ITEMS, time_limit
from pathway.learn.review import as_utc
from pathway.store.exams.records import SavedExam, check_choice, check_position, read_exam
from pathway.store.schema import exam_items, exams, learners
from pathway.store.transactions import read_transaction, write_transaction

ITEM_FIELDS = ("id", "topic", "stage", "stem", "lead_in", "choices", "answer")


def _check_items(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if not 1 <= len(items) <= MAX_ITEMS:
        raise ValueError(f"an exam has 1 to {MAX_ITEMS} items, not {len(items)}")
    checked = []
    for n, item in enumerate(items, start=1):
        missing = [name for name in ITEM_FIELDS if name not in item]
        if missing:
            raise ValueError(f"item {n} has no {', '.join(missing)}")
        ids = [c.get("id") for c in item["choices"]]
        if item["answer"] not in ids:
            raise ValueError(f"item {item['id']}: its answer {item['answer']!r} is not one of its choices")
        checked.append(dict(item))
    ids = [i["id"] for i in checked]
    if len(set(ids)) != len(ids):
        raise ValueError("an exam cannot hold the same item twice")
    return checked


def _check_attempt_ids(attempt_ids: Sequence[str] | None, count: int) -> list[str]:
    if attempt_ids is None:
        return [str(uuid.uuid4()) for _ in range(count)]
    if len(attempt_ids) != count:
        raise ValueError(f"one attempt id per item: {count} items, {len(attempt_ids)} ids")
    try:
        checked = [str(uuid.UUID(str(a))) for a in attempt_ids]
    except ValueError:
        raise ValueError("attempt ids must be UUIDs") from None
    if len(set(checked)) != count:
        raise ValueError("attempt ids must differ")
    return checked


def current_exam(engine: Engine, learner_id: int) -> SavedExam | None:
    """The learner's exam (running, or ended and not yet put away), as saved; None when there is none.
    Nothing is changed: :func:`pathway.store.exams.open_exam` also ends an exam whose time is up."""
    with read_transaction(engine) as connection:
        return read_exam(connection, exams.c.learner_id == learner_id)


def exam_by_id(engine: Engine, exam_id: int) -> SavedExam | None:
    with read_transaction(engine) as connection:
        return read_exam(connection, exams.c.id == exam_id)


def start_exam(
    engine: Engine,
    learner_id: int,
    items: Sequence[Mapping[str, Any]],
    *,
    limit: int | None = None,
    now: datetime | None = None,
    attempt_ids: Sequence[str] | None = None,
    answers: Mapping[str, str] | None = None,
    flagged: Iterable[str] = (),
    position: int = 0,
) -> tuple[SavedExam, bool]:
    """Save a new exam for the learner, started ``now`` (the server's clock), and return it with True;
    or, when the learner already has an exam (started on another device, or ended and not put away),
    that one with False: a learner has one exam at a time.

    ``limit`` defaults to :func:`pathway.learn.exam.time_limit` for the items. ``attempt_ids``,
    ``answers``, ``flagged`` and ``position`` carry over an exam begun before the learner signed in
    (with ``now`` its start). ValueError for a broken item, answer or position; LookupError for no such
    learner.
    """
    checked = _check_items(items)
    ids = _check_attempt_ids(attempt_ids, len(checked))
    given = dict(answers or {})
    by_id = {item["id"]: item for item in checked}
    for item_id, choice in given.items():
        if item_id not in by_id:
            raise ValueError(f"an answer for {item_id!r}, which is not in this exam")
        check_choice(by_id[item_id], choice)
    marks = set(flagged)
    if not marks <= set(by_id):
        raise ValueError(f"flags for items not in this exam: {', '.join(sorted(marks - set(by_id)))}")
    seconds = time_limit(len(checked)) if limit is None else limit
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 1:
        raise ValueError(f"the time limit is a whole number of seconds, 1 or more, not {seconds!r}")
    if not 0 <= position < len(checked):
        raise ValueError(f"position must be 0 to {len(checked) - 1}, not {position!r}")
    started = as_utc(now) if now else datetime.now(UTC)
    try:
        with write_transaction(engine) as connection:
            if connection.execute(select(learners.c.id).where(learners.c.id == learner_id)).first() is None:
                raise LookupError(f"there is no learner {learner_id}")
            exam_id = connection.execute(
                insert(exams)
                .values(
                    learner_id=learner_id,
                    position=position,
                    time_limit=seconds,
                    started_at=started,
                    ended_at=None,
                    ended_how=None,
                    recorded=None,
                )
                .returning(exams.c.id)
            ).scalar_one()
            connection.execute(
                insert(exam_items),
                [
                    {
                        "exam_id": exam_id,
                        "position": n,
                        "item_json": json.dumps(item, ensure_ascii=False),
                        "attempt_id": attempt,
                        "choice_id": given.get(item["id"]),
                        "flagged": item["id"] in marks,
                    }
                    for n, (item, attempt) in enumerate(zip(checked, ids))
                ],
            )
            exam = read_exam(connection, exams.c.id == exam_id)
    except IntegrityError:  # the learner has an exam already (another device started one just now)
        existing = current_exam(engine, learner_id)
        if existing is None:  # put away again in between: rare enough to report, not to retry
            raise
        return existing, False
    assert exam is not None
    return exam, True


def _write(engine: Engine, exam_id: int, position: int, now: datetime, values: dict[str, Any]) -> bool:
    """Change one item of a running exam; False (nothing changed) once it has ended or its time is up."""
    with write_transaction(engine) as connection:
        exam = read_exam(connection, exams.c.id == exam_id, lock=True)
        if exam is None or not exam.takes_answers(as_utc(now)):
            return False
        check_position(exam, position)
        if "choice_id" in values:
            check_choice(exam.items[position], values["choice_id"])
        connection.execute(
            update(exam_items)
            .where(exam_items.c.exam_id == exam_id, exam_items.c.position == position)
            .values(**values)
        )
    return True


def answer_item(engine: Engine, exam_id: int, position: int, choice_id: str | None, now: datetime) -> bool:
    """Keep the answer to the item at ``position`` (None takes it back); False when the exam no longer
    takes answers (ended, or its time is up at ``now``). ValueError for a choice the item does not have."""
    return _write(engine, exam_id, position, now, {"choice_id": choice_id})


def flag_item(engine: Engine, exam_id: int, position: int, flagged: bool, now: datetime) -> bool:
    """Flag the item at ``position`` to revisit (or clear the flag); False when the exam no longer takes
    answers."""
    return _write(engine, exam_id, position, now, {"flagged": bool(flagged)})


def move_to(engine: Engine, exam_id: int, position: int) -> bool:
    """Keep which question is on screen (clamped to the exam); False when there is no such exam."""
    with write_transaction(engine) as connection:
        count = connection.execute(
            select(exam_items.c.position).where(exam_items.c.exam_id == exam_id).order_by(exam_items.c.position.desc())
        ).first()
        if count is None:
            return False
        where = max(0, min(int(count.position), int(position)))
        return connection.execute(update(exams).where(exams.c.id == exam_id).values(position=where)).rowcount == 1
