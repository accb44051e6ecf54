"""Severity score calculators (SCORAD, objective SCORAD, EASI, POEM, DLQI) and band look-up.

Pure functions, no UI. Formulas and bands follow the "Severity instruments" section of
shared/reference/beyond-the-sources.md; the bands themselves live in content/severity_scores.yaml.
Out-of-range input raises ``ValueError`` whose message starts with the argument's name.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from numbers import Real
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, model_validator

from pathway.clinical.base import Cited, Strict

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "severity_scores.yaml"
EDGE_DECIMALS = 6  # band_for compares after rounding, so 24.999999999999996 counts as 25
MAX_GAP = 1.0  # the published tables leave gaps of at most one unit (e.g. 9.9 -> 10, 2 -> 3)


class Band(Strict):
    """A labelled range of scores, closed at both ends unless ``low_open``/``high_open``."""

    label: str = Field(min_length=1)
    low: float
    high: float
    low_open: bool = False  # True for "more than low" (e.g. SCORAD severe >50)
    high_open: bool = False  # True for "less than high" (e.g. SCORAD mild <25)

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low > self.high:
            raise ValueError(f"band '{self.label}': low ({self.low:g}) is greater than high ({self.high:g})")
        if self.low == self.high and (self.low_open or self.high_open):
            raise ValueError(f"band '{self.label}': a single-value band cannot have an open edge")
        return self

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below


class BandScheme(Strict):
    id: str
    name: str
    primary: bool
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _contiguous(self) -> BandScheme:
        for prev, band in zip(self.bands, self.bands[1:]):
            where = f"scheme '{self.id}': band '{band.label}'"
            if band.low < prev.high:
                raise ValueError(f"{where} starts ({band.low:g}) below the end of '{prev.label}' ({prev.high:g})")
            if band.low - prev.high > MAX_GAP:
                raise ValueError(f"{where} leaves a gap of more than {MAX_GAP:g} after '{prev.label}'")
            if band.low == prev.high and prev.high_open == band.low_open:
                raise ValueError(f"{where} shares the edge {band.low:g} with '{prev.label}': exactly one must be open")
        return self


class MinimalImportantDifference(Cited):
    value: float = Field(gt=0)


class Instrument(Strict):
    id: str
    name: str
    minimum: float
    maximum: float
    whole_numbers: bool = False  # True when only integer scores are possible (POEM, DLQI, vIGA-AD)
    formula: str = Field(min_length=3)
    description: str = Field(min_length=3)
    sources: list[str] = Field(min_length=1)
    notes: list[Cited] = []
    minimal_important_difference: MinimalImportantDifference | None = None
    schemes: list[BandScheme] = Field(min_length=1)

    @model_validator(mode="after")
    def _covered(self) -> Instrument:
        if self.minimum >= self.maximum:
            raise ValueError(f"instrument '{self.id}': minimum must be less than maximum")
        if sum(s.primary for s in self.schemes) != 1:
            raise ValueError(f"instrument '{self.id}': exactly one scheme must be primary")
        if len({s.id for s in self.schemes}) != len(self.schemes):
            raise ValueError(f"instrument '{self.id}': two schemes share an id")
        for s in self.schemes:
            first, last = s.bands[0], s.bands[-1]
            if first.low != self.minimum or first.low_open:
                raise ValueError(f"scheme '{s.id}': the first band must start at {self.minimum:g} (closed)")
            if last.high != self.maximum or last.high_open:
                raise ValueError(f"scheme '{s.id}': the last band must end at {self.maximum:g} (closed)")
        return self

    def scheme(self, scheme_id: str | None = None) -> BandScheme:
        """The named scheme, or the primary one when ``scheme_id`` is None."""
        for s in self.schemes:
            if (s.id == scheme_id) if scheme_id is not None else s.primary:
                return s
        raise ValueError(f"scheme_id: '{scheme_id}' is not a band scheme of '{self.id}'")


class SiteExtent(Strict):
    """The most body surface a site's rule-of-nines region covers (SCORAD's extent, A)."""

    site: str
    region: str
    percent: float = Field(gt=0, le=100)
    sources: list[str] = Field(min_length=1)


class InstrumentsFile(Strict):
    instruments: list[Instrument] = Field(min_length=1)
    site_extent: list[SiteExtent] = []

    @model_validator(mode="after")
    def _unique(self) -> InstrumentsFile:
        ids = [i.id for i in self.instruments]
        if len(ids) != len(set(ids)):
            raise ValueError("two instruments share an id")
        return self


class RegionScore(Strict):
    """One EASI body region: four signs graded 0-3 and the percentage of the region affected."""

    erythema: int = Field(ge=0, le=3)
    induration: int = Field(ge=0, le=3)
    excoriation: int = Field(ge=0, le=3)
    lichenification: int = Field(ge=0, le=3)
    area_percent: float = Field(ge=0, le=100)


EASI_REGIONS = ("head_neck", "upper_limbs", "trunk", "lower_limbs")
EASI_WEIGHTS = {"adult": (0.1, 0.2, 0.3, 0.4), "child": (0.2, 0.2, 0.3, 0.3)}
EASI_CHILD_BELOW_YEARS = 8  # "age 7 and under" read in completed years: 7.9 is still 7
SCORAD_ITEMS = 6
POEM_ITEMS = 7
DLQI_ITEMS = 10


def _number(name: str, value: float, low: float, high: float) -> float:
    ok = not isinstance(value, bool) and isinstance(value, Real) and math.isfinite(value)
    if not ok or not low <= value <= high:
        raise ValueError(f"{name} must be a finite number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _grades(name: str, values: Sequence[int], count: int, high: int) -> list[int]:
    """Check ``count`` whole-number grades from 0 to ``high``; 2.0 is accepted as 2."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or len(values) != count:
        raise ValueError(f"{name} must be a sequence of {count} items, got {values!r}")
    return [_whole(f"{name}[{i}]", v, high) for i, v in enumerate(values)]


