"""The timeline chart: when each treatment should show an effect, how long courses last, decision points.

One clock: the x axis counts time since the step *starts* (week 0 = its first day; in days when the
whole plan fits in two weeks). A marker is drawn only where the caller knows a position on that same
clock (see :mod:`pathway.present.charts.timeline_clock`), with its own label; the title, subtitle and text
alternative say which clock the marker reads.

:func:`timeline_base` is the chart without marker (slow: Altair builds and validates it), and
:func:`decorate` adds what follows the duration slider (marker, title, text alternative) to its dict;
:func:`timeline_chart` is the two together, :mod:`pathway.present.charts.timeline_spec` the same with a cache.
Each takes ``look``: a page's sizes, or a slide's (:class:`~pathway.present.charts.style.Look`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias, cast

import altair as alt
import pandas as pd

from pathway.clinical.models import TimelineItem
from pathway.clinical.scenario import TimelineEntry
from pathway.present.charts.numbers import _range
from pathway.present.charts.style import (
    AUTOSIZE,
    OKABE_ITO,
    PAGE,
    Look,
    axis_title,
    describe,
    multiline,
    row_label,
    stack_rows,
    title,
)

OPEN_ENDED_LABEL = "no end given in the sources"
TIMELINE_COLUMNS = [
    "id",
    "label",
    "kind",
    "start_weeks",
    "min_weeks",
    "max_weeks",
    "open_ended",
    "text",
    "sources",
    "when",
    "if_no_response",
]
DAYS_BELOW_WEEKS = 2  # a plan whose last timing is within two weeks is drawn in days
LEGEND = {
    "span": "light bar: start to latest; dark: expected window",
    "decision_point": "diamond: decision point",
    "open_ended": "pale bar: no end given",
}
HEADER_PX = 20  # room at the top of the plot for the marker's label (its 13 px line and 7 px), on a page
DEFAULT_MARKER = "week {week}"
# what the timeline is drawn from: content.timelines, or its items, the engine's entries, or their dicts
Timings: TypeAlias = Mapping[str, TimelineItem] | Iterable[TimelineItem | TimelineEntry | Mapping[str, Any]]


def _when(lo: float, hi: float, unit: str, open_ended: bool) -> str:
    if open_ended:
        return "no number given"
    return f"{lo:g} {unit}" if lo == hi else f"{_range(lo, hi)} {unit}"


def timeline_rows(items: Timings) -> pd.DataFrame:
    """TimelineEntry / TimelineItem / dicts (or ``content.timelines``) -> one row per item, in weeks."""
    if isinstance(items, Mapping):
        items = items.values()
    rows = []
    for it in items:
        if isinstance(it, Mapping):
            it = TimelineEntry.model_validate(it)
        if isinstance(it, TimelineItem):
            start, lo, hi = (round(it.in_weeks(v), 3) for v in (it.start, it.min, it.max))
        else:
            start, lo, hi = it.start_weeks, it.min_weeks, it.max_weeks
        rows.append(
            {
                "id": it.id,
                "label": it.label,
                "kind": it.kind,
                "start_weeks": start,
                "min_weeks": lo,
                "max_weeks": hi,
                "open_ended": it.open_ended,
                "text": it.text,
                "sources": list(it.sources),
                "when": _when(it.min, it.max, it.unit, it.open_ended),
                "if_no_response": it.if_no_response or "",
            }
        )
    df = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    return df.sort_values(["open_ended", "min_weeks", "max_weeks"], kind="stable").reset_index(drop=True)


def due_by_week(rows_df: pd.DataFrame, week: float) -> pd.DataFrame:
    """Items whose earliest time (min_weeks) is at or before ``week``, with their status then."""
    due = rows_df[rows_df["min_weeks"] <= week].copy()
    due["status"] = [
        "ongoing (no end given)" if r.open_ended else "reached" if r.max_weeks <= week else "in window"
        for r in due.itertuples()
    ]
    return due


def timeline_data(
    items: Timings, current_week: float | None = None, horizon_weeks: float | None = None
) -> pd.DataFrame:
    df = timeline_rows(items)
    if horizon_weeks is None:
        horizon_weeks = max([*df["max_weeks"], *df["start_weeks"], current_week or 0]) or 1.0
    df["decision_point"] = (df["min_weeks"] == df["max_weeks"]) & ~df["open_ended"]
    df["bar_end"] = df["max_weeks"].where(~df["open_ended"], max([horizon_weeks, *df["start_weeks"]]))
    df["horizon_weeks"] = horizon_weeks
    return df


def horizon_of(df: pd.DataFrame, fallback: float | None = None) -> float:
    return float(df["horizon_weeks"].iloc[0]) if len(df) else (fallback or 1.0)


def axis_end(horizon: float) -> float:
    """Where the time axis stops: a little past the last timing, so end marks are not cut in half."""
    return round(horizon * 1.06, 3)


def in_days(horizon: float) -> bool:
    return horizon < DAYS_BELOW_WEEKS


def clock_axis_title(horizon: float, step: str = "this step") -> str:
    return f"{'Days' if in_days(horizon) else 'Weeks'} since starting {step}"


def _x_axis(horizon: float, step: str, look: Look = PAGE) -> alt.Axis:
    if not in_days(horizon):
        # on a projector-wide chart Vega would otherwise tick every 0.1 week (43 labels for 4 weeks)
        return alt.Axis(
            title=axis_title(clock_axis_title(horizon, step), look),
            labelFlush=True,
            tickMinStep=0.5,
            tickCount=look.x_ticks,
        )
    days = range(0, math.floor(axis_end(horizon) * 7 + 1e-9) + 1)
    return alt.Axis(
        title=axis_title(clock_axis_title(horizon, step), look),
        values=[round(d / 7, 6) for d in days],
        labelExpr="'' + round(datum.value * 7)",
        labelFlush=True,
    )


def timeline_title(df: pd.DataFrame, horizon: float, current_week: float | None) -> str:
    """The finding the timeline chart states: what is due by the marker's week, and what comes next."""
    if current_week is None:
        n = round(horizon * 7, 2) if in_days(horizon) else round(horizon, 1)  # 6 months: 26.1 weeks
        span = f"{n:g} {'day' if in_days(horizon) else 'week'}{'' if n == 1 else 's'}"
        text = f"{len(df)} expected {'timing' if len(df) == 1 else 'timings'} over {span}"
        opened = int(df["open_ended"].sum())
        if opened:
            text += f", {opened} with no end given in the sources"
        timed = df[~df["open_ended"]].sort_values(["min_weeks", "max_weeks"], kind="stable")
        decisions = timed[timed["kind"] == "decision"]
        if len(decisions):
            text += f"; first decision at {decisions.iloc[0]['when']}: {decisions.iloc[0]['label']}"
        elif len(timed):
            text += f"; first: {timed.iloc[0]['label']} ({timed.iloc[0]['when']})"
        return text
    due = due_by_week(df, current_week)
    text = f"Week {current_week:g}: {len(due)} of {len(df)} timings due or reached"
    upcoming = df[df["min_weeks"] > current_week].sort_values("min_weeks")
    if len(upcoming):
        text += f"; next: {upcoming.iloc[0]['label']}"
    return text


