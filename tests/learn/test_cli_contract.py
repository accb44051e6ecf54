"""The learn part of the command-line contract: `questions`, `case-question`, `export`, and `validate`
checking the bank too. Run as a subprocess, as instructors run it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pathway.clinical.engine import recommend

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"id", "kind", "topic", "stage", "difficulty", "stem", "lead_in", "choices", "answer", "sources"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pathway", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_questions_prints_the_bank_as_a_json_list_in_the_contract_shape():
    out = run("questions")
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    assert len(items) >= 60
    for item in items:
        assert set(item) == FIELDS
        assert item["kind"] in ("authored", "spot_the_error")
        assert all(set(c) == {"id", "text", "explanation"} for c in item["choices"])
        assert [c["id"] for c in item["choices"]].count(item["answer"]) == 1
    assert sum(i["kind"] == "spot_the_error" for i in items) >= 8


@pytest.mark.parametrize("seed", [0, 7, 123456])
def test_case_question_answers_with_the_engines_stage_and_repeats_for_a_seed(seed):
    first, again = run("case-question", "--seed", str(seed)), run("case-question", "--seed", str(seed))
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    item = json.loads(first.stdout)
    assert set(item) == FIELDS | {"scenario"} and item["kind"] == "generated"
    assert item["answer"] == recommend(item["scenario"]).stage
    assert item["answer"] in [c["id"] for c in item["choices"]]


def test_case_question_for_a_stage():
    item = json.loads(run("case-question", "--seed", "3", "--stage", "specialist_referral").stdout)
    assert item["answer"] == "specialist_referral"


@pytest.mark.parametrize("seed", ["-1", "abc", "1.5"])
def test_a_bad_seed_exits_2_with_a_message_and_no_output(seed):
    out = run("case-question", "--seed", seed)
    assert out.returncode == 2 and out.stdout == "" and "--seed" in out.stderr


def test_export_writes_moodle_xml_and_an_anki_package(tmp_path):
    xml, apkg = tmp_path / "bank.xml", tmp_path / "bank.apkg"
    assert run("export", "--format", "moodle", "--out", str(xml)).returncode == 0
    assert xml.read_text(encoding="utf-8").count('<question type="multichoice">') >= 60
    out = run("export", "--format", "anki", "--out", str(apkg), "--generated", "3")
    assert out.returncode == 0, out.stderr
    assert "collection.anki2" in zipfile.ZipFile(apkg).namelist()


def test_validate_reports_a_bad_question_by_item_and_rule(tmp_path):
    import shutil

    shutil.copytree(ROOT / "content", tmp_path / "content")
    bank = tmp_path / "content" / "questions.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace('lead_in: "', 'lead_in: "All of the following EXCEPT: ', 1),
        encoding="utf-8",
    )
    out = run("validate", str(tmp_path / "content"))
    assert out.returncode == 1
    assert "questions.yaml:" in out.stdout and "negative_lead_in" in out.stdout