def _whole(name: str, value: int, high: int) -> int:
    ok = not isinstance(value, bool) and isinstance(value, Real) and float(value).is_integer()
    if not ok or not 0 <= value <= high:
        raise ValueError(f"{name} must be a whole number from 0 to {high}, got {value!r}")
    return int(value)


def objective_scorad(extent_percent: float, intensity: Sequence[int]) -> float:
    """Objective SCORAD = A/5 + 7B/2: extent A 0-100 %, six intensity items B each 0-3. Range 0-83."""
    a = _number("extent_percent", extent_percent, 0, 100)
    b = sum(_grades("intensity", intensity, SCORAD_ITEMS, 3))
    return a / 5 + 7 * b / 2


def scorad(extent_percent: float, intensity: Sequence[int], itch: float, sleep: float) -> float:
    """SCORAD = A/5 + 7B/2 + C, where C = itch + sleep loss (each 0-10). Range 0-103."""
    c = _number("itch", itch, 0, 10) + _number("sleep", sleep, 0, 10)
    return objective_scorad(extent_percent, intensity) + c


def scorad_least_extent(score: float) -> float:
    """The least extent (% of body surface) a SCORAD can come from: every other part at its maximum
    (intensity 18, so 7B/2 = 63; itch and sleep loss 20)."""
    return max(0.0, 5 * (score - scorad(0, [3] * 6, 10, 10)))


def easi_area_score(percent: float) -> int:
    """Area score 0-6 for the percentage of a region affected.

    The table's whole-number ranges (1-9, 10-29, 30-49, 50-69, 70-89, 90-100) are read as
    "from the stated lower limit": any involvement above 0 and under 10 % scores 1, so 9.5 % scores
    1 and 10 % scores 2; 29.9 % scores 2; 90 % and over scores 6.
    """
    p = _number("percent", percent, 0, 100)
    if p == 0:
        return 0
    return 1 + sum(p >= limit for limit in (10, 30, 50, 70, 90))


