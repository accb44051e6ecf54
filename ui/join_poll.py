"""A student's phone in a class poll: the voter token, the join code, the live question.

The voter token lives in the phone's URL (``?code=ABC123&voter=...``), so a phone that sleeps and
reloads is the same voter; the IP address is never used. The live question sits in ONE fragment that
reruns every :data:`REFRESH_SECONDS`: it reads the poll's change counter (one primary-key read) and
reads the question, the counts and this phone's answer again only when the counter has moved.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from pathway.present.charts.poll import choice_letters
from pathway.store.polls import (
    Poll,
    PollState,
    VoteResult,
    check_join_code,
    display_join_code,
    poll_by_code,
    poll_state,
    poll_version,
    vote,
    voter_choice,
)
from pathway.store.tokens import check_voter_token, new_voter_token
from pathway.store.transactions import database_unavailable
from ui.errors import guarded, in_callback, record
from ui.poll_result import choice_text, show_question, show_result
from ui.poll_watch import read_when_changed
from ui.safe import plain, quoted

REFRESH_SECONDS = 2
SEEN = "join_seen"  # (poll id, version, PollState | None, this voter's choice id | None)
MESSAGE = "join_message"  # (question index, revealed, kind, text) of this phone's last tap
UNSENT = "join_unsent"  # (poll id, question index, choice id) of a tap the database did not take
NOT_SAVED = (
    "Not saved: the database cannot be reached just now, so your answer, {chosen}, has not been counted. "
    "Send it again in a moment: however often it is sent, it counts once."
)
# A refresh waits this long for the database, then shows the question as last seen (a slow database).
VERSION_BUDGET_SECONDS = 1.0
BEHIND = (
    "Catching up: the database is not answering just now, so this is the question as this phone last saw "
    "it. It updates by itself."
)
CODE_FIELD = "join_code_typed"


# ---------- who and which poll ----------
def voter_token() -> tuple[str, str | None]:
    """This phone's voter token from the URL (made and written there on the first visit), and a
    notice when the link's token was not one of ours and a new one replaced it."""
    typed = st.query_params.get("voter")
    notice = None
    if typed is not None:
        try:
            return check_voter_token(typed), None
        except ValueError:
            notice = (
                f"The voter id in this link, {quoted(typed)}, is not one this app makes, so this phone "
                "has a new one. Answers are counted once per phone."
            )
    token = new_voter_token()
    st.query_params["voter"] = token
    return token, notice


def join_link_poll(engine: Engine) -> Poll | None:
    """The open poll named by ``?code=``; a clear message when the code is wrong or the poll ended."""
    typed = st.query_params.get("code")
    if typed is None:
        return None
    try:
        code = check_join_code(typed)
    except ValueError as problem:
        st.error(f"{quoted(typed, 20)} is not a join code. {plain(problem, None)}", icon=":material/error:")
        return None
    if typed != code:
        st.query_params["code"] = code  # the link in its plain form: capitals, no dash
    poll = poll_by_code(engine, code)
    if poll is None:
        st.error(
            f"No poll is open with the code {display_join_code(code)}. Check the code on the "
            "presenter's screen; a poll that has ended takes no more answers.",
            icon=":material/error:",
        )
    return poll


def code_form(engine: Engine, voter: str) -> None:
    """Type the join code shown on the presenter's screen."""
    with st.form("join_form", border=False):
        typed = st.text_input(
            "Join code",
            key=CODE_FIELD,
            max_chars=12,
            placeholder="ABC-DEF",
            help="The 6 letters and digits on the presenter's screen.",
        )
        joined = st.form_submit_button("Join", type="primary", icon=":material/login:", width="stretch")
    if not joined:
        return
    try:
        code = check_join_code(typed)
    except ValueError as problem:
        st.error(plain(problem, None), icon=":material/error:")
        return
    if poll_by_code(engine, code) is None:
        st.error(
            f"No poll is open with the code {display_join_code(code)}. Check it on the presenter's screen.",
            icon=":material/error:",
        )
        return
    st.query_params.from_dict({"code": code, "voter": voter})
    st.rerun()


# ---------- the live question ----------
@dataclass(frozen=True)
class Seen:
    poll_id: int
    version: int
    state: PollState | None
    mine: str | None


_asked: dict[tuple[str, int], Future[int]] = {}  # the read of a poll's change counter in flight
_asked_lock = threading.Lock()
_readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="poll-version")


def _read_version(engine: Engine, poll_id: int) -> int:
    try:
        return poll_version(engine, poll_id)
    except LookupError:
        return -1  # the poll no longer exists


