"""Tutor-mode practice, the parts that need no page: which item comes next, how a link's case number
is read, what a review key asks for, and how everyone's answers split across the choices.

Items are in the bank's public JSON shape (:func:`pathway.learn.bank.question_json`, or a generated
case from :mod:`pathway.learn.cases`, whose ``kind`` is ``generated``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pathway.learn.bank import Question
from pathway.learn.review import ItemKind
from pathway.learn.topics import topic_ids

MAX_SEED = 2**31 - 1
LETTERS = "ABCDEFGHIJ"
STAGE_KEY_PREFIX = "stage:"


def item_kind(item: Mapping[str, Any]) -> ItemKind:
    """How the store files an item: ``case`` for a generated one, ``question`` for an authored one."""
    return "case" if item.get("kind") == "generated" else "question"


def parse_seed(raw: str | None) -> int | None:
    """A link's case number (0 to ``MAX_SEED``, plain digits), or None when it is not one."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_SEED)):
        return None
    seed = int(text)
    return seed if seed <= MAX_SEED else None


def new_seed(rng: random.Random) -> int:
    return rng.randrange(MAX_SEED + 1)


def topics_in(bank: Iterable[Question]) -> list[str]:
    """The topics the bank has items in, in the vocabulary's teaching order (``content/topics.yaml``,
    as Exam lists them); a topic the vocabulary does not hold comes last."""
    held = {q.topic for q in bank}
    return [t for t in topic_ids() if t in held] + sorted(held - set(topic_ids()))


def next_question(
    bank: Sequence[Question], topic: str | None, seen: Iterable[str], rng: random.Random
) -> Question | None:
    """A random item of ``topic`` (None: any) not yet seen; once all are seen, any item of the topic
    except the one just seen (the last of ``seen``) when there is another. None for an empty topic."""
    pool = [q for q in bank if topic is None or q.topic == topic]
    seen = list(seen)
    fresh = [q for q in pool if q.id not in set(seen)]
    if not fresh:
        fresh = [q for q in pool if not seen or q.id != seen[-1]] or pool
    return rng.choice(fresh) if fresh else None


@dataclass(frozen=True)
class ReviewTarget:
    """What a due review key asks for: an authored question by id, or a fresh case at a stage."""

    kind: Literal["question", "case"]
    value: str


def review_target(key: str) -> ReviewTarget:
    """The inverse of :func:`pathway.learn.review.review_key`."""
    if key.startswith(STAGE_KEY_PREFIX):
        return ReviewTarget("case", key.removeprefix(STAGE_KEY_PREFIX))
    return ReviewTarget("question", key)


def letter(index: int) -> str:
    return LETTERS[index]


def answer_letter(item: Mapping[str, Any]) -> str:
    """The right answer's letter as shown (A for the first choice)."""
    ids = [c["id"] for c in item["choices"]]
    return letter(ids.index(item["answer"]))


@dataclass(frozen=True)
class Share:
    choice_id: str
    answers: int
    percent: int


def answer_shares(counts: dict[str, int], choice_ids: list[str]) -> list[Share]:
    """Each choice's answers and whole percentage of all answers, in choice order.

    Percentages are rounded by largest remainder, so they add up to exactly 100 (0 each when nobody
    has answered). Counts for ids that are not choices are left out.
    """
    answers = [max(0, int(counts.get(cid, 0))) for cid in choice_ids]
    total = sum(answers)
    if total == 0:
        return [Share(cid, 0, 0) for cid in choice_ids]
    exact = [100 * n / total for n in answers]
    percent = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (percent[i] - exact[i], i))
    for i in by_remainder[: 100 - sum(percent)]:
        percent[i] += 1
    return [Share(cid, n, p) for cid, n, p in zip(choice_ids, answers, percent)]


def with_own_answer(counts: dict[str, int], choice_id: str, recorded: bool) -> dict[str, int]:
    """Everyone's answers including this one: as stored when it was recorded, else plus one."""
    if recorded:
        return dict(counts)
    return {**counts, choice_id: counts.get(choice_id, 0) + 1}


def due_in_words(due: datetime, now: datetime) -> str:
    """How long until ``due``, roughly: ``now``, ``in 10 minutes``, ``in 3 hours``, ``in 2 days``."""
    seconds = (due - now).total_seconds()
    if seconds < 60:
        return "now"
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "now"  # unreachable: seconds >= 60 matched "minute"
