"""Children get children's rules, and referrals say how soon (issue 16, from the checked context:
NICE CG57 sections 1.5-1.6, BNF for Children, NICE TA81, erythroderma, eczema herpeticum in infants,
phototherapy and the genitals). Expected answers come from the checked context, not the engine.
"""

from __future__ import annotations

import pytest

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation

CONTENT = default_content()
FAIR = {"applications_per_day": 2, "adherence_confirmed": True}


def rec(**fields) -> Recommendation:
    return recommend(
        {"age_years": 30, "site": "trunk", "tcs_potency": "medium", "weeks_on_treatment": 3, **FAIR, **fields}
    )


def rules(lines) -> list[str]:
    return [line.rule for line in lines]


def ids(r: Recommendation) -> list[str]:
    return [o.id for o in r.options]


# ----------------------------------------------------------------------------- the reviewer's examples
def test_a_toddlers_back_on_a_potent_steroid_gets_no_home_wet_wraps():
    r = recommend(
        {
            "age_years": 1.33,
            "weight_kg": 9.6,
            "site": "back",
            "scorad": 49.5,
            "tcs_potency": "high",
            "applications_per_day": 2,
            "weeks_on_treatment": 2,
            "adherence_confirmed": True,
            "qol_impact": True,
        }
    )
    assert not any(o.id == "wet_wrap" and not o.specialist_only for o in r.options)
    assert r.stage != "wet_wrap" and r.refer


@pytest.mark.parametrize("age", [0.99, 1.0])
def test_the_documents_medium_on_a_one_year_olds_back_is_judged_on_the_uk_scale(age):
    """Document 003's potent-for-the-back rule is an adult rule: neither side of the first birthday asks
    for a potent steroid, and under 12 months the documents' medium (UK potent) is too strong."""
    r = recommend(
        {
            "age_years": age,
            "weight_kg": 9,
            "site": "back",
            "scorad": 40,
            "tcs_potency": "medium",
            "applications_per_day": 2,
            "weeks_on_treatment": 1,
            "adherence_confirmed": True,
        }
    )
    assert "adequacy_potency_back" not in rules(r.why)
    assert not any("2-4 weeks" in (o.course or "") or "2-4 weeks" in o.regimen for o in r.options)
    assert ("potency_too_strong" in rules(r.warnings)) is (age < 1)


# ----------------------------------------------------------------------------- referral urgency
@pytest.mark.parametrize(
    "fields, urgency, reason",
    [
        ({"signs": ["eczema_herpeticum"]}, "same_day", "severe_infection"),
        ({"signs": ["erythroderma"]}, "same_day", "erythroderma"),
        (
            {"age_years": 6, "scorad": 60, "tcs_potency": "high", "weeks_on_treatment": 1},
            "within_2_weeks",
            "severe_not_settling_child",
        ),
        (
            {"age_years": 6, "signs": ["bacterial_infection", "infection_not_settling"], "tcs_potency": "low"},
            "within_2_weeks",
            "infection_not_settling_child",
        ),
        ({"signs": ["bacterial_infection", "infection_not_settling"]}, "routine", "infection_not_settling"),
        ({"scorad": 40, "weeks_on_treatment": 4}, "routine", "no_improvement_4_weeks"),
    ],
)
def test_referral_urgency_follows_nice_cg57(fields, urgency, reason):
    r = rec(**fields)
    assert r.refer_urgency == urgency and reason in rules(r.refer_reasons)
    sources = {s for line in r.refer_reasons if line.rule == reason for s in line.sources}
    assert sources & {"ctx_nice_cg57", "ctx_erythroderma", "d003_r1"}


def test_severe_eczema_in_a_child_is_not_hurried_before_a_week_of_optimum_treatment():
    r = rec(age_years=6, scorad=60, tcs_potency="high", weeks_on_treatment=0.5)
    assert "severe_not_settling_child" not in rules(r.refer_reasons)
    adult = rec(scorad=60, tcs_potency="high", weeks_on_treatment=1)  # CG57 covers under-12s only
    assert "severe_not_settling_child" not in rules(adult.refer_reasons)


