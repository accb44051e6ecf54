"""Follow a patient (pathway.learn.course): over 1,000 seeds, every visit's right choice is exactly what
recommend() says for that visit's scenario; a seed always gives the same course; everything the learner
reads about what happened and what follows cites references that exist, and holds no figure its content
item does not; a learner's path (right, wrong, bad) walks and adds up as the debrief says."""

from __future__ import annotations

import itertools
import time

import pytest
from course_checks import content_numbers, invented_numbers
from hypothesis import given, settings
from hypothesis import strategies as st

from pathway.clinical.engine import default_content, recommend, skin_clear
from pathway.clinical.scenario import Line, Scenario
from pathway.clinical.steroids import course_of, site_limit, steroid_in_use, used_too_long
from pathway.clinical.trace import days
from pathway.learn.course import (
    MAX_SEED,
    MAX_VISITS,
    Course,
    course_json,
    default_rules,
    follow_patient,
    parse_path,
    summarise,
    walk,
)
from pathway.learn.course.build import build_course
from pathway.learn.course.story import planned, same_class

SEEDS = 1000
CONTENT = default_content()


@pytest.fixture(scope="module")
def courses() -> dict[int, Course]:
    """Seeds 0..999, built once for this module (uncached: each seed is built here, not read back)."""
    rules = default_rules()
    start = time.perf_counter()
    built = {seed: build_course(seed, CONTENT, rules) for seed in range(SEEDS)}
    elapsed = time.perf_counter() - start
    print(f"\n{SEEDS} courses built in {elapsed:.1f} s ({1000 * elapsed / SEEDS:.1f} ms each)")
    assert elapsed < 120, f"{SEEDS} courses took {elapsed:.0f} s"
    return built


def outcome_lines(course: Course) -> list[Line]:
    """What the learner reads as what happened since and what follows, at every visit and choice."""
    lines: list[Line] = []
    for visit in course.visits:
        lines += visit.since + ([visit.review] if visit.review else [])
        for choice in visit.choices:
            lines += choice.follows + choice.pitfalls
    return lines


def test_at_every_visit_of_1000_seeds_the_right_choice_is_what_recommend_says(courses):
    visits = 0
    for seed, course in courses.items():
        for visit in course.visits:
            rec = recommend(Scenario.model_validate(visit.scenario), CONTENT)
            assert visit.key == rec.stage == visit.engine.stage, f"seed {seed}, visit {visit.number}"
            assert (visit.engine.refer, visit.engine.refer_urgency) == (rec.refer, rec.refer_urgency)
            right = [c for c in visit.choices if c.correct]
            assert [c.id for c in right] == [rec.stage], f"seed {seed}, visit {visit.number}"
            assert len({c.id for c in visit.choices}) == len(visit.choices) >= 3
            assert [c.letter for c in visit.choices] == [chr(ord("a") + i) for i in range(len(visit.choices))]
            visits += 1
    assert visits >= 2 * SEEDS  # every course has a second visit


def test_the_ladder_path_reaches_an_end_and_comes_back_at_the_contents_review_times(courses):
    for seed, course in courses.items():
        *middle, last = course.visits
        assert last.closing is not None, f"seed {seed} never ends"
        assert course.ladder.ending == last.closing and course.ladder.right == course.ladder.answered
        for visit, after in zip(middle, course.visits[1:]):
            assert visit.closing is None and visit.review is not None and visit.review_days
            assert after.day == visit.day + visit.review_days
            assert (visit.review.rule or "").startswith("timeline:")


def test_a_seed_always_gives_the_same_course():
    for seed in (0, 1, 9, 77, 123456, MAX_SEED):
        first = course_json(build_course(seed, CONTENT, default_rules()))
        assert first == course_json(build_course(seed, CONTENT, default_rules()))
        assert first == course_json(follow_patient(seed))
    assert course_json(follow_patient(1)) != course_json(follow_patient(2))


@pytest.mark.parametrize("seed", [-1, MAX_SEED + 1, True, 1.5])
def test_a_bad_seed_is_refused_with_its_range(seed):
    with pytest.raises(ValueError, match="0 to 2147483647"):
        follow_patient(seed)


