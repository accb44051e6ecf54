"""Charts of a learner's self-test results, from plain data (the tallies of
:func:`pathway.learn.progress_summary.summarise`), never from the database.

House style (:mod:`chart_style`): rows labelled inside the plot above their bars with their numbers,
titles that state the finding (short lines on a phone), a text alternative in ``description``, and
``usermeta`` carrying the title. Each ``*_chart`` has a ``*_data`` twin: the table the chart draws.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from pathway.learn.review import CONFIDENCES
from pathway.learn.topics import stage_label, topic_label
from pathway.present.charts.style import (
    OKABE_ITO,
    X_RANGE_CAP,
    X_TICKS,
    axis_title,
    describe,
    finish,
    multiline,
    row_label,
    spoken,
    stack_rows,
)

__all__ = [
    "CONFIDENCE_LABELS",
    "accuracy_chart",
    "accuracy_data",
    "calibration_chart",
    "calibration_data",
    "percent",
    "stage_chart",
    "topic_chart",
    "trend_chart",
    "trend_data",
]

CONFIDENCE_LABELS = {"sure": "Sure", "unsure": "Unsure", "guess": "Guessing"}
BAR_COLOUR = OKABE_ITO["blue"]


def percent(share: float | None) -> int:
    """A share as a whole percentage (half up, so 0.125 -> 13)."""
    return int(share * 100 + 0.5) if share is not None else 0


def _answers(count: int, last: bool = False) -> str:
    """``1 answer``, ``2 answers``; with ``last``, ``the last 10 answers`` or ``the last answer``."""
    if last:
        return "the last answer" if count == 1 else f"the last {count} answers"
    return f"{count} answer{'s' if count != 1 else ''}"


def _row_text(row: Any) -> str:
    """``Wet wraps: 3 of 4 right (75%)`` for a row of an ``*_data`` table."""
    return f"{row.label}: {row.correct} of {row.answered} right ({row.percent}%)"


def accuracy_data(tallies: Mapping[str, Mapping[str, Any]], label: Callable[[str], str] = str) -> pd.DataFrame:
    """One row per name with answers, the lowest share right first (ties: more answers, then name)."""
    rows = [
        {
            "name": name,
            "label": label(name),
            "answered": t["answered"],
            "correct": t["correct"],
            "percent": percent(t["accuracy"]),
        }
        for name, t in tallies.items()
        if t["answered"]
    ]
    rows.sort(key=lambda r: (r["correct"] / r["answered"], -r["answered"], r["name"]))
    return pd.DataFrame(rows, columns=["name", "label", "answered", "correct", "percent"])


def _bars(df: pd.DataFrame, x_title: str) -> tuple[alt.LayerChart, int]:
    """Each row's label and numbers above a track of 0-100% filled to its share right."""
    df = df.copy()
    df["label_lines"] = [multiline(_row_text(r)) for r in df.itertuples()]
    df["aria"] = spoken(df["label_lines"])
    df["zero"], df["full"] = 0, 100
    rows = stack_rows(df, bar=14)
    x = alt.X(
        "zero:Q",
        title=axis_title(x_title),
        axis=alt.Axis(tickCount=X_TICKS, format="d"),
        scale=alt.Scale(domain=[0, 100], nice=False, rangeMax=X_RANGE_CAP),
    )
    y = alt.Y("bar_y:Q", scale=rows.y, axis=None)
    tips: list[str | alt.Tooltip] = ["label:N", "answered:Q", "correct:Q", alt.Tooltip("percent:Q", title="% right")]
    track = (
        alt.Chart(rows.frame)
        .mark_rect(color=OKABE_ITO["black"], opacity=0.08, aria=False)
        .encode(x=x, x2="full:Q", y=y, y2="bar_y2:Q")
    )
    bars = (
        alt.Chart(rows.frame)
        .mark_rect(color=BAR_COLOUR)
        .encode(x="zero:Q", x2="percent:Q", y=y, y2="bar_y2:Q", tooltip=tips, description="aria:N")
    )
    return track + bars + row_label(rows.frame, rows).encode(tooltip=tips), rows.height


def accuracy_chart(
    tallies: Mapping[str, Mapping[str, Any]], label: Callable[[str], str], noun: str, plural: str
) -> alt.LayerChart:
    """Share right per topic or stage; the title names the weakest (and the strongest when different)."""
    df = accuracy_data(tallies, label)
    if df.empty:
        raise ValueError(f"no answers to chart by {noun}")
    low, high = df.iloc[0], df.iloc[-1]
    if len(df) > 1 and high.percent == low.percent:  # no weakest to name
        heading = (
            f"Every {noun} {low.percent}% right: {int(df['correct'].sum())} of "
            f"{_answers(int(df['answered'].sum()))} in {len(df)} {plural}"
        )
    else:
        heading = f"Weakest {noun}: {low.label}, {low.correct} of {low.answered} right ({low.percent}%)"
    if len(df) > 1 and high.percent > low.percent:
        heading += f"; strongest: {high.label} ({high.percent}%)"
    subtitle = f"Share of your answers that were right, per {noun}, weakest first"
    chart, height = _bars(df, "Answers right (%)")
    text = describe(
        f"Bar chart of the share of answers right in each of {len(df)} {plural}"
        if len(df) != 1
        else f"Bar chart of the share of answers right in one {noun}",
        heading,
        *[_row_text(r) for r in df.itertuples()],
    )
    return finish(chart, heading, subtitle, text, width="container", height=height)


