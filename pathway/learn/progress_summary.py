"""What a learner's answers add up to, from their history (plain data in, plain data out).

Takes any sequence of answers with the attributes of ``pathway.store.progress.Attempt`` that matter
here: ``topic``, ``stage``, ``correct``, ``confidence`` and ``answered_at``, oldest first. Returns
dicts and lists that the charts (:mod:`pathway.present.charts.progress`) and the page draw from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Protocol

from pathway.learn.review import CONFIDENCES

__all__ = [
    "NO_CONFIDENCE_MODES",
    "TREND_WINDOW",
    "WEAK_MIN_ANSWERS",
    "AnswerLike",
    "by_day",
    "rolling_trend",
    "summarise",
    "tally",
    "weakest_topics",
]

TREND_WINDOW = 10  # the trend is the share right in the last 10 answers at each answer
WEAK_MIN_ANSWERS = 2  # a topic answered once says little about a weakness
# An exam asks for no confidence (its answers are stored as "unsure" for the review schedule), so
# they are left out of the calibration, which compares the confidence a learner gave with the result.
NO_CONFIDENCE_MODES = ("exam",)


class AnswerLike(Protocol):
    """What a summary reads of an answer (read-only: a saved Attempt is frozen)."""

    @property
    def topic(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def correct(self) -> bool: ...
    @property
    def confidence(self) -> str: ...
    @property
    def answered_at(self) -> Any: ...  # a datetime


def tally(answers: Iterable[AnswerLike]) -> dict[str, Any]:
    answers = list(answers)
    right = sum(bool(a.correct) for a in answers)
    return {
        "answered": len(answers),
        "correct": right,
        "wrong": len(answers) - right,
        "accuracy": right / len(answers) if answers else None,
    }


def _grouped(answers: Sequence[AnswerLike], attribute: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[AnswerLike]] = {}
    for a in answers:
        groups.setdefault(getattr(a, attribute), []).append(a)
    return {name: tally(group) for name, group in sorted(groups.items())}


def rolling_trend(answers: Sequence[AnswerLike], window: int = TREND_WINDOW) -> list[dict[str, Any]]:
    """At each answer (numbered from 1): the share right among the last ``window`` answers up to it."""
    out = []
    for n in range(1, len(answers) + 1):
        recent = answers[max(0, n - window) : n]
        right = sum(bool(a.correct) for a in recent)
        out.append(
            {
                "attempt": n,
                "correct": bool(answers[n - 1].correct),
                "window": len(recent),
                "rolling_accuracy": right / len(recent),
            }
        )
    return out


def by_day(answers: Sequence[AnswerLike]) -> list[dict[str, Any]]:
    """One row per (UTC) day with answers, oldest first."""
    days: dict[date, list[AnswerLike]] = {}
    for a in answers:
        days.setdefault(a.answered_at.date(), []).append(a)
    return [{"day": day.isoformat(), **tally(group)} for day, group in sorted(days.items())]


def weakest_topics(
    by_topic: dict[str, dict[str, Any]], limit: int = 3, min_answers: int = WEAK_MIN_ANSWERS
) -> list[str]:
    """Topics with at least ``min_answers`` answers and some wrong, lowest share right first (ties:
    more answers first, then by name)."""
    candidates = [
        (t["accuracy"], -t["answered"], name)
        for name, t in by_topic.items()
        if t["answered"] >= min_answers and t["wrong"] > 0
    ]
    return [name for _, _, name in sorted(candidates)[:limit]]


def summarise(answers: Sequence[AnswerLike], window: int = TREND_WINDOW) -> dict[str, Any]:
    """Overall tally, ``by_topic``, ``by_stage`` (sorted by name), ``calibration`` (every confidence,
    zero when unused; answers given in an exam, which asks for none, are not counted there), ``trend``
    (:func:`rolling_trend`), ``by_day`` and ``weakest`` topics."""
    answers = list(answers)
    rated = [a for a in answers if getattr(a, "mode", None) not in NO_CONFIDENCE_MODES]
    calibration = {c: tally(a for a in rated if a.confidence == c) for c in CONFIDENCES}
    topics = _grouped(answers, "topic")
    return {
        **tally(answers),
        "by_topic": topics,
        "by_stage": _grouped(answers, "stage"),
        "calibration": calibration,
        "trend": rolling_trend(answers, window),
        "by_day": by_day(answers),
        "weakest": weakest_topics(topics),
    }
