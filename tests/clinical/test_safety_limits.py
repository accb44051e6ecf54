"""The clinical safety layer, one table per limit class the reviewer found broken (issue 7).

Expected answers come from the checked context (NICE CG57, BNF for Children, the labels, AAD 2014)
and from the figures in content/, never from the engine's own helpers.
"""

from __future__ import annotations

import pytest

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation, Scenario

CONTENT = default_content()
FAIR = {"applications_per_day": 2, "weeks_on_treatment": 3, "adherence_confirmed": True}
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
# Every limit is on the UK scale (NICE CG57, BNF for Children): mometasone 0.1%, the documents' "medium"
# example, is potent there; clobetasone butyrate 0.05% is moderate; hydrocortisone is mild.
MODERATE = {"tcs_potency": "none", "tcs_product": "clobetasone_butyrate"}
MOMETASONE = {"tcs_potency": "medium", "tcs_product": "mometasone_furoate"}


@pytest.mark.parametrize(
    "age, site, scorad, steroid, weeks, adequate",
    [
        (months(5), "trunk", 40, MODERATE, 1, True),  # a moderate steroid is the strongest an infant gets: a fair trial
        (
            months(5),
            "trunk",
            40,
            {"tcs_potency": "medium"},
            1,
            False,
        ),  # the documents' medium is potent (UK): too strong
        (months(5), "trunk", 40, MOMETASONE, 1, False),
        (months(5), "back", 40, MODERATE, 1, True),  # not "inadequate until betamethasone dipropionate"
        (months(11.9), "back", 40, MODERATE, 1, True),
        (
            months(12),
            "back",
            40,
            MODERATE,
            2,
            True,
        ),  # document 003's back rule is for adults; CG57: moderate for moderate
        (months(12), "back", 60, MODERATE, 2, False),  # CG57: potent for severe eczema, from 12 months
        (8, "trunk", 40, {"tcs_potency": "low"}, 2, False),  # CG57 matches potency to severity: mild is not enough
        (8, "trunk", 40, MOMETASONE, 2, True),
        (8, "face", 40, {"tcs_potency": "low"}, 2, True),  # the face needs only a mild steroid, at any age
        (30, "face", 40, {"tcs_potency": "low"}, 2, True),
        (15, "back", 40, {"tcs_potency": "medium"}, 2, True),  # under 18 the back follows document 000's trunk rule
        (30, "back", 40, {"tcs_potency": "medium"}, 2, True),  # document 003's "potent": mometasone is potent (UK)
        (30, "back", 40, MODERATE, 2, False),  # a moderate one is not
        (30, "trunk", 40, MODERATE, 2, False),  # a UK moderate steroid is below the documents' medium for an adult
    ],
)
def test_the_potency_a_fair_trial_needs_depends_on_age_and_site(age, site, scorad, steroid, weeks, adequate):
    r = rec(age_years=age, site=site, scorad=scorad, weeks_on_treatment=weeks, **steroid)
    assert (r.stage != "verify_adequacy") is adequate, [line.text for line in r.why]
    assert r.steroid_trial is not None and r.steroid_trial.fair is adequate


def test_a_capped_requirement_says_why_with_its_source():
    r = rec(age_years=months(5), site="back", scorad=60, weeks_on_treatment=1, **MODERATE)
    capped = [line for line in r.why if line.rule == "potency_capped"]
    assert len(capped) == 1 and "ctx_nice_cg57" in capped[0].sources
    assert "moderate on the UK scale" in capped[0].text and "potent on the UK scale" in capped[0].text


def test_the_documents_word_alone_is_judged_as_its_examples_are_and_says_so():
    r = rec(age_years=months(9), site="trunk", scorad=40, tcs_potency="medium", weeks_on_treatment=1)
    assumed = [line for line in r.why if line.rule == "potency_word_assumed"]
    assert len(assumed) == 1 and "ctx_potency_scales" in assumed[0].sources
    assert "potency_too_strong" in rules(r.warnings) and "potency_beyond_limit" in rules(r.refer_reasons)
    assert [i for i in ids(r) if i.startswith("tcs")] == ["tcs_moderate"]  # the step down, never mometasone


