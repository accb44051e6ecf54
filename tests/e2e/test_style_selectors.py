"""The app's stylesheet (ui/style.py) keys its rules on its own st-key-* classes, HTML elements and ARIA
roles where it can. The rules that still need one of Streamlit's internal attributes (data-testid), its
widgets' ARIA roles or their structure are checked here, in a real browser on the pages they are written
for: a Streamlit upgrade that renames one makes this test fail instead of silently dropping the rule
(touch targets, caption contrast, the sticky live result)."""

from __future__ import annotations

import re

import pytest
from playwright_support import expect  # skips, or fails in CI, without Playwright

from tools.browser import APP_TIMEOUT_MS, PHONE, wait_for_app
from ui import style

pytestmark = pytest.mark.e2e
INTERNAL = re.compile(r"data-testid|data-baseweb|\[role=|:has\(")  # Streamlit's attributes, roles, structure
# the pages whose elements the rules are written for, opened on a touch phone
PAGES = [
    "/Scenario_explorer?scorad=40&potency=medium&apd=2&weeks=3&adherent=1&signs=atypical_presentation",
    "/Drug_reference",
    "/Practice",
    "/Projector",
]


def selectors(css: str) -> list[str]:
    """Every selector of a stylesheet (comments and at-rules left out)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S).replace("<style>", "").replace("</style>", "")
    found = []
    for head in re.findall(r"([^{}]+)\{", css):
        head = head.strip()
        if head.startswith("@"):
            continue
        found += [s.strip() for s in head.split(",") if s.strip()]
    return found


def test_the_selector_list_reads_the_stylesheet():
    assert '[data-testid="stCaptionContainer"]' in selectors(style.CSS)
    assert "summary" in selectors(style.CSS) and not any(s.startswith("@media") for s in selectors(style.CSS))


def test_every_internal_selector_still_matches_an_element(browser, app_url):
    internal = sorted(
        {
            s
            for css in (style.CSS, style.PROJECTOR_CSS, style.PHONE_POLL_CSS, style.ROOM_CSS)
            for s in selectors(css)
            if INTERNAL.search(s)
        }
    )
    assert len(internal) >= 10
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=app_url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    unmatched = set(internal)
    try:
        page = context.new_page()
        for path in PAGES:
            page.goto(path)
            wait_for_app(page)
            if path == "/Drug_reference":  # a table's toolbar is drawn once the table has been touched
                table = page.get_by_test_id("stDataFrame").first
                expect(table).to_be_visible()
                table.tap()
                expect(page.get_by_test_id("stElementToolbar").first).to_be_attached()
            counts = page.evaluate("(sels) => sels.map(s => document.querySelectorAll(s).length)", sorted(unmatched))
            unmatched -= {s for s, n in zip(sorted(unmatched), counts) if n}
    finally:
        context.close()
    assert not unmatched, f"no element matches these rules any more: {sorted(unmatched)}"
