"""Faults on a running server, over Streamlit's websocket protocol as a browser meets them (issue 21): a page
and a fragment that fail on purpose (a test-only entry, never in the page list) show a plain message with a
reference and no exception, and the server's log holds the traceback under that reference; a page opened
while PostgreSQL is unreachable says saving is paused and, once it is back, reruns itself (the retry
fragment the browser's timer reruns), without a restart."""

from __future__ import annotations

import asyncio
import os
import re
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.load import Server
from bench.tcp_proxy import TcpProxy
from bench.ws_client import RunResult, Session
from ui.errors import PAUSED, RETRY_SECONDS

pytestmark = pytest.mark.server
ENTRY = "tests/deploy/failing_entry/app.py"
REFERENCE = re.compile(r"Something went wrong \(reference ([0-9a-f]{8})\)")
SLIDER = "Severity (SCORAD 0-103)"


class Browser(Session):
    """A tab that also reads the page's alerts (st.error, st.warning) and the fragments the page asks
    to have rerun on a timer (``run_every``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, keep_text=True, **kwargs)
        self.alerts: list[str] = []
        self.timers: list[str] = []  # fragment ids, in the order their timers were set

    def _handle(self, msg) -> None:
        if msg.WhichOneof("type") == "auto_rerun":
            self.timers.append(msg.auto_rerun.fragment_id)
        super()._handle(msg)

    def _delta(self, delta) -> None:
        if delta.WhichOneof("type") == "new_element" and delta.new_element.WhichOneof("type") == "alert":
            self.alerts.append(delta.new_element.alert.body)
        super()._delta(delta)

    async def timer_fires(self, fragment_id: str) -> RunResult:
        return await self._rerun(fragment_id)


def _run(coroutine):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _references(alerts: list[str]) -> list[str]:
    return [m.group(1) for a in alerts if (m := REFERENCE.search(a))]


def _log_entry(log: Path, reference: str) -> str:
    """The log's lines from the one naming ``reference`` to the next timestamped line (its traceback)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if f"reference {reference}" in line)
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"\d{4}-\d\d-\d\d ", lines[i])),
        len(lines),
    )
    return "\n".join(lines[start:end])


@pytest.fixture(scope="module")
def failing_server() -> Iterator[Server]:
    server = Server(ENTRY, [])
    try:
        yield server
    finally:
        server.stop()


def test_a_page_that_fails_on_purpose_shows_a_reference_and_the_log_holds_the_traceback(failing_server):
    async def visit() -> tuple[RunResult, list[str]]:
        tab = Browser(failing_server.url, page_name="Timelines", query_string="fail=page")
        result = await tab.open()
        await tab.close()
        return result, tab.alerts

    result, alerts = _run(visit())
    assert not result.exceptions, result.exceptions
    (reference,) = _references(alerts)
    assert not any("/srv/not/for/visitors.py" in a or "Traceback" in a for a in alerts + result.markdown)
    time.sleep(0.5)  # the log is written by the server process
    entry = _log_entry(Path(failing_server.log.name), reference)
    assert "Traceback (most recent call last)" in entry
    assert "RuntimeError: failed on purpose (page) in /srv/not/for/visitors.py" in entry


def test_a_fragment_that_fails_in_its_own_rerun_shows_a_reference_too(failing_server):
    async def visit() -> tuple[RunResult, RunResult, list[str]]:
        tab = Browser(failing_server.url, page_name="Scenario_explorer", query_string="fail=fragment")
        opened = await tab.open()
        moved = await tab.move(SLIDER, 70)  # reruns the explorer's fragment alone, without app.py
        await tab.close()
        return opened, moved, tab.alerts

    opened, moved, alerts = _run(visit())
    assert not opened.exceptions and not moved.exceptions
    references = _references(alerts)
    assert len(references) == 2 and len(set(references)) == 2, alerts
    time.sleep(0.5)
    for reference in references:
        assert "RuntimeError: failed on purpose (fragment)" in _log_entry(Path(failing_server.log.name), reference)


def _postgresql_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail("CI is set but TEST_DATABASE_URL is not")
        pytest.skip("PostgreSQL tests run when TEST_DATABASE_URL=postgresql+psycopg://... is set")
    return url


def test_a_page_opened_while_postgresql_is_down_reruns_itself_once_it_is_back(monkeypatch):
    admin_url = make_url(_postgresql_admin_url())
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    proxy = TcpProxy(admin_url.host or "127.0.0.1", admin_url.port or 5432).start()
    url = admin_url.set(host="127.0.0.1", port=proxy.port).update_query_dict({"options": f"-csearch_path={schema}"})
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    proxy.cut()  # PostgreSQL is down before the server starts: the app starts anyway
    server = Server("app.py", [])

    async def visit() -> tuple[RunResult, list[str], RunResult]:
        tab = Browser(server.url, page_name="Practice")
        down = await tab.open()
        paused_alerts = list(tab.alerts)
        assert tab.timers, "the page set a retry timer"
        await asyncio.sleep(RETRY_SECONDS)  # what the browser's timer waits
        proxy.restore()
        back = await tab.timer_fires(tab.timers[-1])
        await tab.close()
        return down, paused_alerts, back

    try:
        down, paused_alerts, back = _run(visit())
    finally:
        server.stop()
        proxy.stop()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    assert not down.exceptions and PAUSED in paused_alerts
    assert not back.exceptions
    assert any("Pick a nickname above to keep your progress" in m for m in back.markdown), back.markdown