def test_erythroderma_comes_before_the_ladder_and_after_herpeticum():
    r = rec(scorad=80, signs=["erythroderma"])
    assert r.stage == "specialist_referral" and r.red_flags == ["erythroderma"]
    assert "erythroderma_first" in rules(r.why)
    both = rec(scorad=80, signs=["erythroderma", "eczema_herpeticum"])
    assert both.stage == "eczema_herpeticum" and both.refer_urgency == "same_day"
    assert {"severe_infection", "erythroderma"} <= set(rules(both.refer_reasons))


@pytest.mark.parametrize("age, line", [(0.5, "herpeticum_admit_infant"), (4, "herpeticum_admit_child"), (30, None)])
def test_eczema_herpeticum_in_an_infant_or_young_child_means_admission(age, line):
    r = rec(age_years=age, tcs_potency="low", signs=["eczema_herpeticum"])
    admissions = [x for x in rules(r.why) if x and x.startswith("herpeticum_admit")]
    assert admissions == ([line] if line else [])
    if line:
        assert "ctx_herpeticum_admission" in next(x for x in r.why if x.rule == line).sources


# ----------------------------------------------------------------------------- children's maintenance
@pytest.mark.parametrize("age, weekend", [(0.5, False), (1, True), (6, True), (11.9, True), (12, False), (30, False)])
def test_a_controlled_child_is_offered_weekend_steroid_maintenance(age, weekend):
    r = rec(age_years=age, controlled=True, scorad=8, tcs_potency="low")
    assert r.stage == "maintenance"
    assert ("weekend_tcs" in ids(r)) is weekend
    if weekend:
        option = next(o for o in r.options if o.id == "weekend_tcs")
        assert "2 days in a row" in option.regimen and "3-6 months" in option.regimen
        assert "weekend_review" in [e.id for e in r.expected_timeline]


# ----------------------------------------------------------------------------- frequency, face, genitals
@pytest.mark.parametrize("apd, flagged", [(1, False), (2, False), (3, True), (4, True)])
def test_more_than_twice_daily_is_flagged(apd, flagged):
    r = rec(applications_per_day=apd)
    assert ("frequency_above_twice" in rules(r.warnings)) is flagged
    if flagged:
        assert "ctx_nice_ta81" in next(w for w in r.warnings if w.rule == "frequency_above_twice").sources


@pytest.mark.parametrize(
    "site, weeks, warned", [("face", 2, True), ("neck", 1, True), ("face", 0.5, False), ("trunk", 2, False)]
)
def test_a_very_potent_steroid_on_the_face_for_weeks_gets_a_step_down_warning(site, weeks, warned):
    r = rec(site=site, tcs_potency="very_high", weeks_on_treatment=weeks)
    warning = [w for w in r.warnings if w.rule == "very_potent_face"]
    assert bool(warning) is warned
    if warned:
        assert "step down" in warning[0].text
        assert not any(o.id in ("tcs_medium", "tcs_high") for o in r.options)


def test_no_phototherapy_for_genital_skin():
    r = rec(site="genitals", scorad=40, tcs_potency="low", tried=["topical_calcineurin_inhibitor", "newer_topicals"])
    offered = {o.id for o in r.options} | {o.id for a in r.alternatives for o in a.options}
    assert not offered & {"nb_uvb", "bb_uvb", "uva"}
    assert "limit:nb_uvb:site" in rules(r.warnings) or any("genital" in w.text for w in r.warnings)


# ----------------------------------------------------------------------------- what comes next
def test_the_next_step_is_the_engines_own_for_this_patient():
    """The line under the plan is the engine's answer once this step has failed, never a fixed rung."""
    adult = rec(scorad=40)  # wet wraps now; then a calcineurin inhibitor
    assert adult.stage == "wet_wrap"
    assert CONTENT.stage_title("topical_calcineurin_inhibitor") in adult.next_if_no_response.text
    infant = rec(age_years=0.4, scorad=40, tcs_potency="none", tcs_product="clobetasone_butyrate", weeks_on_treatment=1)
    assert infant.next_if_no_response is None or "calcineurin" not in infant.next_if_no_response.text
    for entry in infant.expected_timeline:
        assert "calcineurin" not in (entry.if_no_response or "")


