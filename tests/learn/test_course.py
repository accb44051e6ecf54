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

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Line, Scenario
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


def test_weeks_on_a_potent_steroid_count_each_stretch_with_the_steroid_then_in_use(courses):
    from pathway.clinical.steroids import steroid_in_use

    for course in list(courses.values())[:200]:
        visits = course.visits
        expected = 0
        for before, after in itertools.pairwise(visits):
            scenario = Scenario.model_validate(after.scenario)
            uk = steroid_in_use(scenario, CONTENT).uk
            if uk in ("potent", "very_potent") and scenario.applications_per_day > 0:
                expected += after.day - before.day
        assert course.ladder.weeks_on_potent == round(expected / 7, 1)
        assert course.ladder.weeks_on_potent <= visits[-1].day / 7 + 0.05


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