def version_in_time(engine: Engine, poll_id: int) -> int | None:
    """The poll's change counter if the database gives it within :data:`VERSION_BUDGET_SECONDS`, else
    None (the caller shows what it last saw). However many phones ask and however slow the database,
    this process has at most one such read in flight per poll: phones that ask meanwhile wait for that
    one, so a slow database is never asked again before it has answered and requests never pile up.
    The database's own error (down, locked) is raised."""
    key = (str(engine.url), poll_id)
    with _asked_lock:
        pending = _asked.get(key)
        started = pending is None
        if pending is None:
            pending = _asked[key] = _readers.submit(_read_version, engine, poll_id)
    if started:  # outside the lock: a read already done runs its callback here, at once
        pending.add_done_callback(lambda done: _settled(key, done))
    try:
        return pending.result(timeout=VERSION_BUDGET_SECONDS)
    except TimeoutError:
        if not pending.done():
            return None
        raise  # the read itself failed (DatabaseBusy is a TimeoutError too)


def _settled(key: tuple[str, int], done: Future[int]) -> None:
    with _asked_lock:
        if _asked.get(key) is done:
            del _asked[key]


def current_view(engine: Engine, poll_id: int, voter: str, version: int | None = None) -> Seen:
    """The poll and this phone's answer as last read, read again only when the poll has moved on
    (``version``: its change counter, when the caller has just read it)."""

    def build(version: int, state: PollState | None) -> Seen:
        mine = voter_choice(engine, poll_id, state.question_index, voter) if state else None
        return Seen(poll_id, version, state, mine)

    return read_when_changed(engine, poll_id, SEEN, build, version)


def vote_message(
    result: VoteResult, question: dict[str, Any], before: str | None, chosen: str, revealed: bool = False
) -> tuple[str, str]:
    """What the phone says after a tap: (kind, Markdown)."""
    if result is VoteResult.NO_POLL:
        return "warning", "This poll has ended, so it takes no more answers."
    now = choice_text(question, chosen)
    if result is VoteResult.ACCEPTED:
        return "success", f"Your answer, {now}, is in. You can change it until the presenter locks the question."
    if result is VoteResult.REPLACED and before == chosen:
        return "success", f"Your answer is still {now}; it is counted once."
    if result is VoteResult.REPLACED:
        old = choice_text(question, before) if before else "your earlier answer"
        return "success", (f"Your answer was changed from {old} to {now}. Only your last answer counts, once.")
    if result is VoteResult.LOCKED:
        kept = f" Your answer stays {choice_text(question, before)}." if before else ""
        why = "The answer is out" if revealed else "Answers to this question are locked"
        return "warning", f"{why}: no more changes.{kept}"
    return "warning", "The presenter has moved on to another question: answer the one shown now."


@in_callback
def cast_vote(engine: Engine, poll_id: int, voter: str, index: int, choice_id: str) -> None:
    """Button callback: send this phone's answer to the question it showed.

    The phone says "is in" only once the database has taken the answer. When it cannot be reached, the
    phone says the answer was not saved and keeps it (:data:`UNSENT`) for one tap to send it again; a
    vote replaces this phone's earlier one, so an answer sent twice (or saved just as the connection
    broke) still counts once.
    """
    try:
        _send(engine, poll_id, voter, index, choice_id)
    except Exception as error:
        if not database_unavailable(error):
            raise
        record(error)  # in the server's log, once per outage rather than once per phone
        st.session_state[UNSENT] = (poll_id, index, choice_id)
        seen = st.session_state.get(SEEN)
        shown = seen.state if isinstance(seen, Seen) and seen.poll_id == poll_id else None
        question = shown.question if shown and shown.question_index == index else None
        chosen = choice_text(question, choice_id) if question else "your answer"
        revealed = bool(shown and shown.revealed)
        st.session_state[MESSAGE] = (index, revealed, "warning", NOT_SAVED.format(chosen=chosen))
        return
    st.session_state.pop(UNSENT, None)


def _send(engine: Engine, poll_id: int, voter: str, index: int, choice_id: str) -> None:
    state = poll_state(engine, poll_id)
    if state is None:
        result, question, before = VoteResult.NO_POLL, {}, None
    elif state.question_index != index:
        result, question, before = VoteResult.UNKNOWN_CHOICE, state.question, None
    elif state.revealed:  # the answer is out: a change now would only copy it
        result, question, before = VoteResult.LOCKED, state.question, voter_choice(engine, poll_id, index, voter)
    else:
        question, before = state.question, voter_choice(engine, poll_id, index, voter)
        result = vote(engine, poll_id, voter, choice_id)
    revealed = bool(state and state.revealed)
    st.session_state[MESSAGE] = (
        state.question_index if state else index,
        revealed,
        *vote_message(result, question, before, choice_id, revealed),
    )