def topic_chart(by_topic: Mapping[str, Mapping[str, Any]]) -> alt.LayerChart:
    return accuracy_chart(by_topic, topic_label, "topic", "topics")


def stage_chart(by_stage: Mapping[str, Mapping[str, Any]]) -> alt.LayerChart:
    return accuracy_chart(by_stage, stage_label, "stage", "stages")


def calibration_data(calibration: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """One row per confidence that was used, in the order sure, unsure, guess."""
    rows = [
        {
            "name": c,
            "label": CONFIDENCE_LABELS[c],
            "answered": calibration[c]["answered"],
            "correct": calibration[c]["correct"],
            "percent": percent(calibration[c]["accuracy"]),
        }
        for c in CONFIDENCES
        if c in calibration and calibration[c]["answered"]
    ]
    return pd.DataFrame(rows, columns=["name", "label", "answered", "correct", "percent"])


def _calibration_finding(df: pd.DataFrame) -> str:
    by = {r.name: r for r in df.itertuples()}
    parts = [f"when {r.label.lower()}, {r.percent}% right" for r in df.itertuples()]
    heading = "; ".join(parts)
    heading = heading[0].upper() + heading[1:]
    if "sure" in by and "guess" in by and by["sure"].percent <= by["guess"].percent:
        heading += ": being sure did not mean being right more often"
    elif "sure" in by and by["sure"].percent < 100 and by["sure"].answered >= 3:
        wrong = by["sure"].answered - by["sure"].correct
        heading += f": {wrong} sure answer{'s were' if wrong != 1 else ' was'} wrong"
    return heading


def calibration_chart(calibration: Mapping[str, Mapping[str, Any]]) -> alt.LayerChart:
    """Share right for each confidence given before the answer was shown (calibration)."""
    df = calibration_data(calibration)
    if df.empty:
        raise ValueError("no answers with a confidence to chart")
    heading = _calibration_finding(df)
    subtitle = "How sure you said you were, and how often you were right"
    chart, height = _bars(df, "Answers right (%)")
    text = describe("Bar chart of the share of answers right for each confidence given", heading)
    return finish(chart, heading, subtitle, text, width="container", height=height)


def trend_data(trend: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per answer: its number, whether it was right, and the rolling share right (percent)."""
    return pd.DataFrame(
        [
            {
                "attempt": t["attempt"],
                "correct": bool(t["correct"]),
                "window": t["window"],
                "percent": percent(t["rolling_accuracy"]),
            }
            for t in trend
        ],
        columns=["attempt", "correct", "window", "percent"],
    )


def trend_chart(trend: Sequence[Mapping[str, Any]], window: int) -> alt.LayerChart:
    """The rolling share right over the last ``window`` answers, at each answer."""
    df = trend_data(trend)
    if df.empty:
        raise ValueError("no answers to chart over time")
    last = df.iloc[-1]
    first = df.iloc[min(len(df), window) - 1]
    heading = f"Your {_answers(int(last.window), last=True).removeprefix('the ')}: {last.percent}% right"
    if len(df) > window:
        change = (
            "up from"
            if last.percent > first.percent
            else "down from"
            if last.percent < first.percent
            else "the same as"
        )
        heading += f", {change} {first.percent}% in your first {window}"
    subtitle = f"Share right in {_answers(window, last=True)}, at each answer"
    df["result"] = ["right" if c else "wrong" for c in df["correct"]]
    x = alt.X(
        "attempt:Q",
        title="Answer number",
        axis=alt.Axis(tickMinStep=1, format="d", tickCount=X_TICKS),
        scale=alt.Scale(domain=[1, max(2, int(df["attempt"].max()))], nice=False, rangeMax=X_RANGE_CAP),
    )
    y = alt.Y(
        "percent:Q",
        title=None,
        axis=alt.Axis(values=[0, 50, 100], labelExpr="datum.value + '%'"),
        scale=alt.Scale(domain=[0, 100]),
    )
    tips: list[str | alt.Tooltip] = [
        alt.Tooltip("attempt:Q", title="answer"),
        "result:N",
        alt.Tooltip("percent:Q", title="% right"),
    ]
    line = alt.Chart(df).mark_line(color=BAR_COLOUR, strokeWidth=2, aria=False).encode(x=x, y=y)
    points = (
        alt.Chart(df)
        .mark_point(filled=True, size=40, color=BAR_COLOUR)
        .encode(
            x="attempt:Q",
            y="percent:Q",
            tooltip=tips,
            shape=alt.Shape(
                "result:N", legend=None, scale=alt.Scale(domain=["right", "wrong"], range=["circle", "cross"])
            ),
        )
    )
    text = describe(
        f"Line chart of the share right over {_answers(window, last=True)}, at each answer ({_answers(len(df))})",
        heading,
    )
    chart: alt.LayerChart = finish(line + points, heading, subtitle, text, width="container", height=180)
    return chart