def spoken_if_any(part: pd.DataFrame) -> dict[str, Any]:
    """Mark options for a layer drawn from ``part``: an empty layer is hidden from screen readers.

    Vega gives every layer an ARIA group (role graphics-symbol); a group with no marks has no name,
    which screen readers announce as an unlabelled image (axe rule svg-img-alt).
    """
    return {} if len(part) else {"aria": False}


def timeline_base(
    entries: Timings,
    horizon_weeks: float | None = None,
    step: str = "this step",
    *,
    look: Look = PAGE,
    marker_room: bool = True,
) -> alt.LayerChart:
    """Every row of the timeline, without marker, title or text alternative (see :func:`decorate`).

    ``marker_room``: room above the rows for a marker's label (a page always keeps it, as the
    duration slider may add a marker to the same rows)."""
    df = timeline_data(entries, None, horizon_weeks)
    horizon = horizon_of(df, horizon_weeks)
    df = df.drop(columns=["sources"])  # lists do not serialise well into the Vega dataset
    df["label_lines"] = [multiline(label, look.label_chars) for label in df["label"]]
    df["note"] = [OPEN_ENDED_LABEL if o else "" for o in df["open_ended"]]
    df["aria"] = [
        f"{label}: {when if not o else OPEN_ENDED_LABEL}"
        for label, when, o in zip(df["label"], df["when"], df["open_ended"])
    ]
    header = (HEADER_PX if look.page else look.line(look.small_font) + look.px(7)) if marker_room else 0
    rows = stack_rows(df, note_col="note", header=header, look=look)
    data = rows.frame
    data["inner_y"], data["inner_y2"] = data["bar_y"] + look.px(4), data["bar_y2"] - look.px(4)
    tips = ["label:N", "when:N", "text:N", "if_no_response:N"]
    x = alt.X(
        "start_weeks:Q",
        scale=alt.Scale(domain=[0, axis_end(horizon)], nice=False),
        axis=_x_axis(horizon, step, look),
    )
    y = alt.Y("bar_y:Q", scale=rows.y, axis=None)

    def rows_of(part: pd.DataFrame) -> alt.Chart:
        return alt.Chart(part).encode(tooltip=tips, description="aria:N")

    spans = data[~data["open_ended"] & ~data["decision_point"]]
    opened = data[data["open_ended"]]
    points = data[data["decision_point"]]
    outer = (
        rows_of(spans)
        .mark_rect(color=OKABE_ITO["sky_blue"], clip=True, **spoken_if_any(spans))
        .encode(x=x, x2="bar_end:Q", y=y, y2="bar_y2:Q")
    )
    inner = (
        rows_of(spans)
        .mark_rect(color=OKABE_ITO["blue"], clip=True, aria=False)
        .encode(x="min_weeks:Q", x2="max_weeks:Q", y=alt.Y("inner_y:Q", scale=rows.y, axis=None), y2="inner_y2:Q")
    )
    open_bar = (
        rows_of(opened)
        .mark_rect(color=OKABE_ITO["sky_blue"], opacity=0.35, clip=True, **spoken_if_any(opened))
        .encode(x=x, x2="bar_end:Q", y=y, y2="bar_y2:Q")
    )
    open_text = (
        rows_of(opened)
        .mark_text(align="left", baseline="top", fontSize=look.small_font, color=OKABE_ITO["black"], aria=False)
        .encode(x=alt.value(0), y=alt.Y("note_y:Q", scale=rows.y, axis=None), text="note:N")
    )
    diamonds = (
        rows_of(points)
        .mark_point(
            shape="diamond",
            filled=True,
            size=look.area(160),
            color=OKABE_ITO["vermillion"],
            opacity=1,
            clip=True,
            **spoken_if_any(points),
        )
        .encode(x="min_weeks:Q", y=alt.Y("bar_mid:Q", scale=rows.y, axis=None))
    )
    names = row_label(data, rows, look=look).encode(tooltip=tips)
    layers = [outer, inner, open_bar, open_text, diamonds, names]
    placeholder = title("timeline", look=look)  # replaced by decorate()
    bars = [[float(a), float(b)] for a, b in zip(data["bar_y"], data["bar_y2"])]
    meta = {"horizon_weeks": horizon, "bars": bars, "y_scale": rows.y.to_dict()}
    # alt.layer gives a FacetChart only for layers that share facet encodings, and these have none
    layered = cast(alt.LayerChart, alt.layer(*layers))
    return look.configured(
        layered.properties(
            title=placeholder, width=look.chart_width, height=rows.height, autosize=AUTOSIZE, usermeta=meta
        )
    )


