"""Item statistics, for the question bank's maintainers: per item, answers, share correct, discrimination and
flags, computed in the database (``pathway.store.item_stats``); sortable, and as CSV. Counts only: no learner
is named or can be told apart."""

import pandas as pd
import streamlit as st

from pathway.store.item_stats import (
    COLUMNS,
    MIN_LEARNERS,
    flagged,
    item_statistics,
    stats_csv,
    stats_note,
    stats_rows,
)
from ui.common import get_bank
from ui.learner import database
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

st.title(":material/analytics: Item statistics")
st.caption(
    "For the question bank's maintainers: how each item has worked, as question banks report it. "
    "Click a column header to sort."
)
stats = item_statistics(database(), get_bank())
if not any(s.answers for s in stats):
    st.info("No answers saved yet: the statistics fill in as learners answer in Practice or an Exam.")

total, judged, marked = st.columns(3)
total.metric("Items", len(stats))
judged.metric(f"With {MIN_LEARNERS} learners or more", sum(1 for s in stats if s.learners >= MIN_LEARNERS))
marked.metric("Flagged", len(flagged(stats)))

only_flagged = st.toggle("Only items with a flag", key="item_stats_flagged")
shown = flagged(stats) if only_flagged else stats
table = pd.DataFrame(stats_rows(shown), columns=list(COLUMNS))
table["share_correct"] = table["share_correct"] * 100  # shown as a whole percentage, sorted as a number
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    key="item_stats_table",
    column_config={
        "item": st.column_config.TextColumn(COLUMNS["item"], pinned=True),
        "topic": st.column_config.TextColumn(COLUMNS["topic"]),
        "answers": st.column_config.NumberColumn(COLUMNS["answers"], help="every answer, every try"),
        "learners": st.column_config.NumberColumn(
            COLUMNS["learners"], help="learners who answered the item; their first answers are what counts"
        ),
        "share_correct": st.column_config.NumberColumn(
            COLUMNS["share_correct"], format="%.0f%%", help="share of learners right at the first try"
        ),
        "discrimination": st.column_config.NumberColumn(
            COLUMNS["discrimination"],
            format="%.2f",
            help="point-biserial: first answer (right 1, wrong 0) against the learner's share right on the rest",
        ),
        "flags": st.column_config.TextColumn(COLUMNS["flags"], width="large"),
    },
)
st.download_button(
    "Download the statistics (CSV)",
    data=stats_csv(shown),
    file_name="eczema-ladder-item-statistics.csv",
    mime="text/csv",
    icon=":material/download:",
    key="item_stats_csv",
    on_click="ignore",
)
st.caption(stats_note(stats, MIN_LEARNERS))
