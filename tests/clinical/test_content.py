"""The clinical content (content/*.yaml): it loads, it is cited, its cases land where they say,
it carries the documents' figures, and broken content is reported one line per problem, both by
``load_content`` and by ``python -m pathway validate DIR``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError, load_content
from pathway.clinical.engine import recommend
from pathway.clinical.models import STAGES

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "content"
CONTENT = load_content()


def raw(name: str) -> dict:
    """A content file read straight from YAML, without the project's models."""
    return yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))


RAW_REFERENCE_IDS = {r["id"] for r in raw("references.yaml")["references"]}


def run_validate(directory: Path | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "pathway", "validate"] + ([str(directory)] if directory is not None else [])
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)


# ----------------------------------------------------------------------------- bundled content


def test_bundled_content_loads():
    assert DEFAULT_CONTENT_DIR == CONTENT_DIR
    assert {"doc_000", "doc_003"} <= set(CONTENT.documents)
    assert len(CONTENT.steps) >= 9
    assert CONTENT.step_for_stage("wet_wrap").id == "wet_wrap"


@pytest.mark.parametrize("with_dir", [True, False], ids=["explicit_dir", "default_dir"])
def test_validate_cli_accepts_the_bundled_content(with_dir):
    result = run_validate(CONTENT_DIR if with_dir else None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("content OK")
    assert f"{len(CONTENT.cases)} cases" in result.stdout


# ----------------------------------------------------------------------------- teaching cases


@pytest.mark.parametrize("case_id", sorted(CONTENT.cases))
def test_teaching_case_lands_on_its_expected_stage(case_id):
    case = CONTENT.cases[case_id]
    assert recommend(case.scenario, CONTENT).stage == case.expected_stage


def test_cases_cover_every_stage_and_both_documents():
    cases = list(CONTENT.cases.values())
    assert len(cases) >= 8
    missing = set(STAGES) - {c.expected_stage for c in cases}
    assert not missing, f"no teaching case for {sorted(missing)}"
    assert {"doc_000", "doc_003"} <= {d for c in cases for d in c.documents}


def test_a_back_case_shows_the_document_003_ladder():
    back = [c for c in CONTENT.cases.values() if c.scenario.get("site") == "back"]
    assert back, "document 003 is about the back"
    assert any("doc_003" in c.documents and c.expected_stage == "phototherapy" for c in back)


# ----------------------------------------------------------------------------- citations


def _step_citations(step: dict):
    yield "summary", step["summary"].get("sources")
    for i, action in enumerate(step.get("actions", [])):
        yield f"actions[{i}]", action.get("sources")
    for i, check in enumerate(step.get("checks", [])):
        yield f"checks[{i}]", check.get("sources")
    if "placement" in step:
        yield "placement", step["placement"].get("sources")


def _therapy_citations(therapy: dict):
    yield "sources", therapy.get("sources")
    yield "regimen", therapy["regimen"].get("sources")
    for key in ("dose", "age_limit"):
        if therapy.get(key):
            yield key, therapy[key].get("sources")
    for group in ("agents", "details", "monitoring", "warnings"):
        for i, item in enumerate(therapy.get(group, [])):
            yield f"{group}[{i}]", item.get("sources")


CITED_ITEMS = (
    [("steps.yaml", s["id"], where, src) for s in raw("steps.yaml")["steps"] for where, src in _step_citations(s)]
    + [("therapies.yaml", t["id"], where, src) for t in raw("therapies.yaml")["therapies"]
       for where, src in _therapy_citations(t)]
    + [("pitfalls.yaml", p["id"], "sources", p.get("sources")) for p in raw("pitfalls.yaml")["pitfalls"]]
    + [("pitfalls.yaml", a["id"], "sources", a.get("sources")) for a in raw("pitfalls.yaml")["avoid"]]
    + [("timelines.yaml", t["id"], "sources", t.get("sources")) for t in raw("timelines.yaml")["timelines"]]
)


@pytest.mark.parametrize("file, item, where, sources", CITED_ITEMS,
                         ids=[f"{f}:{i}.{w}" for f, i, w, _ in CITED_ITEMS])
def test_every_step_therapy_pitfall_and_timeline_is_cited(file, item, where, sources):
    assert sources, f"{file}: {item}.{where} cites nothing"
    unknown = [s for s in sources if s not in RAW_REFERENCE_IDS]
    assert not unknown, f"{file}: {item}.{where} cites unknown {unknown}"


def test_every_step_names_at_least_one_source_document():
    for step in raw("steps.yaml")["steps"]:
        assert set(step["documents"]) <= {"doc_000", "doc_003"}, step["id"]


def test_timelines_have_min_not_above_max():
    for t in raw("timelines.yaml")["timelines"]:
        assert 0 <= t["min"] <= t["max"], t["id"]
        assert t.get("start", 0) >= 0, t["id"]


def test_every_reference_belongs_to_a_known_document():
    data = raw("references.yaml")
    documents = {d["id"] for d in data["documents"]}
    for ref in data["references"]:
        assert ref["document"] in documents, ref["id"]


# ----------------------------------------------------------------------------- the documents' figures


def doc_of(sources: list[str]) -> set[str]:
    return {CONTENT.document_of(s) for s in sources}


def test_wet_wrap_trial_figures_4_4_vs_3_0():
    evidence = CONTENT.evidence["wet_wrap_scorad"]
    arms = [arm.value for arm in evidence.effect.arms]
    assert arms == [4.4, 3.0]
    assert evidence.effect.p_value == "p<0.011"
    assert evidence.sources == ["d000_r6"], "document 000 cites its reference 6 for the trial"
    assert "4.4" in CONTENT.rules["wet_wrap_moderate_severe"].text
    assert "p<0.011" in CONTENT.rules["wet_wrap_moderate_severe"].text


def test_proactive_maintenance_relative_risk():
    effect = CONTENT.evidence["proactive_rr"].effect
    assert (effect.value, effect.ci_low, effect.ci_high) == (0.46, 0.38, 0.55)
    assert "RR 0.46 (95% CI 0.38-0.55)" in CONTENT.therapies["proactive_tcs"].details[0].text


def test_proactive_maintenance_twice_weekly_for_16_to_36_weeks():
    course = CONTENT.timelines["proactive_course"]
    assert (course.min, course.max, course.unit) == (16, 36, "weeks")
    regimen = CONTENT.therapies["proactive_tcs"].regimen.text
    assert "twice a week" in regimen and "16-36 weeks" in regimen


@pytest.mark.parametrize(
    "therapy_id, low, high, unit",
    [("cyclosporine", 3, 6, "mg/kg/day"), ("azathioprine", 1, 3, "mg/kg/day"),
     ("methotrexate", 7.5, 25, "mg/week"), ("mycophenolate", 1.0, 1.5, "g twice daily")],
)
def test_systemic_doses_from_document_003(therapy_id, low, high, unit):
    dose = CONTENT.therapies[therapy_id].dose
    assert (dose.min, dose.max, dose.unit) == (low, high, unit)
    assert "d003_r1" in dose.sources


def test_methotrexate_liver_biopsy_and_cyclosporine_creatinine_rule():
    methotrexate = " ".join(m.text for m in CONTENT.therapies["methotrexate"].monitoring)
    assert "3.5-4.0 g" in methotrexate
    cyclosporine = [m.text for m in CONTENT.therapies["cyclosporine"].monitoring]
    assert any("creatinine" in t.lower() and "25%" in t for t in cyclosporine)
    assert "folate" in CONTENT.therapies["methotrexate"].regimen.text


def test_narrowband_uvb_protocol():
    nb = CONTENT.therapies["nb_uvb"]
    assert nb.strength == "311-313 nm"
    assert "311-313 nm" in nb.name
    for figure in ("2-3", "50%", "20%"):
        assert figure in nb.regimen.text, figure
    assert doc_of(nb.regimen.sources) == {"doc_003"}


def test_pimecrolimus_stops_at_6_weeks():
    stop = CONTENT.timelines["pimecrolimus_stop"]
    assert (stop.max, stop.unit) == (6, "weeks")
    assert "6 weeks" in CONTENT.therapies["pimecrolimus_1"].regimen.text
    assert stop.sources == ["d003_r2"]


def _limit(therapy_id: str, kind: str):
    return next(lim for lim in CONTENT.therapies[therapy_id].limits if lim.kind == kind)


@pytest.mark.parametrize("therapy_id, kind, value, sources", [
    ("dupilumab", "min_age", 6, ["d000_r10"]),
    ("pimecrolimus_1", "min_age", 24, ["d003_r2"]),
    ("tacrolimus_0.03", "min_age", 24, ["ctx_tci_labels"]),
    ("tacrolimus_0.1", "min_age", 216, ["d000_r1", "ctx_tci_labels"]),
    ("ruxolitinib_cream", "min_age", 144, ["ctx_us_labels_new"]),
    ("crisaborole", "min_age", 3, ["ctx_crisaborole_label"]),
    ("nb_uvb", "specialist_only", 216, ["ctx_nice_cg57", "d003_r1"]),
    ("cyclosporine", "specialist_only", 216, ["ctx_nice_cg57", "ctx_safety_limits"]),
    ("cyclosporine", "max_daily_dose", 300, ["ctx_aad_2014", "ctx_uk_cyclosporine_label"]),
    ("methotrexate", "adult_dose_only", 216, ["ctx_safety_limits"]),
])
def test_limits_carry_their_figures_and_sources(therapy_id, kind, value, sources):
    limit = _limit(therapy_id, kind)
    figure = getattr(limit, "months", None) or getattr(limit, "below_months", None) or limit.mg_per_day
    assert (figure, limit.sources) == (value, sources)


@pytest.mark.parametrize("therapy_id, action, sources", [
    ("pimecrolimus_1", "exclude", ["d003_r2"]), ("tacrolimus_0.1", "exclude", ["ctx_tci_labels"]),
    ("ruxolitinib_cream", "exclude", ["ctx_ruxolitinib_label"]), ("azathioprine", "specialist", ["d003_r1", "d003_r2"]),
])
def test_immune_status_limits(therapy_id, action, sources):
    limit = _limit(therapy_id, "immunocompromised")
    assert (limit.action, limit.sources) == (action, sources)


def test_drug_reference_cautions_beyond_the_documents_are_cited_as_context():
    def warnings(tid):
        return {s for w in CONTENT.therapies[tid].warnings for s in w.sources}
    assert "ctx_mhra_methotrexate_2023" in warnings("methotrexate")
    assert "ctx_mhra_mycophenolate_2015" in warnings("mycophenolate")
    for tid in ("cyclosporine", "azathioprine", "methotrexate", "mycophenolate", "dupilumab"):
        assert "ctx_live_vaccine_labels" in warnings(tid), tid
    assert "ctx_aad_2014" in warnings("azathioprine")  # TPMT before the first dose


@pytest.mark.parametrize(
    "therapy_id, strength",
    [("tacrolimus_0.1", "0.1%"), ("tacrolimus_0.03", "0.03%"), ("pimecrolimus_1", "1%")],
)
def test_calcineurin_inhibitor_strengths(therapy_id, strength):
    therapy = CONTENT.therapies[therapy_id]
    assert therapy.strength == strength
    assert strength in therapy.name


def test_steroid_agents_and_strengths():
    medium = {(a.name, a.strength) for a in CONTENT.therapies["tcs_medium"].agents}
    high = {(a.name, a.strength): a for a in CONTENT.therapies["tcs_high"].agents}
    assert medium == {("mometasone furoate", "0.1%"), ("fluticasone propionate", "0.05%")}
    assert set(high) == {("betamethasone dipropionate", "0.05%"), ("betamethasone valerate", "0.1%")}
    assert doc_of(high[("betamethasone valerate", "0.1%")].sources) == {"doc_003"}
    assert doc_of(high[("betamethasone dipropionate", "0.05%")].sources) == {"doc_000"}


@pytest.mark.parametrize(
    "timeline_id, low, high, unit",
    [("wet_wrap_onset", 48, 72, "hours"), ("wet_wrap_course", 3, 7, "days"), ("wet_wrap_extension", 7, 14, "days"),
     ("tci_onset", 1, 2, "weeks"), ("systemic_consideration", 2, 4, "weeks"), ("referral_4_weeks", 4, 4, "weeks"),
     ("tcs_trial", 2, 4, "weeks")],
)
def test_document_timelines(timeline_id, low, high, unit):
    t = CONTENT.timelines[timeline_id]
    assert (t.min, t.max, t.unit) == (low, high, unit)


# ----------------------------------------------------------------------------- broken content


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the bundled content with one edit; ``old`` must occur exactly once."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture out of date: {old!r} occurs {text.count(old)} times in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(directory)
    assert str(info.value) == "\n".join(info.value.problems)
    return info.value.problems


def cli_problems(directory: Path) -> list[str]:
    result = run_validate(directory)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content OK" not in result.stdout
    return result.stdout.splitlines()


def assert_reported(directory: Path, expected: list[str]) -> None:
    """Both the loader and the CLI report exactly these lines."""
    assert problems_of(directory) == expected
    assert cli_problems(directory) == expected


BROKEN_CASES = [
    pytest.param(
        "steps.yaml", "    therapies: [ruxolitinib_cream, crisaborole]\n",
        "    therapies: [ruxolitinib_cream, crisaborole, x]\n",
        ["steps.yaml: steps.newer_topicals.therapies: unknown therapy id 'x'"],
        id="unknown_therapy_in_step"),
    pytest.param(
        "timelines.yaml", "    min: 48\n    max: 72\n", "    min: 96\n    max: 72\n",
        ["timelines.yaml: timelines.wet_wrap_onset: min (96) is greater than max (72)"],
        id="timeline_min_above_max"),
    pytest.param(
        "pitfalls.yaml", "    stages: [topical_calcineurin_inhibitor]\n    sources: [d003_r2]\n",
        "    stages: [topical_calcineurin_inhibitor]\n",
        ["pitfalls.yaml: pitfalls.continuous_pimecrolimus.sources: Field required"],
        id="sources_missing"),
    pytest.param(
        "evidence.yaml", "    sources: [d000_r6]\n", "    sources: [d000_r66]\n",
        ["evidence.yaml: evidence.wet_wrap_scorad.sources: unknown source 'd000_r66'"],
        id="unknown_source"),
    pytest.param(
        "therapies.yaml", "  - id: crisaborole\n", "  - id: crisaborole\n    colour: blue\n",
        ["therapies.yaml: therapies.crisaborole.colour: unknown field"],
        id="unknown_field"),
    pytest.param(
        "evidence.yaml", "  - id: berth_jones_single_trial\n", "  - id: hanifin_single_trial\n",
        ["evidence.yaml: evidence.hanifin_single_trial.id: duplicate id"],
        id="duplicate_id"),
    pytest.param(
        "therapies.yaml", "      min: 3\n      max: 6\n", "      min: 9\n      max: 6\n",
        ["therapies.yaml: therapies.cyclosporine.dose: min (9) is greater than max (6)"],
        id="dose_min_above_max"),
    pytest.param(
        "rules.yaml", "  - id: tci_add\n", "  - id: tci_addition\n",
        ["rules.yaml: rules: unknown rule (the engine needs it) id 'tci_add'"],
        id="rule_the_engine_needs_missing"),
    pytest.param(
        "red_flags.yaml", "    therapies: [aciclovir]\n", "    therapies: [acyclovir]\n",
        ["red_flags.yaml: red_flags.eczema_herpeticum.therapies: unknown therapy id 'acyclovir'"],
        id="unknown_therapy_in_red_flag"),
    pytest.param(
        "steps.yaml", "    stages: [newer_topicals]\n", "    stages: [newer_topical]\n",
        None, id="unknown_stage"),
]


@pytest.mark.parametrize("file, old, new, expected", BROKEN_CASES)
def test_broken_content_is_reported_one_line_per_problem(tmp_path, file, old, new, expected):
    directory = broken(tmp_path, file, old, new)
    if expected is None:  # pydantic's wording of a bad literal is long; check the path and the value
        lines = problems_of(directory)
        assert len(lines) == 1
        assert lines[0].startswith("steps.yaml: steps.newer_topicals.stages.[0]: Input should be ")
        assert "'newer_topicals'" in lines[0]
        assert cli_problems(directory) == lines
        return
    assert_reported(directory, expected)


def test_empty_sources_list_is_reported(tmp_path):
    directory = broken(tmp_path, "pitfalls.yaml",
                       "    stages: [topical_calcineurin_inhibitor]\n    sources: [d003_r2]\n",
                       "    stages: [topical_calcineurin_inhibitor]\n    sources: []\n")
    lines = problems_of(directory)
    assert len(lines) == 1
    assert lines[0].startswith("pitfalls.yaml: pitfalls.continuous_pimecrolimus.sources: List should have at least 1 item")
    assert cli_problems(directory) == lines


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    old = "    title: Consider the newer non-steroidal creams\n"
    directory = broken(tmp_path, "steps.yaml", old, "    title: Consider: the newer non-steroidal creams\n")
    original = (CONTENT_DIR / "steps.yaml").read_text(encoding="utf-8")
    line = original[: original.index(old)].count("\n") + 1
    lines = problems_of(directory)
    assert len(lines) == 1
    assert re.fullmatch(rf"steps\.yaml: line {line}: malformed YAML: \S.*", lines[0]), lines[0]
    assert cli_problems(directory) == lines


def test_missing_file_is_reported(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    (directory / "updates.yaml").unlink()
    assert_reported(directory, ["updates.yaml: (file): missing file"])


def test_a_broken_teaching_case_scenario_names_the_case_and_field(tmp_path):
    directory = broken(tmp_path, "cases.yaml", "{age_years: 28, site: face,", "{age_years: 28, site: elbow,")
    lines = problems_of(directory)
    assert len(lines) == 1
    assert lines[0].startswith("cases.yaml: cases.adult_face_mild.scenario.site: Input should be ")
    assert cli_problems(directory) == lines


def test_several_problems_give_one_line_each(tmp_path):
    directory = broken(tmp_path, "steps.yaml", "    therapies: [ruxolitinib_cream, crisaborole]\n",
                       "    therapies: [ruxolitinib_cream, crisaborole, x]\n")
    timelines = directory / "timelines.yaml"
    timelines.write_text(timelines.read_text(encoding="utf-8").replace("    min: 48\n", "    min: 96\n"),
                         encoding="utf-8")
    expected = {
        "steps.yaml: steps.newer_topicals.therapies: unknown therapy id 'x'",
        "timelines.yaml: timelines.wet_wrap_onset: min (96) is greater than max (72)",
    }
    lines = problems_of(directory)
    assert len(lines) == 2 and set(lines) == expected
    assert cli_problems(directory) == lines


def test_missing_content_directory(tmp_path):
    lines = problems_of(tmp_path / "nowhere")
    assert len(lines) == 1 and "content directory not found" in lines[0]
    assert cli_problems(tmp_path / "nowhere") == lines


def test_a_repeated_key_is_reported(tmp_path):
    # Regression: a second 'max:' in one item used to be accepted silently, the last value winning.
    old = "    min: 48\n    max: 72\n"
    directory = broken(tmp_path, "timelines.yaml", old, old + "    max: 96\n")
    original = (CONTENT_DIR / "timelines.yaml").read_text(encoding="utf-8")
    first = original[: original.index(old)].count("\n") + 2  # the line of the original 'max: 72'
    lines = problems_of(directory)
    assert len(lines) == 1
    assert lines[0].startswith(f"timelines.yaml: line {first + 1}: ")
    assert f"duplicate key 'max' (first on line {first})" in lines[0]
    assert cli_problems(directory) == lines
