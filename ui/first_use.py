"""The explorer's first use: a "start here" path, and the teaching case banner with its teaching point."""

from __future__ import annotations

import streamlit as st

from pathway.clinical.citations import cite
from pathway.clinical.content import Content
from pathway.clinical.engine import fair_trial
from pathway.clinical.scenario import Scenario
from ui import state
from ui.controls import load_scenario
from ui.errors import in_callback

LOADED = "loaded_case"
DISMISSED = "start_here_dismissed"
FEATURED = ("infant_mometasone", "adult_back_valerate", "honey_crusts")


@in_callback
def load_case(content: Content, case_id: str | None) -> None:
    case = content.cases.get(case_id or "")
    if case is not None:
        load_scenario(Scenario.model_validate(case.scenario))
        st.session_state[LOADED] = case.id


@in_callback
def _adequate_trial() -> None:
    """One click: a fair steroid trial for the current site and severity, so the ladder can move."""
    load_scenario(fair_trial(state.current(), _content()))
    st.session_state[DISMISSED] = True


def _content() -> Content:
    from ui.common import get_content  # local: common imports this module's siblings

    return get_content()


def start_here(content: Content) -> None:
    """Shown until dismissed while the scenario is still the default: where to begin, in one tap."""
    if st.session_state.get(DISMISSED) or state.current() != Scenario() or st.session_state.get(LOADED):
        return
    with st.container(border=True, key="start_here"):
        st.markdown(
            '**Start here.** This patient has only just started a steroid, so the answer is "check the '
            'steroid trial". Set up a fair trial, then move the severity slider above; or open a teaching case.'
        )
        one, two, three = st.columns([3, 3, 1], vertical_alignment="center")
        one.button(
            "Set up a fair steroid trial",
            key="start_adequate",
            on_click=_adequate_trial,
            icon=":material/check_circle:",
            width="stretch",
        )
        with two.popover("Open a teaching case", icon=":material/school:", width="stretch"):
            case_id = st.selectbox(
                "Teaching case",
                FEATURED + tuple(c for c in content.cases if c not in FEATURED),
                key="start_case",
                format_func=lambda cid: content.cases[cid].title,
            )
            st.button("Open this case", key="start_open", on_click=load_case, args=(content, case_id), width="stretch")
        three.button(
            "Hide", key="start_hide", type="tertiary", on_click=lambda: st.session_state.update({DISMISSED: True})
        )


def case_banner(content: Content) -> None:
    """The loaded case's vignette and teaching point, while the scenario is still the case's own."""
    case = content.cases.get(st.session_state.get(LOADED, ""))
    if case is None:
        return
    if state.current() != Scenario.model_validate(case.scenario):
        st.caption(f'You have changed the scenario of the case "{case.title}": the case\'s notes are hidden.')
        return
    st.info(f"**Case: {case.title}.** {case.vignette}", icon=":material/school:")
    with st.expander("What this case teaches", icon=":material/lightbulb:"):
        st.write(case.teaching_point.text)

        st.caption(cite(case.teaching_point.sources, content))


CASES_OPEN = "cases_open"


def case_picker(content: Content) -> None:
    """The teaching cases, drawn only while their expander is open (a slider move sends one element)."""
    box = st.expander("Teaching cases", icon=":material/school:", key=CASES_OPEN, on_change="rerun")
    if not box.open:
        return
    with box:
        case_id = st.selectbox(
            "Teaching case", list(content.cases), key="case_pick", format_func=lambda cid: content.cases[cid].title
        )
        st.button("Load this case", key="load_case", on_click=load_case, args=(content, case_id))
