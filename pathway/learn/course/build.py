"""``follow_patient(seed)``: a patient seen at week 0 and then at the review times the content gives, on
the ladder's path (the right step at every visit), with every choice at each visit. The same seed
always gives the same course."""

from __future__ import annotations

import json
from functools import lru_cache

from pathway.clinical.content import Content
from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Line, Recommendation, Scenario
from pathway.clinical.trace import age_text
from pathway.learn.course.rules import CourseRules, default_rules
from pathway.learn.course.shapes import Course, Visit
from pathway.learn.course.story import Progress, after_right_step, draw_story
from pathway.learn.course.visit import build_visit, review_timing
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


def build_course(seed: int, content: Content, rules: CourseRules) -> Course:
    check_seed(seed)
    asked: dict[Scenario, Recommendation] = {}

    def ask(s: Scenario) -> Recommendation:
        if s not in asked:
            asked[s] = recommend(s, content)
        return asked[s]

    story = draw_story(seed, content, lambda s: rules.review(ask(s).stage) is not None)
    scenario = story.scenario
    progress = Progress()
    visits: list[Visit] = []
    since: list[Line] = []
    day = 0
    for number in range(1, MAX_LADDER_VISITS + 1):
        rec = ask(scenario)
        visit = build_visit(
            number, day, scenario, rec, since, story.opening if number == 1 else None, seed, content, rules
        )
        visits.append(visit)
        if visit.closing is not None or visit.review_days is None:
            break
        review = rules.review(rec.stage)
        timing = review_timing(rec, review)
        assert review is not None and timing is not None  # a visit that does not end has both
        scenario, since = after_right_step(scenario, rec.stage, review, timing[0], timing[1], story, progress, content)
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