# ----------------------------------------------------------------------------- the independent review's findings
def test_an_infection_that_has_not_settled_is_referred_not_escalated_nor_given_the_same_antibiotic():
    for fields in (
        {"age_years": 7, "scorad": 55, "signs": ["infection_not_settling"]},
        {"age_years": 40, "site": "limbs", "scorad": 40, "signs": ["infection_not_settling"], "tried": ["wet_wrap"]},
        {"age_years": 40, "signs": ["bacterial_infection", "infection_not_settling"]},
    ):
        r = rec(**fields)
        assert r.stage == "specialist_referral" and r.refer, fields
        assert not {"flucloxacillin", "erythromycin", "tacrolimus_0.1", "tacrolimus_0.03"} & set(ids(r))
        assert "infection_not_settling" in rules(r.why) and "no_complicating_factors" not in rules(r.why)


@pytest.mark.parametrize("scorad, flagged", [(93, False), (95, True), (100, True), (103, True)])
def test_a_scorad_only_possible_over_most_of_the_body_asks_about_erythroderma(scorad, flagged):
    r = rec(scorad=scorad, tcs_potency="high")
    assert ("erythroderma_check" in rules(r.warnings)) is flagged
    assert (r.refer_urgency == "same_day") is flagged


def test_an_adults_back_on_mometasone_had_document_003s_potent_steroid():
    r = rec(site="back", scorad=45, tcs_potency="none", tcs_product="mometasone_furoate", weeks_on_treatment=4)
    assert r.steroid_trial.fair and r.stage == "phototherapy"


def test_an_infant_past_the_course_of_a_mild_steroid_gets_the_moderate_one_the_severity_needs():
    r = rec(age_years=0.5, scorad=40, tcs_potency="low", weeks_on_treatment=3, tried=["wet_wrap"])
    assert "tcs_mild" not in ids(r) or r.stage != "verify_adequacy"
    r = rec(age_years=0.5, scorad=40, tcs_potency="low", weeks_on_treatment=3, adherence_confirmed=False)
    assert [i for i in ids(r) if i.startswith("tcs")] == ["tcs_moderate"]


def test_a_childs_steroid_stronger_than_its_eczema_needs_steps_to_the_matched_one():
    clobetasol = rec(age_years=6, scorad=45, tcs_potency="none", tcs_product="clobetasol_propionate")
    assert [i for i in ids(clobetasol) if i.startswith("tcs")] == ["tcs_moderate"]  # one limit: CG57's moderate
    potent = rec(age_years=6, site="limbs", scorad=45, tcs_potency="medium", weeks_on_treatment=1)
    assert [i for i in ids(potent) if i.startswith("tcs")] == ["tcs_moderate"]


def test_once_later_rungs_were_tried_the_steroids_potency_no_longer_holds_the_ladder_back():
    r = rec(
        scorad=65,
        weeks_on_treatment=4,
        qol_impact=True,
        tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"],
    )
    assert r.stage == "systemic" and r.refer and "past_the_trial" in rules(r.why)
    none = rec(scorad=65, tcs_potency="none", tried=["wet_wrap"])  # nothing in use: start a steroid first
    assert none.stage == "verify_adequacy"


def test_proactive_tacrolimus_stands_alone_where_steroid_maintenance_is_not_offered():
    r = rec(age_years=15, scorad=8, controlled=True, weeks_on_treatment=4)
    assert "proactive_tcs" not in ids(r) and "proactive_tacrolimus" in ids(r)
    assert "steroid maintenance" not in next(o for o in r.options if o.id == "proactive_tacrolimus").regimen


# ----------------------------------------------------------------------------- second review's findings
ALL_RUNGS = ["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"]


