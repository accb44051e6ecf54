"""Pure helpers of tutor-mode practice (pathway/learn/practice.py)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.learn.practice import (
    MAX_SEED,
    answer_letter,
    answer_shares,
    due_in_words,
    item_kind,
    next_question,
    parse_seed,
    review_target,
    topics_in,
    with_own_answer,
)
from pathway.learn.review import review_key
from pathway.learn.topics import topic_ids

BANK = load_bank()


@pytest.mark.parametrize("raw, seed", [("0", 0), ("42", 42), (" 7 ", 7), (str(MAX_SEED), MAX_SEED)])
def test_a_case_number_is_read_from_a_link(raw, seed):
    assert parse_seed(raw) == seed


@pytest.mark.parametrize("raw", [None, "", "abc", "-1", "1.5", "1e3", str(MAX_SEED + 1), "9" * 40, "\u0663", "+4"])
def test_anything_else_is_not_a_case_number(raw):
    assert parse_seed(raw) is None


@given(st.dictionaries(st.sampled_from("abcde"), st.integers(0, 10_000), min_size=1))
def test_shares_add_up_to_100_and_follow_the_counts(counts):
    shares = answer_shares(counts, list("abcde"))
    total = sum(counts.values())
    assert [s.choice_id for s in shares] == list("abcde")
    assert sum(s.answers for s in shares) == total
    if total == 0:
        assert all(s.percent == 0 for s in shares)
        return
    assert sum(s.percent for s in shares) == 100
    for s in shares:
        assert abs(s.percent - 100 * s.answers / total) < 1
    for more in shares:
        for fewer in shares:
            if more.answers > fewer.answers:
                assert more.percent >= fewer.percent, "more answers, never a lower share"


def test_shares_of_an_item_nobody_answered_are_zero_and_stray_ids_are_left_out():
    assert [s.percent for s in answer_shares({}, ["a", "b"])] == [0, 0]
    assert [(s.answers, s.percent) for s in answer_shares({"a": 1, "zz": 5}, ["a", "b"])] == [(1, 100), (0, 0)]
    assert [s.percent for s in answer_shares({"a": 1, "b": 1, "c": 1}, ["a", "b", "c"])] == [34, 33, 33]


def test_own_answer_is_added_once_only_when_it_was_not_recorded():
    assert with_own_answer({"a": 2}, "b", recorded=False) == {"a": 2, "b": 1}
    assert with_own_answer({"a": 2}, "a", recorded=False) == {"a": 3}
    assert with_own_answer({"a": 2}, "a", recorded=True) == {"a": 2}


def test_next_question_stays_in_the_topic_and_shows_every_item_before_repeating():
    topic = "systemic"
    pool = {q.id for q in BANK if q.topic == topic}
    rng = random.Random(1)
    seen: list[str] = []
    for _ in range(len(pool)):
        question = next_question(BANK, topic, seen, rng)
        assert question.topic == topic and question.id not in seen
        seen.append(question.id)
    assert set(seen) == pool
    again = next_question(BANK, topic, seen, rng)
    assert again.topic == topic and again.id != seen[-1], "never the same item twice in a row"


def test_next_question_of_any_topic_and_of_an_empty_one():
    assert next_question(BANK, None, [], random.Random(3)) in BANK
    assert next_question(BANK, "no_such_topic", [], random.Random(3)) is None
    only = BANK[:1]
    assert next_question(only, None, [only[0].id], random.Random(3)) is only[0], "a one-item pool repeats"


def test_topics_follow_the_vocabulary_order_without_repeats():
    """Practice lists the topics in content/topics.yaml's order, as Exam does; only those with items."""
    topics = topics_in(BANK)
    assert len(topics) == len(set(topics)) and set(topics) == {q.topic for q in BANK}
    assert topics == [t for t in topic_ids() if t in set(topics)]
    assert topics_in(BANK[:1]) == [BANK[0].topic]


def test_review_target_undoes_review_key():
    case = generate_case(5)
    target = review_target(review_key(case["id"], "case", case["stage"]))
    assert (target.kind, target.value) == ("case", case["stage"])
    target = review_target(review_key(BANK[0].id, "question", BANK[0].stage))
    assert (target.kind, target.value) == ("question", BANK[0].id)


def test_item_kind_and_answer_letter():
    case = generate_case(5)
    item = question_json(BANK[0])
    assert item_kind(case) == "case" and item_kind(item) == "question"
    ids = [c["id"] for c in item["choices"]]
    assert answer_letter(item) == "ABCDE"[ids.index(item["answer"])]


@pytest.mark.parametrize(
    "later, words",
    [
        (timedelta(seconds=-5), "now"),
        (timedelta(seconds=30), "now"),
        (timedelta(minutes=1), "in 1 minute"),
        (timedelta(minutes=10), "in 10 minutes"),
        (timedelta(hours=3, minutes=10), "in 3 hours"),
        (timedelta(days=1), "in 1 day"),
        (timedelta(days=12, hours=20), "in 13 days"),
    ],
)
def test_when_a_review_is_due_in_words(later, words):
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert due_in_words(now + later, now) == words
