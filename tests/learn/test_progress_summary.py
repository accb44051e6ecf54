"""A learner's history summarised: by topic, by stage, calibration, trend and weakest topics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from pathway.clinical.engine import STAGE_ORDER
from pathway.learn.progress_summary import rolling_trend, summarise, weakest_topics
from pathway.learn.topics import STAGE_LABELS, topic_ids, topic_label

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)


@dataclass
class A:
    topic: str
    stage: str
    correct: bool
    confidence: str
    answered_at: datetime
    mode: str = "tutor"


def answers(rows, mode="tutor", step=timedelta(hours=5)):
    return [A(t, s, c, f, T0 + i * step, mode) for i, (t, s, c, f) in enumerate(rows)]


HISTORY = answers(
    [
        ("wet_wraps", "wet_wrap", True, "sure"),
        ("wet_wraps", "wet_wrap", False, "sure"),
        ("systemic", "systemic", False, "guess"),
        ("systemic", "systemic", False, "unsure"),
        ("systemic", "systemic", True, "sure"),
        ("red_flags", "eczema_herpeticum", False, "guess"),
    ]
)


def test_tallies_by_topic_stage_and_overall():
    s = summarise(HISTORY)
    assert (s["answered"], s["correct"], s["wrong"]) == (6, 2, 4)
    assert s["by_topic"]["systemic"] == {"answered": 3, "correct": 1, "wrong": 2, "accuracy": pytest.approx(1 / 3)}
    assert s["by_topic"]["wet_wraps"]["accuracy"] == 0.5
    assert list(s["by_stage"]) == sorted(["wet_wrap", "systemic", "eczema_herpeticum"])
    assert s["calibration"]["sure"] == {"answered": 3, "correct": 2, "wrong": 1, "accuracy": pytest.approx(2 / 3)}
    assert s["calibration"]["guess"]["correct"] == 0


def test_weakest_topics_need_two_answers_and_a_wrong_one():
    s = summarise(HISTORY)
    # red flags: one answer only, so not yet called weak
    assert s["weakest"] == ["systemic", "wet_wraps"]
    perfect = {"maintenance": {"answered": 4, "correct": 4, "wrong": 0, "accuracy": 1.0}}
    assert weakest_topics(perfect) == []


def test_exam_answers_count_everywhere_but_in_the_calibration():
    exam = answers([("systemic", "systemic", False, "unsure")] * 4, mode="exam")
    s = summarise(HISTORY + exam)
    assert s["by_topic"]["systemic"]["answered"] == 7
    assert s["calibration"]["unsure"]["answered"] == 1  # only the tutor-mode answer


def test_trend_is_the_share_right_in_the_last_answers():
    rows = answers([("systemic", "systemic", c, "sure") for c in (False, False, True, True, True)])
    trend = rolling_trend(rows, window=2)
    assert [t["rolling_accuracy"] for t in trend] == [0, 0, 0.5, 1, 1]
    assert [t["window"] for t in trend] == [1, 2, 2, 2, 2]
    by_day = summarise(rows)["by_day"]  # 5 h apart from 08:00: the fifth, at 04:00, is the next day
    assert [(d["day"], d["answered"], d["correct"]) for d in by_day] == [("2026-02-01", 4, 2), ("2026-02-02", 1, 1)]


def test_an_empty_history_summarises_to_zeros():
    s = summarise([])
    assert s["answered"] == 0 and s["accuracy"] is None and s["trend"] == [] and s["weakest"] == []
    assert all(c["answered"] == 0 for c in s["calibration"].values())


def test_every_topic_and_stage_has_a_readable_name():
    assert [t for t in topic_ids() if "_" in topic_label(t) or not topic_label(t)[:1].isupper()] == []
    assert set(STAGE_LABELS) == set(STAGE_ORDER)
