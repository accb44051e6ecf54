"""The database's part: per item, the sums a point-biserial correlation needs, and the picks per choice.

Everything here is one SQL statement, grouped in the database; Python receives one row per item (or per
item and choice), never one per answer. The square root and the division that finish the correlation are
done per item in :mod:`.stats` (SQLite before 3.35, or without its math functions, has no ``sqrt``).

Which answer counts: each learner's **first** answer to an item (earliest ``answered_at``, ties broken by
``attempt_id``). Practice explains every choice after each answer and review brings items back, so later
answers measure what the app taught, not how hard the item is or whom it separates; the first try is the
one that tells a maintainer about the item. Only bank questions count (``item_kind = 'question'``):
a generated case is a new item per seed.

For the learner ``l`` and the item ``i``: ``x`` is 1 when the first answer was right, else 0; the rest
score ``y`` is the learner's share right on their first answers to every OTHER question,
``(S_l - x) / (n_l - 1)`` with ``n_l`` the questions the learner answered and ``S_l`` how many right
first time. A share rather than a count because learners answer different numbers of items. A learner
who answered only this item has no rest score: counted in the item's learners and share correct, left
out of its correlation.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import CTE, Connection, Float, Integer, case, cast, func, select

from pathway.store.schema import attempts

QUESTION_KIND = "question"  # pathway.learn.review.ITEM_KINDS: bank questions, not generated cases


@dataclass(frozen=True)
class ItemSums:
    """One item's first answers and the sums over learners who have a rest score (``m`` of them)."""

    item_id: str
    learners: int  # learners who answered the item (their first answer counts)
    correct: int  # of those, right first time
    m: int  # learners with a rest score (they answered at least one other question)
    sum_x: float  # right first time, among those m
    sum_y: float  # their rest scores
    sum_yy: float
    sum_xy: float


def _ranked(item_id: str | None = None) -> CTE:
    """Every answer to a question (or to one item) numbered per learner and item, first answer 1."""
    a = attempts
    ranked = select(
        a.c.learner_id,
        a.c.item_id,
        cast(a.c.correct, Integer).label("x"),
        func.row_number()
        .over(partition_by=(a.c.learner_id, a.c.item_id), order_by=(a.c.answered_at, a.c.attempt_id))
        .label("nth"),
    )
    if item_id is None:
        return ranked.where(a.c.item_kind == QUESTION_KIND).cte("ranked")
    return ranked.where(a.c.item_id == item_id).cte("ranked")


def item_sums(connection: Connection) -> dict[str, ItemSums]:
    """Per question answered at least once: first answers, right ones, and the correlation's sums.

    Three steps, each a window or a grouping over the previous one (no join, so no plan can turn it into
    a nested loop): number each learner's answers per item; keep the first ones, with the learner's
    count ``n`` and right ones ``s`` over them (windows per learner); the rest score; sums per item.
    """
    ranked = _ranked()
    first = (
        select(
            ranked.c.item_id,
            ranked.c.x,
            func.count().over(partition_by=ranked.c.learner_id).label("n"),
            func.sum(ranked.c.x).over(partition_by=ranked.c.learner_id).label("s"),
        )
        .where(ranked.c.nth == 1)
        .cte("first_answers")
    )
    rest = case((first.c.n > 1, cast(first.c.s - first.c.x, Float) / cast(first.c.n - 1, Float)))
    scored = select(first.c.item_id, first.c.x, rest.label("y")).cte("scored")
    x, y = scored.c.x, scored.c.y
    query = select(
        scored.c.item_id,
        func.count().label("learners"),
        func.sum(x).label("correct"),
        func.count(y).label("m"),
        func.sum(case((y.is_not(None), cast(x, Float)))).label("sum_x"),
        func.sum(y).label("sum_y"),
        func.sum(y * y).label("sum_yy"),
        func.sum(x * y).label("sum_xy"),
    ).group_by(scored.c.item_id)
    return {
        row.item_id: ItemSums(
            item_id=row.item_id,
            learners=int(row.learners),
            correct=int(row.correct or 0),
            m=int(row.m),
            sum_x=float(row.sum_x or 0.0),
            sum_y=float(row.sum_y or 0.0),
            sum_yy=float(row.sum_yy or 0.0),
            sum_xy=float(row.sum_xy or 0.0),
        )
        for row in connection.execute(query)
    }


def choice_picks(connection: Connection, item_ids: Collection[str]) -> dict[str, dict[str, int]]:
    """Every answer (first or not, every mode) per item and choice: item id -> choice id -> answers.

    Asked for the given items (the bank's) so that the index on (item_id, choice_id) answers it alone.
    """
    a = attempts
    query = (
        select(a.c.item_id, a.c.choice_id, func.count().label("answers"))
        .where(a.c.item_id.in_(sorted(set(item_ids))))
        .group_by(a.c.item_id, a.c.choice_id)
    )
    picks: dict[str, dict[str, int]] = {}
    for row in connection.execute(query):
        picks.setdefault(row.item_id, {})[row.choice_id] = int(row.answers)
    return picks


def first_try(connection: Connection, item_id: str) -> tuple[int, int]:
    """One item's learners and how many of them were right first time (any kind of item)."""
    ranked = _ranked(item_id)
    first_only = ranked.c.nth == 1
    row = connection.execute(select(func.count(), func.coalesce(func.sum(ranked.c.x), 0)).where(first_only)).one()
    return int(row[0]), int(row[1])
