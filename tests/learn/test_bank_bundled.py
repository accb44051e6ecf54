"""The question bank (content/questions.yaml): the bundled bank loads clean, holds 200+ items in one file,
covers every stage and topic, cites known references, balances its answer positions and teaches the key
points.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from bank_cases import BANK, BY_ID, REFS

from pathway.clinical.base import STAGES
from pathway.clinical.content import DEFAULT_CONTENT_DIR
from pathway.learn.bank import Question, bank_problems, question_json
from pathway.learn.item_rules import answer_position_counts
from pathway.learn.topics import topic_ids

# ----------------------------------------------------------------------------- the bundled bank


def test_bundled_bank_has_no_problems():
    assert bank_problems() == []


def test_bundled_bank_size_and_kinds():
    kinds = Counter(q.kind for q in BANK)
    assert len(BANK) >= 200
    assert kinds["spot_the_error"] >= 10
    assert kinds["authored"] >= 150


def test_the_bank_is_one_file():
    """Every item lives in questions.yaml: no staging file of items lies beside it unloaded."""
    assert sorted(p.name for p in DEFAULT_CONTENT_DIR.glob("questions*.yaml")) == ["questions.yaml"]


def test_every_stage_is_taught_at_least_twice():
    counts = Counter(q.stage for q in BANK)
    assert {stage: counts[stage] for stage in STAGES if counts[stage] < 2} == {}


def test_every_topic_is_covered():
    """Each topic of the vocabulary has enough items for a topic's practice to vary (5 or more)."""
    counts = Counter(q.topic for q in BANK)
    assert {t: counts[t] for t in topic_ids() if counts[t] < 5} == {}
    assert set(counts) <= set(topic_ids())


def test_every_source_resolves_to_a_reference():
    unknown = {(q.id, s) for q in BANK for s in q.sources if s not in REFS}
    assert unknown == set()


def test_spot_the_error_items_cite_the_checked_context():
    """They are built from the fact-checks, so each cites at least one ctx_* reference."""
    assert [q.id for q in BANK if q.kind == "spot_the_error" and not any(s.startswith("ctx_") for s in q.sources)] == []


def test_answer_positions_are_balanced():
    counts = answer_position_counts(BANK)
    assert set("abcde") <= set(counts)
    assert max(counts.values()) <= 0.3 * len(BANK)


def test_only_the_keyed_choice_is_explained_as_correct():
    """Explanations open with "Correct." for the answer and never for a distractor, so the key and
    the teaching text cannot drift apart."""
    wrong = []
    for q in BANK:
        for c in q.choices:
            if (c.id == q.answer) != c.explanation.startswith("Correct."):
                wrong.append(f"{q.id}.{c.id}")
    assert wrong == []


def test_ids_are_unique():
    assert [i for i, n in Counter(q.id for q in BANK).items() if n > 1] == []


def test_difficulty_spread():
    counts = Counter(q.difficulty for q in BANK)
    assert all(counts[d] >= 10 for d in (1, 2, 3))


@pytest.mark.parametrize(
    "item_id, must_contain",
    [
        ("q_error_seven_fold", "54%"),
        ("q_error_cyclosporine_adult_dose", "150-300 mg/day"),
        ("q_error_methotrexate_biopsy", "non-invasive"),
        ("q_error_scorad_formula", "7B/2"),
        ("q_error_poem_maximum", "0-28"),
        ("q_herpeticum_same_day_basis", "own reading"),
        ("q_wet_wrap_course_length", "14 days"),
    ],
)
def test_key_teaching_points_are_in_the_correct_explanation(item_id, must_contain):
    q = BY_ID[item_id]
    answer = next(c for c in q.choices if c.id == q.answer)
    assert must_contain in answer.explanation


def test_question_json_is_the_public_contract():
    data = [question_json(q) for q in BANK]
    json.dumps(data)  # serialisable
    first = data[0]
    assert list(first) == [
        "id",
        "kind",
        "topic",
        "stage",
        "difficulty",
        "stem",
        "lead_in",
        "choices",
        "answer",
        "sources",
    ]
    assert all(list(c) == ["id", "text", "explanation"] for c in first["choices"])
    assert Question.model_validate(first) == BANK[0]
