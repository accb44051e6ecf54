"""Presenter mode: the lecture one slide at a time in big type, with a live class poll on question slides."""

import streamlit as st

from pathway.present.slides import build_slides
from ui import presenter_nav as nav
from ui import presenter_poll as live
from ui import style
from ui.common import get_content
from ui.db import database
from ui.navigation import framed
from ui.presenter_extras import base_url, deck_download, order_picker, settings
from ui.presenter_slide import show_notes, show_slide
from ui.safe import plain

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.set_page_config(initial_sidebar_state="collapsed")
style.projector()
engine = database()


@st.cache_resource(show_spinner=False)
def _lecture(version: str):
    return build_slides(content)


all_slides = _lecture(content.meta.version)
slides, order, unknown = nav.running_order(all_slides)
index, slide_notice = nav.current(slides)
slide = slides[index]
poll_notice = live.attach_from_url(engine)
live.forget_key_once_left(slide)
base = base_url()

for notice in (slide_notice, unknown and nav.order_notice(unknown), poll_notice):
    if notice:
        st.warning(plain(notice, None) if notice is slide_notice else notice, icon=":material/link_off:")

with st.container(horizontal=True, vertical_alignment="center", key="presenter_bar"):
    nav.nav_bar(slides, index)
    settings()
    order_picker(all_slides, slides, order, base)
    deck_download(content, base)

if slide.kind == "question" and slide.question:
    left, right = st.columns([3, 2], gap="large")
    with left:
        show_slide(slide, content, nav.shown(slide))
    with right:
        live.question_panel(engine, base, slides, index, nav.go_to)
else:
    show_slide(slide, content, nav.shown(slide))
    live.banner(base)
show_notes(slide)

running = live.running()
nav.sync_url(slide, order, running["code"] if running else None)
