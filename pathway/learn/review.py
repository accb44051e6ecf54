"""Spaced review with FSRS (the ``fsrs`` 6.x package): what to ask again, and when.

How an answer becomes an FSRS rating (the learner never rates themself; the answer and the
confidence they gave before seeing the result say it):

===============  ==========  ==========================================================
correct?         confidence  rating
===============  ==========  ==========================================================
wrong            any         Again: forgotten, back to short relearning steps
right            guess       Hard: right by luck, so barely remembered
right            unsure      Good: remembered with effort
right            sure        Easy: remembered and knew it
===============  ==========  ==========================================================

What is scheduled (:func:`review_key`): an authored question by its own id; a generated case by
its CONCEPT, ``stage:<stage id>``, because a case is never shown twice: when that key falls due the
app serves a fresh generated case at that stage.

Pure: no clock is read (``now`` is passed in) and the scheduler's fuzzing is off, so the same
answers at the same times always give the same due dates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from fsrs import Card, Rating, Scheduler

Confidence = Literal["sure", "unsure", "guess"]
ItemKind = Literal["question", "case"]
CONFIDENCES: tuple[str, ...] = ("sure", "unsure", "guess")
ITEM_KINDS: tuple[str, ...] = ("question", "case")

SCHEDULER = Scheduler(enable_fuzzing=False)
_RIGHT_RATING = {"guess": Rating.Hard, "unsure": Rating.Good, "sure": Rating.Easy}


def rating_for(correct: bool, confidence: Confidence) -> Rating:
    """The FSRS rating for an answer (table in the module docstring)."""
    if confidence not in _RIGHT_RATING:
        raise ValueError(f"confidence must be one of {', '.join(CONFIDENCES)}, not {confidence!r}")
    return _RIGHT_RATING[confidence] if correct else Rating.Again


def review_key(item_id: str, item_kind: ItemKind, stage: str) -> str:
    """What a review card tracks: an authored question's id, or ``stage:<stage>`` for a generated case."""
    if item_kind == "case":
        return f"stage:{stage}"
    if item_kind == "question":
        return item_id
    raise ValueError(f"item kind must be one of {', '.join(ITEM_KINDS)}, not {item_kind!r}")


def as_utc(moment: datetime) -> datetime:
    """The same moment in UTC (FSRS insists on it); naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: give a timezone-aware one")
    return moment.astimezone(UTC)


def new_card(now: datetime | None = None) -> Card:
    """A card never reviewed, due at ``now`` (default: this moment). Its id is fixed: the store keys
    cards by learner and review key, so FSRS's clock-based id would only make output vary."""
    return Card(card_id=1, due=as_utc(now) if now else datetime.now(UTC))


def review(card_json: str | None, rating: Rating, now: datetime) -> tuple[str, datetime]:
    """Review a card (``None``: a new one) with ``rating`` at ``now``: its new JSON and due time."""
    moment = as_utc(now)
    card = new_card(moment) if card_json is None else Card.from_json(card_json)
    reviewed, _log = SCHEDULER.review_card(card, Rating(rating), review_datetime=moment)
    return reviewed.to_json(), as_utc(reviewed.due)
