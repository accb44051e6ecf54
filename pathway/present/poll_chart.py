"""A class poll's result: one bar per choice, the correct answer marked in words and colour.

Used by the presenter's screen and by every student's phone once the presenter reveals the answer.
Choices are lettered by position (A, B, C...), whatever their ids, as the phone and the projector
show them.
"""

from __future__ import annotations

from string import ascii_uppercase
from typing import Any, Mapping

import altair as alt
import pandas as pd

from pathway.present.chart_style import (
    OKABE_ITO, describe, finish, multiline, row_label, spoken, stack_rows,
)

CORRECT_COLOUR = OKABE_ITO["bluish_green"]
OTHER_COLOUR = "#7a8b94"  # grey: 3.6:1 on white, with the count written beside every bar anyway
CORRECT_MARK = "correct answer"


def letter(position: int) -> str:
    """A, B, C... for the choice at ``position`` (0-based)."""
    return ascii_uppercase[position] if position < len(ascii_uppercase) else str(position + 1)


def choice_letters(question: Mapping[str, Any]) -> dict[str, str]:
    """Choice id -> its letter on screen."""
    return {choice["id"]: letter(i) for i, choice in enumerate(question["choices"])}


def share(part: int, total: int) -> str:
    return f"{round(100 * part / total)}%" if total else "0%"


def result_heading(question: Mapping[str, Any], counts: Mapping[str, int], answer: str) -> str:
    """The finding in one sentence: how many of the answers were right."""
    total = sum(counts.values())
    letter_of = choice_letters(question)[answer]
    if not total:
        return f"No answers yet; the correct answer is {letter_of}"
    right = counts.get(answer, 0)
    noun = "answer" if total == 1 else "answers"
    return f"{right} of {total} {noun} ({share(right, total)}) chose the correct answer, {letter_of}"


def result_frame(question: Mapping[str, Any], counts: Mapping[str, int], answer: str) -> pd.DataFrame:
    total = sum(counts.values())
    rows = []
    for i, choice in enumerate(question["choices"]):
        n = int(counts.get(choice["id"], 0))
        correct = choice["id"] == answer
        label = f"{letter(i)}. {choice['text']}: {n} ({share(n, total)})"
        if correct:
            label += f", {CORRECT_MARK}"
        rows.append({"choice": letter(i), "votes": n, "correct": "correct" if correct else "other",
                     "label_lines": multiline(label), "zero": 0})
    return pd.DataFrame(rows)


def poll_result_chart(question: Mapping[str, Any], counts: Mapping[str, int], answer: str) -> alt.LayerChart:
    """Bars of votes per choice in the question's order; the correct one green and labelled so."""
    df = result_frame(question, counts, answer)
    df["aria"] = spoken(df["label_lines"])
    rows = stack_rows(df, bar=22)
    top = max(1, int(df["votes"].max()))
    bars = alt.Chart(rows.frame).mark_rect().encode(
        x=alt.X("zero:Q", title="Answers", scale=alt.Scale(domain=[0, top], nice=True),
                axis=alt.Axis(tickMinStep=1, format="d")),
        x2="votes:Q", y=alt.Y("bar_y:Q", scale=rows.y, axis=None), y2="bar_y2:Q",
        color=alt.Color("correct:N", legend=None,
                        scale=alt.Scale(domain=["correct", "other"], range=[CORRECT_COLOUR, OTHER_COLOUR])),
        tooltip=["choice:N", "votes:Q"], description="aria:N",
    )
    heading = result_heading(question, counts, answer)
    text = describe("Bar chart of the class's answers to the poll question", heading)
    return finish(bars + row_label(rows.frame, rows), heading, None, text, width="container",
                  height=rows.height)
