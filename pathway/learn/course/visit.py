"""One visit of a followed patient: the engine's answer for the visit's scenario, when the patient comes
back, and every choice with why it is right or wrong and what follows it.

- The right choice is the engine's stage (``recommend``), worded as the generated cases word it; its
  why is the engine's own why.
- Other steps are the generated cases' distractors (:func:`pathway.learn.cases.reasons.choose`: only
  steps for which a reason can be stated that is true for this patient), each with that reason.
- Wrong moves come from content/course.yaml, each only where its pitfall (or timing) applies.
- What follows a choice is content: the timing of the review, a pitfall's text, a red flag's action, the
  engine's referral reasons. Where the content says nothing about how the patient would fare, the
  choice says so (``outside_sources``) and the course brings the patient back as they were.
"""

from __future__ import annotations

import random

from pathway.clinical.base import UK_RANK, UK_WORDS
from pathway.clinical.content import Content
from pathway.clinical.scenario import Line, Recommendation, Scenario, TimelineEntry
from pathway.clinical.steroids import course_of, site_limit, steroid_in_use, steroid_words
from pathway.clinical.trace import age_text, days, weeks_text
from pathway.learn.cases.facts import Case
from pathway.learn.cases.item import QUIET_RULES
from pathway.learn.cases.reasons import choose
from pathway.learn.cases.vignette import TRIED_WORDS
from pathway.learn.cases.words import CHOICE_TEXT, FREQUENCY
from pathway.learn.course.rules import NEEDS_WORDS, CourseRules, Move, Review
from pathway.learn.course.shapes import Choice, Closing, EngineAnswer, Then, Visit
from pathway.learn.course.story import ADULT_YEARS, planned, same_class, timeline_line

STEP_DISTRACTORS = 2
MOVES_AT_MOST = 2
MOVE_PREFIX = "move:"
SIGN_WORDS = {
    "recurrent_infections": "several skin infections over the past year",
    "contact_dermatitis_suspected": "a suspicion of contact allergy",
    "atypical_presentation": "a picture that is unusual for atopic dermatitis",
    "infection_not_settling": "an infection that has not settled on an antibiotic",
}


def engine_answer(rec: Recommendation, content: Content) -> EngineAnswer:
    """The engine's answer in short. Treatments that are a referral, not a prescription, for this patient
    (specialist only: phototherapy and systemic drugs under 18, for example) are not listed as the plan's
    options: the plan says refer, and the specialist chooses."""
    options = [o.name for o in rec.options if not o.specialist_only]
    if len(options) < len(rec.options):
        options.append(content.stage_title("specialist_referral"))
    return EngineAnswer(
        stage=rec.stage,
        title=content.stage_title(rec.stage),
        severity_band=rec.severity_band,
        refer=rec.refer,
        refer_urgency=rec.refer_urgency,
        red_flags=list(rec.red_flags),
        options=options,
        why=list(rec.why),
        refer_reasons=list(rec.refer_reasons),
        next_if_no_response=rec.next_if_no_response,
    )


def _one_therapy(timeline_id: str, rec: Recommendation, content: Content) -> bool:
    """A timing tied to one therapy applies only where that therapy is the plan's only one of its class
    (document 003's pimecrolimus on the back, not a plan that also holds tacrolimus)."""
    own = content.timelines.get(timeline_id)
    if own is None or own.therapy is None:
        return True
    kind = content.therapies[own.therapy].therapy_class
    return [o.id for o in rec.options if content.therapies[o.id].therapy_class == kind] == [own.therapy]


def review_timelines(review: Review, scenario: Scenario) -> list[str]:
    return review.under_18 if review.under_18 and scenario.age_years < ADULT_YEARS else review.timelines


