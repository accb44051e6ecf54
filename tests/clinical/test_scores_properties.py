"""Severity calculators and bands (pathway.clinical.scores, content/severity_scores.yaml):
properties over random input: every score stays in its range and never falls when an input rises.

Expected values are written as arithmetic from the reference ("Severity instruments" in
shared/reference/beyond-the-sources.md), never copied from the code under test.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from score_cases import INSTRUMENTS

from pathway.clinical.scores import (
    EASI_REGIONS,
    RegionScore,
    band_for,
    dlqi,
    easi,
    easi_area_score,
    objective_scorad,
    poem,
    poem_item_score,
    scorad,
)

# ---------------------------------------------------------------- properties

extents = st.floats(0, 100)
grades6 = st.lists(st.integers(0, 3), min_size=6, max_size=6)
vas = st.floats(0, 10)
region_scores = st.builds(
    RegionScore,
    erythema=st.integers(0, 3),
    induration=st.integers(0, 3),
    excoriation=st.integers(0, 3),
    lichenification=st.integers(0, 3),
    area_percent=st.floats(0, 100),
)
region_maps = st.fixed_dictionaries(dict.fromkeys(EASI_REGIONS, region_scores))
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
    raised = [*b[:k], data.draw(st.integers(b[k], 3)), *b[k + 1 :]]
    assert scorad(a, raised, itch, sleep) >= base
    assert objective_scorad(a, raised) >= objective_scorad(a, b)


@given(
    region_maps,
    ages,
    st.sampled_from(EASI_REGIONS),
    st.sampled_from(["erythema", "induration", "excoriation", "lichenification", "area_percent"]),
    st.data(),
)
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
    raised = [*p[:k], data.draw(st.integers(p[k], 4)), *p[k + 1 :]]
    assert poem(raised) >= poem(p)
    d = data.draw(st.lists(st.integers(0, 3), min_size=10, max_size=10))
    j = data.draw(st.integers(0, 9))
    d_raised = [*d[:j], data.draw(st.integers(d[j], 3)), *d[j + 1 :]]
    assert dlqi(d_raised) >= dlqi(d)
