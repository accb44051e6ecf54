"""What a learner's attempts add up to: a CSV of every answer and a summary for charts.

Also available as ``pathway.store.progress.export_csv`` and ``pathway.store.progress.summary``.

The CSV reads without the app: each answer's question (a bank question's stem and lead-in; a generated
case's title), the answer chosen and the correct one in words, right or wrong, confidence, time taken and
when; the ids follow, to match a row with the app. Every text cell is safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, func, select

from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import CHOICE_TEXT
from pathway.learn.review import CONFIDENCES
from pathway.learn.topics import stage_label, topic_label
from pathway.store.schema import attempts
from pathway.store.transactions import read_transaction

# What each answer's row says, in this order (the header row).
CSV_COLUMNS = (
    "Answered (UTC)",
    "Mode",
    "Topic",
    "Question",
    "Your answer",
    "Correct answer",
    "Result",
    "Confidence",
    "Seconds taken",
    "Question id",
    "Choice id",
    "Attempt id",
)
_READ = ("answered_at", "mode", "topic", "item_id", "stage", "choice_id", "correct", "confidence", "seconds")
MODE_NAMES = {"tutor": "practice", "review": "review", "exam": "exam"}
NOT_ASKED = "not asked (exam)"  # an exam asks for no confidence (its answers are stored as "unsure")
NO_ANSWER = "unanswered"  # the choice id an exam saves for a question left unanswered
_CASE_ID = re.compile(r"case-(\d+)(?:-(\d+))?")
_PATIENT_ID = re.compile(r"patient-(\d+)-visit-(\d+)")  # a visit of "Follow a patient" (scored mode)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading ``'`` when a spreadsheet would otherwise read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_cell(value: Any) -> str:
    """One cell as text: a time in UTC to the second, seconds to a tenth, any text made inert."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return f"{value:.1f}"
    return spreadsheet_safe(str(value))


def _case_title(item_id: str) -> str | None:
    """``Generated case 42`` (Practice), ``Generated case 3 of exam 7``; None for any other id."""
    found = _CASE_ID.fullmatch(item_id)
    if found is None:
        return None
    seed, number = found.groups()
    return f"Generated case {seed}" if number is None else f"Generated case {number} of exam {seed}"


@lru_cache(maxsize=64)
def _patient_visit(seed: int, number: int) -> tuple[str, dict[str, str], str] | None:
    """A "Follow a patient" visit as the learner met it (the course is the same for the same seed): its
    title, its choices in words and the right one; None when the seed or visit no longer gives one."""
    from pathway.learn.course import follow_patient

    try:
        visits = follow_patient(seed).visits
    except ValueError:
        return None
    if not 1 <= number <= len(visits):
        return None
    visit = visits[number - 1]
    choices = {c.id: c.text for c in visit.choices}
    return f"Follow a patient {seed}, visit {number}", choices, choices.get(visit.key, stage_label(visit.key))


def _texts(item_id: str, choice_id: str, stage: str, bank: Mapping[str, Mapping[str, Any]]) -> tuple[str, str, str]:
    """The question, the answer chosen and the correct answer, in words, for one saved answer."""
    patient = _PATIENT_ID.fullmatch(item_id)
    visit = _patient_visit(int(patient[1]), int(patient[2])) if patient else None
    if visit is not None:
        question, choices, correct = visit
        return question, choices.get(choice_id, f"(choice {choice_id})"), correct
    item = bank.get(item_id)
    if item is not None:
        choices = {c["id"]: c["text"] for c in item["choices"]}
        question = f"{item['stem']} {item['lead_in']}"
        correct = choices.get(item["answer"], item["answer"])
    else:
        title = _case_title(item_id)
        # a generated case's choices are the steps, worded as the case showed them; its answer is its step
        choices = dict(CHOICE_TEXT) if title is not None else {}
        question = title or f"Question {item_id} (no longer in the bank)"
        correct = choices.get(stage, stage_label(stage)) if title is not None else ""
    if choice_id == NO_ANSWER:
        chosen = "(not answered)"
    else:
        chosen = choices.get(choice_id, f"(choice {choice_id})")
    return question, chosen, correct


def export_csv(engine: Engine, learner_id: int, items: Iterable[Mapping[str, Any]] | None = None) -> str:
    """Every attempt of the learner, oldest first: a header row (:data:`CSV_COLUMNS`), then one row per
    attempt. ``items`` are the bank's questions in their public JSON shape (default: the bundled bank),
    which give a question's words; a generated case is named by its title."""
    bank = {str(q["id"]): q for q in (items if items is not None else (question_json(q) for q in load_bank()))}
    query = (
        select(*(attempts.c[name] for name in _READ), attempts.c.attempt_id)
        .where(attempts.c.learner_id == learner_id)
        .order_by(attempts.c.answered_at, attempts.c.attempt_id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    with read_transaction(engine) as connection:
        for row in connection.execute(query).mappings():
            question, chosen, correct = _texts(row["item_id"], row["choice_id"], row["stage"], bank)
            exam = row["mode"] == "exam"
            cells = [
                row["answered_at"],
                MODE_NAMES.get(row["mode"], row["mode"]),
                topic_label(row["topic"]),
                question,
                chosen,
                correct,
                "right" if row["correct"] else "wrong",
                NOT_ASKED if exam else row["confidence"],
                row["seconds"],
                row["item_id"],
                row["choice_id"],
                row["attempt_id"],
            ]
            writer.writerow([_csv_cell(cell) for cell in cells])
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
