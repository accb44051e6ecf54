"""Severity calculators and bands (pathway.clinical.scores, content/severity_scores.yaml).

Expected values are written as arithmetic from the reference ("Severity instruments" in
shared/reference/beyond-the-sources.md), never copied from the code under test.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pathway.clinical.scores import (
    DEFAULT_PATH,
    EASI_REGIONS,
    Band,
    BandScheme,
    Instrument,
    InstrumentsFile,
    RegionScore,
    band_for,
    dlqi,
    easi,
    easi_area_score,
    instrument_citations,
    load_instruments,
    objective_scorad,
    poem,
    poem_item_score,
    scorad,
)

INSTRUMENTS = load_instruments()


def region(e: int = 0, i: int = 0, x: int = 0, li: int = 0, area: float = 0) -> RegionScore:
    return RegionScore(erythema=e, induration=i, excoriation=x, lichenification=li, area_percent=area)


def all_regions(r: RegionScore) -> dict[str, RegionScore]:
    return {name: r for name in EASI_REGIONS}


# ---------------------------------------------------------------- content file


def test_yaml_validates_with_instruments_file() -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    parsed = InstrumentsFile.model_validate(data)
    assert [i.id for i in parsed.instruments] == ["scorad", "objective_scorad", "easi", "poem", "dlqi", "viga"]
    for inst in parsed.instruments:
        assert sum(s.primary for s in inst.schemes) == 1


def test_ranges_match_the_reference() -> None:
    expected = {
        "scorad": (0, 100 / 5 + 7 * 18 / 2 + 20),
        "objective_scorad": (0, 100 / 5 + 7 * 18 / 2),
        "easi": (0, 12 * 6 * (0.1 + 0.2 + 0.3 + 0.4)),
        "poem": (0, 7 * 4),
        "dlqi": (0, 10 * 3),
        "viga": (0, 4),
    }
    for inst_id, (low, high) in expected.items():
        inst = INSTRUMENTS[inst_id]
        assert (inst.minimum, inst.maximum) == pytest.approx((low, high)), inst_id


def test_sources_and_notes() -> None:
    cites = {where: src for where, src in instrument_citations(InstrumentsFile(instruments=list(INSTRUMENTS.values())))}
    assert cites["severity_scores.yaml: instruments.scorad.schemes.common.sources"] == ["ctx_scorad"]
    assert cites["severity_scores.yaml: instruments.scorad.schemes.chopra_2017.sources"] == ["ctx_chopra_2017"]
    assert cites["severity_scores.yaml: instruments.easi.schemes.leshem_2015.sources"] == ["ctx_leshem_2015"]
    assert cites["severity_scores.yaml: instruments.poem.schemes.charman_2013.sources"] == ["ctx_charman_2013"]
    assert cites["severity_scores.yaml: instruments.dlqi.schemes.hongbo_2005.sources"] == ["ctx_hongbo_2005"]
    assert cites["severity_scores.yaml: instruments.viga.sources"] == ["ctx_viga"]
    assert cites["severity_scores.yaml: instruments.easi.sources"] == ["ctx_easi"]
    assert INSTRUMENTS["scorad"].scheme().id == "common"
    assert "unconfirmed" in (INSTRUMENTS["scorad"].scheme().note or "")
    assert any("darker skin" in n.text for n in INSTRUMENTS["easi"].notes)
    mid = INSTRUMENTS["dlqi"].minimal_important_difference
    assert mid is not None and mid.value == 4


# ---------------------------------------------------------------- extremes


MAX_INTENSITY = [3] * 6


def test_scorad_extremes() -> None:
    assert scorad(100, MAX_INTENSITY, 10, 10) == pytest.approx(100 / 5 + 7 * 18 / 2 + 20)  # 103
    assert scorad(0, [0] * 6, 0, 0) == 0


def test_objective_scorad_extremes() -> None:
    assert objective_scorad(100, MAX_INTENSITY) == pytest.approx(100 / 5 + 7 * 18 / 2)  # 83
    assert objective_scorad(0, [0] * 6) == 0


@pytest.mark.parametrize("age", [0, 2, 7, 7.99, 8, 30, 90])
def test_easi_extremes_for_both_age_groups(age: float) -> None:
    assert easi(all_regions(region(3, 3, 3, 3, 100)), age) == pytest.approx(12 * 6 * 1.0)  # 72
    assert easi(all_regions(region()), age) == 0


def test_poem_and_dlqi_extremes() -> None:
    assert poem([4] * 7) == 7 * 4
    assert poem([0] * 7) == 0
    assert dlqi([3] * 10) == 10 * 3
    assert dlqi([0] * 10) == 0


def test_each_scorad_input_has_its_coefficient() -> None:
    base = scorad(20, [1, 1, 1, 1, 1, 1], 3, 4)
    assert base == pytest.approx(20 / 5 + 7 * 6 / 2 + 3 + 4)
    assert scorad(25, [1] * 6, 3, 4) - base == pytest.approx(5 / 5)
    assert scorad(20, [2, 1, 1, 1, 1, 1], 3, 4) - base == pytest.approx(7 / 2)
    assert scorad(20, [1] * 6, 4, 4) - base == pytest.approx(1)
    assert scorad(20, [1] * 6, 3, 5) - base == pytest.approx(1)
    assert scorad(20, [1] * 6, 3, 4) - objective_scorad(20, [1] * 6) == pytest.approx(3 + 4)


def test_easi_worked_example_adult_and_child() -> None:
    regions = {
        "head_neck": region(2, 1, 1, 0, 15),  # signs 4, area 2
        "upper_limbs": region(1, 1, 0, 0, 5),  # signs 2, area 1
        "trunk": region(3, 2, 2, 1, 45),  # signs 8, area 3
        "lower_limbs": region(2, 2, 1, 1, 75),  # signs 6, area 5
    }
    assert easi(regions, 30) == pytest.approx(4 * 2 * 0.1 + 2 * 1 * 0.2 + 8 * 3 * 0.3 + 6 * 5 * 0.4)
    assert easi(regions, 5) == pytest.approx(4 * 2 * 0.2 + 2 * 1 * 0.2 + 8 * 3 * 0.3 + 6 * 5 * 0.3)
    as_dicts = {k: v.model_dump() for k, v in regions.items()}
    assert easi(as_dicts, 30) == easi(regions, 30)


@pytest.mark.parametrize(("age", "head_weight"), [(0, 0.2), (7, 0.2), (7.99, 0.2), (8, 0.1), (40, 0.1)])
def test_easi_age_weights(age: float, head_weight: float) -> None:
    regions = all_regions(region())
    regions["head_neck"] = region(1, 0, 0, 0, 50)  # signs 1, area 4
    assert easi(regions, age) == pytest.approx(1 * 4 * head_weight)


@pytest.mark.parametrize(
    ("percent", "score"),
    [(0, 0), (0.5, 1), (1, 1), (9, 1), (9.5, 1), (9.99, 1), (10, 2), (29, 2), (29.9, 2), (30, 3),
     (49, 3), (49.5, 3), (50, 4), (69, 4), (70, 5), (89, 5), (89.9, 5), (90, 6), (100, 6)],
)
def test_easi_area_score_table(percent: float, score: int) -> None:
    assert easi_area_score(percent) == score


@pytest.mark.parametrize(("days", "score"), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4)])
def test_poem_item_score(days: int, score: int) -> None:
    assert poem_item_score(days) == score


# ---------------------------------------------------------------- bands

# (instrument, scheme or None for primary, value, label) typed from the reference text.
EDGES = [
    ("scorad", None, 0, "mild"), ("scorad", None, 24.99, "mild"), ("scorad", None, 25, "moderate"),
    ("scorad", None, 50, "moderate"), ("scorad", None, 50.01, "severe"), ("scorad", None, 103, "severe"),
    ("scorad", None, 25 - 1e-12, "moderate"),  # floating-point noise around the edge
    ("scorad", "chopra_2017", 9.9, "clear"), ("scorad", "chopra_2017", 9.95, "mild"),
    ("scorad", "chopra_2017", 10, "mild"), ("scorad", "chopra_2017", 28.9, "mild"),
    ("scorad", "chopra_2017", 28.95, "moderate"), ("scorad", "chopra_2017", 29, "moderate"),
    ("scorad", "chopra_2017", 48.9, "moderate"), ("scorad", "chopra_2017", 49, "severe"),
    ("scorad", "chopra_2017", 103, "severe"),
    ("objective_scorad", None, 0, "below the mild stratum (not banded by the source)"),
    ("objective_scorad", None, 7.9, "below the mild stratum (not banded by the source)"),
    ("objective_scorad", None, 7.95, "mild"), ("objective_scorad", None, 8, "mild"),
    ("objective_scorad", None, 23.9, "mild"), ("objective_scorad", None, 24, "moderate"),
    ("objective_scorad", None, 37.9, "moderate"), ("objective_scorad", None, 38, "severe"),
    ("objective_scorad", None, 83, "severe"),
    ("easi", None, 0, "clear"), ("easi", None, 0.05, "almost clear"), ("easi", None, 0.1, "almost clear"),
    ("easi", None, 1, "almost clear"), ("easi", None, 1.05, "mild"), ("easi", None, 1.1, "mild"),
    ("easi", None, 7, "mild"), ("easi", None, 7.1, "moderate"), ("easi", None, 21, "moderate"),
    ("easi", None, 21.1, "severe"), ("easi", None, 50, "severe"), ("easi", None, 50.1, "very severe"),
    ("easi", None, 72, "very severe"),
    ("poem", None, 0, "clear or almost clear"), ("poem", None, 2, "clear or almost clear"),
    ("poem", None, 3, "mild"), ("poem", None, 7, "mild"), ("poem", None, 8, "moderate"),
    ("poem", None, 16, "moderate"), ("poem", None, 17, "severe"), ("poem", None, 24, "severe"),
    ("poem", None, 25, "very severe"), ("poem", None, 28, "very severe"),
    ("dlqi", None, 0, "no effect on the patient's life"), ("dlqi", None, 1, "no effect on the patient's life"),
    ("dlqi", None, 2, "small effect"), ("dlqi", None, 5, "small effect"), ("dlqi", None, 6, "moderate effect"),
    ("dlqi", None, 10, "moderate effect"), ("dlqi", None, 11, "very large effect"),
    ("dlqi", None, 20, "very large effect"), ("dlqi", None, 21, "extremely large effect"),
    ("dlqi", None, 30, "extremely large effect"),
    ("viga", None, 0, "clear"), ("viga", None, 1, "almost clear"), ("viga", None, 2, "mild"),
    ("viga", None, 3, "moderate"), ("viga", None, 4, "severe"),
]


@pytest.mark.parametrize(("inst", "scheme", "value", "label"), EDGES)
def test_reference_band_edges(inst: str, scheme: str | None, value: float, label: str) -> None:
    assert band_for(INSTRUMENTS[inst], value, scheme).label == label


SCHEMES = [(i, s) for i in INSTRUMENTS.values() for s in i.schemes]


@pytest.mark.parametrize(("inst", "scheme"), SCHEMES, ids=[f"{i.id}-{s.id}" for i, s in SCHEMES])
def test_every_band_edge_of_every_scheme(inst: Instrument, scheme: BandScheme) -> None:
    step = 0.01
    for band in scheme.bands:
        if not band.low_open:
            assert band_for(inst, band.low, scheme.id) == band
        if not band.high_open:
            assert band_for(inst, band.high, scheme.id) == band
    for prev, nxt in zip(scheme.bands, scheme.bands[1:]):
        if prev.high - step >= prev.low:
            assert band_for(inst, prev.high - step, scheme.id) == prev  # just below the boundary
        if nxt.low + step <= nxt.high:
            assert band_for(inst, nxt.low + step, scheme.id) == nxt  # just above the boundary
        if prev.high < nxt.low:
            assert band_for(inst, (prev.high + nxt.low) / 2, scheme.id) == nxt  # in the gap: higher band
        else:  # shared edge: it belongs to the side that keeps it closed
            assert band_for(inst, nxt.low, scheme.id) == (nxt if prev.high_open else prev)
    assert band_for(inst, inst.minimum, scheme.id) == scheme.bands[0]
    assert band_for(inst, inst.maximum, scheme.id) == scheme.bands[-1]


@pytest.mark.parametrize("inst", list(INSTRUMENTS.values()), ids=list(INSTRUMENTS))
def test_band_for_rejects_out_of_range(inst: Instrument) -> None:
    for bad in (inst.minimum - 0.01, inst.maximum + 0.01, math.nan):
        with pytest.raises(ValueError, match="^value"):
            band_for(inst, bad)
    with pytest.raises(ValueError, match="^scheme_id"):
        band_for(inst, inst.minimum, "no_such_scheme")


@given(data=st.data())
def test_band_for_is_monotonic_and_consistent(data: st.DataObject) -> None:
    inst, scheme = data.draw(st.sampled_from(SCHEMES))
    a, b = sorted(data.draw(st.lists(st.floats(inst.minimum, inst.maximum), min_size=2, max_size=2)))
    band_a, band_b = band_for(inst, a, scheme.id), band_for(inst, b, scheme.id)
    assert scheme.bands.index(band_a) <= scheme.bands.index(band_b)
    i = scheme.bands.index(band_a)
    in_gap_before = i > 0 and scheme.bands[i - 1].high < round(a, 6) < band_a.low
    assert band_a.contains(round(a, 6)) or in_gap_before


# ---------------------------------------------------------------- scheme validation


def _scheme(bands: list[dict], **kw: object) -> dict:
    return {"id": "s", "name": "S", "primary": True, "sources": ["x"], "bands": bands, **kw}


def _instrument(schemes: list[dict], minimum: float = 0, maximum: float = 10) -> dict:
    return {"id": "t", "name": "T", "minimum": minimum, "maximum": maximum, "formula": "sum",
            "description": "test", "sources": ["x"], "schemes": schemes}


GOOD = [{"label": "a", "low": 0, "high": 5, "high_open": True}, {"label": "b", "low": 5, "high": 10}]


@pytest.mark.parametrize(
    "schemes",
    [
        [_scheme([{"label": "a", "low": 0, "high": 6}, {"label": "b", "low": 5, "high": 10}])],  # overlap
        [_scheme([{"label": "a", "low": 0, "high": 5}, {"label": "b", "low": 5, "high": 10}])],  # shared closed
        [_scheme([{"label": "a", "low": 0, "high": 4}, {"label": "b", "low": 6, "high": 10}])],  # gap > 1
        [_scheme([{"label": "a", "low": 0, "high": 10}, {"label": "b", "low": 5, "high": 8}])],  # out of order
        [_scheme([{"label": "a", "low": 6, "high": 5}, {"label": "b", "low": 6, "high": 10}])],  # low > high
        [_scheme([{"label": "a", "low": 1, "high": 5}, {"label": "b", "low": 5.5, "high": 10}])],  # misses 0
        [_scheme([{"label": "a", "low": 0, "high": 5}, {"label": "b", "low": 5.5, "high": 9}])],  # misses 10
        [_scheme([{"label": "a", "low": 0, "high": 10, "high_open": True}])],  # maximum left open
        [_scheme(GOOD), _scheme(GOOD, id="s2")],  # two primary schemes
        [_scheme(GOOD, primary=False)],  # no primary scheme
        [_scheme(GOOD), _scheme(GOOD, primary=False)],  # duplicate scheme id
        [_scheme(GOOD, extra_field=1)],  # unknown field
    ],
)
def test_invalid_schemes_are_rejected(schemes: list[dict]) -> None:
    with pytest.raises(ValidationError):
        InstrumentsFile.model_validate({"instruments": [_instrument(schemes)]})


def test_valid_scheme_and_duplicate_instrument() -> None:
    inst = _instrument([_scheme(GOOD)])
    assert InstrumentsFile.model_validate({"instruments": [inst]}).instruments[0].id == "t"
    with pytest.raises(ValidationError, match="share an id"):
        InstrumentsFile.model_validate({"instruments": [inst, inst]})
    with pytest.raises(ValidationError):
        InstrumentsFile.model_validate({"instruments": [inst], "extra": 1})
    band = Band(label="x", low=0, high=5, high_open=True)
    assert band.contains(0) and band.contains(4.99) and not band.contains(5)


# ---------------------------------------------------------------- invalid input


OK6 = [1] * 6


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (lambda: scorad(-0.1, OK6, 0, 0), "extent_percent"),
        (lambda: scorad(100.1, OK6, 0, 0), "extent_percent"),
        (lambda: scorad(math.nan, OK6, 0, 0), "extent_percent"),
        (lambda: scorad(10, [1] * 5, 0, 0), "intensity"),
        (lambda: scorad(10, [1] * 7, 0, 0), "intensity"),
        (lambda: scorad(10, [1, 1, 1, 1, 1, 4], 0, 0), "intensity"),
        (lambda: scorad(10, [1, 1, 1, 1, 1, -1], 0, 0), "intensity"),
        (lambda: scorad(10, [1, 1, 1, 1, 1, 1.5], 0, 0), "intensity"),
        (lambda: scorad(10, OK6, 10.5, 0), "itch"),
        (lambda: scorad(10, OK6, -1, 0), "itch"),
        (lambda: scorad(10, OK6, 0, 11), "sleep"),
        (lambda: scorad(10, OK6, 0, -0.5), "sleep"),
        (lambda: objective_scorad(101, OK6), "extent_percent"),
        (lambda: objective_scorad(10, "111111"), "intensity"),
        (lambda: easi_area_score(100.5), "percent"),
        (lambda: easi_area_score(-1), "percent"),
        (lambda: easi(all_regions(region()), -1), "age_years"),
        (lambda: easi(all_regions(region()), math.inf), "age_years"),
        (lambda: easi({"head_neck": region()}, 30), "regions"),
        (lambda: easi({**all_regions(region()), "neck": region()}, 30), "regions"),
        (lambda: easi({**all_regions(region()), "trunk": {**region().model_dump(), "erythema": 4}}, 30), "regions"),
        (lambda: easi({**all_regions(region()), "trunk": {**region().model_dump(), "area_percent": 101}}, 30),
         "regions"),
        (lambda: poem([1] * 6), "answers"),
        (lambda: poem([1] * 6 + [5]), "answers"),
        (lambda: dlqi([1] * 11), "answers"),
        (lambda: dlqi([1] * 9 + [4]), "answers"),
        (lambda: dlqi([1] * 9 + [True]), "answers"),
        (lambda: poem_item_score(8), "days"),
        (lambda: poem_item_score(-1), "days"),
        (lambda: poem_item_score(2.5), "days"),
    ],
)
def test_invalid_input_names_the_argument(call, arg: str) -> None:
    with pytest.raises(ValueError, match=f"^{arg}"):
        call()


@pytest.mark.parametrize("field", ["erythema", "induration", "excoriation", "lichenification", "area_percent"])
def test_region_score_names_the_field(field: str) -> None:
    values = {**region().model_dump(), field: 101 if field == "area_percent" else 4}
    with pytest.raises(ValueError, match=field):
        RegionScore(**values)


# ---------------------------------------------------------------- properties

extents = st.floats(0, 100)
grades6 = st.lists(st.integers(0, 3), min_size=6, max_size=6)
vas = st.floats(0, 10)
region_scores = st.builds(
    RegionScore, erythema=st.integers(0, 3), induration=st.integers(0, 3), excoriation=st.integers(0, 3),
    lichenification=st.integers(0, 3), area_percent=st.floats(0, 100),
)
region_maps = st.fixed_dictionaries({name: region_scores for name in EASI_REGIONS})
ages = st.floats(0, 120)


def within(inst_id: str, value: float) -> bool:
    inst = INSTRUMENTS[inst_id]
    band_for(inst, value)  # must not raise
    return inst.minimum <= value <= inst.maximum


@given(extents, grades6, vas, vas)
def test_scorad_in_range(a: float, b: list[int], itch: float, sleep: float) -> None:
    assert within("scorad", scorad(a, b, itch, sleep))
    assert within("objective_scorad", objective_scorad(a, b))


@given(region_maps, ages)
def test_easi_in_range(regions: dict[str, RegionScore], age: float) -> None:
    assert within("easi", easi(regions, age))


@given(st.lists(st.integers(0, 4), min_size=7, max_size=7), st.lists(st.integers(0, 3), min_size=10, max_size=10))
def test_poem_dlqi_in_range(p: list[int], d: list[int]) -> None:
    assert within("poem", poem(p)) and within("dlqi", dlqi(d))


@given(st.integers(0, 7), st.integers(0, 7))
def test_poem_item_score_monotonic(d1: int, d2: int) -> None:
    lo, hi = sorted((d1, d2))
    assert 0 <= poem_item_score(lo) <= poem_item_score(hi) <= 4


@given(extents, grades6, vas, vas, st.data())
def test_scorad_monotonic_in_each_input(a: float, b: list[int], itch: float, sleep: float, data) -> None:
    base = scorad(a, b, itch, sleep)
    assert scorad(data.draw(st.floats(a, 100)), b, itch, sleep) >= base
    assert scorad(a, b, data.draw(st.floats(itch, 10)), sleep) >= base
    assert scorad(a, b, itch, data.draw(st.floats(sleep, 10))) >= base
    k = data.draw(st.integers(0, 5))
    raised = b[:k] + [data.draw(st.integers(b[k], 3))] + b[k + 1:]
    assert scorad(a, raised, itch, sleep) >= base
    assert objective_scorad(a, raised) >= objective_scorad(a, b)


@given(region_maps, ages, st.sampled_from(EASI_REGIONS),
       st.sampled_from(["erythema", "induration", "excoriation", "lichenification", "area_percent"]), st.data())
def test_easi_monotonic_in_each_input(regions, age: float, name: str, field: str, data) -> None:
    old = regions[name]
    current = getattr(old, field)
    higher = data.draw(st.floats(current, 100) if field == "area_percent" else st.integers(current, 3))
    changed = {**regions, name: old.model_copy(update={field: higher})}
    assert easi(changed, age) >= easi(regions, age)


@given(st.floats(0, 100), st.floats(0, 100))
def test_easi_area_score_monotonic(p1: float, p2: float) -> None:
    lo, hi = sorted((p1, p2))
    assert 0 <= easi_area_score(lo) <= easi_area_score(hi) <= 6


@given(st.lists(st.integers(0, 4), min_size=7, max_size=7), st.integers(0, 6), st.data())
def test_poem_dlqi_monotonic(p: list[int], k: int, data) -> None:
    raised = p[:k] + [data.draw(st.integers(p[k], 4))] + p[k + 1:]
    assert poem(raised) >= poem(p)
    d = data.draw(st.lists(st.integers(0, 3), min_size=10, max_size=10))
    j = data.draw(st.integers(0, 9))
    d_raised = d[:j] + [data.draw(st.integers(d[j], 3))] + d[j + 1:]
    assert dlqi(d_raised) >= dlqi(d)
