"""Why each other stage is not the answer for a generated case, and which of them make good
distractors.

Every reason is derived from the scenario and the engine's output (its stage, alternative, why
lines, the trial's checks and each rung's limits), and a distractor is offered only when a reason can
be stated that is true for this patient: :func:`reason` returns ``None`` otherwise. Escalation rungs
(wet wraps, a calcineurin inhibitor, the newer creams, phototherapy, systemic treatment) are explained
by :func:`rung_reason`: already tried, barred for this patient, the other document's choice, or later
on the ladder.
"""

from __future__ import annotations

import random

from pathway.clinical.engine import STAGE_ORDER
from pathway.clinical.ladder import closed_by, ladder, own_therapies, rung_options
from pathway.clinical.limits import check_therapy
from pathway.clinical.trace import age_text
from pathway.learn.cases.facts import Case, first_step, pre_ladder, shortfall_text, trial_text
from pathway.learn.cases.words import (
    COMPLICATING_SIGNS,
    ESCALATION,
    NOUN,
    PLURAL,
    RED_FLAGS,
    SHORT,
    are,
    cap,
    comes,
    doc_label,
    were,
)


def reason(stage: str, case: Case) -> tuple[str, list[str]] | None:
    """Why ``stage`` is not the answer for this case, with any sources beyond the why lines; None when
    no statement can be made that is certainly true (the stage is then not offered as a distractor)."""
    if stage == case.answer:
        return None
    s, content = case.scenario, case.content
    answer = case.answer
    if stage == "eczema_herpeticum":
        return (
            "No grouped blisters or punched-out erosions: nothing points to eczema herpeticum.",
            list(content.rule("herpeticum_first").sources),
        )
    if stage == "treat_infection":
        if "infection_not_settling" in s.signs:
            return (
                "The infection has already had an antibiotic and has not settled: another course of it is not "
                "the answer, a specialist's view is.",
                list(content.rule("infection_not_settling").sources),
            )
        if "bacterial_infection" in s.signs:
            if answer != "eczema_herpeticum":
                return None  # an infection is present: treating it is never simply wrong
            return (
                "Bacterial infection is present too and gets an antibiotic alongside, but grouped blisters "
                "and punched-out erosions make eczema herpeticum the first concern: aciclovir at once.",
                list(content.rule("herpeticum_with_infection").sources),
            )
        return (
            "No crusting, weeping, pustules or honey-coloured discharge: nothing suggests a bacterial infection now.",
            list(content.rule("infection_before_escalation").sources),
        )
    if stage == "maintenance":
        if s.controlled or case.clear:
            if answer in RED_FLAGS:
                return "Even in controlled eczema, an infection is treated first.", []
            return None
        return (
            f"The eczema is not controlled (SCORAD {case.scorad}, {case.band}), so maintenance would come too early.",
            list(content.rule("controlled_maintenance").sources),
        )
    if stage == "verify_adequacy":
        if answer in RED_FLAGS:
            return "The infection comes first; the steroid trial can be reviewed once it is treated.", []
        if answer == "maintenance":
            return f"{cap(first_step(case))}; there is no treatment failure to explain.", []
        if case.shortfalls():
            return None
        return (
            f"The trial was adequate: {trial_text(case)}, with adherence confirmed.",
            list(content.rule("adequacy_confirmed").sources),
        )
    if stage == "complicating_factors":
        signs = [x for x in COMPLICATING_SIGNS if x in s.signs]
        if answer in RED_FLAGS:
            return "The infection comes first; triggers and the diagnosis can be looked at once it is treated.", []
        if answer == "maintenance":
            return f"{cap(first_step(case))}; there is no failure to investigate.", []
        if answer == "verify_adequacy":
            if signs:
                return (
                    "Patch testing and a review of the diagnosis come once a fair steroid trial has failed, "
                    f"and this one is not fair yet ({shortfall_text(case)}).",
                    list(content.rule("contact_dermatitis").sources),
                )
            return (
                f"Nothing suggests contact allergy or a doubtful diagnosis, and the steroid trial is not "
                f"fair yet ({shortfall_text(case)}).",
                [],
            )
        if signs:
            return None
        return (
            "No suspected contact allergy, adult onset or unusual distribution: nothing points to a "
            "complicating factor.",
            list(content.rule("no_complicating_factors").sources),
        )
    if stage == "specialist_referral":
        if case.rec.refer or answer in ("phototherapy", "systemic"):
            return None  # a referral is part of the plan: never call it wrong
        if pre_ladder(case):
            return (f"No reason to refer has come up: {first_step(case)}.", [])
        return (f"No reason to refer has come up: {SHORT[answer]} can be started without a specialist.", [])
    if stage in ESCALATION:
        if answer == "maintenance":
            return f"{cap(SHORT[stage])} {'are' if stage in PLURAL else 'is'} not needed: {first_step(case)}.", []
        if pre_ladder(case):
            return f"It is too early for {SHORT[stage]}: {first_step(case)}.", []
        return rung_reason(stage, case)
    raise ValueError(f"unknown stage {stage}")


