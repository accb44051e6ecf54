"""The presenter view of a lecture room, on the lecturer's own screen (never the projected one): the slide
the room shows and the next one, the speaker notes, the clock and the time since the room opened, the
controls (with keys) and the answers coming in.

Its address carries the presenter key (``?room=CODE&key=...``), so a reload or a restarted app resumes
with control; the page says so. A co-presenter opens ``?room=CODE`` and types the key. The projector's
link (``/Projector?room=CODE``) carries only the code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.content import Content
from pathway.present.slides import Slide
from pathway.store.polls import counts, display_join_code, is_presenter, poll_version
from pathway.store.rooms import (
    Room,
    black_screen,
    close_voting,
    end_lecture,
    go_to_slide,
    open_room,
    reveal_answer,
    room_summary,
    show_points,
    summary_csv,
    summary_markdown,
)
from pathway.store.tokens import clean_private_key
from ui import room as rooms
from ui.beacon_file import publish_room
from ui.errors import guarded, in_callback
from ui.presenter_slide import notes_markdown
from ui.projector_view import draw_slide, points_shown
from ui.safe import plain

MESSAGE = "room_message"
DRAWN = "room_drawn_version"  # the room version the presenter's page was drawn from
SEEN = "presenter_room"
KEY_FIELD = "room_key_typed"


# ---------- opening and taking control ----------
@in_callback
def open_lecture_room(engine: Engine, slides: Sequence[Slide]) -> None:
    """Button callback: a room on this running order; the presenter view's link takes over the address."""
    room, key = open_room(engine, rooms.room_slides(slides))
    publish_room(engine, room)
    st.query_params.from_dict({"room": room.code, "key": key})


def presenter_key(engine: Engine, room: Room) -> str | None:
    """The presenter key in this page's address when it is the room's (else a notice, and None)."""
    typed = st.query_params.get("key")
    if typed is None:
        return None
    key = clean_private_key(typed)
    if key is not None and is_presenter(engine, room.poll_id, key):
        return key
    st.warning(
        "The key in this address is not this room's presenter key, so this screen can watch but not move the "
        "room. Type the key below, or open the presenter link the room gave.",
        icon=":material/key_off:",
    )
    del st.query_params["key"]
    return None


def co_presenter_form(engine: Engine, room: Room) -> None:
    """Take control with the room's code (in the address) and its presenter key."""
    st.info(
        f"Room {display_join_code(room.code)}: type the presenter key to control it from this screen "
        "(a co-presenter, or the presenter on another laptop).",
        icon=":material/co_present:",
    )
    with st.form("room_key_form", border=False):
        typed = st.text_input("Presenter key", key=KEY_FIELD, type="password", max_chars=80)
        sent = st.form_submit_button("Take control", type="primary", icon=":material/login:")
    if not sent:
        return
    key = clean_private_key(typed or "")
    if key is None or not is_presenter(engine, room.poll_id, key):
        st.error("That is not this room's presenter key: nothing changed.", icon=":material/error:")
        return
    st.query_params["key"] = key
    st.rerun()


# ---------- controls ----------
@in_callback
def _act(engine: Engine, action: Callable[[], Any]) -> None:
    """Run a presenter action and light the room's beacon for the phones; a refused one leaves a message
    and changes nothing."""
    try:
        room = action()
        if isinstance(room, Room):
            publish_room(engine, room)
    except PermissionError:
        st.session_state[MESSAGE] = "This screen's key no longer controls the room: nothing changed."
    except (LookupError, ValueError) as problem:
        st.session_state[MESSAGE] = plain(problem, None)


@in_callback
def _advance(engine: Engine, room: Room, key: str, slide: Slide | None) -> None:
    if slide is not None and points_shown(slide, room) < len(slide.bullets):
        _act(engine, lambda: show_points(engine, room.poll_id, key, room.shown_points + 1))
    else:
        _act(engine, lambda: go_to_slide(engine, room.poll_id, key, room.slide_index + 1))


