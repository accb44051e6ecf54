"""Shared by the charts' tests (tests/present/test_charts_*.py): reading a Vega-Lite spec (its data rows,
its views and marks, its title in plain text) and every chart of pathway.present.charts by name.
"""

from __future__ import annotations

from pathway.present import charts


def spec_records(spec: dict) -> list[dict]:
    """Every data row in a chart spec (inline datasets and inline data values)."""
    rows = [row for values in spec.get("datasets", {}).values() for row in values]

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("data"), dict) and "values" in node["data"]:
                rows.extend(node["data"]["values"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return rows


def spec_nodes(spec):
    """Every dict inside a spec."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from spec_nodes(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from spec_nodes(value)


def spec_marks(spec: dict) -> list[tuple[str, dict]]:
    """(mark type, node) for every view with a mark."""
    out = []
    for node in spec_nodes(spec):
        mark = node.get("mark")
        if mark is not None:
            out.append((mark if isinstance(mark, str) else mark["type"], node))
    return out


def spec_title(spec: dict) -> str:
    """Title and subtitle as one string: the plain text kept in ``usermeta`` (the drawn title is a
    width-dependent expression choosing between wrappings of that text)."""
    meta = spec["usermeta"]
    return " ".join([meta["title"], *meta["subtitle"]])


def all_charts(content):
    return {
        "wet_wrap": charts.wet_wrap_scorad_chart(content),
        "forest": charts.relapse_forest_chart(content),
        "certainty": charts.certainty_matrix_chart(content),
        "dose": charts.systemic_dose_chart(content),
        "dose_weight": charts.systemic_dose_chart(content, weight_kg=70),
        "dose_one_unit": charts.systemic_dose_chart(content, weight_kg=70, unit="mg/kg/day"),
        "timeline": charts.timeline_chart(content.timelines, current_week=3),
        "timeline_plain": charts.timeline_chart(list(content.timelines.values())),
    }
