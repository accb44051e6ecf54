"""Helpers for AppTest-based page tests."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.site import PAGES as SITE_PAGES

ROOT = Path(__file__).resolve().parents[2]
ENTRY = Path(__file__).resolve().parent / "entry" / "app.py"  # app.py, as AppTest must run it (see there)

HOME = "pages/home.py"
PAGES = [page.file for page in SITE_PAGES]  # the one page list, in menu order
TIMEOUT = 60

# A scenario where the steroid trial is adequate and moving SCORAD across 25 and 50 changes the stage.
ADEQUATE_TRUNK = {"site": "trunk", "potency": "medium", "apd": "2", "weeks": "3", "adherent": "1"}


def go(at: AppTest, page: str) -> AppTest:
    """Move to another page, as its menu link does (``page`` relative to the repository)."""
    return at.switch_page(str(ROOT / page)).run()


def open_page(page: str, **params: str) -> AppTest:
    """Run a page as a user opening the app's URL (with query parameters) and then its menu link would.

    Pages run through app.py's page list, so page links and st.switch_page resolve as in the live app;
    the first run reads the URL, like a fresh browser session.
    """
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    if page not in ("app.py", HOME):
        go(at, page)
    return at


def open_direct(page: str, **params: str) -> AppTest:
    """Open a page's own address, as a deep link does: the session's first run is that page (through
    app.py's page list), so the link's notices show there."""
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    at.query_params.update(params)
    if page not in ("app.py", HOME):
        at.switch_page(str(ROOT / page))
    return at.run()


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open an expander as a click on it does (the explorer draws some expanders' contents only when open)."""
    at.session_state[key] = True
    return at.run()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def all_text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def next_step(at: AppTest) -> str:
    heads = [s for s in texts(at.subheader) if "Next step:" in s]
    assert heads, f"no 'Next step' heading; subheaders: {texts(at.subheader)}"
    return heads[0].split("Next step:", 1)[1].strip()


def band_shown(at: AppTest) -> str:
    line = next(m for m in texts(at.caption) if m.startswith("Band:"))
    return line.split("**")[1]


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def week_markers(spec: dict) -> list[float]:
    """x positions of vertical rules drawn at a datum (the 'week N' marker)."""
    out = []
    for layer in spec.get("layer", []):
        mark = layer.get("mark", {})
        kind = mark.get("type") if isinstance(mark, dict) else mark
        x = layer.get("encoding", {}).get("x", {})
        if kind == "rule" and "datum" in x:
            out.append(float(x["datum"]))
    return out
