"""Join a class poll or a lecture room from a phone: type the code (or follow the link), tap an answer,
see the result; in a lecture room the phone follows the talk and shows each question by itself."""

import streamlit as st

from ui import join_poll, phone_room, style
from ui.common import get_bank_items
from ui.db import database
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

st.set_page_config(initial_sidebar_state="collapsed")
style.phone_poll()
engine = database()

st.title(":material/how_to_vote: Class poll")
voter, voter_notice = join_poll.voter_token()
if voter_notice:
    st.warning(voter_notice, icon=":material/link_off:")

room = phone_room.room_from_link(engine)
if room is not None:
    phone_room.follow(engine, room.poll_id, voter, frozenset(item["id"] for item in get_bank_items()))
else:
    poll = join_poll.join_link_poll(engine)
    if poll is None:
        st.write("Type the code on the presenter's screen to answer the class question from this phone.")
        join_poll.code_form(engine, voter)
    else:
        join_poll.live_question(engine, poll.id, voter)
