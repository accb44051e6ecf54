"""What a learner's attempts add up to: a CSV of every answer and a summary for charts.

Also available as ``pathway.store.progress.export_csv`` and ``pathway.store.progress.summary``.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from pathway.learn.review import CONFIDENCES
from pathway.store.schema import attempts
from pathway.store.transactions import read_transaction

CSV_COLUMNS = (
    "answered_at",
    "mode",
    "item_id",
    "item_kind",
    "topic",
    "stage",
    "choice_id",
    "correct",
    "confidence",
    "seconds",
    "attempt_id",
)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading ``'`` when a spreadsheet would otherwise read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column == "correct":
        return "yes" if value else "no"
    if column == "answered_at":
        answered_at: datetime = value
        return answered_at.isoformat(timespec="seconds")
    if column == "seconds":
        return f"{value:.1f}"
    return spreadsheet_safe(str(value))


def export_csv(engine: Engine, learner_id: int) -> str:
    """Every attempt of the learner, oldest first: a header row, then one row per attempt."""
    query = (
        select(*(attempts.c[name] for name in CSV_COLUMNS))
        .where(attempts.c.learner_id == learner_id)
        .order_by(attempts.c.answered_at, attempts.c.attempt_id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    with read_transaction(engine) as connection:
        for row in connection.execute(query):
            writer.writerow([_csv_cell(name, value) for name, value in zip(CSV_COLUMNS, row)])
    return out.getvalue()


def _tally(answered: int, correct: int) -> dict[str, Any]:
    return {"answered": answered, "correct": correct, "accuracy": correct / answered if answered else None}


def summary(engine: Engine, learner_id: int) -> dict[str, Any]:
    """Accuracy overall, by topic and by stage, and calibration (confidence against correctness).

    ``{"answered": n, "correct": k, "accuracy": k/n or None,
    "by_topic": {topic: {"answered", "correct", "accuracy"}}, "by_stage": {stage: {...}},
    "calibration": {"sure"|"unsure"|"guess": {"answered", "correct", "wrong", "accuracy"}}}``;
    topics and stages sorted by name, every confidence present (zero when unused).
    """
    query = (
        select(attempts.c.topic, attempts.c.stage, attempts.c.confidence, attempts.c.correct, func.count())
        .where(attempts.c.learner_id == learner_id)
        .group_by(attempts.c.topic, attempts.c.stage, attempts.c.confidence, attempts.c.correct)
    )
    with read_transaction(engine) as connection:
        groups = [(row[0], row[1], row[2], bool(row[3]), int(row[4])) for row in connection.execute(query)]
    totals: dict[str, dict[str, list[int]]] = {"by_topic": {}, "by_stage": {}, "calibration": {}}
    for confidence in CONFIDENCES:
        totals["calibration"][confidence] = [0, 0]
    for topic, stage, confidence, correct, count in groups:
        for part, name in (("by_topic", topic), ("by_stage", stage), ("calibration", confidence)):
            tally = totals[part].setdefault(name, [0, 0])
            tally[0] += count
            tally[1] += count if correct else 0
    answered = sum(group[4] for group in groups)
    right = sum(group[4] for group in groups if group[3])
    calibration = {name: {**_tally(n, k), "wrong": n - k} for name, (n, k) in totals["calibration"].items()}
    return {
        **_tally(answered, right),
        "by_topic": {name: _tally(n, k) for name, (n, k) in sorted(totals["by_topic"].items())},
        "by_stage": {name: _tally(n, k) for name, (n, k) in sorted(totals["by_stage"].items())},
        "calibration": calibration,
    }
