"""Screen readers and projectors: a timeline layer with no marks is hidden from assistive technology
(an empty ARIA group reads as an unlabelled image), layers with marks stay spoken, and the week axis
does not tick every tenth of a week on a wide screen."""

from __future__ import annotations

from pathway.clinical.content import load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import Scenario
from pathway.present.charts.timeline_spec import timeline_spec

CONTENT = load_content()


def _spec(**scenario) -> dict:
    rec = recommend(Scenario(**scenario), CONTENT)
    return timeline_spec(rec.expected_timeline)


def _data_rows(spec: dict, layer: dict) -> int:
    data = layer.get("data", {})
    values = data.get("values") or spec.get("datasets", {}).get(data.get("name"), [])
    return len(values)


def test_empty_layers_are_hidden_and_drawn_layers_are_spoken():
    # a fair steroid trial at moderate severity: one span, no open-ended row, no decision diamond
    spec = _spec(scorad=40, site="trunk", tcs_potency="medium", applications_per_day=2, weeks_on_treatment=0)
    layers = [layer for layer in spec["layer"] if "data" in layer]
    empty = [layer for layer in layers if _data_rows(spec, layer) == 0]
    drawn = [layer for layer in layers if _data_rows(spec, layer) > 0]
    assert empty and drawn
    assert all(layer["mark"].get("aria") is False for layer in empty)
    spoken = [layer for layer in drawn if layer["mark"].get("aria") is not False]
    assert spoken and all("description" in layer["encoding"] for layer in spoken)


def test_week_axis_ticks_at_most_every_half_week():
    spec = _spec(
        scorad=60,
        site="back",
        tcs_potency="high",
        applications_per_day=2,
        weeks_on_treatment=4,
        adherence_confirmed=True,
    )
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    title = " ".join(axis["title"]) if isinstance(axis["title"], list) else axis["title"]
    assert title.startswith("Weeks")
    assert axis["tickMinStep"] == 0.5
