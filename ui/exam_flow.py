"""The exam's state between reruns: start, answer, flag, move, finish (by hand or when time is up), record.

Session state holds one exam (:data:`EXAM`) and its start time (:data:`STARTED`, a UTC datetime kept on
its own so a test can move it back instead of waiting). Nothing is shown or recorded item by item: the
answers are scored and saved together when the exam ends.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import TypeGuard

import streamlit as st
from sqlalchemy import Engine

from pathway.learn.bank import TOPICS
from pathway.learn.cases import generate_for_stage
from pathway.learn.exam import ExamResult, build_exam, item_kind, score_exam, time_is_up, time_limit
from pathway.learn.review import Confidence
from pathway.store.progress import Learner, record_answer
from ui.common import get_bank_items

EXAM, STARTED = "exam", "exam_started"
GOTO = "exam_goto"  # the "go to question" list
PROBLEM = "exam_problem"
# An exam asks for no confidence: its answers are scheduled as "unsure" (right: FSRS Good, the ordinary
# "remembered"; wrong: Again), neither rewarded as sure nor marked down as a guess.
EXAM_CONFIDENCE: Confidence = "unsure"
# An item left unanswered is recorded as a wrong answer with this choice id, so the saved history
# matches the score (unanswered counts as wrong) and the item comes back for review soon.
UNANSWERED = "unanswered"
CASE_SHARE = 4  # with generated cases mixed in, about one item in four is a case


def utc_now() -> datetime:
    return datetime.now(UTC)


def current() -> dict | None:
    return st.session_state.get(EXAM)


def start(topics: list[str], size: int, with_cases: bool) -> None:
    """A new exam from the set-up form's choices (an empty topic list means every topic)."""
    chosen = list(topics) or list(TOPICS)
    try:
        items = build_exam(
            list(get_bank_items()),
            chosen,
            int(size),
            secrets.randbelow(2**31),
            cases=int(size) // CASE_SHARE if with_cases else 0,
            make_case=generate_for_stage,
        )
    except ValueError as exc:
        st.session_state[PROBLEM] = str(exc)
        return
    st.session_state[EXAM] = {
        "items": items,
        "limit": time_limit(len(items)),
        "answers": {},
        "flagged": [],
        "index": 0,
        "ended": None,
        "recorded": None,
        "attempt_ids": {i["id"]: str(uuid.uuid4()) for i in items},
    }
    st.session_state[STARTED] = utc_now()
    st.session_state[GOTO] = 0


def discard() -> None:
    for key in (EXAM, STARTED, GOTO):
        st.session_state.pop(key, None)


def started() -> datetime:
    return st.session_state[STARTED]


def choice_key(exam: dict, index: int) -> str:
    return f"exam_choice_{exam['attempt_ids'][exam['items'][index]['id']]}"


def flag_key(exam: dict, index: int) -> str:
    return f"exam_flag_{exam['attempt_ids'][exam['items'][index]['id']]}"


def _open(exam: dict | None) -> TypeGuard[dict]:
    """True while the exam takes answers: started, not ended, and within its time (a click that
    arrives after the time is up, before the clock has ended the exam, changes nothing)."""
    return exam is not None and not exam["ended"] and not time_is_up(started(), utc_now(), exam["limit"])


def answered(index: int) -> None:
    exam = current()
    if not _open(exam):
        return
    item_id = exam["items"][index]["id"]
    choice = st.session_state.get(choice_key(exam, index))
    if choice is None:
        exam["answers"].pop(item_id, None)
    else:
        exam["answers"][item_id] = choice


def flagged(index: int) -> None:
    exam = current()
    if not _open(exam):
        return
    item_id = exam["items"][index]["id"]
    marks = [i for i in exam["flagged"] if i != item_id]
    if st.session_state.get(flag_key(exam, index)):
        marks.append(item_id)
    exam["flagged"] = marks


def go(index: int) -> None:
    exam = current()
    if exam is None:
        return
    exam["index"] = max(0, min(len(exam["items"]) - 1, index))
    st.session_state[GOTO] = exam["index"]


def went() -> None:
    go(int(st.session_state.get(GOTO, 0)))


def result(exam: dict) -> ExamResult:
    return score_exam(exam["items"], exam["answers"], exam["flagged"])


def finish(engine: Engine, learner: Learner | None, ended: str = "finished") -> None:
    """End the exam (``ended``: "finished" by the learner, or "time") and save every answer once."""
    exam = current()
    if exam is None or exam["ended"]:
        return
    if ended == "finished" and time_is_up(started(), utc_now(), exam["limit"]):
        ended = "time"  # the time ran out before Finish was clicked
    exam["ended"] = ended
    exam["finished_at"] = utc_now()
    exam["recorded"] = record(engine, learner, exam) if learner is not None else 0


def check_clock(engine: Engine, learner: Learner | None, now: datetime) -> bool:
    """End the exam when its time is up; True when it ended now."""
    exam = current()
    if exam is None or exam["ended"] or not time_is_up(started(), now, exam["limit"]):
        return False
    finish(engine, learner, ended="time")
    return True


def record(engine: Engine, learner: Learner, exam: dict) -> int:
    """Save every item as an exam answer with its review scheduled; how many were newly saved.

    The attempt ids were made when the exam started, so finishing twice saves nothing twice. The
    answers get the finishing time, a microsecond apart, so the history keeps the exam's order.
    """
    at = exam.get("finished_at") or utc_now()
    saved = 0
    for n, r in enumerate(result(exam).items):
        item = r.item
        saved += record_answer(
            engine,
            learner.id,
            attempt_id=exam["attempt_ids"][item["id"]],
            item_id=item["id"],
            item_kind=item_kind(item),
            topic=item["topic"],
            stage=item["stage"],
            choice_id=r.given or UNANSWERED,
            correct=r.correct,
            confidence=EXAM_CONFIDENCE,
            mode="exam",
            seconds=None,
            answered_at=at + timedelta(microseconds=n),
            schedule_review=True,
        )
    return saved
