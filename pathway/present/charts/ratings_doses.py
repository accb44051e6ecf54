"""The strength x certainty chart of the topical agents and the systemic dose ranges (see :mod:`charts`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, get_args

import altair as alt
import pandas as pd

from pathway.clinical.citations import caption, group
from pathway.clinical.models import Certainty, Strength
from pathway.present.charts.numbers import _range, _short_name
from pathway.present.charts.style import (
    LABEL_CHARS,
    OKABE_ITO,
    PAGE,
    Look,
    Rows,
    axis_title,
    describe,
    finish,
    multiline,
    palette_scale,
    row_label,
    spoken,
    stack_rows,
)

if TYPE_CHECKING:
    from pathway.clinical.content import Content

NOT_STATED = "not stated"
TOPICAL_CLASSES = (
    "topical_corticosteroid",
    "wet_wrap",
    "topical_calcineurin_inhibitor",
    "topical_jak_inhibitor",
    "topical_pde4_inhibitor",
    "maintenance_regimen",
)


# ---------- the strength x certainty grid ----------
def _human(value: str | None) -> str:
    return value.replace("_", " ") if value else NOT_STATED


def certainty_matrix_data(content: Content) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for ev in content.evidence.values():
        if not (ev.strength or ev.certainty):
            continue
        for tid in ev.therapies:
            therapy = content.therapies[tid]
            if therapy.therapy_class in TOPICAL_CLASSES:
                rows.append(
                    {
                        "evidence_id": ev.id,
                        "therapy_id": tid,
                        "therapy": _short_name(therapy.name),
                        "strength": _human(ev.strength),
                        "certainty": _human(ev.certainty),
                        "group": group(ev.sources, content),
                        "statement": ev.statement,
                        "source": caption(ev.sources, content),
                    }
                )
    df = pd.DataFrame(rows)
    df["slot"] = df.groupby(["strength", "certainty"]).cumcount()
    return df


def certainty_matrix_chart(content: Content) -> alt.LayerChart:
    """The strength x certainty grid, its cells stacked: one block per cell, strongest first.

    Each block is labelled with its strength and certainty, has a bar as long as its number of
    ratings, and lists the agents rated there; a grid of columns could not hold the agents' names
    on a phone.
    """
    found = _certainty(content)
    blocks, height = _certainty_blocks(found.cells, found.strengths, found.most, PAGE)
    chart: alt.LayerChart = finish(blocks, found.heading, found.subtitle, found.text, width="container", height=height)
    return chart


def certainty_columns_chart(content: Content, look: Look) -> alt.HConcatChart:
    """:func:`certainty_matrix_chart` for a slide's ``look``: a slide is wide and short, so its blocks
    stand in two columns, in the same order, their bars on one scale and without an axis (each block's
    label gives its count)."""
    found = _certainty(content)
    gap = look.px(40)
    column = look.narrower((look.width or 0) / 2 - gap / 2 - look.px(4))
    parts = _balanced(found.cells, column)
    height = max(_stacked(part, column).height for part in parts)
    columns = [
        _certainty_blocks(part, found.strengths, found.most, column, height)[0].properties(
            width=column.width, height=height
        )
        for part in parts
    ]
    chart: alt.HConcatChart = finish(
        alt.hconcat(*columns, spacing=gap),
        found.heading,
        found.subtitle,
        found.text,
        look,
        autosize=alt.AutoSizeParams(type="pad"),
    )
    return chart


@dataclass(frozen=True)
class _Certainty:
    cells: pd.DataFrame  # one row per cell of the grid, strongest first
    strengths: list[str]  # the strengths drawn, in order (the colour scale's domain)
    most: int  # the largest number of ratings in a cell
    heading: str
    subtitle: list[str]
    text: str  # the text alternative


def _certainty(content: Content) -> _Certainty:
    """What the strength x certainty chart shows, drawn in columns or not."""
    df = certainty_matrix_data(content)
    xs = [s for s in [_human(v) for v in get_args(Strength)] + [NOT_STATED] if s in set(df["strength"])]
    ys = [c for c in [_human(v) for v in get_args(Certainty)] + [NOT_STATED] if c in set(df["certainty"])]
    counts = df["strength"].value_counts()
    missing = int((df["certainty"] == NOT_STATED).sum())
    heading = (
        f"{counts.iloc[0]} of {len(df)} ratings of topical agents are '{counts.index[0]}'; {missing} give no certainty"
    )
    rated = set(df["therapy_id"])
    unrated = [
        _short_name(t.name)
        for t in content.therapies.values()
        if t.therapy_class in TOPICAL_CLASSES and t.id not in rated
    ]
    subtitle = [
        "Each block is one cell of the strength x certainty grid, with the agents rated there: "
        "[000] document 000, [ctx] checked context"
    ]
    if unrated:
        subtitle.append("No strength or certainty in the content for: " + ", ".join(unrated))
    tag = {"document 000": "000", "document 003": "003", "checked context": "ctx"}
    df = df.assign(entry=[f"{t} [{tag.get(g, g)}]" for t, g in zip(df["therapy"], df["group"])])
    cells = (
        df.groupby(["strength", "certainty"], sort=False)
        .agg(
            therapy=("entry", lambda e: "\n".join(sorted(set(e)))),
            count=("entry", "size"),
            statement=("statement", lambda e: " | ".join(dict.fromkeys(e))),
            source=("source", lambda e: " | ".join(dict.fromkeys(e))),
        )
        .reset_index()
    )
    cells["order"] = [xs.index(s) * 10 + ys.index(c) for s, c in zip(cells["strength"], cells["certainty"])]
    cells = cells.sort_values("order").reset_index(drop=True)
    cells["cell"] = [
        f"{s}, certainty {c}" if c == NOT_STATED else f"{s}, {c} certainty"
        for s, c in zip(cells["strength"], cells["certainty"])
    ]
    cells["label_lines"] = ""  # wrapped for the look it is drawn in (a slide's columns are narrower)
    cells["zero"] = 0
    cell_text = [f"{r.cell}: {r.therapy.replace(chr(10), ', ')}" for r in cells.itertuples()]
    text = describe(
        "Recommendation strength and certainty of evidence for topical agents, cell by cell", heading, *cell_text
    )
    return _Certainty(cells, xs, int(cells["count"].max()), heading, subtitle, text)


def _labelled(cells: pd.DataFrame, look: Look) -> pd.DataFrame:
    """Each cell's label (its strength, certainty and count, in bold) wrapped for ``look``, and its spoken text."""
    font = look.label_font
    cells = cells.assign(
        label_lines=[
            multiline(f"{cell}: {n} {'rating' if n == 1 else 'ratings'}", look.chars(LABEL_CHARS, font, bold=True))
            for cell, n in zip(cells["cell"], cells["count"])
        ]
    )
    cells["aria"] = spoken(
        f"{label}: {agents}" for label, agents in zip(cells["label_lines"], cells["therapy"].str.replace("\n", ", "))
    )
    return cells


