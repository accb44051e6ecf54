"""Charts (pathway.present.charts): the expected-response timeline: the week marker, open-ended items,
decision points and what is due by a week.

Expected figures are written from the reference (shared/reference/beyond-the-sources.md, item 1 for
the relapse arithmetic) and from content/*.yaml, not copied from the code under test.
"""

from __future__ import annotations

import json

import pytest
from chart_reading import spec_marks, spec_nodes

from pathway.clinical.engine import recommend
from pathway.present import charts

# ---------- timeline ----------


def _week_rules(spec: dict) -> list[float]:
    return [
        node["encoding"]["x"]["datum"]
        for mark, node in spec_marks(spec)
        if mark == "rule" and "datum" in node.get("encoding", {}).get("x", {})
    ]


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
    assert any(n.get("domain") == [0, charts.axis_end(20)] for n in spec_nodes(spec))
    assert 20 < charts.axis_end(20) <= 22
    # default horizon: the latest number in the content (proactive maintenance, 36 weeks)
    assert (charts.timeline_data(content.timelines)["bar_end"][lambda s: s.index.isin(opened.index)] == 36).all()


def test_timeline_rows_accept_engine_entries_and_content_items(content):
    rec = recommend({"scorad": 40, "tcs_potency": "high", "weeks_on_treatment": 3, "adherence_confirmed": True})
    from_engine = charts.timeline_rows(rec.expected_timeline)
    from_content = charts.timeline_rows([content.timelines[e.id] for e in rec.expected_timeline])
    cols = ["id", "label", "kind", "start_weeks", "min_weeks", "max_weeks", "open_ended", "text", "sources"]
    assert list(from_engine.columns[: len(cols)]) == cols
    same = cols[:-1]  # an engine entry's sources add the next step's for this patient, after the timing's own
    assert from_engine[same].equals(from_content[same])
    for engine_sources, content_sources in zip(from_engine["sources"], from_content["sources"]):
        assert list(engine_sources)[: len(content_sources)] == list(content_sources)
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
    diamonds = [node for mark, node in spec_marks(spec) if node["mark"].get("shape") == "diamond"]
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
