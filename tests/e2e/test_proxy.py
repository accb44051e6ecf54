"""``make serve`` in a real Chromium: two app processes behind nginx, sticky sessions, one database.

deploy/serve.py runs here as ``make serve`` would (2 processes, free ports, a temporary SQLite file
as DATABASE_URL, a temporary run folder), with ``--show-backend`` so that every response names the
app process that answered. nginx must be installed (``.ci/run`` installs it): in CI a missing nginx
is a failure, locally a skip.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright_support import BrowserContext, Page, expect  # skips, or fails in CI, without Playwright
from sqlalchemy import create_engine, inspect

from tools.browser import APP_TIMEOUT_MS, DESKTOP, REPO_ROOT, SHARE_EXPANDER, in_ci, open_expander, wait_for_app

pytestmark = pytest.mark.e2e

NGINX = Path("/usr/sbin/nginx")
SERVE = REPO_ROOT / "deploy" / "serve.py"
BACKEND_HEADER = "x-ladder-backend"
ROUTE_COOKIE = "ladder_route"
START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Served:
    url: str
    backends: tuple[str, str]  # "127.0.0.1:PORT" as nginx names them
    database_url: str
    run_dir: Path


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> int:
    """The first of ``count`` consecutive free ports (the app processes' ports follow each other)."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            first = sock.getsockname()[1]
        if first + count < 65535 and all(_port_free(first + i) for i in range(count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports")


def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": f"{ROUTE_COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def _healthy(url: str) -> bool:
    try:
        return get(f"{url}/_stcore/health")[2].strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM lets serve.py stop nginx and its app processes; the group kill is only a fallback."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    if not NGINX.exists():
        reason = f"no nginx at {NGINX} (apt-get install nginx; .ci/run does)"
        if in_ci():
            pytest.fail(f"CI=true but the proxy test cannot run: {reason}", pytrace=False)
        pytest.skip(f"proxy test skipped (set CI=true to make this a failure): {reason}")
    folder = tmp_path_factory.mktemp("serve")
    database_url = f"sqlite:///{folder / 'shared.sqlite3'}"
    port, backend = _free_ports(1), _free_ports(2)
    command = [
        sys.executable,
        str(SERVE),
        "--processes",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--backend-port",
        str(backend),
        "--run-dir",
        str(folder / "run"),
        "--show-backend",
    ]
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("STREAMLIT_SERVER_COOKIE_SECRET", None)
    log = folder / "serve.log"
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                logs = "\n".join(
                    f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                    for p in [log, *sorted((folder / "run" / "logs").glob("*.log"))]
                    if p.exists()
                )
                pytest.fail(f"deploy/serve.py did not serve {url} (exit code {process.poll()}):\n{logs}")
            time.sleep(0.5)
        yield Served(url, (f"127.0.0.1:{backend}", f"127.0.0.1:{backend + 1}"), database_url, folder / "run")
    finally:
        _stop(process)


def cookies_for_each_backend(served: Served) -> dict[str, str]:
    """A route cookie per app process, as nginx handed them out to first visits."""
    found: dict[str, str] = {}
    for _ in range(64):
        _, headers, _ = get(f"{served.url}/_stcore/health")
        cookie = re.match(rf"{ROUTE_COOKIE}=([0-9a-f]{{32}});", headers.get("set-cookie", ""))
        assert cookie, f"a first visit gets a route cookie, not {headers.get('set-cookie')!r}"
        found.setdefault(headers[BACKEND_HEADER], cookie.group(1))
        if len(found) == 2:
            return found
    raise AssertionError(f"64 first visits all reached {set(found)}: the proxy does not spread the load")


def test_a_route_cookie_keeps_every_request_on_one_process_and_first_visits_spread(served: Served):
    routes = cookies_for_each_backend(served)
    assert set(routes) == set(served.backends)
    for backend, cookie in routes.items():
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/Scenario_explorer"):
            status, headers, _ = get(served.url + path, cookie)
            assert status == 200
            assert headers[BACKEND_HEADER] == backend, (path, headers[BACKEND_HEADER], backend)
            assert "set-cookie" not in headers or ROUTE_COOKIE not in headers["set-cookie"]
    # A forged or damaged cookie is replaced with a fresh one rather than trusted.
    _, headers, _ = get(f"{served.url}/_stcore/health", "not-a-route")
    assert re.match(rf"{ROUTE_COOKIE}=[0-9a-f]{{32}};", headers.get("set-cookie", ""))


def _app_environment(port: str) -> dict[str, str]:
    """The environment of the app process listening on ``port`` (Linux /proc; serve.py starts each one
    through deploy/launch.py)."""
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if (
            b"deploy/launch.py" in b" ".join(command)
            and b"--server.port" in command
            and command[command.index(b"--server.port") + 1] == port.encode()
        ):
            pairs = (line.split(b"=", 1) for line in (entry / "environ").read_bytes().split(b"\0") if b"=" in line)
            return {k.decode(): v.decode(errors="replace") for k, v in pairs}
    raise AssertionError(f"no app process on port {port}")


def test_both_processes_share_one_migrated_database_and_answer_health_checks(served: Served):
    for backend in served.backends:
        _host, port = backend.split(":")
        assert get(f"http://{backend}/_stcore/health")[2].strip() == b"ok"
        environment = _app_environment(port)
        assert environment["DATABASE_URL"] == served.database_url
        assert environment["STREAMLIT_SERVER_COOKIE_SECRET"]
    secrets = {_app_environment(b.split(":")[1])["STREAMLIT_SERVER_COOKIE_SECRET"] for b in served.backends}
    assert len(secrets) == 1, "every process signs cookies with the same secret"
    # serve.py migrated the shared file once before the processes started.
    engine = create_engine(served.database_url)
    try:
        assert {"polls", "votes", "schema_version"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _context(browser, served: Served, cookie: str | None) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, base_url=served.url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    if cookie:
        context.add_cookies([{"name": ROUTE_COOKIE, "value": cookie, "url": served.url}])
    page = context.new_page()
    answered_by: list[str] = []
    page.on("response", lambda response: answered_by.append(response.headers.get(BACKEND_HEADER, "")))
    return context, page, answered_by


def _band(page: Page):
    return page.get_by_test_id("stMain").get_by_text(re.compile(r"^Band: "))


def _move_severity(page: Page, key: str, band: str, scorad: str) -> None:
    slider = page.get_by_test_id("stMain").get_by_role("slider", name="Severity (SCORAD 0-103)")
    slider.focus()
    slider.press(key)
    expect(_band(page)).to_contain_text(band)
    expect(page).to_have_url(re.compile(rf"[?&]scorad={scorad}(&|$)"))


def _download_handout(page: Page) -> str:
    """The handout is built on click and served from the session's own process (/media/)."""
    if not page.get_by_test_id("stMain").get_by_role("button", name=re.compile(r"Download handout \(HTML")).count():
        open_expander(page, SHARE_EXPANDER)
    with page.expect_download() as info:
        page.get_by_test_id("stMain").get_by_role("button", name=re.compile(r"Download handout \(HTML")).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_two_browsers_keep_their_own_sessions_on_their_own_processes(browser, served: Served):
    # The first browser arrives without a cookie, as a student does; the second carries a cookie
    # that nginx routes to the OTHER process, so both processes serve a session at once.
    first, first_page, first_backends = _context(browser, served, None)
    try:
        first_page.goto("/Scenario_explorer")
        wait_for_app(first_page)
        cookie = {c["name"]: c["value"] for c in first.cookies()}.get(ROUTE_COOKIE)
        assert cookie and re.fullmatch(r"[0-9a-f]{32}", cookie)
        home = {b for b in first_backends if b}
        assert len(home) == 1, f"one browser's requests went to several processes: {home}"
        other_backend = (set(served.backends) - home).pop()
        second, second_page, second_backends = _context(
            browser, served, cookies_for_each_backend(served)[other_backend]
        )
        try:
            second_page.goto("/Scenario_explorer")
            wait_for_app(second_page)

            _move_severity(first_page, "Home", "mild", "0")
            _move_severity(second_page, "End", "severe", "103")
            # Each session kept its own state: the other browser's move did not reach it.
            expect(_band(first_page)).to_contain_text("mild")
            first_handout, second_handout = _download_handout(first_page), _download_handout(second_page)
            assert "(SCORAD 0)" in first_handout and "(SCORAD 103)" not in first_handout
            assert "(SCORAD 103)" in second_handout and "(SCORAD 0)" not in second_handout

            first_page.reload()  # a new session on the same process; the URL carries the scenario
            wait_for_app(first_page)
            expect(_band(first_page)).to_contain_text("mild")
            _move_severity(first_page, "End", "severe", "103")
            assert "(SCORAD 103)" in _download_handout(first_page)
            expect(first_page.get_by_test_id("stException")).to_have_count(0)
            expect(second_page.get_by_test_id("stException")).to_have_count(0)

            assert {b for b in first_backends if b} == home
            assert {b for b in second_backends if b} == {other_backend}
        finally:
            second.close()
    finally:
        first.close()
