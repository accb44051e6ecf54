"""One clock on the timeline: the axis counts from the day the step starts, and the duration slider's
weeks (on the failing regimen) are a marker only where they count the same thing."""

from __future__ import annotations

import pytest
from app_helpers import ADEQUATE_TRUNK, chart_specs, open_page, texts, week_markers

from pathway.clinical.content import load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import Scenario
from pathway.present.charts.timeline_clock import overdue, plan_clock, reference_clock
from pathway.present.charts.timeline_spec import clock_spec, timeline_spec

CONTENT = load_content()
EXPLORER = "pages/2_Scenario_explorer.py"


def _plan(**scenario):
    s = Scenario(**scenario)
    rec = recommend(s, CONTENT)
    return rec, plan_clock(rec, s, CONTENT)


def _axis_title(spec: dict) -> str:
    title = spec["layer"][0]["encoding"]["x"]["axis"]["title"]
    return " ".join(title) if isinstance(title, list) else title


@pytest.mark.parametrize("signs", [("eczema_herpeticum",), ("bacterial_infection",)])
def test_red_flag_plans_have_no_marker(signs):
    rec, clock = _plan(signs=signs, weeks_on_treatment=3, adherence_confirmed=True)
    assert rec.red_flags and clock.week is None and clock.marker is None
    assert clock.note.startswith("Red flag") and "3 weeks" in clock.note
    spec = clock_spec(rec.expected_timeline, clock)
    assert week_markers(spec) == []
    assert "marker" not in spec["description"] and "week 3" not in spec["description"].lower()


def test_herpeticum_plan_is_drawn_in_days_from_today():
    rec, clock = _plan(signs=("eczema_herpeticum",), weeks_on_treatment=3)
    spec = clock_spec(rec.expected_timeline, clock)
    assert _axis_title(spec) == "Days since starting this step"
    assert spec["usermeta"]["title"].startswith("1 expected timing over 1 day")


def test_next_step_plan_starts_at_zero_and_names_the_weeks_before_it():
    rec, clock = _plan(scorad=40, tcs_potency="medium", weeks_on_treatment=3, adherence_confirmed=True)
    assert rec.stage == "wet_wrap"
    assert clock.week is None
    assert (
        clock.note
        == "0 on the axis = the day this step starts; the 3 weeks already on the current regimen come before it"
    )
    spec = clock_spec(rec.expected_timeline, clock)
    assert week_markers(spec) == []
    assert _axis_title(spec) == "Weeks since starting this step"
    assert clock.note in spec["usermeta"]["subtitle"] and clock.note in spec["description"]
    # with no marker on the plan's clock, nothing is flagged as overdue
    assert not any(overdue(clock, e.max_weeks, e.open_ended) for e in rec.expected_timeline)


def test_a_trial_that_is_only_too_short_shows_where_it_stands():
    rec, clock = _plan(scorad=40, tcs_potency="medium", weeks_on_treatment=1, adherence_confirmed=True)
    assert rec.stage == "verify_adequacy"
    assert clock.week == 1 and clock.marker.format(week="1") == "you are here: week 1"
    spec = clock_spec(rec.expected_timeline, clock)
    assert week_markers(spec) == [1.0]
    assert "you are here: week 1" in spec["description"]


def test_a_trial_with_the_wrong_regimen_starts_again_at_zero():
    rec, clock = _plan(scorad=40, tcs_potency="low", weeks_on_treatment=1, adherence_confirmed=True)
    assert rec.stage == "verify_adequacy"
    assert clock.week is None and "adequate steroid trial starts" in clock.note


def test_no_weeks_no_sentence_about_them():
    _, clock = _plan(signs=("eczema_herpeticum",), weeks_on_treatment=0)
    assert clock.note == "Red flag: treat today (0 on the axis)"
    _, clock = _plan(scorad=40, tcs_potency="medium", weeks_on_treatment=0, adherence_confirmed=True)
    assert clock.week == 0 and "has not run yet" in clock.note


def test_the_timelines_page_clock_counts_weeks_into_a_step():
    rec = recommend(Scenario(scorad=40, adherence_confirmed=True, weeks_on_treatment=3), CONTENT)
    spec = clock_spec(rec.expected_timeline, reference_clock(3))
    assert week_markers(spec) == [3.0]
    assert _axis_title(spec) == "Weeks since starting each step"
    assert "week 3 of a step" in spec["description"]


def test_the_marker_never_crosses_the_row_labels_and_its_label_is_never_cut():
    rec = recommend(Scenario(scorad=40, adherence_confirmed=True, weeks_on_treatment=3), CONTENT)
    spec = timeline_spec(rec.expected_timeline, 3.9)
    rule = next(
        layer for layer in spec["layer"] if layer["mark"]["type"] == "rule" and "datum" in layer["encoding"]["x"]
    )
    bars = spec["usermeta"]["bars"]
    assert len(rule["data"]["values"]) == len(bars)  # one stroke per row, across its bar only
    for stroke, (top, bottom) in zip(rule["data"]["values"], bars):
        assert top - 5 <= stroke["y"] < stroke["y2"] <= bottom + 5
    label = next(
        layer for layer in spec["layer"] if layer["mark"]["type"] == "text" and "datum" in layer["encoding"]["x"]
    )
    assert label["mark"]["align"] == "right"  # near the end of the axis: the label goes left of the marker
    early = timeline_spec(rec.expected_timeline, 0.5)
    assert next(layer for layer in early["layer"] if layer["mark"].get("text") == "week 0.5")["mark"]["align"] == "left"


# ---------- the pages ----------


def test_explorer_next_step_has_no_marker_and_says_why():
    at = open_page(EXPLORER, scorad="40", **{**ADEQUATE_TRUNK, "weeks": "3"})
    spec = chart_specs(at)[0]
    assert week_markers(spec) == []
    captions = " ".join(texts(at.caption))
    assert "the 3 weeks already on the current regimen come before it" in captions
    assert "⏰" not in " ".join(texts(at.markdown))


def test_explorer_herpeticum_has_no_marker():
    at = open_page(EXPLORER, signs="eczema_herpeticum", weeks="3")
    spec = chart_specs(at)[0]
    assert week_markers(spec) == []
    assert "week 3" not in spec["usermeta"]["title"].lower()


def test_explorer_marker_follows_the_slider_while_the_trial_is_too_short():
    at = open_page(EXPLORER, scorad="40", **{**ADEQUATE_TRUNK, "weeks": "1"})
    assert week_markers(chart_specs(at)[0]) == [1.0]
    at.slider(key="w_weeks").set_value(1.5).run()
    assert week_markers(chart_specs(at)[0]) == [1.5]
    at.slider(key="w_weeks").set_value(2.0).run()  # now adequate: the next step starts at 0
    assert week_markers(chart_specs(at)[0]) == []


def test_timelines_page_states_its_clock():
    at = open_page("pages/3_Timelines.py", weeks="2")
    spec = chart_specs(at)[0]
    assert week_markers(spec) == [2.0]
    assert _axis_title(spec) == "Weeks since starting each step"
    assert any(spec["description"] == c for c in texts(at.caption))
    assert any("of a step" in h for h in texts(at.subheader))
