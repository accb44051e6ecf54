"""Severity calculators and bands (pathway.clinical.scores, content/severity_scores.yaml): SCORAD,
objective SCORAD, EASI, POEM and DLQI at their extremes and in worked examples, and bad input
named by its argument.

Expected values are written as arithmetic from the reference ("Severity instruments" in
shared/reference/beyond-the-sources.md), never copied from the code under test.
"""

from __future__ import annotations

import math

import pytest
from score_cases import all_regions, region

from pathway.clinical.scores import (
    RegionScore,
    dlqi,
    easi,
    easi_area_score,
    objective_scorad,
    poem,
    poem_item_score,
    scorad,
)

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
    [
        (0, 0),
        (0.5, 1),
        (1, 1),
        (9, 1),
        (9.5, 1),
        (9.99, 1),
        (10, 2),
        (29, 2),
        (29.9, 2),
        (30, 3),
        (49, 3),
        (49.5, 3),
        (50, 4),
        (69, 4),
        (70, 5),
        (89, 5),
        (89.9, 5),
        (90, 6),
        (100, 6),
    ],
)
def test_easi_area_score_table(percent: float, score: int) -> None:
    assert easi_area_score(percent) == score


@pytest.mark.parametrize(("days", "score"), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4)])
def test_poem_item_score(days: int, score: int) -> None:
    assert poem_item_score(days) == score


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
        (
            lambda: easi({**all_regions(region()), "trunk": {**region().model_dump(), "area_percent": 101}}, 30),
            "regions",
        ),
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
