"""Why an escalation rung (wet wraps, a calcineurin inhibitor, the newer creams, phototherapy,
systemic treatment) is not the answer for a patient whose answer is on, or past the end of, the ladder:
already tried, barred for this patient, an alternative document's choice, or later on the ladder."""

from __future__ import annotations

from pathway.clinical.ladder import ladder, rung_options, rung_therapies
from pathway.clinical.limits import check_therapy
from pathway.clinical.trace import age_text
from pathway.learn.case_facts import Case
from pathway.learn.choice_words import ESCALATION, NOUN, SHORT, are, cap, comes, doc_label, were


def _barred_reason(stage: str, case: Case, document: str) -> tuple[str, list[str]] | None:
    """What empties a rung for this patient: severity, or a therapy's own limit (age, site, immune status).
    Named after the therapy when the rung holds one, after the rung when it holds several."""
    s, content = case.scenario, case.content
    ids = ["wet_wrap"] if stage == "wet_wrap" else rung_therapies(stage, s, case.band, content, document)
    if not ids:
        return None
    therapies = [content.therapies[i] for i in ids]
    if len(therapies) == 1:
        subject, verb = therapies[0].name, "is"
    else:
        subject, verb = NOUN[stage][0], "are" if NOUN[stage][1] else "is"
    severities = {tuple(t.severity) for t in therapies if case.band not in t.severity}
    if len(severities) == 1 and all(case.band not in t.severity for t in therapies):
        bands = " or ".join(severities.pop())
        return (f"{subject} {verb} meant for {bands} disease, and a SCORAD of {case.scorad} is {case.band}.",
                list(dict.fromkeys(src for t in therapies for src in t.regimen.sources)))
    for therapy in therapies:
        if case.band in therapy.severity:
            check = check_therapy(therapy, s, content)
            if check.excluded:
                finding = check.excluded[0]
                return f"{subject} {verb} ruled out here. {finding.text}", list(finding.sources)
    for therapy in therapies:
        if case.band not in therapy.severity:
            return (f"{therapy.name} is meant for {' or '.join(therapy.severity)} disease, and a SCORAD of "
                    f"{case.scorad} is {case.band}.", list(therapy.regimen.sources))
    return None


def rung_reason(stage: str, case: Case) -> tuple[str, list[str]] | None:
    """Why an escalation rung is not the answer, when the answer is on (or past the end of) the ladder."""
    s, content, band = case.scenario, case.content, case.band
    if stage in s.tried:
        return f"{were(stage)} already tried without success.", []
    if stage == "phototherapy" and not s.phototherapy_access:
        return ("There is no practical access to phototherapy, which needs 2-3 visits a week.",
                list(content.rule("phototherapy_no_access").sources))
    in_primary = stage in ladder(case.primary, band)
    in_other = stage in ladder(case.other, band)
    if not in_primary and not in_other:
        wanted = "moderate-to-severe" if stage == "wet_wrap" else "mild-to-moderate"
        return (f"{are(stage)} for {wanted} disease, and a SCORAD of {case.scorad} is {band}.",
                list(content.rule("ladder_000").sources))
    document = case.source if stage in ladder(case.source, band) else (case.primary if in_primary else case.other)
    options = rung_options(stage, s, band, content, document, None)
    if not options:
        return _barred_reason(stage, case, document)
    if all(o.specialist_only for o in options):
        specialist = [c for o in options for c in o.cautions if c.rule and c.rule.endswith((":specialist_only",
                                                                                            ":immunocompromised"))]
        why = specialist[0].text if specialist else "It is given only under specialist supervision here."
        sources = list(specialist[0].sources) if specialist else list(content.rule("specialist_only_next").sources)
        immune = bool(specialist) and (specialist[0].rule or "").endswith(":immunocompromised")
        who = "for someone immunocompromised" if immune else f"at {age_text(s.age_years)}"
        return f"{NOUN[stage][0]} cannot be started directly {who}. {why}", sources
    alternative = case.rec.alternatives[0] if case.rec.alternatives else None
    if alternative is not None and alternative.stage == stage:
        number = alternative.document.removeprefix("doc_")
        followed = case.primary.removeprefix("doc_")
        where = (f"the back the tool follows document {followed}, written for this site" if case.primary == "doc_003"
                 else f"the {s.site} the tool follows document {followed}'s ladder")
        return (f"Document {number} would go to {SHORT[stage]} here, but for {where}, and there "
                f"{comes(case.answer)} first.", list(alternative.sources))
    if case.answer not in ESCALATION:
        return None  # a usable rung while the ladder is exhausted: cannot happen, never explain it
    source_ladder = ladder(case.source, band)
    if stage in source_ladder and case.answer in source_ladder:
        if source_ladder.index(stage) > source_ladder.index(case.answer):
            return (f"{cap(comes(stage))} later on {doc_label(case.source)}'s ladder: {comes(case.answer)} "
                    "first.", list(content.rule("ladder_003_back" if case.source == "doc_003"
                                                      else "ladder_000").sources))
        return None
    if case.source == "doc_003" and stage not in source_ladder:
        return ("Document 003, which the tool follows for the back, has no such step; document 000's rungs "
                "are used only once document 003's are used up.", list(content.rule("ladder_003_back").sources))
    return None