# ----------------------------------------------------------------------------- choosing distractors


def _weights(case: Case) -> dict[str, float]:
    """How strongly each other stage is wanted as a distractor (plausible ones more)."""
    s, answer = case.scenario, case.answer
    weights: dict[str, float] = {stage: 1.0 for stage in STAGE_ORDER if stage != answer}
    index = STAGE_ORDER.index(answer)
    for near in (index - 1, index + 1):
        if 0 <= near < len(STAGE_ORDER) and STAGE_ORDER[near] != answer:
            weights[STAGE_ORDER[near]] += 1.0
    rungs = ladder(case.source, case.band, case.content)
    if answer in rungs:
        at = rungs.index(answer)
        for near in (at - 1, at + 1):
            if 0 <= near < len(rungs):
                weights[rungs[near]] += 2.0
    for flag in RED_FLAGS:
        if flag in weights:
            weights[flag] += 1.0
    if "verify_adequacy" in weights and not case.shortfalls():
        weights["verify_adequacy"] += 2.0
    if "maintenance" in weights and not s.controlled:
        weights["maintenance"] += 0.5
    if "specialist_referral" in weights and s.age_years >= 18:
        weights["specialist_referral"] += 1.0
    return weights


def choose(case: Case, rng: random.Random, count: int) -> list[tuple[str, str, list[str]]]:
    """``count`` distractors (fewer only if too few stages can be explained): (stage, reason, sources),
    drawn by weight. The other document's choice is never one: by that document it is right, and a stem
    that names no document cannot make it wrong (a single best answer has one defensible answer)."""
    pool: dict[str, tuple[float, str, list[str]]] = {}
    alternatives = {a.stage for a in case.rec.alternatives}
    for stage, weight in _weights(case).items():
        explained = reason(stage, case)
        if explained is not None and stage not in alternatives:
            pool[stage] = (weight, *explained)
    chosen: list[tuple[str, str, list[str]]] = []
    while len(chosen) < count and pool:
        stages = list(pool)
        stage = rng.choices(stages, weights=[pool[x][0] for x in stages])[0]
        _, text, sources = pool.pop(stage)
        chosen.append((stage, text, sources))
    return chosen


# ----------------------------------------------------------------------------- escalation rungs


def _barred_reason(stage: str, case: Case, document: str) -> tuple[str, list[str]] | None:
    """What empties a rung for this patient: severity, or a therapy's own limit (age, site, immune status).
    Named after the therapy when the rung holds one, after the rung when it holds several."""
    s, content = case.scenario, case.content
    ids = own_therapies(stage, s, case.band, content, document)
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
        return (
            f"{subject} {verb} meant for {bands} disease, and a SCORAD of {case.scorad} is {case.band}.",
            list(dict.fromkeys(src for t in therapies for src in t.regimen.sources)),
        )
    for therapy in therapies:
        if case.band in therapy.severity:
            check = check_therapy(therapy, s, content)
            if check.excluded:
                finding = check.excluded[0]
                return f"{subject} {verb} ruled out here. {finding.text}", list(finding.sources)
    for therapy in therapies:
        if case.band not in therapy.severity:
            return (
                f"{therapy.name} is meant for {' or '.join(therapy.severity)} disease, and a SCORAD of "
                f"{case.scorad} is {case.band}.",
                list(therapy.regimen.sources),
            )
    return None