def legend(df: pd.DataFrame) -> str:
    """How to read the marks, for the kinds of row drawn (a sentence, capitalised)."""
    spans = (~df["open_ended"] & ~df["decision_point"]).any()
    parts = [text for key, text in LEGEND.items() if (spans if key == "span" else df[key].any())]
    joined = "; ".join(parts)
    return joined[:1].upper() + joined[1:]


def marker_layers(
    week: float, label: str, horizon: float, bars: list[list[float]], y_scale: dict[str, Any], look: Look = PAGE
) -> list[dict[str, Any]]:
    """The marker at ``week`` as Vega-Lite dicts: a stroke across each row's bar, and its label above the rows.

    The strokes stop short of the row labels so they never cross the text; the label sits left of the
    marker when the marker is in the right part of the axis, so it is never cut.
    """
    black = OKABE_ITO["black"]
    right = week > 0.55 * axis_end(horizon)
    tooltip = [{"field": "marker", "type": "nominal", "title": "marker"}]
    ticks = {"values": [{"marker": label, "y": y1 - look.px(4), "y2": y2 + look.px(4)} for y1, y2 in bars]}
    return [
        # the chart's description names the marker: its strokes and label are not spoken row by row
        {
            "data": ticks,
            "mark": {"type": "rule", "color": black, "strokeWidth": look.px(2), "clip": True, "aria": False},
            "encoding": {
                "x": {"datum": week},
                "y": {"field": "y", "type": "quantitative", "scale": y_scale, "axis": None},
                "y2": {"field": "y2"},
                "tooltip": tooltip,
            },
        },
        {
            "data": {"values": [{"marker": label}]},
            "mark": {
                "type": "text",
                "align": "right" if right else "left",
                "dx": -look.px(4) if right else look.px(4),
                "baseline": "top",
                "fontSize": look.small_font,
                "fontWeight": "bold",
                "color": black,
                "text": label,
                "y": look.px(3),
                "aria": False,
            },
            "encoding": {"x": {"datum": week}, "tooltip": tooltip},
        },
    ]


