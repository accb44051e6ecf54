"""The decision engine: a scenario in, a cited recommendation out.

Pure and deterministic. The clinical wording, regimens, limits, sources, pitfalls and timelines all
come from the content; this module holds only the order in which the rules apply:

1. red flags (eczema herpeticum pre-empts everything, and with bacterial infection both are treated;
   bacterial infection alone is treated first),
2. maintenance once the disease is controlled, or the skin is clear,
3. is the steroid trial adequate (potency for the site and age, twice daily, at least 2 weeks,
   adherence)? The potency asked for never exceeds what the age and site allow without specialist
   advice, and a steroid stronger than that is named,
4. complicating factors (suspected contact dermatitis, atypical or adult-onset presentation),
5. escalation (:mod:`pathway.clinical.ladder`): document 000's ladder, or document 003's for the back,
   the other's unused rungs when one is exhausted or barred, and a specialist referral when only
   specialist-only rungs remain. Every option passes its therapy's own limits
   (:mod:`pathway.clinical.limits`).
"""

from __future__ import annotations

from functools import lru_cache

from pathway.clinical.base import POTENCY_RANK, POTENCY_WORDS, Stage
from pathway.clinical.content import Content, load_content
from pathway.clinical.contract import ADEQUATE_WEEKS, REFERRAL_WEEKS
from pathway.clinical.ladder import escalate
from pathway.clinical.limits import age_band, stronger
from pathway.clinical.options import capped, document_potency, options_for, site_limit, steroid_for
from pathway.clinical.scenario import Alternative, Band, Line, Option, Recommendation, Scenario, TimelineEntry
from pathway.clinical.scores import band_for
from pathway.clinical.trace import Trace

ESCALATION_STAGES = frozenset({"complicating_factors", "wet_wrap", "topical_calcineurin_inhibitor",
                               "newer_topicals", "phototherapy", "systemic", "specialist_referral"})


def severity_band(scorad: float) -> Band:
    """SCORAD band used by the tool: mild < 25 <= moderate <= 50 < severe.

    Compared after rounding to 6 decimals, as the score calculators do, so a computed
    24.999999999999996 is the same band here as on the severity scores page.
    """
    scorad = round(scorad, 6)
    if scorad < 25:
        return "mild"
    if scorad <= 50:
        return "moderate"
    return "severe"


def skin_clear(scorad: float, content: Content) -> bool:
    """SCORAD in the 'clear' stratum of Chopra 2017 (0-9.9): nothing left to escalate."""
    return band_for(content.instruments["scorad"], scorad, "chopra_2017").label == "clear"


def required_potency(scenario: Scenario, band: Band, content: Content) -> tuple[str, str]:
    """Potency a fair trial needs on this site at this age, and the rule that sets it."""
    needed, rule = document_potency(scenario, band)
    return capped(needed, site_limit(scenario, content)), rule


def adequacy_shortfalls(scenario: Scenario, band: Band, content: Content) -> list[str]:
    """Rule ids of every way the current steroid trial falls short (empty when adequate)."""
    needed, potency_rule = required_potency(scenario, band, content)
    shortfalls = []
    if POTENCY_RANK[scenario.tcs_potency] < POTENCY_RANK[needed]:
        shortfalls.append(potency_rule)
    if scenario.applications_per_day < 2:
        shortfalls.append("adequacy_frequency")
    if scenario.weeks_on_treatment < ADEQUATE_WEEKS:
        shortfalls.append("adequacy_duration")
    if not scenario.adherence_confirmed:
        shortfalls.append("adequacy_adherence")
    return shortfalls


