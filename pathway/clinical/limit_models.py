"""Safety limits as content: the models behind ``limits:`` in therapies.yaml and content/limits.yaml.

A therapy lists its own limits, each cited; the engine (through :mod:`pathway.clinical.limits`)
reads them, so a new limit is a YAML edit. ``content/limits.yaml`` holds what belongs to no single
product: the age bands, steroid potency by age and site, and the plausible weight for each age.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from pathway.clinical.base import UK_POTENCIES, UK_RANK, AgeBandId, Band, Site, Strict, UkPotency


class _Limit(Strict):
    text: str = Field(min_length=3)  # what the limit says, in our own words, shown with the option
    sources: list[str] = Field(min_length=1)


class MinAge(_Limit):
    """Not offered below this age."""

    kind: Literal["min_age"]
    months: float = Field(gt=0)


class MaxAge(_Limit):
    """Not offered from this age on (the source covers younger patients only)."""

    kind: Literal["max_age"]
    months: float = Field(gt=0)


class SpecialistOnly(_Limit):
    """Below this age the therapy is a referral, not a prescription: no protocol, no dose.

    ``only_for``: below the age it is listed (as a referral) only for disease of these bands that also
    affects quality of life; otherwise it is left out and ``not_for_text`` says why.
    """

    kind: Literal["specialist_only"]
    below_months: float = Field(gt=0)
    only_for: list[Band] = []
    only_with_qol_impact: bool = False
    not_for_text: str | None = None

    @model_validator(mode="after")
    def _explained(self) -> SpecialistOnly:
        if (self.only_for or self.only_with_qol_impact) and not self.not_for_text:
            raise ValueError("only_for needs not_for_text saying why it is left out otherwise")
        return self


class SiteLimit(_Limit):
    """Not used on these sites (``not_used``), or only for a short course (``brief``)."""

    kind: Literal["site"]
    sites: list[Site] = Field(min_length=1)
    use: Literal["not_used", "brief"]


class DoseCeiling(_Limit):
    """A weight-based daily dose is never shown above this adult maximum (and, when given, above
    ``mg_per_kg_per_day`` times the weight). A weight-based dose without a ceiling is never multiplied."""

    kind: Literal["max_daily_dose"]
    mg_per_day: float = Field(gt=0)
    mg_per_kg_per_day: float | None = Field(default=None, gt=0)


class AdultDoseOnly(_Limit):
    """The documented dose is an adult one: below this age no figure is shown."""

    kind: Literal["adult_dose_only"]
    below_months: float = Field(gt=0)


class SeverityGate(Strict):
    """Why a therapy is kept to some severity bands, cited (the tool's own reading says so)."""

    text: str = Field(min_length=3)
    sources: list[str] = Field(min_length=1)


class ImmuneLimit(_Limit):
    """When immunocompromised: not offered (``exclude``) or only through a specialist."""

    kind: Literal["immunocompromised"]
    action: Literal["exclude", "specialist"]


class Caution(_Limit):
    """Shown with the therapy, without barring it: below an age and/or on some sites (else always)."""

    kind: Literal["caution"]
    below_months: float | None = Field(default=None, gt=0)
    sites: list[Site] = []


Limit = Annotated[
    MinAge | MaxAge | SpecialistOnly | SiteLimit | DoseCeiling | AdultDoseOnly | ImmuneLimit | Caution,
    Field(discriminator="kind"),
]


class AgeBand(Strict):
    id: AgeBandId
    label: str
    below_months: float | None = None  # None for the last band (adults)
    sources: list[str] = Field(min_length=1)


class PotencyLimit(Strict):
    """How strong a topical steroid may be, for some age bands on some sites, without specialist advice.

    ``routine``: strongest potency for ordinary (and long-term) use; ``brief``: strongest for a short
    course (``brief_course`` says how short). Both ``None``: the sources are silent for this age and
    site, so a potency of ``silent_from`` or stronger is "outside the sources: ask a specialist".
    """

    id: str
    bands: list[AgeBandId] = Field(min_length=1)
    sites: list[Site] = Field(min_length=1)
    routine: UkPotency | None = None
    course: str | None = None  # longest course at the routine potency, in words ("5-7 days")
    course_weeks: float | None = Field(default=None, gt=0)
    brief: UkPotency | None = None
    brief_course: str | None = None
    brief_weeks: float | None = Field(default=None, gt=0)
    long_term: bool = True  # may a maintenance regimen (weeks to months) be used here at all?
    silent_from: UkPotency = "potent"
    text: str = Field(min_length=3)
    sources: list[str] = Field(min_length=1)

    @property
    def silent(self) -> bool:
        return self.routine is None

    @property
    def ceiling(self) -> UkPotency | None:
        """The strongest potency used without specialist advice (None when the sources are silent)."""
        return self.brief or self.routine

    @property
    def strongest_asked(self) -> UkPotency:
        """The strongest potency the tool may ask for here: the ceiling, or the class below ``silent_from``."""
        if self.ceiling is not None:
            return self.ceiling
        return UK_POTENCIES[max(UK_RANK[self.silent_from] - 1, 0)]  # type: ignore[return-value]

    @model_validator(mode="after")
    def _consistent(self) -> PotencyLimit:
        if self.brief is not None and self.routine is None:
            raise ValueError("a brief-course potency needs a routine potency too")
        if self.brief is not None and not (self.brief_course and self.brief_weeks):
            raise ValueError("a brief potency needs brief_course and brief_weeks saying how short the course is")
        if (self.course is None) != (self.course_weeks is None):
            raise ValueError("course and course_weeks go together")
        return self

    def course_for(self, potency: UkPotency) -> tuple[str, float] | None:
        """The longest course (words, weeks) for a UK potency within this limit, or None when not limited."""
        if self.brief is not None and self.routine is not None and UK_RANK[potency] > UK_RANK[self.routine]:
            return self.brief_course, self.brief_weeks  # type: ignore[return-value]
        if self.course is not None:
            return self.course, self.course_weeks  # type: ignore[return-value]
        return None


class WeightBounds(Strict):
    """The weights the tool accepts as plausible for an age band (an input check, not a clinical limit)."""

    band: AgeBandId
    min_kg: float = Field(gt=0)
    max_kg: float = Field(gt=0)


class LimitsFile(Strict):
    age_bands: list[AgeBand] = Field(min_length=1)
    steroid_potency: list[PotencyLimit] = Field(min_length=1)
    plausible_weight: list[WeightBounds] = Field(min_length=1)
    plausible_weight_note: str = Field(min_length=3)
