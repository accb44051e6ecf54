"""The generated cases every generator test reads, made once per test run (a session fixture, not at
import: collecting the suite stays fast, and a run that selects none of these tests never makes them)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation, Scenario
from pathway.learn.cases import generate_case

Case = tuple[dict, Scenario, Recommendation]


@dataclass(frozen=True)
class Generated:
    """Seeds 0..n-1: each item, with its scenario and the engine's recommendation."""

    cases: list[Case]
    elapsed: float  # seconds to generate the first ``FIRST`` items

    @property
    def items(self) -> list[dict]:
        return [item for item, _, _ in self.cases]

    @property
    def n(self) -> int:
        return len(self.cases)

    def first(self, n: int) -> Generated:
        return Generated(self.cases[:n], self.elapsed)


FIRST = 1000  # what the contract, truth, spread and seed tests read
ALL = 5000  # what the clinician's checks read


@pytest.fixture(scope="session")
def generated_all() -> Generated:
    content = default_content()
    started = time.perf_counter()
    items = [generate_case(seed) for seed in range(FIRST)]
    elapsed = time.perf_counter() - started
    items += [generate_case(seed) for seed in range(FIRST, ALL)]
    cases = []
    for item in items:
        scenario = Scenario.model_validate(item["scenario"])
        cases.append((item, scenario, recommend(scenario, content)))
    return Generated(cases, elapsed)


@pytest.fixture(scope="session")
def generated(generated_all: Generated) -> Generated:
    return generated_all.first(FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (`make test` runs two workers, --dist loadgroup), every test reading the
    generated cases runs on one worker, so the 5,000 cases are made once, not once per worker."""
    for item in items:
        if {"generated", "generated_all"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("generated_cases"))