@pytest.mark.parametrize(
    "age, site, steroid, weeks, rule, refer",
    [
        (months(5), "trunk", {"tcs_potency": "high"}, 1, "potency_too_strong", True),  # potent under 12 months
        (months(5), "trunk", {"tcs_potency": "medium"}, 1, "potency_too_strong", True),
        (months(5), "trunk", MOMETASONE, 1, "potency_too_strong", True),
        (months(5), "face", MODERATE, 0.5, "potency_brief_only", False),  # 3-5 days in a severe flare
        (months(5), "face", MODERATE, 1, "course_too_long", True),  # beyond 3-5 days
        (8, "face", MODERATE, 5 / 7, "potency_brief_only", False),  # day 5 of 3-5 days: within the course
        (8, "face", MODERATE, 6 / 7, "course_too_long", True),
        (months(5), "trunk", MODERATE, 1, None, False),  # a 5-7 day course in infancy (BNFC)
        (months(5), "trunk", MODERATE, 2, "course_too_long", True),
        (8, "face", {"tcs_potency": "medium"}, 1, "potency_too_strong", True),  # potent (UK) on a child's face
        (8, "trunk", {"tcs_potency": "very_high"}, 1, "potency_too_strong", True),  # very potent in a child
        (8, "trunk", {"tcs_potency": "high"}, 2, "potency_brief_only", False),  # 1-2 weeks then step down
        (8, "trunk", {"tcs_potency": "high"}, 3, "course_too_long", True),
        (15, "limbs", {"tcs_potency": "very_high"}, 1, "potency_too_strong", True),
        # BNF for Children: potent steroids in children (under 18) under specialist supervision
        (15, "genitals", {"tcs_potency": "high"}, 2, "potency_too_strong", True),
        (
            15,
            "flexures",
            {"tcs_product": "clobetasol_propionate", "tcs_potency": "none"},
            6,
            "potency_too_strong",
            True,
        ),
        (15, "flexures", MODERATE, 2, "potency_brief_only", False),  # CG57's 7-14 days for the folds, kept to 17
        (15, "flexures", MODERATE, 3, "course_too_long", True),
        (30, "face", {"tcs_potency": "very_high"}, 3, "potency_outside_sources", False),
        (30, "face", {"tcs_potency": "medium"}, 3, "potency_outside_sources", False),  # mometasone is potent (UK)
        (30, "face", MODERATE, 3, None, False),
        (30, "genitals", {"tcs_potency": "high"}, 3, "potency_outside_sources", False),
        (30, "trunk", {"tcs_potency": "very_high"}, 6, "long_potent_use", False),  # beyond document 000's 2-4 weeks
    ],
)
def test_a_steroid_too_strong_or_too_long_for_the_age_and_site_is_named(age, site, steroid, weeks, rule, refer):
    r = rec(age_years=age, site=site, scorad=40, weeks_on_treatment=weeks, **steroid)
    steroid_rules = [
        w
        for w in rules(r.warnings)
        if w
        in ("potency_too_strong", "potency_brief_only", "course_too_long", "potency_outside_sources", "long_potent_use")
    ]
    assert steroid_rules == ([rule] if rule else [])
    assert ("potency_beyond_limit" in rules(r.refer_reasons)) is refer
    if rule == "potency_outside_sources":
        assert any("outside the sources: ask a specialist" in w.text for w in r.warnings)
        assert "outside_sources" in rules(r.refer_reasons)  # "ask a specialist" always comes with a referral


@pytest.mark.parametrize(
    "age, site, steroid, weeks, adequate",
    [
        (months(5), "trunk", MODERATE, 1, True),  # the whole 5-7-day course was given
        (months(5), "trunk", MODERATE, 0.5, False),
        (8, "face", MODERATE, 0.7, True),  # 3-5 days in a severe flare, given whole
        (8, "face", MODERATE, 5 / 7, True),  # 5 days is the whole course, not more (counted in days)
        (8, "face", MODERATE, 4 / 7, False),
        (30, "trunk", {"tcs_potency": "medium"}, 1.9, False),  # adults: at least 2 weeks
    ],
)
def test_a_limited_course_is_a_fair_trial_when_given_whole(age, site, steroid, weeks, adequate):
    r = rec(age_years=age, site=site, scorad=60 if site == "face" else 40, weeks_on_treatment=weeks, **steroid)
    assert (r.stage != "verify_adequacy") is adequate
    if not adequate:
        assert not next(c for c in r.steroid_trial.checks if c.id == "duration").met


