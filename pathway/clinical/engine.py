"""The decision engine: a scenario in, a cited recommendation out.

Pure and deterministic. The clinical wording, regimens, limits, sources, pitfalls and timelines all
come from the content; this module holds only the order in which the rules apply:

1. red flags (eczema herpeticum pre-empts everything, and with bacterial infection both are treated;
   bacterial infection alone is treated first, keeping the steroid in use),
2. maintenance once the disease is controlled, or the skin is clear,
3. is the steroid trial fair (:mod:`pathway.clinical.steroid_trial`): potency for the site and age,
   twice daily, long enough (2 weeks, or the whole course allowed where courses are limited),
   adherence; a steroid stronger or longer than allowed is named,
4. complicating factors (suspected contact dermatitis, atypical or adult-onset presentation),
5. escalation (:mod:`pathway.clinical.ladder`): document 000's ladder, or document 003's for the back,
   the other's unused rungs when one is exhausted or barred, and a specialist referral when only
   specialist-only rungs remain. Every option passes its therapy's own limits
   (:mod:`pathway.clinical.limits`).
"""

from __future__ import annotations

from functools import lru_cache

from pathway.clinical.base import POTENCY_WORDS, Stage, severity_band  # noqa: F401 (severity_band re-exported)
from pathway.clinical.content import Content, load_content
from pathway.clinical.contract import REFERRAL_WEEKS, STEROID_TRIAL_TIMELINE
from pathway.clinical.dosing import weight_problem
from pathway.clinical.ladder import Escalation, escalate
from pathway.clinical.limits import age_band
from pathway.clinical.options import options_for, site_limit, steroid_for, steroid_ids
from pathway.clinical.scenario import Alternative, Band, Line, Option, Recommendation, Scenario, TimelineEntry
from pathway.clinical.scores import band_for
from pathway.clinical.steroid_trial import (  # noqa: F401  (required_potency is re-exported)
    SteroidJudgement, adequacy_shortfalls, course_limit, judge_steroid_in_use, required_potency,
)
from pathway.clinical.trace import Trace

ESCALATION_STAGES = frozenset({"complicating_factors", "wet_wrap", "topical_calcineurin_inhibitor",
                               "newer_topicals", "phototherapy", "systemic", "specialist_referral"})
# Fields a scenario should state; when a caller leaves them out, the recommendation says what it assumed.
KEY_FIELDS = ("age_years", "site", "scorad", "tcs_potency", "applications_per_day", "weeks_on_treatment",
              "adherence_confirmed")


def skin_clear(scorad: float, content: Content) -> bool:
    """SCORAD in the 'clear' stratum of Chopra 2017 (0-9.9): nothing left to escalate."""
    return band_for(content.instruments["scorad"], scorad, "chopra_2017").label == "clear"


def _steroid_in_use(scenario: Scenario, band: Band, content: Content) -> list[str]:
    """Keep the steroid in use (never step it up alongside an antibiotic); suggest one if none is used."""
    if scenario.tcs_potency == "none":
        return steroid_for(scenario, band, content)
    return steroid_ids(scenario.tcs_potency, content)


def _red_flags(scenario: Scenario, band: Band, content: Content, trace: Trace):
    signs = set(scenario.signs)
    if "eczema_herpeticum" in signs:
        trace.because("herpeticum_first")
        ids = list(content.red_flags["eczema_herpeticum"].therapies)
        if "bacterial_infection" in signs:
            trace.because("herpeticum_with_infection")
            ids += content.red_flags["bacterial_infection"].therapies
        return content.red_flags["eczema_herpeticum"].stage, options_for(ids, content, scenario, band, trace)
    if "bacterial_infection" in signs:
        trace.because("infection_before_escalation")
        trace.because("infection_continue_tcs")
        trace.warn("infection_nice")
        flag = content.red_flags["bacterial_infection"]
        ids = list(flag.therapies) + _steroid_in_use(scenario, band, content) + ["emollients"]
        return flag.stage, options_for(ids, content, scenario, band, trace)
    return None


