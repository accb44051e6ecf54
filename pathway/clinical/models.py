"""Pydantic models for the clinical content in ``content/*.yaml``.

Every clinical statement is a :class:`Cited` item: text in our own words plus the ids of the
references that support it. Cross-references (a step naming a therapy, a pitfall naming a source)
are checked after loading, in :mod:`pathway.clinical.content`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pathway.clinical.base import Band, Cited, Potency, Stage, Strict, UkPotency
from pathway.clinical.ladder_models import RuleLine
from pathway.clinical.limit_models import Limit, SeverityGate

TimeUnit = Literal["hours", "days", "weeks", "months"]
HOURS_PER_UNIT = {"hours": 1.0, "days": 24.0, "weeks": 168.0, "months": 730.5}  # a month: 365.25/12 days

Certainty = Literal["high", "moderate", "low", "very_low"]
Strength = Literal["strong", "conditional", "conditional_against", "not_graded"]

TherapyClass = Literal[
    "emollient",
    "topical_corticosteroid",
    "wet_wrap",
    "topical_calcineurin_inhibitor",
    "topical_jak_inhibitor",
    "topical_pde4_inhibitor",
    "antibiotic",
    "antiviral",
    "phototherapy",
    "biologic",
    "systemic_immunomodulator",
    "investigation",
    "maintenance_regimen",
]

DoseUnit = Literal["mg/kg/day", "mg/day", "mg/week", "g twice daily", "g/day"]


class Meta(Strict):
    title: str
    version: str
    date: str
    notice: str = Field(min_length=10)


class Document(Strict):
    id: str
    file: str
    title: str
    kind: Literal["source", "checked_context"]
    updated: str | None = None
    question: str | None = None


class Reference(Strict):
    id: str
    document: str
    number: int | None = None
    title: str
    publisher: str | None = None  # None: the document cites it without saying where it appeared
    year: int | None = None
    kind: Literal["guideline", "research", "label", "checked_context", "unlisted"]
    listed: bool = True
    short: str | None = None  # citation label for checked-context references, e.g. "AAD 2014"
    note: str | None = None


class AdultRange(Strict):
    """The adult range a source gives beside a weight-based one (cyclosporine: AAD 2014, 150-300 mg/day)."""

    min: float = Field(gt=0)
    max: float = Field(gt=0)
    unit: DoseUnit
    sources: list[str] = Field(min_length=1)


class Dose(Strict):
    min: float = Field(gt=0)
    max: float = Field(gt=0)
    unit: DoseUnit
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    adult: AdultRange | None = None  # shown for an adult whose weight is not given

    @property
    def per_kg(self) -> bool:
        return self.unit == "mg/kg/day"


class Therapy(Strict):
    id: str
    name: str
    therapy_class: TherapyClass
    strength: str | None = None
    route: Literal["topical", "oral", "oral_or_iv", "injection", "light", "procedure"]
    regimen: Cited
    usual_course: Cited | None = None  # how long, when no age or site limit shortens it
    products: list[str] = []  # named steroids (ids in steroids.yaml), all of the therapy's potency
    dose: Dose | None = None
    # topical corticosteroids: the UK class every age and site limit is applied to, and the documents'
    # (US) word for it, when they have one
    potency_uk: UkPotency | None = None
    potency_us: Potency | None = None
    long_term: bool = False  # a maintenance regimen: needs a potency allowed for routine, not brief, use
    severity: list[Band] = ["mild", "moderate", "severe"]
    severity_basis: SeverityGate | None = None  # required when ``severity`` leaves a band out
    limits: list[Limit] = []
    details: list[Cited] = []
    monitoring: list[Cited] = []
    warnings: list[Cited] = []
    sources: list[str] = Field(min_length=1)


class Step(Strict):
    id: str
    order: int
    label: str
    title: str
    documents: list[str] = Field(min_length=1)
    stages: list[Stage] = []
    stage_titles: dict[Stage, str] = {}  # what to do at one of the step's stages, when it differs from the title
    summary: Cited
    actions: list[Cited] = Field(min_length=1)
    checks: list[Cited] = []
    therapies: list[str] = []
    pitfalls: list[str] = []
    evidence: list[str] = []
    timelines: list[str] = []
    placement: Cited | None = None


class RedFlag(Strict):
    id: str
    name: str
    stage: Stage
    urgency: Literal["emergency", "urgent"]
    signs: list[Cited] = Field(min_length=1)
    action: Cited
    therapies: list[str] = Field(min_length=1)
    because: list[RuleLine] = []  # extra why-lines for some patients (an infant is admitted, ...)


class Pitfall(Strict):
    id: str
    title: str
    text: str
    stages: list[Stage] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class AvoidWhen(Strict):
    """When an item of the "never" list is shown: always, at some stages, with some therapies, or
    when the therapies of every group in ``together`` are recommended at once (a conflict, which
    also raises a warning)."""

    always: bool = False
    stages: list[Stage] = []
    therapies: list[str] = []
    together: list[list[str]] = []


class Avoid(Strict):
    id: str
    title: str
    text: str
    when: AvoidWhen = AvoidWhen(always=True)
    sources: list[str] = Field(min_length=1)


class TimelineItem(Strict):
    id: str
    label: str
    kind: Literal["onset", "course", "decision", "schedule"]
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    unit: TimeUnit
    start: float = Field(default=0, ge=0)
    open_ended: bool = False
    therapy: str | None = None
    stages: list[Stage] = Field(min_length=1)
    text: str
    if_no_response: str | None = None  # what a lack of response means (no later rung named here)
    # the engine adds what comes next for this patient: the next rung, or what follows once the
    # topical rungs are used up
    then: Literal["next_rung", "after_topicals"] | None = None
    sources: list[str] = Field(min_length=1)

    def in_weeks(self, value: float) -> float:
        return value * HOURS_PER_UNIT[self.unit] / HOURS_PER_UNIT["weeks"]


class EffectValue(Strict):
    label: str
    value: float
    unit: str


class Effect(Strict):
    measure: Literal["relative_risk", "mean_improvement"]
    description: str
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: str | None = None
    arms: list[EffectValue] = []


class Evidence(Strict):
    id: str
    statement: str
    therapies: list[str] = []
    certainty: Certainty | None = None
    strength: Strength | None = None
    population: str | None = None
    effect: Effect | None = None
    sources: list[str] = Field(min_length=1)


Urgency = Literal["routine", "within_2_weeks", "same_day"]
URGENCY_ORDER: tuple[str, ...] = ("none", "routine", "within_2_weeks", "same_day")
URGENCY_WORDS = {
    "same_day": "Refer the same day",
    "within_2_weeks": "Refer within 2 weeks",
    "routine": "Refer to dermatology",
    "none": "No referral",
}


class ReferralCriterion(Strict):
    id: str
    text: str
    urgency: Urgency = "routine"
    sources: list[str] = Field(min_length=1)


class Rule(Strict):
    """A line the decision engine can put in its "why" trace."""

    id: str
    text: str
    sources: list[str] = Field(min_length=1)


class Side(Strict):
    label: str
    position: str
    sources: list[str] = Field(min_length=1)


class SourceDifference(Strict):
    id: str
    kind: Literal["difference", "fact_check"]
    topic: str
    sides: list[Side] = Field(min_length=2)
    comment: Cited
    stages: list[Stage] = []
    order: int = 100


class Update(Strict):
    id: str
    kind: Literal["medicine", "guideline"]
    name: str
    text: str
    detail: str | None = None
    unconfirmed: bool = False
    sources: list[str] = Field(min_length=1)


class Case(Strict):
    id: str
    title: str
    vignette: str
    scenario: dict[Any, Any]  # parsed YAML, checked as a Scenario in checks.cross_check
    expected_stage: Stage
    teaching_point: Cited
    documents: list[str] = Field(min_length=1)
