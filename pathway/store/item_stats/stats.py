"""Per item: answers, share correct (difficulty), discrimination (point-biserial) and flags.

The sums come from the database (:mod:`.sums`); here each item's correlation is finished from its five
sums, and the flags are set. The point-biserial of a 0/1 item ``x`` against the rest score ``y`` over the
``m`` learners who have one is Pearson's correlation::

    r = (m·Σxy − Σx·Σy) / sqrt((m·Σx − (Σx)²) · (m·Σy² − (Σy)²))      (Σx² = Σx for 0/1)

It is undefined (``None``) with fewer than two such learners, or when everyone got the item right (or
wrong), or everyone's rest score is the same.

Flags, each judged only once an item has at least ``min_learners`` learners (:data:`MIN_LEARNERS` unless
told; below that the one flag says so, because with a handful of answers a correlation's sign and an
unpicked distractor are chance):

- negative discrimination: learners who did worse on the rest got this item right more often;
- a distractor (a wrong choice, named by its letter as learners see it) that no answer ever picked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from pathway.learn.bank import Question
from pathway.learn.practice import letter
from pathway.store.item_stats.sums import ItemSums, choice_picks, first_try, item_sums
from pathway.store.transactions import read_transaction

MIN_LEARNERS = 20  # fewer learners than this: too few answers to judge an item
# Words for the share right first time (the classical "difficulty index" p, conventional cut-offs):
EASY_FROM = 0.80  # p >= 0.80: easy
HARD_BELOW = 0.30  # p < 0.30: hard; in between: medium
NEGATIVE = "negative discrimination"
# A variance this small against its terms' size is rounding, not spread (rest scores are shares in [0, 1]).
_ROUNDING = 1e-12


def too_few_flag(min_learners: int) -> str:
    return f"too few answers (under {min_learners} learners)"


def unused_flag(letters: Sequence[str]) -> str:
    return f"{'distractor' if len(letters) == 1 else 'distractors'} never picked: {', '.join(letters)}"


def point_biserial(sums: ItemSums) -> float | None:
    """Pearson's r of right-first-time (0/1) against the rest score, from the database's sums."""
    m, sx, sy = sums.m, sums.sum_x, sums.sum_y
    if m < 2:
        return None
    var_x = m * sx - sx * sx
    var_y = m * sums.sum_yy - sy * sy
    if var_x <= _ROUNDING * max(1.0, m * sx) or var_y <= _ROUNDING * max(1.0, m * sums.sum_yy):
        return None
    cov = m * sums.sum_xy - sx * sy
    if abs(cov) <= _ROUNDING * max(1.0, m * sums.sum_xy, sx * sy):
        return 0.0  # no correlation: a rounding error's sign must not flag an item
    return max(-1.0, min(1.0, cov / math.sqrt(var_x * var_y)))


def difficulty_word(share: float) -> str:
    """``easy`` (80% or more right first time), ``hard`` (under 30%) or ``medium``."""
    if share >= EASY_FROM:
        return "easy"
    return "hard" if share < HARD_BELOW else "medium"


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    topic: str
    answers: int  # every recorded answer to the item (every learner, every try, every mode)
    learners: int  # learners who answered it: their first answers are what the statistics use
    correct: int  # learners right first time
    discrimination: float | None  # point-biserial against the rest score; None when undefined
    unused_distractors: tuple[str, ...]  # letters of wrong choices no answer picked (judged items only)
    flags: tuple[str, ...]

    @property
    def share_correct(self) -> float | None:
        """The difficulty index p: the share of learners right first time (None before any answer)."""
        return self.correct / self.learners if self.learners else None


def _stats(question: Question, sums: ItemSums | None, picks: dict[str, int], min_learners: int) -> ItemStats:
    learners = sums.learners if sums else 0
    discrimination = point_biserial(sums) if sums else None
    unused: tuple[str, ...] = ()
    flags: list[str] = []
    if learners < min_learners:
        flags.append(too_few_flag(min_learners))
    else:
        if discrimination is not None and discrimination < 0:
            flags.append(NEGATIVE)
        unused = tuple(
            letter(index)
            for index, choice in enumerate(question.choices)
            if choice.id != question.answer and picks.get(choice.id, 0) == 0
        )
        if unused:
            flags.append(unused_flag(unused))
    return ItemStats(
        item_id=question.id,
        topic=question.topic,
        answers=sum(picks.values()),
        learners=learners,
        correct=sums.correct if sums else 0,
        discrimination=discrimination,
        unused_distractors=unused,
        flags=tuple(flags),
    )


def item_statistics(engine: Engine, bank: Sequence[Question], min_learners: int = MIN_LEARNERS) -> list[ItemStats]:
    """Every bank item, in bank order, with its statistics (items nobody answered included: 0 answers).

    Answers to ids no longer in the bank still count in learners' rest scores, as the answers they were.
    """
    if min_learners < 1:
        raise ValueError(f"min_learners must be 1 or more, not {min_learners}")
    with read_transaction(engine) as connection:
        sums = item_sums(connection)
        picks = choice_picks(connection, [q.id for q in bank])
    return [_stats(q, sums.get(q.id), picks.get(q.id, {}), min_learners) for q in bank]


@dataclass(frozen=True)
class Difficulty:
    """How hard an item proved: learners and how many were right first time."""

    learners: int
    correct: int
    min_learners: int = MIN_LEARNERS

    @property
    def share(self) -> float | None:
        return self.correct / self.learners if self.learners else None

    @property
    def word(self) -> str | None:
        """easy / medium / hard, or None while fewer than ``min_learners`` learners answered."""
        share = self.share
        return difficulty_word(share) if share is not None and self.learners >= self.min_learners else None

    def with_unsaved_answer(self, correct: bool) -> Difficulty:
        """Plus one learner's answer that was not saved (a learner without a nickname), as shown to them."""
        return replace(self, learners=self.learners + 1, correct=self.correct + int(correct))


def item_difficulty(engine: Engine, item_id: str, min_learners: int = MIN_LEARNERS) -> Difficulty:
    """One item's learners and how many were right first time (what a learner sees after answering)."""
    with read_transaction(engine) as connection:
        learners, correct = first_try(connection, item_id)
    return Difficulty(learners, correct, min_learners)
