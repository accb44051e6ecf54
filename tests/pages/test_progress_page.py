"""My progress page: a learner's saved answers, found again by their key in a fresh process, drawn,
exported and deleted; no learner or an unknown key is explained; the bank's exports."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest
import streamlit as st
from app_helpers import chart_specs, open_direct, open_page, texts
from share_links import assert_key_only_in_the_private_link
from streamlit.testing.v1 import AppTest

from pathway.clinical.engine import default_content
from pathway.learn.bank import load_bank, question_json
from pathway.learn.progress_summary import summarise
from pathway.present.charts.progress import percent
from pathway.store.db import forget_engine, make_engine
from pathway.store.progress import create_learner, history, learner_for_key, record_answer
from ui import progress_view

PAGE = "pages/10_Progress.py"
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
# (item, topic, stage, correct, confidence, mode)
ANSWERS = [
    ("q_herpeticum_punched_out", "red_flags", "eczema_herpeticum", False, "sure", "tutor"),
    ("q_herpeticum_punched_out", "red_flags", "eczema_herpeticum", False, "unsure", "review"),
    ("q_herpeticum_punched_out", "red_flags", "eczema_herpeticum", True, "guess", "tutor"),
    ("case-17", "systemic", "systemic", True, "sure", "tutor"),
    ("case-18", "systemic", "systemic", True, "sure", "tutor"),
    ("case-19", "systemic", "systemic", False, "unsure", "exam"),
    ("case-20", "wet_wraps", "wet_wrap", True, "guess", "tutor"),
]


def _record(engine, learner_id: int) -> list[str]:
    ids = []
    for n, (item, topic, stage, correct, confidence, mode) in enumerate(ANSWERS):
        attempt = str(uuid.uuid4())
        ids.append(attempt)
        record_answer(
            engine,
            learner_id,
            attempt_id=attempt,
            item_id=item,
            item_kind="case" if item.startswith("case-") else "question",
            topic=topic,
            stage=stage,
            choice_id="a",
            correct=correct,
            confidence=confidence,
            mode=mode,
            seconds=10.0 + n,
            answered_at=T0 + timedelta(hours=n),
            schedule_review=True,
        )
    return ids


def _fresh_process(url: str) -> None:
    """What a restarted server would have: no cached engine, resource or data."""
    st.cache_resource.clear()
    st.cache_data.clear()
    forget_engine(url)


@pytest.fixture
def saved(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Dr Ana")
    attempts = _record(engine, learner.id)
    _fresh_process(learner_database)
    return learner, key, attempts


def _chart(at: AppTest, title_start: str) -> tuple[dict, list[dict]]:
    """The chart whose title starts so: its spec and the rows it draws (Streamlit sends them as Arrow)."""
    found = [
        c for c in at.get("vega_lite_chart") if json.loads(c.proto.spec)["usermeta"]["title"].startswith(title_start)
    ]
    assert len(found) == 1, [s["usermeta"]["title"] for s in chart_specs(at)]
    proto = found[0].proto
    assert len(proto.datasets) == 1
    rows = pa.ipc.open_stream(proto.datasets[0].data.data).read_pandas().to_dict("records")
    return json.loads(proto.spec), rows


def _rows(at: AppTest, title_start: str) -> list[dict]:
    return _chart(at, title_start)[1]


def test_saved_answers_are_drawn_for_that_key_in_a_fresh_session(saved):
    _learner, key, _ = saved
    at = open_direct(PAGE, key=key)
    assert not at.exception, [e.message for e in at.exception]
    assert at.metric[0].value == str(len(ANSWERS))
    topics = {r["name"]: (r["answered"], r["correct"]) for r in _rows(at, "Weakest topic")}
    assert topics == {"red_flags": (3, 1), "systemic": (3, 2), "wet_wraps": (1, 1)}
    stages = {r["name"]: (r["answered"], r["correct"]) for r in _rows(at, "Weakest stage")}
    assert stages == {"eczema_herpeticum": (3, 1), "systemic": (3, 2), "wet_wrap": (1, 1)}
    # calibration leaves out the exam answer, which was given with no confidence
    calibration = {r["name"]: (r["answered"], r["correct"]) for r in _rows(at, "When sure")}
    assert calibration == {"sure": (3, 2), "unsure": (1, 0), "guess": (2, 2)}
    trend, points = _chart(at, "Your last")
    assert [p["percent"] for p in points] == [0, 0, 33, 50, 60, 50, 57]
    assert trend["usermeta"]["title"] == "Your last 7 answers: 57% right"
    # the weakest topic (answered twice or more, something missed) and what is due
    assert any("**Red flags and infection**: 1 of 3 right (33%)" in m.value for m in at.markdown)
    # one card per bank question, one per step for generated cases: red flags question, systemic, wet wraps
    assert at.metric[2].value == "3"
    assert any(
        m.value.startswith("3 due now") and "A new generated case at the step: Systemic treatment" in m.value
        for m in at.markdown
    )


def test_weakest_topics_link_to_practice_with_a_question_missed_there(saved):
    _learner, key, _ = saved
    at = open_page(PAGE)
    at.query_params["key"] = key
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    links = [link.proto for link in at.main.get("page_link")]
    practise = [p for p in links if p.label.startswith("Practise")]
    assert practise, [p.label for p in links]
    assert practise[0].label == "Practise red flags and infection"
    query = practise[0].query_string
    assert "topic=red_flags" in query and "item=q_herpeticum_punched_out" in query
    assert key not in query, "the session knows the learner: no link carries the private key"


def test_no_link_on_my_progress_holds_the_key_but_the_private_one(saved):
    _learner, key, _ = saved
    at = open_direct(PAGE, key=key)
    links = [link.proto for link in at.main.get("page_link")]
    assert len(links) >= 2, [p.label for p in links]  # Practise <topic>, Review them in Practice
    assert_key_only_in_the_private_link(at, key)
    assert at.query_params.get("key") in (key, [key]), "the address keeps the key, so a reload resumes"


def test_sign_out_on_this_device_clears_the_key_and_keeps_the_progress(saved, learner_database):
    learner, key, _ = saved
    at = open_direct(PAGE, key=key)
    at.button(key="learner_sign_out").click().run()
    assert "key" not in at.query_params
    assert any("Signed out on this device" in s and "progress stays saved" in s for s in texts(at.success))
    assert chart_specs(at) == [], "nothing of the learner's is shown any more"
    assert len(history(make_engine(learner_database), learner.id)) == len(ANSWERS)
    assert open_direct(PAGE, key=key).metric[0].value == str(len(ANSWERS)), "the private link still opens it"


def test_the_answers_download_and_table_hold_every_saved_answer(saved):
    """The download and the "Show my answers" table are drawn from the same CSV text (no Streamlit
    internals read here: the table on screen shows what the download holds)."""
    _learner, key, attempts = saved
    at = open_direct(PAGE, key=key)
    assert not at.exception
    assert "Download my answers (CSV)" in [b.label for b in at.get("download_button")]
    rows = at.dataframe[-1].value.to_dict("records")
    assert [r["Attempt id"] for r in rows] == attempts
    assert [r["Result"] for r in rows] == ["right" if a[3] else "wrong" for a in ANSWERS]
    assert [r["Mode"] for r in rows] == [{"tutor": "practice"}.get(a[5], a[5]) for a in ANSWERS]
    # readable without the app: the question and both answers in words
    question = next(q for q in (question_json(q) for q in load_bank()) if q["id"] == ANSWERS[0][0])
    assert rows[0]["Question"] == f"{question['stem']} {question['lead_in']}"
    assert rows[0]["Your answer"] == question["choices"][0]["text"]  # choice "a"
    assert rows[0]["Correct answer"] == next(c["text"] for c in question["choices"] if c["id"] == question["answer"])
    assert [r["Question"] for r in rows[3:]] == [
        "Generated case 17",
        "Generated case 18",
        "Generated case 19",
        "Generated case 20",
    ]
    assert rows[3]["Correct answer"] == "Move on to systemic treatment"


def test_delete_asks_first_then_removes_everything_and_signs_out(saved, learner_database):
    learner, key, _ = saved
    at = open_direct(PAGE, key=key)
    at.button(key="progress_delete").click().run()
    assert any("deletes your nickname, every answer" in w for w in texts(at.warning))
    at.button(key="progress_delete_no").click().run()  # cancel keeps everything
    engine = make_engine(learner_database)
    assert len(history(engine, learner.id)) == len(ANSWERS)
    at.button(key="progress_delete").click().run()
    at.button(key="progress_delete_yes").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Your history is deleted" in s for s in texts(at.success))
    assert history(engine, learner.id) == [] and learner_for_key(engine, key) is None
    assert "key" not in at.query_params
    assert not at.warning  # signed out quietly: no "unknown key" complaint
    assert chart_specs(at) == []


def test_an_unknown_key_says_so_and_shows_nothing(learner_database):
    at = open_direct(PAGE, key="A" * 32)
    assert not at.exception
    assert any("does not belong to any learner" in w for w in texts(at.warning))
    assert chart_specs(at) == []
    assert any("Pick a nickname above" in i for i in texts(at.info))


def test_without_a_learner_the_page_says_how_to_start():
    at = open_page(PAGE)
    assert not at.exception
    assert any("Pick a nickname above" in i for i in texts(at.info))
    assert [link.proto.label for link in at.main.get("page_link")] == ["Practice questions", "Exam"]


def test_a_learner_with_no_answers_is_told_where_to_answer(learner_database):
    engine = make_engine(learner_database)
    _learner, key = create_learner(engine, "New one")
    at = open_direct(PAGE, key=key)
    assert any("No answers saved yet" in i for i in texts(at.info))
    assert at.button(key="progress_delete") is not None


def test_one_answer_is_counted_as_one_answer(learner_database):
    """No "1 answers": the count under the share right, the trend's title and its text alternative."""
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "First go")
    item, topic, stage, _correct, confidence, mode = ANSWERS[0]
    record_answer(
        engine,
        learner.id,
        attempt_id=str(uuid.uuid4()),
        item_id=item,
        item_kind="question",
        topic=topic,
        stage=stage,
        choice_id="c",
        correct=True,
        confidence=confidence,
        mode=mode,
        seconds=9.0,
        answered_at=T0,
    )
    _fresh_process(learner_database)
    at = open_direct(PAGE, key=key)
    assert not at.exception, [e.message for e in at.exception]
    assert at.metric[1].delta == "1 answer"
    trend, _ = _chart(at, "Your last")
    assert trend["usermeta"]["title"] == "Your last answer: 100% right"
    shown = json.dumps([json.loads(c.proto.spec) for c in at.get("vega_lite_chart")])
    assert not re.search(r"\b1 (?:answers|topics|stages)\b|\beach of 1\b", shown), "a plural after a count of 1"


def test_the_bank_exports_are_a_moodle_quiz_and_an_anki_package():
    items, content = tuple(question_json(q) for q in load_bank()), default_content()
    xml = progress_view.moodle_bytes("test", items, content).decode("utf-8")
    assert xml.startswith("<?xml") and xml.count('<question type="multichoice"') == len(items)
    apkg = progress_view.anki_bytes("test", items, content)
    with zipfile.ZipFile(io.BytesIO(apkg)) as package:
        assert "collection.anki2" in package.namelist()
    at = open_page(PAGE)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Moodle XML", "Anki deck (.apkg)"]


def test_the_summary_the_page_draws_is_the_histories():
    """The page's numbers come from summarise(history): cross-check one figure independently."""

    class A:
        def __init__(self, row, n):
            self.topic, self.stage, self.correct, self.confidence, self.mode = row[1], row[2], row[3], row[4], row[5]
            self.answered_at = T0 + timedelta(hours=n)

    summary = summarise([A(r, n) for n, r in enumerate(ANSWERS)])
    assert percent(summary["accuracy"]) == round(100 * sum(r[3] for r in ANSWERS) / len(ANSWERS))
    assert summary["weakest"] == ["red_flags", "systemic"]
