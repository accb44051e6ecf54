"""Charts (pathway.present.charts): the evidence charts carry the documents' numbers (the relapse forest
plot and its arithmetic, the wet-wrap trial, the certainty matrix) and captions name their sources.

Expected figures are written from the reference (shared/reference/beyond-the-sources.md, item 1 for
the relapse arithmetic) and from content/*.yaml, not copied from the code under test.
"""

from __future__ import annotations

import json

import pytest
from chart_reading import spec_marks, spec_nodes, spec_records, spec_title

from pathway.clinical.citations import caption
from pathway.present import charts

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
    rows = spec_records(spec)
    assert {"rr": 0.46, "ci_low": 0.38, "ci_high": 0.55}.items() <= next(r for r in rows if r.get("rr") == 0.46).items()
    tacrolimus = next(r for r in rows if r.get("rr") == 0.78)
    assert (tacrolimus["ci_low"], tacrolimus["ci_high"]) == (0.60, 1.00)
    rules = [node for mark, node in spec_marks(spec) if mark == "rule"]
    assert any(node["encoding"]["x"].get("datum") == 1.0 for node in rules), "no rule at RR 1"
    assert "no effect (RR 1)" in json.dumps(spec)
    assert any(n.get("type") == "log" for n in spec_nodes(spec)), "the x scale is a log scale"
    assert "0.46" in spec_title(spec) and "2.2 times lower" in spec_title(spec)


def test_forest_rows_are_labelled_by_source(content):
    df = charts.relapse_forest_data(content)
    assert len(df) == 2  # document 000's pooled figure, and the checked context's tacrolimus pool
    assert df["row"].is_unique
    assert df["row"].str.contains("document 000, ref 7").sum() == 1  # one row per source (citations.by_document)
    assert df["row"].str.startswith("ctx: Schmitt 2011").sum() == 1  # the tacrolimus pool
    assert list(df["crosses_no_effect"]) == [False, True]


# ---------- wet wraps ----------


def test_wet_wrap_bars_and_p_value(content):
    spec = charts.wet_wrap_scorad_chart(content).to_dict()
    values = sorted(r["value"] for r in spec_records(spec))
    assert values == [3.0, 4.4]
    text = spec_title(spec)
    assert "4.4" in spec_title(spec) and "3.0" in spec_title(spec)
    assert "p<0.011" in text
    assert "000·6" in text


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
    assert any(node.get("encoding", {}).get("text", {}).get("field") == "therapy" for _, node in spec_marks(spec))
    assert charts.NOT_STATED in json.dumps(spec)


# ---------- captions ----------


def test_captions_name_document_and_reference(content):
    # the one citation formatter (pathway.clinical.citations), as every page and export writes it
    assert caption(["d000_r6"], content) == (
        "Source: 000·6: Treatment of Eczema: Corticosteroids and Beyond (Clinical Reviews in Allergy & "
        "Immunology, 2016)"
    )
    assert caption(["d003_r1"], content).startswith("Source: 003·1: ")
    ctx = caption(["ctx_schmitt_2011"], content)
    assert ctx.startswith("Source: ctx: Schmitt 2011: Schmitt et al.")
    both = caption(["d000_r7", "ctx_schmitt_2011", "d000_r7"], content)
    assert both.startswith("Sources: 000·7: ") and both.count("000·7") == 1
