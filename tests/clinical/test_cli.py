"""The command-line contract: ``python -m pathway recommend FILE|-`` with JSON or YAML scenarios.

Good scenarios print the recommendation as JSON, identical to ``recommend(...)`` in Python; bad
ones exit non-zero, print nothing on stdout, and name the offending field on stderr.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation

ROOT = Path(__file__).resolve().parents[2]
CONTENT = default_content()

BACK = {
    "age_years": 34,
    "weight_kg": 72,
    "site": "back",
    "scorad": 44,
    "tcs_potency": "high",
    "applications_per_day": 2,
    "weeks_on_treatment": 4,
    "adherence_confirmed": True,
}
SYSTEMIC = {
    "age_years": 31,
    "weight_kg": 70,
    "site": "limbs",
    "scorad": 68,
    "tcs_potency": "high",
    "applications_per_day": 2,
    "weeks_on_treatment": 6,
    "adherence_confirmed": True,
    "qol_impact": True,
    "tried": ["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
}
HERPETICUM = {"age_years": 3, "site": "neck", "scorad": 45, "signs": ["eczema_herpeticum"]}


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pathway", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60
    )


def recommend_json(text: str, *, as_file: Path | None = None) -> dict:
    """Run the CLI on a scenario (file when ``as_file`` is given, else stdin) and parse its output."""
    if as_file is not None:
        as_file.write_text(text, encoding="utf-8")
        result = run(["recommend", str(as_file)])
    else:
        result = run(["recommend", "-"], stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def expected(scenario: dict) -> dict:
    return recommend(scenario).model_dump(mode="json")


# ----------------------------------------------------------------------------- good scenarios


@pytest.mark.parametrize("scenario", [BACK, SYSTEMIC, HERPETICUM, {}], ids=["back", "systemic", "herpeticum", "empty"])
@pytest.mark.parametrize("fmt, via", [("json", "file"), ("json", "stdin"), ("yaml", "file"), ("yaml", "stdin")])
def test_recommend_output_equals_the_python_api(tmp_path, scenario, fmt, via):
    text = json.dumps(scenario) if fmt == "json" else yaml.safe_dump(scenario)
    as_file = tmp_path / f"scenario.{fmt}" if via == "file" else None
    assert recommend_json(text, as_file=as_file) == expected(scenario)


@pytest.mark.parametrize("case_id", sorted(CONTENT.cases))
def test_teaching_case_through_the_cli(tmp_path, case_id):
    case = CONTENT.cases[case_id]
    out = recommend_json(yaml.safe_dump(case.scenario), as_file=tmp_path / "case.yaml")
    assert out["stage"] == case.expected_stage
    assert out == expected(case.scenario)


def test_every_contract_field_is_present():
    out = recommend_json(json.dumps(BACK))
    for field in (
        "severity_band",
        "stage",
        "options",
        "alternatives",
        "red_flags",
        "refer",
        "refer_urgency",
        "refer_reasons",
        "warnings",
        "avoid",
        "why",
        "expected_timeline",
    ):
        assert field in out, field
    assert set(out) == set(Recommendation.model_fields)
    assert (out["severity_band"], out["stage"], out["refer"]) == ("moderate", "phototherapy", True)
    for opt in out["options"] + [o for a in out["alternatives"] for o in a["options"]]:
        assert opt["id"] and opt["name"] and opt["regimen"] and opt["sources"], opt
    assert out["alternatives"] and {"stage", "document", "text", "sources", "options"} <= set(out["alternatives"][0])
    for line in out["why"] + out["warnings"] + out["refer_reasons"]:
        assert set(line) == {"text", "sources", "rule"} and line["text"] and line["sources"] and line["rule"]
    assert out["expected_timeline"]
    for entry in out["expected_timeline"]:
        assert {"id", "label", "min", "max", "unit", "min_weeks", "max_weeks", "sources"} <= set(entry)
    assert isinstance(out["avoid"], list) and "tci_during_phototherapy" in out["avoid"]


def test_weight_based_dose_in_json_is_a_pair_of_numbers():
    out = recommend_json(json.dumps(SYSTEMIC))
    doses = {o["id"]: o["daily_dose_mg"] for o in out["options"]}
    assert doses["cyclosporine"] == [210, 300]  # 3-6 mg/kg/day x 70 kg, never above the adult 300 mg/day
    assert doses["azathioprine"] is None  # no adult maximum in the sources: never multiplied
    assert doses["methotrexate"] is None


def test_yaml_scenario_written_by_hand():
    text = (
        "# an instructor's case file\nsite: back\nscorad: 44\ntcs_potency: high\nweeks_on_treatment: 3\n"
        "adherence_confirmed: yes\nsigns: []\n"
    )
    out = recommend_json(text)
    assert out["stage"] == "phototherapy"
    assert out == expected(
        {"site": "back", "scorad": 44, "tcs_potency": "high", "weeks_on_treatment": 3, "adherence_confirmed": True}
    )


def test_recommend_with_an_explicit_content_directory(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    result = run(["recommend", "-", "--content", str(copy)], stdin=json.dumps(BACK))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected(BACK)


# ----------------------------------------------------------------------------- bad scenarios


BAD_SCENARIOS = [
    pytest.param('{"site": "elbow"}', "site", id="unknown_site"),
    pytest.param('{"scorad": 104}', "scorad", id="scorad_above_103"),
    pytest.param('{"scorad": -0.5}', "scorad", id="scorad_negative"),
    pytest.param('{"age_years": -1}', "age_years", id="negative_age"),
    pytest.param('{"weight_kg": 0}', "weight_kg", id="zero_weight"),
    pytest.param('{"applications_per_day": 5}', "applications_per_day", id="five_applications"),
    pytest.param('{"tcs_potency": "super"}', "tcs_potency", id="unknown_potency"),
    pytest.param('{"age_years": 30, "colour": "red"}', "colour", id="unknown_field"),
    pytest.param('{"signs": ["eczema_herpeticum", "measles"]}', "signs", id="unknown_sign"),
    pytest.param('{"tried": ["systemic"]}', "tried", id="unknown_tried"),
    pytest.param('{"controlled": "maybe"}', "controlled", id="not_a_boolean"),
    pytest.param('{"age_years": 30, "site": ', "scenario", id="malformed_json"),
    pytest.param("[1, 2, 3]", "scenario", id="not_an_object"),
    pytest.param("site: [back\n", "scenario", id="malformed_yaml"),
    pytest.param("site: elbow\nscorad: 20\n", "site", id="yaml_unknown_site"),
]


@pytest.mark.parametrize("text, field", BAD_SCENARIOS)
def test_bad_scenario_on_stdin_names_the_field(text, field):
    result = run(["recommend", "-"], stdin=text)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip()
    assert any(line.startswith(f"{field}") for line in result.stderr.splitlines()), result.stderr


def test_bad_scenario_in_a_file_names_the_field(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"site": "back", "scorad": 104, "age_years": -2}', encoding="utf-8")
    result = run(["recommend", str(path)])
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, "one line per problem"
    assert {line.split(":")[0] for line in lines} == {"scorad", "age_years"}


def test_the_sign_position_is_named():
    result = run(["recommend", "-"], stdin='{"signs": ["bacterial_infection", "measles"]}')
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.startswith("signs.1:")


def test_missing_scenario_file(tmp_path):
    result = run(["recommend", str(tmp_path / "no_such_case.json")])
    assert result.returncode != 0
    assert result.stdout == ""
    assert "no_such_case.json" in result.stderr


def test_recommend_with_broken_content_prints_nothing_on_stdout(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    (copy / "rules.yaml").write_text("rules: [\n", encoding="utf-8")
    result = run(["recommend", "-", "--content", str(copy)], stdin=json.dumps(BACK))
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.startswith("rules.yaml: line ")


def test_nan_scorad_is_named_as_not_finite():
    out = subprocess.run(
        [sys.executable, "-m", "pathway", "recommend", "-"],
        input='{"scorad": NaN}',
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode != 0 and out.stdout == ""
    assert "scorad" in out.stderr and "finite" in out.stderr


def test_a_named_product_is_judged_on_its_uk_class_and_an_unknown_one_is_refused():
    infant = (
        '{"age_years": 0.75, "site": "trunk", "scorad": 36, "tcs_product": "mometasone_furoate", '
        '"applications_per_day": 2, "weeks_on_treatment": 1, "adherence_confirmed": true}'
    )
    out = run(["recommend", "-"], stdin=infant)
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    assert rec["stage"] == "verify_adequacy" and "potency_too_strong" in [w["rule"] for w in rec["warnings"]]
    assert "mometasone furoate 0.1%: potent (UK)" in rec["steroid_trial"]["in_use"]
    bad = run(["recommend", "-"], stdin='{"tcs_product": "unicorn"}')
    assert bad.returncode == 2 and "tcs_product: unknown product 'unicorn'" in bad.stderr
    assert "tcs_product" in run(["recommend", "--help"]).stdout
