"""Shared by the browser tests (tests/e2e) and tools/screenshots.py: start the app, launch Chromium.

Rules from the developers' guide: Playwright always drives Debian's /usr/bin/chromium (no browser
downloads work here), headless, with the flags in CHROMIUM_ARGS.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1920, "height": 1080}  # a projector
STARTUP_TIMEOUT_S = 60.0
# Generous: a rerun can take a few seconds on a small (2-core) machine.
APP_TIMEOUT_MS = 30_000


def url_path(page_file: str) -> str:
    """The address a page file is served at (ui/site.py): pages/home.py -> /, pages/2_Scenario_explorer.py ->
    /Scenario_explorer."""
    from ui.site import page_for

    page = page_for(page_file)
    if page is None:
        raise ValueError(f"{page_file} is not in the page list (ui/site.py)")
    return page.url


class AppStartError(RuntimeError):
    """The Streamlit server did not become healthy."""


def in_ci() -> bool:
    """True when the CI variable is set to anything but an empty/false value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_available() -> bool:
    return os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server and everything it started (its own process group)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def run_app(port: int | None = None, timeout: float = STARTUP_TIMEOUT_S) -> Iterator[str]:
    """Start the app as `make run` does (deploy/launch.py app.py) from the repo root; yield its base URL
    once it is healthy."""
    port = port or free_port()
    command = [
        sys.executable,
        "deploy/launch.py",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    # Server output goes to temporary files (a pipe nobody reads could fill up and block the server).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            health = f"{base_url}/_stcore/health"
            deadline = time.monotonic() + timeout
            while not _healthy(health):
                if process.poll() is not None or time.monotonic() > deadline:
                    what = (
                        f"exited with code {process.returncode}"
                        if process.poll() is not None
                        else f"was not healthy after {timeout:g} s"
                    )
                    _stop(process)
                    err.seek(0)
                    out.seek(0)
                    raise AppStartError(
                        f"The Streamlit app ({' '.join(command)}) {what} at {health}.\n"
                        f"--- server stderr ---\n{err.read().decode(errors='replace')[-4000:]}\n"
                        f"--- server stdout ---\n{out.read().decode(errors='replace')[-2000:]}"
                    )
                time.sleep(0.25)
            yield base_url
        finally:
            _stop(process)


def launch_browser(playwright):
    """Headless Debian Chromium through Playwright (never a downloaded browser)."""
    if not chromium_available():
        raise FileNotFoundError(
            f"Chromium not found at {CHROMIUM_PATH}: install Debian's package (apt-get install chromium)."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)


# The app root carries the script's run state ("initial", "running", "rerunRequested", "notRunning")
# and the websocket's connection state; the status widget shows while a script runs.
_IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"] [data-testid^="stStatusWidgetRunning"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]')) return false;
  return true;
}
"""

_SETTLED_JS = """
([idleSource, quietMs]) => {
  const idle = eval(idleSource);
  const now = performance.now();
  if (!idle()) { window.__stIdleSince = undefined; return false; }
  if (window.__stIdleSince === undefined) window.__stIdleSince = now;
  return now - window.__stIdleSince >= quietMs;
}
"""


_CHARTS_DRAWN_JS = """
() => {
  const drawn = (sel, inner) => [...document.querySelectorAll(sel)].every(el => el.querySelector(inner));
  return document.fonts.status === 'loaded'
    && drawn('[data-testid="stVegaLiteChart"]', 'canvas, svg')
    && drawn('[data-testid="stGraphVizChart"]', 'svg');
}
"""


def wait_for_charts(page, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until web fonts are loaded and every Altair/Vega and graphviz chart has drawn."""
    page.wait_for_function(_CHARTS_DRAWN_JS, timeout=timeout, polling=100)


def wait_for_app(page, timeout: float = APP_TIMEOUT_MS, quiet_ms: int = 400) -> None:
    """Wait until Streamlit is connected, has run the script and has stayed idle for ``quiet_ms``.

    Streamlit renders asynchronously over a websocket: a page first shows a skeleton, then the
    script runs (possibly more than once, e.g. after a query-parameter or widget change). Requiring
    the idle state to hold for a short quiet period avoids catching the gap between two reruns.
    """
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout)
    page.evaluate("() => { window.__stIdleSince = undefined; }")
    page.wait_for_function(_SETTLED_JS, arg=[_IDLE_JS, quiet_ms], timeout=timeout, polling=100)


@contextlib.contextmanager
def fresh_page(browser, base_url: str, viewport: dict = DESKTOP, **options) -> Iterator:
    """A page in a new browser context (so a new Streamlit session) with the app's timeout; the
    context is closed afterwards. ``options`` go to ``browser.new_context`` (e.g. accept_downloads)."""
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    context.set_default_timeout(APP_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


SHARE_EXPANDER = "Share this scenario or print a handout"


def open_expander(page, title: str, timeout: float = APP_TIMEOUT_MS) -> None:
    """Open the main area's expander called ``title`` and wait for the rerun that draws its contents
    (the explorer draws the share link, the handouts and the teaching cases only once they are open)."""
    summary = page.get_by_test_id("stMain").get_by_test_id("stExpander").filter(has_text=title).locator("summary")
    summary.click()
    wait_for_app(page, timeout)
