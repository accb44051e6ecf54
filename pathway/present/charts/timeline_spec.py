"""The timeline chart as a Vega-Lite dict, fast enough for every slider move.

Building and validating the Altair chart costs a few hundred milliseconds, so the rows are built once
per set of timings and horizon (cached); the marker, title and text alternative, the only parts that
follow the duration slider, are added to a copy of that dict by :func:`timeline_chart.decorate`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import pathway.present.charts.timeline as tc
from pathway.clinical.scenario import TimelineEntry
from pathway.present.charts.timeline_clock import Clock


@lru_cache(maxsize=128)
def _base_spec(entries_json: str, horizon: float, step: str) -> str:
    entries = [TimelineEntry.model_validate(e) for e in json.loads(entries_json)]
    return json.dumps(tc.timeline_base(entries, horizon, step).to_dict())


def timeline_spec(
    entries: Sequence[TimelineEntry],
    current_week: float | None = None,
    *,
    marker_label: str | None = None,
    clock_note: str | None = None,
    step: str = "this step",
) -> dict[str, Any]:
    """Same chart as :func:`timeline_chart.timeline_chart`, as a dict, with the marker at ``current_week``."""
    key = json.dumps([e.model_dump(mode="json") for e in entries], sort_keys=True)
    spec: dict[str, Any] = json.loads(_spec_json(key, current_week, marker_label, clock_note, step))
    return spec


def clock_spec(entries: Sequence[TimelineEntry], clock: Clock) -> dict[str, Any]:
    """The chart for a :class:`Clock`: a marker only where the clock has one."""
    return timeline_spec(entries, clock.week, marker_label=clock.marker, clock_note=clock.note, step=clock.step)


def _widen(spec: dict[str, Any], horizon: float) -> dict[str, Any]:
    """The base spec with its time axis stretched to ``horizon`` (a week past the last timing)."""
    for layer in spec["layer"]:
        scale = layer.get("encoding", {}).get("x", {}).get("scale")
        if scale and "domain" in scale:
            scale["domain"] = [0, tc.axis_end(horizon)]
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            if row.get("open_ended"):
                row["bar_end"] = max(horizon, row.get("start_weeks", 0))
            if "horizon_weeks" in row:
                row["horizon_weeks"] = horizon
    spec["usermeta"]["horizon_weeks"] = horizon
    return spec


@lru_cache(maxsize=1024)
def _spec_json(
    key: str, current_week: float | None, marker_label: str | None, clock_note: str | None, step: str
) -> str:
    entries = [TimelineEntry.model_validate(e) for e in json.loads(key)]
    df = tc.timeline_data(entries, current_week)
    horizon, base = tc.horizon_of(df), tc.horizon_of(tc.timeline_data(entries))
    if horizon == base or tc.in_days(base):  # (a days axis has its ticks listed: build it anew)
        spec = json.loads(_base_spec(key, horizon, step))
    else:  # the week is past the last timing: stretch the axis rather than build the chart again
        spec = _widen(json.loads(_base_spec(key, base, step)), horizon)
    return json.dumps(tc.decorate(spec, df, current_week, marker_label, clock_note))


def inline_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with each named dataset written into the layers that use it (in place).

    A page that hands Streamlit a spec with top-level ``datasets`` has them converted to Arrow on every
    rerun; data written inline in the layers is sent as part of the spec's JSON instead. The chart is
    the same: every layer reads the same rows. Names that no layer uses are dropped; a name used where
    it cannot be inlined keeps the datasets as they were.
    """
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    parts = [spec, *spec.get("layer", [])]
    refs = [p for p in parts if isinstance(p.get("data"), dict) and "name" in p["data"]]
    if any(p["data"]["name"] not in datasets or len(p["data"]) != 1 for p in refs):
        return spec
    if any("layer" in p for p in spec.get("layer", [])):  # nested layers: leave as they are
        return spec
    for part in refs:
        part["data"] = {"values": datasets[part["data"]["name"]]}
    del spec["datasets"]
    return spec