def _potency_lines(scenario: Scenario, band: Band, content: Content, trace: Trace) -> bool:
    """Explain a capped requirement and judge the steroid in use; True when it needs specialist advice."""
    limit = site_limit(scenario, content)
    needed, _ = document_potency(scenario, band)
    if stronger(needed, limit.ceiling):
        trace.because("potency_capped", ceiling=POTENCY_WORDS[limit.ceiling], needed=POTENCY_WORDS[needed],
                      limit=limit.text,
                      only_sources=limit.sources)
    potency = scenario.tcs_potency
    if potency == "none":
        return False
    words = POTENCY_WORDS[potency]
    if limit.silent:
        if POTENCY_RANK[potency] >= POTENCY_RANK[limit.silent_from]:
            trace.warn("potency_outside_sources", potency=words, limit=limit.text, only_sources=limit.sources)
        return False
    if stronger(potency, limit.ceiling):
        trace.warn("potency_too_strong", potency=words, ceiling=POTENCY_WORDS[limit.ceiling], limit=limit.text,
                   only_sources=limit.sources)
        return True
    if stronger(potency, limit.routine):
        trace.warn("potency_brief_only", potency=words, course=limit.brief_course, limit=limit.text,
                   only_sources=limit.sources)
    return False


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
        ids = list(flag.therapies) + steroid_for(scenario, band, content) + ["emollients"]
        return flag.stage, options_for(ids, content, scenario, band, trace)
    return None


def _maintenance(scenario: Scenario, band: Band, content: Content, trace: Trace):
    options = options_for(["proactive_tcs", "proactive_tacrolimus", "emollients"], content, scenario, band, trace)
    alternatives = []
    if "phototherapy" in scenario.tried and scenario.phototherapy_access:
        rule = trace.line("maintenance_phototherapy")
        alternatives.append(Alternative(stage="phototherapy", document="doc_003", text=rule.text,
                                        sources=rule.sources,
                                        options=options_for(["nb_uvb"], content, scenario, band, None)))
    return options, alternatives


def _decide(scenario: Scenario, band: Band, content: Content, trace: Trace):
    """Returns stage, options, alternatives, whether the trial is adequate, and whether the ladder is exhausted."""
    adequate = not adequacy_shortfalls(scenario, band, content)
    flagged = _red_flags(scenario, band, content, trace)
    if flagged is not None:
        return flagged[0], flagged[1], [], adequate, False

    if scenario.controlled or skin_clear(scenario.scorad, content):
        trace.because("controlled_maintenance" if scenario.controlled else "skin_clear")
        options, alternatives = _maintenance(scenario, band, content, trace)
        return "maintenance", options, alternatives, adequate, False

    shortfalls = adequacy_shortfalls(scenario, band, content)
    if shortfalls:
        for rule_id in shortfalls:
            trace.because(rule_id)
        ids = steroid_for(scenario, band, content) + ["emollients"]
        return "verify_adequacy", options_for(ids, content, scenario, band, trace), [], adequate, False
    trace.because("adequacy_confirmed")

    signs = set(scenario.signs)
    if signs & {"contact_dermatitis_suspected", "atypical_presentation"}:
        ids = []
        if "contact_dermatitis_suspected" in signs:
            trace.because("contact_dermatitis")
            ids.append("patch_testing")
        if "atypical_presentation" in signs:
            trace.because("atypical_presentation")
        ids += steroid_for(scenario, band, content) + ["emollients"]
        return "complicating_factors", options_for(ids, content, scenario, band, trace), [], adequate, False
    trace.because("no_complicating_factors")

    stage, options, alternatives, exhausted = escalate(scenario, band, content, trace)
    return stage, options, alternatives, adequate, exhausted


