"""Home: what the tool is, one way in for each audience, and the whole ladder with the current step."""

import streamlit as st

from pathway.present.flowchart import FLOWCHART_LEGEND, ladder_dot
from ui import navigation as nav
from ui import state
from ui.common import STAGE_ICONS, get_content, recommendation_for
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
scenario = state.current()
rec = recommendation_for(scenario, content)

st.title(":material/stairs: Eczema Ladder")
st.markdown(
    "What to do when atopic dermatitis does not get better on topical corticosteroids, as an "
    "interactive ladder. Every step, dose and warning comes from two guideline summaries "
    "(documents **000** and **003**), each statement cited, with the places where they disagree "
    "shown side by side."
)

students, residents, presenters = st.columns(3)
with students:
    st.subheader("Students")
    st.write(
        "Move the severity and duration sliders, tick signs such as infection, and watch the "
        "next step, its doses, pitfalls and timeline change."
    )
    nav.link("pages/2_Scenario_explorer.py", label="Open the scenario explorer", icon=":material/science:")
with residents:
    st.subheader("Residents")
    st.write(
        "Test yourself: single-best-answer questions with every choice explained, unlimited "
        "cases generated from the ladder, timed exams, spaced review and progress that lasts."
    )
    nav.link("pages/8_Practice.py", label="Practise questions", icon=":material/quiz:")
    nav.link("pages/9_Exam.py", label="Sit a timed exam", icon=":material/timer:")
with presenters:
    st.subheader("Presenters")
    st.write(
        "Project the ladder slide by slide, run a live class poll that students answer on their "
        "phones, and download the same slides as a PowerPoint deck."
    )
    nav.link("pages/11_Presenter.py", label="Open presenter mode", icon=":material/co_present:")
    nav.link("pages/12_Join_poll.py", label="Join a class poll", icon=":material/how_to_vote:")

st.divider()
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("The whole ladder")
    st.caption(FLOWCHART_LEGEND)
    st.graphviz_chart(ladder_dot(content, rec.stage), width="stretch")
with right:
    st.subheader("Current scenario")
    st.markdown(f"Recommended step: **{STAGE_ICONS.get(rec.stage, '')} {content.stage_title(rec.stage)}**")
    st.write(
        f"Severity band: **{rec.severity_band}** (SCORAD {scenario.scorad:g}), "
        f"{scenario.weeks_on_treatment:g} weeks on the current regimen, site: {scenario.site}."
    )
    if rec.red_flags:
        st.error("Red flag in this scenario: " + ", ".join(content.red_flags[f].name for f in rec.red_flags))
    nav.link("pages/2_Scenario_explorer.py", label="Change the scenario", icon=":material/tune:")

state.sync_url()
