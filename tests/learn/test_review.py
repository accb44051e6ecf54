"""Spaced review: the rating mapping, FSRS scheduling through JSON, review keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Rating

from pathway.learn.review import as_utc, new_card, rating_for, review, review_key

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("correct", "confidence", "rating"),
    [
        (False, "sure", Rating.Again),
        (False, "unsure", Rating.Again),
        (False, "guess", Rating.Again),
        (True, "guess", Rating.Hard),
        (True, "unsure", Rating.Good),
        (True, "sure", Rating.Easy),
    ],
)
def test_rating_follows_correctness_then_confidence(correct, confidence, rating):
    assert rating_for(correct, confidence) == rating


def test_an_unknown_confidence_is_refused():
    with pytest.raises(ValueError, match="confidence"):
        rating_for(True, "certain")  # type: ignore[arg-type]


def test_again_is_due_sooner_than_hard_good_easy():
    dues = [review(None, rating, NOW)[1] for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)]
    assert all(due > NOW for due in dues)
    assert dues == sorted(dues) and len(set(dues)) == 4
    assert dues[0] - NOW <= timedelta(minutes=10)
    assert dues[-1] - NOW >= timedelta(days=1)


def test_scheduling_is_deterministic():
    def run() -> list[str]:
        card, moment, out = None, NOW, []
        for rating in (Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy, Rating.Hard):
            card, due = review(card, rating, moment)
            out.append(card)
            moment = due
        return out

    assert run() == run()


def test_a_card_remembered_again_and_again_goes_further_each_time():
    card, moment, gaps = None, NOW, []
    for _ in range(5):
        card, due = review(card, Rating.Good, moment)
        gaps.append(due - moment)
        moment = due
    assert gaps[-1] > gaps[1] > gaps[0]
    assert json.loads(card)["state"] == 2  # Review


def test_forgetting_brings_a_long_interval_back_down():
    card, moment = None, NOW
    for _ in range(4):
        card, moment = review(card, Rating.Easy, moment)
    _, after_again = review(card, Rating.Again, moment)
    _, after_easy = review(card, Rating.Easy, moment)
    assert after_again - moment < timedelta(days=1) < after_easy - moment


def test_card_json_round_trips_and_carries_its_due_time():
    card, due = review(None, Rating.Good, NOW)
    assert as_utc(Card.from_json(card).due) == due
    assert Card.from_json(card).to_json() == card


def test_any_time_zone_works_and_naive_times_are_refused():
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))
    assert review(None, Rating.Good, paris) == review(None, Rating.Good, NOW)
    with pytest.raises(ValueError, match="naive"):
        review(None, Rating.Good, NOW.replace(tzinfo=None))


def test_a_new_card_is_due_now():
    assert new_card(NOW).due == NOW


def test_review_keys_schedule_questions_by_id_and_cases_by_stage():
    assert review_key("q_wet_wraps_1", "question", "wet_wrap") == "q_wet_wraps_1"
    assert review_key("case:1234", "case", "wet_wrap") == "stage:wet_wrap"
    with pytest.raises(ValueError, match="item kind"):
        review_key("x", "flashcard", "s")  # type: ignore[arg-type]
