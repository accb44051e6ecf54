"""Numeric choices in numeric order (rule ``numeric_order``): choices that are all figures of one kind
are listed smallest first, in the bank (``python -m pathway validate`` rejects an item out of order)
and in the generated cases alike. One function, ``item_rules.numeric_order``, decides both."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bank_cases import BANK, GOOD, REFS, assert_caught

import pathway.learn.cases.item as case_item
from pathway.learn.bank import Choice
from pathway.learn.cases import generate_case
from pathway.learn.item_rules import check_item, figure, numeric_order

ROOT = Path(__file__).resolve().parents[2]
DUPILUMAB = "q_dupilumab_age"


def _in_order(texts: list[str]) -> bool:
    order = numeric_order(texts)
    return order is None or order == list(range(len(texts)))


# ----------------------------------------------------------------------------- reading a figure


@pytest.mark.parametrize(
    "smaller, larger",
    [
        ("12-24 hours", "2 days"),
        ("6 days", "1 week"),
        ("3-7 days", "2 weeks"),  # a range counts by its first number
        ("6 weeks", "2 months"),
        ("11 months", "1 year"),
        ("3 months", "2 years"),
        ("2 years", "12 years"),
        ("500 mg once daily", "1.0-1.5 g twice daily"),  # mg and g are one kind
        ("RR 0.46", "RR 0.78"),
        ("9, moderate", "26, moderate"),  # numbers, not text: "9" before "26"
        ("0.05%", "1.5%"),
    ],
)
def test_figures_of_one_kind_compare_by_size(smaller, larger):
    (kind_a, a), (kind_b, b) = figure(smaller), figure(larger)
    assert kind_a == kind_b and a < b
    assert numeric_order([larger, smaller]) == [1, 0]
    assert numeric_order([smaller, larger]) == [0, 1]


@pytest.mark.parametrize("text", ["Refer to a dermatologist", "Oral prednisolone for 5 days", "Wet wraps"])
def test_a_phrase_is_not_a_figure(text):
    assert figure(text) is None


def test_the_reviewed_ages_come_out_in_age_order():
    ages = ["3 months", "2 years", "12 years", "18 years", "6 months"]
    assert [ages[i] for i in numeric_order(ages)] == ["3 months", "6 months", "2 years", "12 years", "18 years"]


def test_a_document_name_is_not_the_figure():
    pairs = ["Document 000: 2-4 weeks; document 003: 4 weeks", "Document 000: 48-72 hours; document 003: 2 weeks"]
    assert numeric_order(pairs) == [1, 0]


@pytest.mark.parametrize(
    "texts",
    [
        ["2 weeks", "1 week", "Refer now"],  # a phrase among the figures
        ["2 weeks", "1 mg"],  # a time and a dose
        ["3 mg/kg/day", "1 mg"],  # a dose per kilogram and a dose
        ["5 days"],  # nothing to order
    ],
)
def test_mixed_choices_are_exempt(texts):
    assert numeric_order(texts) is None


def test_an_all_of_the_above_choice_stays_last():
    assert numeric_order(["2 weeks", "All of the above", "1 week"]) == [2, 0, 1]
    assert numeric_order(["1 week", "2 weeks", "None of these"]) == [0, 1, 2]


def test_ties_keep_their_places():
    assert numeric_order(["18, moderate", "7, mild", "18, severe"]) == [1, 0, 2]


# ----------------------------------------------------------------------------- the validator


def test_the_validator_rejects_figures_out_of_order_naming_the_item_and_field():
    texts = {"a": "3 months", "b": "2 years", "c": "12 years", "d": "18 years", "e": "6 months"}
    choices = [Choice(id=c.id, text=texts[c.id], explanation=c.explanation) for c in GOOD.choices]
    problems = check_item(GOOD.model_copy(update={"choices": choices}), REFS)
    assert_caught(problems, GOOD.id, "numeric_order")
    line = next(p for p in problems if "numeric_order" in p)
    assert "choices" in line and '"6 months"' in line and "list them a, e, b, c, d" in line


def test_the_same_figures_in_order_pass():
    texts = {"a": "3 months", "b": "6 months", "c": "2 years", "d": "12 years", "e": "18 years"}
    choices = [Choice(id=c.id, text=texts[c.id], explanation=c.explanation) for c in GOOD.choices]
    assert check_item(GOOD.model_copy(update={"choices": choices}), REFS) == []


def test_every_bank_item_lists_its_figures_in_numeric_order():
    figures = [q for q in BANK if numeric_order([c.text for c in q.choices]) is not None]
    assert len(figures) >= 8  # the rule has items to judge: times, ages, scores, risk ratios
    assert [q.id for q in figures if not _in_order([c.text for c in q.choices])] == []


def test_validate_rejects_a_bank_file_with_an_item_out_of_order(tmp_path):
    """A user's view: an item moved out of order in questions.yaml fails ``python -m pathway validate``
    with a line naming the file, the item and its choices; the answer key still names its choice."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(q for q in data["questions"] if q["id"] == DUPILUMAB)
    assert _in_order([c["text"] for c in item["choices"]])
    item["choices"].append(item["choices"].pop(1))  # "6 months" moved to the end, its id unchanged
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "pathway", "validate", str(tmp_path / "content")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stdout
    assert out.stdout.splitlines() == [
        f'questions.yaml: {DUPILUMAB}: rule numeric_order: choices are figures out of numeric order (a "3 months", '
        'c "2 years", d "12 years", e "18 years", b "6 months"); list them a, b, c, d, e'
    ]


# ----------------------------------------------------------------------------- generated cases


def test_the_first_thousand_generated_cases_list_figures_in_order(generated):
    assert [i["id"] for i in generated.items if not _in_order([c["text"] for c in i["choices"]])] == []


def test_the_generator_puts_figure_choices_in_numeric_order(monkeypatch):
    """Were the choice texts figures, the generator lists them smallest first, whatever the shuffle
    drew, and every id keeps its text and the answer key its choice."""
    stages = list(case_item.CHOICE_TEXT)
    weeks = {stage: f"{len(stages) - n} weeks" for n, stage in enumerate(stages)}  # the first stage, the largest
    monkeypatch.setattr(case_item, "CHOICE_TEXT", weeks)
    for seed in range(40):
        item = generate_case(seed)
        texts = [c["text"] for c in item["choices"]]
        assert numeric_order(texts) == list(range(len(texts))), (seed, texts)
        assert all(c["text"] == weeks[c["id"]] for c in item["choices"])
        assert item["answer"] == item["stage"] and item["answer"] in [c["id"] for c in item["choices"]]
