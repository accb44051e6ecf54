"""The timeline chart as a Vega-Lite dict, fast enough for every slider move.

Building and validating the Altair chart costs a few hundred milliseconds, so it is done once per
set of timings (cached); the week marker and the title, the only parts that follow the duration
slider, are patched into a copy of that dict.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Sequence

from pathway.present import charts
from pathway.clinical.scenario import TimelineEntry


@lru_cache(maxsize=128)
def _base_spec(entries_json: str, horizon: float) -> str:
    entries = [TimelineEntry.model_validate(e) for e in json.loads(entries_json)]
    return json.dumps(charts.timeline_chart(entries, current_week=None, horizon_weeks=horizon).to_dict())


def week_marker_layers(week: float) -> list[dict]:
    """The vertical 'week N' rule and its label, as Vega-Lite layers."""
    label = f"week {week:g}"
    data = {"values": [{"label": label}]}
    black = charts.OKABE_ITO["black"]
    return [
        {"data": data, "mark": {"type": "rule", "color": black, "strokeWidth": 2},
         "encoding": {"x": {"datum": week}, "tooltip": [{"field": "label", "type": "nominal"}]}},
        {"data": data, "mark": {"type": "text", "align": "left", "dx": 4, "dy": -4, "baseline": "bottom",
                                "color": black, "text": label, "y": 0},
         "encoding": {"x": {"datum": week}, "tooltip": [{"field": "label", "type": "nominal"}]}},
    ]


def _widen(spec: dict, horizon: float) -> None:
    for layer in spec.get("layer", []):
        for channel in ("x", "x2"):
            field = layer.get("encoding", {}).get(channel)
            if isinstance(field, dict) and "scale" in field and "domain" in field["scale"]:
                field["scale"]["domain"] = [0, charts.axis_end(horizon)]
    for dataset in spec.get("datasets", {}).values():
        for row in dataset:
            if row.get("open_ended"):
                row["bar_end"] = max(horizon, row.get("start_weeks", 0))
            if "horizon_weeks" in row:
                row["horizon_weeks"] = horizon


def timeline_spec(entries: Sequence[TimelineEntry], current_week: float | None = None) -> dict:
    """Same chart as :func:`charts.timeline_chart`, as a dict, with the marker at ``current_week``."""
    key = json.dumps([e.model_dump(mode="json") for e in entries], sort_keys=True)
    return json.loads(_spec_json(key, current_week))


@lru_cache(maxsize=1024)
def _spec_json(key: str, current_week: float | None) -> str:
    entries = [TimelineEntry.model_validate(e) for e in json.loads(key)]
    df = charts.timeline_data(entries, current_week)
    horizon = float(df["horizon_weeks"].iloc[0]) if len(df) else 1.0
    base_horizon = float(charts.timeline_data(entries)["horizon_weeks"].iloc[0]) if len(df) else 1.0
    spec = json.loads(_base_spec(key, base_horizon))
    if horizon != base_horizon:  # the week is past the last timing: widen the axis to show it
        _widen(spec, horizon)
    if current_week is not None:
        spec["layer"] = spec["layer"] + week_marker_layers(current_week)
    title = spec.get("title")
    text = charts.timeline_title(df, horizon, current_week)
    lines = charts.wrap(text)
    if isinstance(title, dict):
        title["text"] = lines if len(lines) > 1 else lines[0]
    else:
        spec["title"] = text
    return json.dumps(spec)
