"""Progress charts: the numbers drawn are the summary's, the title states the finding, and every text
fits from a phone to a wide screen (drawn as Streamlit draws them, see chart_render.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from chart_render import WIDTHS, draw

from pathway.learn.progress_summary import summarise
from pathway.present.charts import progress as pc
from pathway.present.charts.style import title_lines

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)


@dataclass
class A:
    topic: str
    stage: str
    correct: bool
    confidence: str
    answered_at: datetime
    mode: str = "tutor"


ROWS = [
    ("wet_wraps", "wet_wrap", True, "sure"),
    ("wet_wraps", "wet_wrap", False, "sure"),
    ("systemic", "systemic", False, "guess"),
    ("systemic", "systemic", False, "unsure"),
    ("source_differences", "maintenance", True, "sure"),
    ("red_flags", "eczema_herpeticum", True, "guess"),
    ("doses_and_age_limits", "topical_calcineurin_inhibitor", True, "unsure"),
] * 2
SUMMARY = summarise([A(t, s, c, f, T0 + timedelta(hours=i)) for i, (t, s, c, f) in enumerate(ROWS)])


def _layer_data(spec: dict) -> list[dict]:
    """The rows of the layer drawing the bars (the one with a description encoding)."""
    datasets = spec["datasets"]
    for layer in spec["layer"]:
        if "description" in layer.get("encoding", {}):
            return datasets[layer.get("data", spec.get("data", {})).get("name")]
    raise AssertionError("no described layer")


def _specs() -> dict[str, dict]:
    return {
        "topic": pc.topic_chart(SUMMARY["by_topic"]).to_dict(),
        "stage": pc.stage_chart(SUMMARY["by_stage"]).to_dict(),
        "calibration": pc.calibration_chart(SUMMARY["calibration"]).to_dict(),
        "trend": pc.trend_chart(SUMMARY["trend"], 10).to_dict(),
    }


SPECS = _specs()


def test_topic_chart_draws_the_summary_numbers_weakest_first():
    rows = _layer_data(SPECS["topic"])
    drawn = {r["name"]: (r["answered"], r["correct"], r["percent"]) for r in rows}
    assert drawn == {
        t: (v["answered"], v["correct"], pc.percent(v["accuracy"])) for t, v in SUMMARY["by_topic"].items()
    }
    assert rows[0]["name"] == "systemic"
    assert SPECS["topic"]["usermeta"]["title"].startswith("Weakest topic: Systemic treatment, 0 of 4 right (0%)")


def test_a_tie_names_no_weakest_topic():
    tie = {
        "wet_wraps": {"answered": 2, "correct": 1, "accuracy": 0.5},
        "systemic": {"answered": 4, "correct": 2, "accuracy": 0.5},
    }
    assert pc.topic_chart(tie).to_dict()["usermeta"]["title"] == "Every topic 50% right: 3 of 6 answers in 2 topics"
    one = {"systemic": {"answered": 4, "correct": 2, "accuracy": 0.5}}
    assert pc.topic_chart(one).to_dict()["usermeta"]["title"] == "Weakest topic: Systemic treatment, 2 of 4 right (50%)"


def test_stage_chart_draws_every_stage_answered():
    rows = _layer_data(SPECS["stage"])
    assert {r["name"]: r["correct"] for r in rows} == {s: v["correct"] for s, v in SUMMARY["by_stage"].items()}


def test_calibration_chart_compares_confidence_with_results():
    rows = _layer_data(SPECS["calibration"])
    assert [(r["name"], r["answered"], r["correct"]) for r in rows] == [
        (c, SUMMARY["calibration"][c]["answered"], SUMMARY["calibration"][c]["correct"])
        for c in ("sure", "unsure", "guess")
    ]
    assert SPECS["calibration"]["usermeta"]["title"].startswith("When sure, 67% right; when unsure, 50% right")


def test_calibration_chart_says_when_being_sure_did_not_help():
    calibration = {
        "sure": {"answered": 4, "correct": 1, "accuracy": 0.25},
        "unsure": {"answered": 0, "correct": 0, "accuracy": None},
        "guess": {"answered": 2, "correct": 1, "accuracy": 0.5},
    }
    spec = pc.calibration_chart(calibration).to_dict()
    assert [r["name"] for r in _layer_data(spec)] == ["sure", "guess"]  # an unused confidence is not drawn
    assert "being sure did not mean being right more often" in spec["usermeta"]["title"]


def test_trend_chart_data_is_the_rolling_share_right():
    data = next(iter(SPECS["trend"]["datasets"].values()))
    assert [r["percent"] for r in data] == [pc.percent(t["rolling_accuracy"]) for t in SUMMARY["trend"]]
    last10 = sum(c for _, _, c, _ in ROWS[-10:])
    assert SPECS["trend"]["usermeta"]["title"].startswith(f"Your last 10 answers: {last10 * 10}% right")


def test_no_answers_means_no_chart():
    with pytest.raises(ValueError):
        pc.topic_chart({})
    with pytest.raises(ValueError):
        pc.trend_chart([], 10)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(SPECS))
def test_every_text_fits_at_every_width(name, width):
    spec = SPECS[name]
    drawn_width, _, texts, _ = draw(spec, width)
    assert drawn_width == width
    outside = [t.text for t in texts if t.x1 < -1 or t.x2 > width + 1]
    assert not outside, f"{name} at {width} px: {outside}"
    assert not [t.text for t in texts if "…" in t.text]
    overlapping = [(a.text, b.text) for i, a in enumerate(texts) for b in texts[i + 1 :] if a.overlaps(b)]
    assert not overlapping, f"{name} at {width} px: {overlapping}"
    heading = [t.text for t in texts if t.role == "title-text"]
    assert heading in [lines for _, lines in title_lines(spec["usermeta"]["title"])]
    assert spec["usermeta"]["title"] in spec["description"]
