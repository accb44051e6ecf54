"""My progress: how a signed-in learner is doing, by topic, by stage, over time and against their own
confidence; what to practise and review next; their data to download or delete; the bank's exports."""

import streamlit as st

from pathway.learn.progress_summary import TREND_WINDOW, summarise
from pathway.learn.topics import stage_label, topic_label
from pathway.present.charts import progress as pc
from pathway.store.progress import history
from pathway.store.review_store import due_reviews
from ui import exam_flow, state
from ui import navigation as nav
from ui import progress_view as view
from ui.common import get_bank_items, get_content
from ui.learner import database, learner_panel, page_params
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/monitoring: My progress")
engine = database()
view.deleted_notice()
learner = learner_panel(engine)
params = page_params(learner)  # the key stays in this page's address (a reload resumes)...
links: dict[str, str] = {}  # ...but never in a link the page offers: this session already knows the learner
bank = list(get_bank_items())


def how_to_start(first: str) -> None:
    st.info(
        f"{first} Answer questions in Practice questions or take an Exam; your results show here.",
        icon=":material/info:",
    )
    nav.link("pages/8_Practice.py", "Practice questions", ":material/quiz:", query_params=links)
    nav.link("pages/9_Exam.py", "Exam", ":material/timer:", query_params=links)


if learner is None:
    how_to_start("Pick a nickname above (or resume with your private key) to keep your progress.")
else:
    attempts = history(engine, learner.id)
    if not attempts:
        how_to_start("No answers saved yet.")
    else:
        summary = summarise(attempts)
        reviews = due_reviews(engine, learner.id, exam_flow.utc_now())
        answered, right, due_now = st.columns(3)
        answered.metric("Answers", summary["answered"])
        right.metric(
            "Right",
            f"{pc.percent(summary['accuracy'])}%",
            f"{summary['correct']} answer{'s' if summary['correct'] != 1 else ''}",
            delta_color="off",
            delta_arrow="off",
        )
        due_now.metric("Reviews due", len(reviews))

        specs = view.chart_specs(summary, TREND_WINDOW)
        st.header("By topic")
        view.chart(specs["topics"], pc.accuracy_data(summary["by_topic"], topic_label), "progress_topics")
        st.subheader("Weakest topics")
        view.weakest(summary, attempts, bank, links)

        st.header("By step of the ladder")
        view.chart(specs["stages"], pc.accuracy_data(summary["by_stage"], stage_label), "progress_stages")

        st.header("Over time")
        view.chart(specs["trend"], pc.trend_data(summary["trend"]), "progress_trend")

        st.header("Sure, unsure or guessing")
        if specs["calibration"] is not None:
            view.chart(specs["calibration"], pc.calibration_data(summary["calibration"]), "progress_calibration")
        else:
            st.caption("Shown once you answer in Practice, which asks how sure you are (an exam does not).")

        st.header("Due for review")
        view.due(reviews, bank, links)

    st.header("My data")
    view.my_data(engine, learner)

st.header("Export the question bank")
view.bank_exports(content.meta.version, len(bank))
state.sync_url(**params)