def show_message(state: PollState) -> None:
    """What this phone's last tap on the question now shown did, until its next tap (a message from
    before the reveal is not repeated under the result)."""
    index, revealed, kind, text = st.session_state.get(MESSAGE, (None, None, None, None))
    if (index, revealed) != (state.question_index, state.revealed):
        return
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif st.session_state.get(UNSENT):
        st.warning(text, icon=":material/cloud_off:")
    else:
        st.warning(text, icon=":material/lock:")


def resend_button(engine: Engine, seen: Seen, voter: str) -> None:
    """One tap to send again the answer the database did not take (while the question takes answers)."""
    unsent = st.session_state.get(UNSENT)
    state = seen.state
    if not unsent or state is None or unsent[:2] != (seen.poll_id, state.question_index):
        return
    st.button(
        f"Send my answer, {choice_text(state.question, unsent[2])}, again",
        key=f"join_resend_{state.question_index}",
        type="primary",
        icon=":material/send:",
        width="stretch",
        on_click=cast_vote,
        args=(engine, seen.poll_id, voter, state.question_index, unsent[2]),
    )


def choice_buttons(engine: Engine, seen: Seen, voter: str) -> None:
    state = seen.state
    assert state is not None  # drawn only while the poll is open
    letters = choice_letters(state.question)
    for choice in state.question["choices"]:
        st.button(
            f"{letters[choice['id']]}\\. {plain(choice['text'], None)}",
            key=f"join_{state.question_index}_{choice['id']}",
            type="primary" if choice["id"] == seen.mine else "secondary",
            width="stretch",
            on_click=cast_vote,
            args=(engine, seen.poll_id, voter, state.question_index, choice["id"]),
        )


@st.fragment(run_every=REFRESH_SECONDS)
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def live_question(engine: Engine, poll_id: int, voter: str) -> None:
    """The question now asked, this phone's answer and, once revealed, the class's answers. While the
    database does not answer, or not in time, the question as last seen, saying so (a tap then says
    whether it was saved)."""
    last = st.session_state.get(SEEN)
    last = last if isinstance(last, Seen) and last.poll_id == poll_id else None
    try:
        version = version_in_time(engine, poll_id) if last is not None else None
        behind = last is not None and version is None
        seen = last if behind else current_view(engine, poll_id, voter, version)
    except Exception as error:
        if not database_unavailable(error) or last is None:
            raise
        record(error)
        seen, behind = last, True
    assert seen is not None
    if behind:
        st.caption(f":material/sync_problem: {BEHIND}")
    if seen.state is None:
        st.info("This poll has ended. Thank you for taking part.", icon=":material/flag:")
        return
    st.caption(f"Poll {display_join_code(seen.state.code)} · question {seen.state.question_index + 1}")
    question_on_phone(engine, seen, voter)


def question_on_phone(engine: Engine, seen: Seen, voter: str, heading: str | None = None) -> None:
    """The question, this phone's answer buttons (or its locked answer) and, once revealed, the result
    (``heading``: the slide title above it, in a lecture room)."""
    state = seen.state
    assert state is not None
    show_question(state.question, heading)
    show_message(state)
    if not state.revealed and not state.locked:
        resend_button(engine, seen, voter)
    if state.revealed:
        assert state.answer is not None  # a revealed question carries its answer
        show_result(
            state.question,
            state.counts or {},
            state.answer,
            seen.mine,
            key=f"join_result_{state.question_index}",
            phone=True,
        )
        return
    if state.locked:
        for choice in state.question["choices"]:
            st.markdown(f"- {choice_text(state.question, choice['id'])}")
        kept = f" Your answer: {choice_text(state.question, seen.mine)}." if seen.mine else ""
        st.warning(f"Answers are locked for this question: no more changes.{kept}", icon=":material/lock:")
    else:
        choice_buttons(engine, seen, voter)
        if seen.mine:
            st.caption(
                f"Your answer: {choice_text(state.question, seen.mine)}. Tap another to change it "
                "until the presenter locks the question."
            )
        else:
            st.caption("Tap your answer.")
    st.info("Waiting for the presenter to reveal the answer.", icon=":material/hourglass_top:")
