"""Pieces of the "My progress" page: charts with their data, weak topics with a way to practise them,
reviews due, the learner's own data (download, delete) and the question bank's exports."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.content import Content
from pathway.learn.export import anki_package, moodle_xml
from pathway.learn.topics import stage_label, topic_label
from pathway.present.charts import progress as progress_charts
from pathway.store.progress import Attempt, Learner, delete_learner
from pathway.store.reports import export_csv
from ui import learner as who
from ui import navigation as nav
from ui.common import get_bank_items, get_content
from ui.errors import in_callback
from ui.safe import plain

PRACTICE_PAGE = "pages/8_Practice.py"
CONFIRM, DELETED = "progress_confirm_delete", "progress_deleted"
DUE_SHOWN = 10


class ChartSpecs(TypedDict):
    """The page's charts as Vega-Lite dicts; no calibration chart before an answer with a confidence."""

    topics: dict
    stages: dict
    trend: dict
    calibration: dict | None


@st.cache_data(show_spinner=False, max_entries=256)
def chart_specs(summary: dict[str, Any], window: int) -> ChartSpecs:
    """The page's four charts as Vega-Lite dicts, built once per summary (a rerun that changes no
    answer, such as opening "Show the data", redraws them without rebuilding)."""
    calibration = summary["calibration"]
    return {
        "topics": progress_charts.topic_chart(summary["by_topic"]).to_dict(),
        "stages": progress_charts.stage_chart(summary["by_stage"]).to_dict(),
        "trend": progress_charts.trend_chart(summary["trend"], window).to_dict(),
        "calibration": progress_charts.calibration_chart(calibration).to_dict()
        if any(c["answered"] for c in calibration.values())
        else None,
    }


def chart(spec: dict, data: pd.DataFrame, key: str) -> None:
    """A chart, its finding in words under it, and its numbers on request."""
    st.vega_lite_chart(spec, width="stretch", key=key)
    st.caption(spec["description"])
    with st.expander("Show the data"):
        st.dataframe(data.drop(columns=["name"], errors="ignore"), hide_index=True, width="stretch")


def _practice_item(topic: str, attempts: list[Attempt], bank: list[dict]) -> str | None:
    """A bank question to practise a topic with: the last one answered wrong there, else its first."""
    ids = {q["id"] for q in bank if q["topic"] == topic}
    wrong = [a.item_id for a in attempts if a.topic == topic and not a.correct and a.item_id in ids]
    if wrong:
        return wrong[-1]
    return next((q["id"] for q in bank if q["topic"] == topic), None)


def weakest(summary: dict[str, Any], attempts: list[Attempt], bank: list[dict], params: dict[str, str]) -> None:
    if not summary["weakest"]:
        st.caption(
            "No weak topic yet: a topic shows here once you have answered it at least twice and missed at least once."
        )
        return
    for topic in summary["weakest"]:
        t = summary["by_topic"][topic]
        st.markdown(
            f"**{topic_label(topic)}**: {t['correct']} of {t['answered']} right "
            f"({progress_charts.percent(t['accuracy'])}%)"
        )
        item = _practice_item(topic, attempts, bank)
        if item is not None:
            nav.link(
                PRACTICE_PAGE,
                f"Practise {topic_label(topic).lower()}",
                ":material/quiz:",
                query_params={**params, "topic": topic, "item": item},  # Practice keeps the topic filter
            )


def _review_text(key: str, bank: dict[str, dict]) -> str:
    if key.startswith("stage:"):
        return f"A new generated case at the step: {stage_label(key.removeprefix('stage:'))}"
    item = bank.get(key)
    if item is None:
        return f"Question {plain(key)} (no longer in the bank)"
    return f"{topic_label(item['topic'])}: {plain(item['stem'], limit=90)}"


def due(reviews: list[tuple[str, Any]], bank: list[dict], params: dict[str, str]) -> None:
    if not reviews:
        st.caption(":material/event_available: Nothing is due for review now.")
        return
    by_id = {q["id"]: q for q in bank}
    st.markdown(
        f"{len(reviews)} due now, the longest overdue first:\n"
        + "\n".join(f"- {_review_text(key, by_id)}" for key, _ in reviews[:DUE_SHOWN])
        + (f"\n- and {len(reviews) - DUE_SHOWN} more" if len(reviews) > DUE_SHOWN else "")
    )
    nav.link(
        PRACTICE_PAGE,
        "Review them in Practice questions (choose Review due)",
        ":material/event_repeat:",
        query_params=params,
    )


