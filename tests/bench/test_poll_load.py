"""The poll load benchmark, small: a dozen phones join the live poll through the running app, tap an
answer (some change it), and the poll counts every student's last answer exactly once; then the
phones' 2-second refreshes of the live question are answered."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.poll_load import expected_counts, main, plan


def test_the_plan_changes_a_fifth_of_the_answers_to_a_different_choice():
    students = plan([f"v{i}" for i in range(50)], ["a", "b", "c"], 10.0, 0.2, seed=3)
    changers = [s for s in students if len(s.answers) == 2]
    assert len(changers) == 10
    assert all(s.answers[0] != s.answers[1] for s in changers)
    assert all(0 <= s.start <= 7.0 for s in students)
    assert sum(expected_counts(students, ["a", "b", "c"]).values()) == 50


@pytest.mark.server
def test_a_dozen_phones_vote_and_every_vote_is_counted_exactly_once():
    args = ["--students", "12", "--seconds", "4", "--refresh-seconds", "4", "--no-save"]
    with ThreadPoolExecutor(1) as pool:  # asyncio.run in a thread of its own (Playwright may hold a loop)
        report = pool.submit(main, args).result(timeout=120)
    assert report["errors"] == 0, report["first_error"]
    assert report["votes"] == 12 + report["changers"]
    assert report["counted_once"], (report["counts"], report["expected_counts"])
    assert sum(report["counts"].values()) == 12
    assert report["refreshes"] >= 12 and report["refresh_p95_ms"] > 0
    assert report["rss_mib_after_votes"] > 10
