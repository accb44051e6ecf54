"""The item-statistics benchmark, small: it fills a database, agrees with its own Python computation and
finds the items it made backwards and the distractors it made unpicked."""

from __future__ import annotations

import json

from bench.item_stats import main


def test_a_small_run_agrees_with_python_and_finds_what_it_planted(capsys, monkeypatch):
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)  # SQLite only: quick
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["--learners", "300", "--answers-each", "20", "--items", "20", "--repeats", "1", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["rows"]
    assert row["answers"] == 300 * 20 and row["problems"] == []
    assert row["flagged_negative"] == 2  # the two backwards items, and no other
    assert row["flagged_unused"] == 4  # every fifth item has a distractor nobody picks
    assert row["item_statistics_s"]["median"] > 0 and row["ratio_to_count"] > 0
