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

from pathway.learn.topics import stages_of

if TYPE_CHECKING:
    # for the annotations only: review needs fsrs, an exam does not
    from pathway.learn.review import Confidence, ItemKind

__all__ = [
    "EXAM_CONFIDENCE",
    "MAX_ITEMS",
    "SECONDS_PER_ITEM",
    "UNANSWERED",
    "ExamResult",
    "ItemResult",
    "available",
    "build_exam",
    "case_stages",
    "finish_question",
    "item_kind",
    "score_exam",
    "seconds_left",
    "time_is_up",
    "time_limit",
]

SECONDS_PER_ITEM = 90  # a common pace for single-best-answer items in board-style exams
MAX_ITEMS = 40
# An exam asks for no confidence: its answers are scheduled as "unsure" (right: FSRS Good, the ordinary
# "remembered"; wrong: Again), neither rewarded as sure nor marked down as a guess.
EXAM_CONFIDENCE: Confidence = "unsure"
# An item left unanswered is recorded as a wrong answer with this choice id, so the saved history
# matches the score (unanswered counts as wrong) and the item comes back for review soon.
UNANSWERED = "unanswered"


def item_kind(item: Mapping[str, Any]) -> ItemKind:
    """What the store and the review schedule call it: "case" for a generated case, else "question"."""
    return "case" if item.get("kind") == "generated" else "question"


def available(bank: Iterable[Mapping[str, Any]], topics: Iterable[str]) -> list[Mapping[str, Any]]:
    """The bank's items in the chosen topics, in bank order."""
    wanted = set(topics)
    return [item for item in bank if item["topic"] in wanted]


def case_stages(topics: Iterable[str]) -> list[str]:
    """Engine stages whose generated cases belong to one of the topics (in the engine's order)."""
    return stages_of(topics)


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


def finish_question(total: int, unanswered: int, flagged: int) -> str:
    """What to ask before an exam is finished: how many questions are unanswered and flagged.

    "3 unanswered and 2 flagged. Finish anyway? Unanswered questions count as wrong." when something is
    left; "All 10 answered, none flagged. Finish and see your score?" when nothing is.
    """
    left = [f"{unanswered} unanswered"] if unanswered else []
    left += [f"{flagged} flagged"] if flagged else []
    if not left:
        done = "The question is answered and not flagged" if total == 1 else f"All {total} answered, none flagged"
        return f"{done}. Finish and see your score?"
    warning = (
        f" {'The unanswered question counts' if unanswered == 1 else 'Unanswered questions count'} as wrong."
        if unanswered
        else ""
    )
    return " and ".join(left) + ". Finish anyway?" + warning


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
