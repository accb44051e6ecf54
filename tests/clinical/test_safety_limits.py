"""The clinical safety layer, one table per limit class the reviewer found broken (issue 7).

Expected answers come from the checked context (NICE CG57, BNF for Children, the labels, AAD 2014)
and from the figures in content/, never from the engine's own helpers.
"""

from __future__ import annotations

import pytest

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation, Scenario

CONTENT = default_content()
FAIR = dict(applications_per_day=2, weeks_on_treatment=3, adherence_confirmed=True)
SYSTEMIC = {"cyclosporine", "azathioprine", "methotrexate", "mycophenolate"}


def rec(**fields) -> Recommendation:
    return recommend(Scenario(**{"age_years": 30, "site": "trunk", "tcs_potency": "medium", **FAIR, **fields}))


def ids(r: Recommendation) -> list[str]:
    return [o.id for o in r.options]


def every_option(r: Recommendation):
    return list(r.options) + [o for a in r.alternatives for o in a.options]


def rules(lines) -> list[str]:
    return [line.rule for line in lines]


def months(m: float) -> float:
    return m / 12


# ----------------------------------------------------------------------------- steroid potency by age and site
@pytest.mark.parametrize("age, site, potency, adequate", [
    (months(5), "trunk", "medium", True),  # a moderate steroid is the strongest an infant gets: a fair trial
    (months(5), "back", "medium", True),  # not "inadequate until betamethasone dipropionate"
    (months(11.9), "back", "medium", True),
    (months(12), "back", "medium", False),  # from 12 months a potent steroid (short course) may be asked for
    (8, "trunk", "medium", True),
    (8, "face", "low", True),  # the face needs only a mild steroid, at any age
    (30, "face", "low", True),
    (30, "back", "medium", False),  # document 003: a potent steroid on an adult's back
])
def test_the_potency_a_fair_trial_needs_depends_on_age_and_site(age, site, potency, adequate):
    r = rec(age_years=age, site=site, scorad=40, tcs_potency=potency)
    assert (r.stage != "verify_adequacy") is adequate, [line.text for line in r.why]


def test_a_capped_requirement_says_why_with_its_source():
    r = rec(age_years=months(5), site="back", scorad=40)
    capped = [line for line in r.why if line.rule == "potency_capped"]
    assert len(capped) == 1 and "ctx_nice_cg57" in capped[0].sources
    assert "moderate (medium)" in capped[0].text and "potent (high)" in capped[0].text


@pytest.mark.parametrize("age, site, potency, weeks, rule, refer", [
    (months(5), "trunk", "high", 1, "potency_too_strong", True),  # potent under 12 months: specialist only
    (months(5), "face", "medium", 0.5, "potency_brief_only", False),  # 3-5 days in a severe flare
    (months(5), "face", "medium", 1, "course_too_long", True),  # beyond 3-5 days
    (months(5), "trunk", "medium", 1, None, False),  # a 5-7 day course in infancy (BNFC)
    (months(5), "trunk", "medium", 2, "course_too_long", True),
    (8, "face", "high", 1, "potency_too_strong", True),
    (8, "trunk", "very_high", 1, "potency_too_strong", True),  # very potent in a child: specialist advice
    (8, "trunk", "high", 2, "potency_brief_only", False),  # 1-2 weeks then step down
    (8, "trunk", "high", 3, "course_too_long", True),
    (15, "limbs", "very_high", 1, "potency_too_strong", True),
    (15, "genitals", "high", 2, "potency_outside_sources", False),
    (30, "face", "very_high", 3, "potency_outside_sources", False),  # no longer a silent "adequate trial"
    (30, "genitals", "high", 3, "potency_outside_sources", False),
    (30, "trunk", "very_high", 6, "long_potent_use", False),  # beyond document 000's 2-4 weeks
])
def test_a_steroid_too_strong_or_too_long_for_the_age_and_site_is_named(age, site, potency, weeks, rule, refer):
    r = rec(age_years=age, site=site, scorad=40, tcs_potency=potency, weeks_on_treatment=weeks)
    steroid_rules = [w for w in rules(r.warnings) if w in (
        "potency_too_strong", "potency_brief_only", "course_too_long", "potency_outside_sources", "long_potent_use")]
    assert steroid_rules == ([rule] if rule else [])
    assert ("potency_beyond_limit" in rules(r.refer_reasons)) is refer
    if rule == "potency_outside_sources":
        assert any("outside the sources: ask a specialist" in w.text for w in r.warnings)
        assert "outside_sources" in rules(r.refer_reasons)  # "ask a specialist" always comes with a referral


