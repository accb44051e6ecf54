"""Building and scoring a timed exam (pure: no Streamlit, no clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_for_stage
from pathway.learn.exam import (
    MAX_ITEMS,
    build_exam,
    case_stages,
    item_kind,
    score_exam,
    seconds_left,
    time_is_up,
    time_limit,
)

BANK = [question_json(q) for q in load_bank()]


def test_an_exam_draws_only_the_chosen_topics_without_repeats():
    exam = build_exam(BANK, ["wet_wraps", "systemic"], 6, seed=3)
    assert len(exam) == 6
    assert {item["topic"] for item in exam} == {"wet_wraps", "systemic"}  # both topics get a turn
    assert len({item["id"] for item in exam}) == 6


def test_the_same_seed_gives_the_same_exam_and_another_seed_another():
    topics = ["red_flags", "adequacy", "systemic", "maintenance"]
    first = [i["id"] for i in build_exam(BANK, topics, 8, seed=11)]
    assert first == [i["id"] for i in build_exam(BANK, topics, 8, seed=11)]
    assert first != [i["id"] for i in build_exam(BANK, topics, 8, seed=12)]


def test_an_exam_larger_than_its_topics_holds_every_item_once():
    in_topic = [q for q in BANK if q["topic"] == "wet_wraps"]
    exam = build_exam(BANK, ["wet_wraps"], MAX_ITEMS, seed=1)
    assert sorted(i["id"] for i in exam) == sorted(q["id"] for q in in_topic)


@pytest.mark.parametrize(
    "topics, size, seed", [([], 5, 1), (["systemic"], 0, 1), (["systemic"], MAX_ITEMS + 1, 1), (["systemic"], 5, -1)]
)
def test_bad_requests_are_refused(topics, size, seed):
    with pytest.raises(ValueError):
        build_exam(BANK, topics, size, seed)


def test_generated_cases_come_from_the_topics_stages_and_are_kept_apart_by_id():
    exam = build_exam(BANK, ["phototherapy", "systemic"], 5, seed=4, cases=2, make_case=generate_for_stage)
    cases = [i for i in exam if item_kind(i) == "case"]
    assert len(cases) == 2 and len(exam) == 5
    assert {c["stage"] for c in cases} <= set(case_stages(["phototherapy", "systemic"]))
    assert {c["topic"] for c in cases} <= {"phototherapy", "systemic"}
    assert len({i["id"] for i in exam}) == 5
    assert case_stages(["doses_and_age_limits"]) == []  # a topic no stage belongs to gets no case


def test_score_counts_right_wrong_and_unanswered_by_topic():
    exam = build_exam(BANK, ["wet_wraps", "systemic"], 6, seed=3)
    wrong = lambda item: next(c["id"] for c in item["choices"] if c["id"] != item["answer"])  # noqa: E731
    answers = {exam[0]["id"]: exam[0]["answer"], exam[1]["id"]: exam[1]["answer"], exam[2]["id"]: wrong(exam[2])}
    # exam[3..5] unanswered: wrong
    result = score_exam(exam, answers, flagged=[exam[2]["id"], exam[4]["id"]])
    assert (result.total, result.correct, result.answered) == (6, 2, 3)
    assert result.accuracy == pytest.approx(2 / 6)
    expected: dict[str, list[int]] = {}
    for n, item in enumerate(exam):
        tally = expected.setdefault(item["topic"], [0, 0])
        tally[0] += 1
        tally[1] += n < 2
    assert {t: [v["items"], v["correct"]] for t, v in result.by_topic.items()} == expected
    assert [r.number for r in result.flagged] == [3, 5]
    assert [r.number for r in result.unanswered] == [4, 5, 6]
    third = result.items[2]
    assert not third.correct and third.given == wrong(exam[2]) and third.right == exam[2]["answer"]
    assert third.choice_text(None) == "(no answer)"


def test_the_clock_allows_90_seconds_an_item_and_ends_the_exam_when_they_are_used():
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    limit = time_limit(3)
    assert limit == 270
    assert seconds_left(start, start + timedelta(seconds=100), limit) == 170
    assert not time_is_up(start, start + timedelta(seconds=269), limit)
    assert time_is_up(start, start + timedelta(seconds=270), limit)
    assert seconds_left(start, start + timedelta(hours=1), limit) == 0
