"""A lecture room on the app's screens: the lecture's slides by id, the room's three links, and the room
as this session last read it (read again only when its change counter has moved, so a screen that
follows the room costs one primary-key read while nothing happens)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from urllib.parse import quote

import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.content import Content
from pathway.present.slides import Slide, build_slides
from pathway.store.polls import poll_version
from pathway.store.rooms import Room, RoomSlide, room_by_id
from ui.poll_watch import shared_read
from ui.presenter_links import JOIN_PATH, PRESENTER_PATH, PROJECTOR_PATH

REFRESH_SECONDS = 1  # how often the projector and the presenter view ask whether the room has moved
# (a phone follows the room by its beacon instead: ui/room_beacon.py)


@st.cache_resource(show_spinner=False)
def _lecture(version: str, _content: Content) -> tuple[Slide, ...]:
    return tuple(build_slides(_content))


def lecture(content: Content) -> tuple[Slide, ...]:
    """Every slide of the lecture, built once per content version for the whole server."""
    return _lecture(content.meta.version, content)


def slides_by_id(content: Content) -> dict[str, Slide]:
    return {s.id: s for s in lecture(content)}


def room_slides(slides: Sequence[Slide]) -> list[RoomSlide]:
    """The running order as the room stores it: ids, titles and the questions asked."""
    return [RoomSlide(s.id, s.title, s.question if s.kind == "question" else None) for s in slides]


def projector_url(base: str, code: str) -> str:
    """The projector's link: only the room's code (the projected screen shows nothing private)."""
    return f"{base}/{PROJECTOR_PATH}?room={quote(code)}"


def presenter_room_url(base: str, code: str, key: str) -> str:
    """The presenter's link: the room's code and the presenter key (for the lecturer's own screen only)."""
    return f"{base}/{PRESENTER_PATH}?room={quote(code)}&key={quote(key)}"


def phone_url(base: str, code: str) -> str:
    return f"{base}/{JOIN_PATH}?code={quote(code)}"


VERSION_TTL_SECONDS = 0.5
_versions: dict[tuple[str, int], tuple[float, int]] = {}
_versions_lock = threading.Lock()


def room_version(engine: Engine, poll_id: int, at_least: int | None = None) -> int:
    """The room's change counter, read from the database at most every ``VERSION_TTL_SECONDS`` by this
    process: a thousand phones asking each second cost two reads a second, not a thousand. (The
    presenter's own screen reads the room itself after each action.) A phone that its beacon woke for
    stamp ``at_least`` gets a fresh read when the remembered counter is older. LookupError for no such
    room."""
    where = (str(engine.url), poll_id)
    now = time.monotonic()
    with _versions_lock:
        known = _versions.get(where)
    fresh_enough = known is not None and (at_least is None or known[1] >= at_least)
    if known is not None and fresh_enough and now - known[0] < VERSION_TTL_SECONDS:
        return known[1]
    version = poll_version(engine, poll_id)
    with _versions_lock:
        _versions[where] = (now, version)
    return version


def watched_room(engine: Engine, poll_id: int, key: str, at_least: int | None = None) -> Room | None:
    """The room as this session last read it under ``key``, read again when its version has moved (at
    least to ``at_least``, a beacon's stamp); None when it no longer exists."""
    try:
        version = room_version(engine, poll_id, at_least)
    except LookupError:
        st.session_state.pop(key, None)
        return None
    seen: Room | None = st.session_state.get(key)
    if seen is not None and seen.poll_id == poll_id and seen.version == version:
        return seen
    room = shared_read("room", engine, poll_id, version, lambda: room_by_id(engine, poll_id))
    st.session_state[key] = room
    return room


def room_code_from_link(engine: Engine, param: str) -> Room | None:
    """The room named by ``?<param>=`` (open, or ended: an ended room still shows its last screen), with a
    clear message when the code is malformed or names no room."""
    from pathway.store.polls import check_join_code, display_join_code
    from pathway.store.rooms import room_by_code
    from ui.safe import plain, quoted

    typed = st.query_params.get(param)
    if typed is None:
        return None
    try:
        code = check_join_code(typed)
    except ValueError as problem:
        st.error(f"{quoted(typed, 20)} is not a room code. {plain(problem, None)}", icon=":material/error:")
        return None
    room = room_by_code(engine, code, ended_too=True)
    if room is None:
        st.error(
            f"No lecture room has the code {display_join_code(code)}. Check it on the presenter's screen.",
            icon=":material/error:",
        )
    return room