def review_timing(
    rec: Recommendation, review: Review | None, scenario: Scenario, content: Content
) -> tuple[TimelineEntry, int] | None:
    """The plan's timeline entry the next visit comes from, and in how many days (None: no timing)."""
    if review is None:
        return None
    entries = {e.id: e for e in rec.expected_timeline}
    for timeline_id in review_timelines(review, scenario):
        entry = entries.get(timeline_id)
        if entry is None or entry.open_ended or not _one_therapy(timeline_id, rec, content):
            continue
        first, other = (entry.min_weeks, entry.max_weeks) if review.at == "min" else (entry.max_weeks, entry.min_weeks)
        weeks = first if first > 0 else other  # an end of 0 is the course's start
        if weeks > 0:
            return entry, max(1, days(weeks))
    return None


def findings(scenario: Scenario, rec: Recommendation, content: Content) -> list[str]:
    """The scenario in words, as a list of short findings."""
    s = scenario
    band = rec.severity_band
    if s.controlled:
        where = "the clear range" if band == "mild" and s.scorad < 10 else f"the {band} band"
        out = [f"The eczema is under control (SCORAD in {where})."]
    else:
        out = [f"SCORAD {s.scorad:g}: {band}."]
    out.insert(0, f"{age_text(s.age_years).capitalize()} old, eczema mainly on the {s.site}.")
    steroid = steroid_in_use(s, content)
    if steroid.uk is None or s.applications_per_day == 0:
        out.append("No topical steroid in use, only emollients.")
    else:
        out.append(
            f"Steroid: {steroid_words(steroid, content)}, {FREQUENCY[s.applications_per_day]}, "
            f"{weeks_text(s.weeks_on_treatment)} on a {UK_WORDS[steroid.uk]} (UK) steroid so far."
        )
        out.append(
            "Adherence checked: enough cream, no missed applications."
            if s.adherence_confirmed
            else ("How much cream is used, and how often, has not been checked.")
        )
    if s.tried:
        out.append("Tried without success: " + ", ".join(TRIED_WORDS[t] for t in s.tried) + ".")
    flags = [content.red_flags[x].name for x in s.signs if x in content.red_flags]
    others = [SIGN_WORDS[x] for x in s.signs if x in SIGN_WORDS]
    if flags or others:
        out.append("Also: " + "; ".join([f.lower() for f in flags] + others) + ".")
    if s.qol_impact and not s.controlled:
        out.append("The eczema is disrupting sleep, work or school.")
    if not s.phototherapy_access:
        out.append("No phototherapy unit within practical reach.")
    if s.immunocompromised:
        out.append("Immunocompromised.")
    return out


def _timings(rec: Recommendation, scenario: Scenario, content: Content, rules: CourseRules) -> list[Line]:
    """Every timing of the plan, in the content's words; for a patient under 18, none written for adults."""
    adult = scenario.age_years >= ADULT_YEARS
    return [timeline_line(e, content) for e in rec.expected_timeline if adult or e.id not in rules.adult_timelines]


def _key(
    rec: Recommendation,
    scenario: Scenario,
    timing: tuple[TimelineEntry, int] | None,
    stop: Line | None,
    content: Content,
    rules: CourseRules,
) -> tuple[list[Line], list[Line], Then, bool]:
    """The right choice's why, what follows it, where it leads, and whether the sources stop there."""
    why = [line for line in rec.why if line.rule not in QUIET_RULES] or list(rec.why)
    handover = rules.handover(rec.stage)
    if handover is not None:
        follows: list[Line] = []
        if handover.red_flag is not None:
            action = content.red_flags[handover.red_flag].action
            follows.append(Line(text=action.text, sources=list(action.sources), rule=f"red_flag:{handover.red_flag}"))
        follows += [r.model_copy(update={"rule": f"referral:{r.rule}"}) for r in rec.refer_reasons]
        follows += _timings(rec, scenario, content, rules)
        return why, follows, "end", True
    if rec.stage == "maintenance":
        return why, _timings(rec, scenario, content, rules), "end", False
    if timing is None:
        return why, [], "end", True
    if stop is not None:  # the sources' next move for this patient, if this step fails, is a specialist's
        # (not the adult escalation words of the step's timing: those are what the course stops short of)
        timing_words = [] if timing[0].id in rules.adult_timelines else [timeline_line(timing[0], content)]
        return why, [*timing_words, stop], "end", False
    return why, [timeline_line(timing[0], content)], "next", False


