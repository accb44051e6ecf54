"""Ending an exam: by the learner or by the clock, once, then every answer saved into the learner's
progress (mode "exam", scheduled for review); opening a learner's exam ends it first when its time ran
out while nobody was looking; putting an ended exam away.

Ending and saving are two steps: the exam is marked ended in one transaction (only the first of two
devices finishing at once ends it), then each answer is saved under the attempt id made when the exam
started, so saving again (after a crash between the two, or by the other device) saves nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, update

from pathway.learn.exam import EXAM_CONFIDENCE, UNANSWERED, item_kind, score_exam
from pathway.learn.review import as_utc
from pathway.store.exams.records import ENDED_HOW, SavedExam, read_exam
from pathway.store.exams.sitting import current_exam, exam_by_id
from pathway.store.progress import record_answer
from pathway.store.schema import exams
from pathway.store.transactions import write_transaction


def end_exam(engine: Engine, exam_id: int, now: datetime, how: str = "finished") -> SavedExam | None:
    """Mark the exam ended ``how`` ("finished" by the learner, "time" by the clock) unless it already has;
    the exam as it now stands (None: no such exam). Finishing after the time is up counts as "time", and
    an exam ended by the clock ends at the moment its time ran out."""
    if how not in ENDED_HOW:
        raise ValueError(f"an exam ends {' or '.join(ENDED_HOW)}, not {how!r}")
    moment = as_utc(now)
    with write_transaction(engine) as connection:
        exam = read_exam(connection, exams.c.id == exam_id, lock=True)
        if exam is None or exam.ended:
            return exam
        if exam.time_is_up(moment):
            how = "time"
            moment = min(moment, exam.started_at + timedelta(seconds=exam.time_limit))
        connection.execute(update(exams).where(exams.c.id == exam_id).values(ended_at=moment, ended_how=how))
        return read_exam(connection, exams.c.id == exam_id)


def record_exam(engine: Engine, exam: SavedExam) -> int:
    """Save every item of an ended exam as the learner's answer (unanswered: a wrong answer with choice id
    ``unanswered``), each with its review scheduled; how many were newly saved. The answers get the
    exam's end time, a microsecond apart, so the history keeps the exam's order."""
    if exam.ended_at is None:
        raise ValueError("only an ended exam is saved into the learner's progress")
    saved = 0
    result = score_exam(exam.items, exam.answers, exam.flagged)
    for n, (r, attempt_id) in enumerate(zip(result.items, exam.attempt_ids)):
        item = r.item
        saved += record_answer(
            engine,
            exam.learner_id,
            attempt_id=attempt_id,
            item_id=item["id"],
            item_kind=item_kind(item),
            topic=item["topic"],
            stage=item["stage"],
            choice_id=r.given or UNANSWERED,
            correct=r.correct,
            confidence=EXAM_CONFIDENCE,
            mode="exam",
            seconds=None,
            answered_at=exam.ended_at + timedelta(microseconds=n),
            schedule_review=True,
        )
    with write_transaction(engine) as connection:
        connection.execute(
            update(exams).where(exams.c.id == exam.id, exams.c.recorded.is_(None)).values(recorded=saved)
        )
    return saved


def finish_exam(engine: Engine, exam_id: int, now: datetime, how: str = "finished") -> SavedExam | None:
    """End the exam (see :func:`end_exam`) and save its answers if that is not done yet; the exam as it
    now stands."""
    exam = end_exam(engine, exam_id, now, how)
    if exam is None or exam.recorded is not None:
        return exam
    record_exam(engine, exam)
    return exam_by_id(engine, exam_id)


def open_exam(engine: Engine, learner_id: int, now: datetime) -> SavedExam | None:
    """The learner's exam as a page opens it: one whose time ran out while away is ended and scored
    first, and one ended but not yet saved (the app stopped in between) is saved."""
    exam = current_exam(engine, learner_id)
    if exam is None:
        return None
    if not exam.ended and exam.time_is_up(as_utc(now)):
        return finish_exam(engine, exam.id, now, "time")
    if exam.ended and exam.recorded is None:
        record_exam(engine, exam)
        return exam_by_id(engine, exam.id)
    return exam


def close_exam(engine: Engine, exam_id: int) -> bool:
    """Put an ended exam away (its answers stay in the learner's progress), so a new one can start; False
    when there is no such exam or it is still running."""
    with write_transaction(engine) as connection:
        gone = connection.execute(delete(exams).where(exams.c.id == exam_id, exams.c.ended_at.is_not(None)))
        return gone.rowcount == 1