@pytest.mark.parametrize("age, site, potency, weeks, adequate", [
    (months(5), "trunk", "medium", 1, True),  # the whole 5-7-day course was given
    (months(5), "trunk", "medium", 0.5, False),
    (8, "face", "medium", 0.7, True),  # 3-5 days in a severe flare, given whole
    (30, "trunk", "medium", 1.9, False),  # adults: at least 2 weeks
])
def test_a_limited_course_is_a_fair_trial_when_given_whole(age, site, potency, weeks, adequate):
    r = rec(age_years=age, site=site, scorad=60 if site == "face" else 40, tcs_potency=potency,
            weeks_on_treatment=weeks)
    assert (r.stage != "verify_adequacy") is adequate


@pytest.mark.parametrize("age, site", [(30, "trunk"), (30, "back"), (8, "trunk"), (30, "face")])
def test_an_allowed_potency_raises_no_potency_warning(age, site):
    potency = "low" if site == "face" else "medium"
    r = rec(age_years=age, site=site, scorad=40, tcs_potency=potency)
    assert not {w for w in rules(r.warnings) if w and w.startswith("potency")}


@pytest.mark.parametrize("age, site, scorad, steroid", [
    (30, "trunk", 70, "tcs_high"), (30, "back", 40, "tcs_high"), (8, "trunk", 70, "tcs_high"),
    (months(5), "trunk", 70, "tcs_medium"), (months(5), "back", 40, "tcs_medium"),
])
def test_wet_wraps_carry_only_the_potency_the_age_and_site_allow(age, site, scorad, steroid):
    # document 003 puts NB-UVB, then pimecrolimus, first on the back
    tried = ["phototherapy", "topical_calcineurin_inhibitor"] if site == "back" else []
    r = rec(age_years=age, site=site, scorad=scorad, tcs_potency="high" if age >= 1 else "medium", tried=tried)
    assert r.stage == "wet_wrap"
    assert [i for i in ids(r) if i.startswith("tcs")] == [steroid]


@pytest.mark.parametrize("site", ["face", "neck", "flexures", "genitals"])
def test_no_wet_wraps_on_sensitive_skin(site):
    r = rec(site=site, scorad=70, tcs_potency="low")
    assert r.stage != "wet_wrap" and "wet_wrap" not in [o.id for o in every_option(r)]
    assert "limit:wet_wrap:site" in rules(r.warnings)


def test_wet_wraps_in_a_child_carry_the_nice_caution():
    r = rec(age_years=4, scorad=40)
    assert r.stage == "wet_wrap"
    wrap = next(o for o in r.options if o.id == "wet_wrap")
    assert "limit:wet_wrap:caution" in rules(wrap.cautions)


@pytest.mark.parametrize("site, age", [("neck", 30), ("face", 30), ("neck", 4), ("genitals", 0.5)])
def test_a_steroid_is_suggested_on_sensitive_skin_when_none_is_used(site, age):
    r = rec(age_years=age, site=site, tcs_potency="none", signs=["bacterial_infection"])
    assert "tcs_mild" in ids(r)
    r = rec(age_years=age, site=site, tcs_potency="none")
    assert r.stage == "verify_adequacy" and "tcs_mild" in ids(r)


