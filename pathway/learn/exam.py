"""A timed self-test: pick items from chosen topics, then score the answers in one go at the end.

Items are dicts in the bank's public JSON shape (:func:`pathway.learn.bank.question_json`); generated
cases (:func:`pathway.learn.cases.generate_for_stage`) have the same shape with ``kind`` "generated".
Pure and deterministic: the same bank, topics, size and seed always give the same exam, and no clock is
read (the page passes the start time and "now").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pathway.learn.cases import TOPIC_OF_STAGE

if TYPE_CHECKING:
    from pathway.learn.review import ItemKind  # for the annotation only: review needs fsrs, an exam does not

__all__ = [
    "MAX_ITEMS",
    "SECONDS_PER_ITEM",
    "ExamResult",
    "ItemResult",
    "available",
    "build_exam",
    "case_stages",
    "item_kind",
    "score_exam",
    "seconds_left",
    "time_is_up",
    "time_limit",
]

SECONDS_PER_ITEM = 90  # a common pace for single-best-answer items in board-style exams
MAX_ITEMS = 40


def item_kind(item: Mapping[str, Any]) -> ItemKind:
    """What the store and the review schedule call it: "case" for a generated case, else "question"."""
    return "case" if item.get("kind") == "generated" else "question"


def available(bank: Iterable[Mapping[str, Any]], topics: Iterable[str]) -> list[Mapping[str, Any]]:
    """The bank's items in the chosen topics, in bank order."""
    wanted = set(topics)
    return [item for item in bank if item["topic"] in wanted]


def case_stages(topics: Iterable[str]) -> list[str]:
    """Engine stages whose generated cases belong to one of the topics (in the engine's order)."""
    wanted = set(topics)
    return [stage for stage, topic in TOPIC_OF_STAGE.items() if topic in wanted]


def build_exam(
    bank: Sequence[Mapping[str, Any]],
    topics: Sequence[str],
    size: int,
    seed: int,
    *,
    cases: int = 0,
    make_case: Callable[[str, int], Mapping[str, Any] | None] | None = None,
) -> list[dict[str, Any]]:
    """``size`` items from ``topics``: ``cases`` generated cases (when ``make_case`` is given and a topic
    has a stage), the rest authored items drawn at random, all in a shuffled order.

    Topics take turns, so a small exam over several topics covers as many of them as it can. Fewer
    items come back when the topics hold fewer. ValueError for no topic, a size below 1 or above
    :data:`MAX_ITEMS`, or a negative seed.
    """
    if not topics:
        raise ValueError("choose at least one topic")
    if not 1 <= size <= MAX_ITEMS:
        raise ValueError(f"an exam has 1 to {MAX_ITEMS} items, not {size}")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, not {seed}")
    rng = random.Random(seed)
    chosen: list[dict[str, Any]] = []
    stages = case_stages(topics) if make_case is not None else []
    for n in range(min(max(cases, 0), size) if stages else 0):
        item = make_case(stages[n % len(stages)], rng.randrange(2**31))  # type: ignore[misc]
        if item is not None:
            chosen.append({**item, "id": f"case-{seed}-{n + 1}"})
    pools: dict[str, list[Mapping[str, Any]]] = {}
    for item in available(bank, topics):
        pools.setdefault(item["topic"], []).append(item)
    for pool in pools.values():
        rng.shuffle(pool)
    order = [t for t in topics if t in pools]
    while len(chosen) < size and any(pools[t] for t in order):
        for topic in order:
            if pools[topic] and len(chosen) < size:
                chosen.append(dict(pools[topic].pop()))
    rng.shuffle(chosen)
    return chosen


def time_limit(items: int, per_item: int = SECONDS_PER_ITEM) -> int:
    """Seconds allowed for an exam of ``items`` items."""
    return items * per_item


def seconds_left(started: datetime, now: datetime, limit: int) -> float:
    """Seconds still allowed (0 once the time is up)."""
    return max(0.0, limit - (now - started).total_seconds())


def time_is_up(started: datetime, now: datetime, limit: int) -> bool:
    return seconds_left(started, now, limit) <= 0


@dataclass(frozen=True)
class ItemResult:
    number: int  # 1-based position in the exam
    item: dict[str, Any]
    given: str | None  # the choice id given, None when unanswered
    flagged: bool

    @property
    def right(self) -> str:
        answer: str = self.item["answer"]
        return answer

    @property
    def correct(self) -> bool:
        return self.given == self.right

    def choice_text(self, choice_id: str | None) -> str:
        return next((c["text"] for c in self.item["choices"] if c["id"] == choice_id), "(no answer)")


@dataclass(frozen=True)
class ExamResult:
    items: list[ItemResult]
    by_topic: dict[str, dict[str, Any]] = field(default_factory=dict)  # topic -> {"items", "correct", "accuracy"}

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.items)

    @property
    def answered(self) -> int:
        return sum(r.given is not None for r in self.items)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    @property
    def flagged(self) -> list[ItemResult]:
        return [r for r in self.items if r.flagged]

    @property
    def unanswered(self) -> list[ItemResult]:
        return [r for r in self.items if r.given is None]


def score_exam(
    items: Sequence[Mapping[str, Any]], answers: Mapping[str, str | None], flagged: Iterable[str] = ()
) -> ExamResult:
    """Score every item: an item not in ``answers`` (or answered None) counts as wrong.

    ``by_topic`` lists the topics in the order they first appear in the exam.
    """
    marked = set(flagged)
    results = [
        ItemResult(n, dict(item), answers.get(item["id"]), item["id"] in marked)
        for n, item in enumerate(items, start=1)
    ]
    by_topic: dict[str, dict[str, Any]] = {}
    for r in results:
        tally = by_topic.setdefault(r.item["topic"], {"items": 0, "correct": 0})
        tally["items"] += 1
        tally["correct"] += int(r.correct)
    for tally in by_topic.values():
        tally["accuracy"] = tally["correct"] / tally["items"]
    return ExamResult(results, by_topic)