def _maintenance(scenario: Scenario, band: Band, content: Content, trace: Trace):
    options = options_for(["proactive_tcs", "proactive_tacrolimus", "emollients"], content, scenario, band, trace)
    alternatives = []
    if "phototherapy" in scenario.tried and scenario.phototherapy_access:
        nb_uvb = options_for(["nb_uvb"], content, scenario, band, None)
        if nb_uvb:
            rule = trace.line("maintenance_phototherapy")
            alternatives.append(Alternative(stage="phototherapy", document="doc_003", text=rule.text,
                                            sources=rule.sources, options=nb_uvb))
    return options, alternatives


def _decide(scenario: Scenario, band: Band, content: Content, trace: Trace) -> Escalation:
    adequate = not adequacy_shortfalls(scenario, band, content)
    flagged = _red_flags(scenario, band, content, trace)
    if flagged is not None:
        return Escalation(flagged[0], flagged[1], adequate=adequate)

    if scenario.controlled or skin_clear(scenario.scorad, content):
        trace.because("controlled_maintenance" if scenario.controlled else "skin_clear")
        if scenario.controlled and band != "mild":
            trace.warn("controlled_but_active")
        options, alternatives = _maintenance(scenario, band, content, trace)
        return Escalation("maintenance", options, alternatives, adequate=adequate)

    shortfalls = adequacy_shortfalls(scenario, band, content)
    if shortfalls:
        for rule_id in shortfalls:
            trace.because(rule_id)
        ids = steroid_for(scenario, band, content) + ["emollients"]
        return Escalation("verify_adequacy", options_for(ids, content, scenario, band, trace), adequate=adequate)
    trace.because("adequacy_confirmed")

    signs = set(scenario.signs)
    if signs & {"contact_dermatitis_suspected", "atypical_presentation"}:
        ids = []
        if "contact_dermatitis_suspected" in signs:
            trace.because("contact_dermatitis")
            ids.append("patch_testing")
        if "atypical_presentation" in signs:
            trace.because("atypical_presentation")
        ids += _steroid_in_use(scenario, band, content) + ["emollients"]
        return Escalation("complicating_factors", options_for(ids, content, scenario, band, trace), adequate=True)
    trace.because("no_complicating_factors")
    return escalate(scenario, band, content, trace)


def _referral(scenario: Scenario, plan: Escalation, steroid: SteroidJudgement, infant: bool,
              content: Content) -> tuple[list[Line], str]:
    stage, reasons = plan.stage, []
    if "eczema_herpeticum" in scenario.signs:
        reasons.append("severe_infection")
    if "recurrent_infections" in scenario.signs:
        reasons.append("recurrent_infections")
    if plan.adequate and stage in ESCALATION_STAGES and scenario.weeks_on_treatment >= REFERRAL_WEEKS:
        reasons.append("no_improvement_4_weeks")
    if stage in ("phototherapy", "systemic"):
        reasons.append("needs_phototherapy_or_systemic")
    if plan.exhausted:
        reasons.append("ladder_exhausted")
    if stage == "specialist_referral" or plan.specialist_skipped:
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
    lines = [Line(text=criteria[r].text, sources=list(criteria[r].sources), rule=r) for r in reasons]
    urgency = "same_day" if "severe_infection" in reasons else ("routine" if reasons else "none")
    return lines, urgency


def _course_entry(scenario: Scenario, content: Content) -> TimelineEntry | None:
    """Where courses are limited (infants, brief potencies in children), the trial is that course."""
    course = course_limit(scenario, content)
    if course is None:
        return None
    words, weeks = course
    limit = site_limit(scenario, content)
    return TimelineEntry(
        id=STEROID_TRIAL_TIMELINE, label=f"Steroid course allowed at this age and site: {words}", kind="course",
        min=0, max=round(weeks, 3), unit="weeks", start_weeks=0, min_weeks=0, max_weeks=round(weeks, 3),
        text=f"Twice daily for the whole course allowed here ({words}), then step down. {limit.text}",
        if_no_response="No response after the whole allowed course: step down and move to the next step; "
                       "get specialist advice before a stronger or longer course.",
        sources=list(limit.sources))


