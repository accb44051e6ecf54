"""Evidence: the effect sizes and certainty behind the ladder, each chart with its source and data."""

import altair as alt
import streamlit as st

from pathway.clinical.citations import caption, cite
from pathway.present import charts
from ui import state
from ui.common import get_content
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/bar_chart: Evidence")


@st.cache_data(show_spinner=False)
def _specs(version: str, weight: float | None) -> dict[str, dict]:
    """Every chart on this page as a Vega-Lite dict, built and validated once per content version."""
    specs: dict[str, alt.LayerChart | alt.VConcatChart] = {
        "wet": charts.wet_wrap_scorad_chart(content),
        "forest": charts.relapse_forest_chart(content),
        "matrix": charts.certainty_matrix_chart(content),
    }
    for unit in dict.fromkeys(charts.systemic_dose_data(content, weight)["unit"]):
        specs[f"dose_{unit}"] = charts.systemic_dose_chart(content, weight, unit=unit)
    return {name: chart.to_dict() for name, chart in specs.items()}


weight = state.current().weight_kg
specs = _specs(content.meta.version, weight)


def chart_block(spec: dict, data, sources: list[str], key: str) -> None:
    st.vega_lite_chart(spec, width="stretch", key=key)
    st.caption(charts.finding(spec))  # the chart's text alternative, in words under it
    st.caption(caption(sources, content))
    with st.expander("Show the data"):
        st.dataframe(data, hide_index=True, width="stretch")


wet = content.evidence["wet_wrap_scorad"]
st.subheader("Wet wraps against steroids alone")
chart_block(specs["wet"], charts.wet_wrap_scorad_data(content), wet.sources, "ev_wet")

st.subheader("Proactive maintenance and relapse")
rr = content.evidence["proactive_rr"]
chart_block(
    specs["forest"],
    charts.relapse_forest_data(content),
    sorted({s for e in charts.RELAPSE_IDS for s in content.evidence[e].sources}),
    "ev_forest",
)
effect = rr.effect
if effect is None or effect.value is None or effect.ci_low is None or effect.ci_high is None:
    raise ValueError("evidence.yaml: proactive_rr needs an effect with a value and a 95% CI")
maths = charts.relapse_arithmetic(effect.value, effect.ci_low, effect.ci_high)
check = content.differences.get("fc_relapse_seven_fold")
with st.container(border=True):
    st.markdown('**Fact-check: "7-fold"**')
    left, right = st.columns(2)
    left.metric("Document 000 says", "7-fold lower risk")
    right.metric(
        f"RR {effect.value:g} means",
        f"{maths['times_lower']:.1f}× lower risk",
        f"{maths['relative_reduction_percent']:.0f}% relative reduction",
        delta_color="off",
    )
    st.write(
        f"1 / {effect.value:g} = {maths['times_lower']:.2f}; the 95% CI "
        f"{effect.ci_low:g}-{effect.ci_high:g} gives {maths['ci_times'][0]:.1f}-"
        f"{maths['ci_times'][1]:.1f} times lower risk."
    )
    if check is not None:
        st.caption(f"{check.comment.text} ({cite(check.comment.sources, content)})")
    for eid in ("hanifin_single_trial", "berth_jones_single_trial"):
        e = content.evidence[eid]
        st.caption(f"{e.statement} ({cite(e.sources, content)})")

st.subheader("Recommendation strength and certainty: topical agents")
matrix_sources = sorted({s for e in content.evidence.values() if e.strength or e.certainty for s in e.sources})
chart_block(specs["matrix"], charts.certainty_matrix_data(content), matrix_sources, "ev_matrix")

st.subheader("Systemic agents: dose ranges")
dose_sources = sorted({s for t in content.therapies.values() if t.dose for s in t.dose.sources})
doses = charts.systemic_dose_data(content, weight)
for unit in dict.fromkeys(doses["unit"]):  # one chart per unit: different units never share an axis
    st.vega_lite_chart(specs[f"dose_{unit}"], width="stretch", key=f"ev_dose_{unit}")
    st.caption(charts.finding(specs[f"dose_{unit}"]))
st.caption(caption(dose_sources, content))
with st.expander("Show the data"):
    st.dataframe(doses, hide_index=True, width="stretch")
if weight is None:
    st.caption("Give a weight in the explorer to see mg/day for the weight-based agents.")

state.sync_url()
