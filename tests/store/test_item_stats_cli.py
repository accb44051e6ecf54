"""``python -m pathway item-stats``: the per-item table, CSV and JSON, from any database URL."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from pathway.__main__ import main
from pathway.learn.bank import load_bank
from pathway.learn.topics import topic_label
from pathway.store.progress import create_learner, record_answer

ROOT = Path(__file__).resolve().parents[2]
BANK = load_bank()
FIRST, SECOND = BANK[0], BANK[1]


def _wrong(q) -> str:
    return next(c.id for c in q.choices if c.id != q.answer)


@pytest.fixture
def answered(engine, database_url):
    """Three learners on the bank's first two items: the first item right twice of three, the second once."""
    for n, (first_right, second_right) in enumerate([(True, True), (True, False), (False, False)]):
        learner = create_learner(engine, f"Learner {n}")[0]
        for q, right in ((FIRST, first_right), (SECOND, second_right)):
            record_answer(
                engine,
                learner.id,
                attempt_id=str(uuid.uuid4()),
                item_id=q.id,
                item_kind="question",
                topic=q.topic,
                stage=q.stage,
                choice_id=q.answer if right else _wrong(q),
                correct=right,
                confidence="sure",
                mode="tutor",
                seconds=5.0,
            )
    return database_url


def test_the_table_lists_every_item_with_its_numbers(answered, capsys):
    assert main(["item-stats", "--database", answered]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["Item", "Topic", "Answers", "Learners", "Share", "correct", "Discrimination", "Flags"]
    first = next(line for line in lines if line.startswith(FIRST.id + " "))
    # 3 answers, 3 learners, 67% right; x 1,1,0 against rests 1,0,0: r = 1/2 (hand: deviations 1/3,1/3,-2/3
    # and 2/3,-1/3,-1/3, products 2/9-1/9+2/9 = 1/3, squares 2/3 and 2/3: r = (1/3)/(2/3) = 0.50)
    assert re.split(r"\s{2,}", first) == [
        FIRST.id,
        topic_label(FIRST.topic),
        "3",
        "3",
        "67%",
        "0.50",
        "too few answers (under 20 learners)",
    ]
    assert len([line for line in lines if line.startswith("q_")]) == len(BANK)
    assert f"{len(BANK)} items, 6 answers, {len(BANK)} flagged" in out


def test_csv_json_and_only_flagged(answered, capsys):
    assert main(["item-stats", "--database", answered, "--format", "csv", "--min-learners", "3"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["item", "topic", "answers", "learners", "share_correct", "discrimination", "flags"]
    by_item = {row["item"]: row for row in rows}
    assert by_item[FIRST.id]["share_correct"] == "0.667" and by_item[FIRST.id]["discrimination"] == "0.500"
    assert by_item[FIRST.id]["learners"] == "3" and by_item[BANK[2].id]["learners"] == "0"

    assert main(["item-stats", "--database", answered, "--format", "json", "--min-learners", "3", "--flagged"]) == 0
    items = json.loads(capsys.readouterr().out)
    ids = [item["item"] for item in items]
    assert BANK[2].id in ids  # nobody answered it: too few
    first = next(item for item in items if item["item"] == FIRST.id)  # 3 learners: judged, and one distractor...
    assert first["flags"] and first["unused_distractors"]  # ... was picked, the others never
    assert first["correct"] == 2 and first["learners"] == 3 and first["share_correct"] == pytest.approx(2 / 3)


def test_a_missing_database_is_named_not_created(tmp_path, capsys):
    missing = tmp_path / "nothing.sqlite3"
    assert main(["item-stats", "--database", f"sqlite:///{missing}"]) == 2
    assert f"there is no database at {missing}" in capsys.readouterr().err
    assert not missing.exists()


def test_a_database_without_answers_table_says_so(tmp_path, capsys):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert main(["item-stats", "--database", f"sqlite:///{empty}"]) == 2
    assert "item-stats: cannot read the answers in sqlite:///" in capsys.readouterr().err


def test_the_module_runs_from_the_shell(answered):
    done = subprocess.run(
        [sys.executable, "-m", "pathway", "item-stats", "--database", answered, "--flagged"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Item ") and FIRST.id in done.stdout
