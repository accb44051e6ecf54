"""The page list (ui/site.py) as Streamlit pages, made once per process, and the links between pages.

A link to a page object is a lookup; a link to a file path resolves it on disk on every run, and only
relative to the entry script. Pages link with ``link``/``switch`` and the page's file as ui/site.py
names it."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui.site import PAGES, ROOT, PageInfo, page_for


@st.cache_resource(show_spinner=False)
def _st_pages() -> dict[str, StreamlitPage]:
    return {p.file: st.Page(ROOT / p.file, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
            for p in PAGES}


def menu() -> list[StreamlitPage]:
    """Every page, in menu order, for ``st.navigation``."""
    return list(_st_pages().values())


def info_of(page: StreamlitPage) -> PageInfo:
    return next(p for p in PAGES if p.url_path == page.url_path)


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