# ----------------------------------------------------------------------------- adult doses for children
@pytest.mark.parametrize("age", [months(8), 1, 8, 11.9, 12, 17.9])
def test_no_immunosuppressant_is_prescribed_to_a_child(age):
    r = rec(age_years=age, weight_kg=8 if age < 1 else 30, scorad=70, tcs_potency="high", qol_impact=True,
            tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"])
    assert r.stage == "specialist_referral"
    for option in every_option(r):
        if option.id in SYSTEMIC | {"dupilumab", "nb_uvb", "bb_uvb", "uva"}:
            assert option.specialist_only and option.dose is None and option.daily_dose_mg is None
    assert "specialist_only_treatment" in rules(r.refer_reasons)


def test_at_18_the_adult_systemic_ladder_returns():
    r = rec(age_years=18, weight_kg=60, scorad=70, tcs_potency="high", qol_impact=True,
            tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"])
    assert r.stage == "systemic"
    assert {o.id: o.dose for o in r.options}["methotrexate"] == "7.5-25 mg/week"


# ----------------------------------------------------------------------------- dose ceiling and plausibility
@pytest.mark.parametrize("weight, shown", [(70, (210, 300)), (150, (300, 300)), (40, (120, 200)), (60, (180, 300))])
def test_cyclosporine_never_above_the_adult_maximum(weight, shown):
    r = rec(weight_kg=weight, scorad=70, tcs_potency="high", qol_impact=True,
            tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"])
    cyclo = next(o for o in r.options if o.id == "cyclosporine")
    assert cyclo.daily_dose_mg == shown
    assert (cyclo.dose_note is not None) is (weight * 6 > min(300, weight * 5))


@pytest.mark.parametrize("weight", [3, 4, 29, 251, 400])
def test_an_implausible_adult_weight_is_questioned_not_multiplied(weight):
    r = rec(weight_kg=weight, scorad=70, tcs_potency="high", qol_impact=True,
            tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"])
    for option in r.options:
        assert option.daily_dose_mg is None
    cyclo = next(o for o in r.options if o.id == "cyclosporine")
    assert "not plausible" in cyclo.dose_warning
    assert "weight_implausible" in rules(r.warnings)


# ----------------------------------------------------------------------------- phototherapy for infants
@pytest.mark.parametrize("age, site", [(months(5), "trunk"), (1, "back"), (months(5), "back")])
def test_phototherapy_is_never_the_main_recommendation_for_an_infant(age, site):
    for tried in ([], ["wet_wrap"], ["wet_wrap", "newer_topicals"]):
        r = rec(age_years=age, weight_kg=8, site=site, scorad=60, tcs_potency="medium", tried=tried)
        assert r.stage != "phototherapy"
        assert all(o.specialist_only for o in every_option(r) if o.therapy_class == "phototherapy")


def test_an_infant_whose_eczema_fails_an_adequate_trial_is_referred():
    r = rec(age_years=months(5), weight_kg=7, scorad=38)
    assert "infant_failed_trial" in rules(r.refer_reasons)
    assert "infant_failed_trial" not in rules(rec(age_years=1, weight_kg=9, scorad=38).refer_reasons)


@pytest.mark.parametrize("age, allowed", [(months(1), False), (months(2.9), False), (months(3), True)])
def test_crisaborole_from_3_months(age, allowed):
    r = rec(age_years=age, scorad=20, tcs_potency="medium", tried=["wet_wrap"])
    assert ("crisaborole" in [o.id for o in every_option(r)]) is allowed


# ----------------------------------------------------------------------------- ladder fallbacks and gates
def test_an_exhausted_back_ladder_offers_document_000_before_complicating_factors():
    r = rec(site="back", scorad=70, tcs_potency="high", tried=["phototherapy"], qol_impact=False)
    assert r.stage == "wet_wrap"
    r = rec(site="back", scorad=70, tcs_potency="high", tried=["phototherapy", "wet_wrap"], qol_impact=False)
    assert r.stage == "topical_calcineurin_inhibitor" and "tacrolimus_0.1" in ids(r)


@pytest.mark.parametrize("scorad", [15, 24.9])
def test_severity_gates_apply_to_every_systemic_agent_alike(scorad):
    r = rec(scorad=scorad, qol_impact=True, tried=["topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"])
    assert not (SYSTEMIC | {"dupilumab"}) & {o.id for o in every_option(r)}


# ----------------------------------------------------------------------------- immune status
def test_no_topical_jak_cream_when_immunocompromised():
    r = rec(scorad=20, immunocompromised=True, tried=["topical_calcineurin_inhibitor"])
    assert "ruxolitinib_cream" not in ids(r)
    assert "limit:ruxolitinib_cream:immunocompromised" in rules(r.warnings)


def test_systemic_treatment_when_immunocompromised_is_a_specialist_referral_with_a_caution():
    r = rec(weight_kg=70, scorad=70, tcs_potency="high", qol_impact=True, immunocompromised=True,
            tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"])
    assert r.stage == "specialist_referral"
    for option in r.options:
        if option.id == "emollients":
            continue  # the emollient goes on whatever happens
        assert option.specialist_only and option.daily_dose_mg is None
        assert any("outside the sources: ask a specialist" in c.text for c in option.cautions)


# ----------------------------------------------------------------------------- conflicts, red flags, gaps
def test_maintenance_with_proactive_tacrolimus_and_nb_uvb_warns():
    r = rec(controlled=True, tried=["phototherapy"])
    assert {"proactive_tacrolimus"} <= set(ids(r)) and r.alternatives[0].options[0].id == "nb_uvb"
    assert "avoid:tci_during_phototherapy" in rules(r.warnings)


def test_herpeticum_with_bacterial_infection_covers_both():
    r = rec(signs=["eczema_herpeticum", "bacterial_infection"])
    assert {"aciclovir", "flucloxacillin", "erythromycin"} <= set(ids(r))


def test_recurrent_infections_feed_document_003s_referral():
    r = rec(scorad=40, signs=["recurrent_infections"])
    assert "recurrent_infections" in rules(r.refer_reasons)
    assert r.stage == "wet_wrap"  # the ladder itself goes on


@pytest.mark.parametrize("scorad", [0, 3, 9.9])
def test_clear_skin_after_an_adequate_trial_is_maintenance_not_escalation(scorad):
    r = rec(scorad=scorad)
    assert r.stage == "maintenance"
    assert "skin_clear" in rules(r.why)
    assert not any("not enough" in line.text for line in r.why)


def test_just_above_clear_still_escalates():
    assert rec(scorad=10).stage == "topical_calcineurin_inhibitor"
