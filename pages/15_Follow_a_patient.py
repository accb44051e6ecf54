"""Follow a patient: one patient seen at visits over months, a decision at each, then a debrief."""

import streamlit as st

from ui import course_view as view
from ui import state
from ui.common import get_content
from ui.learner import KEY_PARAM, current_learner, database, learner_panel, page_params
from ui.navigation import framed
from ui.safe import plain

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/stethoscope: Follow a patient")
st.caption(
    "One patient, seen again and again over months. At each visit read what has happened since, then "
    "choose what to do; the patient comes back when the sources say to review. Every outcome is the "
    "sources' own words."
)
seed, mode, letters, notices = view.read_address()
course = view.course_for(seed)
done, letters, cut = view.walk_from_address(course, letters)
view.show_notices(notices + cut)
learner = None
if mode == view.SCORED:
    engine = database()
    learner = learner_panel(engine)
elif st.query_params.get(KEY_PARAM):
    engine = database()
    learner = current_learner(engine)  # keeps a signed-in learner's key in the address
st.markdown(f"**{plain(course.title, limit=None)}**")
view.mode_picker(mode, started=bool(letters))
view.history(course, done, mode)
if mode == view.TUTOR and done.steps and st.session_state.get(view.SEEN) != (seed, ",".join(letters)):
    view.last_feedback(course, done, letters, content)
elif done.current is not None:
    view.visit_form(course, done.current, letters, content, mode)
else:
    view.debrief(course, letters, content, mode, view.saved_words(mode, learner, course, letters))
view.share_patient(seed)
state.sync_url(**page_params(learner), **view.address(seed, mode, letters))