def _move_fits(move: Move, rec: Recommendation, scenario: Scenario, content: Content) -> TimelineEntry | bool:
    """Whether a wrong move can be offered here (its timeline entry, for a move about timing)."""
    if rec.stage not in move.stages:
        return False
    steroid = steroid_in_use(scenario, content)
    options = {o.id for o in rec.options}
    for need in move.needs:
        if need == "steroid" and steroid.uk is None:
            return False
        if need == "potent_steroid" and (steroid.uk is None or UK_RANK[steroid.uk] < UK_RANK["potent"]):
            return False
        if need == "steroid_maintenance" and not any(content.therapies[o].long_term for o in options):
            return False  # (an infant's maintenance has no steroid regimen: stopping it is no pitfall there)
        if need not in NEEDS_WORDS and need not in options:
            return False
    if not move.timelines:
        return True
    entries = {e.id: e for e in rec.expected_timeline}
    for timeline_id in move.timelines:
        entry = entries.get(timeline_id)
        if entry is not None and entry.min_weeks >= move.from_weeks:
            return entry
    return False


def _move_choice(move: Move, fit: TimelineEntry | bool, then: Then, content: Content) -> Choice:
    if move.pitfall is not None:
        pitfall = content.pitfalls[move.pitfall]
        line = Line(text=pitfall.text, sources=list(pitfall.sources), rule=f"pitfall:{pitfall.id}")
        why = [Line(text=f"A pitfall the sources name: {pitfall.title.lower()}.", sources=line.sources, rule=line.rule)]
        follows, met = [line], [line.model_copy(update={"text": f"{pitfall.title}: {pitfall.text}"})]
    else:
        assert isinstance(fit, TimelineEntry)
        entry = fit
        own = content.timelines[entry.id]
        text = own.text if not own.if_no_response else f"{own.text} {own.if_no_response}"
        line = Line(text=text, sources=list(own.sources), rule=f"timeline:{own.id}")
        why = [
            Line(text=f"Not the timing the sources give: {own.label.lower()}.", sources=line.sources, rule=line.rule)
        ]
        follows, met = [line], [line.model_copy(update={"text": f"{own.label}: {own.text}"})]
    return Choice(
        letter="?",
        id=MOVE_PREFIX + move.id,
        kind="move",
        text=move.choice,
        correct=False,
        why=why,
        follows=follows,
        then=then,
        pitfalls=met,
    )


def _step_choice(
    stage: str,
    reason: str,
    sources: list[str],
    rec: Recommendation,
    key_sources: list[str],
    then: Then,
    content: Content,
    rules: CourseRules,
) -> Choice:
    follows: list[Line] = []
    met: list[Line] = []
    missed = rules.missed_at(rec.stage)
    if missed is not None and missed.applies(stage):
        pitfall = content.pitfalls[missed.pitfall]
        line = Line(text=pitfall.text, sources=list(pitfall.sources), rule=f"pitfall:{pitfall.id}")
        follows.append(line)
        met.append(line.model_copy(update={"text": f"{pitfall.title}: {pitfall.text}"}))
        if missed.red_flag is not None:
            action = content.red_flags[missed.red_flag].action
            follows.append(Line(text=action.text, sources=list(action.sources), rule=f"red_flag:{missed.red_flag}"))
    return Choice(
        letter="?",
        id=stage,
        kind="step",
        text=CHOICE_TEXT[stage],
        correct=False,
        why=[Line(text=reason, sources=sources or key_sources)],
        follows=follows,
        then=then,
        outside_sources=not follows,
        pitfalls=met,
    )


