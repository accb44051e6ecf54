"""The public JSON contract: a patient scenario in, a recommendation out.

Instructors' case files, the CLI, the app and the tests all speak these two models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pathway.clinical.models import Stage

Site = Literal["face", "neck", "flexures", "genitals", "hands", "trunk", "back", "limbs"]
SITES: tuple[str, ...] = Site.__args__  # type: ignore[attr-defined]
SENSITIVE_SITES = frozenset({"face", "neck", "flexures", "genitals"})

Potency = Literal["none", "low", "medium", "high", "very_high"]
POTENCIES: tuple[str, ...] = Potency.__args__  # type: ignore[attr-defined]

Sign = Literal[
    "bacterial_infection", "eczema_herpeticum", "contact_dermatitis_suspected", "atypical_presentation"
]
SIGNS: tuple[str, ...] = Sign.__args__  # type: ignore[attr-defined]

Tried = Literal["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"]
TRIED: tuple[str, ...] = Tried.__args__  # type: ignore[attr-defined]

Band = Literal["mild", "moderate", "severe"]

SCORAD_MAX = 103.0


class Scenario(BaseModel):
    """A patient whose atopic dermatitis is not settling on topical corticosteroids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age_years: float = Field(default=30, ge=0, le=120, allow_inf_nan=False)
    weight_kg: float | None = Field(default=None, gt=0, le=400, allow_inf_nan=False)
    site: Site = "trunk"
    scorad: float = Field(default=30, ge=0, le=SCORAD_MAX, allow_inf_nan=False)
    tcs_potency: Potency = "medium"
    applications_per_day: int = Field(default=2, ge=0, le=4)
    weeks_on_treatment: float = Field(default=0, ge=0, le=520, allow_inf_nan=False)
    adherence_confirmed: bool = False
    controlled: bool = False
    signs: tuple[Sign, ...] = ()
    tried: tuple[Tried, ...] = ()
    qol_impact: bool = False
    phototherapy_access: bool = True
    immunocompromised: bool = False

    @property
    def age_months(self) -> float:
        return self.age_years * 12

    @property
    def sensitive_site(self) -> bool:
        return self.site in SENSITIVE_SITES


class Option(BaseModel):
    id: str
    name: str
    therapy_class: str
    strength: str | None = None
    regimen: str
    sources: list[str]
    daily_dose_mg: tuple[float, float] | None = None
    dose: str | None = None
    notes: list[str] = []


class Line(BaseModel):
    """One line of the rule trace or of the warnings, with the references behind it."""

    text: str
    sources: list[str]


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


class Recommendation(BaseModel):
    severity_band: Band
    stage: Stage
    options: list[Option]
    alternatives: list[Alternative] = []
    red_flags: list[str] = []
    refer: bool = False
    refer_urgency: Literal["none", "routine", "same_day"] = "none"
    refer_reasons: list[Line] = []
    warnings: list[Line] = []
    avoid: list[str] = []
    pitfalls: list[str] = []
    why: list[Line]
    expected_timeline: list[TimelineEntry] = []


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
