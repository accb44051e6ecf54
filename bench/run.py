"""Benchmarks, reported as ratios against a baseline measured in the same run.

    .venv/bin/python bench/run.py            # all
    .venv/bin/python bench/run.py --quick    # fewer repetitions

1. recommend(): median time per call over random valid scenarios, against parsing the same
   scenarios with pydantic (Scenario.model_validate) in the same process.
2. Cold content load: load_content() in a fresh process, against parsing the same files with the
   same safe YAML loader (parse only, no validation) in the same fresh process.
3. Explorer rerun: AppTest of the scenario explorer with the severity slider moved, against a
   minimal one-slider page (bench/minimal_page.py) moved the same way, in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathway.clinical.base import POTENCIES, SITES  # noqa: E402
from pathway.clinical.scenario import SIGNS, TRIED, Scenario  # noqa: E402


def random_scenarios(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(
            {
                "age_years": round(rng.uniform(0, 90), 2),
                "weight_kg": rng.choice([None, round(rng.uniform(3, 120), 1)]),
                "site": rng.choice(SITES),
                "scorad": round(rng.uniform(0, 103), 1),
                "tcs_potency": rng.choice(POTENCIES),
                "applications_per_day": rng.randint(0, 4),
                "weeks_on_treatment": rng.choice([0, 1, 2, 3, 4, 6, 8]),
                "adherence_confirmed": rng.random() < 0.7,
                "controlled": rng.random() < 0.1,
                "signs": [s for s in SIGNS if rng.random() < 0.08],
                "tried": [t for t in TRIED if rng.random() < 0.3],
                "qol_impact": rng.random() < 0.5,
                "phototherapy_access": rng.random() < 0.7,
                "immunocompromised": rng.random() < 0.05,
            }
        )
    return out


def _median_per_call(fn, items, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for item in items:
            fn(item)
        samples.append((time.perf_counter() - start) / len(items))
    return statistics.median(samples)


def bench_recommend(quick: bool) -> dict:
    from pathway.clinical.engine import default_content, recommend

    content = default_content()
    dicts = random_scenarios(300 if quick else 2000)
    scenarios = [Scenario.model_validate(d) for d in dicts]
    repeats = 3 if quick else 7
    rec = _median_per_call(lambda s: recommend(s, content), scenarios, repeats)
    base = _median_per_call(Scenario.model_validate, dicts, repeats)
    return {"recommend_ms": rec * 1e3, "baseline_parse_ms": base * 1e3, "ratio": rec / base}


COLD = """
import time, yaml, pathlib, json
t0 = time.perf_counter()
from pathway.clinical.content import load_content, FILES, SAFE_LOADER
t1 = time.perf_counter(); load_content(); t2 = time.perf_counter()
root = pathlib.Path('content')
t3 = time.perf_counter()
[yaml.load((root / n).read_text(), Loader=SAFE_LOADER) for n in FILES]
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "parse_only_s": t4 - t3}))
"""


def bench_cold_load(quick: bool) -> dict:
    runs = []
    for _ in range(3 if quick else 7):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    load = statistics.median(r["load_s"] for r in runs)
    parse = statistics.median(r["parse_only_s"] for r in runs)
    imports = statistics.median(r["import_s"] for r in runs)
    return {
        "cold_load_ms": load * 1e3,
        "yaml_parse_only_ms": parse * 1e3,
        "imports_ms": imports * 1e3,
        "ratio": load / parse,
    }


def _rerun_time(page: str, values: list[float]) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    at.query_params.update({"adherent": "1", "weeks": "3"})
    at.run()
    samples = []
    for value in values:
        start = time.perf_counter()
        at.slider(key="w_scorad").set_value(value).run()
        samples.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return statistics.median(samples)


def bench_explorer(quick: bool) -> dict:
    values = [20.0, 40.0, 60.0, 24.9, 50.1, 75.0, 10.0, 35.5] * (1 if quick else 3)
    explorer, minimal = [], []
    for _ in range(2 if quick else 3):  # interleaved, so both see the same machine load
        minimal.append(_rerun_time("bench/minimal_page.py", values))
        explorer.append(_rerun_time("pages/2_Scenario_explorer.py", values))
    e, m = statistics.median(explorer), statistics.median(minimal)
    return {"explorer_rerun_ms": e * 1e3, "minimal_rerun_ms": m * 1e3, "ratio": e / m}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = {
        "recommend": bench_recommend(args.quick),
        "cold_content_load": bench_cold_load(args.quick),
        "explorer_rerun": bench_explorer(args.quick),
    }
    for name, r in results.items():
        print(name + ": " + ", ".join(f"{k}={v:.3f}" for k, v in r.items()))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
