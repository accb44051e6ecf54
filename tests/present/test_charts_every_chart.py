"""Charts (pathway.present.charts): every chart has a title, tooltips and the palette, fills its
container, and follows the content rather than constants.

Expected figures are written from the reference (shared/reference/beyond-the-sources.md, item 1 for
the relapse arithmetic) and from content/*.yaml, not copied from the code under test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
from chart_reading import all_charts, spec_marks, spec_nodes, spec_title

from pathway.present import charts

# ---------- every chart ----------


def test_every_chart_has_title_tooltip_and_palette(content):
    allowed = {c.upper() for c in charts.OKABE_ITO.values()}
    for name, chart in all_charts(content).items():
        assert isinstance(chart, (alt.Chart, alt.LayerChart, alt.VConcatChart)), name
        spec = chart.to_dict()
        assert spec_title(spec).strip(), name
        assert any("tooltip" in node.get("encoding", {}) for _, node in spec_marks(spec)), name
        views = [node for mark, node in spec_marks(spec)]
        assert all(
            "tooltip" in v.get("encoding", {}) or "tooltip" in spec.get("encoding", {}) or _inherits_tooltip(spec, v)
            for v in views
        ), name
        colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", json.dumps(spec))}
        assert colours and colours <= allowed, (name, colours - allowed)


def _inherits_tooltip(spec: dict, view: dict) -> bool:
    """A layer may take its tooltip from the layered chart's shared encoding."""
    return any(view in node.get("layer", []) and "tooltip" in node.get("encoding", {}) for node in spec_nodes(spec))


def test_single_and_layered_charts_fill_their_container(content):
    for name, chart in all_charts(content).items():
        if isinstance(chart, alt.VConcatChart):
            continue
        assert chart.to_dict()["width"] == "container", name


def test_charts_module_does_not_import_streamlit():
    import pathway.present.charts as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.M)


def test_charts_follow_the_content_not_constants(content):
    """Change a number in the content and the chart changes: nothing clinical is typed into charts.py."""
    ev = content.evidence["wet_wrap_scorad"]
    arms = [a.model_copy(update={"value": a.value + 1}) for a in ev.effect.arms]
    changed = ev.model_copy(update={"effect": ev.effect.model_copy(update={"arms": arms})})
    altered = content.model_copy(update={"evidence": {**content.evidence, "wet_wrap_scorad": changed}})
    title = spec_title(charts.wet_wrap_scorad_chart(altered).to_dict())
    assert "5.4" in title and "4.0" in title
