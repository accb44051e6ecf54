"""Shared by the generated cases' tests (tests/learn/test_generator_*.py): 1,000 seeds generated once per
test run (timed), each with its scenario and the engine's recommendation.
"""

from __future__ import annotations

import time

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Scenario
from pathway.learn.cases import generate_case

CONTENT = default_content()
REFS = set(CONTENT.references)
N = 1000

_started = time.perf_counter()
ITEMS = [generate_case(seed) for seed in range(N)]
ELAPSED = time.perf_counter() - _started
CASES = []
for _item in ITEMS:
    _scenario = Scenario.model_validate(_item["scenario"])
    CASES.append((_item, _scenario, recommend(_scenario, CONTENT)))


def choice_of(item: dict, stage: str) -> dict | None:
    return next((c for c in item["choices"] if c["id"] == stage), None)
