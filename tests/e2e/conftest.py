"""Browser (Playwright + Debian Chromium) fixtures for the end-to-end tests.

The app runs once per test session as a real ``streamlit run app.py`` on a free port; every test
gets a fresh browser context (so a fresh Streamlit session) at 1280x800.

In CI (``CI=true``) a missing Chromium is a failure, never a silent skip; locally the tests skip
with a message saying why.
"""

from __future__ import annotations

import pytest

from tools import browser as tb


def _browser_unavailable(reason: str) -> None:
    if tb.in_ci():
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped (set CI=true to make this a failure): {reason}")


@pytest.fixture(scope="session")
def app_url():
    """Base URL of the running app (started once per session, stopped with its process group)."""
    with tb.run_app() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not tb.chromium_available():
        _browser_unavailable(f"no Chromium at {tb.CHROMIUM_PATH} (install Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _browser_unavailable(f"the playwright package is not installed ({exc})")
    with sync_playwright() as playwright:
        chromium = tb.launch_browser(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url):
    with tb.fresh_page(browser, app_url, accept_downloads=True) as page:
        yield page


# Re-exported for tests: wait until Streamlit is connected and idle (see tools/browser.py).
wait_for_app = tb.wait_for_app
