"""Scenario explorer: move the sliders, tick signs, and watch the next step change."""

import streamlit as st

from pathway.present.handout import handout_filename, handout_html, handout_markdown
from pathway.clinical.scenario import Scenario
from ui import recommendation_view as view
from ui import state
from ui.common import page_setup, recommendation_for
from ui.controls import load_scenario, scenario_controls

content = page_setup("Scenario explorer", "🧪")


def _load_case() -> None:
    case = content.cases.get(st.session_state.get("case_pick"))
    if case is not None:
        load_scenario(Scenario.model_validate(case.scenario))
        st.session_state["loaded_case"] = case.id


with st.sidebar:
    st.selectbox("Teaching case", list(content.cases), key="case_pick",
                 format_func=lambda cid: content.cases[cid].title)
    st.button("Load this case", key="load_case", on_click=_load_case, width="stretch")

scenario = scenario_controls(content)
rec = recommendation_for(scenario, content)

st.title("🧪 Scenario explorer")
loaded = content.cases.get(st.session_state.get("loaded_case", ""))
if loaded is not None:
    st.info(f"**Case: {loaded.title}.** {loaded.vignette}", icon="📋")

view.red_flag_banner(rec, content)
view.stage_header(rec, content)
view.option_grid(rec.options, content)
view.alternatives(rec, content)
view.referral(rec, content)
view.warnings(rec, content)
view.why(rec, content)
view.pitfalls_and_avoid(rec, content)
view.timeline(rec, scenario, content)

st.divider()
link_col, handout_col = st.columns([3, 2])
with link_col:
    st.markdown("**Share this scenario**")
    st.caption("Copy it with the button at the right of the box; the link opens the same scenario, and the "
               "settings also work after any other page's address.")
    st.code(state.share_link(), language=None, wrap_lines=True)
with handout_col:
    st.markdown("**Handout for this scenario**")
    # Callables: the handout is only built when someone clicks, not on every rerun.
    st.download_button("Download handout (HTML, printable)", lambda: handout_html(scenario, rec, content),
                       file_name=handout_filename(rec, content, "html"), mime="text/html", key="dl_html",
                       on_click="ignore", icon="🖨️")
    st.download_button("Download handout (Markdown)", lambda: handout_markdown(scenario, rec, content),
                       file_name=handout_filename(rec, content, "md"), mime="text/markdown", key="dl_md",
                       on_click="ignore", icon="📝")

state.sync_url()
