"""Charts (pathway.present.charts): the specs and tables carry the content's numbers, and the arithmetic is right.

Expected figures are written from the reference (shared/reference/beyond-the-sources.md, item 1 for
the relapse arithmetic) and from content/*.yaml, not copied from the code under test.
"""

from __future__ import annotations

import json
import re

import altair as alt
import pytest

from pathway.present import charts
from pathway.clinical.content import load_content
from pathway.clinical.engine import recommend


@pytest.fixture(scope="module")
def content():
    return load_content()


def _records(spec: dict) -> list[dict]:
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


def _nodes(spec):
    """Every dict inside a spec."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from _nodes(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _nodes(value)


def _marks(spec: dict) -> list[tuple[str, dict]]:
    """(mark type, node) for every view with a mark."""
    out = []
    for node in _nodes(spec):
        mark = node.get("mark")
        if mark is not None:
            out.append((mark if isinstance(mark, str) else mark["type"], node))
    return out


def _title_text(spec: dict) -> str:
    """Title and subtitle as one string: the plain text kept in ``usermeta`` (the drawn title is a
    width-dependent expression choosing between wrappings of that text)."""
    meta = spec["usermeta"]
    return " ".join([meta["title"], *meta["subtitle"]])


def _all_charts(content):
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


# ---------- relapse: forest plot and arithmetic ----------

def test_relapse_arithmetic_matches_the_fact_check():
    a = charts.relapse_arithmetic(0.46, 0.38, 0.55)
    assert round(a["times_lower"], 2) == 2.17
    assert tuple(round(x, 1) for x in a["ci_times"]) == (1.8, 2.6)
    assert round(a["relative_reduction_percent"]) == 54
    assert "2.2 times lower" in a["text"] and "54%" in a["text"]
    assert round(charts.relapse_arithmetic(0.78, 0.60, 1.00)["times_lower"], 2) == 1.28


@pytest.mark.parametrize("args", [(0, 0.1, 0.2), (0.5, 0.6, 0.7), (0.5, 0.3, 0.4)])
def test_relapse_arithmetic_rejects_impossible_values(args):
    with pytest.raises(ValueError):
        charts.relapse_arithmetic(*args)


def test_forest_plot_carries_rr_ci_and_line_of_no_effect(content):
    spec = charts.relapse_forest_chart(content).to_dict()
    rows = _records(spec)
    assert {"rr": 0.46, "ci_low": 0.38, "ci_high": 0.55}.items() <= next(r for r in rows if r.get("rr") == 0.46).items()
    tacrolimus = next(r for r in rows if r.get("rr") == 0.78)
    assert (tacrolimus["ci_low"], tacrolimus["ci_high"]) == (0.60, 1.00)
    rules = [node for mark, node in _marks(spec) if mark == "rule"]
    assert any(node["encoding"]["x"].get("datum") == 1.0 for node in rules), "no rule at RR 1"
    assert "no effect (RR 1)" in json.dumps(spec)
    assert any(n.get("type") == "log" for n in _nodes(spec)), "the x scale is a log scale"
    assert "0.46" in _title_text(spec) and "2.2 times lower" in _title_text(spec)


def test_forest_rows_are_labelled_by_source(content):
    df = charts.relapse_forest_data(content)
    assert len(df) == 2  # document 000's pooled figure, and the checked context's tacrolimus pool
    assert df["row"].is_unique
    assert df["row"].str.contains("document 000, ref 7").sum() == 1
    assert df["row"].str.startswith("checked context, Schmitt").sum() == 1  # the tacrolimus pool
    assert list(df["crosses_no_effect"]) == [False, True]


# ---------- wet wraps ----------

def test_wet_wrap_bars_and_p_value(content):
    spec = charts.wet_wrap_scorad_chart(content).to_dict()
    values = sorted(r["value"] for r in _records(spec))
    assert values == [3.0, 4.4]
    text = _title_text(spec)
    assert "4.4" in _title_text(spec) and "3.0" in _title_text(spec)
    assert "p<0.011" in text
    assert "document 000, ref 6" in text


# ---------- timeline ----------

def _week_rules(spec: dict) -> list[float]:
    return [node["encoding"]["x"]["datum"] for mark, node in _marks(spec)
            if mark == "rule" and "datum" in node.get("encoding", {}).get("x", {})]


def test_timeline_marker_moves_with_the_week(content):
    at3 = charts.timeline_chart(content.timelines, current_week=3).to_dict()
    at6 = charts.timeline_chart(content.timelines, current_week=6).to_dict()
    assert _week_rules(at3) == [3] and _week_rules(at6) == [6]
    assert "week 3" in json.dumps(at3) and "week 6" in json.dumps(at6)
    assert "week 6" not in json.dumps(at3)
    assert _week_rules(charts.timeline_chart(content.timelines).to_dict()) == []


def test_open_ended_items_reach_the_horizon(content):
    df = charts.timeline_data(content.timelines, horizon_weeks=20)
    opened = df[df["open_ended"]]
    assert set(opened["id"]) == {"nb_uvb_course", "nb_uvb_maintenance"}
    assert (opened["bar_end"] == 20).all()
    spec = charts.timeline_chart(content.timelines, horizon_weeks=20).to_dict()
    assert charts.OPEN_ENDED_LABEL in json.dumps(spec)
    # the axis runs a little past the horizon so that marks at the end are not cut in half
    assert any(n.get("domain") == [0, charts.axis_end(20)] for n in _nodes(spec))
    assert 20 < charts.axis_end(20) <= 22
    # default horizon: the latest number in the content (proactive maintenance, 36 weeks)
    assert (charts.timeline_data(content.timelines)["bar_end"][lambda s: s.index.isin(opened.index)] == 36).all()


def test_timeline_rows_accept_engine_entries_and_content_items(content):
    rec = recommend({"scorad": 40, "tcs_potency": "high", "weeks_on_treatment": 3, "adherence_confirmed": True})
    from_engine = charts.timeline_rows(rec.expected_timeline)
    from_content = charts.timeline_rows([content.timelines[e.id] for e in rec.expected_timeline])
    cols = ["id", "label", "kind", "start_weeks", "min_weeks", "max_weeks", "open_ended", "text", "sources"]
    assert list(from_engine.columns[: len(cols)]) == cols
    assert from_engine[cols].equals(from_content[cols])
    from_dicts = charts.timeline_rows([e.model_dump() for e in rec.expected_timeline])
    assert from_dicts[cols].equals(from_engine[cols])
    # 48-72 hours is 2/7-3/7 of a week
    onset = charts.timeline_rows(content.timelines).set_index("id").loc["wet_wrap_onset"]
    assert onset["min_weeks"] == pytest.approx(48 / 168, abs=1e-3)
    assert onset["max_weeks"] == pytest.approx(72 / 168, abs=1e-3)
    assert onset["when"] == "48-72 hours"


def test_decision_points_are_diamonds(content):
    df = charts.timeline_data(content.timelines)
    assert set(df[df["decision_point"]]["id"]) == {"pimecrolimus_stop", "referral_4_weeks", "dupilumab_review"}
    spec = charts.timeline_chart(content.timelines).to_dict()
    diamonds = [node for mark, node in _marks(spec) if node["mark"].get("shape") == "diamond"]
    assert diamonds


def test_due_by_week(content):
    rows = charts.timeline_rows(content.timelines)
    due = charts.due_by_week(rows, 4).set_index("id")
    assert "referral_4_weeks" in due.index and "pimecrolimus_stop" not in due.index
    assert due.loc["referral_4_weeks", "status"] == "reached"
    assert due.loc["nb_uvb_course", "status"].startswith("ongoing")
    assert due.loc["tcs_trial", "status"] == "reached"
    assert charts.due_by_week(rows, 3).set_index("id").loc["tcs_trial", "status"] == "in window"
    assert (charts.due_by_week(rows, 100)["min_weeks"] <= 100).all()
    assert len(charts.due_by_week(rows, 100)) == len(rows)


# ---------- doses ----------

def test_dose_chart_with_weight_gives_cyclosporine_mg_per_day(content):
    df = charts.systemic_dose_data(content, weight_kg=70).set_index(["therapy_id", "computed"])
    cyclo = df.loc[("cyclosporine", True)]
    assert (cyclo["min"], cyclo["max"]) == (3 * 70, 6 * 70) == (210, 420)
    assert cyclo["range"] == "210-420 mg/day"
    assert df.loc[("azathioprine", True), "range"] == "70-210 mg/day"
    assert ("methotrexate", True) not in df.index  # mg/week is not weight-based
    spec = charts.systemic_dose_chart(content, weight_kg=70).to_dict()
    assert "Cyclosporine 210-420 mg/day" in _title_text(spec)
    assert {"cyclosporine", "methotrexate", "mycophenolate"} <= {r.get("therapy_id") for r in _records(spec)}
    assert charts.systemic_dose_data(content)["computed"].sum() == 0


def test_dose_units_never_share_an_axis(content):
    spec = charts.systemic_dose_chart(content, weight_kg=70).to_dict()
    df = charts.systemic_dose_data(content, weight_kg=70)
    assert len(spec["vconcat"]) == df["unit"].nunique()
    for panel in spec["vconcat"]:
        names = {n["data"]["name"] for n in _nodes(panel) if "name" in n.get("data", {})}
        units = {r["unit"] for name in names for r in spec["datasets"][name]}
        assert len(units) == 1
        axis_titles = {" ".join(t) if isinstance(t, list) else t
                       for n in _nodes(panel) if isinstance(n.get("x"), dict) and "title" in n["x"]
                       for t in [n["x"]["title"]]}
        assert axis_titles == units
    assert "1.0-1.5 g twice daily" in set(df["range"])
    assert "paediatric" in _title_text(spec)  # the checked-context note on cyclosporine is visible


# ---------- certainty matrix ----------

def test_certainty_matrix(content):
    df = charts.certainty_matrix_data(content)
    classes = {content.therapies[t].therapy_class for t in df["therapy_id"]}
    assert classes <= set(charts.TOPICAL_CLASSES)
    assert not df.duplicated(["evidence_id", "therapy_id"]).any()
    assert set(df["group"]) == {"document 000", "checked context"}
    wet = df[df["therapy_id"] == "wet_wrap"].iloc[0]
    assert (wet["strength"], wet["certainty"]) == ("conditional", charts.NOT_STATED)
    crisaborole = df[(df["therapy_id"] == "crisaborole") & (df["group"] == "document 000")].iloc[0]
    assert (crisaborole["strength"], crisaborole["certainty"]) == ("strong", "high")
    spec = charts.certainty_matrix_chart(content).to_dict()
    assert any(node.get("encoding", {}).get("text", {}).get("field") == "therapy" for _, node in _marks(spec))
    assert charts.NOT_STATED in json.dumps(spec)


# ---------- captions ----------

def test_captions_name_document_and_reference(content):
    assert charts.caption_for(["d000_r6"], content) == (
        "Source: document 000, ref 6 (Treatment of Eczema: Corticosteroids and Beyond, 2016)")
    assert charts.caption_for(["d003_r1"], content).startswith("Source: document 003, ref 1 (")
    ctx = charts.caption_for(["ctx_schmitt_2011"], content)
    assert ctx.startswith("Source: checked context: Schmitt et al.")
    both = charts.caption_for(["d000_r7", "ctx_schmitt_2011", "d000_r7"], content)
    assert both.startswith("Sources: document 000, ref 7") and both.count("document 000, ref 7") == 1


# ---------- every chart ----------

def test_every_chart_has_title_tooltip_and_palette(content):
    allowed = {c.upper() for c in charts.OKABE_ITO.values()}
    for name, chart in _all_charts(content).items():
        assert isinstance(chart, (alt.Chart, alt.LayerChart, alt.VConcatChart)), name
        spec = chart.to_dict()
        assert _title_text(spec).strip(), name
        assert any("tooltip" in node.get("encoding", {}) for _, node in _marks(spec)), name
        views = [node for mark, node in _marks(spec)]
        assert all("tooltip" in v.get("encoding", {}) or "tooltip" in spec.get("encoding", {})
                   or _inherits_tooltip(spec, v) for v in views), name
        colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", json.dumps(spec))}
        assert colours and colours <= allowed, (name, colours - allowed)


def _inherits_tooltip(spec: dict, view: dict) -> bool:
    """A layer may take its tooltip from the layered chart's shared encoding."""
    for node in _nodes(spec):
        if view in node.get("layer", []) and "tooltip" in node.get("encoding", {}):
            return True
    return False


def test_single_and_layered_charts_fill_their_container(content):
    for name, chart in _all_charts(content).items():
        if isinstance(chart, alt.VConcatChart):
            continue
        assert chart.to_dict()["width"] == "container", name


def test_charts_module_does_not_import_streamlit():
    import pathway.present.charts as module

    source = open(module.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.M)


def test_charts_follow_the_content_not_constants(content):
    """Change a number in the content and the chart changes: nothing clinical is typed into charts.py."""
    ev = content.evidence["wet_wrap_scorad"]
    arms = [a.model_copy(update={"value": a.value + 1}) for a in ev.effect.arms]
    changed = ev.model_copy(update={"effect": ev.effect.model_copy(update={"arms": arms})})
    altered = content.model_copy(update={"evidence": {**content.evidence, "wet_wrap_scorad": changed}})
    title = _title_text(charts.wet_wrap_scorad_chart(altered).to_dict())
    assert "5.4" in title and "4.0" in title
