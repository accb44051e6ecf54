"""The models behind ``content/steroids.yaml``: what each of the documents' potency words means on the
UK scale, every named product with its UK and US class, and the potency a fair trial (and the steroid
under wet wraps) needs. Judging a steroid with them is :mod:`pathway.clinical.steroids`.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from pathway.clinical.base import AgeBandId, Band, Potency, Site, Strict, UkPotency


class PotencyWord(Strict):
    """One of the scenario's ``tcs_potency`` words (never "none") and its place on the UK scale."""

    word: Potency
    label: str
    uk: UkPotency  # what every age and site limit treats the word as, when no product is named
    us: str  # the US classes the word covers, in words
    text: str = Field(min_length=3)
    sources: list[str] = Field(min_length=1)


class Product(Strict):
    """A named topical steroid: its UK class (what limits apply to) and its US class (shown beside it)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    uk: UkPotency
    us_class: str
    word: Potency | None = None  # the documents' word for it; None for products sold only in the UK
    sources: list[str] = Field(min_length=1)


class Need(Strict):
    """The least potency a steroid must have, for patients matching every condition given."""

    id: str
    bands: list[AgeBandId] = []
    sites: list[Site] = []
    severity: list[Band] = []
    uk: UkPotency | None = None  # on the UK scale
    us: Potency | None = None  # in the documents' words
    needs_by_severity: dict[Band, UkPotency] | None = None  # UK scale, by severity band
    offer: str | None = None  # the steroid therapy to offer for it, when not the weakest-named of its class
    rule: str  # the why-line that states the need

    @model_validator(mode="after")
    def _one_scale(self) -> Need:
        given = [x for x in (self.uk, self.us, self.needs_by_severity) if x is not None]
        if len(given) > 1:
            raise ValueError("give at most one of uk, us and needs_by_severity")
        if self.needs_by_severity is not None and set(self.needs_by_severity) != {"mild", "moderate", "severe"}:
            raise ValueError("needs_by_severity needs mild, moderate and severe")
        return self

    def matches(self, age_band: str, site: str, band: str) -> bool:
        return (
            (not self.bands or age_band in self.bands)
            and (not self.sites or site in self.sites)
            and (not self.severity or band in self.severity)
        )


class SteroidsFile(Strict):
    words: list[PotencyWord] = Field(min_length=1)
    products: list[Product] = Field(min_length=1)
    trial_needs: list[Need] = Field(min_length=1)
    wrap_needs: list[Need] = Field(min_length=1)
