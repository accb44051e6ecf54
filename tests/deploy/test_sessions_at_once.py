"""Many people opening the same page at the same moment (a lecture hall following one link) each get the
page: no session is refused because another one is running the same page (Streamlit lets only the page
object st.navigation returned run, so the objects are made per session, ui/navigation.py)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import Server
from bench.ws_client import RunResult, Session

pytestmark = pytest.mark.server
TABS = 12


def _open_at_once(url: str, page: str) -> list[RunResult]:
    async def run() -> list[RunResult]:
        tabs = [Session(url, page_name=page) for _ in range(TABS)]
        results = await asyncio.gather(*(t.open() for t in tabs))
        await asyncio.gather(*(t.close() for t in tabs))
        return list(results)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="module")
def server():
    app = Server("app.py", ["runner.postScriptGC=false"])
    yield app
    app.stop()


@pytest.mark.parametrize("page", ["Scenario_explorer", "Evidence", "Scenario_explorer"])
def test_every_tab_opening_the_same_page_at_once_gets_it(server, page):
    results = _open_at_once(server.url, page)
    assert [r.exceptions for r in results] == [[]] * TABS
    assert all(r.status == ForwardMsg.FINISHED_SUCCESSFULLY and r.elements > 5 for r in results)
