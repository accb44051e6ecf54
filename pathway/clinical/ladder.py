"""Escalation: climbing the documents' ladders (content/ladders.yaml) to the first rung this patient
can use, turning to the other document's unused rungs when one ladder is exhausted or barred, and
referring when only specialist-only rungs remain.

The ladder that leads for the patient's site is primary (document 003 for the back, document 000
elsewhere); the other document's first usable rung is returned as an alternative. Which rungs exist,
their order, their severity bands, their therapies and the why-lines they add are all content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pathway.clinical.base import Band
from pathway.clinical.content import Content
from pathway.clinical.ladder_models import WRAP_STEROID, Rung, any_holds
from pathway.clinical.limits import age_band
from pathway.clinical.options import options_for
from pathway.clinical.scenario import Alternative, Option, Scenario
from pathway.clinical.steroids import steroid_therapies, wrap_requirement
from pathway.clinical.trace import Trace


@dataclass
class Escalation:
    """Where the ladder lands: the stage, its options and alternatives, and what the referral needs to know."""

    stage: str
    options: list[Option]
    alternatives: list[Alternative] = field(default_factory=list)
    adequate: bool = True  # the steroid trial was fair
    exhausted: bool = False  # every rung tried or barred, nothing left even for a specialist to list
    specialist_skipped: bool = False  # a specialist-only rung was passed over on the way here
    source: str | None = None  # the document whose ladder gave the stage


def ladder(document: str, band: Band, content: Content) -> list[str]:
    """The stages of a document's rungs for this severity band, in the document's order."""
    return [rung.stage for rung in content.ladders[document].rungs if band in rung.severity]


def _ages(scenario: Scenario, content: Content) -> str:
    return age_band(content, scenario.age_years).id


def _rung_items(stage: str, scenario: Scenario, band: Band, content: Content, document: str) -> list[tuple[str, bool]]:
    rung = content.ladders[document].rung(stage)
    if rung is None:
        raise ValueError(f"document {document} has no rung {stage}")
    ages = _ages(scenario, content)
    items: list[tuple[str, bool]] = []
    for item in rung.therapies:
        if not any_holds(item.when, scenario, ages, band):
            continue
        if item.id == WRAP_STEROID:
            items += [
                (i, item.supporting) for i in steroid_therapies(wrap_requirement(scenario, band, content), content)
            ]
        else:
            items.append((item.id, item.supporting))
    return items


def rung_therapies(stage: str, scenario: Scenario, band: Band, content: Content, document: str) -> list[str]:
    """Therapy ids for one rung, as the given document frames it, for this patient."""
    return [i for i, _ in _rung_items(stage, scenario, band, content, document)]


def own_therapies(stage: str, scenario: Scenario, band: Band, content: Content, document: str) -> list[str]:
    """The rung's own therapies (not those that only go with it, such as the steroid under wraps)."""
    return [i for i, supporting in _rung_items(stage, scenario, band, content, document) if not supporting]


def rung_options(
    stage: str, scenario: Scenario, band: Band, content: Content, document: str, trace: Trace | None
) -> list[Option]:
    """The rung's options; empty when none of the rung's own therapies may be given (the steroid and
    emollient only go with the wraps, so wet wraps without the wraps are not a rung)."""
    options = options_for(rung_therapies(stage, scenario, band, content, document), content, scenario, band, trace)
    own = set(own_therapies(stage, scenario, band, content, document))
    if not any(o.id in own for o in options):
        return []
    return options


def usable(stage: str, options: list[Option], scenario: Scenario, band: Band, content: Content, document: str) -> bool:
    """One of the rung's own therapies may be given without a specialist."""
    own = set(own_therapies(stage, scenario, band, content, document))
    return any(o.id in own and not o.specialist_only for o in options)


def closed_by(stage: str, scenario: Scenario, band: Band, content: Content, document: str) -> str | None:
    """The rule that closes a document's rung for this patient (ladders.yaml: ``not_for``), if one does."""
    rung = content.ladders[document].rung(stage)
    return None if rung is None else rung.closed_by(scenario, _ages(scenario, content), band)


def _open_rungs(document: str, band: Band, scenario: Scenario, content: Content) -> list[str]:
    return [
        r
        for r in ladder(document, band, content)
        if r not in scenario.tried
        and not (r == "phototherapy" and not scenario.phototherapy_access)
        and closed_by(r, scenario, band, content, document) is None
    ]