def _stacked(cells: pd.DataFrame, look: Look) -> Rows:
    return stack_rows(_labelled(cells, look), note_col="therapy", bar=12, note_font=look.label_font, look=look)


def _balanced(cells: pd.DataFrame, look: Look) -> list[pd.DataFrame]:
    """The cells in two runs, in order, split where the taller of the two stacks is lowest."""
    if len(cells) < 2:
        return [cells]
    best = min(range(1, len(cells)), key=lambda i: max(_stacked(part, look).height for part in _halves(cells, i)))
    return _halves(cells, best)


def _halves(cells: pd.DataFrame, at: int) -> list[pd.DataFrame]:
    return [cells.iloc[:at].reset_index(drop=True), cells.iloc[at:].reset_index(drop=True)]


def _certainty_blocks(
    cells: pd.DataFrame, xs: list[str], most: int, look: Look, height: int | None = None
) -> tuple[alt.LayerChart, int]:
    """The blocks of ``cells`` stacked, bars on a 0-``most`` scale, and the plot's height: their own, or
    ``height`` (a slide's two columns share one)."""
    rows = _stacked(cells, look)
    if height is not None:  # a taller plot: the same pixel rows, empty space under them
        rows = replace(rows, height=height, y=alt.Scale(domain=[0, height], reverse=True, nice=False, zero=False))
    data = rows.frame
    tips = ["cell:N", "count:Q", "therapy:N", "source:N"]
    bars = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X(
                "zero:Q",
                title="Number of ratings",
                scale=alt.Scale(domain=[0, most], nice=False, rangeMax=look.x_range_cap),
                # a slide's labels give every count and its columns share one scale: no axis to read
                axis=alt.Axis(format="d", tickMinStep=1, tickCount=look.x_ticks) if look.page else None,
            ),
            x2="count:Q",
            y=alt.Y("bar_y:Q", scale=rows.y, axis=None),
            y2="bar_y2:Q",
            color=alt.Color("strength:N", scale=palette_scale(xs), legend=None),
            tooltip=tips,
            description="aria:N",
        )
    )
    labels = row_label(data, rows, look=look, fontWeight="bold").encode(tooltip=tips)
    agents = (
        alt.Chart(data)
        .mark_text(
            align="left",
            baseline="top",
            lineBreak="\n",
            fontSize=look.label_font,
            **look.text_mark(),
            color=OKABE_ITO["black"],
            aria=False,
        )
        .encode(x=alt.value(look.px(8)), y=alt.Y("note_y:Q", scale=rows.y, axis=None), text="therapy:N", tooltip=tips)
    )
    return bars + labels + agents, rows.height


