"""Charts (pathway.present.charts): the systemic dose chart: daily doses for a weight, and units that
never share an axis.

Expected figures are written from the reference (shared/reference/beyond-the-sources.md, item 1 for
the relapse arithmetic) and from content/*.yaml, not copied from the code under test.
"""

from __future__ import annotations

from chart_reading import spec_nodes, spec_records, spec_title

from pathway.present import charts

# ---------- doses ----------


def test_dose_chart_with_weight_gives_cyclosporine_mg_per_day(content):
    df = charts.systemic_dose_data(content, weight_kg=70).set_index(["therapy_id", "computed"])
    cyclo = df.loc[("cyclosporine", True)]
    assert (cyclo["min"], cyclo["max"]) == (3 * 70, 6 * 70) == (210, 420)
    assert cyclo["range"] == "210-420 mg/day"
    assert df.loc[("azathioprine", True), "range"] == "70-210 mg/day"
    assert ("methotrexate", True) not in df.index  # mg/week is not weight-based
    spec = charts.systemic_dose_chart(content, weight_kg=70).to_dict()
    assert "Cyclosporine 210-420 mg/day" in spec_title(spec)
    assert {"cyclosporine", "methotrexate", "mycophenolate"} <= {r.get("therapy_id") for r in spec_records(spec)}
    assert charts.systemic_dose_data(content)["computed"].sum() == 0


def test_dose_units_never_share_an_axis(content):
    spec = charts.systemic_dose_chart(content, weight_kg=70).to_dict()
    df = charts.systemic_dose_data(content, weight_kg=70)
    assert len(spec["vconcat"]) == df["unit"].nunique()
    for panel in spec["vconcat"]:
        names = {n["data"]["name"] for n in spec_nodes(panel) if "name" in n.get("data", {})}
        units = {r["unit"] for name in names for r in spec["datasets"][name]}
        assert len(units) == 1
        axis_titles = {
            " ".join(t) if isinstance(t, list) else t
            for n in spec_nodes(panel)
            if isinstance(n.get("x"), dict) and "title" in n["x"]
            for t in [n["x"]["title"]]
        }
        assert axis_titles == units
    assert "1.0-1.5 g twice daily" in set(df["range"])
    assert "paediatric" in spec_title(spec)  # the checked-context note on cyclosporine is visible