def first_usable(
    document: str, band: Band, scenario: Scenario, content: Content, trace: Trace | None = None
) -> tuple[str | None, list[Option], list[str]]:
    """The first rung not yet tried with an option this patient can have without a specialist, and
    the rungs passed over on the way because only a specialist could give them.

    With a trace, a rung emptied by a limit says why in the warnings.
    """
    specialist_rungs: list[str] = []
    for rung in _open_rungs(document, band, scenario, content):
        options = rung_options(rung, scenario, band, content, document, None)
        if usable(rung, options, scenario, band, content, document):
            return rung, options, specialist_rungs
        if options:
            specialist_rungs.append(rung)
        if trace is not None:
            rung_options(rung, scenario, band, content, document, trace)  # records the exclusions
    return None, [], specialist_rungs


def specialist_options(
    band: Band, scenario: Scenario, content: Content, documents: tuple[str, str], trace: Trace
) -> list[Option]:
    """Every specialist-only option left on either ladder (what a specialist may consider)."""
    found: dict[str, Option] = {}
    for document in documents:
        for rung in _open_rungs(document, band, scenario, content):
            for option in rung_options(rung, scenario, band, content, document, trace):
                if option.specialist_only:
                    found.setdefault(option.id, option)
    return list(found.values())


def documents_for(scenario: Scenario, content: Content) -> tuple[str, str]:
    """(primary, other): the ladder that leads for this site, then the other one."""
    primary = content.ladder_leading(scenario.site).document
    other = next(doc for doc in content.ladders if doc != primary)
    return primary, other


def escalate(scenario: Scenario, band: Band, content: Content, trace: Trace) -> Escalation:
    """The next rung: primary ladder, the other document's unused rungs, then a specialist referral."""
    primary, other = documents_for(scenario, content)
    trace.because(content.ladders[primary].rule)
    if scenario.tried:
        trace.because("already_tried", tried=", ".join(t.replace("_", " ") for t in scenario.tried))
    if not scenario.phototherapy_access and "phototherapy" not in scenario.tried:
        trace.because("phototherapy_no_access")
    closing = {
        closed_by(r, scenario, band, content, doc)
        for doc in (primary, other)
        for r in ladder(doc, band, content)
        if r not in scenario.tried
    }
    for rule in sorted(r for r in closing if r is not None):
        trace.because(rule)

    source = primary
    stage, _, skipped = first_usable(primary, band, scenario, content, trace)
    if stage is None:
        stage, _, more = first_usable(other, band, scenario, content, trace)
        skipped += more
        source = other
        if stage is not None:
            trace.because(
                "fallback_other_document", primary=primary.removeprefix("doc_"), other=other.removeprefix("doc_")
            )
    if stage is None:
        specialist = specialist_options(band, scenario, content, (primary, other), trace)
        if specialist:
            trace.because("specialist_only_next", names=", ".join(o.name for o in specialist))
            return Escalation(
                "specialist_referral", specialist + options_for(["emollients"], content, scenario, band, None)
            )
        trace.because("topicals_exhausted_review")
        ages = _ages(scenario, content)
        ids = [item.id for item in content.exhausted if any_holds(item.when, scenario, ages, band)]
        return Escalation("complicating_factors", options_for(ids, content, scenario, band, trace), exhausted=True)
    for rung in dict.fromkeys(skipped):
        trace.because("specialist_rung_skipped", stage=content.stage_title(rung))
    options = rung_options(stage, scenario, band, content, source, trace)
    explain_rung(content.ladders[source].rung(stage), scenario, band, content, trace)
    alternatives: list[Alternative] = []
    if source == primary:
        alt_stage, alt_options, _ = first_usable(other, band, scenario, content)
        if alt_stage is not None and alt_stage != stage:
            alternatives.append(_alternative(alt_stage, alt_options, other, content, trace))
    return Escalation(stage, options, alternatives, specialist_skipped=bool(skipped), source=source)


def _alternative(stage: str, options: list[Option], document: str, content: Content, trace: Trace) -> Alternative:
    rule = trace.line(
        "alternative_other_document",
        stage=content.stage_title(stage),
        document=content.documents[document].title,
        number=document.removeprefix("doc_"),
    )
    sources = list(
        dict.fromkeys(rule.sources + [s for o in options for s in o.sources if content.document_of(s) == document])
    )
    return Alternative(stage=stage, document=document, text=rule.text, sources=sources, options=options)


def explain_rung(rung: Rung | None, scenario: Scenario, band: Band, content: Content, trace: Trace) -> None:
    """The rung's own why-lines and warnings (ladders.yaml), those whose conditions hold."""
    if rung is None:
        return
    ages = _ages(scenario, content)
    for line in rung.because:
        if any_holds(line.when, scenario, ages, band):
            trace.because(line.rule)
    for line in rung.warn:
        if any_holds(line.when, scenario, ages, band):
            trace.warn(line.rule)
