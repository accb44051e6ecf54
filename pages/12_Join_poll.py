"""Join a class poll from a phone: type the code (or follow the link), tap an answer, see the result."""

import streamlit as st

from ui import join_poll, style
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

poll = join_poll.join_link_poll(engine)
if poll is None:
    st.write("Type the code on the presenter's screen to answer the class question from this phone.")
    join_poll.code_form(engine, voter)
else:
    join_poll.live_question(engine, poll.id, voter)
