"""The topic vocabulary (content/topics.yaml): one list of ids, labels and descriptions that the bank,
the generated cases, Practice, Exam, My progress and the exports all name topics by. A broken file is
reported as ``topics.yaml: topics.<id>.<field>: <what>``, and ``python -m pathway validate`` says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bank_cases import BANK

from pathway.clinical.base import STAGES
from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError
from pathway.learn.cases import generate_for_stage
from pathway.learn.exam import case_stages
from pathway.learn.topics import (
    load_topics,
    stages_of,
    topic_description,
    topic_ids,
    topic_label,
    topic_of_stage,
    topics_problems,
    vocabulary,
)

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load((DEFAULT_CONTENT_DIR / "topics.yaml").read_text(encoding="utf-8"))["topics"]


def write_topics(tmp_path: Path, topics: list[dict] | str) -> Path:
    text = topics if isinstance(topics, str) else yaml.safe_dump({"topics": topics}, sort_keys=False)
    (tmp_path / "topics.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def edited(topic_id: str, **fields) -> list[dict]:
    """The bundled topics with one topic's fields replaced (a field set to None is removed)."""
    out = []
    for t in RAW:
        t = dict(t)
        if t["id"] == topic_id:
            t |= fields
            t = {k: v for k, v in t.items() if v is not None}
        out.append(t)
    return out


# ----------------------------------------------------------------------------- the bundled vocabulary


def test_the_bundled_topics_load_clean():
    assert topics_problems() == []
    assert topic_ids() == tuple(t["id"] for t in RAW)
    assert len(topic_ids()) == 16


def test_labels_and_descriptions_are_the_files():
    assert {t: topic_label(t) for t in topic_ids()} == {t["id"]: t["label"] for t in RAW}
    assert all(topic_description(t["id"]) == t["description"] for t in RAW)
    assert len({topic_label(t) for t in topic_ids()}) == len(topic_ids()), "two topics with the same words"


def test_every_bank_item_names_a_topic_of_the_vocabulary():
    assert {q.id: q.topic for q in BANK if q.topic not in topic_ids()} == {}


def test_an_old_topic_id_still_reads():
    """An answer saved under an id the vocabulary no longer holds shows as words, not as a crash."""
    assert topic_label("itch_and_sleep") == "Itch and sleep"
    assert topic_description("itch_and_sleep") == ""


def test_every_stage_belongs_to_one_topic_and_generated_cases_take_it():
    assert set(vocabulary().by_stage) == set(STAGES)
    for stage in ("eczema_herpeticum", "wet_wrap", "specialist_referral"):
        item = generate_for_stage(stage, 11)
        assert item is not None
        assert item["topic"] == topic_of_stage(stage) and item["topic"] in topic_ids()
    assert topic_of_stage("eczema_herpeticum") == topic_of_stage("treat_infection") == "red_flags"


def test_an_exam_draws_cases_only_for_stages_of_its_topics():
    assert stages_of(["red_flags", "systemic"]) == ["eczema_herpeticum", "treat_infection", "systemic"]
    assert case_stages(["doses_and_age_limits", "monitoring"]) == []
    assert stages_of(topic_ids()) == list(STAGES)


# ----------------------------------------------------------------------------- a broken topics.yaml


@pytest.mark.parametrize(
    "topics, expected",
    [
        (edited("wet_wraps", label=""), "topics.yaml: topics.wet_wraps.label: String should have at least 1 character"),
        (edited("wet_wraps", description=None), "topics.yaml: topics.wet_wraps.description: Field required"),
        (edited("wet_wraps", colour="blue"), "topics.yaml: topics.wet_wraps.colour: unknown field"),
        (edited("wet_wraps", id="Wet wraps"), "topics.yaml: topics.Wet wraps.id: String should match pattern"),
        (edited("wet_wraps", stages=["wet_wraps"]), "topics.yaml: topics.wet_wraps.stages[0]: Input should be"),
        ([], "topics.yaml: topics: List should have at least 1 item"),
    ],
    ids=["empty_label", "missing_description", "unknown_field", "bad_id", "unknown_stage", "no_topics"],
)
def test_a_schema_problem_names_the_file_the_topic_and_the_field(tmp_path, topics, expected):
    problems = topics_problems(write_topics(tmp_path, topics))
    assert any(p.startswith(expected) for p in problems), problems
    with pytest.raises(ContentError):
        load_topics(tmp_path)


def test_a_repeated_id_or_label_is_reported(tmp_path):
    repeated = [*RAW, dict(RAW[0]) | {"stages": []}, dict(RAW[1]) | {"id": "adequacy_again", "stages": []}]
    assert topics_problems(write_topics(tmp_path, repeated)) == [
        "topics.yaml: topics.red_flags.id: duplicate id",
        "topics.yaml: topics.adequacy_again.label: 'Steroid trial adequacy' is also the label of adequacy",
    ]


def test_a_stage_under_two_topics_or_none_is_reported(tmp_path):
    topics = edited("wet_wraps", stages=["phototherapy"])
    assert topics_problems(write_topics(tmp_path, topics)) == [
        "topics.yaml: topics.phototherapy.stages: phototherapy is already under wet_wraps",
        "topics.yaml: topics: no topic lists the stage wet_wrap (its generated cases need a topic)",
    ]


def test_a_missing_or_malformed_file_names_the_file(tmp_path):
    assert topics_problems(tmp_path) == ["topics.yaml: (file): missing file"]
    problems = topics_problems(write_topics(tmp_path, "topics:\n  - id: [unclosed\n"))
    assert len(problems) == 1 and problems[0].startswith("topics.yaml: line ") and "malformed YAML" in problems[0]
    assert topics_problems(write_topics(tmp_path, "- red_flags\n")) == [
        "topics.yaml: (top): expected a mapping with the key 'topics'"
    ]


def _validate(tmp_path: Path, old: str, new: str) -> list[str]:
    """``python -m pathway validate`` on a copy of the content with one line of topics.yaml changed."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / "topics.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "pathway", "validate", str(tmp_path / "content")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stdout
    return out.stdout.splitlines()


def test_validate_names_every_item_a_renamed_topic_strands(tmp_path):
    """A user's view: renaming a topic's id in topics.yaml fails validation with a line for every item
    still naming the old id."""
    lines = _validate(tmp_path, "- id: monitoring\n", "- id: checks\n")
    stranded = [q.id for q in BANK if q.topic == "monitoring"]
    assert len(stranded) == Counter(q.topic for q in BANK)["monitoring"] > 0
    assert lines == [f"questions.yaml: {i}.topic: 'monitoring' is not a topic in topics.yaml" for i in stranded]


def test_validate_names_the_field_of_a_broken_topics_file(tmp_path):
    lines = _validate(tmp_path, "    label: Wet wraps\n", "    lable: Wet wraps\n")
    assert lines[:3] == [
        "questions.yaml: topic: cannot check topics, topics.yaml does not load",
        "topics.yaml: topics.wet_wraps.label: Field required",
        "topics.yaml: topics.wet_wraps.lable: unknown field",
    ]
