"""The launcher (deploy/launch.py, used by make run, make serve and the benchmarks) serves every
connection with TCP_NODELAY, so a rerun's later messages do not wait ~40 ms for a delayed ACK; plain
``streamlit run`` does not (what the launcher is for)."""

from __future__ import annotations

import asyncio

import pytest

from bench.load import Server
from bench.ws_client import Session

pytestmark = pytest.mark.server
PROBE = "tests/deploy/nodelay_probe.py"


def _probe_text(url: str) -> str:
    async def read() -> str:
        session = Session(url, page_name="", keep_text=True)
        result = await session.open()
        await session.close()
        return next(t for t in result.markdown if t.startswith("connections="))

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, read()).result()


@pytest.mark.parametrize("plain, expected", [(False, "nodelay=1"), (True, "nodelay=0")])
def test_the_launchers_connections_have_tcp_nodelay(plain, expected):
    server = Server(PROBE, ["runner.postScriptGC=false"], plain=plain)
    try:
        text = _probe_text(server.url)
    finally:
        server.stop()
    assert "connections=0" not in text
    assert expected in text, text