def rung_reason(stage: str, case: Case) -> tuple[str, list[str]] | None:
    """Why an escalation rung is not the answer, when the answer is on (or past the end of) the ladder."""
    s, content, band = case.scenario, case.content, case.band
    if stage in s.tried:
        return f"{were(stage)} already tried without success.", []
    if stage == "phototherapy" and not s.phototherapy_access:
        return (
            "There is no practical access to phototherapy, which needs 2-3 visits a week.",
            list(content.rule("phototherapy_no_access").sources),
        )
    in_primary = stage in ladder(case.primary, band, content)
    in_other = stage in ladder(case.other, band, content)
    closing = next(
        (
            rule
            for doc in (case.primary, case.other)
            if stage in ladder(doc, band, content)
            for rule in [closed_by(stage, s, band, content, doc)]
            if rule is not None
        ),
        None,
    )
    if closing is not None:
        line = content.rule(closing)
        return line.text, list(line.sources)
    if not in_primary and not in_other:
        wanted = "moderate-to-severe" if stage == "wet_wrap" else "mild-to-moderate"
        return (
            f"{are(stage)} for {wanted} disease, and a SCORAD of {case.scorad} is {band}.",
            list(content.rule("ladder_000").sources),
        )
    document = (
        case.source if stage in ladder(case.source, band, content) else (case.primary if in_primary else case.other)
    )
    options = rung_options(stage, s, band, content, document, None)
    if not options:
        return _barred_reason(stage, case, document)
    own = set(own_therapies(stage, s, band, content, document))
    options = [o for o in options if o.id in own]
    if all(o.specialist_only for o in options):
        specialist = [
            c
            for o in options
            for c in o.cautions
            if c.rule and c.rule.endswith((":specialist_only", ":immunocompromised"))
        ]
        why = specialist[0].text if specialist else "It is given only under specialist supervision here."
        sources = list(specialist[0].sources) if specialist else list(content.rule("specialist_only_next").sources)
        immune = bool(specialist) and (specialist[0].rule or "").endswith(":immunocompromised")
        who = "for someone immunocompromised" if immune else f"at {age_text(s.age_years)}"
        return f"{NOUN[stage][0]} cannot be started directly {who}. {why}", sources
    alternative = case.rec.alternatives[0] if case.rec.alternatives else None
    if alternative is not None and alternative.stage == stage:
        number = alternative.document.removeprefix("doc_")
        followed = case.primary.removeprefix("doc_")
        where = (
            f"the back the tool follows document {followed}, written for this site"
            if case.primary == "doc_003"
            else f"the {s.site} the tool follows document {followed}'s ladder"
        )
        return (
            f"Document {number} would go to {SHORT[stage]} here, but for {where}, and there "
            f"{comes(case.answer)} first.",
            list(alternative.sources),
        )
    if case.answer not in ESCALATION:
        return None  # a usable rung while the ladder is exhausted: cannot happen, never explain it
    source_ladder = ladder(case.source, band, content)
    if stage in source_ladder and case.answer in source_ladder:
        rung = content.ladders[case.source].rung(stage)
        if rung is not None and case.answer in rung.or_instead_of:
            return None  # the document offers it beside the answer, at the same step: defensible too
        if source_ladder.index(stage) > source_ladder.index(case.answer):
            return (
                f"{cap(comes(stage))} later on {doc_label(case.source)}'s ladder: {comes(case.answer)} first.",
                list(content.rule("ladder_003_back" if case.source == "doc_003" else "ladder_000").sources),
            )
        return None
    rung = content.ladders[case.source].rung(stage)
    if rung is not None and band not in rung.severity:
        return (
            f"{doc_label(case.source).capitalize()} keeps {SHORT[stage]} for {' or '.join(rung.severity)} disease, "
            f"and a SCORAD of {case.scorad} is {band}.",
            list(content.rule("ladder_003_back" if case.source == "doc_003" else "ladder_000").sources),
        )
    if case.source == "doc_003" and stage not in source_ladder:
        return (
            "Document 003, which the tool follows for the back, has no such step; document 000's rungs "
            "are used only once document 003's are used up.",
            list(content.rule("ladder_003_back").sources),
        )
    return None
