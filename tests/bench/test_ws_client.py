"""The load client speaks Streamlit's websocket protocol: against a running app, two tabs open the
scenario explorer, each gets its run finished, and moving the severity slider changes what the page
says (the band and the next step), in a run of the explorer's fragment only."""

from __future__ import annotations

import asyncio

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.crowd import run_load, summarise
from bench.load import PAGES, Server
from bench.ws_client import Session


def run(coro):
    """asyncio.run in a thread of its own (Playwright's sync API may hold a running loop in this one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


pytestmark = pytest.mark.server
EXPLORER = PAGES["explorer"]
ADEQUATE_TRUNK = "site=trunk&potency=medium&apd=2&weeks=3&adherent=1"


@pytest.fixture(scope="module")
def app_server():
    server = Server(EXPLORER["script"], ["runner.postScriptGC=false"])
    yield server
    server.stop()


def band(markdown: list[str]) -> str:
    line = next(m for m in markdown if m.startswith("Band:"))
    return line.split("**")[1]


async def two_tabs_move(url: str) -> list[tuple]:
    tabs = [
        Session(url, page_name=EXPLORER["page_name"], query_string=ADEQUATE_TRUNK, keep_text=True) for _ in range(2)
    ]
    opened = await asyncio.gather(*(t.open() for t in tabs))
    moved = await asyncio.gather(*(t.move(EXPLORER["label"], 70.0) for t in tabs))
    queries = [t.query_string for t in tabs]
    await asyncio.gather(*(t.close() for t in tabs))
    return list(zip(opened, moved, queries))


def test_two_sessions_open_the_explorer_and_a_slider_move_changes_the_page(app_server):
    results = run(two_tabs_move(app_server.url))
    for opened, moved, query in results:
        assert opened.status == ForwardMsg.FINISHED_SUCCESSFULLY and opened.elements > 20
        assert band(opened.markdown) == "moderate"
        # the move reran the explorer's fragment, and the page now says "severe"
        assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        assert band(moved.markdown) == "severe"
        assert any("severe" in m for m in moved.markdown if "·" in m)  # the live result line
        assert "scorad=70" in query  # the server rewrote the link


def test_run_load_reports_every_move(app_server):
    result = run(
        run_load(
            app_server.url,
            2,
            page_name=EXPLORER["page_name"],
            label=EXPLORER["label"],
            moves=2,
            server_pid=app_server.proc.pid,
        )
    )
    row = summarise(result)
    assert row["errors"] == 0, result.errors
    assert row["reruns"] == 4 and row["p50_ms"] > 0 and row["rss_mib_after"] > 10


def test_a_paced_run_keeps_to_its_timetable(app_server):
    # 4 sessions, each moving every second, 3 times: 4 reruns/s offered, and the last moves are not
    # due before 2 s, so a run that ignored the timetable (or hammered) would end far sooner
    result = run(
        run_load(
            app_server.url,
            4,
            page_name=EXPLORER["page_name"],
            label=EXPLORER["label"],
            moves=3,
            think=1.0,
            server_pid=app_server.proc.pid,
        )
    )
    row = summarise(result)
    assert row["errors"] == 0, result.errors
    assert row["reruns"] == 12
    assert 2.0 <= result.moves_wall < 3.5, result.moves_wall
    assert 2.0 <= row["steady_reruns_per_s"] <= 6.0, row


def test_a_slider_that_is_not_there_is_a_clear_error(app_server):
    async def move_missing():
        tab = Session(app_server.url, page_name=EXPLORER["page_name"])
        await tab.open()
        try:
            await tab.move("No such slider", 1.0)
        finally:
            await tab.close()

    with pytest.raises(Exception, match="no slider called 'No such slider'"):
        run(move_missing())
