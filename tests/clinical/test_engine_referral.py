"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit:
when to refer, and what is advised against at every stage.
"""

from __future__ import annotations

import pytest
from engine_cases import ADEQUATE, ALL_TRIED, CONTENT, rec, refer_texts, referral

from pathway.clinical.engine import recommend

# ----------------------------------------------------------------------------- referral


def test_four_weeks_of_adequate_treatment_without_improvement_refers():
    r = rec(scorad=40, weeks_on_treatment=4)
    assert r.stage == "wet_wrap"
    assert r.refer is True and r.refer_urgency == "routine"
    assert refer_texts(r) == [referral("no_improvement_4_weeks")]


def test_under_four_weeks_does_not_refer():
    r = rec(scorad=40, weeks_on_treatment=3.9)
    assert r.stage == "wet_wrap"
    assert r.refer is False and r.refer_urgency == "none"
    assert r.refer_reasons == []


@pytest.mark.parametrize(
    "shortfall",
    [{"adherence_confirmed": False}, {"applications_per_day": 1}, {"tcs_potency": "low"}],
    ids=["adherence", "frequency", "potency"],
)
def test_four_weeks_of_inadequate_treatment_does_not_refer(shortfall):
    r = rec(scorad=40, weeks_on_treatment=8, **shortfall)
    assert r.stage == "verify_adequacy"
    assert referral("no_improvement_4_weeks") not in refer_texts(r)
    assert r.refer is False


@pytest.mark.parametrize(
    "fields, expected_stage",
    [
        ({"site": "back", "scorad": 44}, "phototherapy"),
        ({"scorad": 70, "tried": ALL_TRIED, "qol_impact": True}, "systemic"),
        ({"scorad": 70, "tried": ALL_TRIED}, "systemic"),
    ],
)
def test_phototherapy_or_systemic_stage_refers(fields, expected_stage):
    r = rec(**fields)
    assert r.stage == expected_stage
    assert r.refer is True and r.refer_urgency == "routine"
    assert referral("needs_phototherapy_or_systemic") in refer_texts(r)


def test_contact_dermatitis_refers_even_before_the_trial_is_adequate():
    r = rec(signs=["contact_dermatitis_suspected"], adherence_confirmed=False)
    assert r.stage == "verify_adequacy"
    assert r.refer is True
    assert referral("patch_testing") in refer_texts(r)


def test_referral_reasons_add_up():
    r = rec(site="back", scorad=44, weeks_on_treatment=4)
    assert set(refer_texts(r)) == {referral("no_improvement_4_weeks"), referral("needs_phototherapy_or_systemic")}


# ----------------------------------------------------------------------------- always


@pytest.mark.parametrize(
    "fields",
    [{}, {"scorad": 40}, {"controlled": True}, {"signs": ["eczema_herpeticum"]}, {"site": "back"}],
)
def test_antihistamines_and_systemic_steroid_maintenance_always_avoided(fields):
    r = rec(**fields)
    assert {"oral_antihistamines", "systemic_corticosteroid_maintenance"} <= set(r.avoid)
    assert set(r.avoid) <= set(CONTENT.avoid)


def test_recommend_accepts_a_plain_dict():
    assert recommend({"site": "back", "scorad": 44, **ADEQUATE}).stage == "phototherapy"


def test_exhausted_ladder_is_referred():
    """Every rung tried or barred (a 4-month-old: no calcineurin inhibitors, no dupilumab) -> refer."""
    rec = recommend(
        {
            "age_years": 0.33,
            "scorad": 60,
            "tcs_product": "clobetasone_butyrate",
            "applications_per_day": 2,
            "weeks_on_treatment": 1,
            "adherence_confirmed": True,
            "tried": ["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
        }
    )
    assert rec.stage == "complicating_factors"
    assert rec.refer
    assert "ladder_exhausted" in [r.rule for r in rec.refer_reasons]
    assert "needs_phototherapy_or_systemic" not in [r.rule for r in rec.refer_reasons]
    assert any("Dupilumab" in w.text for w in rec.warnings)
