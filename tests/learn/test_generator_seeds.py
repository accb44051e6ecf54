"""Generated cases (pathway.learn.cases): the same seed always gives the same item, bad seeds are
refused, and a case asked for one stage lands on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pathway.clinical.content import load_content
from pathway.clinical.engine import STAGE_ORDER, recommend
from pathway.learn.cases import generate_case, generate_for_stage

ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------------- determinism


def test_the_same_seed_gives_the_same_item(generated):
    for seed in (0, 1, 17, 999, 123_456, 2**40):
        assert json.dumps(generate_case(seed)) == json.dumps(generate_case(seed))
    assert json.dumps(generated.items[42]) == json.dumps(generate_case(42))


def test_the_same_seed_gives_the_same_item_under_another_hash_seed(generated):
    """No set or hash order leaks into an item: a fresh interpreter with a different PYTHONHASHSEED agrees."""
    code = (
        "import json; from pathway.learn.cases import generate_case; "
        "print(json.dumps([generate_case(s) for s in range(40)]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert json.loads(out.stdout) == generated.items[:40]


def test_explicit_content_gives_the_same_item(generated):
    content = load_content()
    assert generate_case(7, content) == generated.items[7]
    assert generate_case(7) == generated.items[7]


@pytest.mark.parametrize("seed", [-1, 1.5, "3", True, None])
def test_bad_seeds_are_refused(seed):
    with pytest.raises(ValueError):
        generate_case(seed)


# ----------------------------------------------------------------------------- a case for one stage


@pytest.mark.parametrize("stage", STAGE_ORDER)
def test_generate_for_stage_lands_on_the_stage_and_is_reproducible(stage):
    item = generate_for_stage(stage, 5)
    assert item is not None and item["answer"] == stage
    seed = int(item["id"].removeprefix("case-"))
    assert generate_case(seed) == item
    assert generate_for_stage(stage, 5) == item
    assert recommend(item["scenario"]).stage == stage


def test_generate_for_stage_varies_with_its_seed():
    items = [generate_for_stage("wet_wrap", s) for s in range(6)]
    assert len({item["id"] for item in items}) == 6


def test_generate_for_stage_refuses_an_unknown_stage():
    with pytest.raises(ValueError):
        generate_for_stage("bloodletting", 1)
