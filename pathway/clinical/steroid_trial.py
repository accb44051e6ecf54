"""Is the steroid trial a fair one, and is the steroid in use allowed for this age and site?

A fair trial (document 000): at least the potency this patient needs (steroids.yaml: ``trial_needs``),
twice a day, for at least 2 weeks, with adherence confirmed. The potency asked for never goes beyond
what the age and site allow without specialist advice, and where a course is limited (infants, brief
potencies in children) the trial is judged on that course, not on 2 weeks. The four checks are made
once, here, and read by everything that shows them (the explorer's checklist, the generated cases).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.clinical.base import UK_WORDS, Band
from pathway.clinical.content import Content
from pathway.clinical.contract import ADEQUATE_WEEKS, LONG_POTENT_WEEKS
from pathway.clinical.limit_models import PotencyLimit
from pathway.clinical.limits import uk_stronger
from pathway.clinical.scenario import Scenario, SteroidTrial, TrialCheck
from pathway.clinical.steroids import (
    Steroid,
    course_of,
    documents_need,
    required_potency,
    site_limit,
    steroid_in_use,
    steroid_words,
    too_strong,
    used_too_long,
)
from pathway.clinical.trace import Trace, days, weeks_text


def weeks_needed(scenario: Scenario, content: Content) -> tuple[float, str | None]:
    """Weeks a fair trial takes (2, or the whole allowed course when shorter) and that course in words:
    the course of the steroid in use, or, when that one is too strong to be allowed at all, of the one a
    fair trial uses here."""
    limit = site_limit(scenario, content)
    steroid = steroid_in_use(scenario, content)
    if beyond_limit(steroid, limit):
        needed = required_potency(scenario, content.severity_band(scenario.scorad), content)
        steroid = Steroid(uk=needed.uk, word=needed.word)
    course = course_of(steroid, limit)
    if course is None:
        return ADEQUATE_WEEKS, None
    return min(ADEQUATE_WEEKS, course[1]), course[0]


def beyond_limit(steroid: Steroid, limit: PotencyLimit) -> bool:
    """Stronger than a limit the sources set for this age and site. Where they set none (an adult's face,
    neck, folds or genitals; a 12-17-year-old's folds), a potent steroid is outside the sources, not
    beyond a limit: it still counts towards a fair trial, and the card asks for a specialist's view."""
    return too_strong(steroid, limit) and not limit.silent


def review_trial(scenario: Scenario, band: Band, content: Content) -> SteroidTrial:
    """The four checks of a fair steroid trial, each met or not, in words. A steroid stronger than the
    age and site allow does not count as a fair trial, however strong."""
    steroid = steroid_in_use(scenario, content)
    limit = site_limit(scenario, content)
    needed = required_potency(scenario, band, content)
    in_use = steroid_words(steroid, content)
    weeks, course = weeks_needed(scenario, content)
    apd = scenario.applications_per_day
    frequency = f"{apd} a day now" + (" (more than twice adds risk, not benefit)" if apd > 2 else "")
    duration = (
        f"the whole course allowed here ({course}): {weeks_text(scenario.weeks_on_treatment)} so far"
        if course is not None
        else f"at least {weeks_text(ADEQUATE_WEEKS)}: {weeks_text(scenario.weeks_on_treatment)} so far"
    )
    if beyond_limit(steroid, limit):
        potency = TrialCheck(
            id="potency",
            met=False,
            text=(
                f"Potency: {in_use} in use is stronger than this age and site allow without specialist advice; "
                f"a fair trial here uses {needed.words(content)}"
            ),
        )
    elif too_strong(steroid, limit):
        potency = TrialCheck(
            id="potency",
            met=True,
            text=(
                f"Potency: {in_use} in use; no source sets a potency for this site at this age, so a steroid this "
                "strong here is outside the sources: ask a specialist"
            ),
        )
    else:
        least = needed.words(content) if needed.any_steroid else f"at least {needed.words(content)}"
        potency = TrialCheck(
            id="potency", met=needed.met_by(steroid), text=f"Potency: {in_use} in use; {least} needed here"
        )
    checks = [
        potency,
        TrialCheck(id="frequency", met=apd >= 2, text=f"Twice a day: {frequency}"),
        TrialCheck(id="duration", met=days(scenario.weeks_on_treatment) >= days(weeks), text=f"Duration: {duration}"),
        TrialCheck(
            id="adherence",
            met=scenario.adherence_confirmed,
            text="Adherence and quantity confirmed"
            if scenario.adherence_confirmed
            else "Adherence and quantity not yet confirmed",
        ),
    ]
    return SteroidTrial(
        fair=all(c.met for c in checks),
        in_use=in_use,
        needs=needed.words(content),
        weeks_needed=weeks,
        course=course,
        checks=checks,
    )


def adequacy_shortfalls(scenario: Scenario, band: Band, content: Content) -> list[str]:
    """Rule ids of every way the current steroid trial falls short (empty when it is fair)."""
    review = review_trial(scenario, band, content)
    strong = beyond_limit(steroid_in_use(scenario, content), site_limit(scenario, content))
    rules = {
        "potency": "adequacy_potency_limit" if strong else required_potency(scenario, band, content).rule,
        "frequency": "adequacy_frequency",
        "duration": "adequacy_duration" if review.course is None else "adequacy_duration_course",
        "adherence": "adequacy_adherence",
    }
    return [rules[check.id] for check in review.checks if not check.met]


@dataclass(frozen=True)
class SteroidJudgement:
    needs_specialist: bool = False  # stronger, or longer, than allowed without specialist advice
    outside_sources: bool = False  # the sources are silent for this potency here


def judge_steroid_in_use(scenario: Scenario, band: Band, content: Content, trace: Trace) -> SteroidJudgement:
    """Explain a capped requirement or an assumed UK class, and say when the steroid in use is too
    strong, used too long or too often."""
    limit = site_limit(scenario, content)
    steroid = steroid_in_use(scenario, content)
    wanted = documents_need(scenario, band, content)
    needed = required_potency(scenario, band, content)
    if needed.capped:
        trace.because(
            "potency_capped",
            ceiling=needed.words(content),
            needed=wanted.words(content),
            limit=limit.text,
            only_sources=limit.sources,
        )
    if steroid.uk is None:
        return SteroidJudgement()
    words = steroid_words(steroid, content)
    if steroid.product is not None and scenario.tcs_potency not in ("none", steroid.product.word):
        trace.warn("potency_word_conflict", word=content.potency_words[scenario.tcs_potency].label, potency=words)
    if (
        steroid.assumed
        and steroid.word in ("medium", "high")
        and (scenario.age_years < 18 or limit.silent or needed.capped)
    ):
        meaning = content.potency_words[steroid.word]
        trace.because(
            "potency_word_assumed",
            word=steroid.word,
            meaning=meaning.text,
            uk=UK_WORDS[meaning.uk],
            only_sources=meaning.sources,
        )
    if scenario.applications_per_day > 2:
        trace.warn("frequency_above_twice", apd=scenario.applications_per_day)
    if steroid.uk == "very_potent" and scenario.site in ("face", "neck") and scenario.weeks_on_treatment >= 1:
        trace.warn("very_potent_face")
    if limit.silent:
        if too_strong(steroid, limit):
            trace.warn("potency_outside_sources", potency=words, limit=limit.text, only_sources=limit.sources)
            return SteroidJudgement(outside_sources=True)
        return SteroidJudgement()
    if too_strong(steroid, limit):
        trace.warn(
            "potency_too_strong",
            potency=words,
            ceiling=f"{UK_WORDS[limit.ceiling or 'mild']} (UK)",
            limit=limit.text,
            only_sources=limit.sources,
        )
        return SteroidJudgement(needs_specialist=True)
    course = course_of(steroid, limit)
    if course is not None and used_too_long(steroid, limit, scenario.weeks_on_treatment):
        step_down = (
            f", and step down to a {UK_WORDS[limit.routine]} (UK) steroid"
            if limit.routine and uk_stronger(steroid.uk, limit.routine)
            else ""
        )
        trace.warn(
            "course_too_long",
            potency=words,
            course=course[0],
            step_down=step_down,
            limit=limit.text,
            only_sources=limit.sources,
        )
        return SteroidJudgement(needs_specialist=True)
    if course is not None and uk_stronger(steroid.uk, limit.routine):
        trace.warn("potency_brief_only", potency=words, course=course[0], limit=limit.text, only_sources=limit.sources)
    elif course is None and steroid.word in ("high", "very_high") and scenario.weeks_on_treatment > LONG_POTENT_WEEKS:
        trace.warn("long_potent_use", potency=words)
    return SteroidJudgement()