@pytest.mark.parametrize(
    "fields",
    [
        {
            "age_years": 7,
            "weight_kg": 23,
            "site": "limbs",
            "scorad": 60,
            "tcs_potency": "low",
            "weeks_on_treatment": 2,
            "tried": ["wet_wrap"],
        },
        {
            "age_years": 6,
            "weight_kg": 21,
            "site": "trunk",
            "scorad": 65,
            "tcs_potency": "low",
            "weeks_on_treatment": 4,
            "tried": ALL_RUNGS,
            "qol_impact": True,
        },
        {
            "age_years": 1.5,
            "weight_kg": 11,
            "site": "trunk",
            "scorad": 60,
            "tcs_potency": "low",
            "tcs_product": "hydrocortisone",
            "weeks_on_treatment": 3,
            "tried": ALL_RUNGS,
            "qol_impact": True,
        },
        {
            "age_years": 0.4,
            "weight_kg": 6.5,
            "site": "trunk",
            "scorad": 55,
            "tcs_potency": "low",
            "weeks_on_treatment": 3,
            "tried": ["wet_wrap"],
        },
        {
            "age_years": 0.5,
            "weight_kg": 6.5,
            "site": "trunk",
            "scorad": 65,
            "tcs_potency": "low",
            "weeks_on_treatment": 4,
            "tried": ALL_RUNGS,
            "qol_impact": True,
        },
    ],
)
def test_a_severe_child_past_a_later_rung_is_referred_within_2_weeks_whatever_the_steroid(fields):
    # NICE CG57: severe eczema not responding to optimum topical treatment after a week; wet wraps,
    # a calcineurin inhibitor or phototherapy are more than that, whatever steroid went with them
    r = recommend({**FAIR, **fields})
    assert r.refer and r.refer_urgency == "within_2_weeks"
    assert "severe_not_settling_child" in rules(r.refer_reasons)
    # and no referral reason calls the (unfair) trial adequate
    assert not r.steroid_trial.fair
    assert not any("adequate steroid trial" in line.text for line in r.refer_reasons)


def test_a_severe_child_on_too_strong_a_steroid_is_as_urgent_as_one_on_the_right_one():
    r = rec(
        age_years=5,
        weight_kg=18,
        scorad=60,
        tcs_potency="none",
        tcs_product="clobetasol_propionate",
        weeks_on_treatment=2,
        qol_impact=True,
    )
    assert r.refer_urgency == "within_2_weeks"


@pytest.mark.parametrize(
    "product", ["mometasone_furoate", "fluticasone_propionate", "hydrocortisone_butyrate", "betamethasone_valerate"]
)
def test_an_adults_severe_eczema_steps_up_to_document_000s_own_high_potency_example(product):
    # betamethasone valerate 0.1% is US class 5 as a cream, like fluticasone: no step up from "medium"
    r = rec(weight_kg=75, scorad=60, tcs_potency="none", tcs_product=product, qol_impact=True)
    assert r.stage == "verify_adequacy"
    assert ids(r)[0] == "tcs_high" and CONTENT.therapies["tcs_high"].products == ["betamethasone_dipropionate"]
    assert "betamethasone valerate" not in r.steroid_trial.needs


def test_betamethasone_dipropionate_is_enough_for_an_adults_severe_eczema():
    r = rec(weight_kg=75, scorad=60, tcs_potency="none", tcs_product="betamethasone_dipropionate", qol_impact=True)
    assert r.stage == "wet_wrap"


@pytest.mark.parametrize(
    "tried",
    [
        ["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals"],
        ["topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"],
    ],
)
@pytest.mark.parametrize("qol", [True, False])
def test_no_systemic_treatment_for_eczema_confined_to_the_genitals(tried, qol):
    # about 1% of the body: document 000 looks again at the diagnosis and for contact allergy first;
    # systemic treatment there is outside the sources
    r = rec(
        age_years=40,
        weight_kg=80,
        site="genitals",
        scorad=45,
        tcs_potency="low",
        weeks_on_treatment=4,
        tried=tried,
        qol_impact=qol,
    )
    assert r.stage == "complicating_factors" and r.refer
    assert not [
        o for o in r.options if CONTENT.therapies[o.id].therapy_class in ("systemic_immunomodulator", "biologic")
    ]
    assert "systemic_not_for_genitals" in rules(r.why)
    assert "patch_testing" in ids(r)


def test_herpeticum_with_an_infection_that_has_not_settled_repeats_no_antibiotic():
    r = rec(
        site="hands",
        scorad=50,
        tcs_potency="high",
        weeks_on_treatment=2,
        signs=["bacterial_infection", "eczema_herpeticum", "infection_not_settling"],
    )
    assert r.stage == "eczema_herpeticum" and r.refer_urgency == "same_day"
    assert ids(r) == ["aciclovir"]
    assert "infection_not_settling" in rules(r.why)


