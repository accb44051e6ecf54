"""Generated cases (pathway.learn.cases), 1,000 seeds checked: the public item contract, the
engine (the answer is always its stage) and the bank's item-writing rules.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from generated_cases import REFS, choice_of

from pathway.clinical.base import STAGES
from pathway.learn.cases.words import CHOICE_TEXT
from pathway.learn.item_rules import check_bank, check_item
from pathway.learn.topics import topic_ids, topic_of_stage

KEYS = {"id", "kind", "topic", "stage", "difficulty", "stem", "lead_in", "choices", "answer", "sources", "scenario"}


def _as_question(item: dict) -> SimpleNamespace:
    return SimpleNamespace(
        id=item["id"],
        kind="authored",
        stem=item["stem"],
        lead_in=item["lead_in"],
        choices=[SimpleNamespace(**c) for c in item["choices"]],
        answer=item["answer"],
        sources=item["sources"],
    )


# ----------------------------------------------------------------------------- the contract


def test_a_thousand_cases_take_seconds_not_minutes(generated):
    assert generated.elapsed < 60, f"{generated.n} cases took {generated.elapsed:.1f} s"


def test_every_item_has_the_public_shape(generated):
    for item in generated.items:
        assert set(item) == KEYS, item["id"]
        assert item["kind"] == "generated"
        assert item["topic"] in topic_ids() and item["topic"] == topic_of_stage(item["answer"])
        assert item["stage"] == item["answer"]
        assert item["difficulty"] in (1, 2, 3)
        assert item["stem"].strip() and item["lead_in"].endswith("?")
        assert json.loads(json.dumps(item)) == item  # JSON-serialisable as it stands


def test_ids_follow_the_seed(generated):
    assert [item["id"] for item in generated.items] == [f"case-{seed}" for seed in range(generated.n)]


def test_choices_are_four_or_five_unique_stages_with_one_answer(generated):
    for item in generated.items:
        ids = [c["id"] for c in item["choices"]]
        texts = [c["text"] for c in item["choices"]]
        assert 4 <= len(ids) <= 5, item["id"]
        assert len(set(ids)) == len(ids) and len(set(texts)) == len(texts), item["id"]
        assert set(ids) <= set(STAGES), item["id"]
        assert ids.count(item["answer"]) == 1, item["id"]
        assert all(c["text"] == CHOICE_TEXT[c["id"]] for c in item["choices"])
        assert all(len(c["explanation"].strip()) >= 20 for c in item["choices"]), item["id"]


def test_the_answer_is_always_the_engines_stage(generated):
    for item, _scenario, rec in generated.cases:
        assert item["answer"] == rec.stage, item["id"]


def test_scenarios_validate_and_round_trip(generated):
    for item, scenario, _ in generated.cases:
        assert scenario.model_dump(mode="json") == item["scenario"]


def test_sources_are_known_references_and_include_every_why_source(generated):
    for item, _, rec in generated.cases:
        assert item["sources"] and set(item["sources"]) <= REFS, item["id"]
        assert len(set(item["sources"])) == len(item["sources"])
        why_sources = {s for line in rec.why for s in line.sources}
        assert why_sources <= set(item["sources"]), item["id"]


def test_the_answer_explanation_is_the_engines_why(generated):
    for item, _, rec in generated.cases:
        explanation = choice_of(item, item["answer"])["explanation"]
        decisive = [
            line.text
            for line in rec.why
            if line.rule not in ("band", "no_complicating_factors", "weight_based_dose", "dose_capped")
        ]
        assert decisive, item["id"]
        assert all(text in explanation for text in decisive), item["id"]


def test_every_item_passes_the_banks_item_writing_rules(generated):
    questions = [_as_question(item) for item in generated.items]
    assert [p for q in questions for p in check_item(q, REFS)] == []
    assert check_bank(questions, REFS) == []