def _timeline(stage: str, therapy_ids: set[str], scenario: Scenario, content: Content) -> list[TimelineEntry]:
    """The timings of this plan: a timing tied to a therapy only when that therapy is in the plan."""
    entries = []
    child = scenario.age_years < 18
    for item in content.timelines.values():
        if stage not in item.stages or (item.therapy is not None and item.therapy not in therapy_ids):
            continue
        if item.id == STEROID_TRIAL_TIMELINE:
            course = _course_entry(scenario, content)
            if course is not None:
                entries.append(course)
                continue
        if_no_response, sources = item.if_no_response, list(item.sources)
        if child and item.if_no_response_child:
            if_no_response = item.if_no_response_child.text
            sources += [s for s in item.if_no_response_child.sources if s not in sources]
        entries.append(TimelineEntry(
            id=item.id, label=item.label, kind=item.kind, min=item.min, max=item.max, unit=item.unit,
            start_weeks=round(item.in_weeks(item.start), 3), min_weeks=round(item.in_weeks(item.min), 3),
            max_weeks=round(item.in_weeks(item.max), 3), open_ended=item.open_ended, text=item.text,
            if_no_response=if_no_response, sources=sources,
        ))
    return sorted(entries, key=lambda e: (e.start_weeks, e.max_weeks))


def _avoid(stage: str, options: list[Option], alternatives: list[Alternative], content: Content,
           trace: Trace) -> list[str]:
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
            line = trace.line("avoid_conflict", first=" or ".join(names[i] for i in present[0]),
                              second=" or ".join(names[i] for i in present[1]), title=item.title, text=item.text,
                              only_sources=item.sources)
            trace.add_warning(line.model_copy(update={"rule": f"avoid:{item.id}"}))
    return avoid


def _context_lines(scenario: Scenario, content: Content, trace: Trace) -> None:
    """What the recommendation assumed, and a weight that does not fit the age, said up front."""
    if scenario.model_fields_set and set(KEY_FIELDS) - scenario.model_fields_set:
        defaults = Scenario()
        assumed = [f"{name.replace('_', ' ')} {getattr(defaults, name)}" for name in KEY_FIELDS
                   if name not in scenario.model_fields_set]
        trace.because("assumed_defaults", assumed="; ".join(assumed))
    if scenario.weight_kg is not None:
        problem = weight_problem(content, scenario.weight_kg, scenario.age_years)
        if problem:
            trace.add_warning(Line(text=problem, sources=["ctx_safety_limits"], rule="weight_implausible"))


def recommend(scenario: Scenario | dict, content: Content | None = None) -> Recommendation:
    """The recommended next step for a scenario, with options, alternatives, referral and a cited trace."""
    if not isinstance(scenario, Scenario):
        scenario = Scenario.model_validate(scenario)
    content = content or default_content()
    band = severity_band(scenario.scorad)
    ages = age_band(content, scenario.age_years)
    trace = Trace(content, scenario, band, ages)
    trace.because("band")
    _context_lines(scenario, content, trace)

    steroid = judge_steroid_in_use(scenario, band, content, trace)
    plan = _decide(scenario, band, content, trace)
    refer_reasons, urgency = _referral(scenario, plan, steroid, ages.id == "infant", content)
    pitfalls = [p.id for p in content.pitfalls.values() if plan.stage in p.stages]
    avoid = _avoid(plan.stage, plan.options, plan.alternatives, content, trace)
    therapy_ids = {o.id for o in plan.options} | {o.id for a in plan.alternatives for o in a.options}
    return Recommendation(
        severity_band=band, age_band=ages.id, stage=plan.stage, options=plan.options,
        alternatives=plan.alternatives,
        red_flags=[f for f in ("eczema_herpeticum", "bacterial_infection") if f in scenario.signs],
        refer=bool(refer_reasons), refer_urgency=urgency, refer_reasons=refer_reasons, warnings=trace.warnings,
        avoid=avoid, pitfalls=pitfalls, why=trace.why,
        expected_timeline=_timeline(plan.stage, therapy_ids, scenario, content),
    )


@lru_cache(maxsize=1)
def default_content() -> Content:
    """The bundled content, loaded once per process."""
    return load_content()


STAGE_ORDER: tuple[Stage, ...] = (
    "eczema_herpeticum", "treat_infection", "verify_adequacy", "complicating_factors", "wet_wrap",
    "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy", "systemic", "specialist_referral",
    "maintenance",
)
