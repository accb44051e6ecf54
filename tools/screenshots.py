"""Full-page screenshots of every page, at desktop (1280x800) and phone (390x844) width.

    .venv/bin/python tools/screenshots.py [--out screenshots]

Starts the app on a free port (as the browser tests do), opens the home page, every file in
pages/ and two deep-linked explorer scenarios in Debian's Chromium, and prints the PNG paths.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.browser import (  # noqa: E402  (needs the repo root on sys.path first)
    DESKTOP,
    PHONE,
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
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

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


def page_paths(repo: Path = REPO_ROOT) -> list[tuple[str, str]]:
    """(file stem, URL path) for the home page and each pages/*.py, in the sidebar's order.

    Streamlit drops the numeric prefix from the URL: pages/2_Scenario_explorer.py -> /Scenario_explorer.
    """
    shots = [("home", "/")]
    for file in sorted((repo / "pages").glob("*.py")):
        name = re.sub(r"^\d+[_ -]*", "", file.stem)
        shots.append((file.stem, "/" + name))
    return shots


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
        context = browser.new_context(viewport=viewport, base_url=base_url,
                                      device_scale_factor=1, is_mobile=label == "phone", has_touch=label == "phone")
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
                # On a phone the sidebar (all the explorer's controls) starts closed: show it open too.
                page.goto(EXTRA_SHOTS[0][1])
                wait_for_app(page)
                page.get_by_test_id("stExpandSidebarButton").click()
                page.get_by_test_id("stSidebar").get_by_text("Severity (SCORAD 0-103)").wait_for()
                wait_for_app(page)
                path = out / f"explorer-sidebar-open-{label}.png"
                full_page_screenshot(page, path, viewport)
                written.append(path)
                print(path, flush=True)
        finally:
            context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", help="output folder (default: ./screenshots)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with run_app() as base_url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            written = take(browser, base_url, out)
        finally:
            browser.close()
    print(f"{len(written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
