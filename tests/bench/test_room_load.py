"""The lecture-room benchmark, small: phones join a room through `make serve`, follow ten slide changes and
answer five questions (a fifth change their answer); every vote is counted once and every change reaches
every phone; the refresh's cost is measured against a one-slider page in the same run."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.room_load import run, running_order

pytestmark = pytest.mark.server


def test_the_running_order_is_a_title_then_five_teaching_slides_each_with_its_question():
    order = running_order()
    assert len(order) == 11 and order[0].question is None
    assert [s.question is not None for s in order[1:]] == [False, True] * 5


def test_the_benchmark_asks_the_beacon_as_often_as_a_phone_does():
    from bench.room_load import ASK_SECONDS
    from ui.room_beacon import ASK_SECONDS as PHONE

    assert ASK_SECONDS == PHONE


def test_twenty_phones_follow_a_lecture_and_every_vote_is_counted_once():
    args = ["--phones", "20", "--processes", "1", "--join-seconds", "2", "--idle-seconds", "2"]
    args += ["--answer-seconds", "1"]  # the same lecture, at a test's pace
    with ThreadPoolExecutor(1) as pool:  # asyncio.run in a thread of its own (Playwright may hold a loop)
        report = pool.submit(run, args).result(timeout=400)
    assert report["errors"] == 0, report["first_error"]
    assert report["joined"] == 20 and report["counted_exactly_once"]
    assert report["votes"] == 5 * 20 + 5 * 4  # five questions, 20 phones, a fifth change their answer
    assert report["slide_change"]["never"] == 0 and report["reveal"]["never"] == 0
    assert report["closed_loop_refresh_cpu_ms"] > 0 and report["floor_cpu_ms_per_rerun"] > 0
    # following by the beacon: a quiet room costs no reruns, only asks of a file nginx serves
    assert report["idle_beacon_asks_per_s"] > 10 and report["idle_refreshes_per_s"] < 2
    assert report["slide_change"]["within_3s"] == 1.0 and report["reveal"]["within_3s"] == 1.0
