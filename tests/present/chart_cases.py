"""Every chart spec the app draws, by name: the Evidence page's, the Timelines page's at a few weeks,
and the explorer's plan timeline for every teaching case (with the case's own clock)."""

from __future__ import annotations

from functools import lru_cache

from pathway.clinical.content import load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import Scenario
from pathway.present import charts
from pathway.present.charts.timeline_clock import plan_clock, reference_clock
from pathway.present.charts.timeline_spec import clock_spec
from pathway.present.slides.charts import timeline_entries

TIMELINE_WEEKS = (0, 3, 12, 40)  # 40: past the last timing, so the axis widens
WEIGHTS = (None, 70)


_entries = timeline_entries  # every timing in the engine's form, as the Timelines page draws them


@lru_cache(maxsize=1)
def spec_names() -> list[str]:
    """The names of :func:`all_specs`, known without drawing a chart (for test parameters at collection)."""
    content = load_content()
    names = ["wet_wraps", "forest", "certainty"]
    for weight in WEIGHTS:
        names += [f"dose {unit}" for unit in dict.fromkeys(charts.systemic_dose_data(content, weight)["unit"])]
    names += [f"timelines page, week {week}" for week in TIMELINE_WEEKS]
    for case in content.cases.values():
        if recommend(Scenario.model_validate(case.scenario), content).expected_timeline:
            names.append(f"explorer, {case.id}")
    return list(dict.fromkeys(names))


@lru_cache(maxsize=1)
def all_specs() -> dict[str, dict]:
    content = load_content()
    specs = {
        "wet_wraps": charts.wet_wrap_scorad_chart(content).to_dict(),
        "forest": charts.relapse_forest_chart(content).to_dict(),
        "certainty": charts.certainty_matrix_chart(content).to_dict(),
    }
    for weight in WEIGHTS:
        for unit in dict.fromkeys(charts.systemic_dose_data(content, weight)["unit"]):
            specs[f"dose {unit}"] = charts.systemic_dose_chart(content, weight, unit=unit).to_dict()
    entries = _entries(content)
    for week in TIMELINE_WEEKS:
        specs[f"timelines page, week {week}"] = clock_spec(entries, reference_clock(week))
    for case in content.cases.values():
        scenario = Scenario.model_validate(case.scenario)
        rec = recommend(scenario, content)
        if rec.expected_timeline:
            specs[f"explorer, {case.id}"] = clock_spec(rec.expected_timeline, plan_clock(rec, scenario, content))
    return specs
