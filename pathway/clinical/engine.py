"""The decision engine: a scenario in, a cited recommendation out.

Pure and deterministic. The clinical wording, regimens, sources, pitfalls and timelines all come
from the content; this module holds only the order in which the two documents' rules apply:

1. red flags (eczema herpeticum pre-empts everything; bacterial infection is treated first),
2. maintenance once the disease is controlled,
3. is the steroid trial adequate (potency for the site, twice daily, at least 2 weeks, adherence)?
4. complicating factors (suspected contact dermatitis, atypical or adult-onset presentation),
5. escalation by severity band and by what has been tried, following document 000's ladder, or
   document 003's for the back, with the other document's choice returned as an alternative.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from pathway.clinical.content import Content, load_content
from pathway.clinical.models import Stage, Therapy
from pathway.clinical.scenario import (
    Alternative,
    Band,
    Line,
    Option,
    Recommendation,
    Scenario,
    TimelineEntry,
)

from pathway.clinical.contract import (
    ADEQUATE_WEEKS, ALWAYS_AVOID, PHOTOTHERAPY_IDS, POTENCY_RANK, REFERRAL_WEEKS, SYSTEMIC_IMMUNOMODULATORS, TCI_IDS,
)


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


def required_potency(scenario: Scenario, band: Band) -> tuple[str, str]:
    """Minimum steroid potency for the site and severity, with the rule that sets it."""
    if scenario.sensitive_site:
        return "low", "adequacy_potency_sensitive"
    if scenario.site == "back":
        return "high", "adequacy_potency_back"
    if band == "severe":
        return "high", "adequacy_potency_severe"
    return "medium", "adequacy_potency_trunk_limbs"


def adequacy_shortfalls(scenario: Scenario, band: Band) -> list[str]:
    """Rule ids of every way the current steroid trial falls short (empty when adequate)."""
    needed, potency_rule = required_potency(scenario, band)
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


class _Trace:
    """Collects the why-lines and warnings, each carrying the sources of its rule."""

    def __init__(self, content: Content, scenario: Scenario, band: Band):
        self.content = content
        self.facts = {
            "scorad": f"{scenario.scorad:g}",
            "band": band,
            "site": scenario.site,
            "weeks": f"{scenario.weeks_on_treatment:g}",
            "age": _age_text(scenario.age_years),
        }
        self.why: list[Line] = []
        self.warnings: list[Line] = []
        self.ladder_exhausted = False  # every rung tried or barred: specialist care is the way on

    def line(self, rule_id: str, **extra: str) -> Line:
        rule = self.content.rules[rule_id]
        only = extra.pop("only_sources", None)
        sources = list(only) if only else list(rule.sources)
        extra_sources = extra.pop("sources", None)
        if extra_sources:
            sources += [s for s in extra_sources if s not in sources]
        return Line(text=rule.text.format(**self.facts, **extra), sources=sources)

    def because(self, rule_id: str, **extra) -> None:
        self.why.append(self.line(rule_id, **extra))

    def warn(self, rule_id: str, **extra) -> None:
        line = self.line(rule_id, **extra)
        if line not in self.warnings:
            self.warnings.append(line)


def _age_text(age_years: float) -> str:
    if age_years < 2:
        return f"{age_years * 12:.0f} months"
    return f"{age_years:g} years"


def _option(therapy: Therapy, scenario: Scenario, trace: _Trace | None = None) -> Option:
    daily = None
    dose_text = None
    notes: list[str] = []
    if therapy.dose is not None:
        dose = therapy.dose
        dose_text = f"{dose.min:g}-{dose.max:g} {dose.unit}"
        if dose.per_kg and scenario.weight_kg is not None:
            daily = (round(dose.min * scenario.weight_kg, 1), round(dose.max * scenario.weight_kg, 1))
            if trace is not None:
                trace.because(
                    "weight_based_dose", name=therapy.name, weight=f"{scenario.weight_kg:g}",
                    low=f"{daily[0]:g}", high=f"{daily[1]:g}", range=dose_text, only_sources=dose.sources,
                )
        if dose.note:
            notes.append(dose.note)
    return Option(
        id=therapy.id,
        name=therapy.name,
        therapy_class=therapy.therapy_class,
        strength=therapy.strength,
        regimen=therapy.regimen.text,
        sources=list(dict.fromkeys(therapy.regimen.sources + therapy.sources)),
        daily_dose_mg=daily,
        dose=dose_text,
        notes=notes,
    )


def _eligible(therapy: Therapy, scenario: Scenario, band: Band, trace: _Trace | None) -> bool:
    """Age, immune status and severity limits from the content; explains each exclusion."""
    limit = therapy.age_limit
    if limit is not None and scenario.age_months < limit.min_months:
        if trace is not None:
            trace.warn("age_excluded", name=therapy.name, limit=_age_text(limit.min_months / 12),
                       only_sources=limit.sources)
        return False
    if scenario.immunocompromised and therapy.not_if_immunocompromised:
        if trace is not None:
            trace.warn("immunocompromised_excluded", name=therapy.name,
                       only_sources=therapy.not_if_immunocompromised)
        return False
    if band not in therapy.severity:
        if trace is not None:
            trace.warn("severity_excluded", name=therapy.name,
                       bands=", ".join(therapy.severity), only_sources=therapy.regimen.sources)
        return False
    return True


def _options(ids: Iterable[str], content: Content, scenario: Scenario, band: Band,
             trace: _Trace | None) -> list[Option]:
    out = []
    for therapy_id in ids:
        therapy = content.therapies[therapy_id]
        if _eligible(therapy, scenario, band, trace):
            out.append(_option(therapy, scenario, trace))
    return out


def _steroid_for(scenario: Scenario, band: Band) -> list[str]:
    needed, _ = required_potency(scenario, band)
    if needed == "high":
        return ["tcs_high"]
    if needed == "medium":
        return ["tcs_medium"]
    return []


def _tci_ids(scenario: Scenario, document: str) -> list[str]:
    if document == "doc_003":
        return ["pimecrolimus_1"]
    tacrolimus = "tacrolimus_0.1" if scenario.age_years >= 18 and not scenario.sensitive_site else "tacrolimus_0.03"
    return [tacrolimus, "pimecrolimus_1"]


def _rung_options(stage: str, scenario: Scenario, band: Band, content: Content, document: str,
                  trace: _Trace | None) -> list[Option]:
    """Options for one escalation rung, as the given document frames it."""
    if stage == "wet_wrap":
        ids = ["wet_wrap"] + ["tcs_high" if band == "severe" or scenario.site == "back" else "tcs_medium"]
        return _options(ids + ["emollients"], content, scenario, band, trace)
    if stage == "topical_calcineurin_inhibitor":
        return _options(_tci_ids(scenario, document), content, scenario, band, trace)
    if stage == "newer_topicals":
        return _options(["ruxolitinib_cream", "crisaborole"], content, scenario, band, trace)
    if stage == "phototherapy":
        ids = ["nb_uvb"] if document == "doc_003" else ["nb_uvb", "bb_uvb", "uva"]
        return _options(ids, content, scenario, band, trace)
    if stage == "systemic":
        ids = ["dupilumab"] if document == "doc_000" else []
        if scenario.qol_impact:
            ids = list(SYSTEMIC_IMMUNOMODULATORS) + (["dupilumab"] if document == "doc_000" else [])
        return _options(ids, content, scenario, band, trace)
    raise ValueError(f"not an escalation stage: {stage}")


def _ladder(document: str, band: Band, scenario: Scenario) -> list[str]:
    """Escalation rungs in the order the document gives them."""
    if document == "doc_003":
        rungs = ["phototherapy"] if band != "mild" else []
        return rungs + ["topical_calcineurin_inhibitor", "systemic"]
    rungs = ["wet_wrap"] if band != "mild" else []
    rungs.append("topical_calcineurin_inhibitor")
    if band != "severe":
        rungs.append("newer_topicals")
    return rungs + ["phototherapy", "systemic"]


def _first_available(document: str, band: Band, scenario: Scenario, content: Content,
                     trace: _Trace | None = None) -> tuple[str | None, list[Option]]:
    """The first rung not yet tried that has an option this patient can have.

    With a trace, a rung emptied by an age, immune or severity limit says why in the warnings.
    """
    for rung in _ladder(document, band, scenario):
        if rung in scenario.tried:
            continue
        if rung == "phototherapy" and not scenario.phototherapy_access:
            continue
        options = _rung_options(rung, scenario, band, content, document, None)
        if options:
            return rung, options
        if trace is not None:
            _rung_options(rung, scenario, band, content, document, trace)  # records the exclusions
    return None, []


def _escalate(scenario: Scenario, band: Band, content: Content, trace: _Trace) -> tuple[str, list[Option], list[Alternative]]:
    primary_doc = "doc_003" if scenario.site == "back" else "doc_000"
    other_doc = "doc_000" if primary_doc == "doc_003" else "doc_003"
    trace.because("ladder_003_back" if primary_doc == "doc_003" else "ladder_000")
    if scenario.tried:
        trace.because("already_tried", tried=", ".join(t.replace("_", " ") for t in scenario.tried))
    if not scenario.phototherapy_access and "phototherapy" not in scenario.tried:
        trace.because("phototherapy_no_access")

    stage, _ = _first_available(primary_doc, band, scenario, content, trace)
    if stage is None:
        trace.because("topicals_exhausted_review")
        trace.ladder_exhausted = True
        return "complicating_factors", _options(["patch_testing", "emollients"], content, scenario, band, trace), []

    options = _rung_options(stage, scenario, band, content, primary_doc, trace)
    _explain_rung(stage, scenario, band, primary_doc, trace)

    alternatives: list[Alternative] = []
    alt_stage, alt_options = _first_available(other_doc, band, scenario, content)
    if alt_stage is not None and alt_stage != stage:
        step = content.step_for_stage(alt_stage)
        rule = trace.line("alternative_other_document", stage=step.title if step else alt_stage,
                          document=content.documents[other_doc].title, number=other_doc.removeprefix("doc_"))
        alt_sources = list(dict.fromkeys(rule.sources + [s for o in alt_options for s in o.sources
                                                         if content.document_of(s) == other_doc]))
        alternatives.append(Alternative(stage=alt_stage, document=other_doc, text=rule.text,
                                        sources=alt_sources, options=alt_options))
        if {alt_stage, stage} == {"phototherapy", "topical_calcineurin_inhibitor"}:
            trace.warn("tci_not_with_phototherapy")
    return stage, options, alternatives


def _explain_rung(stage: str, scenario: Scenario, band: Band, document: str, trace: _Trace) -> None:
    if stage == "wet_wrap":
        trace.because("wet_wrap_moderate_severe")
    elif stage == "topical_calcineurin_inhibitor":
        if document == "doc_003":
            trace.because("tci_003_pimecrolimus")
        else:
            trace.because("tci_add")
            if scenario.age_years < 18:
                trace.because("tci_strength_child")
            elif scenario.sensitive_site:
                trace.because("tci_strength_sensitive")
            else:
                trace.because("tci_strength_adult")
    elif stage == "newer_topicals":
        trace.because("newer_topicals_mild_moderate")
    elif stage == "phototherapy":
        trace.because("phototherapy_before_systemic")
        trace.warn("tci_not_with_phototherapy")
    elif stage == "systemic":
        trace.because("systemic_qol" if scenario.qol_impact else "systemic_no_qol")
        if document == "doc_000":
            trace.because("dupilumab_indication")
        if scenario.qol_impact and scenario.age_years >= 18:
            trace.warn("cyclosporine_adult_range")


def _referral(scenario: Scenario, stage: str, adequate: bool, content: Content,
              ladder_exhausted: bool = False) -> tuple[list[Line], str]:
    criteria = content.referral
    reasons: list[str] = []
    if "eczema_herpeticum" in scenario.signs:
        reasons.append("severe_infection")
    if adequate and not scenario.controlled and scenario.weeks_on_treatment >= REFERRAL_WEEKS:
        reasons.append("no_improvement_4_weeks")
    if stage in ("phototherapy", "systemic") or ladder_exhausted:
        reasons.append("needs_phototherapy_or_systemic")
    if "contact_dermatitis_suspected" in scenario.signs:
        reasons.append("patch_testing")
    if "atypical_presentation" in scenario.signs:
        reasons.append("doubtful_diagnosis")
    lines = [Line(text=criteria[r].text, sources=list(criteria[r].sources)) for r in reasons]
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


def _avoid(stage: str, options: list[Option], alternatives: list[Alternative]) -> list[str]:
    ids = {o.id for o in options} | {o.id for a in alternatives for o in a.options}
    avoid = list(ALWAYS_AVOID)
    if stage == "phototherapy" or ids & set(PHOTOTHERAPY_IDS):
        avoid.append("tci_during_phototherapy")
    if stage == "maintenance" or "tcs_high" in ids:
        avoid.append("long_term_high_potency_tcs")
    if "wet_wrap" in ids:
        avoid.append("wet_wrap_beyond_14_days")
    if ids & set(TCI_IDS):
        avoid.append("continuous_tci")
    return avoid


def _decide(scenario: Scenario, band: Band, content: Content, trace: _Trace) -> tuple[str, list[Option], list[Alternative], bool, list[str]]:
    """Returns stage, options, alternatives, whether the steroid trial is adequate, red flags."""
    signs = set(scenario.signs)
    red_flags = [rf for rf in ("eczema_herpeticum", "bacterial_infection") if rf in signs]
    shortfalls = adequacy_shortfalls(scenario, band)
    adequate = not shortfalls

    if "eczema_herpeticum" in signs:
        trace.because("herpeticum_first")
        if "bacterial_infection" in signs:
            trace.because("herpeticum_with_infection")
        flag = content.red_flags["eczema_herpeticum"]
        return flag.stage, _options(flag.therapies, content, scenario, band, trace), [], adequate, red_flags

    if "bacterial_infection" in signs:
        trace.because("infection_before_escalation")
        trace.because("infection_continue_tcs")
        trace.warn("infection_nice")
        flag = content.red_flags["bacterial_infection"]
        ids = list(flag.therapies) + _steroid_for(scenario, band) + ["emollients"]
        return flag.stage, _options(ids, content, scenario, band, trace), [], adequate, red_flags

    if scenario.controlled:
        trace.because("controlled_maintenance")
        options = _options(["proactive_tcs", "proactive_tacrolimus", "emollients"], content, scenario, band, trace)
        alternatives = []
        if "phototherapy" in scenario.tried and scenario.phototherapy_access:
            rule = trace.line("maintenance_phototherapy")
            alternatives.append(Alternative(stage="phototherapy", document="doc_003", text=rule.text,
                                            sources=rule.sources,
                                            options=_options(["nb_uvb"], content, scenario, band, None)))
        return "maintenance", options, alternatives, adequate, red_flags

    if shortfalls:
        for rule_id in shortfalls:
            trace.because(rule_id)
        ids = _steroid_for(scenario, band) + ["emollients"]
        return "verify_adequacy", _options(ids, content, scenario, band, trace), [], adequate, red_flags
    trace.because("adequacy_confirmed")

    complicating = [s for s in ("contact_dermatitis_suspected", "atypical_presentation") if s in signs]
    if complicating:
        ids = []
        if "contact_dermatitis_suspected" in signs:
            trace.because("contact_dermatitis")
            ids.append("patch_testing")
        if "atypical_presentation" in signs:
            trace.because("atypical_presentation")
        ids += _steroid_for(scenario, band) + ["emollients"]
        return "complicating_factors", _options(ids, content, scenario, band, trace), [], adequate, red_flags
    trace.because("no_complicating_factors")

    stage, options, alternatives = _escalate(scenario, band, content, trace)
    return stage, options, alternatives, adequate, red_flags


def recommend(scenario: Scenario | dict, content: Content | None = None) -> Recommendation:
    """The recommended next step for a scenario, with options, alternatives, referral and a cited trace."""
    if not isinstance(scenario, Scenario):
        scenario = Scenario.model_validate(scenario)
    content = content or default_content()
    band = severity_band(scenario.scorad)
    trace = _Trace(content, scenario, band)
    trace.because("band")

    stage, options, alternatives, adequate, red_flags = _decide(scenario, band, content, trace)
    refer_reasons, urgency = _referral(scenario, stage, adequate, content, trace.ladder_exhausted)
    pitfalls = [p.id for p in content.pitfalls.values() if stage in p.stages]
    return Recommendation(
        severity_band=band,
        stage=stage,
        options=options,
        alternatives=alternatives,
        red_flags=red_flags,
        refer=bool(refer_reasons),
        refer_urgency=urgency,
        refer_reasons=refer_reasons,
        warnings=trace.warnings,
        avoid=_avoid(stage, options, alternatives),
        pitfalls=pitfalls,
        why=trace.why,
        expected_timeline=_timeline(stage, content),
    )


@lru_cache(maxsize=1)
def default_content() -> Content:
    """The bundled content, loaded once per process."""
    return load_content()


STAGE_ORDER: tuple[Stage, ...] = (
    "eczema_herpeticum", "treat_infection", "verify_adequacy", "complicating_factors", "wet_wrap",
    "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy", "systemic", "specialist_referral", "maintenance",
)