def easi(regions: Mapping[str, RegionScore], age_years: float) -> float:
    """EASI: sum over the four regions of (sum of four signs) x area score x region weight.

    Weights head/neck, upper limbs, trunk, lower limbs: 0.1, 0.2, 0.3, 0.4; for children aged 7
    and under (``age_years`` below 8, i.e. 7 in completed years) 0.2, 0.2, 0.3, 0.3. Range 0-72.
    The result lies on a 0.1 grid and is rounded to one decimal to drop floating-point noise.
    Region values may be :class:`RegionScore` or mappings with the same fields.
    """
    age = _number("age_years", age_years, 0, math.inf)
    if not isinstance(regions, Mapping) or set(regions) != set(EASI_REGIONS):
        got = list(regions) if isinstance(regions, Mapping) else regions
        raise ValueError(f"regions must have exactly the keys {list(EASI_REGIONS)}, got {got!r}")
    weights = EASI_WEIGHTS["child" if age < EASI_CHILD_BELOW_YEARS else "adult"]
    total = 0.0
    for name, weight in zip(EASI_REGIONS, weights):
        region = regions[name]
        if not isinstance(region, RegionScore):
            try:
                region = RegionScore.model_validate(region)
            except ValidationError as exc:
                raise ValueError(f"regions['{name}'] is not a valid region score: {exc}") from None
        signs = region.erythema + region.induration + region.excoriation + region.lichenification
        total += signs * easi_area_score(region.area_percent) * weight
    return round(total, 1)


def poem_item_score(days: int) -> int:
    """POEM item score from the number of days in the past week: 0, 1-2, 3-4, 5-6, 7 -> 0..4."""
    return (_whole("days", days, 7) + 1) // 2


def poem(answers: Sequence[int]) -> int:
    """POEM total: seven item scores, each 0-4. Range 0-28."""
    return sum(_grades("answers", answers, POEM_ITEMS, 4))


def dlqi(answers: Sequence[int]) -> int:
    """DLQI total: ten items, each 0-3. Range 0-30."""
    return sum(_grades("answers", answers, DLQI_ITEMS, 3))


def band_for(instrument: Instrument, value: float, scheme_id: str | None = None) -> Band:
    """The band of ``scheme_id`` (primary scheme by default) that ``value`` falls in.

    Rule: a value belongs to the band whose range holds it (closed edges unless the band says
    ``low_open``/``high_open``). A value in a gap between one band's high and the next band's low
    (EASI 1.05, SCORAD 9.95 in the Chopra strata) goes to the higher band. Values are rounded to
    ``EDGE_DECIMALS`` places first. Outside [minimum, maximum] raises ``ValueError``.
    """
    scheme = instrument.scheme(scheme_id)
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value):
        raise ValueError(f"value must be a number, got {value!r}")
    v = round(float(value), EDGE_DECIMALS)
    if not instrument.minimum <= v <= instrument.maximum:
        raise ValueError(
            f"value {value!r} is outside the {instrument.name} range {instrument.minimum:g}-{instrument.maximum:g}"
        )
    for band in scheme.bands:
        if v < band.high or (v == band.high and not band.high_open):
            return band
    raise AssertionError("unreachable: the last band ends at the maximum")  # pragma: no cover


def load_instruments(path: str | Path = DEFAULT_PATH) -> dict[str, Instrument]:
    """Read and validate the instruments file; instrument id -> :class:`Instrument`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {i.id: i for i in InstrumentsFile.model_validate(data).instruments}


def instrument_citations(file: InstrumentsFile) -> Iterator[tuple[str, list[str]]]:
    """Yield (where, sources) for every cited item, in the loader's ``file: path`` format."""
    for extent in file.site_extent:
        yield f"severity_scores.yaml: site_extent.{extent.site}", extent.sources
    for i in file.instruments:
        where = f"severity_scores.yaml: instruments.{i.id}"
        yield f"{where}.sources", i.sources
        for s in i.schemes:
            yield f"{where}.schemes.{s.id}.sources", s.sources
        for n, note in enumerate(i.notes):
            yield f"{where}.notes.[{n}]", note.sources
        if i.minimal_important_difference:
            yield f"{where}.minimal_important_difference", i.minimal_important_difference.sources
