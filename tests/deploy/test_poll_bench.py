"""bench/poll_storage.py, small: a class votes in two processes and every vote is counted once.

The full run (300 students, SQLite and PostgreSQL) is ``make bench-polls``; its numbers are in
deploy/NUMBERS.md. Here 24 students vote within 2 s on SQLite, so the checks the benchmark relies
on are themselves checked: a correct store passes, a miscount is caught.
"""

from __future__ import annotations

import pytest

from bench import poll_storage

SMALL = ["--students", "24", "--processes", "2", "--window", "2", "--interval", "0.5", "--json"]


@pytest.fixture(autouse=True)
def sqlite_only(monkeypatch):
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)


def test_every_vote_is_counted_once_and_changes_replace(capsys):
    assert poll_storage.main(SMALL) == 0
    report = capsys.readouterr().out
    assert '"counted": 24' in report and '"exact": true' in report
    assert '"reads": ' in report and '"reads": 0' not in report


def test_a_miscount_fails_the_run(monkeypatch, capsys):
    real_counts = poll_storage.counts

    def one_vote_lost(engine, poll_id):
        found = real_counts(engine, poll_id)
        first = next(choice for choice, n in found.items() if n)
        return {**found, first: found[first] - 1}

    monkeypatch.setattr(poll_storage, "counts", one_vote_lost)
    assert poll_storage.main(SMALL) == 1
    assert "!= the students' last answers" in capsys.readouterr().err


def test_the_plan_keeps_everyone_inside_the_window():
    plan = poll_storage.plan_students(300, ["a", "b", "c", "d"], 10.0, 0.2, seed=3)
    assert all(s["at"] < 7.0 for s in plan)
    changers = [s for s in plan if s["second"]]
    assert 30 < len(changers) < 90
    assert all(s["at"] < s["change_at"] <= 9.5 and s["second"] != s["first"] for s in changers)
    assert len({s["token"] for s in plan}) == 300
