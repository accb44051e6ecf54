"""A student's phone in a class poll: the voter token, the join code, the live question.

The voter token lives in the phone's URL (``?code=ABC123&voter=...``), so a phone that sleeps and
reloads is the same voter; the IP address is never used. The live question sits in ONE fragment that
reruns every :data:`REFRESH_SECONDS`: it reads the poll's change counter (one primary-key read) and
reads the question, the counts and this phone's answer again only when the counter has moved.
"""

from __future__ import annotations

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
    vote,
    voter_choice,
)
from pathway.store.tokens import check_voter_token, new_voter_token
from ui.poll_result import choice_text, show_question, show_result
from ui.poll_watch import read_when_changed
from ui.safe import plain, quoted

REFRESH_SECONDS = 2
SEEN = "join_seen"  # (poll id, version, PollState | None, this voter's choice id | None)
MESSAGE = "join_message"  # (question index, revealed, kind, text) of this phone's last tap
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


def cast_vote(engine: Engine, poll_id: int, voter: str, index: int, choice_id: str) -> None:
    """Button callback: send this phone's answer to the question it showed."""
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
    else:
        st.warning(text, icon=":material/lock:")


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
def live_question(engine: Engine, poll_id: int, voter: str) -> None:
    """The question now asked, this phone's answer and, once revealed, the class's answers."""
    seen = current_view(engine, poll_id, voter)
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
