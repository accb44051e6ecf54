"""The page list (ui/site.py) as Streamlit pages, made once per session, the links between pages, and
the frame every page runs in.

A link to a page object is a lookup; a link to a file path resolves it on disk on every run, and only
relative to the entry script. Pages link with ``link``/``switch`` and the page's file as ui/site.py
names it.

On a narrow screen (a phone, a small tablet) the page list is also a "Menu" in the page's header
(:func:`phone_menu`, shown there only by ui/style.py): a popover whose open state the app holds, so it is
closed on every page it arrives at, whatever the browser says it is. Streamlit's own sidebar menu closes
after a choice only where the browser says it is a phone (its user agent); a narrowed desktop window or
a tablet that reports a desktop browser keeps it open over the new page.

The frame: Streamlit still treats a ``pages/`` folder beside the entry script as an old folder-style
app until some session has run ``st.navigation``. So when a server's very first visitor opens a page's
own address, Streamlit runs that page file alone, without app.py (no page list, config, notice or
address). Every page starts with :func:`framed`, which notices this, hands the app to ``st.navigation``
(for every session from then on) and reruns, so the page comes back inside app.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui.site import PAGES, ROOT, PageInfo, page_for

PAGE_OBJECTS = "_st_pages"


def _st_pages() -> dict[str, StreamlitPage]:
    """The page objects, made once per session. Not once per process: Streamlit marks the page object
    st.navigation returns as the one that may run, so two sessions sharing one object race (the second
    to open a page at the same moment is refused: "This page cannot be called directly")."""
    pages = st.session_state.get(PAGE_OBJECTS)
    if pages is None:
        pages = {
            p.file: st.Page(ROOT / p.file, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
            for p in PAGES
        }
        st.session_state[PAGE_OBJECTS] = pages
    return pages


def menu() -> list[StreamlitPage]:
    """Every page, in menu order, for ``st.navigation``."""
    return list(_st_pages().values())


def info_of(page: StreamlitPage) -> PageInfo:
    return next(p for p in PAGES if p.url_path == page.url_path)


MENU = "page_menu"  # the phone menu's key: its open state, and its st-key-page_menu class (ui/style.py)
MENU_AT = "_page_menu_at"  # the page the menu was last drawn on


def phone_menu(url_path: str) -> None:
    """The page list as a "Menu" popover, for narrow screens (hidden elsewhere by ui/style.py).

    Arriving at another page closes it (its state is set before it is drawn: the supported way to close
    a popover that reports its state). Its links are drawn only while it is open: a closed menu adds one
    element to a page, not one per page.
    """
    if st.session_state.get(MENU_AT) != url_path:
        st.session_state[MENU_AT] = url_path
        st.session_state[MENU] = False
    box = st.popover("Menu", icon=":material/menu:", key=MENU, on_change="rerun")
    if not box.open:
        return
    with box:
        for page in menu():
            st.page_link(page, label=page.title, icon=page.icon)


def st_page(file: str) -> StreamlitPage:
    info = page_for(file)
    if info is None:
        raise KeyError(f"{file} is not in the page list (ui/site.py)")
    return _st_pages()[info.file]


def link(file: str, label: str, icon: str | None = None, **kwargs: Any) -> None:
    """A link to another page of the app."""
    st.page_link(st_page(file), label=label, icon=icon, **kwargs)


def switch(file: str) -> None:
    st.switch_page(st_page(file))


_FRAME = threading.local()  # a script run happens on one thread: app.py marks the page it runs


@contextmanager
def frame() -> Iterator[None]:
    """app.py runs the page inside this."""
    _FRAME.active = True
    try:
        yield
    finally:
        _FRAME.active = False


def framed() -> None:
    """First line of every page: inside app.py, nothing; run alone (the server's first visitor opened
    this page's address), switch the app to ``st.navigation`` and rerun through app.py."""
    if getattr(_FRAME, "active", False):
        return
    st.navigation(menu(), position="sidebar")
    st.rerun()
