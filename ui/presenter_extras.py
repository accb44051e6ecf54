"""Presenter mode's tools row: view settings, the running order (kept in the URL, downloadable as a
list of links) and the PowerPoint deck with the live poll's QR slide."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from pathway.clinical.content import Content
from pathway.present.slides import Slide
from ui import presenter_nav as nav
from ui import presenter_poll as live
from ui.errors import in_callback
from ui.presenter_links import app_base_url, join_url, lecture_links, presenter_link
from ui.presenter_slide import NOTES

DECK_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def base_url() -> str:
    """This app's address as the browser sees it (for the join link and the lecture's links)."""
    try:
        return app_base_url(st.context.url, dict(st.context.headers))
    except Exception:  # no browser session (AppTest, bare mode)
        return app_base_url(None, None)


def settings() -> None:
    with st.popover("View", icon=":material/tune:"):
        st.toggle("Speaker notes", key=NOTES, help="Your notes under the slide; turn off before projecting.")
        st.toggle("Reveal points one at a time", value=True, key=nav.ONE_BY_ONE)


@in_callback
def _set_order(slide_ids: Sequence[str]) -> None:
    picked = st.session_state.get(nav.ORDER_PICK) or []
    if picked and list(picked) != list(slide_ids):
        st.query_params["order"] = ",".join(picked)
    elif "order" in st.query_params:
        del st.query_params["order"]


@in_callback
def _whole_lecture() -> None:
    st.session_state[nav.ORDER_PICK] = []
    if "order" in st.query_params:
        del st.query_params["order"]


def order_picker(all_slides: Sequence[Slide], slides: Sequence[Slide], order: str | None, base: str) -> None:
    """Pick and order the slides; the order goes into the URL and can be saved as a list of links."""
    ids = [s.id for s in all_slides]
    titles = {s.id: s.title for s in all_slides}
    if nav.ORDER_PICK not in st.session_state:
        st.session_state[nav.ORDER_PICK] = [s.id for s in slides] if order else []
    with st.popover("Running order", icon=":material/format_list_numbered:"):
        st.multiselect(
            "Slides, in the order picked (none picked: the whole lecture)",
            ids,
            key=nav.ORDER_PICK,
            format_func=lambda i: f"{i}: {titles[i]}",
            on_change=_set_order,
            args=(ids,),
        )
        st.button("Use the whole lecture", on_click=_whole_lecture, key="presenter_order_all")
        st.caption(f"{len(slides)} slides. The link below opens this running order on its first slide.")
        st.code(presenter_link(base, order, slides[0].id), language=None, wrap_lines=True)
        st.download_button(
            "Download the running order (links)",
            lecture_links(base, slides, order, "Eczema Ladder lecture"),
            file_name="eczema-ladder-running-order.txt",
            mime="text/plain",
            on_click="ignore",
            icon=":material/download:",
            key="presenter_links_download",
        )


@st.cache_data(show_spinner=False, max_entries=8)
def deck_bytes(link: str | None, version: str, _content: Content) -> bytes:
    """The lecture as PowerPoint, with a QR slide for ``link`` (built once per join link)."""
    from pathway.present.deck import write_deck  # only when a deck is asked for: python-pptx is heavy

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.pptx"
        write_deck(path, join_url=link, content=_content)
        return path.read_bytes()


DECK_READY = "presenter_deck_ready_for"


def deck_download(content: Content, base: str) -> None:
    """Prepare, then download. The deck takes seconds to build; built inside a download click, Streamlit
    keeps the finished file only until the next runs clean up, so a live poll's refreshes could cancel
    the download. Prepared first, the file belongs to this page until the page moves on."""
    poll = live.running()
    link = join_url(base, poll["code"]) if poll else None
    where = (
        "With a slide showing this poll's join code and QR code."
        if poll
        else ("Start a live poll first to add a slide with its join code and QR code.")
    )
    if st.session_state.get(DECK_READY) != (link or ""):
        if st.button(
            "Prepare the deck (PowerPoint)", icon=":material/slideshow:", key="presenter_deck_prepare", help=where
        ):
            with st.spinner("Building the deck (a few seconds)..."):
                deck_bytes(link, content.meta.version, content)
            st.session_state[DECK_READY] = link or ""
            st.rerun()
        return
    st.download_button(
        "Download the deck (PowerPoint)",
        deck_bytes(link, content.meta.version, content),
        file_name="eczema-ladder-lecture.pptx",
        mime=DECK_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="presenter_deck_download",
        help=where,
    )
