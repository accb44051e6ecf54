"""The shared vocabulary of the clinical core: stages, sites, potencies, bands, and the base models.

Every clinical statement is a :class:`Cited` item: text in our own words plus the ids of the
references that support it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Stage = Literal[
    "eczema_herpeticum",
    "treat_infection",
    "verify_adequacy",
    "complicating_factors",
    "wet_wrap",
    "topical_calcineurin_inhibitor",
    "newer_topicals",
    "phototherapy",
    "systemic",
    "specialist_referral",
    "maintenance",
]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]

Site = Literal["face", "neck", "flexures", "genitals", "hands", "trunk", "back", "limbs"]
SITES: tuple[str, ...] = Site.__args__  # type: ignore[attr-defined]
Potency = Literal["none", "low", "medium", "high", "very_high"]
POTENCIES: tuple[str, ...] = Potency.__args__  # type: ignore[attr-defined]
POTENCY_RANK = {p: rank for rank, p in enumerate(POTENCIES)}
# How a potency reads in a sentence (US "high" is UK "potent"; both documents' terms are given).
POTENCY_WORDS = {"none": "no", "low": "mild", "medium": "moderate (medium)", "high": "potent (high)",
                 "very_high": "very potent"}
Band = Literal["mild", "moderate", "severe"]
AgeBandId = Literal["infant", "child", "adolescent", "adult"]


class Strict(BaseModel):
    """Base model: unknown fields are errors, so a typo in YAML is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(Strict):
    """A statement in our own words with the references that support it."""

    text: str = Field(min_length=3)
    sources: list[str] = Field(min_length=1)


def severity_band(scorad: float) -> Band:
    """SCORAD band used by the tool: mild < 25 <= moderate <= 50 < severe.

    Compared after rounding to 6 decimals, as the score calculators do, so a computed
    24.999999999999996 is the same band here as on the severity scores page.
    """
    scorad = round(scorad, 6)
    if scorad < 25:
        return "mild"
    if scorad <= 50:
        return "moderate"
    return "severe"
