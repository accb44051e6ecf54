"""A poll as this session last read it, read again only when the poll's change counter has moved:
a self-updating fragment (the presenter's count, a phone's live question) then costs one
primary-key read while nothing happens."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from pathway.store.polls import PollState, poll_state, poll_version

Seen = TypeVar("Seen")  # the page's own record; it carries .poll_id and .version
Value = TypeVar("Value")

SHARED_ENTRIES = 256
_shared: OrderedDict[tuple[str, str, int, int], Any] = OrderedDict()
_shared_lock = threading.Lock()


def shared_read(what: str, engine: Engine, poll_id: int, version: int, read: Callable[[], Value]) -> Value:
    """``read()`` for this poll at this change counter, done once per process: a thousand phones seeing
    the poll move on cost one read of it, not a thousand (each phone's own answer is still its own)."""
    where = (what, str(engine.url), poll_id, version)
    with _shared_lock:
        if where in _shared:
            found: Value = _shared[where]
            return found
    value = read()
    with _shared_lock:
        _shared[where] = value
        while len(_shared) > SHARED_ENTRIES:
            _shared.popitem(last=False)
    return value


def read_when_changed(
    engine: Engine,
    poll_id: int,
    key: str,
    build: Callable[[int, PollState | None], Seen],
    version: int | None = None,
) -> Seen:
    """The record kept under ``key``, or a new one from ``build(version, state)`` when the poll moved
    on (``state`` is None, and ``version`` -1, when the poll no longer exists). ``version``: the poll's
    change counter when the caller has just read it (a lecture room's phone)."""
    if version is None:
        try:
            version = poll_version(engine, poll_id)
        except LookupError:
            version = -1
    seen = st.session_state.get(key)
    if seen is not None and seen.poll_id == poll_id and seen.version == version:
        return seen
    state = shared_read("poll", engine, poll_id, version, lambda: poll_state(engine, poll_id)) if version >= 0 else None
    seen = build(version, state)
    st.session_state[key] = seen
    return seen