# ---------- systemic doses ----------
def systemic_dose_data(content: Content, weight_kg: float | None = None) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for t in content.therapies.values():
        if t.dose is None:
            continue
        dose, name = t.dose, _short_name(t.name)
        common = {
            "therapy_id": t.id,
            "therapy": name,
            "note": dose.note or "",
            "source": caption(dose.sources, content),
        }
        rows.append(
            {
                **common,
                "unit": dose.unit,
                "min": dose.min,
                "max": dose.max,
                "computed": False,
                "range": f"{_range(dose.min, dose.max)} {dose.unit}",
            }
        )
        if weight_kg is not None and dose.per_kg:
            lo, hi = round(dose.min * weight_kg, 1), round(dose.max * weight_kg, 1)
            rows.append(
                {
                    **common,
                    "unit": f"mg/day at {weight_kg:g} kg (computed from {dose.unit})",
                    "min": lo,
                    "max": hi,
                    "computed": True,
                    "range": f"{_range(lo, hi)} mg/day",
                }
            )
    return pd.DataFrame(rows)


def _dose_panel(sub: pd.DataFrame, unit: str, names: list[str], look: Look = PAGE) -> tuple[alt.LayerChart, int]:
    """Range bars for one dose unit, each labelled above with its agent and range."""
    sub = sub.reset_index(drop=True).assign(
        label_lines=[multiline(f"{r.therapy}: {r.range}", look.label_chars) for r in sub.itertuples()]
    )
    sub["aria"] = spoken(sub["label_lines"])
    rows = stack_rows(sub, bar=16, look=look)
    tips = ["therapy:N", "range:N", "unit:N", "computed:N", "note:N", "source:N"]
    bars = (
        alt.Chart(rows.frame)
        .mark_rect()
        .encode(
            x=alt.X(
                "min:Q",
                title=axis_title(unit, look),
                axis=alt.Axis(tickCount=look.x_ticks),
                scale=alt.Scale(zero=True, nice=True, rangeMax=look.x_range_cap),
            ),
            x2="max:Q",
            y=alt.Y("bar_y:Q", scale=rows.y, axis=None),
            y2="bar_y2:Q",
            color=alt.Color("therapy:N", scale=palette_scale(names), legend=None),
            tooltip=tips,
            description="aria:N",
        )
    )
    return bars + row_label(rows.frame, rows, look=look).encode(tooltip=tips), rows.height


def systemic_dose_chart(
    content: Content, weight_kg: float | None = None, unit: str | None = None, *, look: Look = PAGE
) -> alt.LayerChart | alt.VConcatChart:
    """Range bars, one panel per dose unit (never two units on one axis). With ``unit``: that panel
    alone, width="container" (or a slide's ``look``); without: all panels stacked (Vega-Lite cannot size
    a concat to its container)."""
    df = systemic_dose_data(content, weight_kg)
    names = list(dict.fromkeys(df["therapy"]))
    units = list(dict.fromkeys(df["unit"]))
    if unit is not None:
        sub = df[df["unit"] == unit]
        found = "; ".join(f"{r.therapy} {r.range}" for r in sub.itertuples())
        notes = [f"{r.therapy}: {r.note}" for r in sub.itertuples() if r.note]
        panel, height = _dose_panel(sub, unit, names, look)
        heading = f"Dose in {unit}: {found}"
        text = describe(f"Range bars of the doses given in {unit}", heading, *notes)
        return finish(panel, heading, notes, text, look, width=look.chart_width, height=height)

    fixed = df[~df["computed"]]
    heading = (
        f"{fixed['therapy'].nunique()} systemic agents have a dose in the sources, in {fixed['unit'].nunique()} units"
    )
    if weight_kg is not None:
        calc = df[df["computed"]]
        heading += f"; at {weight_kg:g} kg: " + ", ".join(f"{r.therapy} {r.range}" for r in calc.itertuples())
    subtitle = ["Each unit has its own axis"] + [f"{r.therapy}: {r.note}" for r in fixed.itertuples() if r.note]
    panels = []
    for u in units:
        sub = df[df["unit"] == u]
        panel, height = _dose_panel(sub, u, names)
        panels.append(panel.properties(title=axis_title(u), width=240, height=height))
    text = describe(
        "Range bars of the systemic doses, one panel per unit",
        heading,
        *[f"{r.therapy} {r.range}" for r in df.itertuples()],
    )
    return finish(alt.vconcat(*panels), heading, subtitle, text)
