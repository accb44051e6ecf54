"""Is the steroid trial a fair one, and is the steroid in use allowed for this age and site?

A fair trial (document 000): at least the potency the site and severity need, twice a day, for at
least 2 weeks, with adherence confirmed. The potency asked for never goes beyond what the age and
site allow without specialist advice, and where a course is limited (infants, brief potencies in
children) the trial is judged on that course, not on 2 weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.clinical.base import POTENCY_RANK, POTENCY_WORDS, Band
from pathway.clinical.content import Content
from pathway.clinical.contract import ADEQUATE_WEEKS, LONG_POTENT_WEEKS
from pathway.clinical.limits import stronger
from pathway.clinical.options import capped, document_potency, site_limit
from pathway.clinical.scenario import Scenario
from pathway.clinical.trace import Trace


def required_potency(scenario: Scenario, band: Band, content: Content) -> tuple[str, str]:
    """Potency a fair trial needs on this site at this age, and the rule that sets it."""
    needed, rule = document_potency(scenario, band)
    return capped(needed, site_limit(scenario, content)), rule


def course_limit(scenario: Scenario, content: Content) -> tuple[str, float] | None:
    """The longest course (words, weeks) of the steroid in use, for this age and site, when limited."""
    if scenario.tcs_potency == "none":
        return None
    return site_limit(scenario, content).course_for(scenario.tcs_potency)


def weeks_needed(scenario: Scenario, content: Content) -> float:
    """Weeks a fair trial takes: 2, or the whole allowed course when that is shorter."""
    course = course_limit(scenario, content)
    return min(ADEQUATE_WEEKS, course[1]) if course else ADEQUATE_WEEKS


def adequacy_shortfalls(scenario: Scenario, band: Band, content: Content) -> list[str]:
    """Rule ids of every way the current steroid trial falls short (empty when adequate)."""
    needed, potency_rule = required_potency(scenario, band, content)
    shortfalls = []
    if POTENCY_RANK[scenario.tcs_potency] < POTENCY_RANK[needed]:
        shortfalls.append(potency_rule)
    if scenario.applications_per_day < 2:
        shortfalls.append("adequacy_frequency")
    if scenario.weeks_on_treatment < weeks_needed(scenario, content):
        shortfalls.append("adequacy_duration" if weeks_needed(scenario, content) == ADEQUATE_WEEKS
                          else "adequacy_duration_course")
    if not scenario.adherence_confirmed:
        shortfalls.append("adequacy_adherence")
    return shortfalls


@dataclass(frozen=True)
class SteroidJudgement:
    needs_specialist: bool = False  # stronger, or longer, than allowed without specialist advice
    outside_sources: bool = False  # the sources are silent for this potency here


def judge_steroid_in_use(scenario: Scenario, band: Band, content: Content, trace: Trace) -> SteroidJudgement:
    """Explain a capped requirement, and say when the steroid in use is too strong or used too long."""
    limit = site_limit(scenario, content)
    needed, _ = document_potency(scenario, band)
    if stronger(needed, limit.strongest_asked):
        trace.because("potency_capped", ceiling=POTENCY_WORDS[limit.strongest_asked], needed=POTENCY_WORDS[needed],
                      limit=limit.text, only_sources=limit.sources)
    potency = scenario.tcs_potency
    if potency == "none":
        return SteroidJudgement()
    words = POTENCY_WORDS[potency]
    if limit.silent:
        if POTENCY_RANK[potency] >= POTENCY_RANK[limit.silent_from]:
            trace.warn("potency_outside_sources", potency=words, limit=limit.text, only_sources=limit.sources)
            return SteroidJudgement(outside_sources=True)
        return SteroidJudgement()
    if stronger(potency, limit.ceiling):
        trace.warn("potency_too_strong", potency=words, ceiling=POTENCY_WORDS[limit.ceiling], limit=limit.text,
                   only_sources=limit.sources)
        return SteroidJudgement(needs_specialist=True)
    course = limit.course_for(potency)
    if course is not None and scenario.weeks_on_treatment > course[1]:
        trace.warn("course_too_long", potency=words, course=course[0], limit=limit.text, only_sources=limit.sources)
        return SteroidJudgement(needs_specialist=True)
    if course is not None and stronger(potency, limit.routine):
        trace.warn("potency_brief_only", potency=words, course=course[0], limit=limit.text, only_sources=limit.sources)
    elif course is None and POTENCY_RANK[potency] >= POTENCY_RANK["high"] \
            and scenario.weeks_on_treatment > LONG_POTENT_WEEKS:
        trace.warn("long_potent_use", potency=words)
    return SteroidJudgement()
