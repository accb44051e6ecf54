"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit:
phototherapy, systemic treatment (weight-based doses, age limits) and what happens when the
ladders are used up.
"""

from __future__ import annotations

import pytest
from engine_cases import (
    ALL_TRIED,
    CONTENT,
    IMMUNOMODULATORS,
    PHOTO,
    ids,
    option,
    rec,
    rule_text,
    warning_texts,
    why_texts,
)

# ----------------------------------------------------------------------------- phototherapy


def test_document_000_phototherapy_offers_all_three_kinds_and_avoids_calcineurin_inhibitors():
    r = rec(scorad=40, tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals"])
    assert r.stage == "phototherapy"
    assert ids(r) == ["nb_uvb", "bb_uvb", "uva"]
    assert "tci_during_phototherapy" in r.avoid
    assert rule_text("tci_not_with_phototherapy") in warning_texts(r)


def test_phototherapy_skipped_without_access():
    r = rec(scorad=40, tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals"], phototherapy_access=False)
    assert r.stage == "systemic"
    assert not PHOTO & set(ids(r))
    assert not PHOTO & {o.id for a in r.alternatives for o in a.options}
    assert rule_text("phototherapy_no_access") in why_texts(r)


# ----------------------------------------------------------------------------- systemic


def test_systemic_without_quality_of_life_impact_offers_no_immunomodulator():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=False, weight_kg=70)
    assert r.stage == "systemic"
    assert ids(r) == ["dupilumab"]
    assert rule_text("systemic_no_qol") in why_texts(r)


def test_systemic_with_quality_of_life_impact_offers_immunomodulators_and_dupilumab():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=True)
    assert ids(r) == [*IMMUNOMODULATORS, "dupilumab"]
    assert rule_text("systemic_qol") in why_texts(r)
    assert rule_text("dupilumab_indication") in why_texts(r)


def test_weight_based_daily_dose_at_70_kg():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=True, weight_kg=70)
    assert option(r, "cyclosporine").daily_dose_mg == (210, 300)  # 3-6 mg/kg/day x 70 kg, capped at 300
    # azathioprine: no adult maximum in the sources, so its mg/kg range is never multiplied
    assert (
        option(r, "azathioprine").daily_dose_mg is None and "no adult maximum" in option(r, "azathioprine").dose_warning
    )
    assert option(r, "cyclosporine").dose == "3-6 mg/kg/day"
    # not weight-based: no per-day figure is invented
    assert option(r, "methotrexate").daily_dose_mg is None
    assert option(r, "methotrexate").dose == "7.5-25 mg/week"
    assert option(r, "mycophenolate").daily_dose_mg is None
    assert option(r, "mycophenolate").dose == "1-1.5 g twice daily (2-3 g a day)"
    assert option(r, "dupilumab").daily_dose_mg is None
    name = CONTENT.therapies["cyclosporine"].name
    line = rule_text("weight_based_dose", name=name, range="3-6 mg/kg/day", weight="70", daily="210-300")
    assert line in why_texts(r)
    assert any(w.rule == "dose_capped" and "210-420" in w.text for w in r.warnings)


def test_a_dose_capped_at_both_ends_reads_as_one_figure():
    # 3-6 mg/kg/day at 250 kg is 750-1500 mg, capped at 300 at both ends: "300 mg a day", not "300-300"
    r = rec(age_years=40, scorad=70, tried=ALL_TRIED, qol_impact=True, weight_kg=240)
    assert option(r, "cyclosporine").daily_dose_mg == pytest.approx((300, 300))
    why = " ".join(why_texts(r))
    assert "is 300 mg a day" in why and "300-300" not in why


def test_weight_based_dose_follows_the_weight():
    r = rec(age_years=40, scorad=70, tried=ALL_TRIED, qol_impact=True, weight_kg=45.5)
    # 3-6 x 45.5 = 136.5-273, capped at 5 mg/kg/day (the UK adult label) = 227.5
    assert option(r, "cyclosporine").daily_dose_mg == pytest.approx((136.5, 227.5))


def test_no_daily_dose_without_weight():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=True)
    assert all(o.daily_dose_mg is None for o in r.options)
    # an adult without a weight is shown the adult range (AAD 2014), never the paediatric mg/kg one alone
    assert option(r, "cyclosporine").dose == "150-300 mg/day (adults; 3-6 mg/kg/day is the paediatric range)"
    assert not any("mg a day" in t for t in why_texts(r))


def test_cyclosporine_adult_range_fact_check_only_for_adults():
    adult = rec(scorad=70, tried=ALL_TRIED, qol_impact=True)
    child = rec(age_years=10, scorad=70, tried=ALL_TRIED, qol_impact=True)
    assert rule_text("cyclosporine_adult_range") in warning_texts(adult)
    assert rule_text("cyclosporine_adult_range") not in warning_texts(child)


@pytest.mark.parametrize("age, has_dupilumab", [(0.4, False), (0.49, False), (0.5, True), (1, True)])
def test_dupilumab_from_6_months_and_only_through_a_specialist_in_children(age, has_dupilumab):
    # under 12 months the fair trial is a moderate (UK) steroid for 5-7 days, never a potent one
    steroid = {"tcs_product": "clobetasone_butyrate", "weeks_on_treatment": 1} if age < 1 else {}
    r = rec(age_years=age, scorad=60, tried=ALL_TRIED, qol_impact=True, **steroid)
    assert r.stage == "specialist_referral"
    assert ("dupilumab" in ids(r)) is has_dupilumab
    if has_dupilumab:
        assert option(r, "dupilumab").specialist_only
    dupilumab = CONTENT.therapies["dupilumab"]
    min_age = next(lim for lim in dupilumab.limits if lim.kind == "min_age")
    limit_line = rule_text("limit_excluded", name=dupilumab.name, limit=min_age.text)
    assert (limit_line in warning_texts(r)) is not has_dupilumab


@pytest.mark.parametrize("scorad", [15, 24.9])
def test_no_systemic_agent_in_mild_disease_the_same_gate_for_all(scorad):
    r = rec(scorad=scorad, tried=["topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"], qol_impact=True)
    assert r.stage == "complicating_factors"
    assert not {"dupilumab", *IMMUNOMODULATORS} & set(ids(r))
    assert r.refer


def test_an_exhausted_back_ladder_falls_back_to_document_000():
    # severe back, phototherapy tried, no quality-of-life impact: document 003 has nothing left, but
    # document 000's wet wraps were never tried
    r = rec(site="back", scorad=70, tried=["phototherapy"], qol_impact=False)
    assert r.stage == "wet_wrap"
    assert rule_text("fallback_other_document", primary="003", other="000") in why_texts(r)
    r = rec(site="back", scorad=70, tried=["phototherapy", "wet_wrap"], qol_impact=False)
    assert r.stage == "topical_calcineurin_inhibitor" and "tacrolimus_0.1" in ids(r)


def test_when_both_ladders_are_exhausted_step_5_and_referral():
    r = rec(site="back", scorad=20, tried=ALL_TRIED, qol_impact=True)  # mild: no systemic agent
    assert r.stage == "complicating_factors"
    assert "patch_testing" in ids(r)
    assert rule_text("topicals_exhausted_review") in why_texts(r)
    assert r.refer
