"""Dose arithmetic with its limits (pathway.clinical.dosing): ranges as the sources give them, the daily
dose for a plausible weight, never above the adult maximum, and no adult figure for a child."""

from __future__ import annotations

import pytest

from pathway.clinical.content import load_content
from pathway.clinical.dosing import dose_for

CONTENT = load_content()
T = CONTENT.therapies


@pytest.mark.parametrize(
    "drug, weight, age, text, daily",
    [
        ("cyclosporine", 40, 30, "3-6 mg/kg/day", (120, 200)),  # 240 capped at 5 mg/kg/day (UK label)
        ("cyclosporine", 50, 30, "3-6 mg/kg/day", (150, 250)),
        ("cyclosporine", 60, 30, "3-6 mg/kg/day", (180, 300)),  # both ceilings meet: 5 x 60 = 300
        ("cyclosporine", 70, 30, "3-6 mg/kg/day", (210, 300)),  # 420 capped at 300 mg a day (AAD 2014)
        ("cyclosporine", 150, 30, "3-6 mg/kg/day", (300, 300)),  # 450-900 would be shown as 300
        ("azathioprine", 70, 30, "1-3 mg/kg/day", None),  # no adult maximum in the sources: never multiplied
        ("methotrexate", 70, 30, "7.5-25 mg/week", None),
        ("mycophenolate", None, 30, "1-1.5 g twice daily (2-3 g a day)", None),
    ],
)
def test_adult_doses(drug, weight, age, text, daily):
    result = dose_for(T[drug], weight, age, CONTENT)
    assert result.text == text
    assert result.daily == daily


def test_a_capped_dose_says_so_and_cites_the_ceiling():
    result = dose_for(T["cyclosporine"], 70, 30, CONTENT)
    assert "would be 210-420 mg a day" in result.note and "adult maximum of 300 mg a day" in result.note
    assert "ctx_aad_2014" in result.sources


@pytest.mark.parametrize(
    "weight, age",
    [
        (4, 30),
        (3, 18),
        (29.9, 40),
        (250.1, 30),
        (400, 30),
        (0.5, 0.5),
        (16, 0.5),
        (4.9, 5),
        (101, 5),
        (19.9, 15),
        (201, 15),
    ],
)
def test_a_weight_implausible_for_the_age_is_questioned_not_multiplied(weight, age):
    result = dose_for(T["cyclosporine"], weight, age, CONTENT)
    if age < 18:  # a child is never dosed here: that message comes first
        assert result.daily is None and result.text is None
        return
    assert result.daily is None
    assert "not plausible" in result.problem and f"{weight:g} kg" in result.problem


@pytest.mark.parametrize(
    "weight, age", [(30, 18), (250, 30), (1.5, 0.1), (15, 0.9), (5, 1), (100, 11.9), (20, 12), (200, 17.9)]
)
def test_plausibility_bounds_are_inclusive(weight, age):
    adult_drug = dose_for(T["cyclosporine"], weight, 30 if age < 18 else age, CONTENT)
    if age >= 18:
        assert adult_drug.daily is not None
    from pathway.clinical.dosing import weight_problem

    assert weight_problem(CONTENT, weight, age) is None


@pytest.mark.parametrize("drug", ["methotrexate", "mycophenolate", "cyclosporine", "azathioprine"])
@pytest.mark.parametrize("age", [0.5, 8, 17.9])
def test_no_adult_dose_is_shown_for_a_child(drug, age):
    result = dose_for(T[drug], 25, age, CONTENT)
    assert result.text is None and result.daily is None
    assert "specialist" in result.problem


def test_a_weight_based_dose_without_a_cited_maximum_is_never_multiplied():
    result = dose_for(T["azathioprine"], 250, 30, CONTENT)
    assert result.daily is None and result.text == "1-3 mg/kg/day"
    assert "no adult maximum" in result.problem and "ask a specialist" in result.problem


def test_at_18_the_adult_dose_is_shown():
    assert dose_for(T["methotrexate"], 70, 18, CONTENT).text == "7.5-25 mg/week"


def test_without_an_age_only_the_outer_weight_bounds_apply():
    assert dose_for(T["cyclosporine"], 12.5, None, CONTENT).daily == (37.5, 62.5)  # 5 mg/kg/day at most
    for weight in (1.4, 250.1, 1000):
        assert "outside" in dose_for(T["cyclosporine"], weight, None, CONTENT).problem


def test_no_dose_in_the_sources_says_so():
    assert "no dose" in dose_for(T["aciclovir"], 70, 30, CONTENT).problem