def test_everything_that_happens_or_follows_cites_references_that_exist(courses):
    for seed, course in courses.items():
        for line in outcome_lines(course):
            assert line.sources, f"seed {seed}: uncited {line.text!r}"
            missing = [s for s in line.sources if s not in CONTENT.references]
            assert not missing, f"seed {seed}: {missing} in {line.text!r}"
            assert line.rule and line.rule.split(":")[0] in ("timeline", "pitfall", "red_flag", "referral")
        assert set(course.sources) <= set(CONTENT.references)


def test_no_outcome_holds_a_number_its_content_does_not(courses):
    everywhere = content_numbers()
    for seed, course in courses.items():
        for line in outcome_lines(course):
            assert invented_numbers(line, CONTENT, everywhere) == [], f"seed {seed}: {line.text!r}"


def test_the_number_check_catches_an_invented_figure(courses):
    """The check above would fail if the course's own words added a figure to what the content says."""
    everywhere = content_numbers()
    line = next(line for line in outcome_lines(courses[9]) if (line.rule or "").startswith("timeline:wet_wrap_onset"))
    assert invented_numbers(line, CONTENT, everywhere) == []
    broken = line.model_copy(update={"text": line.text + " Nine in 10 patients clear by day 5."})
    assert invented_numbers(broken, CONTENT, everywhere) == ["10", "5"]
    percent = Line(
        text="No extra benefit in 93% of trials.", sources=["d000_r1"], rule="pitfall:topical_antibiotic_added"
    )
    assert invented_numbers(percent, CONTENT, everywhere) == ["93"]


def test_moves_are_offered_only_where_the_content_names_their_pitfall(courses):
    for course in courses.values():
        for visit in course.visits:
            for choice in visit.choices:
                for line in choice.pitfalls:
                    kind, _, item = (line.rule or "").partition(":")
                    stages = (CONTENT.pitfalls if kind == "pitfall" else CONTENT.timelines)[item].stages
                    assert visit.key in stages, f"{choice.id} at {visit.key}"


def test_a_response_and_a_failure_read_in_the_contents_words(courses):
    better = no_better = 0
    for course in courses.values():
        for visit in course.visits[1:]:
            for line in visit.since:
                timeline = CONTENT.timelines.get((line.rule or "").removeprefix("timeline:"))
                if line.text.startswith("Better at this review"):
                    better += 1
                    assert visit.controlled and timeline is not None
                    assert timeline.label in line.text or "allowed at this age and site" in line.text  # the engine's
                elif line.text.startswith("No better at this review") and timeline is not None:
                    no_better += 1
                    assert not visit.controlled
                    assert timeline.if_no_response in line.text or "allowed course" in line.text
    assert better > 300 and no_better > 300


# ----------------------------------------------------------------------------- a learner's path


def first_wrong(course: Course, index: int = 0) -> str:
    return next(c.letter for c in course.visits[index].choices if not c.correct)


def test_a_wrong_choice_brings_the_patient_back_as_before_with_what_follows_it(courses):
    course = next(c for c in courses.values() if len(c.visits) >= 3)
    visit = course.visits[0]
    wrong = visit.choice(first_wrong(course))
    assert wrong is not None and wrong.then == "again"
    done = walk(course.visits, [wrong.letter])
    assert done.current is not None and done.current.visit == 0 and done.current.again
    assert done.current.day == visit.review_days and done.current.since == wrong.follows
    after = walk(course.visits, [wrong.letter, visit.right.letter])
    assert after.current is not None and after.current.visit == 1
    assert after.current.day == visit.review_days + course.visits[1].day


def test_a_wrong_first_choice_delays_control_by_one_review(courses):
    for course in courses.values():
        if course.ladder.weeks_to_control is None or course.visits[0].closing:
            continue
        letters = [first_wrong(course)] + [v.right.letter for v in course.visits]
        summary = summarise(course.visits, letters, CONTENT)
        assert summary.right == summary.answered - 1 and summary.ending == "maintenance"
        assert summary.weeks_to_control == round(
            (course.visits[-1].day + course.visits[0].review_days) / 7, 1
        )  # the ladder's day of control, one review later
        assert summary.weeks_on_potent >= course.ladder.weeks_on_potent


def test_every_choice_at_a_closing_visit_ends_the_course(courses):
    course = courses[9]
    last = course.visits[-1]
    assert last.closing == "maintenance"
    ladder = [v.right.letter for v in course.visits[:-1]]
    for choice in last.choices:
        summary = summarise(course.visits, [*ladder, choice.letter], CONTENT)
        assert summary.ending == ("maintenance" if choice.correct else "wrong_at_the_end")
        assert summary.ending_text


