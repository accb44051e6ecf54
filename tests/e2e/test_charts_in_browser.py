"""Every chart, drawn by Streamlit in Chromium at phone (390x844), desktop (1280x800) and wide
(1920x1080) size: no text outside its chart or the window, no title cut short, a text alternative
on each chart and under it, and the timeline's marker only where it reads the plan's own clock.

Each chart is also saved as a PNG in artifacts/screenshots/charts/ (git-ignored), to look at.
"""

from __future__ import annotations

import re

import playwright_support  # noqa: F401  (skips, or fails in CI, without Playwright)
import pytest

from tools.browser import APP_TIMEOUT_MS, wait_for_app, wait_for_charts
from tools.screenshots import CHART_PAGES, CHART_VIEWPORTS, CHARTS_OUT, chart_screenshots

pytestmark = pytest.mark.e2e
TOLERANCE_PX = 1.0

# For every chart: the box of its SVG, its aria-label, and every line of text with its box on screen.
_CHARTS_JS = """
() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(el => {
  const svg = el.querySelector('svg.marks');
  const box = svg.getBoundingClientRect();
  const lines = [...svg.querySelectorAll('text')].flatMap(text => {
    const spans = text.querySelectorAll('tspan');
    const role = (text.closest('g[class*="role-"]') || {}).getAttribute?.('class') || '';
    return (spans.length ? [...spans] : [text]).map(node => {
      const r = node.getBoundingClientRect();
      return {text: node.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom, role};
    });
  });
  return {aria: el.getAttribute('aria-label') || '', left: box.left, right: box.right, width: box.width,
          lines};
})
"""


@pytest.fixture(scope="module", params=list(CHART_VIEWPORTS), ids=list(CHART_VIEWPORTS))
def sized_context(request, browser, app_url):
    viewport = CHART_VIEWPORTS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=viewport, base_url=app_url, device_scale_factor=1, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(APP_TIMEOUT_MS)
    yield request.param, viewport, context
    context.close()


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("stem, url", CHART_PAGES, ids=[stem for stem, _ in CHART_PAGES])
def test_charts_fit_the_window_and_say_their_finding(sized_context, stem, url):
    label, viewport, context = sized_context
    page = context.new_page()
    try:
        page.goto(url)
        wait_for_app(page)
        wait_for_charts(page)
        charts = page.evaluate(_CHARTS_JS)
        assert charts, f"no chart on {url}"
        captions = _squash(" ".join(page.get_by_test_id("stCaptionContainer").all_inner_texts()))
        for n, chart in enumerate(charts, start=1):
            where = f"{stem} chart {n} at {label}"
            assert chart["right"] <= viewport["width"] + TOLERANCE_PX, f"{where}: wider than the window"
            outside = [
                line["text"]
                for line in chart["lines"]
                if line["left"] < max(chart["left"], 0) - TOLERANCE_PX
                or line["right"] > min(chart["right"], viewport["width"]) + TOLERANCE_PX
            ]
            assert not outside, f"{where}: text outside the chart or window: {outside}"
            cut = [line["text"] for line in chart["lines"] if "…" in line["text"]]
            assert not cut, f"{where}: text cut short: {cut}"
            title = _squash(" ".join(line["text"] for line in chart["lines"] if "role-title-text" in line["role"]))
            assert title, f"{where}: no title"
            # the text alternative states the finding the title shows, and is also written under the chart
            assert title in _squash(chart["aria"]), f"{where}: aria-label {chart['aria']!r} lacks {title!r}"
            assert _squash(chart["aria"]) in captions, f"{where}: the finding is not written under the chart"
        texts = " ".join(line["text"] for chart in charts for line in chart["lines"])
        if stem == "explorer-red-flag":  # the weeks on the failing regimen are no point on the plan's clock
            assert not re.search(r"week 3|you are here", texts), texts
        if stem == "explorer-short-trial":
            assert "you are here: week 1" in texts
        CHARTS_OUT.mkdir(parents=True, exist_ok=True)
        assert len(chart_screenshots(page, stem, label, CHARTS_OUT)) == len(charts)
    finally:
        page.close()
