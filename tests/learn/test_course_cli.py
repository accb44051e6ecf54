"""`python -m pathway patient --seed N`: the whole course as JSON, the same for the same seed, run as a
subprocess as instructors run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pathway.clinical.engine import recommend

ROOT = Path(__file__).resolve().parents[2]
VISIT = {
    "number",
    "day",
    "scenario",
    "opening",
    "findings",
    "since",
    "controlled",
    "engine",
    "key",
    "choices",
    "review_days",
    "review",
    "closing",
    "steroid_days",
}
CHOICE = {"letter", "id", "kind", "text", "correct", "why", "follows", "then", "outside_sources", "pitfalls"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pathway", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("seed", [0, 9, 424242])
def test_patient_prints_the_whole_course_and_repeats_for_a_seed(seed):
    first, again = run("patient", "--seed", str(seed)), run("patient", "--seed", str(seed))
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    course = json.loads(first.stdout)
    assert set(course) == {"seed", "title", "visits", "ladder", "sources"} and course["seed"] == seed
    assert len(course["visits"]) >= 2 and course["visits"][0]["opening"]
    for visit in course["visits"]:
        assert set(visit) == VISIT
        assert visit["key"] == visit["engine"]["stage"] == recommend(visit["scenario"]).stage
        for choice in visit["choices"]:
            assert set(choice) == CHOICE and choice["then"] in ("next", "again", "end")
            for line in choice["follows"] + choice["why"]:
                assert line["sources"] and set(line["sources"]) <= set(course["sources"])
        assert [c["correct"] for c in visit["choices"]].count(True) == 1
    assert course["ladder"]["ending"] in ("maintenance", "handover", "no_review_time", "specialist_advice")
    assert course["ladder"]["right"] == course["ladder"]["answered"] == len(course["visits"])


@pytest.mark.parametrize("seed", ["-1", "abc", "1.5"])
def test_a_bad_seed_exits_2_with_a_message_and_no_output(seed):
    out = run("patient", "--seed", seed)
    assert out.returncode == 2 and out.stdout == "" and "--seed" in out.stderr


def test_a_seed_beyond_the_range_exits_2_naming_it():
    out = run("patient", "--seed", "2147483648")
    assert out.returncode == 2 and out.stdout == "" and "0 to 2147483647" in out.stderr
