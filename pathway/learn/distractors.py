"""Choices for generated cases: the action phrase of each stage, which other stages make good
distractors for a scenario, and why each one is not the answer here.

Every reason is derived from the scenario and the engine's output (its stage, alternative, why
lines, adequacy shortfalls and each rung's limits), and a distractor is offered only when a reason
can be stated that is true for this patient: :func:`reason` returns ``None`` otherwise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pathway.clinical.base import POTENCY_WORDS
from pathway.clinical.content import Content
from pathway.clinical.engine import STAGE_ORDER, adequacy_shortfalls, required_potency, skin_clear
from pathway.clinical.ladder import ladder, rung_options, rung_therapies
from pathway.clinical.limits import check_therapy
from pathway.clinical.scenario import Band, Recommendation, Scenario
from pathway.clinical.trace import age_text

# What a student reads: one short action per stage (unique, of similar length, no doses).
CHOICE_TEXT = {
    "eczema_herpeticum": "Start aciclovir at once, by mouth or into a vein",
    "treat_infection": "Give an oral anti-staphylococcal antibiotic alongside the steroid",
    "verify_adequacy": "Check the steroid trial: potency, twice daily, 2 weeks, adherence",
    "complicating_factors": "Look for complicating factors: contact allergy, diagnosis, triggers",
    "wet_wrap": "Add wet-wrap therapy over the topical steroid",
    "topical_calcineurin_inhibitor": "Add a topical calcineurin inhibitor twice daily",
    "newer_topicals": "Try one of the newer non-steroidal creams",
    "phototherapy": "Start a course of narrowband UVB phototherapy",
    "systemic": "Move on to systemic treatment",
    "specialist_referral": "Refer for treatment that only a specialist can give",
    "maintenance": "Switch to proactive maintenance to prevent flares",
}
# The same steps as a noun phrase, for reasons ("Wet wraps were already tried ...").
NOUN = {
    "wet_wrap": ("Wet wraps", True),
    "topical_calcineurin_inhibitor": ("A topical calcineurin inhibitor", False),
    "newer_topicals": ("The newer non-steroidal creams", True),
    "phototherapy": ("Phototherapy", False),
    "systemic": ("Systemic treatment", False),
}
PLURAL = ("wet_wrap", "newer_topicals")
SHORT = {
    "wet_wrap": "wet wraps",
    "topical_calcineurin_inhibitor": "a topical calcineurin inhibitor",
    "newer_topicals": "the newer non-steroidal creams",
    "phototherapy": "phototherapy",
    "systemic": "systemic treatment",
    "specialist_referral": "a specialist referral",
    "eczema_herpeticum": "aciclovir for eczema herpeticum",
    "treat_infection": "treating the bacterial infection",
    "verify_adequacy": "checking the steroid trial",
    "complicating_factors": "looking for complicating factors",
    "maintenance": "proactive maintenance",
}
ESCALATION = ("wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy", "systemic")
RED_FLAGS = ("eczema_herpeticum", "treat_infection")
COMPLICATING_SIGNS = ("contact_dermatitis_suspected", "atypical_presentation")
FREQUENCY = {0: "not at all", 1: "once a day", 2: "twice a day", 3: "three times a day", 4: "four times a day"}


def duration_text(weeks: float) -> str:
    if weeks < 2:
        days = round(weeks * 7)
        return f"{days} day" if days == 1 else f"{days} days"
    return f"{weeks:g} weeks"


def _were(stage: str) -> str:
    noun, plural = NOUN[stage]
    return f"{noun} {'were' if plural else 'was'}"


def _are(stage: str) -> str:
    noun, plural = NOUN[stage]
    return f"{noun} {'are' if plural else 'is'}"


def _comes(stage: str) -> str:
    return f"{SHORT[stage]} {'come' if stage in PLURAL else 'comes'}"


def _doc(document: str) -> str:
    return "document " + document.removeprefix("doc_")


@dataclass
class Case:
    """What the reasons need to know about one generated case."""

    scenario: Scenario
    rec: Recommendation
    content: Content
    rules: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rules = [line.rule or "" for line in self.rec.why]

    @property
    def band(self) -> Band:
        return self.rec.severity_band

    @property
    def answer(self) -> str:
        return self.rec.stage

    @property
    def primary(self) -> str:
        return "doc_003" if self.scenario.site == "back" else "doc_000"

    @property
    def other(self) -> str:
        return "doc_000" if self.primary == "doc_003" else "doc_003"

    @property
    def source(self) -> str:
        """The document whose ladder gave the answer (the other one after a fallback)."""
        return self.other if "fallback_other_document" in self.rules else self.primary

    @property
    def exhausted(self) -> bool:
        return "topicals_exhausted_review" in self.rules

    @property
    def clear(self) -> bool:
        return skin_clear(self.scenario.scorad, self.content)

    @property
    def scorad(self) -> str:
        return f"{self.scenario.scorad:g}"

    def shortfalls(self) -> list[str]:
        return adequacy_shortfalls(self.scenario, self.band, self.content)


# ----------------------------------------------------------------------------- phrases of the scenario

def trial_text(case: Case) -> str:
    """The steroid trial in words: "a moderate (medium) steroid twice a day for 3 weeks"."""
    s = case.scenario
    if s.tcs_potency == "none":
        return "no topical steroid at all"
    return (f"a {POTENCY_WORDS[s.tcs_potency]} steroid on the {s.site} {FREQUENCY[s.applications_per_day]} "
            f"for {duration_text(s.weeks_on_treatment)}")


def shortfall_text(case: Case) -> str:
    """The ways the trial falls short, in words (engine's adequacy_shortfalls)."""
    s = case.scenario
    needed, _ = required_potency(s, case.band, case.content)
    if s.tcs_potency == "none":
        return "no topical steroid is being used at all"
    parts = []
    for rule in case.shortfalls():
        if rule.startswith("adequacy_potency"):
            parts.append(f"a {POTENCY_WORDS[s.tcs_potency]} steroid is weaker than the "
                         f"{POTENCY_WORDS[needed]} potency needed on the {s.site} here")
        elif rule == "adequacy_frequency":
            parts.append(f"it goes on {FREQUENCY[s.applications_per_day]}, not twice")
        elif rule == "adequacy_duration":
            parts.append(f"{duration_text(s.weeks_on_treatment)} is under the 2 weeks a fair trial needs")
        elif rule == "adequacy_adherence":
            parts.append("adherence and the amount used have not been checked")
    return "; ".join(parts)


def _first_step(case: Case) -> str:
    """Why nothing is escalated yet, for an answer that comes before the ladder."""
    s = case.scenario
    answer = case.answer
    if answer == "eczema_herpeticum":
        return ("grouped blisters and punched-out erosions point to eczema herpeticum, which comes before "
                "everything else")
    if answer == "treat_infection":
        return "the signs of bacterial infection come first, and it is treated before anything is escalated"
    if answer == "maintenance":
        if s.controlled:
            return "the eczema is controlled now, so the aim is to keep it that way rather than escalate"
        return f"a SCORAD of {case.scorad} is in the clear range, so there is nothing to escalate"
    if answer == "verify_adequacy":
        return f"the steroid trial is not a fair one yet ({shortfall_text(case)})"
    if answer == "complicating_factors" and not case.exhausted:
        found = []
        if "contact_dermatitis_suspected" in s.signs:
            found.append("suspected contact allergy needs patch testing")
        if "atypical_presentation" in s.signs:
            found.append("the atypical picture means re-examining the diagnosis")
        return " and ".join(found) + " before escalating further"
    raise ValueError(f"{answer} is not a step before the ladder")


def _pre_ladder(case: Case) -> bool:
    return case.answer in ("eczema_herpeticum", "treat_infection", "maintenance", "verify_adequacy") or (
        case.answer == "complicating_factors" and not case.exhausted)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------- escalation rungs

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


def _rung_reason(stage: str, case: Case) -> tuple[str, list[str]] | None:
    """Why an escalation rung is not the answer, when the answer is on (or past the end of) the ladder."""
    s, content, band = case.scenario, case.content, case.band
    if stage in s.tried:
        return f"{_were(stage)} already tried without success.", []
    if stage == "phototherapy" and not s.phototherapy_access:
        return ("There is no practical access to phototherapy, which needs 2-3 visits a week.",
                list(content.rule("phototherapy_no_access").sources))
    in_primary = stage in ladder(case.primary, band)
    in_other = stage in ladder(case.other, band)
    if not in_primary and not in_other:
        wanted = "moderate-to-severe" if stage == "wet_wrap" else "mild-to-moderate"
        return (f"{_are(stage)} for {wanted} disease, and a SCORAD of {case.scorad} is {band}.",
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
                f"{_comes(case.answer)} first.", list(alternative.sources))
    if case.answer not in ESCALATION:
        return None  # a usable rung while the ladder is exhausted: cannot happen, never explain it
    source_ladder = ladder(case.source, band)
    if stage in source_ladder and case.answer in source_ladder:
        if source_ladder.index(stage) > source_ladder.index(case.answer):
            return (f"{_cap(_comes(stage))} later on {_doc(case.source)}'s ladder: {_comes(case.answer)} "
                    "first.", list(content.rule("ladder_003_back" if case.source == "doc_003"
                                                      else "ladder_000").sources))
        return None
    if case.source == "doc_003" and stage not in source_ladder:
        return ("Document 003, which the tool follows for the back, has no such step; document 000's rungs "
                "are used only once document 003's are used up.", list(content.rule("ladder_003_back").sources))
    return None


# ----------------------------------------------------------------------------- every stage

def reason(stage: str, case: Case) -> tuple[str, list[str]] | None:
    """Why ``stage`` is not the answer for this case, with any sources beyond the why lines; None when
    no statement can be made that is certainly true (the stage is then not offered as a distractor)."""
    if stage == case.answer:
        return None
    s, content = case.scenario, case.content
    answer = case.answer
    if stage == "eczema_herpeticum":
        return ("No grouped blisters or punched-out erosions: nothing points to eczema herpeticum.",
                list(content.rule("herpeticum_first").sources))
    if stage == "treat_infection":
        if "bacterial_infection" in s.signs:
            return ("Bacterial infection is present too and gets an antibiotic alongside, but grouped blisters "
                    "and punched-out erosions make eczema herpeticum the first concern: aciclovir at once.",
                    list(content.rule("herpeticum_with_infection").sources))
        return ("No crusting, weeping, pustules or honey-coloured discharge: nothing suggests a bacterial "
                "infection now.", list(content.rule("infection_before_escalation").sources))
    if stage == "maintenance":
        if s.controlled or case.clear:
            if answer in RED_FLAGS:
                return "Even in controlled eczema, an infection is treated first.", []
            return None
        return (f"The eczema is not controlled (SCORAD {case.scorad}, {case.band}), so maintenance would "
                "come too early.", list(content.rule("controlled_maintenance").sources))
    if stage == "verify_adequacy":
        if answer in RED_FLAGS:
            return "The infection comes first; the steroid trial can be reviewed once it is treated.", []
        if answer == "maintenance":
            return f"{_cap(_first_step(case))}; there is no treatment failure to explain.", []
        if case.shortfalls():
            return None
        return (f"The trial was adequate: {trial_text(case)}, with adherence confirmed.",
                list(content.rule("adequacy_confirmed").sources))
    if stage == "complicating_factors":
        signs = [x for x in COMPLICATING_SIGNS if x in s.signs]
        if answer in RED_FLAGS:
            return "The infection comes first; triggers and the diagnosis can be looked at once it is treated.", []
        if answer == "maintenance":
            return f"{_cap(_first_step(case))}; there is no failure to investigate.", []
        if answer == "verify_adequacy":
            if signs:
                return ("Patch testing and a review of the diagnosis come once a fair steroid trial has failed, "
                        f"and this one is not fair yet ({shortfall_text(case)}).",
                        list(content.rule("contact_dermatitis").sources))
            return (f"Nothing suggests contact allergy or a doubtful diagnosis, and the steroid trial is not "
                    f"fair yet ({shortfall_text(case)}).", [])
        if signs:
            return None
        return ("No suspected contact allergy, adult onset or unusual distribution: nothing points to a "
                "complicating factor.", list(content.rule("no_complicating_factors").sources))
    if stage == "specialist_referral":
        if case.rec.refer or answer in ("phototherapy", "systemic"):
            return None  # a referral is part of the plan: never call it wrong
        if _pre_ladder(case):
            return (f"No reason to refer has come up: {_first_step(case)}.", [])
        return (f"No reason to refer has come up: {SHORT[answer]} can be started without a specialist.", [])
    if stage in ESCALATION:
        if answer == "maintenance":
            return f"{_cap(SHORT[stage])} {'are' if stage in PLURAL else 'is'} not needed: {_first_step(case)}.", []
        if _pre_ladder(case):
            return f"It is too early for {SHORT[stage]}: {_first_step(case)}.", []
        return _rung_reason(stage, case)
    raise ValueError(f"unknown stage {stage}")


# ----------------------------------------------------------------------------- choosing distractors

def _weights(case: Case) -> dict[str, float]:
    """How strongly each other stage is wanted as a distractor (plausible ones more)."""
    s, answer = case.scenario, case.answer
    weights = {stage: 1.0 for stage in STAGE_ORDER if stage != answer}
    index = STAGE_ORDER.index(answer)
    for near in (index - 1, index + 1):
        if 0 <= near < len(STAGE_ORDER) and STAGE_ORDER[near] != answer:
            weights[STAGE_ORDER[near]] += 1.0
    rungs = ladder(case.source, case.band)
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
    """``count`` distractors (fewer only if too few stages can be explained): (stage, reason, sources).
    The other document's choice comes first when there is one; the rest are drawn by weight."""
    pool: dict[str, tuple[float, str, list[str]]] = {}
    for stage, weight in _weights(case).items():
        explained = reason(stage, case)
        if explained is not None:
            pool[stage] = (weight, *explained)
    chosen: list[tuple[str, str, list[str]]] = []
    alternative = case.rec.alternatives[0].stage if case.rec.alternatives else None
    if alternative in pool:
        _, text, sources = pool.pop(alternative)
        chosen.append((alternative, text, sources))
    while len(chosen) < count and pool:
        stages = list(pool)
        stage = rng.choices(stages, weights=[pool[x][0] for x in stages])[0]
        _, text, sources = pool.pop(stage)
        chosen.append((stage, text, sources))
    return chosen