@in_callback
def _back(engine: Engine, room: Room, key: str, by_id: dict[str, Slide]) -> None:
    if room.slide_index == 0:
        return
    earlier = by_id.get(room.slide_ids[room.slide_index - 1])
    whole = len(earlier.bullets) if earlier else 0  # an earlier slide comes back as it was left
    _act(engine, lambda: go_to_slide(engine, room.poll_id, key, room.slide_index - 1, whole))


def controls(engine: Engine, room: Room, key: str, slide: Slide | None, by_id: dict[str, Slide]) -> None:
    last = room.slide_index == len(room.slide_ids) - 1
    hidden = len(slide.bullets) - points_shown(slide, room) if slide else 0
    with st.container(horizontal=True, vertical_alignment="center", key="room_controls"):
        with st.container(key="room_counter", width="content"):
            st.markdown(f"{room.slide_index + 1} / {len(room.slide_ids)}")
        st.button(
            "Previous",
            icon=":material/arrow_back:",
            shortcut="Left",
            disabled=room.slide_index == 0,
            on_click=_back,
            args=(engine, room, key, by_id),
            key="room_prev",
        )
        st.button(
            f"Next point ({hidden} left)" if hidden else "Next slide",
            icon=":material/arrow_downward:" if hidden else ":material/arrow_forward:",
            shortcut="Space",
            type="primary",
            disabled=not hidden and last,
            on_click=_advance,
            args=(engine, room, key, slide),
            key="room_advance",
        )
        st.button(
            "Skip to next slide",
            icon=":material/skip_next:",
            shortcut="Right",
            disabled=last,
            on_click=lambda: _act(engine, lambda: go_to_slide(engine, room.poll_id, key, room.slide_index + 1)),
            key="room_next",
        )
        if room.asks:
            st.button(
                "Answer shown" if room.answer_shown else "Reveal the answer",
                icon=":material/visibility:",
                shortcut="A",
                disabled=room.answer_shown,
                on_click=lambda: _act(engine, lambda: reveal_answer(engine, room.poll_id, key)),
                key="room_reveal",
            )
            st.button(
                "Reopen voting" if room.voting_closed else "Close voting",
                icon=":material/lock_open:" if room.voting_closed else ":material/lock:",
                shortcut="L",
                on_click=lambda: _act(engine, lambda: close_voting(engine, room.poll_id, key, not room.voting_closed)),
                key="room_lock",
            )
        st.button(
            "Show the slide" if room.black else "Black screen",
            icon=":material/tv:" if room.black else ":material/tv_off:",
            shortcut="B",
            on_click=lambda: _act(engine, lambda: black_screen(engine, room.poll_id, key, not room.black)),
            key="room_black",
        )
        with st.popover("End lecture", icon=":material/flag:"):
            st.write("Phones then show each student's answers against the keys; the projector says thank you.")
            st.button(
                "End the lecture now",
                type="primary",
                on_click=lambda: _act(engine, lambda: end_lecture(engine, room.poll_id, key)),
                key="room_end",
            )


# ---------- what the presenter sees ----------
def links(room: Room, key: str, base: str) -> None:
    with st.popover("Links", icon=":material/link:"):
        st.markdown("**Projector** (only the room code: open it on the projected screen)")
        st.code(rooms.projector_url(base, room.code), language=None)
        st.markdown("**Phones** (also on the projector as a code and a QR code)")
        st.code(rooms.phone_url(base, room.code), language=None)
        st.markdown("**This presenter view** (holds the presenter key: keep it private, never project it)")
        st.code(rooms.presenter_room_url(base, room.code, key), language=None)
        st.markdown("**A co-presenter** opens the presenter link, or this page with ?room= and the code, and types:")
        st.code(key, language=None)