def _referral(scenario: Scenario, stage: str, adequate: bool, content: Content, exhausted: bool,
              potency_needs_advice: bool, infant: bool) -> tuple[list[Line], str]:
    reasons: list[str] = []
    if "eczema_herpeticum" in scenario.signs:
        reasons.append("severe_infection")
    if "recurrent_infections" in scenario.signs:
        reasons.append("recurrent_infections")
    if adequate and stage in ESCALATION_STAGES and scenario.weeks_on_treatment >= REFERRAL_WEEKS:
        reasons.append("no_improvement_4_weeks")
    if stage in ("phototherapy", "systemic") or exhausted:
        reasons.append("needs_phototherapy_or_systemic")
    if stage == "specialist_referral":
        reasons.append("specialist_only_treatment")
    if infant and adequate and stage in ESCALATION_STAGES:
        reasons.append("infant_failed_trial")
    if potency_needs_advice:
        reasons.append("potency_beyond_limit")
    if "contact_dermatitis_suspected" in scenario.signs:
        reasons.append("patch_testing")
    if "atypical_presentation" in scenario.signs:
        reasons.append("doubtful_diagnosis")
    criteria = content.referral
    lines = [Line(text=criteria[r].text, sources=list(criteria[r].sources), rule=r) for r in reasons]
    urgency = "same_day" if "severe_infection" in reasons else ("routine" if reasons else "none")
    return lines, urgency


def _timeline(stage: str, content: Content) -> list[TimelineEntry]:
    entries = []
    for item in content.timelines.values():
        if stage not in item.stages:
            continue
        entries.append(TimelineEntry(
            id=item.id, label=item.label, kind=item.kind, min=item.min, max=item.max, unit=item.unit,
            start_weeks=round(item.in_weeks(item.start), 3), min_weeks=round(item.in_weeks(item.min), 3),
            max_weeks=round(item.in_weeks(item.max), 3), open_ended=item.open_ended, text=item.text,
            if_no_response=item.if_no_response, sources=list(item.sources),
        ))
    return sorted(entries, key=lambda e: (e.start_weeks, e.max_weeks))


def _avoid(stage: str, options: list[Option], alternatives: list[Alternative], content: Content,
           trace: Trace) -> list[str]:
    """The "never" list for this plan; a pair it forbids that the plan holds raises a warning."""
    ids = {o.id for o in options} | {o.id for a in alternatives for o in a.options}
    names = {o.id: o.name for o in options} | {o.id: o.name for a in alternatives for o in a.options}
    avoid = []
    for item in content.avoid.values():
        when = item.when
        present = [sorted(set(group) & ids) for group in when.together]
        conflict = bool(present) and all(present)
        if when.always or stage in when.stages or set(when.therapies) & ids or conflict:
            avoid.append(item.id)
        if conflict:
            line = trace.line("avoid_conflict", first=names[present[0][0]], second=names[present[1][0]],
                              title=item.title, text=item.text, only_sources=item.sources)
            trace.add_warning(line.model_copy(update={"rule": f"avoid:{item.id}"}))
    return avoid


def recommend(scenario: Scenario | dict, content: Content | None = None) -> Recommendation:
    """The recommended next step for a scenario, with options, alternatives, referral and a cited trace."""
    if not isinstance(scenario, Scenario):
        scenario = Scenario.model_validate(scenario)
    content = content or default_content()
    band = severity_band(scenario.scorad)
    ages = age_band(content, scenario.age_years)
    trace = Trace(content, scenario, band, ages)
    trace.because("band")

    potency_needs_advice = _potency_lines(scenario, band, content, trace)
    stage, options, alternatives, adequate, exhausted = _decide(scenario, band, content, trace)
    refer_reasons, urgency = _referral(scenario, stage, adequate, content, exhausted, potency_needs_advice,
                                       ages.id == "infant")
    pitfalls = [p.id for p in content.pitfalls.values() if stage in p.stages]
    avoid = _avoid(stage, options, alternatives, content, trace)
    return Recommendation(
        severity_band=band, age_band=ages.id, stage=stage, options=options, alternatives=alternatives,
        red_flags=[f for f in ("eczema_herpeticum", "bacterial_infection") if f in scenario.signs],
        refer=bool(refer_reasons), refer_urgency=urgency, refer_reasons=refer_reasons, warnings=trace.warnings,
        avoid=avoid, pitfalls=pitfalls, why=trace.why, expected_timeline=_timeline(stage, content),
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