@pytest.mark.parametrize(
    "age, site, steroid",
    [
        (30, "trunk", {"tcs_potency": "medium"}),
        (30, "back", {"tcs_potency": "medium"}),
        (8, "trunk", {"tcs_potency": "low"}),
        (30, "face", {"tcs_potency": "low"}),
        (30, "face", MODERATE),
    ],
)
def test_an_allowed_potency_raises_no_potency_warning(age, site, steroid):
    r = rec(age_years=age, site=site, scorad=40, **steroid)
    assert not {w for w in rules(r.warnings) if w and w.startswith("potency")}


@pytest.mark.parametrize(
    "age, site, scorad, steroid",
    [
        (30, "trunk", 70, "tcs_high"),
        (30, "back", 40, "tcs_potent_back"),
        (30, "trunk", 40, "tcs_medium"),
    ],
)
def test_wet_wraps_carry_only_the_potency_the_age_and_site_allow(age, site, scorad, steroid):
    # document 003 puts NB-UVB, then pimecrolimus, first on the back
    tried = ["phototherapy", "topical_calcineurin_inhibitor"] if site == "back" else []
    r = rec(age_years=age, site=site, scorad=scorad, tcs_potency="high", weeks_on_treatment=2, tried=tried)
    assert r.stage == "wet_wrap"
    assert [i for i in ids(r) if i.startswith("tcs")] == [steroid]


@pytest.mark.parametrize("site", ["face", "neck", "flexures", "genitals"])
def test_no_wet_wraps_on_sensitive_skin(site):
    r = rec(site=site, scorad=70, tcs_potency="low")
    assert r.stage != "wet_wrap" and "wet_wrap" not in [o.id for o in every_option(r)]
    assert "limit:wet_wrap:site" in rules(r.warnings)


@pytest.mark.parametrize(
    "age, steroid, weeks",
    [
        (months(5), MODERATE, 1),
        (4, {"tcs_potency": "high"}, 2),
        (11.9, {"tcs_potency": "high"}, 2),
        (15, {"tcs_potency": "high"}, 2),
        (17.9, {"tcs_potency": "medium"}, 3),
    ],
)
def test_wet_wraps_under_18_are_started_by_a_trained_professional_not_at_home(age, steroid, weeks):
    """NICE CG57 (under 12): not first-line, started only by someone trained in them; 12-17: the potent
    steroid under them is limited to 1-2 weeks (BNF for Children). Never a home rung before 18."""
    r = rec(age_years=age, scorad=40, weeks_on_treatment=weeks, **steroid)
    assert r.stage != "wet_wrap"
    wraps = [o for o in every_option(r) if o.id == "wet_wrap"]
    assert all(o.specialist_only and "trained" in o.regimen for o in wraps)
    assert "specialist_only_treatment" in rules(r.refer_reasons)
    assert r.next_if_no_response is None or "wet-wrap" not in r.next_if_no_response.text
    assert rec(age_years=18, scorad=40, tcs_potency="high", weeks_on_treatment=2).stage == "wet_wrap"


@pytest.mark.parametrize(
    "site, age, steroid",
    [("neck", 30, "tcs_mild"), ("face", 30, "tcs_mild"), ("neck", 4, "tcs_mild"), ("genitals", 0.5, "tcs_moderate")],
)  # CG57: short moderate courses
def test_a_steroid_is_suggested_on_sensitive_skin_when_none_is_used(site, age, steroid):
    r = rec(age_years=age, site=site, tcs_potency="none", signs=["bacterial_infection"])
    assert steroid in ids(r)
    r = rec(age_years=age, site=site, tcs_potency="none")
    assert r.stage == "verify_adequacy" and steroid in ids(r)


