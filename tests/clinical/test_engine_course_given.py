"""Two engine rules found through the followed-patient review (/tmp/reviews_keep/course_review.md, F1 and F7).
Expected answers come from the checked context and the documents, not the engine.

- NICE CG57: on a child's face a moderate steroid only for 3-5 days in a severe flare; BNF for Children:
  moderately potent and potent steroids on the trunk and limbs for 1-2 weeks, then step down. A short
  course given whole is not started again because the trial fell short in another way (adherence): it
  steps down, as its own course says.
- Document 003: refer after 4 weeks of appropriate topical treatment without improvement; an infection
  that turns up does not make those weeks a success, so the referral stays while it is treated.
"""

from __future__ import annotations

import pytest

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation

CONTENT = default_content()
CLOBETASONE = {"tcs_potency": "none", "tcs_product": "clobetasone_butyrate", "applications_per_day": 2}


def rules(lines) -> list[str | None]:
    return [line.rule for line in lines]


def steroids(r: Recommendation) -> set[str]:
    return {o.id for o in r.options if o.id.startswith("tcs_")}


@pytest.mark.parametrize(
    "age, site, weeks, planned",
    [
        (8 / 12, "face", 5 / 7, {"tcs_mild"}),  # the review's seed 4: the 3-5 days used up, adherence unchecked
        (8 / 12, "face", 3 / 7, {"tcs_moderate"}),  # day 3 of 3-5: the course goes on to its end
        (6, "face", 5 / 7, {"tcs_mild"}),
        (5, "back", 2, {"tcs_mild"}),  # 1-2 weeks, then step down (the review's seed 99999)
        (5, "back", 1, {"tcs_moderate"}),
    ],
)
def test_a_short_course_given_whole_steps_down_and_is_not_started_again(age, site, weeks, planned):
    r = recommend(
        {"age_years": age, "site": site, "scorad": 60 if site == "face" else 45, "weeks_on_treatment": weeks}
        | CLOBETASONE
    )
    assert r.stage == "verify_adequacy" and "adequacy_adherence" in rules(r.why)
    assert steroids(r) == planned
    assert ("course_given_step_down" in rules(r.why)) is (planned == {"tcs_mild"})
    if planned == {"tcs_mild"}:
        line = next(line for line in r.why if line.rule == "course_given_step_down")
        assert "mild" in line.text and set(line.sources) == {"ctx_nice_cg57", "ctx_bnfc"}
        assert all("3-5 days" not in e.label for e in r.expected_timeline)  # no second moderate course


def test_a_steroid_too_weak_for_the_trial_still_steps_up_after_its_course():
    # a child's severe eczema on the back after 2 weeks of a moderate steroid: the trial asks for a potent
    # one (CG57 matches potency to severity), a new course, not the moderate one again
    r = recommend(
        {"age_years": 5, "site": "back", "scorad": 60, "weeks_on_treatment": 2, "adherence_confirmed": True}
        | CLOBETASONE
    )
    assert r.stage == "verify_adequacy" and "adequacy_potency_child" in rules(r.why)
    assert steroids(r) == {"tcs_medium"} and "course_given_step_down" not in rules(r.why)  # potent (UK)


@pytest.mark.parametrize("weeks, referred", [(4, True), (6, True), (3, False)])
def test_four_weeks_without_improvement_is_still_a_reason_to_refer_while_an_infection_is_treated(weeks, referred):
    r = recommend(
        {
            "age_years": 55,
            "site": "limbs",
            "scorad": 40,
            "tcs_potency": "medium",
            "applications_per_day": 2,
            "adherence_confirmed": True,
            "weeks_on_treatment": weeks,
            "tried": ["topical_calcineurin_inhibitor", "newer_topicals"],
            "signs": ["bacterial_infection"],
        }
    )
    assert r.stage == "treat_infection"
    assert ("no_improvement_4_weeks" in rules(r.refer_reasons)) is referred
    assert r.refer is referred


def test_an_unfair_trial_with_an_infection_is_not_referred_for_4_weeks_without_improvement():
    # adherence never checked: those weeks were not suitable treatment
    r = recommend(
        {
            "age_years": 40,
            "site": "trunk",
            "scorad": 40,
            "tcs_potency": "medium",
            "applications_per_day": 2,
            "weeks_on_treatment": 6,
            "signs": ["bacterial_infection"],
        }
    )
    assert r.stage == "treat_infection" and "no_improvement_4_weeks" not in rules(r.refer_reasons)


def test_past_the_trial_the_weeks_count_as_suitable_treatment_at_an_infection_too():
    # the review's seed 142 (80 years old): severe eczema, a medium-potency steroid after wet wraps and a
    # calcineurin inhibitor were tried; the ladder counts those weeks as suitable treatment past the trial
    # (potency no longer holds it back), so the infection visit refers as the next escalation visit does
    fields = {
        "age_years": 80,
        "site": "trunk",
        "scorad": 54,
        "tcs_potency": "medium",
        "applications_per_day": 2,
        "adherence_confirmed": True,
        "weeks_on_treatment": 10,
        "tried": ["wet_wrap", "topical_calcineurin_inhibitor"],
    }
    infected = recommend(fields | {"signs": ["bacterial_infection"]})
    settled = recommend(fields)
    assert infected.stage == "treat_infection" and settled.stage != "verify_adequacy"
    assert "no_improvement_4_weeks" in rules(infected.refer_reasons)
    assert "no_improvement_4_weeks" in rules(settled.refer_reasons)


@pytest.mark.parametrize(
    "weeks, planned, rule",
    [
        (4 / 7, {"tcs_mild"}, "too_strong_counts_toward_course"),  # the third review's seed 79: 4 days used
        (1 / 7, {"tcs_mild"}, "too_strong_counts_toward_course"),  # any day of it counts towards the course
        (0, {"tcs_moderate"}, None),  # nothing used yet: the 3-5-day moderate course in a severe flare
    ],
)
def test_a_too_strong_steroid_already_used_counts_towards_the_short_course(weeks, planned, rule):
    """NICE CG57 allows a moderate steroid on a child's face or neck for 3-5 days in a severe flare. A
    toddler who has had 4 days of a potent one (the documents' "medium" for mometasone-like products) has
    already had that flare's short course, stronger: a fresh 3-5 days of moderate would run past it. The
    plan steps down to mild (specialist advice if not controlled) instead."""
    r = recommend(
        {
            "age_years": 1.25,
            "site": "neck",
            "scorad": 72.4,
            "tcs_potency": "medium",
            "applications_per_day": 2,
            "weeks_on_treatment": weeks,
            "adherence_confirmed": True,
        },
        CONTENT,
    )
    assert r.stage == "verify_adequacy" and steroids(r) == planned
    assert (rule in rules(r.why)) if rule else ("too_strong_counts_toward_course" not in rules(r.why))
