"""Escalation: the rungs of each document's ladder, the first one this patient can use, the other
document's unused rungs when one ladder is exhausted or barred, and a specialist referral when only
specialist-only rungs remain.

Document 000's ladder is primary everywhere but the back, where document 003 (written for the back)
leads; the other document's first usable rung is returned as an alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pathway.clinical.content import Content
from pathway.clinical.options import options_for, wrap_steroid
from pathway.clinical.scenario import Alternative, Band, Option, Scenario
from pathway.clinical.trace import Trace

SYSTEMIC_IMMUNOMODULATORS = ("cyclosporine", "azathioprine", "methotrexate", "mycophenolate")


@dataclass
class Escalation:
    """Where the ladder lands: the stage, its options and alternatives, and what the referral needs to know."""

    stage: str
    options: list[Option]
    alternatives: list[Alternative] = field(default_factory=list)
    adequate: bool = True  # the steroid trial was fair
    exhausted: bool = False  # every rung tried or barred, nothing left even for a specialist to list
    specialist_skipped: bool = False  # a specialist-only rung was passed over on the way here


def ladder(document: str, band: Band) -> list[str]:
    """Escalation rungs in the order the document gives them."""
    if document == "doc_003":
        rungs = ["phototherapy"] if band != "mild" else []
        return rungs + ["topical_calcineurin_inhibitor", "systemic"]
    rungs = ["wet_wrap"] if band != "mild" else []
    rungs.append("topical_calcineurin_inhibitor")
    if band != "severe":
        rungs.append("newer_topicals")
    return rungs + ["phototherapy", "systemic"]


def _tci_ids(scenario: Scenario, document: str) -> list[str]:
    if document == "doc_003":
        return ["pimecrolimus_1"]
    adult_body = scenario.age_years >= 18 and not scenario.sensitive_site
    return ["tacrolimus_0.1" if adult_body else "tacrolimus_0.03", "pimecrolimus_1"]


def rung_therapies(stage: str, scenario: Scenario, band: Band, content: Content, document: str) -> list[str]:
    """Therapy ids for one escalation rung, as the given document frames it."""
    if stage == "wet_wrap":
        return ["wet_wrap", *wrap_steroid(scenario, band, content), "emollients"]
    if stage == "topical_calcineurin_inhibitor":
        return _tci_ids(scenario, document)
    if stage == "newer_topicals":
        return ["ruxolitinib_cream", "crisaborole"]
    if stage == "phototherapy":
        return ["nb_uvb"] if document == "doc_003" else ["nb_uvb", "bb_uvb", "uva"]
    if stage == "systemic":
        # Document 003 keeps systemic agents for disease with a significant impact on life; when they
        # are offered, dupilumab (document 000, not limited by site) is offered beside them.
        if scenario.qol_impact:
            return list(SYSTEMIC_IMMUNOMODULATORS) + ["dupilumab"]
        return ["dupilumab"] if document == "doc_000" else []
    raise ValueError(f"not an escalation stage: {stage}")


def rung_options(stage: str, scenario: Scenario, band: Band, content: Content, document: str,
                 trace: Trace | None) -> list[Option]:
    """The rung's options; empty when the rung's own treatment is barred (wet wraps without the wraps
    are not a rung: the steroid and emollient only go with them)."""
    options = options_for(rung_therapies(stage, scenario, band, content, document), content, scenario, band, trace)
    if stage == "wet_wrap" and not any(o.id == "wet_wrap" for o in options):
        return []
    return options


def _open_rungs(document: str, band: Band, scenario: Scenario) -> list[str]:
    return [r for r in ladder(document, band)
            if r not in scenario.tried and not (r == "phototherapy" and not scenario.phototherapy_access)]


def first_usable(document: str, band: Band, scenario: Scenario, content: Content,
                 trace: Trace | None = None) -> tuple[str | None, list[Option], list[str]]:
    """The first rung not yet tried with an option this patient can have without a specialist, and
    the rungs passed over on the way because only a specialist could give them.

    With a trace, a rung emptied by a limit says why in the warnings.
    """
    specialist_rungs: list[str] = []
    for rung in _open_rungs(document, band, scenario):
        options = rung_options(rung, scenario, band, content, document, None)
        if any(not o.specialist_only for o in options):
            return rung, options, specialist_rungs
        if options:
            specialist_rungs.append(rung)
        if trace is not None:
            rung_options(rung, scenario, band, content, document, trace)  # records the exclusions
    return None, [], specialist_rungs


def specialist_options(band: Band, scenario: Scenario, content: Content, documents: tuple[str, str],
                       trace: Trace) -> list[Option]:
    """Every specialist-only option left on either ladder (what a specialist may consider)."""
    found: dict[str, Option] = {}
    for document in documents:
        for rung in _open_rungs(document, band, scenario):
            for option in rung_options(rung, scenario, band, content, document, trace):
                if option.specialist_only:
                    found.setdefault(option.id, option)
    return list(found.values())


def escalate(scenario: Scenario, band: Band, content: Content, trace: Trace) -> Escalation:
    """The next rung: primary ladder, the other document's unused rungs, then a specialist referral."""
    primary = "doc_003" if scenario.site == "back" else "doc_000"
    other = "doc_000" if primary == "doc_003" else "doc_003"
    trace.because("ladder_003_back" if primary == "doc_003" else "ladder_000")
    if scenario.tried:
        trace.because("already_tried", tried=", ".join(t.replace("_", " ") for t in scenario.tried))
    if not scenario.phototherapy_access and "phototherapy" not in scenario.tried:
        trace.because("phototherapy_no_access")

    source = primary
    stage, _, skipped = first_usable(primary, band, scenario, content, trace)
    if stage is None:
        stage, _, more = first_usable(other, band, scenario, content, trace)
        skipped += more
        source = other
        if stage is not None:
            trace.because("fallback_other_document", primary=primary.removeprefix("doc_"),
                          other=other.removeprefix("doc_"))
    if stage is None:
        specialist = specialist_options(band, scenario, content, (primary, other), trace)
        if specialist:
            trace.because("specialist_only_next", names=", ".join(o.name for o in specialist))
            return Escalation("specialist_referral", specialist + _emollients(scenario, band, content))
        trace.because("topicals_exhausted_review")
        return Escalation("complicating_factors", options_for(["patch_testing", "emollients"], content, scenario,
                                                               band, trace), exhausted=True)
    for rung in dict.fromkeys(skipped):
        trace.because("specialist_rung_skipped", stage=content.stage_title(rung).lower())
    options = rung_options(stage, scenario, band, content, source, trace)
    explain_rung(stage, scenario, source, trace)
    alternatives: list[Alternative] = []
    if source == primary:
        alt_stage, alt_options, _ = first_usable(other, band, scenario, content)
        if alt_stage is not None and alt_stage != stage:
            alternatives.append(_alternative(alt_stage, alt_options, other, content, trace))
    return Escalation(stage, options, alternatives, specialist_skipped=bool(skipped))


