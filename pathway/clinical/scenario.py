"""The public JSON contract: a patient scenario in, a recommendation out.

Instructors' case files, the CLI, the app and the tests all speak these two models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# POTENCIES and SITES are re-exported: the contract's vocabulary for its users
from pathway.clinical.base import POTENCIES as POTENCIES
from pathway.clinical.base import SITES as SITES
from pathway.clinical.base import AgeBandId, Band, Potency, Site, Stage

Sign = Literal[
    "bacterial_infection",
    "eczema_herpeticum",
    "recurrent_infections",
    "contact_dermatitis_suspected",
    "atypical_presentation",
    "erythroderma",
    "infection_not_settling",
]
SIGNS: tuple[str, ...] = Sign.__args__  # type: ignore[attr-defined]

Tried = Literal["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"]
TRIED: tuple[str, ...] = Tried.__args__  # type: ignore[attr-defined]

SCORAD_MAX = 103.0


class Scenario(BaseModel):
    """A patient whose atopic dermatitis is not settling on topical corticosteroids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age_years: float = Field(default=30, ge=0, le=120, allow_inf_nan=False)
    weight_kg: float | None = Field(default=None, gt=0, le=400, allow_inf_nan=False)
    site: Site = "trunk"
    scorad: float = Field(default=30, ge=0, le=SCORAD_MAX, allow_inf_nan=False)
    tcs_potency: Potency = "medium"
    # optional: the product in use (an id in content/steroids.yaml); its UK class is what the limits judge
    tcs_product: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,60}$")
    applications_per_day: int = Field(default=2, ge=0, le=4)
    weeks_on_treatment: float = Field(default=0, ge=0, le=520, allow_inf_nan=False)
    adherence_confirmed: bool = False
    controlled: bool = False
    signs: tuple[Sign, ...] = ()
    tried: tuple[Tried, ...] = ()
    qol_impact: bool = False
    phototherapy_access: bool = True
    immunocompromised: bool = False


class Line(BaseModel):
    """One line of the rule trace or of the warnings, with the references behind it.

    ``rule`` names what produced it (a rule id in rules.yaml, a therapy limit ``limit:<therapy>:<kind>``,
    a potency limit ``potency:<id>``, an avoid item ``avoid:<id>``), so a test or a page can find it.
    """

    text: str
    sources: list[str]
    rule: str | None = None


class Option(BaseModel):
    id: str
    name: str
    therapy_class: str
    strength: str | None = None
    regimen: str
    course: str | None = None  # how long: the course the age and site allow, or the therapy's usual one
    sources: list[str]
    # a referral, not a prescription, for this patient (age or immune status): no protocol, no dose
    specialist_only: bool = False
    daily_dose_mg: tuple[float, float] | None = None  # weight-based, never above the adult maximum
    dose: str | None = None  # the range as the source gives it, e.g. "3-6 mg/kg/day"
    dose_note: str | None = None  # e.g. the daily dose was capped at the adult maximum
    dose_warning: str | None = None  # the dose is not worked out: an implausible weight, a child
    notes: list[str] = []
    cautions: list[Line] = []  # this patient's limits: brief use only, specialist advice, ...
    warnings: list[Line] = []  # the therapy's own warnings (contraception, live vaccines, boxed warnings)


class Alternative(BaseModel):
    stage: Stage
    document: str
    text: str
    sources: list[str]
    options: list[Option]


class TimelineEntry(BaseModel):
    id: str
    label: str
    kind: str
    min: float
    max: float
    unit: str
    start_weeks: float
    min_weeks: float
    max_weeks: float
    open_ended: bool = False
    text: str
    if_no_response: str | None = None
    sources: list[str]


class TrialCheck(BaseModel):
    """One of the four checks of a fair steroid trial, met or not, in words."""

    id: Literal["potency", "frequency", "duration", "adherence"]
    met: bool
    text: str


class SteroidTrial(BaseModel):
    """The engine's own judgement of the steroid trial, for the explorer's checklist and the cases."""

    fair: bool
    in_use: str  # the steroid in use, on both scales
    needs: str  # the least potency a fair trial needs here, on the scale it is set on
    weeks_needed: float  # 2, or the whole course allowed when that is shorter
    course: str | None = None  # the course allowed at this age and site, when limited
    checks: list[TrialCheck]


class Recommendation(BaseModel):
    severity_band: Band
    age_band: AgeBandId = "adult"
    stage: Stage
    options: list[Option]
    alternatives: list[Alternative] = []
    red_flags: list[str] = []
    refer: bool = False
    refer_urgency: Literal["none", "routine", "within_2_weeks", "same_day"] = "none"
    refer_reasons: list[Line] = []
    warnings: list[Line] = []
    avoid: list[str] = []
    pitfalls: list[str] = []
    why: list[Line]
    expected_timeline: list[TimelineEntry] = []
    steroid_trial: SteroidTrial | None = None
    # what comes next for this patient if this step does not work (None where no next step follows)
    next_if_no_response: Line | None = None


def scenario_problems(error: ValidationError) -> list[str]:
    """Turn a pydantic error into one readable line per field, naming the field."""
    lines = []
    for err in error.errors():
        field = ".".join(str(part) for part in err["loc"]) or "scenario"
        if err["type"] == "extra_forbidden":
            lines.append(f"{field}: unknown field")
        else:
            lines.append(f"{field}: {err['msg']}")
    return lines