def visit_timing(
    scenario: Scenario, rec: Recommendation, content: Content, rules: CourseRules
) -> tuple[TimelineEntry, int] | None:
    """When the patient comes back after the right step (None: the course ends at this visit: a handover,
    maintenance, or no timing in the sources). A steroid already part-way through the course allowed at
    this age and site is judged at that course's end, never later."""
    if rules.handover(rec.stage) is not None or rec.stage == "maintenance":
        return None
    timing = review_timing(rec, rules.review(rec.stage), scenario, content)
    left = course_left(scenario, rec, content)
    if timing is not None and left is not None and 1 <= left < timing[1]:
        return timing[0], left
    return timing


def course_left(scenario: Scenario, rec: Recommendation, content: Content) -> int | None:
    """Days left of the limited course of the steroid a steroid step (a fair trial, the steroid kept while
    an infection is treated) goes on with (None: not limited, another step, or the plan changes steroid)."""
    if rec.stage not in ("verify_adequacy", "treat_infection"):
        return None
    trial, _ = planned(scenario, rec, content)
    if not same_class(scenario, trial, content):
        return None
    course = course_of(steroid_in_use(trial, content), site_limit(trial, content))
    return None if course is None else days(course[1]) - days(scenario.weeks_on_treatment)


def build_visit(
    number: int,
    day: int,
    scenario: Scenario,
    rec: Recommendation,
    since: list[Line],
    opening: str | None,
    seed: int,
    content: Content,
    rules: CourseRules,
    timing: tuple[TimelineEntry, int] | None,
    stop: Line | None = None,
    steroid_days: dict[str, int] | None = None,
) -> Visit:
    """One visit; ``timing`` is :func:`visit_timing`'s, ``stop`` the sources' words when the course ends
    here because a failure would take the story beyond what they allow for this patient."""
    rng = random.Random(f"patient:{seed}:visit:{number}")
    handover = rules.handover(rec.stage) is not None
    closing: Closing | None = (
        "handover"
        if handover
        else "maintenance"
        if rec.stage == "maintenance"
        else "no_review_time"
        if timing is None
        else "specialist_advice"
        if stop is not None
        else None
    )
    ends = closing is not None
    why, follows, then, silent = _key(rec, scenario, timing, stop, content, rules)
    key_sources = list(dict.fromkeys(s for line in why for s in line.sources))
    wrong_then: Then = "end" if ends else "again"
    choices = [
        Choice(
            letter="?",
            id=rec.stage,
            kind="step",
            text=CHOICE_TEXT[rec.stage],
            correct=True,
            why=why,
            follows=follows,
            then=then,
            outside_sources=silent,
        )
    ]
    moves = [(m, fit) for m in rules.moves if (fit := _move_fits(m, rec, scenario, content)) is not False]
    picked = rng.sample(moves, min(MOVES_AT_MOST, len(moves)))
    case = Case(scenario=scenario, rec=rec, content=content)
    wanted = STEP_DISTRACTORS + (MOVES_AT_MOST - len(picked))
    for stage, reason, sources in choose(case, rng, count=wanted):
        choices.append(_step_choice(stage, reason, sources, rec, key_sources, wrong_then, content, rules))
    choices += [_move_choice(m, fit, wrong_then, content) for m, fit in picked]
    rng.shuffle(choices)
    choices = [c.model_copy(update={"letter": chr(ord("a") + i)}) for i, c in enumerate(choices)]
    return Visit(
        number=number,
        day=day,
        scenario=scenario.model_dump(mode="json"),
        opening=opening,
        findings=findings(scenario, rec, content),
        since=since,
        controlled=scenario.controlled,
        engine=engine_answer(rec, content),
        key=rec.stage,
        choices=choices,
        review_days=None if ends or timing is None else timing[1],
        review=None if timing is None else timeline_line(timing[0], content, f"{timing[0].label}."),
        steroid_days=steroid_days or {},
        closing=closing,
    )
