"""The charts a lecture shows: the Evidence page's charts and the Timelines page's chart, by name.

Slides name a chart (``"wet_wraps"``, ``"relapse"``, ``"certainty"``, ``"dose_mg_per_kg_per_day"``...,
``"timeline"``); :func:`chart_for` gives the same Altair chart the app draws, :func:`chart_spec` its
Vega-Lite dict (built once per content object, for the presenter and the deck's pictures).
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


@dataclass(frozen=True)
class ChartInfo:
    name: str
    title: str  # the slide title: what the chart is about (the Evidence page's heading)
    sources: tuple[str, ...]  # reference ids behind the chart
    build: Callable[[Content], alt.TopLevelMixin]
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
            charts.wet_wrap_scorad_chart,
        ),
        ChartInfo("relapse", "Proactive maintenance and relapse", tuple(relapse), charts.relapse_forest_chart),
        ChartInfo(
            "certainty",
            "Recommendation strength and certainty: topical agents",
            tuple(graded),
            charts.certainty_matrix_chart,
        ),
    ]
    for unit in _dose_units(content):
        found.append(
            ChartInfo(
                f"dose_{unit_slug(unit)}",
                f"Systemic agents: dose ranges in {unit}",
                tuple(doses),
                # mypy cannot infer a lambda with a default argument (the loop variable, bound now)
                lambda c, unit=unit: charts.systemic_dose_chart(c, None, unit=unit),  # type: ignore[misc]
            )
        )
    return found


TIMELINE_PARTS = 2  # the whole timeline is too tall to read on one projected slide: two halves, in its order


def timeline_parts(content: Content) -> list[ChartInfo]:
    """The Timelines page's chart in halves (rows in the chart's own order): ``timeline``, ``timeline_2``."""
    entries = timeline_entries(content)
    order = list(charts.timeline_rows(list(content.timelines.values()))["id"])
    entries.sort(key=lambda e: order.index(e.id))
    size = -(-len(entries) // TIMELINE_PARTS)
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
                lambda c, ids=frozenset(ids): charts.timeline_chart(  # type: ignore[misc]
                    [e for e in timeline_entries(c) if e.id in ids], step="each step"
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


def named_chart(name: str, content: Content) -> alt.TopLevelMixin | None:
    info = all_charts(content).get(name)
    return None if info is None else info.build(content)
