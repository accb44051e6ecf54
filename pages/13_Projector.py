"""The projector: one lecture room's slide, full screen, following the presenter by itself. Its link
carries only the room's code: nothing on it can move the room, and it shows no notes or controls."""

import streamlit as st

from ui import projector_view, style
from ui.common import get_content
from ui.db import database
from ui.navigation import framed
from ui.presenter_extras import base_url
from ui.room import room_code_from_link

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

st.set_page_config(initial_sidebar_state="collapsed")
style.room()
engine = database()
room = room_code_from_link(engine, "room")
if room is None:
    st.title("Projector", anchor=False)
    st.write(
        "Open this page from the presenter's screen: it shows one lecture room's slides, full screen, and "
        "follows the presenter by itself. Its address ends in ?room= and the room's code."
    )
else:
    projector_view.follow(engine, room.poll_id, get_content(), base_url())
