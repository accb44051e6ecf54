"""The shared vocabulary of the clinical core: stages, sites, potency on both scales, bands, and the base models.

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
# The documents' words for a steroid's potency (the scenario contract's ``tcs_potency``; US scale).
Potency = Literal["none", "low", "medium", "high", "very_high"]
POTENCIES: tuple[str, ...] = Potency.__args__  # type: ignore[attr-defined]
POTENCY_RANK = {p: rank for rank, p in enumerate(POTENCIES)}
# The UK scale (BNF, NICE): every age and site limit is written on it (content/steroids.yaml, limits.yaml).
UkPotency = Literal["mild", "moderate", "potent", "very_potent"]
UK_POTENCIES: tuple[str, ...] = UkPotency.__args__  # type: ignore[attr-defined]
UK_RANK = {p: rank for rank, p in enumerate(UK_POTENCIES)}
UK_WORDS = {"mild": "mild", "moderate": "moderate", "potent": "potent", "very_potent": "very potent"}
Band = Literal["mild", "moderate", "severe"]
AgeBandId = Literal["infant", "child", "adolescent", "adult"]


class Strict(BaseModel):
    """Base model: unknown fields are errors, so a typo in YAML is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(Strict):
    """A statement in our own words with the references that support it."""

    text: str = Field(min_length=3)
    sources: list[str] = Field(min_length=1)