def answers_table(csv_text: str) -> pd.DataFrame:
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    return pd.DataFrame(rows)


@in_callback
def _delete(engine: Engine, learner_id: int) -> None:
    gone = delete_learner(engine, learner_id)
    st.session_state.pop(who.SESSION_KEY, None)
    st.session_state.pop(who.NEW_KEY, None)
    st.session_state.pop(CONFIRM, None)
    if who.KEY_PARAM in st.query_params:
        del st.query_params[who.KEY_PARAM]
    st.session_state[DELETED] = gone


def my_data(engine: Engine, learner: Learner) -> None:
    """Download every answer as CSV; delete the learner and everything saved, after a confirmation."""
    csv_text = export_csv(engine, learner.id, get_bank_items())  # the bank the page shows
    st.download_button(
        "Download my answers (CSV)",
        data=csv_text,
        file_name="eczema-ladder-my-answers.csv",
        mime="text/csv",
        icon=":material/download:",
        key="progress_csv",
        on_click="ignore",
    )
    with st.expander("Show my answers"):
        st.dataframe(answers_table(csv_text), hide_index=True, width="stretch")
    if not st.session_state.get(CONFIRM):
        st.button(
            "Delete my history",
            key="progress_delete",
            icon=":material/delete:",
            on_click=lambda: st.session_state.update({CONFIRM: True}),
        )
        return
    with st.container(border=True):
        st.warning(
            "This deletes your nickname, every answer and every review for good, and your private key "
            "stops working. Download your answers first if you want to keep them.",
            icon=":material/warning:",
        )
        yes, no = st.columns(2)
        yes.button(
            "Yes, delete everything",
            key="progress_delete_yes",
            type="primary",
            icon=":material/delete_forever:",
            on_click=_delete,
            args=(engine, learner.id),
        )
        no.button("Cancel", key="progress_delete_no", on_click=lambda: st.session_state.pop(CONFIRM, None))


def deleted_notice() -> None:
    gone = st.session_state.pop(DELETED, None)
    if gone is not None:
        st.success(
            "Your history is deleted: nickname, answers and reviews. Pick a new nickname to start again."
            if gone
            else "There was nothing left to delete.",
            icon=":material/delete:",
        )


@st.cache_resource(show_spinner=False, max_entries=2)
def moodle_bytes(version: str, _items: tuple[dict, ...], _content: Content) -> bytes:
    """The authored bank as Moodle XML (built once per content version, when first asked for)."""
    return moodle_xml(list(_items), _content).encode("utf-8")


@st.cache_resource(show_spinner=False, max_entries=2)
def anki_bytes(version: str, _items: tuple[dict, ...], _content: Content) -> bytes:
    """The authored bank as an Anki package (built once per content version, when first asked for)."""
    with tempfile.TemporaryDirectory() as folder:
        return anki_package(list(_items), Path(folder) / "eczema-ladder.apkg", _content).read_bytes()


def _lazy(build: Callable[[str, tuple[dict, ...], Content], bytes], version: str) -> Callable[[], bytes]:
    items, content = get_bank_items(), get_content()
    return lambda: build(version, items, content)


def bank_exports(version: str, size: int) -> None:
    st.caption(
        f"All {size} questions of the bank, with every explanation and source, to import into a "
        "course (Moodle) or to study as flashcards (Anki). Built when you click."
    )
    moodle, anki = st.columns(2)
    moodle.download_button(
        "Moodle XML",
        data=_lazy(moodle_bytes, version),
        file_name="eczema-ladder-questions.xml",
        mime="application/xml",
        icon=":material/download:",
        key="bank_moodle",
        on_click="ignore",
    )
    anki.download_button(
        "Anki deck (.apkg)",
        data=_lazy(anki_bytes, version),
        file_name="eczema-ladder.apkg",
        mime="application/octet-stream",
        icon=":material/download:",
        key="bank_anki",
        on_click="ignore",
    )
