"""A followed patient's story, drawn from the seed: who they are at week 0 (a generated case's patient and
vignette, :mod:`pathway.learn.cases`), how many right steps fail before one brings control, and whether a
red flag turns up at the visit after the first failure; then how the patient changes after the right
step at a visit. Nothing clinical is decided here:

- the step is always the engine's (``recommend``), and the fair trial is the engine's own
  (:func:`pathway.clinical.engine.fair_trial`);
- when the patient comes back, and what a failure or a response reads like, are the content's timelines
  (content/course.yaml says which);
- the steroid between two visits is the one the engine's plan names (the fair trial's, the one under
  wet wraps, the one kept while an infection is treated), counted on one clock for as long as it stays
  in the same UK class (the weeks before week 0 included), and never run past the course the limits
  allow at this age and site: a short course given whole steps down to the potency for ordinary use, as
  its course says, and a steroid-sparing step (a calcineurin inhibitor, a newer cream) steps a
  high-potency steroid (the documents' word) down to medium potency, as the sources' pitfall asks;
- a story only picks, among right steps, the one that works (the others fail, as the content's
  ``if_no_response`` words say), and the red flag that turns up (its signs in red_flags.yaml's words).
  Where a failure would run a steroid past the courses allowed at this age and site, or start a short
  course given whole again, a step that can bring control is the one that does; otherwise (an infection
  visit) the course ends with the sources' words: specialist advice before a stronger or longer course.
  Where a failure would lead to phototherapy or systemic treatment for mild eczema, or to systemic
  treatment for eczema that does not affect life, the course ends with the sources' referral words (at
  the first visit the step brings control instead: every course has a second visit);
- a controlled patient's SCORAD is drawn one band lower than before (mild from moderate or severe, the
  clear range from mild) and at most half the last one: the course states control in words and bands,
  never as a size of effect.

The story is a teaching device: no rate or chance of response is shown or implied by it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pathway.clinical.base import UK_WORDS
from pathway.clinical.content import Content
from pathway.clinical.contract import STEROID_TRIAL_TIMELINE
from pathway.clinical.engine import fair_trial, skin_clear
from pathway.clinical.limits import uk_stronger
from pathway.clinical.scenario import SIGNS, TRIED, Line, Recommendation, Scenario, TimelineEntry
from pathway.clinical.steroids import Requirement, course_of, site_limit, steroid_in_use, steroid_therapies
from pathway.clinical.trace import days
from pathway.learn.cases.aims import draw_scenario
from pathway.learn.cases.patient import ScoradParts, pick, set_severity
from pathway.learn.cases.vignette import write_stem
from pathway.learn.course.rules import Review

# Where a course starts: generated-case aims that leave room for visits (the engine still decides).
START_AIMS = {
    "verify_adequacy": 3.0,
    "wet_wrap": 2.0,
    "topical_calcineurin_inhibitor": 2.0,
    "newer_topicals": 1.0,
    "treat_infection": 1.0,
}
FAILURES = (0, 1, 1, 2, 2, 3)  # right steps that do not bring control before one does (a story, not a rate)
EVENTS = {"none": 3.0, "bacterial_infection": 3.0, "eczema_herpeticum": 1.0}  # at the visit after the first failure
SETTLED = ("bacterial_infection", "infection_not_settling")  # gone once the infection is treated
MAX_DRAWS = 50
CONTROL_DRAWS = 5  # scores drawn for a controlled patient, the highest that counts as control kept
# A response is the score at most halved: the content's own response rule (NICE's 50% fall in EASI for
# dupilumab, timelines.yaml: dupilumab_review) borrowed for SCORAD; the tool's choice, stated, never shown
# as a figure.
RESPONSE_LEFT = 0.5
SIGNS_SHOWN = 2
ACUTE = ("bacterial_infection", "eczema_herpeticum", "erythroderma", "infection_not_settling")
SPARING = ("topical_calcineurin_inhibitor", "newer_topicals")  # steroid-sparing steps (document 000)
HIGH_WORDS = ("high", "very_high")  # the documents' high potency: stepped down to medium at a sparing step
BEYOND_TOPICALS = ("phototherapy", "systemic")
STEP_DOWN_PITFALL = "long_term_high_potency"
_STEROID_USE = ("tcs_product", "tcs_potency", "applications_per_day")
REFER_CRITERION = "no_improvement_4_weeks"
ADULT_YEARS = 18


@dataclass(frozen=True)
class Story:
    scenario: Scenario  # week 0
    parts: ScoradParts
    opening: str
    failures: int
    event: str | None  # a red flag id, or None
    event_signs: tuple[int, ...]  # which of the red flag's signs the learner reads about
    control: random.Random  # draws the SCORAD of a controlled patient


def draw_story(seed: int, content: Content, opens: Callable[[Scenario], bool]) -> Story:
    """The patient at week 0 and their story: everything from ``random.Random(seed)``, in a fixed order.
    A patient is drawn again (from the same generator) until ``opens`` accepts the first visit (one that
    does not end the course at once, and asks nothing the sources do not allow), so every course has a
    second visit."""
    rng = random.Random(seed)
    for _ in range(MAX_DRAWS):
        aim = pick(rng, START_AIMS)
        scenario, parts = draw_scenario(rng, aim, content)
        if opens(scenario):
            break
    band = content.severity_band(scenario.scorad)
    opening = write_stem(scenario, band, skin_clear(scenario.scorad, content), parts, content, rng)
    failures = rng.choice(FAILURES)
    event = pick(rng, EVENTS)
    flag = content.red_flags.get(event)
    signs: tuple[int, ...] = ()
    if flag is not None:
        count = min(len(flag.signs), SIGNS_SHOWN)  # two of an infection's three: never "sudden worsening" alone
        signs = tuple(sorted(rng.sample(range(len(flag.signs)), count)))
    return Story(
        scenario=scenario,
        parts=parts,
        opening=opening,
        failures=failures,
        event=None if flag is None else event,
        event_signs=signs,
        control=random.Random(f"patient:{seed}:control"),
    )


def timeline_line(entry: TimelineEntry, content: Content, text: str | None = None) -> Line:
    """A line from one of the plan's timings: the content's own sources where the entry is the content's
    own item (the engine adds the sources of the next step to them), the engine's where it wrote the entry
    (the course allowed at this age and site)."""
    own = content.timelines.get(entry.id)
    sources = own.sources if own is not None and own.text == entry.text else entry.sources
    return Line(text=text or entry.text, sources=list(sources), rule=f"timeline:{entry.id}")


def no_response_line(entry: TimelineEntry, timelines: list[str], content: Content) -> Line:
    """The "no better" line, in the content's words for no response: the timing's own (without the engine's next
    step, which is the next visit's question), else those of the first of the review's ``timelines`` that
    has them (wet wraps' initial course has none: their onset's are used); the engine's own words where it
    put the course allowed here in place of the steroid trial's timing."""
    own = content.timelines.get(entry.id)
    if own is not None and own.text == entry.text:
        words = [own] + [content.timelines[t] for t in timelines if t in content.timelines]
        item = next((t for t in words if t.if_no_response), None)
        if item is not None:
            return Line(
                text=f"No better at this review. {item.if_no_response}",
                sources=list(item.sources),
                rule=f"timeline:{item.id}",
            )
    return timeline_line(entry, content, f"No better at this review. {entry.if_no_response or 'No response.'}")


def _with_signs(scenario: Scenario, add: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> Scenario:
    signs = (set(scenario.signs) | set(add)) - set(drop)
    return scenario.model_copy(update={"signs": tuple(s for s in SIGNS if s in signs)})


def controlled_target(before: float, content: Content) -> str:
    """The band a controlled patient's SCORAD is drawn in: one lower than before (the clear range from
    mild, mild from moderate or severe; the clear range where mild has no room at half the last score)."""
    return "clear" if content.severity_band(before) == "mild" else "mild"


def _controlled(scenario: Scenario, story: Story, content: Content) -> Scenario:
    """The patient once the eczema is under control: ``controlled``, the acute signs gone, and a SCORAD
    drawn the way the generated cases draw a controlled patient, one band lower than before and below the
    last score (clear range from mild, mild from moderate or severe); no text states its size as an
    effect of the treatment. It is at most half the last score (a response, as the content's own rule for
    dupilumab counts one), the highest of a few such draws (the least fall that counts)."""
    before = scenario.scorad
    target = controlled_target(before, content)
    s: dict[str, Any] = scenario.model_dump()
    s["controlled"] = True
    s["signs"] = tuple(x for x in scenario.signs if x not in ACUTE)
    drawn: list[dict[str, Any]] = []
    for band in dict.fromkeys((target, "clear")):
        for _ in range(MAX_DRAWS):
            set_severity(story.control, s, band, content)
            if s["scorad"] <= before * RESPONSE_LEFT:
                drawn.append(dict(s))
            if len(drawn) == CONTROL_DRAWS:
                break
        if drawn:
            break
    if not drawn:  # pragma: no cover - the clear range always has room below half a score of 10 or more
        raise AssertionError(f"no controlled SCORAD at half of {before}")
    # control is the band and the response, not a size of effect: of the scores drawn, the one nearest the
    # last (the least fall that still counts as control)
    s = max(drawn, key=lambda d: d["scorad"])
    s.pop("_parts")
    return Scenario.model_validate(s)


# ----------------------------------------------------------------------------- the steroid between visits


def same_steroid(a: Scenario, b: Scenario, content: Content) -> bool:
    """The same steroid on both scales (a product and the documents' word for it count as one): it keeps
    its product."""
    x, y = steroid_in_use(a, content), steroid_in_use(b, content)
    return x.uk is not None and (x.uk, x.word) == (y.uk, y.word)


def same_class(a: Scenario, b: Scenario, content: Content) -> bool:
    """A steroid of the same UK class: one clock runs on (every limit is on the UK scale, so a course of a
    class counts whatever product of it is used)."""
    x, y = steroid_in_use(a, content), steroid_in_use(b, content)
    return x.uk is not None and x.uk == y.uk


def _named(requirement: Requirement, content: Content) -> dict[str, Any]:
    """The scenario's steroid fields for a potency the plan asks for: its therapy's first product."""
    for therapy_id in steroid_therapies(requirement, content):
        for product in content.therapies[therapy_id].products:
            return {"tcs_product": product, "tcs_potency": content.products[product].word or "none"}
    return {"tcs_product": None, "tcs_potency": requirement.word or "none"}  # pragma: no cover - content names one


def planned(scenario: Scenario, rec: Recommendation, content: Content) -> tuple[Scenario, list[Line]]:
    """The patient's steroid after this visit's step, as the engine's plan has it: the fair trial's
    (verify adequacy), the one the plan names (under wet wraps, while an infection is treated, a stepped
    down one), else the one in use; at a steroid-sparing step a high-potency steroid (the documents' word)
    steps down to medium potency (with the pitfall's words). The same steroid keeps its product and its
    clock."""
    lines: list[Line] = []
    if rec.stage == "verify_adequacy":
        after = fair_trial(scenario, content)
    else:
        after = scenario
        for option in rec.options:
            therapy = content.therapies[option.id]
            if therapy.potency_uk is not None and not therapy.long_term and therapy.products:
                product = therapy.products[0]
                word = content.products[product].word or "none"
                fields = {"tcs_product": product, "tcs_potency": word, "applications_per_day": 2}
                after = scenario.model_copy(update=fields)
                break
        if rec.stage in SPARING and steroid_in_use(scenario, content).word in HIGH_WORDS:
            medium = Requirement(uk=content.potency_words["medium"].uk, word="medium", rule="step_down")
            after = scenario.model_copy(update=_named(medium, content))
            pitfall = content.pitfalls[STEP_DOWN_PITFALL]
            lines.append(
                Line(
                    text="Alongside this steroid-sparing step the high-potency steroid (the documents' word) was "
                    f"stepped down to medium potency. {pitfall.title}: {pitfall.text}",
                    sources=list(pitfall.sources),
                    rule=f"pitfall:{pitfall.id}",
                )
            )
    if same_steroid(scenario, after, content):
        # (and its use: a plan that keeps the steroid going changes nothing else; a fair trial's frequency
        # and adherence are the trial's own)
        names = ("tcs_product", "tcs_potency") if rec.stage == "verify_adequacy" else _STEROID_USE
        after = after.model_copy(update={k: getattr(scenario, k) for k in names})
    if same_class(scenario, after, content):
        after = after.model_copy(update={"weeks_on_treatment": scenario.weeks_on_treatment})
    return after, lines


@dataclass(frozen=True)
class Period:
    """The steroid over the days to the next visit: the scenario's steroid and clock at its end, what
    happened to the steroid in the content's words, the days on each class (UK scale), a short course given
    whole (its UK class), or ``exhausted`` when no steroid the limits allow could have run to the end of it
    (the steroid stops at the end of its course)."""

    scenario: Scenario
    lines: list[Line] = field(default_factory=list)
    steroid_days: dict[str, int] = field(default_factory=dict)
    spent: str | None = None
    exhausted: bool = False


def _weeks(n_days: int) -> float:
    return round(n_days / 7, 4)


def run_steroid(now: Scenario, plan: Scenario, n_days: int, content: Content) -> Period:
    """``n_days`` on the planned steroid, on one clock while it stays the same steroid, never past the
    course the age and site allow: at the end of a short course it steps down to the potency for ordinary
    use (its course's own words), with a new clock."""
    steroid = steroid_in_use(plan, content)
    if steroid.uk is None or plan.applications_per_day == 0:
        return Period(plan.model_copy(update={"weeks_on_treatment": _weeks(days(now.weeks_on_treatment) + n_days)}))
    uk: str = steroid.uk
    before = days(now.weeks_on_treatment) if same_class(now, plan, content) else 0
    on = before + n_days
    limit = site_limit(plan, content)
    course = course_of(steroid, limit)
    if course is None or on < days(course[1]):
        return Period(plan.model_copy(update={"weeks_on_treatment": _weeks(on)}), steroid_days={uk: n_days})
    whole = days(course[1])
    spent = uk if uk_stronger(uk, limit.routine) else None
    given: dict[str, int] = {uk: whole - before}
    if on == whole:
        return Period(plan.model_copy(update={"weeks_on_treatment": _weeks(on)}), steroid_days=given, spent=spent)
    if spent is None or limit.routine is None:  # a course at the ordinary potency, given whole: nothing below it
        return Period(plan.model_copy(update={"weeks_on_treatment": _weeks(whole)}), steroid_days=given, exhausted=True)
    routine = Requirement(uk=limit.routine, word=None, rule="step_down")
    rest = on - whole
    after = plan.model_copy(update={**_named(routine, content), "applications_per_day": 2, "weeks_on_treatment": 0})
    after_course = course_of(steroid_in_use(after, content), limit)
    if after_course is not None and rest > days(after_course[1]):
        return Period(
            plan.model_copy(update={"weeks_on_treatment": _weeks(whole)}),
            steroid_days=given,
            spent=spent,
            exhausted=True,
        )
    line = Line(
        text=(
            f"The {UK_WORDS[uk]} (UK) steroid was given for the whole course allowed at this age and site "
            f"({course[0]}), then stepped down to a {UK_WORDS[limit.routine]} (UK) one, as the course says. "
            f"{limit.text}"
        ),
        sources=list(limit.sources),
        rule=f"timeline:{STEROID_TRIAL_TIMELINE}",
    )
    return Period(
        after.model_copy(update={"weeks_on_treatment": _weeks(rest)}),
        [line],
        steroid_days={**given, limit.routine: rest},
        spent=spent,
    )


def limit_stop(scenario: Scenario, content: Content) -> Line:
    """What the sources say once the steroid courses allowed here have been given without control."""
    limit = site_limit(scenario, content)
    return Line(
        text="If the eczema is not controlled by the end of the steroid course allowed at this age and site, "
        f"get specialist advice before a stronger or longer course. {limit.text}",
        sources=list(limit.sources),
        rule=f"timeline:{STEROID_TRIAL_TIMELINE}",
    )


def refer_stop(content: Content) -> Line:
    criterion = content.referral[REFER_CRITERION]
    return Line(text=criterion.text, sources=list(criterion.sources), rule=f"referral:{REFER_CRITERION}")


# ----------------------------------------------------------------------------- after the right step


@dataclass
class Progress:
    """Where the story is on the ladder's path."""

    failed: int = 0
    spent: set[str] = field(default_factory=set)  # short courses given whole (UK class), not to be started again
    infections: int = 0  # infections treated


@dataclass(frozen=True)
class Outcome:
    """The patient at the next visit and what has happened since; or, where the story stops at this
    visit, why (``stop``: the line that says what comes next instead)."""

    scenario: Scenario | None
    since: list[Line]
    stop: Line | None = None
    steroid_days: dict[str, int] = field(default_factory=dict)  # days on each class (UK) until the next visit


def _restarts(rec: Recommendation, progress: Progress, content: Content) -> bool:
    """The plan asks for a short course already given whole in this story (no infection since)."""
    return rec.stage == "verify_adequacy" and any(
        content.therapies[o.id].potency_uk in progress.spent for o in rec.options
    )


def _short_course_done(scenario: Scenario, content: Content) -> str | None:
    """The UK class of the steroid in use when it is allowed here only for a short course, given whole."""
    steroid = steroid_in_use(scenario, content)
    limit = site_limit(scenario, content)
    course = course_of(steroid, limit)
    if steroid.uk is None or course is None or not uk_stronger(steroid.uk, limit.routine):
        return None
    return steroid.uk if days(scenario.weeks_on_treatment) >= days(course[1]) else None


def _beyond(scenario: Scenario, rec: Recommendation, content: Content) -> bool:
    """Phototherapy or systemic treatment for mild eczema, or systemic treatment for eczema that does not
    affect life: not what the sources give them for (document 003: moderate-to-severe; systemic agents for
    a significant impact on life; document 000: extensive disease, an impact on work or school)."""
    if rec.stage not in BEYOND_TOPICALS:
        return False
    mild = content.severity_band(scenario.scorad) == "mild"
    return mild or (rec.stage == "systemic" and not scenario.qol_impact)


def after_right_step(
    scenario: Scenario,
    rec: Recommendation,
    review: Review,
    entry: TimelineEntry,
    n_days: int,
    story: Story,
    progress: Progress,
    content: Content,
    ask: Callable[[Scenario], Recommendation],
    first: bool = False,
) -> Outcome:
    """The patient at the next visit after the right step, and what has happened since, in the content's
    words (each line with its sources); or where the story stops instead."""
    stage = rec.stage
    done = _short_course_done(scenario, content)
    if done is not None:
        progress.spent.add(done)
    plan, changed = planned(scenario, rec, content)
    period = run_steroid(scenario, plan, n_days, content)
    period = Period(period.scenario, changed + period.lines, period.steroid_days, period.spent, period.exhausted)
    if review.treats is not None:
        progress.infections += 1
        # a short course given whole is not given again, infection or not: a second one is a specialist's
        # call (the sources give none; a consultant's review found a restarted course unsafe in infants)
        if period.spent is not None:
            progress.spent.add(period.spent)
        after = _with_signs(period.scenario, drop=SETTLED)
        if period.exhausted or _restarts(ask(after), progress, content):
            return Outcome(None, [], stop=limit_stop(scenario, content))
        if _beyond(after, ask(after), content):
            return Outcome(None, [], stop=refer_stop(content))
        flag = content.red_flags[review.treats]
        settled = Line(
            text=f"{flag.name}: treated as the sources ask, and settled. {flag.action.text}",
            sources=list(flag.action.sources),
            rule=f"red_flag:{flag.id}",
        )
        return Outcome(after, [settled, *period.lines], None, period.steroid_days)
    if period.spent is not None:
        progress.spent.add(period.spent)
    respond = review.responds and progress.failed >= story.failures
    failed: Scenario | None = None
    since: list[Line] = []
    if not respond and done is not None and stage == "verify_adequacy" and scenario.age_years < ADULT_YEARS:
        # a child whose short course ran out uncontrolled: the step down is not a new trial to fail
        return Outcome(None, [], stop=limit_stop(scenario, content))
    if not respond:
        timelines = review.under_18 if review.under_18 and scenario.age_years < ADULT_YEARS else review.timelines
        failed, since = _failure(period, stage, entry, timelines, story, progress, content)
        next_rec = ask(failed) if failed is not None else None
        if failed is None or next_rec is None or _restarts(next_rec, progress, content):
            if not review.responds:
                return Outcome(None, [], stop=limit_stop(scenario, content))
            respond = True  # going on would run past the courses the sources allow here: this step works
        elif _beyond(failed, next_rec, content):
            if not first or not review.responds:
                return Outcome(None, [], stop=refer_stop(content))
            respond = True  # (at the first visit: every course has a second)
    if not respond:
        progress.failed += 1
        return Outcome(failed, since, None, period.steroid_days)
    when = f"Better at this review, which came when the sources say to judge this step ({entry.label})."
    after = period.scenario
    lines = list(period.lines)
    if period.exhausted:  # controlled at the end of the course allowed: the steroid stops there
        stopped = {"tcs_product": None, "tcs_potency": "none", "applications_per_day": 0, "weeks_on_treatment": 0}
        after = after.model_copy(update=stopped)
        lines = [limit_stop(scenario, content).model_copy(update={"text": _course_done_text(scenario, content)})]
    return Outcome(
        _controlled(after, story, content), [timeline_line(entry, content, when), *lines], None, period.steroid_days
    )


def _course_done_text(scenario: Scenario, content: Content) -> str:
    limit = site_limit(scenario, content)
    return f"The steroid course allowed at this age and site has been given, and stopped there. {limit.text}"


def _failure(
    period: Period,
    stage: str,
    entry: TimelineEntry,
    timelines: list[str],
    story: Story,
    progress: Progress,
    content: Content,
) -> tuple[Scenario | None, list[Line]]:
    """The patient after the step has failed (None: the steroid could not have run to the next visit
    within the courses allowed), with the content's words for the failure and any red flag that turns up."""
    if period.exhausted:
        return None, []
    after = period.scenario
    if stage not in ("verify_adequacy", "treat_infection"):  # a rung given and failed: tried, as the engine counts it
        after = after.model_copy(update={"tried": tuple(t for t in TRIED if t in after.tried or t == stage)})
    since = [no_response_line(entry, timelines, content)]
    since += period.lines
    if progress.failed == 0 and story.event is not None:
        flag = content.red_flags[story.event]
        signs = [flag.signs[i] for i in story.event_signs]
        since.append(
            Line(
                text=f"New since the last visit ({flag.name.lower()}): " + " ".join(s.text for s in signs),
                sources=list(dict.fromkeys(src for s in signs for src in s.sources)),
                rule=f"red_flag:{flag.id}",
            )
        )
        after = _with_signs(after, add=(story.event,))
    return after, since
