"""The exam's state between reruns: start, answer, flag, move, finish (after a confirmation, or when time
is up), and put away.

A signed-in learner's exam lives in the database (:mod:`pathway.store.exams`): every page run loads it,
so a reload, a closed tab or another device with the same private key finds the same exam; every answer,
flag and move is written at once; the clock is the start time the server stored, so nothing a browser
does pauses or resets it; an exam whose time ran out while away is ended and scored when the page opens
it. An exam begun before signing in is carried over into the database when the learner signs in.

Without a learner the exam lives in this tab's session only (the page says so). Session state holds the
exam the page draws (:data:`EXAM`, a copy of the saved one when there is a learner) and its start time
(:data:`STARTED`, a UTC datetime kept on its own so a test of an unsaved exam can move it back instead of
waiting). Nothing is shown item by item: the answers are scored, and saved for a learner, when the exam
ends.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import TypeGuard

import streamlit as st
from sqlalchemy import Engine

from pathway.learn.cases import generate_for_stage
from pathway.learn.exam import ExamResult, build_exam, score_exam, time_is_up, time_limit
from pathway.learn.topics import topic_ids
from pathway.store import exams
from pathway.store.exams import SavedExam
from pathway.store.progress import Learner
from ui.common import get_bank_items
from ui.errors import in_callback

EXAM, STARTED = "exam", "exam_started"
GOTO = "exam_goto"  # the "go to question" list
PROBLEM = "exam_problem"
NOTICE = "exam_notice"  # said once, on the next run (an exam resumed or carried over)
CONFIRM = "exam_confirm_finish"  # Finish was clicked: ask before ending the exam
CASE_SHARE = 4  # with generated cases mixed in, about one item in four is a case


def utc_now() -> datetime:
    return datetime.now(UTC)


def current() -> dict | None:
    return st.session_state.get(EXAM)


def started() -> datetime:
    return st.session_state[STARTED]


def saved(exam: dict) -> bool:
    """The exam lives in the database (a signed-in learner's), not only in this tab."""
    return exam.get("id") is not None


def choice_key(exam: dict, index: int) -> str:
    return f"exam_choice_{exam['attempt_ids'][exam['items'][index]['id']]}"


def flag_key(exam: dict, index: int) -> str:
    return f"exam_flag_{exam['attempt_ids'][exam['items'][index]['id']]}"


def _from_saved(exam: SavedExam) -> dict:
    return {
        "id": exam.id,
        "learner_id": exam.learner_id,
        "items": [dict(i) for i in exam.items],
        "limit": exam.time_limit,
        "answers": dict(exam.answers),
        "flagged": list(exam.flagged),
        "index": exam.position,
        "ended": exam.ended_how,
        "finished_at": exam.ended_at,
        "recorded": exam.recorded,
        "attempt_ids": {i["id"]: a for i, a in zip(exam.items, exam.attempt_ids)},
    }


def _show(exam: SavedExam | None) -> dict | None:
    """Make the saved exam the one drawn. A widget still showing another answer or flag than the saved
    one (changed in another tab or on another device) starts again from the saved value."""
    if exam is None:
        _forget()
        return None
    drawn = _from_saved(exam)
    for index, item in enumerate(drawn["items"]):
        choice, flag = choice_key(drawn, index), flag_key(drawn, index)
        if choice in st.session_state and st.session_state[choice] != drawn["answers"].get(item["id"]):
            del st.session_state[choice]
        if flag in st.session_state and bool(st.session_state[flag]) != (item["id"] in drawn["flagged"]):
            del st.session_state[flag]
    st.session_state[EXAM] = drawn
    st.session_state[STARTED] = exam.started_at
    if st.session_state.get(GOTO) != drawn["index"]:
        st.session_state[GOTO] = drawn["index"]
    return drawn


def _forget() -> None:
    for key in (EXAM, STARTED, GOTO, CONFIRM):
        st.session_state.pop(key, None)


def _carry_over(engine: Engine, learner: Learner, exam: dict, now: datetime) -> SavedExam | None:
    """Save an exam begun before signing in under the learner, as it stands (an ended one is scored
    and saved into their progress)."""
    carried, fresh = exams.start_exam(
        engine,
        learner.id,
        exam["items"],
        limit=exam["limit"],
        now=started(),
        attempt_ids=[exam["attempt_ids"][i["id"]] for i in exam["items"]],
        answers=exam["answers"],
        flagged=exam["flagged"],
        position=exam["index"],
    )
    if not fresh:
        st.session_state[NOTICE] = (
            "Your private key already had an exam under way, so that one is shown; the exam begun before "
            "you signed in was not kept."
        )
        return exams.open_exam(engine, learner.id, now)
    if exam["ended"]:
        exams.finish_exam(engine, carried.id, exam.get("finished_at") or now, exam["ended"])
        st.session_state[NOTICE] = "Your exam's answers are now saved to your progress."
    else:
        st.session_state[NOTICE] = (
            "Your exam is now saved: a reload, a closed tab or your private link on another device "
            "resumes it, with the clock still running."
        )
    return exams.open_exam(engine, learner.id, now)


def load(engine: Engine, learner: Learner | None, now: datetime) -> dict | None:
    """The exam to draw on this run: a learner's from the database (ended and scored first when its
    time ran out while away; carried over from this tab when begun before signing in), else this
    tab's own. After signing out, the saved exam is no longer drawn here (it stays saved)."""
    exam = current()
    if learner is None:
        if exam is not None and saved(exam):
            _forget()
        return current()
    found = exams.open_exam(engine, learner.id, now)
    if found is None and exam is not None and not saved(exam):
        found = _carry_over(engine, learner, exam, now)
    elif found is not None and exam is not None and not saved(exam):
        st.session_state[NOTICE] = (
            "Your private key already had an exam under way, so that one is shown; the exam begun before "
            "you signed in was not kept."
        )
    return _show(found)


def take_notice() -> str | None:
    return st.session_state.pop(NOTICE, None)


@in_callback
def start(engine: Engine, learner: Learner | None, topics: list[str], size: int, with_cases: bool) -> None:
    """A new exam from the set-up form's choices (an empty topic list means every topic): saved for a
    learner (unless one is already under way in another tab or device: that one is shown), else kept
    in this tab."""
    chosen = list(topics) or list(topic_ids())
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
    st.session_state.pop(CONFIRM, None)
    if learner is not None:
        exam, fresh = exams.start_exam(engine, learner.id, items, now=utc_now())
        if not fresh:
            st.session_state[NOTICE] = (
                "An exam was already under way for you (started in another tab or on another device): "
                "it is shown instead of a new one."
            )
        _show(exam)
        return
    st.session_state[EXAM] = {
        "id": None,
        "learner_id": None,
        "items": items,
        "limit": time_limit(len(items)),
        "answers": {},
        "flagged": [],
        "index": 0,
        "ended": None,
        "finished_at": None,
        "recorded": None,
        "attempt_ids": {i["id"]: str(uuid.uuid4()) for i in items},
    }
    st.session_state[STARTED] = utc_now()
    st.session_state[GOTO] = 0


def _open(exam: dict | None) -> TypeGuard[dict]:
    """True while the exam takes answers: started, not ended, and within its time (a click that
    arrives after the time is up, before the clock has ended the exam, changes nothing)."""
    return exam is not None and not exam["ended"] and not time_is_up(started(), utc_now(), exam["limit"])


@in_callback
def answered(engine: Engine, index: int) -> None:
    exam = current()
    if not _open(exam):
        return
    item_id = exam["items"][index]["id"]
    choice = st.session_state.get(choice_key(exam, index))
    if saved(exam) and not exams.answer_item(engine, exam["id"], index, choice, utc_now()):
        return  # ended meanwhile (in another tab, or by the clock): the next run shows it
    if choice is None:
        exam["answers"].pop(item_id, None)
    else:
        exam["answers"][item_id] = choice


@in_callback
def flagged(engine: Engine, index: int) -> None:
    exam = current()
    if not _open(exam):
        return
    item_id = exam["items"][index]["id"]
    mark = bool(st.session_state.get(flag_key(exam, index)))
    if saved(exam) and not exams.flag_item(engine, exam["id"], index, mark, utc_now()):
        return
    marks = (set(exam["flagged"]) - {item_id}) | ({item_id} if mark else set())
    exam["flagged"] = [i["id"] for i in exam["items"] if i["id"] in marks]  # in the exam's order


@in_callback
def go(engine: Engine, index: int) -> None:
    exam = current()
    if exam is None:
        return
    st.session_state.pop(CONFIRM, None)
    exam["index"] = max(0, min(len(exam["items"]) - 1, index))
    st.session_state[GOTO] = exam["index"]
    if saved(exam):
        exams.move_to(engine, exam["id"], exam["index"])


@in_callback
def went(engine: Engine) -> None:
    go(engine, int(st.session_state.get(GOTO, 0)))


@in_callback
def ask_finish() -> None:
    """Finish was clicked: the page asks first, with what is still unanswered and flagged."""
    st.session_state[CONFIRM] = True


@in_callback
def cancel_finish() -> None:
    st.session_state.pop(CONFIRM, None)


def confirming() -> bool:
    return bool(st.session_state.get(CONFIRM))


def result(exam: dict) -> ExamResult:
    return score_exam(exam["items"], exam["answers"], exam["flagged"])


@in_callback
def finish(engine: Engine, learner: Learner | None, ended: str = "finished") -> None:
    """End the exam (``ended``: "finished" by the learner, or "time"); a learner's answers are saved
    into their progress once."""
    st.session_state.pop(CONFIRM, None)
    exam = current()
    if exam is None or exam["ended"]:
        return
    if saved(exam):
        _show(exams.finish_exam(engine, exam["id"], utc_now(), ended))
        return
    if ended == "finished" and time_is_up(started(), utc_now(), exam["limit"]):
        ended = "time"  # the time ran out before Finish was clicked
    exam["ended"] = ended
    exam["finished_at"] = utc_now()
    exam["recorded"] = 0  # kept in this tab only


def check_clock(engine: Engine, learner: Learner | None, now: datetime) -> bool:
    """End the exam when its time is up; True when it ended now."""
    exam = current()
    if exam is None or exam["ended"] or not time_is_up(started(), now, exam["limit"]):
        return False
    finish(engine, learner, ended="time")
    return True


@in_callback
def discard(engine: Engine) -> None:
    """Put the ended exam away (its answers stay in the learner's progress) for a new one."""
    exam = current()
    if exam is not None and saved(exam):
        exams.close_exam(engine, exam["id"])
    _forget()
