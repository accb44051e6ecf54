"""Timelines: every expected timing on one chart, with a week marker shared with the explorer."""

import streamlit as st

from pathway import charts
from ui import state
from ui.common import page_setup
from ui.controls import duration_slider

content = page_setup("Timelines", "⏱️")
st.title("⏱️ Expected timelines")
st.write("When each treatment should show an effect, how long courses last, and the decision points. "
         "The week marker follows the duration slider, shared with the scenario explorer.")


@st.cache_data(show_spinner=False)
def _rows(version: str):
    return charts.timeline_rows(list(content.timelines.values()))


week = duration_slider()
rows = _rows(content.meta.version)
st.altair_chart(charts.timeline_chart(list(content.timelines.values()), current_week=week),
                width="stretch", key="all_timelines")
sources = sorted({s for t in content.timelines.values() for s in t.sources})
st.caption(charts.caption_for(sources, content))
with st.expander("Show the data"):
    st.dataframe(rows, hide_index=True, width="stretch")

st.subheader(f"Due or reached by week {week:g}")
due = charts.due_by_week(rows, week)
if due.empty:
    st.caption("Nothing is due yet at this week.")
for _, row in due.iterrows():
    item = content.timelines[row["id"]]
    st.markdown(f"- **{item.label}.** {item.text}" + (f" _If no response: {item.if_no_response}_"
                                                       if item.if_no_response else ""))

state.sync_url()
