"""Options for a rung: therapies from the content, kept or left out by their own limits, with the
dose this patient may be shown (or why none is), their cautions, and the steroid a site and age allow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from pathway.clinical.base import Band
from pathway.clinical.content import Content
from pathway.clinical.dosing import DoseResult, amount_range, dose_for
from pathway.clinical.limits import Finding, TherapyCheck, age_band, check_therapy, potency_limit
from pathway.clinical.models import Dose, Therapy
from pathway.clinical.scenario import Line, Option, Scenario
from pathway.clinical.trace import Trace


def _line(finding: Finding) -> Line:
    return Line(text=finding.text, sources=list(finding.sources), rule=finding.rule)


def _specialist_option(therapy: Therapy, check: TherapyCheck) -> Option:
    """A referral, not a prescription: what the specialist may consider, with no protocol and no dose."""
    reasons = " ".join(f.text for f in check.specialist)
    sources = list(dict.fromkeys(therapy.sources + [s for f in check.specialist for s in f.sources]))
    return Option(
        id=therapy.id,
        name=therapy.name,
        therapy_class=therapy.therapy_class,
        strength=therapy.strength,
        regimen=f"Specialist only here: refer. {reasons}",
        sources=sources,
        specialist_only=True,
        cautions=[_line(f) for f in check.specialist + check.cautions],
    )


def course_words(therapy: Therapy, scenario: Scenario, content: Content) -> tuple[str | None, list[str]]:
    """How long this patient may use the therapy: the course the age and site allow when they limit it
    (never longer than the therapy's usual course says), else the therapy's usual course."""
    usual = therapy.usual_course
    limit = potency_limit(content, age_band(content, scenario.age_years).id, scenario.site)
    if therapy.potency_uk is not None and not therapy.long_term:
        course = limit.course_for(therapy.potency_uk)
        if course is not None:
            return (
                f"At this age and site a course lasts {course[0]}; judge it at the end of that course.",
                list(limit.sources),
            )
    return (usual.text, list(usual.sources)) if usual else (None, [])


def build_option(
    therapy: Therapy, scenario: Scenario, content: Content, check: TherapyCheck, trace: Trace | None
) -> Option:
    if check.specialist_only:
        return _specialist_option(therapy, check)
    course, course_sources = course_words(therapy, scenario, content)
    dose = dose_for(therapy, scenario.weight_kg, scenario.age_years, content) if therapy.dose else None
    daily = dose.daily if dose is not None and cast(Dose, therapy.dose).per_kg else None  # dose set: therapy.dose is
    warning = (
        dose.problem if dose is not None and dose.reason in ("child", "implausible_weight", "no_ceiling") else None
    )
    if trace is not None and dose is not None:
        _explain_dose(therapy, scenario, dose, trace)
    notes = [therapy.dose.note] if therapy.dose and therapy.dose.note and dose and dose.text else []
    return Option(
        id=therapy.id,
        name=therapy.name,
        therapy_class=therapy.therapy_class,
        strength=therapy.strength,
        regimen=therapy.regimen.text,
        course=course,
        sources=list(dict.fromkeys(therapy.regimen.sources + course_sources + therapy.sources)),
        daily_dose_mg=daily,
        dose=dose.text if dose else None,
        dose_note=dose.note if dose else None,
        dose_warning=warning,
        notes=notes,
        cautions=[_line(f) for f in check.cautions],
        warnings=[Line(text=w.text, sources=list(w.sources), rule=f"warning:{therapy.id}") for w in therapy.warnings],
    )


def _explain_dose(therapy: Therapy, scenario: Scenario, dose: DoseResult, trace: Trace) -> None:
    weight = f"{scenario.weight_kg:g}" if scenario.weight_kg is not None else ""
    if dose.reason == "child":
        trace.warn("child_dose_by_specialist", name=therapy.name, limit=dose.problem, only_sources=list(dose.sources))
    elif dose.reason in ("implausible_weight", "no_ceiling"):
        trace.add_warning(
            Line(
                text=dose.problem,
                sources=list(dose.sources),
                rule="weight_implausible" if dose.reason == "implausible_weight" else "no_dose_ceiling",
            )
        )
    elif dose.daily:
        low, high = dose.daily
        source = cast(Dose, therapy.dose)  # a daily dose is worked out from the therapy's own dose
        if dose.note:
            kg = cast(float, scenario.weight_kg)  # a capped dose was worked out for a weight
            trace.warn(
                "dose_capped",
                name=therapy.name,
                range=dose.text,
                weight=weight,
                low=f"{round(source.min * kg, 1):g}",
                high=f"{round(source.max * kg, 1):g}",
                max=f"{high:g}",
                only_sources=list(dose.sources),
            )
        trace.because(
            "weight_based_dose",
            name=therapy.name,
            weight=weight,
            daily=amount_range(low, high),
            range=dose.text,
            only_sources=source.sources,
        )


def eligible(
    therapy: Therapy, scenario: Scenario, band: Band, content: Content
) -> tuple[TherapyCheck | None, Finding | None]:
    """The therapy's limit check when it may be offered (perhaps only by a specialist), else the first
    reason it may not (a therapy left out is explained once, by its first reason)."""
    if band not in therapy.severity:
        basis = therapy.severity_basis
        text = basis.text if basis else f"Meant for {', '.join(therapy.severity)} disease."
        return None, Finding(
            rule="severity_excluded", text=text, sources=list(basis.sources if basis else therapy.regimen.sources)
        )
    check = check_therapy(therapy, scenario, content)
    if not check.allowed:
        return None, check.excluded[0]
    return check, None


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def options_for(
    ids: Iterable[str], content: Content, scenario: Scenario, band: Band, trace: Trace | None
) -> list[Option]:
    """The options among ``ids`` this patient may have; with a trace, one warning per reason for those
    left out, naming every therapy it leaves out."""
    out: list[Option] = []
    left_out: dict[tuple[str, str], tuple[Finding, list[str]]] = {}
    for therapy_id in dict.fromkeys(ids):
        therapy = content.therapies[therapy_id]
        check, reason = eligible(therapy, scenario, band, content)
        if check is not None:
            out.append(build_option(therapy, scenario, content, check, trace))
        elif reason is not None:
            left_out.setdefault((reason.rule.split(":")[0] + reason.text, reason.text), (reason, []))[1].append(
                therapy.name
            )
    if trace is not None:
        for reason, names in left_out.values():
            rule = "severity_excluded" if reason.rule == "severity_excluded" else "limit_excluded"
            line = trace.line(rule, name=_names(names), limit=reason.text, only_sources=reason.sources)
            trace.add_warning(line.model_copy(update={"rule": reason.rule if len(names) == 1 else rule}))
    return out
