"""The statistics as a maintainer reads them: rows (for a table), CSV, JSON and a plain-text table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from pathway.learn.topics import topic_label
from pathway.store.item_stats.stats import EASY_FROM, HARD_BELOW, Difficulty, ItemStats
from pathway.store.reports import spreadsheet_safe

# Column key -> heading, in the order every format shows them.
COLUMNS: dict[str, str] = {
    "item": "Item",
    "topic": "Topic",
    "answers": "Answers",
    "learners": "Learners",
    "share_correct": "Share correct",
    "discrimination": "Discrimination",
    "flags": "Flags",
}


def stats_rows(stats: Sequence[ItemStats]) -> list[dict[str, Any]]:
    """One dict per item with the columns' keys: numbers as numbers (share in 0-1, None when undefined)."""
    return [
        {
            "item": s.item_id,
            "topic": topic_label(s.topic),
            "answers": s.answers,
            "learners": s.learners,
            "share_correct": s.share_correct,
            "discrimination": s.discrimination,
            "flags": "; ".join(s.flags),
        }
        for s in stats
    ]


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def stats_csv(stats: Sequence[ItemStats]) -> str:
    """A header row (the columns' keys: item, topic, answers, ...), then one row per item (share correct in
    0-1 and discrimination to 3 decimals, blank when undefined); text cells are made safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(COLUMNS))
    for row in stats_rows(stats):
        writer.writerow(
            [
                spreadsheet_safe(row["item"]),
                spreadsheet_safe(row["topic"]),
                row["answers"],
                row["learners"],
                _number(row["share_correct"], 3),
                _number(row["discrimination"], 3),
                spreadsheet_safe(row["flags"]),
            ]
        )
    return out.getvalue()


def stats_json(stats: Sequence[ItemStats]) -> str:
    """A JSON list, one object per item: the raw counts and values, the flags as a list."""
    return json.dumps(
        [
            {
                "item": s.item_id,
                "topic": s.topic,
                "topic_label": topic_label(s.topic),
                "answers": s.answers,
                "learners": s.learners,
                "correct": s.correct,
                "share_correct": s.share_correct,
                "discrimination": s.discrimination,
                "unused_distractors": list(s.unused_distractors),
                "flags": list(s.flags),
            }
            for s in stats
        ],
        indent=2,
        ensure_ascii=False,
    )


def stats_table(stats: Sequence[ItemStats]) -> str:
    """A plain-text table with aligned columns (share as a percentage, discrimination to 2 decimals)."""
    lines = [list(COLUMNS.values())]
    for row in stats_rows(stats):
        share = row["share_correct"]
        lines.append(
            [
                row["item"],
                row["topic"],
                str(row["answers"]),
                str(row["learners"]),
                "" if share is None else f"{100 * share:.0f}%",
                _number(row["discrimination"], 2),
                row["flags"],
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    numeric = {2, 3, 4, 5}
    text = [
        "  ".join(cell.rjust(w) if i in numeric else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths)))
        for line in lines
    ]
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in text) + "\n"


def flagged(stats: Sequence[ItemStats]) -> list[ItemStats]:
    """The items with at least one flag (too few answers included)."""
    return [s for s in stats if s.flags]


def difficulty_sentence(difficulty: Difficulty) -> str:
    """What a learner reads after answering: how hard the item proved, from everyone's first tries."""
    learners = f"{difficulty.learners:,} learner{'s' if difficulty.learners != 1 else ''}"
    word, share = difficulty.word, difficulty.share
    if word is None or share is None:
        return (
            f"How hard it proved: not known yet. Right at the first try for {difficulty.correct:,} of {learners} "
            f"so far; it takes {difficulty.min_learners} learners to call a question easy, medium or hard."
        )
    return (
        f"How hard it proved: {word}. Right at the first try for {share:.0%} of {learners} "
        f"(easy: {EASY_FROM:.0%} or more; hard: under {HARD_BELOW:.0%}; later tries do not count)."
    )


def stats_note(stats: Sequence[ItemStats], min_learners: int) -> str:
    """One paragraph under the table: what was counted and how the flags are judged."""
    answers = sum(s.answers for s in stats)
    marked = len(flagged(stats))
    return (
        f"{len(stats)} items, {answers:,} answers, {marked} flagged. Share correct and discrimination use each "
        "learner's first answer to an item; discrimination is the point-biserial correlation of that answer "
        "(right 1, wrong 0) with the learner's share right on their first answers to every other question. "
        f"Items with under {min_learners} learners are flagged as too few to judge; the other flags "
        "(negative discrimination, a distractor no answer picked) are judged from that many on."
    )
