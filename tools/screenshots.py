"""Full-page screenshots of every page, at desktop (1280x800), projector (1920x1080) and phone (390x844) size.

    .venv/bin/python tools/screenshots.py [--out screenshots]
    .venv/bin/python tools/screenshots.py --charts [--out artifacts/screenshots/charts]

Starts the app on a free port (as the browser tests do), opens every page in the page list (ui/site.py) (so pages
added there are included) and two deep-linked explorer scenarios in Debian's Chromium, and prints the
PNG paths.
With --charts: one PNG per chart instead, on every page that draws charts, at phone (390x844),
desktop (1280x800) and wide (1920x1080) size (tests/e2e/test_charts_in_browser.py writes the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.browser import (  # noqa: E402  (needs the repo root on sys.path first)
    DESKTOP,
    PHONE,
    WIDE,
    launch_browser,
    run_app,
    wait_for_app,
    wait_for_charts,
)

EXTRA_SHOTS = [
    # (file stem, URL path)
    ("explorer-severe-back", "/Scenario_explorer?scorad=60&site=back&potency=high&apd=2&weeks=4&adherent=1"),
    ("explorer-red-flag", "/Scenario_explorer?signs=eczema_herpeticum"),
]
VIEWPORTS = {"desktop": DESKTOP, "wide": WIDE, "phone": PHONE}
# Pages with charts (file stem, URL path): the explorer at a next step, at a red flag, and in a steroid
# trial that is only too short (the one plan whose timeline has a "you are here" marker).
CHART_PAGES = [
    ("evidence", "/Evidence"),
    ("timelines", "/Timelines?weeks=3"),
    ("explorer-severe-back", EXTRA_SHOTS[0][1]),
    ("explorer-red-flag", "/Scenario_explorer?signs=eczema_herpeticum&weeks=3"),
    ("explorer-short-trial", "/Scenario_explorer?scorad=40&site=trunk&potency=medium&apd=2&weeks=1&adherent=1"),
]
CHART_VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP, "wide": WIDE}
CHARTS_OUT = REPO_ROOT / "artifacts" / "screenshots" / "charts"

# Streamlit scrolls inside its own containers, not the document, so a plain full_page screenshot
# would stop at the window's height: measure the tallest scrolling area instead.
_CONTENT_HEIGHT_JS = """
() => {
  const heights = [document.documentElement.scrollHeight, document.body.scrollHeight];
  for (const sel of ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
                     '[data-testid="stSidebarContent"]']) {
    const el = document.querySelector(sel);
    if (!el) continue;
    const box = el.getBoundingClientRect();
    // A collapsed sidebar is moved off screen but keeps its height: leave it out.
    if (box.width > 0 && box.right > 0 && box.left < window.innerWidth) heights.push(el.scrollHeight);
  }
  return Math.max(...heights);
}
"""


def page_paths() -> list[tuple[str, str]]:
    """(file stem, URL path) for every page in the page list (ui/site.py), in its order.

    Streamlit drops the numeric prefix from the URL: pages/2_Scenario_explorer.py -> /Scenario_explorer.
    """
    from ui.site import PAGES

    return [(Path(page.file).stem, page.url) for page in PAGES]


def full_page_screenshot(page, path: Path, viewport: dict) -> None:
    """Grow the window to the content's height, screenshot, and restore the window."""
    height = max(viewport["height"], int(page.evaluate(_CONTENT_HEIGHT_JS)))
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 16000)})
    wait_for_app(page)
    wait_for_charts(page)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    page.set_viewport_size(viewport)


def take(browser, base_url: str, out: Path) -> list[Path]:
    written = []
    for label, viewport in VIEWPORTS.items():
        context = browser.new_context(
            viewport=viewport,
            base_url=base_url,
            device_scale_factor=1,
            is_mobile=label == "phone",
            has_touch=label == "phone",
        )
        page = context.new_page()
        try:
            for stem, url in page_paths() + EXTRA_SHOTS:
                page.goto(url)
                wait_for_app(page)
                wait_for_charts(page)
                path = out / f"{stem}-{label}.png"
                full_page_screenshot(page, path, viewport)
                written.append(path)
                print(path, flush=True)
            if label == "phone":
                # On a phone the sidebar (the page menu) starts closed: show it open too.
                page.goto(EXTRA_SHOTS[0][1])
                wait_for_app(page)
                page.get_by_test_id("stExpandSidebarButton").click()
                page.get_by_test_id("stSidebar").get_by_role("link", name="Evidence").wait_for()
                wait_for_app(page)
                path = out / f"explorer-sidebar-open-{label}.png"
                full_page_screenshot(page, path, viewport)
                written.append(path)
                print(path, flush=True)
        finally:
            context.close()
    return written


def chart_screenshots(page, stem: str, label: str, out: Path) -> list[Path]:
    """One PNG per Vega-Lite chart on the open page: ``<stem>-<n>-<label>.png``.

    The window is first made as tall as the page (Streamlit scrolls inside its own container, so a
    chart taller than the window would otherwise be cut), then put back.
    """
    viewport = page.viewport_size
    height = max(viewport["height"], int(page.evaluate(_CONTENT_HEIGHT_JS)))
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 16000)})
    written = []
    try:
        wait_for_app(page)
        wait_for_charts(page)
        charts = page.get_by_test_id("stVegaLiteChart")
        for i in range(charts.count()):
            path = out / f"{stem}-{i + 1}-{label}.png"
            charts.nth(i).screenshot(path=str(path), animations="disabled")
            written.append(path)
    finally:
        page.set_viewport_size(viewport)
    return written


def take_charts(browser, base_url: str, out: Path) -> list[Path]:
    written = []
    for label, viewport in CHART_VIEWPORTS.items():
        phone = label == "phone"
        context = browser.new_context(
            viewport=viewport, base_url=base_url, device_scale_factor=1, is_mobile=phone, has_touch=phone
        )
        page = context.new_page()
        try:
            for stem, url in CHART_PAGES:
                page.goto(url)
                wait_for_app(page)
                wait_for_charts(page)
                for path in chart_screenshots(page, stem, label, out):
                    written.append(path)
                    print(path, flush=True)
        finally:
            context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        default=None,
        help="output folder (default: ./screenshots, or artifacts/screenshots/charts with --charts)",
    )
    parser.add_argument("--charts", action="store_true", help="one PNG per chart, at phone, desktop and wide size")
    args = parser.parse_args(argv)
    out = Path(args.out or (CHARTS_OUT if args.charts else "screenshots")).resolve()
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with run_app() as base_url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            written = (take_charts if args.charts else take)(browser, base_url, out)
        finally:
            browser.close()
    print(f"{len(written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
