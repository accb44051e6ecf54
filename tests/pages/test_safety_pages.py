"""The safety layer on screen: the explorer, walkthrough, drug reference and handout show the new
warnings (limits, specialist-only options, dose ceilings, conflicts), in AppTest."""

from __future__ import annotations

import pytest
from app_helpers import all_text, open_direct, open_page, texts

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Scenario
from pathway.present.handout import handout_html, handout_markdown

CONTENT = default_content()
EXPLORER = "pages/2_Scenario_explorer.py"
WALK = "pages/1_Walkthrough.py"
CHILD_FACE_VERY_POTENT = {
    "age": "8",
    "site": "face",
    "scorad": "40",
    "potency": "very_high",
    "apd": "2",
    "weeks": "3",
    "adherent": "1",
}


def test_explorer_shows_a_too_strong_steroid_and_the_specialist_referral():
    at = open_page(EXPLORER, **CHILD_FACE_VERY_POTENT)
    warnings = " ".join(texts(at.warning))
    assert "Warnings for this scenario" in warnings
    assert "very potent on the UK scale) is stronger than the moderate (UK) allowed on the face at 8 years" in warnings
    assert "get specialist dermatological advice" in warnings  # the referral box
    assert not at.exception


def test_explorer_shows_conflicts_in_maintenance():
    at = open_page(EXPLORER, controlled="1", tried="phototherapy")
    assert any("never both at once" in w for w in texts(at.warning))


def test_explorer_shows_option_cautions_next_to_the_option():
    # an 8-year-old's severe eczema needs a potent steroid (UK scale), for a course of 1-2 weeks
    at = open_page(EXPLORER, age="8", site="trunk", scorad="60", potency="medium", apd="2", weeks="1", adherent="1")
    assert any("Short course only here (1-2 weeks, then step down)" in w for w in texts(at.warning))


def test_explorer_names_wet_wraps_in_a_child_as_a_referral():
    at = open_page(EXPLORER, age="4", site="trunk", scorad="40", potency="medium", apd="2", weeks="2", adherent="1")
    referral = " ".join(texts(at.warning))
    assert "Refer to dermatology" in referral and "wet wraps, phototherapy or systemic treatment under 18" in referral
    assert "Next step: Add wet-wrap therapy" not in all_text(at)


def test_walkthrough_shows_limits_and_the_scenarios_warnings_at_its_step():
    at = open_direct(WALK, step="verify_adequacy", **CHILD_FACE_VERY_POTENT)
    text = all_text(at)
    assert "This is the step for the current scenario" in text  # too strong for her age: not a fair trial
    assert "Warnings for the current scenario" in text
    at = open_direct(WALK, step="calcineurin_inhibitors", **CHILD_FACE_VERY_POTENT)
    assert "Limit: Not under 2 years" in all_text(at)  # the drugs' own limits, cited
    at = open_direct(WALK, step="systemic")
    assert "Limit: Under 18, systemic treatment is started and dosed only by a specialist" in all_text(at)


def test_handout_shows_specialist_only_options_warnings_and_no_child_dose():
    case = CONTENT.cases["child_specialist_referral"]
    scenario = Scenario.model_validate(case.scenario)
    rec = recommend(scenario, CONTENT)
    html, markdown = handout_html(scenario, rec, CONTENT), handout_markdown(scenario, rec, CONTENT)
    for text in (html, markdown):
        assert "Specialist only" in text
        assert "Daily dose" not in text
        assert "short course only" in text.lower()  # the potent steroid warning, 1-2 weeks
    assert "<dt>Dose</dt>" not in html and "**Dose:**" not in markdown


def test_handout_shows_a_capped_dose_and_an_implausible_weight():
    base = {
        "age_years": 40,
        "site": "trunk",
        "scorad": 70,
        "tcs_potency": "high",
        "applications_per_day": 2,
        "weeks_on_treatment": 3,
        "adherence_confirmed": True,
        "qol_impact": True,
        "tried": ["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
    }
    capped = Scenario(**base, weight_kg=70)
    text = handout_markdown(capped, recommend(capped, CONTENT), CONTENT)
    assert "210-300 mg/day for 70 kg" in text and "capped at the adult maximum" in text
    odd = Scenario(**base, weight_kg=4)
    text = handout_markdown(odd, recommend(odd, CONTENT), CONTENT)
    assert "not plausible" in text and "mg/day for 4 kg" not in text


@pytest.mark.parametrize("page", ["pages/home.py", EXPLORER, "pages/1_Walkthrough.py"])
def test_an_infection_that_has_not_settled_is_shown_as_its_red_flag(page):
    """The engine raises "infection not settling" as a red flag: every page that shows red flags shows its
    card (content/red_flags.yaml), and none fails on it."""
    at = open_page(page, signs="infection_not_settling", age="30", site="trunk", scorad="40")
    assert not at.exception, [e.value for e in at.exception]
    if page != "pages/1_Walkthrough.py":
        assert "Infection not settling on treatment" in all_text(at)