def test_choosing_wrong_forever_stops_after_the_visit_limit(courses):
    course = courses[9]
    done = walk(course.visits, [first_wrong(course)] * (MAX_VISITS + 3))
    assert done.ending == "visit_limit" and len(done.steps) == MAX_VISITS and done.current is None
    assert done.problem is not None  # the letters after the end are said to be extra


def test_a_path_with_a_letter_that_is_not_a_choice_keeps_what_came_before():
    course = follow_patient(9)
    ladder = [v.right.letter for v in course.visits]
    done = walk(course.visits, [ladder[0], "z", ladder[1]])
    assert [s.letter for s in done.steps] == [ladder[0]]
    assert done.current is not None and done.current.visit == 1
    assert done.problem is not None and "'z'" in done.problem


@pytest.mark.parametrize(
    ("text", "letters", "problem"),
    [
        (None, [], False),
        ("", [], False),
        ("b,a,c", ["b", "a", "c"], False),
        (" B , a ", ["b", "a"], False),
        ("b,aa,c", ["b"], True),
        ("b,,c", ["b"], True),
        ("<script>", [], True),
        (",".join("a" * (MAX_VISITS + 1)), ["a"] * MAX_VISITS, True),
    ],
)
def test_parse_path(text, letters, problem):
    got, said = parse_path(text)
    assert got == letters and (said is not None) == problem


def _uk(scenario: Scenario) -> str | None:
    steroid = steroid_in_use(scenario, CONTENT)
    return steroid.uk if steroid.uk is not None and scenario.applications_per_day > 0 else None


def test_weeks_on_each_steroid_count_the_whole_time_on_it_before_week_0_included(courses):
    """The debrief's weeks on a potent (UK) steroid are the whole time on it: the weeks the opening says
    it was used before the first visit, then every stretch between visits as the scenario's clock says."""
    for course in list(courses.values())[:300]:
        visits = course.visits
        opening = Scenario.model_validate(visits[0].scenario)
        first = _uk(opening)
        assert visits[0].steroid_days == ({first: days(opening.weeks_on_treatment)} if first else {})
        for before, after in itertools.pairwise(visits):
            stretch = after.day - before.day
            assert sum(after.steroid_days.values()) <= stretch
            scenario = Scenario.model_validate(after.scenario)
            now = _uk(scenario)
            if now is not None:
                assert after.steroid_days.get(now, 0) == min(days(scenario.weeks_on_treatment), stretch)
        potent = [n for v in visits for uk, n in v.steroid_days.items() if uk in ("potent", "very_potent")]
        assert course.ladder.weeks_on_potent == round(sum(potent) / 7, 1)
        before_days = sum(n for uk, n in visits[0].steroid_days.items() if uk in ("potent", "very_potent"))
        assert course.ladder.weeks_on_potent_before == round(before_days / 7, 1)
        assert sum(course.ladder.weeks_on_steroid.values()) == pytest.approx(
            sum(n for v in visits for n in v.steroid_days.values()) / 7, abs=0.3
        )
    twelve = follow_patient(12)  # 3 weeks of betamethasone dipropionate before the first visit, then wet wraps
    assert twelve.ladder.weeks_on_potent_before == 3.0 and twelve.ladder.weeks_on_potent == 4.0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, MAX_SEED), picks=st.lists(st.integers(0, 5), max_size=MAX_VISITS + 2))
def test_any_path_through_any_patient_walks_and_adds_up(seed, picks):
    course = follow_patient(seed)
    letters: list[str] = []
    for pick in picks:
        done = walk(course.visits, letters)
        if done.current is None:
            break
        choices = course.visits[done.current.visit].choices
        letters.append(choices[pick % len(choices)].letter)
    done = walk(course.visits, letters)
    assert done.problem is None and [s.letter for s in done.steps] == letters
    days = [s.day for s in done.steps]
    assert days == sorted(days)
    for step in done.steps:
        visit = course.visits[step.visit]
        assert recommend(Scenario.model_validate(visit.scenario), CONTENT).stage == visit.key
    summary = summarise(course.visits, letters, CONTENT)
    assert summary.answered == len(letters) and 0 <= summary.right <= summary.answered
    assert (summary.ending is None) == (done.current is not None)
    if summary.weeks_to_control is not None:
        assert summary.weeks_to_control >= course.ladder.weeks_to_control


