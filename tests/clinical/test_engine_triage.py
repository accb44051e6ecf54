"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit: the
severity band, and the red flags that come before everything else (eczema herpeticum, bacterial
infection).
"""

from __future__ import annotations

import pytest
from engine_cases import (
    ALL_TRIED,
    CONTENT,
    ESCALATION_IDS,
    ids,
    rec,
    refer_texts,
    referral,
    rule_text,
    stage,
    why_texts,
)

# ----------------------------------------------------------------------------- severity band


@pytest.mark.parametrize(
    "scorad, band",
    [
        (0, "mild"),
        (24.99, "mild"),
        (25, "moderate"),
        (37, "moderate"),
        (50, "moderate"),
        (50.01, "severe"),
        (103, "severe"),
    ],
)
def test_severity_band_edges(scorad, band):
    assert CONTENT.severity_band(scorad) == band
    assert rec(scorad=scorad).severity_band == band


def test_engine_band_agrees_with_the_scorad_calculator_at_the_edge():
    # Regression: the calculator's 24.999999999999996 was 'moderate' on the scores page but 'mild' in
    # the engine, whose why line then read "SCORAD 25 falls in the mild band" and skipped wet wraps.
    from pathway.clinical.scores import band_for, load_instruments, scorad

    value = scorad(1.0, [1, 1, 0, 0, 0, 0], itch=8.1, sleep=9.7)  # 1/5 + 7*2/2 + 17.8 = 25
    calculator_band = band_for(load_instruments()["scorad"], value).label
    assert calculator_band == "moderate"
    r = rec(scorad=value)
    assert r.severity_band == calculator_band
    assert r.why[0].text.startswith("SCORAD 25 falls in the moderate band")
    assert r.stage == "wet_wrap"


def test_band_line_states_the_score_and_band():
    r = rec(scorad=50.01)
    assert r.why[0].text.startswith("SCORAD 50.01 falls in the severe band")


# ----------------------------------------------------------------------------- eczema herpeticum


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"controlled": True},
        {"signs": ["eczema_herpeticum", "bacterial_infection"]},
        {"signs": ["eczema_herpeticum", "contact_dermatitis_suspected", "atypical_presentation"]},
        {"tcs_potency": "none", "applications_per_day": 0, "weeks_on_treatment": 0, "adherence_confirmed": False},
        {"site": "back", "scorad": 80, "tried": ALL_TRIED, "qol_impact": True, "weight_kg": 70},
        {"age_years": 0.2, "site": "face"},
    ],
    ids=[
        "plain",
        "controlled",
        "with_bacterial",
        "with_complicating",
        "inadequate",
        "back_everything_tried",
        "infant_face",
    ],
)
def test_eczema_herpeticum_pre_empts_everything(extra):
    fields = {"signs": ["eczema_herpeticum"], **extra}
    r = rec(**fields)
    assert r.stage == "eczema_herpeticum"
    both = "bacterial_infection" in fields["signs"]
    assert ids(r) == ["aciclovir"] + (["flucloxacillin", "erythromycin"] if both else [])
    assert r.alternatives == []
    assert r.refer is True
    assert r.refer_urgency == "same_day"
    assert referral("severe_infection") in refer_texts(r)
    assert "eczema_herpeticum" in r.red_flags
    assert rule_text("herpeticum_first") in why_texts(r)
    assert "aciclovir_now" in [t.id for t in r.expected_timeline]


def test_herpeticum_with_bacterial_infection_treats_both():
    r = rec(signs=["bacterial_infection", "eczema_herpeticum"])
    assert set(r.red_flags) == {"eczema_herpeticum", "bacterial_infection"}
    assert rule_text("herpeticum_with_infection") in why_texts(r)
    assert {"aciclovir", "flucloxacillin", "erythromycin"} <= set(ids(r))
    assert r.refer_urgency == "same_day"


# ----------------------------------------------------------------------------- bacterial infection


def test_bacterial_infection_is_treated_before_escalation():
    r = rec(signs=["bacterial_infection"], scorad=40)
    assert r.stage == "treat_infection"
    assert {"flucloxacillin", "erythromycin"} <= set(ids(r))
    # document 003: keep the steroid in use going with the antibiotic (never step it up at this point)
    assert "tcs_high" in ids(r) and "tcs_medium" not in ids(r)
    assert "tcs_medium" in ids(rec(signs=["bacterial_infection"], scorad=40, tcs_potency="medium"))
    assert not ESCALATION_IDS & set(ids(r))
    assert r.alternatives == []
    assert r.red_flags == ["bacterial_infection"]
    assert r.refer_urgency != "same_day"
    why = why_texts(r)
    assert rule_text("infection_before_escalation") in why
    assert rule_text("infection_continue_tcs") in why


def test_bacterial_infection_in_severe_disease_continues_a_potent_steroid():
    r = rec(signs=["bacterial_infection"], scorad=70)
    assert "tcs_high" in ids(r)
    assert "tcs_medium" not in ids(r)


def test_bacterial_infection_mentions_that_nice_differs():
    r = rec(signs=["bacterial_infection"])
    nice = [w for w in r.warnings if w.text == rule_text("infection_nice")]
    assert nice and nice[0].sources == ["ctx_nice_ng190"]


@pytest.mark.parametrize(
    "extra",
    [
        {"controlled": True},
        {"weeks_on_treatment": 0, "adherence_confirmed": False},
        {"signs": ["bacterial_infection", "contact_dermatitis_suspected"]},
        {"site": "back", "tried": ALL_TRIED},
    ],
    ids=["controlled", "inadequate", "with_contact_dermatitis", "back_everything_tried"],
)
def test_bacterial_infection_comes_before_maintenance_adequacy_and_escalation(extra):
    fields = {"signs": ["bacterial_infection"], **extra}
    assert stage(**fields) == "treat_infection"