def _emollients(scenario: Scenario, band: Band, content: Content) -> list[Option]:
    return options_for(["emollients"], content, scenario, band, None)


def _alternative(stage: str, options: list[Option], document: str, content: Content, trace: Trace) -> Alternative:
    rule = trace.line("alternative_other_document", stage=content.stage_title(stage),
                      document=content.documents[document].title, number=document.removeprefix("doc_"))
    sources = list(dict.fromkeys(rule.sources + [s for o in options for s in o.sources
                                                 if content.document_of(s) == document]))
    return Alternative(stage=stage, document=document, text=rule.text, sources=sources, options=options)


def explain_rung(stage: str, scenario: Scenario, document: str, trace: Trace) -> None:
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
        tci_used = "topical_calcineurin_inhibitor" in scenario.tried
        trace.because("newer_topicals_mild_moderate" if tci_used else "newer_topicals_tci_barred")
    elif stage == "phototherapy":
        trace.because("phototherapy_before_systemic")
        trace.warn("tci_not_with_phototherapy")
    elif stage == "systemic":
        trace.because("systemic_qol" if scenario.qol_impact else "systemic_no_qol")
        if document == "doc_000":
            trace.because("dupilumab_indication")
        if scenario.qol_impact and scenario.age_years >= 18:
            trace.warn("cyclosporine_adult_range")