# ----------------------------------------------------------------------------- clinical review (course_review.md)


def rules_of(lines: list[Line]) -> list[str | None]:
    return [line.rule for line in lines]


def test_f1_no_steroid_runs_past_the_course_the_engine_states_for_the_age_and_site(courses):
    """Every visit's steroid is within the course allowed at its age and site (the engine never has to say
    it has been used too long), and a steroid that steps down between two visits ran its course whole, not
    a day more."""
    limited = 0
    for seed, course in courses.items():
        for visit in course.visits:
            scenario = Scenario.model_validate(visit.scenario)
            rec = recommend(scenario, CONTENT)
            assert "course_too_long" not in rules_of(rec.warnings), f"seed {seed}, visit {visit.number}"
            steroid, limit = steroid_in_use(scenario, CONTENT), site_limit(scenario, CONTENT)
            assert not used_too_long(steroid, limit, scenario.weeks_on_treatment), f"seed {seed} v{visit.number}"
            limited += course_of(steroid, limit) is not None
        for before, after in itertools.pairwise(course.visits):
            earlier = Scenario.model_validate(before.scenario)
            steroid = steroid_in_use(earlier, CONTENT)
            course_allowed = course_of(steroid, site_limit(earlier, CONTENT))
            if course_allowed is None or _uk(earlier) is None:
                continue
            later = Scenario.model_validate(after.scenario)
            if same_class(earlier, later, CONTENT):  # still on it: its clock says how long
                ran = days(later.weeks_on_treatment)
            else:  # stepped down at the visit or part-way: the days on it before, and in the stretch
                ran = days(earlier.weeks_on_treatment) + after.steroid_days.get(steroid.uk or "", 0)
            assert ran <= days(course_allowed[1]), f"seed {seed}, after visit {before.number}"
    assert limited > 300  # infants and children on limited courses are in the sample


def test_f1_the_clock_on_a_steroid_class_runs_on_and_is_never_reset(courses):
    pairs = 0
    for seed, course in courses.items():
        for before, after in itertools.pairwise(course.visits):
            earlier, later = Scenario.model_validate(before.scenario), Scenario.model_validate(after.scenario)
            if same_class(earlier, later, CONTENT) and later.applications_per_day:
                pairs += 1
                assert days(later.weeks_on_treatment) == days(earlier.weeks_on_treatment) + before.review_days, (
                    f"seed {seed}, visit {after.number}"
                )
    assert pairs > 1000


def test_f1_a_short_course_given_whole_is_never_planned_again_at_once(courses):
    """A fair trial never goes on with a steroid whose limited course has been given whole, and the visit
    after a short course given whole does not start that course again (seed 4: an 8-month-old's 3-5 days of
    clobetasone on the face, used up before the first visit, steps down to a mild steroid)."""
    for seed, course in courses.items():
        for visit in course.visits:
            if visit.key != "verify_adequacy":
                continue
            scenario = Scenario.model_validate(visit.scenario)
            plan, _ = planned(scenario, recommend(scenario, CONTENT), CONTENT)
            steroid = steroid_in_use(plan, CONTENT)
            allowed = course_of(steroid, site_limit(plan, CONTENT))
            if allowed is not None and same_class(scenario, plan, CONTENT):
                assert days(scenario.weeks_on_treatment) < days(allowed[1]), f"seed {seed}, visit {visit.number}"
        for before, after in itertools.pairwise(course.visits):
            earlier = Scenario.model_validate(before.scenario)
            steroid, limit = steroid_in_use(earlier, CONTENT), site_limit(earlier, CONTENT)
            allowed = course_of(steroid, limit)
            brief = steroid.uk is not None and limit.routine is not None and steroid.uk != limit.routine
            if allowed is None or not brief or days(earlier.weeks_on_treatment) < days(allowed[1]):
                continue
            if before.key != "treat_infection" and after.key == "verify_adequacy":
                asked = {CONTENT.therapies[o.id].potency_uk for o in recommend(after.scenario, CONTENT).options}
                assert steroid.uk not in asked, f"seed {seed}, visit {after.number}"
    four = follow_patient(4).visits[0]
    assert four.key == "verify_adequacy" and "course_given_step_down" in rules_of(four.right.why)
    assert recommend(four.scenario, CONTENT).options[0].id == "tcs_mild"


