"""Item statistics (pathway.store.item_stats) on SQLite and PostgreSQL: a hand-worked data set, a property
test against a plain Python computation, and what a learner reads after answering."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from pathway.learn.bank import Question
from pathway.store.item_stats import (
    NEGATIVE,
    Difficulty,
    difficulty_sentence,
    difficulty_word,
    item_difficulty,
    item_statistics,
    too_few_flag,
    unused_flag,
)
from pathway.store.progress import create_learner, record_answer
from pathway.store.schema import attempts, learners
from pathway.store.transactions import write_transaction

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def question(item_id: str, answer: str = "a", choices: str = "abcd", topic: str = "red_flags") -> Question:
    return Question.model_validate(
        {
            "id": item_id,
            "kind": "authored",
            "topic": topic,
            "stage": "eczema_herpeticum",
            "difficulty": 2,
            "stem": "A stem.",
            "lead_in": "Which is best?",
            "choices": [{"id": c, "text": f"choice {c}", "explanation": ""} for c in choices],
            "answer": answer,
            "sources": ["d000_r1"],
        }
    )


Q1, Q2, Q3, Q4 = (question(f"q_{n}") for n in ("one", "two", "three", "never_answered"))
BANK = [Q1, Q2, Q3, Q4]


def answer(engine, learner_id: int, item: str, choice: str, minutes: float, kind: str = "question") -> None:
    record_answer(
        engine,
        learner_id,
        attempt_id=str(uuid.uuid4()),
        item_id=item,
        item_kind=kind,  # type: ignore[arg-type]
        topic="red_flags",
        stage="eczema_herpeticum",
        choice_id=choice,
        correct=choice == "a",
        confidence="sure",
        mode="tutor",
        seconds=10.0,
        answered_at=T0 + timedelta(minutes=minutes),
    )


@pytest.fixture
def worked(engine):
    """Five learners; the right answer is always "a".

    first answers   q_one  q_two  q_three
    L1              1 (a)  1 (a)  1 (a)
    L2              1 (a)  0 (b)  1 (a)     and later q_two again, right: not a first answer
    L3              0 (b)  0 (c)  0 (b)
    L4              0 (c)  1 (a)  0 (b)
    L5              1 (a)  -      -         no other item: no rest score

    Rest score (share right on the learner's OTHER first answers):
      q_one:   L1 (1+1)/2 = 1, L2 (0+1)/2 = 1/2, L3 0, L4 (1+0)/2 = 1/2
      q_two:   L1 1, L2 (1+1)/2 = 1, L3 0, L4 0
      q_three: L1 1, L2 (1+0)/2 = 1/2, L3 0, L4 (0+1)/2 = 1/2
    Worked by hand (Pearson's r of x against the rest over L1-L4):
      q_one:   x 1,1,0,0 against 1,1/2,0,1/2; both means 1/2, deviations (1/2,1/2,-1/2,-1/2) and
               (1/2,0,-1/2,0): sum of products 1/2, sums of squares 1 and 1/2, r = (1/2) / sqrt(1/2) = 1/sqrt(2)
      q_two:   x 1,0,0,1 against 1,1,0,0: deviations (1/2,-1/2,-1/2,1/2) and (1/2,1/2,-1/2,-1/2):
               sum of products 0, r = 0
      q_three: x 1,1,0,0 against 1,1/2,0,1/2: the same as q_one, 1/sqrt(2)
    A learner who also answered a generated case wrong (L1) keeps these rest scores: cases do not count.
    """
    ids = [create_learner(engine, f"Learner {n}")[0].id for n in range(1, 6)]
    l1, l2, l3, l4, l5 = ids
    table = {
        l1: [("q_one", "a"), ("q_two", "a"), ("q_three", "a")],
        l2: [("q_one", "a"), ("q_two", "b"), ("q_three", "a")],
        l3: [("q_one", "b"), ("q_two", "c"), ("q_three", "b")],
        l4: [("q_one", "c"), ("q_two", "a"), ("q_three", "b")],
        l5: [("q_one", "a")],
    }
    answer(engine, l2, "q_two", "a", minutes=500)  # stored first, answered last: a later try
    for learner_id, rows in table.items():
        for minute, (item, choice) in enumerate(rows):
            answer(engine, learner_id, item, choice, minutes=10 * minute)
    answer(engine, l1, "case-7", "b", minutes=30, kind="case")
    return engine


def test_worked_example_by_hand_and_by_numpy(worked):
    engine = worked
    stats = {s.item_id: s for s in item_statistics(engine, BANK, min_learners=4)}
    one, two, three, never = stats["q_one"], stats["q_two"], stats["q_three"], stats["q_never_answered"]
    assert (one.answers, one.learners, one.correct) == (5, 5, 3)
    assert (two.answers, two.learners, two.correct) == (5, 4, 2)  # L2's later right answer: an answer, not a first
    assert one.share_correct == pytest.approx(3 / 5) and two.share_correct == pytest.approx(1 / 2)
    assert one.discrimination == pytest.approx(1 / math.sqrt(2), abs=1e-12)
    assert two.discrimination == 0.0
    assert three.discrimination == pytest.approx(1 / math.sqrt(2), abs=1e-12)
    # the same with NumPy, from the table above
    x = np.array([1, 1, 0, 0])
    rest = np.array([1, 0.5, 0, 0.5])
    assert one.discrimination == pytest.approx(np.corrcoef(x, rest)[0, 1], abs=1e-12)
    assert never.answers == never.learners == 0 and never.share_correct is None and never.discrimination is None


def test_flags_in_the_worked_example(worked):
    engine = worked
    stats = {s.item_id: s for s in item_statistics(engine, BANK, min_learners=4)}
    # q_one: b and c were picked, d never; q_two: b, c picked, d never; q_three: only b of the wrong ones
    assert stats["q_one"].unused_distractors == ("D",)
    assert stats["q_three"].unused_distractors == ("C", "D")
    assert stats["q_three"].flags == (unused_flag(["C", "D"]),)
    assert "distractors never picked: C, D" in stats["q_three"].flags
    assert NEGATIVE not in stats["q_two"].flags  # zero is not negative
    assert stats["q_never_answered"].flags == (too_few_flag(4),)
    # judged from 5 learners on, only q_one (5 learners) is; the others say why not
    strict = {s.item_id: s for s in item_statistics(engine, BANK, min_learners=5)}
    assert strict["q_one"].flags == ("distractor never picked: D",)
    assert strict["q_two"].flags == strict["q_three"].flags == ("too few answers (under 5 learners)",)
    assert strict["q_two"].unused_distractors == ()


def test_a_backwards_item_is_flagged_negative(engine):
    """Two strong learners miss q_two, two weak ones get it: r = -1 (x 0,0,1,1 against rest 1,1,0,0). On q_one
    everyone's rest score is 1/2 (one of q_two and q_three right), so its correlation is undefined."""
    ids = [create_learner(engine, f"Learner {n}")[0].id for n in range(4)]
    for n, learner_id in enumerate(ids):
        strong = n < 2
        answer(engine, learner_id, "q_one", "a" if strong else "b", minutes=0)
        answer(engine, learner_id, "q_three", "a" if strong else "c", minutes=1)
        answer(engine, learner_id, "q_two", "d" if strong else "a", minutes=2)
    stats = {s.item_id: s for s in item_statistics(engine, BANK, min_learners=4)}
    assert stats["q_two"].discrimination == pytest.approx(-1.0)
    assert NEGATIVE in stats["q_two"].flags
    assert stats["q_one"].discrimination is None and NEGATIVE not in stats["q_one"].flags


def test_first_answer_ties_are_broken_by_attempt_id(engine):
    learner_id = create_learner(engine, "Twice")[0].id
    later_id, earlier_id = "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000001"
    for attempt_id, choice in ((later_id, "b"), (earlier_id, "a")):  # same moment: the smaller id is first
        record_answer(
            engine,
            learner_id,
            attempt_id=attempt_id,
            item_id="q_one",
            item_kind="question",
            topic="red_flags",
            stage="eczema_herpeticum",
            choice_id=choice,
            correct=choice == "a",
            confidence="sure",
            mode="exam",
            seconds=None,
            answered_at=T0,
        )
    [one] = item_statistics(engine, [Q1], min_learners=1)
    assert (one.answers, one.learners, one.correct) == (2, 1, 1)
    assert item_difficulty(engine, "q_one").correct == 1


def test_min_learners_must_be_positive(engine):
    with pytest.raises(ValueError, match="min_learners must be 1 or more"):
        item_statistics(engine, BANK, min_learners=0)


# ---- property: the database's answer equals a plain Python computation ----------------------------------


@dataclass(frozen=True)
class Row:
    learner: int
    item: str
    choice: str
    minute: int


ITEMS = ("q_one", "q_two", "q_three", "case-3")
rows_strategy = st.lists(
    st.builds(
        Row,
        learner=st.integers(0, 6),
        item=st.sampled_from(ITEMS),
        choice=st.sampled_from("abcd"),
        minute=st.integers(0, 5),  # small, so ties happen
    ),
    max_size=40,
)


def plain_python(rows: list[tuple[Row, str]], bank: list[Question], min_learners: int) -> dict[str, tuple]:
    """Per item (answers, learners, correct, discrimination, flags), computed the long way, exactly."""
    first: dict[tuple[int, str], int] = {}
    for row, _ in sorted(rows, key=lambda r: (r[0].minute, r[1])):
        if not row.item.startswith("case-"):
            first.setdefault((row.learner, row.item), int(row.choice == "a"))
    out = {}
    for q in bank:
        answered = [row for row, _ in rows if row.item == q.id]
        takers = [learner for (learner, item) in first if item == q.id]
        xs, ys = [], []
        for learner in takers:
            others = [x for (who, item), x in first.items() if who == learner and item != q.id]
            if others:
                xs.append(Fraction(first[(learner, q.id)]))
                ys.append(Fraction(sum(others), len(others)))
        r = None
        if len(xs) >= 2:
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            sxx = sum((x - mx) ** 2 for x in xs)
            syy = sum((y - my) ** 2 for y in ys)
            sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
            if sxx > 0 and syy > 0:
                r = float(sxy) / math.sqrt(float(sxx * syy))
        flags = []
        if len(takers) < min_learners:
            flags.append(f"too few answers (under {min_learners} learners)")
        else:
            if r is not None and r < 0:
                flags.append("negative discrimination")
            picked = {row.choice for row in answered}
            unused = [c.id.upper() for c in q.choices if c.id != q.answer and c.id not in picked]
            if unused:
                noun = "distractor" if len(unused) == 1 else "distractors"
                flags.append(f"{noun} never picked: {', '.join(unused)}")
        correct = sum(first[(learner, q.id)] for learner in takers)
        out[q.id] = (len(answered), len(takers), correct, r, tuple(flags))
    return out


def _reset(engine) -> None:
    with write_transaction(engine) as connection:
        connection.execute(delete(attempts))
        connection.execute(delete(learners))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, min_learners=st.integers(1, 4))
def test_the_database_agrees_with_plain_python(engine, rows, min_learners):
    _reset(engine)
    ids = [create_learner(engine, f"Learner {n}")[0].id for n in range(7)]
    stored = []
    for n, row in enumerate(rows):
        attempt_id = str(uuid.UUID(int=n + 1, version=4))
        record_answer(
            engine,
            ids[row.learner],
            attempt_id=attempt_id,
            item_id=row.item,
            item_kind="case" if row.item.startswith("case-") else "question",
            topic="red_flags",
            stage="eczema_herpeticum",
            choice_id=row.choice,
            correct=row.choice == "a",
            confidence="guess",
            mode="tutor",
            seconds=None,
            answered_at=T0 + timedelta(minutes=row.minute),
        )
        stored.append((row, attempt_id))
    bank = [Q1, Q2, Q3]
    expected = plain_python(stored, bank, min_learners)
    for s in item_statistics(engine, bank, min_learners):
        answers, takers, correct, r, flags = expected[s.item_id]
        assert (s.answers, s.learners, s.correct) == (answers, takers, correct), s.item_id
        if r is None:
            assert s.discrimination is None, s.item_id
        else:
            assert s.discrimination == pytest.approx(r, abs=1e-9), s.item_id
        assert s.flags == flags, s.item_id
        assert item_difficulty(engine, s.item_id) == Difficulty(takers, correct)


# ---- what the learner reads -------------------------------------------------------------------------------


def test_difficulty_words_and_their_thresholds():
    assert [difficulty_word(p) for p in (1.0, 0.8, 0.79, 0.3, 0.29, 0.0)] == [
        "easy",
        "easy",
        "medium",
        "medium",
        "hard",
        "hard",
    ]


def test_the_learner_reads_the_share_right_first_time():
    sentence = difficulty_sentence(Difficulty(learners=1234, correct=790))
    assert sentence.startswith("How hard it proved: medium. Right at the first try for 64% of 1,234 learners")
    assert "easy: 80% or more; hard: under 30%" in sentence
    few = difficulty_sentence(Difficulty(learners=1, correct=0))
    assert few == (
        "How hard it proved: not known yet. Right at the first try for 0 of 1 learner so far; "
        "it takes 20 learners to call a question easy, medium or hard."
    )
    assert Difficulty(19, 19).word is None and Difficulty(20, 16).word == "easy" and Difficulty(20, 5).word == "hard"
    assert Difficulty(3, 1).with_unsaved_answer(True) == Difficulty(4, 2)
    assert Difficulty(3, 1).with_unsaved_answer(False) == Difficulty(4, 1)


def test_item_difficulty_counts_first_tries_of_one_item(worked):
    engine = worked
    assert item_difficulty(engine, "q_one") == Difficulty(5, 3)
    assert item_difficulty(engine, "q_two") == Difficulty(4, 2)  # L2's later right answer does not count
    assert item_difficulty(engine, "case-7") == Difficulty(1, 0)  # a generated case: its own answers
    assert item_difficulty(engine, "q_nobody") == Difficulty(0, 0)