def summary_downloads(engine: Engine, room: Room) -> None:
    opened, summaries = room_summary(engine, room.poll_id)
    name = f"lecture-room-{room.code}-{opened.opened_at:%Y-%m-%d}"
    with st.container(horizontal=True, key="room_summary"):
        st.download_button(
            "Answers per question (CSV)",
            summary_csv(summaries),
            file_name=f"{name}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            "Answers per question (Markdown)",
            summary_markdown(opened, summaries),
            file_name=f"{name}.md",
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
        )


@st.fragment(run_every=rooms.REFRESH_SECONDS)
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def status(engine: Engine, room: Room) -> None:
    """The clock, the time since the room opened and the answers coming in; a change made from another
    screen (a co-presenter) redraws this page."""
    try:
        version = poll_version(engine, room.poll_id)
    except LookupError:
        version = room.version
    if version != st.session_state.get(DRAWN, room.version) and not _only_votes(engine, room):
        st.rerun(scope="app")
    now = datetime.now(UTC)
    minutes = int((now - room.opened_at).total_seconds() // 60)
    with st.container(horizontal=True, key="room_status"):
        st.markdown(f":material/schedule: {now.astimezone():%H:%M} · {minutes} min since the room opened")
        if room.asks:
            answers = sum(counts(engine, room.poll_id).values())
            st.markdown(f":material/how_to_vote: {answers} answer{'' if answers == 1 else 's'}")


def _only_votes(engine: Engine, room: Room) -> bool:
    """The room moved on only by votes (the slide, points, reveal and screen are as drawn)."""
    now = rooms.watched_room(engine, room.poll_id, SEEN)
    if now is None:
        return False
    same = (now.slide_index, now.shown_points, now.black, now.revealed, now.locked, now.is_open) == (
        room.slide_index,
        room.shown_points,
        room.black,
        room.revealed,
        room.locked,
        room.is_open,
    )
    if same:
        st.session_state[DRAWN] = now.version
    return same


def view(engine: Engine, room: Room, key: str, content: Content, base: str) -> None:
    """The whole presenter view of an open room."""
    st.session_state[DRAWN] = room.version
    by_id = rooms.slides_by_id(content)
    slide = by_id.get(room.slide_id)
    message = st.session_state.pop(MESSAGE, None)
    if message:
        st.warning(message, icon=":material/info:")
    with st.container(horizontal=True, vertical_alignment="center", key="room_bar"):
        st.markdown(f"**Room {display_join_code(room.code)}** · presenter view")
        links(room, key, base)
    st.caption(
        "This page's address holds the presenter key: keep this screen to yourself and open the projector "
        "link on the projected screen. Keys: Space next, Left back, Right skip, A reveal, L close voting, "
        "B black screen."
    )
    controls(engine, room, key, slide, by_id)
    status(engine, room)
    now, later = st.columns([3, 2], gap="large")
    with now:
        st.caption("Black screen: the projector shows nothing" if room.black else "On the projector now")
        draw_slide(engine, room, slide, content, base, "preview")
    with later:
        upcoming = by_id.get(room.next_slide_id) if room.next_slide_id else None
        with st.container(key="room_next_slide", border=True):
            st.caption("Next slide")
            st.markdown(f"**{plain(upcoming.title, None)}**" if upcoming else "The end of the running order.")
        with st.container(key="room_notes", border=True):
            st.caption("Speaker notes")
            st.markdown(notes_markdown(slide.notes) if slide and slide.notes else "No notes for this slide.")
    with st.expander("After the lecture: the room's answers", icon=":material/summarize:"):
        st.caption("Counts per question and choice, the share right and the number of voters; nothing names a student.")
        summary_downloads(engine, room)


def ended_view(engine: Engine, room: Room) -> None:
    st.success(
        f"The lecture in room {display_join_code(room.code)} has ended. Phones show each student's answers.",
        icon=":material/flag:",
    )
    summary_downloads(engine, room)