def decorate(
    spec: dict[str, Any],
    df: pd.DataFrame,
    current_week: float | None,
    marker_label: str | None = None,
    clock_note: str | None = None,
    look: Look = PAGE,
) -> dict[str, Any]:
    """Add the parts that follow the duration slider to a :func:`timeline_base` dict (in place)."""
    horizon = horizon_of(df)
    heading = timeline_title(df, horizon, current_week)
    subtitle = [s for s in (clock_note, legend(df)) if s]
    label = None
    if current_week is not None:
        label = (marker_label or DEFAULT_MARKER).format(week=f"{current_week:g}")
        meta = spec["usermeta"]
        spec["layer"] = spec["layer"] + marker_layers(current_week, label, horizon, meta["bars"], meta["y_scale"], look)
    spec["title"] = title(heading, subtitle, look).to_dict()
    clock = clock_axis_title(horizon, "the step").lower()
    where = f"; marker: {label}" if label else ""
    spec["description"] = describe(
        f"Timeline of expected timings, counted in {clock}{where}", heading, clock_note or ""
    )
    spec["usermeta"] = {**spec.get("usermeta", {}), "title": heading, "subtitle": subtitle}
    return spec


def timeline_chart(
    entries: Timings,
    current_week: float | None = None,
    horizon_weeks: float | None = None,
    *,
    marker_label: str | None = None,
    clock_note: str | None = None,
    step: str = "this step",
    look: Look = PAGE,
) -> alt.LayerChart:
    """The whole chart: rows, axis in the step's clock, and a marker at ``current_week`` if given."""
    df = timeline_data(entries, current_week, horizon_weeks)
    room = look.page or current_week is not None  # a slide without a marker needs no room for its label
    base = timeline_base(entries, horizon_of(df, horizon_weeks), step, look=look, marker_room=room).to_dict()
    spec = decorate(base, df, current_week, marker_label, clock_note, look)
    return alt.LayerChart.from_dict({k: v for k, v in spec.items() if k != "$schema"})
