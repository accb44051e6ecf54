"""A class poll's result: one bar per choice, the correct answer marked in words and colour.

Used by the presenter's screen and by every student's phone once the presenter reveals the answer.
Choices are lettered by position (A, B, C...), whatever their ids, as the phone and the projector
show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import ascii_uppercase
from typing import Any

import altair as alt
import pandas as pd

from pathway.present.charts.style import (
    AUTOSIZE,
    OKABE_ITO,
    describe,
    finish,
    multiline,
    row_label,
    spoken,
    stack_rows,
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
        rows.append(
            {
                "choice": letter(i),
                "votes": n,
                "correct": "correct" if correct else "other",
                "label_lines": multiline(label),
                "zero": 0,
            }
        )
    return pd.DataFrame(rows)


def poll_result_chart(question: Mapping[str, Any], counts: Mapping[str, int], answer: str) -> alt.LayerChart:
    """Bars of votes per choice in the question's order; the correct one green and labelled so."""
    df = result_frame(question, counts, answer)
    df["aria"] = spoken(df["label_lines"])
    rows = stack_rows(df, bar=22)
    top = max(1, int(df["votes"].max()))
    bars = (
        alt.Chart(rows.frame)
        .mark_rect()
        .encode(
            x=alt.X(
                "zero:Q",
                title="Answers",
                scale=alt.Scale(domain=[0, top], nice=True),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            x2="votes:Q",
            y=alt.Y("bar_y:Q", scale=rows.y, axis=None),
            y2="bar_y2:Q",
            color=alt.Color(
                "correct:N",
                legend=None,
                scale=alt.Scale(domain=["correct", "other"], range=[CORRECT_COLOUR, OTHER_COLOUR]),
            ),
            tooltip=["choice:N", "votes:Q"],
            description="aria:N",
        )
    )
    heading = result_heading(question, counts, answer)
    text = describe("Bar chart of the class's answers to the poll question", heading)
    chart: alt.LayerChart = finish(
        bars + row_label(rows.frame, rows), heading, None, text, width="container", height=rows.height
    )
    return chart


PROJECTOR_FONT = 26  # px: the letters and counts read from the back of a room (24 pt at 1920x1080)


def projector_result_chart(question: Mapping[str, Any], counts: Mapping[str, int], answer: str) -> alt.LayerChart:
    """The same result for a projector: one row per letter (the choices' texts are on the slide),
    the count and share at each bar's end, the correct row green and marked in words."""
    df = result_frame(question, counts, answer)
    total = int(df["votes"].sum())
    df["row"] = df["choice"]
    df["value_text"] = [
        f"{n} ({share(n, total)})" + (f", {CORRECT_MARK}" if k == "correct" else "")
        for n, k in zip(df["votes"], df["correct"])
    ]
    df["aria"] = spoken(df["label_lines"])
    y = alt.Y(
        "row:N",
        sort=list(df["row"]),
        title=None,
        axis=alt.Axis(labelFontSize=PROJECTOR_FONT, labelFontWeight="bold", ticks=False, domain=False),
    )
    x = alt.X("votes:Q", title=None, axis=None, scale=alt.Scale(domain=[0, max(1, int(df["votes"].max())) * 1.6]))
    colour = alt.Color(
        "correct:N", legend=None, scale=alt.Scale(domain=["correct", "other"], range=[CORRECT_COLOUR, OTHER_COLOUR])
    )
    bars = alt.Chart(df).mark_bar(size=PROJECTOR_FONT + 10).encode(x=x, y=y, color=colour, description="aria:N")
    text = (
        alt.Chart(df)
        .mark_text(align="left", dx=8, fontSize=PROJECTOR_FONT, aria=False)
        .encode(x=x, y=y, text="value_text:N")
    )
    heading = result_heading(question, counts, answer)
    text_alternative = describe("Bar chart of the class's answers to the poll question", heading)
    chart: alt.LayerChart = (
        (bars + text)
        .properties(
            title=alt.Title(heading, anchor="start", fontSize=PROJECTOR_FONT + 2, offset=12),
            description=text_alternative,
            autosize=AUTOSIZE,
            usermeta={"title": heading, "subtitle": []},
            width="container",
            height=len(df) * (PROJECTOR_FONT + 26),
        )
        .configure_view(strokeWidth=0)
    )
    return chart
