"""The charts a lecture shows: the Evidence page's charts and the Timelines page's chart, by name.

Slides name a chart (``"wet_wraps"``, ``"relapse"``, ``"certainty"``, ``"dose_mg_per_kg_per_day"``...,
``"timeline"``, ``"timeline_2"``...); :func:`chart_for` gives the same Altair chart the app draws,
:func:`chart_spec` its Vega-Lite dict (built once per content object, for the presenter). The same
chart drawn for a projected slide (larger text, no subtitle) is :func:`named_chart` with a slide's
``look``, drawn by :mod:`pathway.present.slides.projected`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt

from pathway.clinical.content import Content
from pathway.clinical.scenario import TimelineEntry
from pathway.present import charts
from pathway.present.charts.style import PAGE, Look


@dataclass(frozen=True)
class ChartInfo:
    name: str
    title: str  # the slide title: what the chart is about (the Evidence page's heading)
    sources: tuple[str, ...]  # reference ids behind the chart
    build: Callable[[Content, Look], alt.TopLevelMixin]  # (content, look): a page's chart or a slide's
    items: tuple[str, ...] = ()  # the content items drawn (the timeline's rows), in the chart's order


def timeline_entries(content: Content) -> list[TimelineEntry]:
    """Every timing in the content in the engine's form (weeks), as the Timelines page draws them."""
    return [
        TimelineEntry(
            id=t.id,
            label=t.label,
            kind=t.kind,
            min=t.min,
            max=t.max,
            unit=t.unit,
            start_weeks=t.in_weeks(t.start),
            min_weeks=t.in_weeks(t.min),
            max_weeks=t.in_weeks(t.max),
            open_ended=t.open_ended,
            text=t.text,
            if_no_response=t.if_no_response,
            sources=list(t.sources),
        )
        for t in content.timelines.values()
    ]


def unit_slug(unit: str) -> str:
    """``mg/kg/day`` -> ``mg_per_kg_per_day``: a dose unit as part of a link-safe name."""
    return re.sub(r"[^a-z0-9]+", "_", unit.lower().replace("/", " per ")).strip("_")


def _dose_units(content: Content) -> list[str]:
    return list(dict.fromkeys(charts.systemic_dose_data(content, None)["unit"]))


def evidence_charts(content: Content) -> list[ChartInfo]:
    """The Evidence page's charts, in its order (one dose chart per unit, as the page draws them)."""
    relapse = sorted({s for e in charts.RELAPSE_IDS for s in content.evidence[e].sources})
    graded = sorted({s for e in content.evidence.values() if e.strength or e.certainty for s in e.sources})
    doses = sorted({s for t in content.therapies.values() if t.dose for s in t.dose.sources})
    found = [
        ChartInfo(
            "wet_wraps",
            "Wet wraps against steroids alone",
            tuple(content.evidence["wet_wrap_scorad"].sources),
            lambda c, look: charts.wet_wrap_scorad_chart(c, look=look),
        ),
        ChartInfo(
            "relapse",
            "Proactive maintenance and relapse",
            tuple(relapse),
            lambda c, look: charts.relapse_forest_chart(c, look=look),
        ),
        ChartInfo(
            "certainty",
            "Recommendation strength and certainty: topical agents",
            tuple(graded),
            # a slide sets the blocks in two columns (see slides.projected)
            lambda c, look: charts.certainty_matrix_chart(c) if look.page else charts.certainty_columns_chart(c, look),
        ),
    ]
    for unit in _dose_units(content):
        found.append(
            ChartInfo(
                f"dose_{unit_slug(unit)}",
                f"Systemic agents: dose ranges in {unit}",
                tuple(doses),
                # mypy cannot infer a lambda with a default argument (the loop variable, bound now)
                lambda c, look, unit=unit: charts.systemic_dose_chart(c, None, unit=unit, look=look),  # type: ignore[misc]
            )
        )
    return found


# The whole timeline is too tall to read on one projected slide: it is cut into parts, in its order, of at
# most this many rows, which fit a slide's chart with its text at 18 pt (see slides.projected)
TIMELINE_ROWS_PER_SLIDE = 5


def timeline_parts(content: Content) -> list[ChartInfo]:
    """The Timelines page's chart in parts of about equal size (rows in the chart's own order):
    ``timeline``, ``timeline_2``..."""
    entries = timeline_entries(content)
    order = list(charts.timeline_rows(list(content.timelines.values()))["id"])
    entries.sort(key=lambda e: order.index(e.id))
    count = -(-len(entries) // TIMELINE_ROWS_PER_SLIDE)
    size = -(-len(entries) // max(count, 1))
    parts = [entries[i : i + size] for i in range(0, len(entries), size)]
    found = []
    for n, part in enumerate(parts, start=1):
        ids = {e.id for e in part}
        sources = sorted({s for t in content.timelines.values() if t.id in ids for s in t.sources})
        title = "Expected timelines" + (f" ({n} of {len(parts)})" if len(parts) > 1 else "")
        found.append(
            ChartInfo(
                "timeline" if n == 1 else f"timeline_{n}",
                title,
                tuple(sources),
                # mypy cannot infer a lambda with a default argument (the loop variable, bound now)
                lambda c, look, ids=frozenset(ids): charts.timeline_chart(  # type: ignore[misc]
                    [e for e in timeline_entries(c) if e.id in ids], step="each step", look=look
                ),
                items=tuple(e.id for e in part),
            )
        )
    return found


def all_charts(content: Content) -> dict[str, ChartInfo]:
    return {info.name: info for info in [*timeline_parts(content), *evidence_charts(content)]}


# id(content) -> (content, {name: spec}); the content is kept so its id is never reused while cached
_SPECS: dict[int, tuple[Content, dict[str, dict[str, Any]]]] = {}


def chart_spec(name: str, content: Content) -> dict[str, Any] | None:
    """The named chart as a Vega-Lite dict (built and validated once per content object)."""
    held = _SPECS.get(id(content))
    if held is None or held[0] is not content:
        if len(_SPECS) >= 4:
            _SPECS.clear()
        held = _SPECS[id(content)] = (content, {})
    specs = held[1]
    if name not in specs:
        chart = named_chart(name, content)
        if chart is None:
            return None
        specs[name] = chart.to_dict()
    return specs[name]


def named_chart(name: str, content: Content, look: Look = PAGE) -> alt.TopLevelMixin | None:
    """The named chart as the pages draw it, or drawn for a slide with a slide's ``look``."""
    info = all_charts(content).get(name)
    return None if info is None else info.build(content, look)
