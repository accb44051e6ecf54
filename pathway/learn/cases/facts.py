"""What the reasons behind a generated case's choices need to know about the patient: the case
itself (scenario, engine output, which document's ladder gave the answer) and the scenario in words
(the steroid trial and how it falls short, both in the engine's own words, and why nothing is
escalated yet)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pathway.clinical.base import Band
from pathway.clinical.content import Content
from pathway.clinical.engine import skin_clear
from pathway.clinical.ladder import documents_for
from pathway.clinical.scenario import Recommendation, Scenario
from pathway.clinical.steroid_trial import adequacy_shortfalls
from pathway.clinical.steroids import steroid_in_use, steroid_words
from pathway.clinical.trace import weeks_text
from pathway.learn.cases.words import FREQUENCY


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
        return documents_for(self.scenario, self.content)[0]

    @property
    def other(self) -> str:
        return documents_for(self.scenario, self.content)[1]

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
    """The steroid trial in words: "mometasone furoate 0.1%: potent (UK), ... twice a day for 3 weeks"."""
    s = case.scenario
    steroid = steroid_in_use(s, case.content)
    if steroid.uk is None:
        return "no topical steroid at all"
    return (
        f"{steroid_words(steroid, case.content)}, on the {s.site} {FREQUENCY[s.applications_per_day]} "
        f"for {weeks_text(s.weeks_on_treatment)}"
    )


def shortfall_text(case: Case) -> str:
    """The ways the trial falls short: the engine's own unmet checks, in its words."""
    if case.scenario.tcs_potency == "none" and case.scenario.tcs_product is None:
        return "no topical steroid is being used at all"
    trial = case.rec.steroid_trial
    missing = [c.text for c in trial.checks if not c.met] if trial else []
    return "; ".join(text[:1].lower() + text[1:] for text in missing)


def first_step(case: Case) -> str:
    """Why nothing is escalated yet, for an answer that comes before the ladder."""
    s = case.scenario
    answer = case.answer
    if answer == "eczema_herpeticum":
        return (
            "grouped blisters and punched-out erosions point to eczema herpeticum, which comes before everything else"
        )
    if answer == "treat_infection":
        return "the signs of bacterial infection come first, and it is treated before anything is escalated"
    if answer == "maintenance":
        if s.controlled:
            return "the eczema is controlled now, so the aim is to keep it that way rather than escalate"
        return f"a SCORAD of {case.scorad} is in the clear range, so there is nothing to escalate"
    if answer == "verify_adequacy":
        return f"the steroid trial is not a fair one yet ({shortfall_text(case)})"
    if answer == "specialist_referral" and "erythroderma" in s.signs:
        return "inflamed skin over most of the body is erythroderma, which is referred at once"
    if answer == "complicating_factors" and not case.exhausted:
        found = []
        if "contact_dermatitis_suspected" in s.signs:
            found.append("suspected contact allergy needs patch testing")
        if "atypical_presentation" in s.signs:
            found.append("the atypical picture means re-examining the diagnosis")
        return " and ".join(found) + " before escalating further"
    raise ValueError(f"{answer} is not a step before the ladder")


def pre_ladder(case: Case) -> bool:
    return (
        case.answer in ("eczema_herpeticum", "treat_infection", "maintenance", "verify_adequacy")
        or (case.answer == "complicating_factors" and not case.exhausted)
        or (case.answer == "specialist_referral" and "erythroderma" in case.scenario.signs)
    )
