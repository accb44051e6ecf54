"""What the browser test modules share: Playwright's API with the project's timeout, and the app on a
database of its own.

Without the playwright package the importing module fails in CI (``CI=true``: browser tests never
skip there) and is skipped elsewhere, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pathway.store.db import forget_engine
from tools import browser as tb

try:
    from playwright.sync_api import BrowserContext, Page, expect
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError as exc:  # pragma: no cover - depends on the environment
    if tb.in_ci():
        raise ImportError(f"CI=true but Playwright is not installed, so the browser tests cannot run: {exc}") from exc
    pytest.skip(f"browser tests skipped: the playwright package is not installed ({exc})", allow_module_level=True)

expect.set_options(timeout=tb.APP_TIMEOUT_MS)

__all__ = ["BrowserContext", "Page", "PlaywrightTimeout", "app_on_own_database", "expect"]


@contextmanager
def app_on_own_database(folder: Path, file_name: str = "e2e.sqlite3") -> Iterator[tuple[str, str]]:
    """The app on its own server with a fresh SQLite file in ``folder`` (never data/): yields the
    app's URL and the database URL. The server inherits ``DATABASE_URL`` when it starts; the tests
    themselves keep their own environment."""
    url = f"sqlite:///{folder / file_name}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        with tb.run_app() as base_url:
            patch.undo()
            yield base_url, url
    forget_engine(url)
