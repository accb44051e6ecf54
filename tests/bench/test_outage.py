"""The outage benchmark, small (bench/outage.py): a few phones vote, PostgreSQL goes away for a few seconds
(a proxy cuts it) and comes back. Every phone's last answer is counted exactly once, none was told "is
in" for an answer the database did not hold, each change during the outage was said "Not saved" and was
in after one resend, and no phone saw an exception; the server never restarted."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.outage import main, plan


def test_every_phone_changes_its_answer_during_the_outage():
    students = plan([f"v{i}" for i in range(20)], ["a", "b", "c"], outage_at=12, outage=30, seed=3)
    assert all(s.first != s.last for s in students)
    assert all(s.open_at < s.first_at < 12 < s.change_at < 42 for s in students)


@pytest.mark.server
def test_a_few_phones_through_a_postgresql_outage_each_count_once():
    if not os.environ.get("TEST_DATABASE_URL", "").strip():
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail("CI is set but TEST_DATABASE_URL is not")
        pytest.skip("runs when TEST_DATABASE_URL=postgresql+psycopg://... is set")
    args = ["--phones", "6", "--outage-at", "9", "--outage", "6", "--after", "8", "--no-save"]
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(main, args).result(timeout=180)
    assert not report["errors"], report["errors"]
    assert report["counted_once"], (report["counts"], report["expected_counts"])
    assert report["said_saved_but_not_stored"] == 0
    assert report["said_not_saved"] == report["changes_during_outage"] == 6
    assert report["said_in_during_outage"] == 0
    assert report["resends"] == 6
    assert report["refreshes_behind"] > 0
    assert report["exceptions_shown"] == 0 and report["tracebacks_in_server_log"] == 0
    assert not report["server_restarted"]