def test_f1_an_over_long_course_is_never_called_an_adequate_trial(courses):
    for seed, course in courses.items():
        for visit in course.visits:
            scenario = Scenario.model_validate(visit.scenario)
            allowed = course_of(steroid_in_use(scenario, CONTENT), site_limit(scenario, CONTENT))
            for choice in visit.choices:
                if allowed is not None and any(line.text.startswith("The trial was adequate") for line in choice.why):
                    assert days(scenario.weeks_on_treatment) <= days(allowed[1]), f"seed {seed} v{visit.number}"


def test_f4_control_is_a_lower_band_and_at_most_half_the_last_score(courses):
    """'Better' and 'controlled' only when the SCORAD fell: to the mild band from moderate or severe, to
    the clear range from mild, and at least by half (the content's own response rule for dupilumab)."""
    controlled = 0
    for seed, course in courses.items():
        for before, after in itertools.pairwise(course.visits):
            if not after.controlled:
                assert not any(line.text.startswith("Better") for line in after.since)
                continue
            controlled += 1
            last, now = before.scenario["scorad"], after.scenario["scorad"]
            assert now <= last / 2, f"seed {seed}: {last} -> {now}"
            assert CONTENT.severity_band(now) == "mild", f"seed {seed}"
            if CONTENT.severity_band(last) == "mild":
                assert skin_clear(now, CONTENT), f"seed {seed}: mild {last} -> {now} is not clear"
            assert after.findings[1].startswith("The eczema is under control")
            assert str(now) not in " ".join(after.findings)  # control in words and bands, not as a figure
    assert controlled > 300
    for seed in (123456, 23, 314159, 13, 2718):  # the reviewer's: a rise, or a fall of 7-18%, called control
        course = follow_patient(seed)
        for before, after in itertools.pairwise(course.visits):
            if after.controlled:
                assert after.scenario["scorad"] <= before.scenario["scorad"] / 2


def test_f8_wet_wraps_are_judged_at_the_end_of_their_initial_course_not_at_72_hours(courses):
    wraps = 0
    for seed, course in courses.items():
        for visit in course.visits:
            if visit.key == "wet_wrap" and visit.review_days is not None:
                wraps += 1
                assert visit.review_days == 7 and visit.review is not None, f"seed {seed}"
                assert visit.review.rule == "timeline:wet_wrap_course"
    assert wraps > 50
    for seed in (12, 2024, 12345):  # 73 -> 7.8 in 3 days, 49 -> 5.9, 66.5 -> 7.6
        after = follow_patient(seed).visits[1]
        assert after.day == 7 and not skin_clear(after.scenario["scorad"], CONTENT)  # mild, not clear


def test_f6_a_high_potency_steroid_steps_down_at_a_steroid_sparing_step(courses):
    """Document 000's pitfall: strong steroids used for long thin the skin, step down to medium potency;
    a calcineurin inhibitor or a newer cream is the steroid-sparing step where the story does it."""
    stepped = 0
    for seed, course in courses.items():
        for before, after in itertools.pairwise(course.visits):
            earlier = Scenario.model_validate(before.scenario)
            if before.key in ("topical_calcineurin_inhibitor", "newer_topicals") and earlier.tcs_potency in (
                "high",
                "very_high",
            ):
                stepped += 1
                assert after.scenario["tcs_potency"] == "medium", f"seed {seed}, visit {after.number}"
                assert "pitfall:long_term_high_potency" in rules_of(after.since)
    assert stepped > 20
    eleven = follow_patient(11)  # 77 years old: 8 weeks of a high-potency steroid before the first visit
    assert eleven.ladder.weeks_on_potent_before == 8.0 and eleven.ladder.weeks_on_potent >= 10


def test_f2_no_phototherapy_or_systemic_treatment_for_mild_eczema_or_eczema_that_does_not_affect_life(courses):
    ended = 0
    for seed, course in courses.items():
        for visit in course.visits:
            scenario = Scenario.model_validate(visit.scenario)
            band = CONTENT.severity_band(scenario.scorad)
            if visit.key == "phototherapy":
                assert band != "mild", f"seed {seed}"
            if visit.key == "systemic":
                assert band != "mild" and scenario.qol_impact, f"seed {seed}"
        last = course.visits[-1]
        if last.closing == "specialist_advice":
            ended += 1
            stop = last.right.follows[-1]
            assert stop.sources and (stop.rule or "").split(":")[0] in ("timeline", "referral")
            assert all(c.then == "end" for c in last.choices)
    assert ended > 20
    for seed in (21, 500, 24, 77):  # the reviewer's: 1% BSA, SCORAD 21 and no impact, to phototherapy ...
        assert {v.key for v in follow_patient(seed).visits}.isdisjoint({"phototherapy", "systemic"})


