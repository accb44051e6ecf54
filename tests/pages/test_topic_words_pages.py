"""One topic vocabulary on every page: Practice's topic filter and captions, Exam's topic list and its
score by topic, and My progress's topic chart and table all show the labels of content/topics.yaml,
in its order, for the same ids (a generated case's topic too)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pyarrow as pa
from app_helpers import open_direct
from streamlit.testing.v1 import AppTest

from pathway.learn.bank import load_bank
from pathway.learn.topics import topic_ids, topic_label, topic_of_stage
from pathway.store.db import make_engine
from pathway.store.progress import create_learner, record_answer

LABELS = [topic_label(t) for t in topic_ids()]
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_vocabulary_has_words_not_ids():
    """The checks below would pass trivially if a label were its id."""
    assert "Red flags and infection" in LABELS and "red_flags" not in LABELS
    assert len(set(LABELS)) == len(LABELS) == len(topic_ids())


def test_practice_topic_filter_shows_the_vocabulary_labels_in_its_order():
    at = _no_exception(open_direct("pages/8_Practice.py"))
    box = at.selectbox(key="practice_topic")
    held = {q.topic for q in load_bank()}
    assert box.options == ["All topics", *(topic_label(t) for t in topic_ids() if t in held)]
    at = _no_exception(box.set_value("source_differences").run())
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Question bank · topic: Where the sources differ ·") for c in captions), captions


def test_a_generated_case_is_captioned_with_its_stage_topics_label():
    at = _no_exception(open_direct("pages/8_Practice.py", seed="42"))
    item = at.session_state["practice_turn"]["item"]
    assert item["topic"] == topic_of_stage(item["stage"])
    label = topic_label(item["topic"])
    assert any(f"· topic: {label} ·" in c.value for c in at.caption), [c.value for c in at.caption]


def test_exam_topic_list_shows_the_vocabulary_labels_in_its_order():
    at = _no_exception(open_direct("pages/9_Exam.py"))
    assert at.multiselect(key="exam_topics").options == LABELS


def _chart_rows(at: AppTest, title_start: str) -> list[dict]:
    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec)["usermeta"]["title"].startswith(title_start):
            return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas().to_dict("records")
    raise AssertionError(f"no chart titled {title_start!r}")


def test_my_progress_topic_chart_and_table_show_the_vocabulary_labels(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Dr Topic")
    answered = ["red_flags", "red_flags", "source_differences", "monitoring", "monitoring"]
    for n, topic in enumerate(answered):
        record_answer(
            engine,
            learner.id,
            attempt_id=str(uuid.uuid4()),
            item_id=f"case-{n}",
            item_kind="case",
            topic=topic,
            stage="systemic",
            choice_id="a",
            correct=n % 2 == 0,
            confidence="sure",
            mode="tutor",
            seconds=10.0,
            answered_at=T0 + timedelta(minutes=n),
        )
    at = _no_exception(open_direct("pages/10_Progress.py", key=key))
    rows = _chart_rows(at, "Weakest topic")
    assert {r["name"]: r["label"] for r in rows} == {t: topic_label(t) for t in set(answered)}
    tables = [df.value for df in at.dataframe if "label" in df.value.columns]
    assert any(set(t["label"]) == {topic_label(x) for x in answered} for t in tables), tables
    weakest = [m.value for m in at.markdown if m.value.startswith("**")]
    assert any(m.startswith(f"**{topic_label('red_flags')}**: 1 of 2 right") for m in weakest), weakest
