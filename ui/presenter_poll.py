"""The live poll in presenter mode: start it on a question slide, show how to join, count the
answers as they come, reveal, lock, move on to the next question.

The presenter key stays in this browser session only (a key in the URL would be on the projector
for the whole room to copy); the URL keeps the join code, so a reloaded page finds the poll again
and the presenter (or a co-presenter) takes over with the key. The store checks the key on every
action; a wrong key gets a message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import streamlit as st
from sqlalchemy import Engine

from pathway.present.qr import qr_png
from pathway.present.slides import Slide
from pathway.store.polls import (
    PollState,
    close_poll,
    counts,
    display_join_code,
    is_presenter,
    lock,
    next_question,
    open_poll,
    poll_by_code,
    poll_state,
    reveal,
    unlock,
)
from ui.errors import guarded, in_callback
from ui.poll_result import show_result
from ui.poll_watch import read_when_changed
from ui.presenter_links import join_url
from ui.safe import plain, quoted

REFRESH_SECONDS = 2
POLL = "presenter_poll"  # {"id", "code", "key" (None: watching only)}
KEY_SHOWN_ON = "presenter_key_on"  # the slide where the new key is shown, once
MESSAGE = "presenter_poll_message"
SEEN = "presenter_seen"
WRONG_KEY = (
    "This key does not match the poll: only the presenter who started it (or someone they "
    "gave the key to) can reveal, lock or move on."
)


@dataclass(frozen=True)
class Seen:
    poll_id: int
    version: int
    state: PollState | None
    total: int


def running() -> dict[str, Any] | None:
    return st.session_state.get(POLL)


def _running() -> dict[str, Any]:
    """The running poll, for the callbacks of controls drawn only while one runs."""
    poll = running()
    assert poll is not None
    return poll


def _question(slide: Slide) -> dict[str, Any]:
    """A question slide's question (the poll's controls are drawn only beside one)."""
    assert slide.question is not None
    return slide.question


def attach_from_url(engine: Engine) -> str | None:
    """A reloaded presenter page (or a co-presenter's) finds the poll named by ``?code=``."""
    typed = st.query_params.get("code")
    if running() is not None or typed is None:
        return None
    poll = poll_by_code(engine, typed)
    if poll is None:
        return f"No live poll is open with the code {quoted(typed, 12)}; start one on a question slide."
    st.session_state[POLL] = {"id": poll.id, "code": poll.code, "key": None}
    return None


def forget_key_once_left(slide: Slide) -> None:
    """The new key is shown on the slide where the poll began, until the presenter moves on."""
    if st.session_state.get(KEY_SHOWN_ON) not in (None, slide.id):
        del st.session_state[KEY_SHOWN_ON]


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def _as_presenter(action: Callable[[], Any]) -> bool:
    try:
        action()
    except PermissionError:
        _say("error", WRONG_KEY)
        return False
    except (LookupError, ValueError):
        _say("warning", "This poll has ended; start a new one on a question slide.")
        st.session_state.pop(POLL, None)
        return False
    return True


@in_callback
def start(engine: Engine, slide: Slide) -> None:
    poll, key = open_poll(engine, _question(slide))
    st.session_state[POLL] = {"id": poll.id, "code": poll.code, "key": key}
    st.session_state[KEY_SHOWN_ON] = slide.id


@in_callback
def ask_this(engine: Engine, slide: Slide) -> None:
    poll = _running()
    _as_presenter(lambda: next_question(engine, poll["id"], poll["key"], _question(slide)))


@in_callback
def act(engine: Engine, action: Callable[[Engine, int, str], None]) -> None:
    poll = _running()
    _as_presenter(lambda: action(engine, poll["id"], poll["key"]))


@in_callback
def end(engine: Engine) -> None:
    poll = _running()
    if _as_presenter(lambda: close_poll(engine, poll["id"], poll["key"])):
        st.session_state.pop(POLL, None)
        _say("success", "The poll has ended; its code no longer works and its answers are kept.")


@in_callback
def next_question_slide(engine: Engine, slides: Sequence[Slide], index: int, go_to: Callable[[Slide], None]) -> None:
    """Move to the next question slide in the running order and ask its question in the same poll."""
    later = [s for s in slides[index + 1 :] if s.kind == "question" and s.question]
    if not later:
        _say("warning", "No question slide follows in this running order.")
        return
    poll = _running()
    if _as_presenter(lambda: next_question(engine, poll["id"], poll["key"], _question(later[0]))):
        go_to(later[0])


@in_callback
def take_over(engine: Engine) -> None:
    """Become the presenter of the poll in view (or of the one whose join code was typed)."""
    poll, typed = running(), st.session_state.get("presenter_key_typed", "")
    if poll is None:
        found = poll_by_code(engine, st.session_state.get("presenter_code_typed", ""))
        if found is None:
            _say("error", "No live poll is open with that join code.")
            return
        poll = {"id": found.id, "code": found.code, "key": None}
    if is_presenter(engine, poll["id"], typed):
        st.session_state[POLL] = {**poll, "key": typed.strip()}
        _say("success", "You are now the presenter of this poll.")
    else:
        _say("error", WRONG_KEY)


def show_message() -> None:
    kind, text = st.session_state.pop(MESSAGE, (None, None))
    if kind:
        getattr(st, kind)(text)


# ---------- what the room sees ----------
def join_panel(base: str, code: str) -> None:
    """The join code in big letters, the link and a QR code to scan from the back of the room."""
    link = join_url(base, code)
    with st.container(key="join_heading"):
        st.markdown("**Answer on your phone**")
    with st.container(key="join_code"):
        st.markdown(display_join_code(code))
    st.image(qr_png(link, scale=10), width=400, alt=f"QR code of the join link {link}")
    with st.container(key="join_link"):
        st.markdown(f"[{plain(link, None)}]({quote(link, safe=':/?=&%#')})")


def banner(base: str) -> None:
    """On other slides: how to join the running poll, in one line."""
    poll = running()
    if poll:
        st.caption(
            f"Live poll: code **{display_join_code(poll['code'])}** at {plain(join_url(base, poll['code']), None)}"
        )


def _seen(engine: Engine, poll_id: int) -> Seen:
    """The poll and its number of answers as last read, read again only when the poll has moved on."""

    def build(version: int, state: PollState | None) -> Seen:
        return Seen(poll_id, version, state, sum(counts(engine, poll_id).values()) if state else 0)

    return read_when_changed(engine, poll_id, SEEN, build)


@st.fragment(run_every=REFRESH_SECONDS)
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def live_answers(engine: Engine, poll_id: int) -> None:
    """How many have answered, redrawn by itself; the bars once revealed."""
    seen = _seen(engine, poll_id)
    state = seen.state
    if state is None:
        st.info("This poll has ended.", icon=":material/flag:")
        return
    with st.container(key="live_count"):
        st.markdown(f"{seen.total} answer{'' if seen.total == 1 else 's'}")
    if state.locked:
        st.caption("Locked: no more answers or changes.")
    if state.revealed:
        assert state.answer is not None  # a revealed question carries its answer
        show_result(
            state.question,
            state.counts or {},
            state.answer,
            key=f"presenter_result_{state.question_index}",
            projector=True,
        )


# ---------- the presenter's controls ----------
def _controls(engine: Engine, state: PollState, slides: Sequence[Slide], index: int, go_to) -> None:
    with st.container(horizontal=True):
        st.button(
            "Reveal the answer",
            icon=":material/visibility:",
            type="primary",
            disabled=state.revealed,
            on_click=act,
            args=(engine, reveal),
            key="poll_reveal",
        )
        if state.locked:
            st.button("Unlock", icon=":material/lock_open:", on_click=act, args=(engine, unlock), key="poll_unlock")
        else:
            st.button("Lock answers", icon=":material/lock:", on_click=act, args=(engine, lock), key="poll_lock")
        st.button(
            "Next question",
            icon=":material/skip_next:",
            on_click=next_question_slide,
            args=(engine, slides, index, go_to),
            key="poll_next",
        )
        st.button("End the poll", icon=":material/stop_circle:", on_click=end, args=(engine,), key="poll_end")


def _key_once(slide: Slide, key: str) -> None:
    if st.session_state.get(KEY_SHOWN_ON) != slide.id:
        return
    with st.expander("Presenter key: shown once, keep it off the projector", icon=":material/key:"):
        st.code(key, language=None)
        st.caption(
            "A co-presenter can take over this poll with this key (Take over, on this page). "
            "It is not stored anywhere you can see it again."
        )


def _take_over_form(engine: Engine, *, with_code: bool = False) -> None:
    with st.form("take_over" if not with_code else "take_over_code", border=False):
        if with_code:
            st.text_input("Join code", key="presenter_code_typed", max_chars=12, placeholder="ABC-DEF")
        st.text_input(
            "Presenter key",
            type="password",
            key="presenter_key_typed",
            help="The key shown once to whoever started this poll.",
        )
        st.form_submit_button("Take over", icon=":material/key:", on_click=take_over, args=(engine,))


def question_panel(engine: Engine, base: str, slides: Sequence[Slide], index: int, go_to) -> None:
    """Beside a question slide: start the poll, or run it (join code, QR, live answers, controls)."""
    slide = slides[index]
    show_message()
    poll = running()
    state = poll_state(engine, poll["id"]) if poll else None
    if poll is not None and state is None:
        st.session_state.pop(POLL, None)
        st.info("The poll has ended.", icon=":material/flag:")
    if state is None:
        st.button(
            "Start live poll",
            icon=":material/how_to_vote:",
            type="primary",
            on_click=start,
            args=(engine, slide),
            key="poll_start",
        )
        with st.expander("Take over a running poll", icon=":material/key:"):
            _take_over_form(engine, with_code=True)
        return
    assert poll is not None  # (the state is read only for a running poll)
    here = state.question["id"] == _question(slide)["id"]
    with st.container(key="poll_panel"):
        if here and state.revealed:
            banner(base)  # the room knows how to join by now: the bars take the space
        else:
            join_panel(base, poll["code"])
        if here:
            live_answers(engine, poll["id"])
    if poll["key"] is None:
        st.caption("You are watching this poll. Only its presenter can reveal, lock or move on.")
        _take_over_form(engine)
    elif not here:
        st.button(
            "Ask this question in the live poll",
            icon=":material/how_to_vote:",
            type="primary",
            on_click=ask_this,
            args=(engine, slide),
            key="poll_ask",
        )
    else:
        _controls(engine, state, slides, index, go_to)
        _key_once(slide, poll["key"])
