"""Presenter mode: rehearse the lecture one slide at a time, or open a lecture room and present it: this
screen becomes the presenter view, the projector and the students' phones follow the room by its code."""

import streamlit as st

from ui import presenter_nav as nav
from ui import presenter_poll as live
from ui import presenter_room, style
from ui.common import get_content
from ui.db import database
from ui.navigation import framed
from ui.presenter_extras import base_url, deck_download, order_picker, settings
from ui.presenter_slide import show_notes, show_slide
from ui.room import lecture, room_code_from_link
from ui.safe import plain

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.set_page_config(initial_sidebar_state="collapsed")
style.projector()
engine = database()
base = base_url()
room = room_code_from_link(engine, "room")

if room is not None and not room.is_open:
    presenter_room.ended_view(engine, room)
elif room is not None:
    key = presenter_room.presenter_key(engine, room)
    if key is None:
        presenter_room.co_presenter_form(engine, room)
    else:
        presenter_room.view(engine, room, key, content, base)
else:
    all_slides = list(lecture(content))
    slides, order, unknown = nav.running_order(all_slides)
    index, slide_notice = nav.current(slides)
    slide = slides[index]
    poll_notice = live.attach_from_url(engine)
    live.forget_key_once_left(slide)

    for notice in (slide_notice, unknown and nav.order_notice(unknown), poll_notice):
        if notice:
            st.warning(plain(notice, None) if notice is slide_notice else notice, icon=":material/link_off:")

    with st.container(horizontal=True, vertical_alignment="center", key="presenter_bar"):
        nav.nav_bar(slides, index)
        settings()
        order_picker(all_slides, slides, order, base)
        deck_download(content, base)
        st.button(
            "Open a lecture room",
            icon=":material/co_present:",
            help="Present this running order: a projector link, a link for phones and a presenter view.",
            on_click=presenter_room.open_lecture_room,
            args=(engine, slides),
            key="room_open",
        )

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
