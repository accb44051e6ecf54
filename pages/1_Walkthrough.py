"""Walkthrough: the ladder one step at a time, with what to do, check, expect, and why."""

import streamlit as st

from pathway.clinical.citations import cite
from pathway.clinical.scenario import Scenario
from pathway.clinical.urlstate import LinkNotice
from ui import navigation as nav
from ui import state
from ui.common import get_content, recommendation_for
from ui.controls import load_scenario
from ui.errors import in_callback
from ui.navigation import framed
from ui.safe import show_link_notices

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
steps = content.steps_in_order()
ids = [s.id for s in steps]


def _step_from_url() -> int:
    raw = st.query_params.get("step")
    if raw is None:
        return 0
    if raw in ids:
        return ids.index(raw)
    if raw.isdigit() and 1 <= int(raw) <= len(ids):
        return int(raw) - 1
    show_link_notices(
        [
            LinkNotice(
                "step",
                raw,
                f"The link's {{name}} is {{value}}, which is not a step of the "
                f"ladder (a number from 1 to {len(ids)}, or a step's name); the first step is shown.",
            )
        ]
    )
    return 0


if "walk_step" not in st.session_state:
    st.session_state["walk_step"] = _step_from_url()
# the jump list's own state is dropped when the user visits another page: re-seed it
st.session_state.setdefault("walk_jump", ids[st.session_state["walk_step"]])


@in_callback
def _go(index: int) -> None:
    index = max(0, min(len(ids) - 1, index))
    st.session_state["walk_step"] = index
    st.session_state["walk_jump"] = ids[index]


@in_callback
def _jumped() -> None:
    st.session_state["walk_step"] = ids.index(st.session_state["walk_jump"])


@in_callback
def _show_in_explorer(stage_ids: list[str]) -> None:
    case = next((c for c in content.cases.values() if c.expected_stage in stage_ids), None)
    if case is not None:
        load_scenario(Scenario.model_validate(case.scenario))
        st.session_state["loaded_case"] = case.id
    st.session_state["go_explorer"] = True


index = st.session_state["walk_step"]
step = steps[index]
rec = recommendation_for(state.current(), content)
scenario_step = content.step_for_stage(rec.stage)

st.title(":material/stairs: Walkthrough")
st.progress((index + 1) / len(steps), text=f"Step {index + 1} of {len(steps)}")
nav_prev, nav_jump, nav_next = st.columns([1, 4, 1], vertical_alignment="bottom")
nav_prev.button("◀ Previous", key="walk_prev", on_click=_go, args=(index - 1,), disabled=index == 0, width="stretch")
nav_jump.selectbox(
    "Jump to",
    ids,
    key="walk_jump",
    on_change=_jumped,
    format_func=lambda sid: (
        f"{ids.index(sid) + 1}. {content.steps[sid].title}"
        + ("  ◀ current scenario" if scenario_step and sid == scenario_step.id else "")
    ),
)
nav_next.button(
    "Next ▶", key="walk_next", on_click=_go, args=(index + 1,), disabled=index == len(ids) - 1, width="stretch"
)

st.header(step.title)
st.caption(f"{step.label} · from document(s) {', '.join(d.removeprefix('doc_') for d in step.documents)}")
if scenario_step is not None and scenario_step.id == step.id:
    st.success("This is the step for the current scenario.", icon=":material/my_location:")
    if rec.warnings:
        st.warning(
            "**Warnings for the current scenario**\n"
            + "\n".join(f"- {line.text} ({cite(line.sources, content)})" for line in rec.warnings),
            icon=":material/warning:",
        )
st.write(step.summary.text)
st.caption(cite(step.summary.sources, content))
if step.placement:
    st.info(f"**Where the documents put it:** {step.placement.text}", icon=":material/alt_route:")

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("What to do")
    for action in step.actions:
        st.markdown(f"- {action.text}  \n  _{cite(action.sources, content)}_")
    if step.checks:
        st.subheader("What to check")
        for check in step.checks:
            st.markdown(f"- {check.text}  \n  _{cite(check.sources, content)}_")
    if step.therapies:
        st.subheader("Drugs and regimens")
        st.markdown(
            "\n".join(
                f"- **{t.name}**{f' ({t.strength})' if t.strength and t.strength not in t.name else ''}: "
                f"{t.regimen.text}  \n  _{cite(t.regimen.sources, content)}_"
                + "".join(
                    f"  \n  :material/do_not_disturb_on: Limit: {limit.text} _({cite(limit.sources, content)})_"
                    for limit in t.limits
                )
                for t in (content.therapies[i] for i in step.therapies)
            )
        )
with right:
    if step.pitfalls:
        st.subheader("Pitfalls")
        for pid in step.pitfalls:
            p = content.pitfalls[pid]
            st.markdown(f"- **{p.title}.** {p.text}  \n  _{cite(p.sources, content)}_")
    if step.evidence:
        st.subheader("Evidence")
        for eid in step.evidence:
            e = content.evidence[eid]
            grade = " · ".join(
                x for x in (e.strength and f"strength: {e.strength}", e.certainty and f"certainty: {e.certainty}") if x
            )
            st.markdown(
                f"- {e.statement}" + (f" **({grade})**" if grade else "") + f"  \n  _{cite(e.sources, content)}_"
            )
    if step.timelines:
        st.subheader("Expected timing")
        for tid in step.timelines:
            t = content.timelines[tid]
            st.markdown(f"- **{t.label}.** {t.text}  \n  _{cite(t.sources, content)}_")

st.divider()
if step.stages:
    st.button(
        "Show me this step in the explorer",
        key="walk_explore",
        icon=":material/science:",
        on_click=_show_in_explorer,
        args=(list(step.stages),),
    )
if st.session_state.pop("go_explorer", False):
    nav.switch("pages/2_Scenario_explorer.py")

state.sync_url(step=step.id)
