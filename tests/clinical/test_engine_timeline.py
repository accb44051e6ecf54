"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit: the
expected timeline of response, with numbers taken from content/timelines.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from engine_cases import ALL_TRIED, rec

TIMELINES_YAML = Path(__file__).resolve().parents[2] / "content" / "timelines.yaml"


# ----------------------------------------------------------------------------- expected timeline

RAW_TIMELINES = {t["id"]: t for t in yaml.safe_load(TIMELINES_YAML.read_text(encoding="utf-8"))["timelines"]}
WEEKS_PER_UNIT = {"hours": 1 / 168, "days": 1 / 7, "weeks": 1}


@pytest.mark.parametrize(
    "fields, expected_stage",
    [
        ({"scorad": 40}, "wet_wrap"),
        ({"scorad": 40, "tried": ["wet_wrap"]}, "topical_calcineurin_inhibitor"),
        ({"scorad": 40, "tried": ["wet_wrap", "topical_calcineurin_inhibitor"]}, "newer_topicals"),
        ({"site": "back", "scorad": 44}, "phototherapy"),
        ({"scorad": 70, "tried": ALL_TRIED, "qol_impact": True}, "systemic"),
        ({"controlled": True}, "maintenance"),
        ({"controlled": True, "tried": ["phototherapy"]}, "maintenance"),
        ({"signs": ["eczema_herpeticum"]}, "eczema_herpeticum"),
    ],
)
def test_expected_timeline_numbers_come_from_timelines_yaml(fields, expected_stage):
    r = rec(**fields)
    assert r.stage == expected_stage
    assert r.expected_timeline, "every escalation stage shows what to expect and when"
    in_plan = {o.id for o in r.options} | {o.id for a in r.alternatives for o in a.options}
    # a timing tied to a therapy shows only when that therapy is in the plan
    expected_ids = {
        i for i, t in RAW_TIMELINES.items() if expected_stage in t["stages"] and t.get("therapy") in (None, *in_plan)
    }
    assert {t.id for t in r.expected_timeline} == expected_ids
    for entry in r.expected_timeline:
        raw = RAW_TIMELINES[entry.id]
        assert (entry.min, entry.max, entry.unit) == (raw["min"], raw["max"], raw["unit"])
        # the timing's own sources first; a "what next for this patient" adds the next step's
        assert entry.sources[: len(raw["sources"])] == raw["sources"]
        if raw.get("then") and entry.if_no_response != raw["if_no_response"]:
            assert entry.if_no_response.startswith(raw["if_no_response"] + " For this patient, that means: ")
        per = WEEKS_PER_UNIT[raw["unit"]]
        assert entry.min_weeks == pytest.approx(raw["min"] * per, abs=1e-3)
        assert entry.max_weeks == pytest.approx(raw["max"] * per, abs=1e-3)
        assert entry.start_weeks == pytest.approx(raw.get("start", 0) * per, abs=1e-3)


def test_wet_wrap_timeline_shows_48_to_72_hours():
    r = rec(scorad=40)
    onset = {t.id: t for t in r.expected_timeline}["wet_wrap_onset"]
    assert (onset.min, onset.max, onset.unit) == (48, 72, "hours")
    assert onset.max_weeks == pytest.approx(72 / 168, abs=1e-3)


def test_calcineurin_timeline_includes_pimecrolimus_stop_at_6_weeks():
    r = rec(site="back", scorad=10)
    stop = {t.id: t for t in r.expected_timeline}["pimecrolimus_stop"]
    assert (stop.max, stop.unit) == (6, "weeks")
