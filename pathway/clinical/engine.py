"""The decision engine: a scenario in, a cited recommendation out.

Pure and deterministic. The clinical wording, regimens, ladders, limits, sources, pitfalls and
timelines all come from the content; this module holds only the order in which the rules apply:

1. red flags: eczema herpeticum pre-empts everything (with bacterial infection both are treated),
   then erythroderma (refer at once), then bacterial infection (treated first, the steroid kept);
2. maintenance once the disease is controlled, or the skin is clear;
3. is the steroid trial fair (:mod:`pathway.clinical.steroid_trial`): potency for the site, age and
   severity, twice daily, long enough (2 weeks, or the whole course allowed), adherence; a steroid
   stronger or longer than allowed is named and stepped down;
4. complicating factors (suspected contact dermatitis, atypical or adult-onset presentation);
5. escalation (:mod:`pathway.clinical.ladder`): the ladders in content/ladders.yaml, every option
   passing its therapy's own limits (:mod:`pathway.clinical.limits`).

Then the referral and its urgency, the "never" list, the timeline and what comes next for this
patient if the step does not work (found by asking the engine again, as if the step had failed).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from pathway.clinical.base import UK_RANK, Band, Stage
from pathway.clinical.content import Content, load_content
from pathway.clinical.contract import REFERRAL_WEEKS, STEROID_TRIAL_TIMELINE
from pathway.clinical.dosing import weight_problem
from pathway.clinical.ladder import Escalation, escalate
from pathway.clinical.ladder_models import any_holds
from pathway.clinical.limits import age_band, uk_stronger
from pathway.clinical.models import URGENCY_ORDER
from pathway.clinical.options import options_for
from pathway.clinical.scenario import (
    TRIED,
    Alternative,
    Line,
    Option,
    Recommendation,
    Scenario,
    TimelineEntry,
)
from pathway.clinical.scores import band_for, scorad_least_extent
from pathway.clinical.steroid_trial import SteroidJudgement, adequacy_shortfalls, judge_steroid_in_use, review_trial
from pathway.clinical.steroids import (
    Requirement,
    course_of,
    plan_steroid,
    required_potency,
    site_limit,
    steroid_in_use,
    steroid_therapies,
    too_strong,
    used_too_long,
)
from pathway.clinical.trace import Trace

ESCALATION_STAGES = frozenset(
    {
        "complicating_factors",
        "wet_wrap",
        "topical_calcineurin_inhibitor",
        "newer_topicals",
        "phototherapy",
        "systemic",
        "specialist_referral",
    }
)
TOPICAL_RUNGS = ("wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals")
# Fields a scenario should state; when a caller leaves them out, the recommendation says what it assumed.
KEY_FIELDS = (
    "age_years",
    "site",
    "scorad",
    "tcs_potency",
    "applications_per_day",
    "weeks_on_treatment",
    "adherence_confirmed",
)
RED_FLAG_ORDER = ("eczema_herpeticum", "erythroderma", "infection_not_settling", "bacterial_infection")
MOST_OF_THE_BODY = 50  # erythroderma: inflamed skin over most of the body, that is more than half
UNDER_12_MONTHS = 144


def skin_clear(scorad: float, content: Content) -> bool:
    """SCORAD in the 'clear' stratum of Chopra 2017 (0-9.9): nothing left to escalate."""
    return band_for(content.instruments["scorad"], scorad, "chopra_2017").label == "clear"


def check_product(scenario: Scenario, content: Content) -> None:
    """A named product must be one the content knows (the contract cannot list them: they are content)."""
    if scenario.tcs_product is not None and scenario.tcs_product not in content.products:
        known = ", ".join(sorted(content.products))
        raise ValueError(f"tcs_product: unknown product '{scenario.tcs_product}' (known: {known})")


def _steroid_ids(target: Requirement | None, content: Content) -> list[str]:
    return steroid_therapies(target, content)


def _red_flags(scenario: Scenario, band: Band, content: Content, trace: Trace) -> tuple[str, list[Option]] | None:
    signs = set(scenario.signs)
    ages = age_band(content, scenario.age_years).id
    if "eczema_herpeticum" in signs:
        flag = content.red_flags["eczema_herpeticum"]
        trace.because("herpeticum_first")
        for line in flag.because:
            if any_holds(line.when, scenario, ages, band):
                trace.because(line.rule)
        ids = list(flag.therapies)
        if "infection_not_settling" in signs:
            trace.because("infection_not_settling")  # not another course of the antibiotic that failed
        elif "bacterial_infection" in signs:
            trace.because("herpeticum_with_infection")
            ids += content.red_flags["bacterial_infection"].therapies
        return flag.stage, options_for(ids, content, scenario, band, trace)
    if "erythroderma" in signs:
        flag = content.red_flags["erythroderma"]
        trace.because("erythroderma_first")
        ids = list(flag.therapies)
        if "infection_not_settling" in signs:
            trace.because("infection_not_settling")  # not another course of the antibiotic that failed
        elif "bacterial_infection" in signs:
            trace.because("infection_before_escalation")
            ids = list(content.red_flags["bacterial_infection"].therapies) + ids
        return flag.stage, options_for(ids, content, scenario, band, trace)
    if "bacterial_infection" in signs or "infection_not_settling" in signs:
        if "infection_not_settling" not in signs:  # (one that has not settled is not given the same again)
            trace.because("infection_before_escalation")
        target = plan_steroid(scenario, band, content, step_up=False)
        stepped = too_strong(steroid_in_use(scenario, content), site_limit(scenario, content))
        if target is not None and stepped:
            trace.because("infection_continue_tcs_stepped", target=target.words(content))
        elif target is not None and target.rule == "step_down":
            trace.because("infection_continue_tcs_course_done", target=target.words(content))
        else:
            trace.because("infection_continue_tcs")
        trace.warn("infection_nice")
        steroid = _steroid_ids(target, content) or _steroid_ids(required_potency(scenario, band, content), content)
        if "infection_not_settling" in signs:
            # the antibiotic has not worked: not another course of it, but a referral, the steroid kept going
            trace.because("infection_not_settling")
            return "specialist_referral", options_for([*steroid, "emollients"], content, scenario, band, trace)
        flag = content.red_flags["bacterial_infection"]
        ids = list(flag.therapies) + steroid + ["emollients"]
        return flag.stage, options_for(ids, content, scenario, band, trace)
    return None


def _maintenance(
    scenario: Scenario, band: Band, content: Content, trace: Trace
) -> tuple[list[Option], list[Alternative]]:
    ages = age_band(content, scenario.age_years).id
    ids = [item.id for item in content.maintenance if any_holds(item.when, scenario, ages, band)]
    options = options_for(ids, content, scenario, band, trace)
    alternatives: list[Alternative] = []
    if "phototherapy" in scenario.tried and scenario.phototherapy_access:
        nb_uvb = options_for(["nb_uvb"], content, scenario, band, None)
        if nb_uvb:
            rule = trace.line("maintenance_phototherapy")
            alternatives.append(
                Alternative(
                    stage="phototherapy", document="doc_003", text=rule.text, sources=rule.sources, options=nb_uvb
                )
            )
    return options, alternatives


def _gating(shortfalls: list[str], scenario: Scenario, content: Content) -> list[str]:
    """The shortfalls that still hold the ladder back once later rungs were tried: frequency, adherence,
    a steroid stronger than allowed, or none in use at all (potency and length no longer do)."""
    if not scenario.tried:
        return shortfalls
    no_steroid = steroid_in_use(scenario, content).uk is None  # nothing in use: start one, whatever was tried
    return [
        r
        for r in shortfalls
        if r in ("adequacy_frequency", "adequacy_adherence", "adequacy_potency_limit") or no_steroid
    ]


def _decide(scenario: Scenario, band: Band, content: Content, trace: Trace) -> Escalation:
    shortfalls = adequacy_shortfalls(scenario, band, content)
    flagged = _red_flags(scenario, band, content, trace)
    if flagged is not None:
        # suitable treatment so far, as the ladder counts it past the trial (for the referral's 4 weeks)
        return Escalation(flagged[0], flagged[1], adequate=not _gating(shortfalls, scenario, content))
    adequate = not shortfalls

    if scenario.controlled or skin_clear(scenario.scorad, content):
        trace.because("controlled_maintenance" if scenario.controlled else "skin_clear")
        if scenario.controlled and band != "mild":
            trace.warn("controlled_but_active")
        options, alternatives = _maintenance(scenario, band, content, trace)
        return Escalation("maintenance", options, alternatives, adequate=adequate)

    if shortfalls and scenario.tried:
        # later rungs were tried: this course's potency and length no longer hold the ladder back
        gating = _gating(shortfalls, scenario, content)
        if len(gating) < len(shortfalls):
            trace.because("past_the_trial", tried=", ".join(t.replace("_", " ") for t in scenario.tried))
        shortfalls = gating
    if shortfalls:
        if "adequacy_potency_limit" in shortfalls:  # the plan changes steroid: this one's length is moot
            shortfalls = [r for r in shortfalls if r not in ("adequacy_duration", "adequacy_duration_course")]
        for rule_id in shortfalls:
            trace.because(rule_id, needed=required_potency(scenario, band, content).words(content))
        adequate = False
        target = plan_steroid(scenario, band, content)
        in_use = steroid_in_use(scenario, content)
        limit = site_limit(scenario, content)
        if target is not None and target.rule == "step_down" and too_strong(in_use, limit):
            trace.because("too_strong_counts_toward_course", target=target.words(content))
        elif (
            target is not None
            and target.rule == "step_down"
            and not used_too_long(in_use, limit, scenario.weeks_on_treatment)
        ):
            trace.because("course_given_step_down", target=target.words(content))  # (too long: the warning says)
        ids = [*_steroid_ids(target, content), "emollients"]
        return Escalation("verify_adequacy", options_for(ids, content, scenario, band, trace), adequate=adequate)
    if not scenario.tried or not adequacy_shortfalls(scenario, band, content):
        trace.because("adequacy_confirmed")

    signs = set(scenario.signs)
    if signs & {"contact_dermatitis_suspected", "atypical_presentation"}:
        ids = []
        if "contact_dermatitis_suspected" in signs:
            trace.because("contact_dermatitis")
            ids.append("patch_testing")
        if "atypical_presentation" in signs:
            trace.because("atypical_presentation")
        ids += [*_steroid_ids(plan_steroid(scenario, band, content, step_up=False), content), "emollients"]
        return Escalation("complicating_factors", options_for(ids, content, scenario, band, trace), adequate=True)
    trace.because("no_complicating_factors")
    return escalate(scenario, band, content, trace)


def _severe_not_settling(scenario: Scenario, band: Band, content: Content) -> bool:
    """NICE CG57: severe eczema in a child under 12 that has not responded to optimum topical
    treatment after one week. Optimum: a later rung already tried (wet wraps, a calcineurin inhibitor,
    phototherapy are more than a steroid), or the steroid used as a fair trial asks, twice a day, with
    adherence confirmed (for at least a week), a steroid stronger than allowed counting as strong enough."""
    if band != "severe" or scenario.age_years * 12 >= UNDER_12_MONTHS:
        return False
    if scenario.tried:
        return True
    if scenario.weeks_on_treatment < 1:
        return False
    checks = review_trial(scenario, band, content).checks
    strong = too_strong(steroid_in_use(scenario, content), site_limit(scenario, content))
    return all(c.met or (c.id == "potency" and strong) for c in checks if c.id != "duration")


def _referral(
    scenario: Scenario, band: Band, plan: Escalation, steroid: SteroidJudgement, infant: bool, content: Content
) -> tuple[list[Line], str]:
    stage, reasons = plan.stage, []
    child = scenario.age_years * 12 < UNDER_12_MONTHS
    if "eczema_herpeticum" in scenario.signs:
        reasons.append("severe_infection")
    if "erythroderma" in scenario.signs:
        reasons.append("erythroderma")
    elif scorad_least_extent(scenario.scorad) > MOST_OF_THE_BODY:
        reasons.append("erythroderma_possible")
    if "infection_not_settling" in scenario.signs:
        reasons.append("infection_not_settling_child" if child else "infection_not_settling")
    if _severe_not_settling(scenario, band, content) and stage not in ("maintenance",):
        reasons.append("severe_not_settling_child")
    if "recurrent_infections" in scenario.signs:
        reasons.append("recurrent_infections")
    # document 003: 4 weeks of suitable treatment without improvement is a reason to refer, and stays one
    # while an infection that turns up is treated (the infection does not make those weeks a success)
    if (
        plan.adequate
        and (stage in ESCALATION_STAGES or stage == "treat_infection")
        and scenario.weeks_on_treatment >= REFERRAL_WEEKS
    ):
        reasons.append("no_improvement_4_weeks")
    if stage in ("phototherapy", "systemic"):
        reasons.append("needs_phototherapy_or_systemic")
    if plan.exhausted:
        reasons.append("ladder_exhausted")
    if (
        stage == "specialist_referral" and not {"erythroderma", "infection_not_settling"} & set(scenario.signs)
    ) or plan.specialist_skipped:
        reasons.append("specialist_only_treatment")
    if infant and plan.adequate and stage in ESCALATION_STAGES:
        reasons.append("infant_failed_trial")
    if steroid.needs_specialist:
        reasons.append("potency_beyond_limit")
    if steroid.outside_sources:
        reasons.append("outside_sources")
    if "contact_dermatitis_suspected" in scenario.signs:
        reasons.append("patch_testing")
    if "atypical_presentation" in scenario.signs:
        reasons.append("doubtful_diagnosis")
    criteria = content.referral
    lines = [Line(text=criteria[r].text, sources=list(criteria[r].sources), rule=r) for r in dict.fromkeys(reasons)]
    urgency = max((criteria[r].urgency for r in reasons), key=URGENCY_ORDER.index, default="none")
    return lines, urgency


# ----------------------------------------------------------------------------- if the step does not work


def fair_trial(scenario: Scenario, content: Content) -> Scenario:
    """The same patient after a fair steroid trial: the steroid the plan asks for (a named product),
    twice a day, for 2 weeks or the whole course allowed, adherence confirmed."""
    band = content.severity_band(scenario.scorad)
    product = None
    for therapy_id in _steroid_ids(plan_steroid(scenario, band, content), content):
        products = content.therapies[therapy_id].products
        product = products[0] if products else None
    steroid = steroid_in_use(scenario.model_copy(update={"tcs_product": product}), content)
    course = course_of(steroid, site_limit(scenario, content))
    weeks = min(2.0, round(round(course[1] * 7) / 7, 4)) if course else 2.0
    word = content.products[product].word if product else scenario.tcs_potency
    return scenario.model_copy(
        update={
            "tcs_product": product,
            "tcs_potency": word or "none",
            "applications_per_day": 2,
            "weeks_on_treatment": weeks,
            "adherence_confirmed": True,
        }
    )


def _after_failure(scenario: Scenario, stage: str, band: Band, content: Content, then: str) -> Scenario | None:
    """The same patient once this step has been given fairly and failed (None: no next step follows)."""
    if then == "after_topicals":
        tried = tuple(t for t in TRIED if t in scenario.tried or t in TOPICAL_RUNGS)
        return scenario.model_copy(update={"tried": tried, "signs": ()})
    if stage == "verify_adequacy":
        return fair_trial(scenario, content)
    if stage in TRIED:
        return scenario.model_copy(update={"tried": tuple(t for t in TRIED if t in scenario.tried or t == stage)})
    return None


def next_step(
    scenario: Scenario,
    rec: Recommendation,
    content: Content,
    then: str = "next_rung",
    rule_id: str = "next_if_no_response",
) -> Line | None:
    """What comes next for this patient if the recommended step does not work, as one cited line."""
    failed = _after_failure(scenario, rec.stage, rec.severity_band, content, then)
    if failed is None:
        return None
    after = _recommend(failed, content, with_next=False)
    if after.stage == rec.stage:
        return None
    words = content.stage_title(after.stage)
    if after.refer and after.stage != "specialist_referral":
        words += ", and refer"
    rule = content.rules[rule_id]
    sources = list(dict.fromkeys(rule.sources + [s for line in after.why[-2:] for s in line.sources]))
    return Line(text=rule.text.format(next=words), sources=sources, rule=rule_id)


# ----------------------------------------------------------------------------- timeline


def _course_entry(rec: Recommendation, scenario: Scenario, content: Content) -> TimelineEntry | None:
    """Where the course of the plan's steroid is limited (infants, brief potencies in children), the
    trial is that course; the words say what follows it, stepping down only from a potency above
    ordinary use."""
    planned = [
        potency
        for o in rec.options
        if (potency := content.therapies[o.id].potency_uk) is not None and not content.therapies[o.id].long_term
    ]
    limit = site_limit(scenario, content)
    if not planned or limit.silent:
        return None
    uk = max(planned, key=lambda p: UK_RANK[p])
    course = limit.course_for(uk)
    if course is None:
        return None
    words, weeks = course
    length = words.replace(", then step down", "")
    after = (
        f"then step down to a {limit.routine.replace('_', ' ')} (UK) steroid"
        if limit.routine and uk_stronger(uk, limit.routine)
        else "then stop and review"
    )
    return TimelineEntry(
        id=STEROID_TRIAL_TIMELINE,
        label=f"Steroid course allowed at this age and site: {words}",
        kind="course",
        min=0,
        max=round(weeks, 3),
        unit="weeks",
        start_weeks=0,
        min_weeks=0,
        max_weeks=round(weeks, 3),
        text=f"Twice daily for the whole course allowed here ({length}), {after}. {limit.text}",
        if_no_response="No response after the whole allowed course: the trial has failed; get specialist advice "
        "before a stronger or longer course.",
        sources=list(limit.sources),
    )


def _timeline(rec: Recommendation, scenario: Scenario, content: Content) -> list[TimelineEntry]:
    """The timings of this plan: a timing tied to a therapy only when that therapy is in the plan."""
    therapy_ids = {o.id for o in rec.options} | {o.id for a in rec.alternatives for o in a.options}
    entries = []
    nexts: dict[str, Line | None] = {}
    for item in content.timelines.values():
        if rec.stage not in item.stages or (item.therapy is not None and item.therapy not in therapy_ids):
            continue
        if item.id == STEROID_TRIAL_TIMELINE:
            course = _course_entry(rec, scenario, content)
            if course is not None:
                entries.append(course)
                continue
        if_no_response, sources = item.if_no_response, list(item.sources)
        if item.then is not None and rec.stage not in ("eczema_herpeticum", "treat_infection"):
            if item.then not in nexts:
                nexts[item.then] = next_step(scenario, rec, content, item.then, "next_for_this_patient")
            following = nexts[item.then]
            if following is not None:
                if_no_response = f"{if_no_response} {following.text}"
                sources += [s for s in following.sources if s not in sources]
        entries.append(
            TimelineEntry(
                id=item.id,
                label=item.label,
                kind=item.kind,
                min=item.min,
                max=item.max,
                unit=item.unit,
                start_weeks=round(item.in_weeks(item.start), 3),
                min_weeks=round(item.in_weeks(item.min), 3),
                max_weeks=round(item.in_weeks(item.max), 3),
                open_ended=item.open_ended,
                text=item.text,
                if_no_response=if_no_response,
                sources=sources,
            )
        )
    return sorted(entries, key=lambda e: (e.start_weeks, e.max_weeks))


# ----------------------------------------------------------------------------- the recommendation


def _avoid(
    stage: str, options: list[Option], alternatives: list[Alternative], content: Content, trace: Trace
) -> list[str]:
    """The "never" list for this plan; a pair it forbids that the plan holds raises a warning."""
    every = list(options) + [o for a in alternatives for o in a.options]
    ids = {o.id for o in every}
    names = {o.id: o.name for o in every}
    avoid = []
    for item in content.avoid.values():
        when = item.when
        present = [sorted(set(group) & ids) for group in when.together]
        conflict = bool(present) and all(present)
        if when.always or stage in when.stages or set(when.therapies) & ids or conflict:
            avoid.append(item.id)
        if conflict:
            line = trace.line(
                "avoid_conflict",
                first=" or ".join(names[i] for i in present[0]),
                second=" or ".join(names[i] for i in present[1]),
                title=item.title,
                text=item.text,
                only_sources=item.sources,
            )
            trace.add_warning(line.model_copy(update={"rule": f"avoid:{item.id}"}))
    return avoid


def _context_lines(scenario: Scenario, content: Content, trace: Trace) -> None:
    """What the recommendation assumed, and a weight that does not fit the age, said up front."""
    if scenario.model_fields_set and set(KEY_FIELDS) - scenario.model_fields_set:
        defaults = Scenario()
        assumed = [
            f"{name.replace('_', ' ')} {getattr(defaults, name)}"
            for name in KEY_FIELDS
            if name not in scenario.model_fields_set
            and not (name == "tcs_potency" and scenario.tcs_product is not None)
        ]
        if assumed:
            trace.because("assumed_defaults", assumed="; ".join(assumed))
    extent = scorad_least_extent(scenario.scorad)
    if extent > MOST_OF_THE_BODY and "erythroderma" not in scenario.signs:
        trace.warn("erythroderma_check", extent=f"{math.ceil(extent):g}")
    site = content.site_extent[scenario.site]
    if site.percent < extent <= MOST_OF_THE_BODY:
        trace.warn("scorad_beyond_site", extent=f"{math.ceil(extent):g}", percent=f"{site.percent:g}")
    if scenario.weight_kg is not None:
        problem = weight_problem(content, scenario.weight_kg, scenario.age_years)
        if problem:
            trace.add_warning(Line(text=problem, sources=["ctx_safety_limits"], rule="weight_implausible"))


def _recommend(scenario: Scenario, content: Content, with_next: bool) -> Recommendation:
    check_product(scenario, content)
    band = content.severity_band(scenario.scorad)
    ages = age_band(content, scenario.age_years)
    trace = Trace(content, scenario, band, ages)
    trace.because("band")
    _context_lines(scenario, content, trace)

    steroid = judge_steroid_in_use(scenario, band, content, trace)
    plan = _decide(scenario, band, content, trace)
    refer_reasons, urgency = _referral(scenario, band, plan, steroid, ages.id == "infant", content)
    pitfalls = [p.id for p in content.pitfalls.values() if plan.stage in p.stages]
    avoid = _avoid(plan.stage, plan.options, plan.alternatives, content, trace)
    rec = Recommendation(
        severity_band=band,
        age_band=ages.id,
        stage=plan.stage,
        options=plan.options,
        alternatives=plan.alternatives,
        red_flags=[f for f in RED_FLAG_ORDER if f in scenario.signs],
        refer=bool(refer_reasons),
        refer_urgency=urgency,
        refer_reasons=refer_reasons,
        warnings=trace.warnings,
        avoid=avoid,
        pitfalls=pitfalls,
        why=trace.why,
        steroid_trial=review_trial(scenario, band, content),
    )
    if not with_next:
        return rec
    return rec.model_copy(
        update={
            "expected_timeline": _timeline(rec, scenario, content),
            "next_if_no_response": next_step(scenario, rec, content),
        }
    )


def recommend(scenario: Scenario | dict[str, Any], content: Content | None = None) -> Recommendation:
    """The recommended next step for a scenario, with options, alternatives, referral and a cited trace.

    Raises ``pydantic.ValidationError`` for a malformed scenario and ``ValueError`` for a product the
    content does not know.
    """
    if not isinstance(scenario, Scenario):
        scenario = Scenario.model_validate(scenario)
    return _recommend(scenario, content or default_content(), with_next=True)


@lru_cache(maxsize=1)
def default_content() -> Content:
    """The bundled content, loaded once per process."""
    return load_content()


STAGE_ORDER: tuple[Stage, ...] = (
    "eczema_herpeticum",
    "treat_infection",
    "verify_adequacy",
    "complicating_factors",
    "wet_wrap",
    "topical_calcineurin_inhibitor",
    "newer_topicals",
    "phototherapy",
    "systemic",
    "specialist_referral",
    "maintenance",
)