ADULT_WORDS = ("consider systemic treatment", "treatment beyond the topical rungs")


def test_f9_no_child_reads_adult_escalation_words_or_adult_drugs_as_the_plan(courses):
    children = 0
    for seed, course in courses.items():
        for visit in course.visits:
            scenario = Scenario.model_validate(visit.scenario)
            if scenario.age_years >= 18:
                continue
            children += 1
            lines = visit.since + ([visit.review] if visit.review else [])
            lines += [line for c in visit.choices for line in c.follows]
            for line in lines:
                assert not any(w in line.text.lower() for w in ADULT_WORDS), f"seed {seed}: {line.text}"
            rec = recommend(scenario, CONTENT)
            for option in rec.options:
                if option.specialist_only:
                    assert option.name not in visit.engine.options, f"seed {seed}, visit {visit.number}"
    assert children > 500


def test_f7_the_referral_stays_at_an_infection_visit(courses):
    """Four weeks of suitable treatment without improvement is a reason to refer (document 003), and stays
    one while an infection that turns up is treated."""
    kept = 0
    for seed, course in courses.items():
        for before, after in itertools.pairwise(course.visits):
            if after.key != "treat_infection":
                continue
            reasons = rules_of(recommend(after.scenario, CONTENT).refer_reasons)
            earlier = recommend(before.scenario, CONTENT)
            if "no_improvement_4_weeks" in rules_of(earlier.refer_reasons) and same_class(
                Scenario.model_validate(before.scenario), Scenario.model_validate(after.scenario), CONTENT
            ):
                kept += 1
                assert after.engine.refer and "no_improvement_4_weeks" in reasons, f"seed {seed}"
    assert kept > 10


def test_f10_pimecrolimus_alone_is_judged_on_document_003s_six_weeks(courses):
    judged = 0
    for seed, course in courses.items():
        for visit in course.visits:
            if visit.key != "topical_calcineurin_inhibitor" or visit.review is None:
                continue
            rec = recommend(visit.scenario, CONTENT)
            tci = [
                o.id for o in rec.options if CONTENT.therapies[o.id].therapy_class == "topical_calcineurin_inhibitor"
            ]
            if tci == ["pimecrolimus_1"]:
                judged += 1
                assert visit.review_days == 42 and visit.review.rule == "timeline:pimecrolimus_stop", f"seed {seed}"
            else:
                assert visit.review.rule == "timeline:tci_onset"
    assert judged > 10


def test_stopping_the_steroid_is_called_a_pitfall_only_where_the_plan_keeps_a_steroid_for_maintenance(courses):
    """An infant's steroid course ends ('then stop and review') and an infant's maintenance holds no steroid
    regimen: stopping it there is not the pitfall of stopping when clear."""
    offered = 0
    for seed, course in courses.items():
        for visit in course.visits:
            if any(c.id == "move:stop_when_clear" for c in visit.choices):
                offered += 1
                options = recommend(visit.scenario, CONTENT).options
                assert any(CONTENT.therapies[o.id].long_term for o in options), f"seed {seed}"
    assert offered > 50


@pytest.mark.parametrize("seed", [15, 22, 55555, 99999])
def test_a_child_whose_short_course_is_used_up_is_not_given_another_or_a_new_trial_to_fail(seed):
    """Second review (course_review_2.md): a moderate steroid restarted for 2-month-olds (15, 22) and a
    stepped-down mild steroid then called a failed fair trial (55555, 99999). Now: no steroid class is
    started again once a short course of it was given whole, and a child whose course ran out uncontrolled
    is handed to a specialist rather than put on a new trial."""
    course = follow_patient(seed)
    given: dict[str, int] = {}
    for visit in course.visits:
        for klass in visit.steroid_days:
            given[klass] = given.get(klass, 0) + 1
    assert all(n == 1 for k, n in given.items() if k in {"moderate", "potent", "very_potent"}), given
    assert course.visits[-1].closing == "specialist_advice"
