"""Timelines: every expected timing on one chart, with a week marker shared with the explorer."""

import streamlit as st

from pathway.clinical.citations import caption
from pathway.clinical.scenario import TimelineEntry
from pathway.present import charts
from pathway.present.charts.timeline_clock import reference_clock
from pathway.present.charts.timeline_spec import clock_spec
from pathway.present.slides.charts import timeline_entries
from ui import state
from ui.common import get_content
from ui.controls import duration_slider
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/timeline: Expected timelines")
st.write(
    "When each treatment should show an effect, how long courses last, and the decision points. "
    "Each row counts from the first day of its own step. The marker reads the duration slider "
    "(shared with the scenario explorer) as the number of weeks into the current step."
)


@st.cache_data(show_spinner=False)
def _rows(version: str):
    return charts.timeline_rows(list(content.timelines.values()))


@st.cache_resource(show_spinner=False)
def _entries(version: str) -> list[TimelineEntry]:
    """Every timing in the content, in the engine's form (weeks), for the chart."""
    return timeline_entries(content)


week = duration_slider()
rows = _rows(content.meta.version)
spec = clock_spec(_entries(content.meta.version), reference_clock(week))
st.vega_lite_chart(spec, width="stretch", key="all_timelines")
st.caption(charts.finding(spec))
sources = sorted({s for t in content.timelines.values() for s in t.sources})
st.caption(caption(sources, content))
with st.expander("Show the data"):
    st.dataframe(rows, hide_index=True, width="stretch")

st.subheader(f"Due or reached by week {week:g} of a step")
due = charts.due_by_week(rows, week)
if due.empty:
    st.caption("Nothing is due yet at this week.")
for _, row in due.iterrows():
    item = content.timelines[row["id"]]
    st.markdown(
        f"- **{item.label}.** {item.text}"
        + (f" _If no response: {item.if_no_response}_" if item.if_no_response else "")
    )

state.sync_url()
