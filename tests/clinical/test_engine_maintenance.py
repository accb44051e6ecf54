"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit:
controlled eczema moves to proactive maintenance.
"""

from __future__ import annotations

import pytest
from engine_cases import PHOTO, ids, rec, rule_text, why_texts

# ----------------------------------------------------------------------------- maintenance


def test_controlled_disease_moves_to_proactive_maintenance():
    r = rec(controlled=True, scorad=8, weeks_on_treatment=6)
    assert r.stage == "maintenance"
    assert ids(r) == ["proactive_tcs", "proactive_tacrolimus", "emollients"]
    assert "long_term_high_potency_tcs" in r.avoid
    assert rule_text("controlled_maintenance") in why_texts(r)
    assert r.refer is False, "controlled disease is not 'no improvement after 4 weeks'"
    proactive = [t for t in r.expected_timeline if t.id == "proactive_course"]
    assert proactive and (proactive[0].min, proactive[0].max, proactive[0].unit) == (16, 36, "weeks")


def test_maintenance_even_when_the_steroid_trial_looks_inadequate():
    r = rec(controlled=True, tcs_potency="low", applications_per_day=1, weeks_on_treatment=0, adherence_confirmed=False)
    assert r.stage == "maintenance"


@pytest.mark.parametrize(
    "fields, expected",
    [
        # under 2: no tacrolimus; a child's trunk keeps potent steroids to 1-2-week courses (BNFC), so the
        # documents' twice-weekly medium (UK potent) regimen for months is out, and NICE CG57's weekend
        # regimen for a child who flares often is offered instead
        ({"age_years": 1.5}, ["weekend_tcs", "emollients"]),
        ({"immunocompromised": True}, ["proactive_tcs", "emollients"]),
    ],
)
def test_no_proactive_tacrolimus_under_2_or_when_immunocompromised(fields, expected):
    r = rec(controlled=True, scorad=8, **fields)
    assert ids(r) == expected


def test_maintenance_after_phototherapy_mentions_weekly_nb_uvb_from_document_003():
    r = rec(controlled=True, tried=["phototherapy"])
    assert r.stage == "maintenance"
    assert len(r.alternatives) == 1
    alt = r.alternatives[0]
    assert alt.document == "doc_003"
    assert [o.id for o in alt.options] == ["nb_uvb"]
    assert alt.text == rule_text("maintenance_phototherapy")
    assert "tci_during_phototherapy" in r.avoid, "proactive tacrolimus sits next to an NB-UVB alternative"


def test_maintenance_alternative_does_not_repeat_the_primary_stage():
    # Regression: the weekly NB-UVB alternative used to carry the stage 'maintenance' itself.
    r = rec(controlled=True, tried=["phototherapy"])
    assert r.alternatives
    assert all(a.stage != r.stage for a in r.alternatives)


def test_no_weekly_nb_uvb_maintenance_without_access():
    # Regression: it used to be offered even without access to a phototherapy unit.
    r = rec(controlled=True, tried=["phototherapy"], phototherapy_access=False)
    assert r.stage == "maintenance"
    assert not PHOTO & {o.id for a in r.alternatives for o in a.options}
