"""A server's very first visitor may open a page's own address (a link in a lecture slide, a bookmark).
Streamlit then runs that page file alone, as in an old folder-style app, until some session has run
st.navigation; ui.navigation.framed hands the page back to app.py. So the first page ever served
still has what app.py gives every page: the education notice, the page list, the scenario from the link."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import Server
from bench.ws_client import Session

pytestmark = pytest.mark.server
NOTICE = "For education only, not for clinical decisions."


def _open(url: str, page: str, query: str = "") -> list[str]:
    async def read() -> list[str]:
        session = Session(url, page_name=page, query_string=query, keep_text=True)
        result = await session.open()
        await session.close()
        return result.markdown

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, read()).result()


@pytest.mark.parametrize(
    "page, query, expected",
    [
        ("Evidence", "", 'Fact-check: "7-fold"'),
        ("Scenario_explorer", "scorad=70&site=trunk", "severe"),
    ],
)
def test_the_first_page_a_new_server_serves_is_framed_by_app_py(page, query, expected):
    server = Server("app.py", ["runner.postScriptGC=false"])
    try:
        markdown = _open(server.url, page, query)
    finally:
        server.stop()
    text = "\n".join(markdown)
    assert any(NOTICE in m for m in markdown), text[:500]
    assert expected in text
