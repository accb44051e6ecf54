"""The clinical content (content/*.yaml): the bundled content loads and validates, its teaching cases land
on their expected stage, and every step, therapy, pitfall and timeline cites its sources.
"""

from __future__ import annotations

import pytest
import yaml
from content_cases import CONTENT, CONTENT_DIR, run_validate

from pathway.clinical.base import STAGES
from pathway.clinical.content import DEFAULT_CONTENT_DIR
from pathway.clinical.engine import recommend


def raw(name: str) -> dict:
    """A content file read straight from YAML, without the project's models."""
    return yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))


RAW_REFERENCE_IDS = {r["id"] for r in raw("references.yaml")["references"]}


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
    + [
        ("therapies.yaml", t["id"], where, src)
        for t in raw("therapies.yaml")["therapies"]
        for where, src in _therapy_citations(t)
    ]
    + [("pitfalls.yaml", p["id"], "sources", p.get("sources")) for p in raw("pitfalls.yaml")["pitfalls"]]
    + [("pitfalls.yaml", a["id"], "sources", a.get("sources")) for a in raw("pitfalls.yaml")["avoid"]]
    + [("timelines.yaml", t["id"], "sources", t.get("sources")) for t in raw("timelines.yaml")["timelines"]]
)


@pytest.mark.parametrize("file, item, where, sources", CITED_ITEMS, ids=[f"{f}:{i}.{w}" for f, i, w, _ in CITED_ITEMS])
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
