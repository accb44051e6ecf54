"""The question bank (content/questions.yaml): the bundled bank loads clean, covers every stage and topic,
cites known references, balances its answer positions and teaches the key points.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from bank_cases import BANK, BY_ID, REFS

from pathway.clinical.base import STAGES
from pathway.learn.bank import TOPICS, Question, bank_problems, question_json
from pathway.learn.item_rules import answer_position_counts

# ----------------------------------------------------------------------------- the bundled bank


def test_bundled_bank_has_no_problems():
    assert bank_problems() == []


def test_bundled_bank_size_and_kinds():
    kinds = Counter(q.kind for q in BANK)
    assert len(BANK) >= 66
    assert kinds["spot_the_error"] >= 10
    assert kinds["authored"] >= 50


def test_every_stage_is_taught_at_least_twice():
    counts = Counter(q.stage for q in BANK)
    assert {stage: counts[stage] for stage in STAGES if counts[stage] < 2} == {}


def test_every_topic_is_covered():
    counts = Counter(q.topic for q in BANK)
    assert [t for t in TOPICS if counts[t] == 0] == []


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