@pytest.mark.parametrize("site", ["back", "trunk", "limbs"])
def test_phototherapy_left_out_for_a_child_says_why_without_asking_for_a_referral_it_does_not_make(site):
    r = rec(
        age_years=5,
        weight_kg=18,
        site=site,
        scorad=40,
        tcs_potency="none",
        tcs_product="clobetasone_butyrate",
        weeks_on_treatment=2,
    )
    texts = " ".join(line.text for line in r.warnings)
    assert "refer for specialist advice instead" not in texts
    if not r.refer:
        assert "not a step for this patient now" in texts or "phototherapy" not in texts.lower()


def test_a_potency_word_that_contradicts_the_product_is_said_out_loud():
    r = rec(
        age_years=8,
        weight_kg=26,
        site="limbs",
        scorad=40,
        tcs_potency="low",
        tcs_product="clobetasol_propionate",
        weeks_on_treatment=2,
    )
    assert "potency_word_conflict" in rules(r.warnings)
    assert "potency_word_conflict" not in rules(rec(tcs_potency="none", tcs_product="clobetasol_propionate").warnings)


@pytest.mark.parametrize("scorad, needed", [(20, "mild"), (40, "moderate"), (60, "potent")])
def test_an_adolescents_steroid_is_matched_to_severity(scorad, needed):
    # BNF for Children puts potent steroids in children under specialist supervision: at 12-17 the tool
    # matches potency to severity as CG57 does under 12, never the documents' adult "medium" for mild eczema
    r = rec(age_years=14, weight_kg=50, site="trunk", scorad=scorad, tcs_potency="none", weeks_on_treatment=0)
    assert r.stage == "verify_adequacy"
    uk = {CONTENT.therapies[o.id].potency_uk for o in r.options if CONTENT.therapies[o.id].potency_uk}
    assert uk == {needed}, ids(r)


@pytest.mark.parametrize(
    "site, scorad, warned",
    [("face", 90, True), ("genitals", 84, True), ("face", 83, False), ("trunk", 90, False), ("face", 95, False)],
)
def test_a_scorad_the_site_alone_cannot_reach_is_questioned(site, scorad, warned):
    # SCORAD 90 needs at least 35% of the body: more than an adult's face; above 50% it is the erythroderma check
    r = rec(site=site, scorad=scorad)
    assert ("scorad_beyond_site" in rules(r.warnings)) is warned


@pytest.mark.parametrize("flag", ["eczema_herpeticum", "erythroderma", None])
def test_an_infection_that_has_not_settled_is_never_given_the_same_antibiotic_again(flag):
    signs = ["bacterial_infection", "infection_not_settling"] + ([flag] if flag else [])
    r = rec(site="limbs", scorad=50, signs=signs)
    assert not {"flucloxacillin", "erythromycin"} & set(ids(r))
    assert "infection_before_escalation" not in rules(r.why) and "infection_not_settling" in rules(r.why)


def test_a_course_given_whole_steps_down_while_an_infection_is_treated():
    # day 5 of a child's 3-5-day moderate course on the face: going on with it would run past it
    r = rec(
        age_years=6,
        weight_kg=21,
        site="face",
        scorad=58,
        tcs_potency="none",
        tcs_product="clobetasone_butyrate",
        weeks_on_treatment=5 / 7,
        signs=["bacterial_infection"],
        qol_impact=True,
    )
    assert "tcs_moderate" not in ids(r) and "tcs_mild" in ids(r)
    assert "infection_continue_tcs_course_done" in rules(r.why)


def test_a_steroid_too_strong_is_not_also_told_to_run_longer():
    r = rec(
        age_years=14,
        weight_kg=50,
        site="flexures",
        scorad=40,
        tcs_potency="none",
        tcs_product="clobetasol_propionate",
        weeks_on_treatment=10 / 7,
    )
    assert "adequacy_potency_limit" in rules(r.why)
    assert not {"adequacy_duration", "adequacy_duration_course"} & set(rules(r.why))
