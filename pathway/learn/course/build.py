"""``follow_patient(seed)``: a patient seen at week 0 and then at the review times the content gives, on
the ladder's path (the right step at every visit), with every choice at each visit. The same seed
always gives the same course."""

from __future__ import annotations

import json
from functools import lru_cache

from pathway.clinical.content import Content
from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Line, Recommendation, Scenario
from pathway.clinical.steroids import steroid_in_use
from pathway.clinical.trace import age_text, days
from pathway.learn.course.rules import CourseRules, default_rules
from pathway.learn.course.shapes import Course, Visit
from pathway.learn.course.story import Progress, after_right_step, draw_story
from pathway.learn.course.visit import build_visit, course_left, visit_timing
from pathway.learn.course.walk import summarise

MAX_SEED = 2**31 - 1
MAX_LADDER_VISITS = 12  # a safety stop: no story reaches it (the ladder ends sooner)


def check_seed(seed: int) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, not {seed!r}")


def _sources(visits: list[Visit]) -> list[str]:
    lines: list[Line] = []
    for visit in visits:
        lines += visit.since + visit.engine.why + visit.engine.refer_reasons
        for choice in visit.choices:
            lines += choice.why + choice.follows
        if visit.review is not None:
            lines.append(visit.review)
    return list(dict.fromkeys(s for line in lines for s in line.sources))


def _opens(scenario: Scenario, rec: Recommendation, content: Content, rules: CourseRules) -> bool:
    """A first visit a course can start from: one that does not end the course at once, whose steroid is
    not already past the course allowed at this age and site, and whose fair trial does not go on with a
    steroid whose limited course has already been given whole."""
    if rules.review(rec.stage) is None or any(w.rule == "course_too_long" for w in rec.warnings):
        return False
    left = course_left(scenario, rec, content)
    return left is None or left >= 1


def _before(scenario: Scenario, content: Content) -> dict[str, int]:
    """The days on the opening's steroid before the first visit, by UK class."""
    steroid = steroid_in_use(scenario, content)
    if steroid.uk is None or scenario.applications_per_day == 0:
        return {}
    return {steroid.uk: days(scenario.weeks_on_treatment)}


def build_course(seed: int, content: Content, rules: CourseRules) -> Course:
    check_seed(seed)
    asked: dict[Scenario, Recommendation] = {}

    def ask(s: Scenario) -> Recommendation:
        if s not in asked:
            asked[s] = recommend(s, content)
        return asked[s]

    story = draw_story(seed, content, lambda s: _opens(s, ask(s), content, rules))
    scenario = story.scenario
    progress = Progress()
    visits: list[Visit] = []
    since: list[Line] = []
    spent = _before(scenario, content)
    day = 0
    for number in range(1, MAX_LADDER_VISITS + 1):
        rec = ask(scenario)
        timing = visit_timing(scenario, rec, content, rules)
        outcome = None
        if timing is not None:
            review = rules.review(rec.stage)
            assert review is not None  # a visit with a timing has a review
            outcome = after_right_step(
                scenario, rec, review, timing[0], timing[1], story, progress, content, ask, first=number == 1
            )
        visit = build_visit(
            number,
            day,
            scenario,
            rec,
            since,
            story.opening if number == 1 else None,
            seed,
            content,
            rules,
            timing,
            None if outcome is None else outcome.stop,
            spent,
        )
        visits.append(visit)
        if visit.closing is not None or visit.review_days is None or outcome is None or outcome.scenario is None:
            break
        scenario, since, spent = outcome.scenario, outcome.since, outcome.steroid_days
        day += visit.review_days
    first = story.scenario
    title = f"Patient {seed}: {age_text(first.age_years)} old, eczema mainly on the {first.site}"
    ladder = summarise(visits, [v.right.letter for v in visits], content)
    return Course(seed=seed, title=title, visits=visits, ladder=ladder, sources=_sources(visits))


@lru_cache(maxsize=128)
def _default_course(seed: int) -> Course:
    return build_course(seed, default_content(), default_rules())


def follow_patient(seed: int, content: Content | None = None, rules: CourseRules | None = None) -> Course:
    """The course for ``seed`` (0 to 2**31-1): deterministic, so a seed is a shareable patient.
    Raises ``ValueError`` for a bad seed and ``ContentError`` when content/course.yaml does not load."""
    check_seed(seed)
    if content is None and rules is None:
        return _default_course(seed)
    content = content or default_content()
    return build_course(seed, content, rules or default_rules())


def course_json(course: Course) -> str:
    """The course as the CLI prints it: stable JSON (same seed, same text)."""
    return json.dumps(course.model_dump(mode="json"), indent=2, ensure_ascii=False)
