"""Exam: a timed set of questions from chosen topics, scored only at the end, with a full review."""

import streamlit as st

from ui import exam_flow as flow
from ui import exam_view as view
from ui import state
from ui.common import get_content
from ui.learner import database, learner_panel, page_params
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/timer: Exam")
st.caption(
    "A timed set of questions, as in a board exam: no answers are shown until you finish. "
    "Flag questions to come back to, move freely between them, then see your score and every "
    "explanation."
)
engine = database()
learner = learner_panel(engine)
# a signed-in learner's exam comes from the database: a reload, a closed tab or another device resumes it
exam = flow.load(engine, learner, flow.utc_now())
if exam is not None:
    flow.check_clock(engine, learner, flow.utc_now())
    exam = flow.current()
said = flow.take_notice()
if said:
    st.info(said, icon=":material/sync:")
if exam is None:
    view.setup(engine, learner)
elif exam["ended"]:
    view.results(engine, content, learner)
else:
    view.sitting(engine, learner)
state.sync_url(**page_params(learner))