# ----------------------------------------------------------------------------- adult doses for children
@pytest.mark.parametrize("age", [months(8), 1, 8, 11.9, 12, 17.9])
def test_no_immunosuppressant_is_prescribed_to_a_child(age):
    steroid = dict(MODERATE, weeks_on_treatment=1) if age < 1 else {"tcs_potency": "high", "weeks_on_treatment": 2}
    r = rec(
        age_years=age,
        weight_kg=8 if age < 1 else 30,
        scorad=70,
        qol_impact=True,
        tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"],
        **steroid,
    )
    assert r.stage == "specialist_referral"
    for option in every_option(r):
        if option.id in SYSTEMIC | {"dupilumab", "nb_uvb", "bb_uvb", "uva"}:
            assert option.specialist_only and option.dose is None and option.daily_dose_mg is None
    assert "specialist_only_treatment" in rules(r.refer_reasons)


def test_at_18_the_adult_systemic_ladder_returns():
    r = rec(
        age_years=18,
        weight_kg=60,
        scorad=70,
        tcs_potency="high",
        qol_impact=True,
        tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
    )
    assert r.stage == "systemic"
    assert {o.id: o.dose for o in r.options}["methotrexate"] == "7.5-25 mg/week"


# ----------------------------------------------------------------------------- dose ceiling and plausibility
@pytest.mark.parametrize("weight, shown", [(70, (210, 300)), (150, (300, 300)), (40, (120, 200)), (60, (180, 300))])
def test_cyclosporine_never_above_the_adult_maximum(weight, shown):
    r = rec(
        weight_kg=weight,
        scorad=70,
        tcs_potency="high",
        qol_impact=True,
        tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
    )
    cyclo = next(o for o in r.options if o.id == "cyclosporine")
    assert cyclo.daily_dose_mg == shown
    assert (cyclo.dose_note is not None) is (weight * 6 > min(300, weight * 5))


@pytest.mark.parametrize("weight", [3, 4, 29, 251, 400])
def test_an_implausible_adult_weight_is_questioned_not_multiplied(weight):
    r = rec(
        weight_kg=weight,
        scorad=70,
        tcs_potency="high",
        qol_impact=True,
        tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
    )
    for option in r.options:
        assert option.daily_dose_mg is None
    cyclo = next(o for o in r.options if o.id == "cyclosporine")
    assert "not plausible" in cyclo.dose_warning
    assert "weight_implausible" in rules(r.warnings)


# ----------------------------------------------------------------------------- phototherapy for infants
@pytest.mark.parametrize("age, site", [(months(5), "trunk"), (1, "back"), (months(5), "back")])
def test_phototherapy_is_never_the_main_recommendation_for_an_infant(age, site):
    for tried in ([], ["wet_wrap"], ["wet_wrap", "newer_topicals"]):
        r = rec(age_years=age, weight_kg=8, site=site, scorad=60, weeks_on_treatment=1, tried=tried, **MODERATE)
        assert r.stage != "phototherapy"
        assert all(o.specialist_only for o in every_option(r) if o.therapy_class == "phototherapy")


def test_an_infant_whose_eczema_fails_an_adequate_trial_is_referred():
    r = rec(age_years=months(5), weight_kg=7, scorad=38, weeks_on_treatment=1, **MODERATE)
    assert "infant_failed_trial" in rules(r.refer_reasons)
    older = rec(age_years=1, weight_kg=9, scorad=38, weeks_on_treatment=2, **MODERATE)
    assert "infant_failed_trial" not in rules(older.refer_reasons)


@pytest.mark.parametrize("age, allowed", [(months(1), False), (months(2.9), False), (months(3), True)])
def test_crisaborole_from_3_months(age, allowed):
    r = rec(age_years=age, scorad=20, weeks_on_treatment=1, tried=["wet_wrap"], **MODERATE)
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
    r = rec(
        weight_kg=70,
        scorad=70,
        tcs_potency="high",
        qol_impact=True,
        immunocompromised=True,
        tried=["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
    )
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
