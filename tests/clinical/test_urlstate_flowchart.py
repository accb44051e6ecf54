"""URL state (deep links), the flowchart, dose arithmetic and the fast timeline spec."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathway.clinical.content import load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import POTENCIES, SIGNS, SITES, TRIED, Scenario
from pathway.clinical.urlstate import params_from_scenario, scenario_from_params
from pathway.present import charts
from pathway.present.charts.timeline_spec import timeline_spec
from pathway.present.flowchart import HIGHLIGHT, ladder_dot

CONTENT = load_content()

scenarios = st.builds(
    Scenario,
    age_years=st.floats(0, 120, allow_nan=False).map(lambda x: round(x, 2)),
    weight_kg=st.none() | st.floats(0.5, 400).map(lambda x: round(x, 1)),
    site=st.sampled_from(SITES),
    scorad=st.floats(0, 103).map(lambda x: round(x, 1)),
    tcs_potency=st.sampled_from(POTENCIES),
    applications_per_day=st.integers(0, 4),
    weeks_on_treatment=st.floats(0, 52).map(lambda x: round(x * 2) / 2),
    adherence_confirmed=st.booleans(),
    controlled=st.booleans(),
    signs=st.lists(st.sampled_from(SIGNS), unique=True).map(tuple),
    tried=st.lists(st.sampled_from(TRIED), unique=True).map(tuple),
    qol_impact=st.booleans(),
    phototherapy_access=st.booleans(),
    immunocompromised=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(scenarios)
def test_every_scenario_round_trips_through_the_url(scenario):
    params = params_from_scenario(scenario)
    restored, notices = scenario_from_params(params)
    assert notices == []
    assert restored == scenario


def test_default_scenario_has_an_empty_link():
    assert params_from_scenario(Scenario()) == {}


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("scorad", "104", "must be a number from 0 to 103"),
        ("scorad", "-1", "must be a number from 0 to 103"),
        ("scorad", "abc", "must be a number from 0 to 103"),
        ("scorad", "nan", "must be a number from 0 to 103"),
        ("age", "-3", "must be a number from 0 to 120"),
        ("site", "elbow", "must be one of face, neck"),
        ("apd", "2.5", "whole number from 0 to 4"),
        ("apd", "9", "whole number from 0 to 4"),
        ("adherent", "maybe", "1 (yes) or 0 (no)"),
        ("signs", "rash", "not one of bacterial_infection"),
        ("tried", "magic", "not one of wet_wrap"),
        ("weight", "0", "must be a number from 0 to 400"),
        ("nickname", "<b>x</b>", "not a setting of this tool"),
        ("weeks", "9" * 300, "longer than 200 characters"),
    ],
)
def test_bad_parameter_is_left_out_with_one_plain_notice(name, value, words):
    scenario, notices = scenario_from_params({name: value, "site": "back"} if name != "site" else {name: value})
    assert len(notices) == 1 and words in notices[0].message, notices
    assert notices[0].name == name
    assert "ignored" not in notices[0].message and "Input should" not in notices[0].message
    expected_site = "back" if name != "site" else Scenario().site
    assert scenario.site == expected_site  # good parameters are kept


def test_a_bad_list_item_drops_only_that_item():
    scenario, notices = scenario_from_params({"signs": "foo,eczema_herpeticum"})
    assert scenario.signs == ("eczema_herpeticum",)
    assert [(n.name, n.value) for n in notices] == [("signs", "foo")]


def test_a_repeated_parameter_is_reported_and_the_last_value_counts():
    scenario, notices = scenario_from_params({"scorad": ["20", "60"]})
    assert scenario.scorad == 60
    assert len(notices) == 1 and "2 times" in notices[0].message and notices[0].value == "60"


def test_notice_words_keep_the_links_text_out_of_the_message():
    _, notices = scenario_from_params({"[Log in](https://example.com)": "1", "scorad": "![x](https://e.com/a.png)"})
    for notice in notices:
        assert "example.com" not in notice.message and "e.com" not in notice.message


def test_page_parameters_are_not_reported():
    scenario, notices = scenario_from_params({"step": "wet_wrap", "scorad": "60"}, allowed_extra=frozenset({"step"}))
    assert notices == [] and scenario.scorad == 60


def test_flowchart_highlights_the_current_stage_only():
    dot = ladder_dot(CONTENT, "phototherapy")
    highlighted = [line for line in dot.splitlines() if HIGHLIGHT in line]
    assert len(highlighted) == 1 and '"phototherapy"' in highlighted[0]
    for step in CONTENT.steps.values():
        assert f'"{step.id}"' in dot
    assert HIGHLIGHT not in ladder_dot(CONTENT, None)


def test_flowchart_escapes_quotes_in_titles():
    step = CONTENT.steps["wet_wrap"]
    odd = CONTENT.model_copy(
        update={"steps": {**CONTENT.steps, "wet_wrap": step.model_copy(update={"title": 'Say "hi" \\ now'})}}
    )
    dot = ladder_dot(odd, "wet_wrap")
    assert 'Say \\"hi\\" \\\\ now' in dot


@pytest.mark.parametrize("week", [0, 3, 4, 9.5, 40])
def test_fast_timeline_spec_matches_the_altair_chart(week):
    rec = recommend(Scenario(adherence_confirmed=True, weeks_on_treatment=3, scorad=40), CONTENT)
    fast = timeline_spec(rec.expected_timeline, week)
    full = charts.timeline_chart(rec.expected_timeline, current_week=week).to_dict()
    assert fast["title"] == full["title"]
    assert fast["layer"][0]["encoding"]["x"]["scale"] == full["layer"][0]["encoding"]["x"]["scale"]
    rules = [layer["encoding"]["x"]["datum"] for layer in fast["layer"] if layer["mark"]["type"] == "rule"]
    assert rules == [week]

    def bars(spec):
        rows = [row for data in spec["datasets"].values() for row in data if "kind" in row]
        return sorted(rows, key=lambda row: row["id"])

    assert bars(fast) == bars(full)
