"""axe-core in real Chromium: no serious or critical WCAG 2.2 A/AA violation on any page, at desktop
(1280x800) and phone (390x844) width, after the app has finished running, and in the states a user
reaches by clicking (every tab, every expander open, the walkthrough's next step, the explorer's
teaching-case popover, SCORAD calculator and red-flag scenario, the phone's sidebar).

Pages come from the page list (``ui/site.py``), so a page added there is tested without touching this file.
axe-core is the copy bundled with axe-playwright-python: it runs offline (checked below).
"""

from __future__ import annotations

import re

import pytest

from tools.browser import APP_TIMEOUT_MS, DESKTOP, PHONE, in_ci, url_path, wait_for_app, wait_for_charts
from ui.site import PAGES as SITE_PAGES

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError as exc:  # pragma: no cover
    if in_ci():
        raise
    pytest.skip(f"axe-playwright-python not installed ({exc})", allow_module_level=True)

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
SCREENS = {"desktop": DESKTOP, "phone": PHONE}

# Findings from Streamlit's own chrome that the app cannot change: {rule id: (target pattern, why)}.
# A finding is let through only if its rule is listed AND every one of its targets matches the pattern.
# None today: everything axe reported on these pages was fixed in the app (ui/style.py, the charts).
STREAMLIT_CHROME: dict[str, tuple[str, str]] = {}

_AXE = Axe()


PAGES = [page.url for page in SITE_PAGES]


def test_url_paths_follow_streamlit_naming():
    assert url_path("pages/home.py") == "/"
    assert url_path("pages/2_Scenario_explorer.py") == "/Scenario_explorer"
    assert url_path("pages/12_Join_poll.py") == "/Join_poll"
    assert len(set(PAGES)) == len(SITE_PAGES) and PAGES[0] == "/"


def _excused(violation: dict) -> bool:
    known = STREAMLIT_CHROME.get(violation["id"])
    if known is None:
        return False
    pattern = re.compile(known[0])
    return all(pattern.search(" ".join(map(str, node["target"]))) for node in violation["nodes"])


def blocking_violations(response: dict) -> list[dict]:
    return [v for v in response["violations"] if v.get("impact") in BLOCKING and not _excused(v)]


def describe(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} serious/critical axe violation(s) on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} node(s)] {v['helpUrl']}")
        for node in v["nodes"][:8]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    target {' '.join(map(str, node['target']))}\n      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    """No exception on the page; then axe-core (in the page and every frame), failing with rule, impact and targets."""
    wait_for_app(page)
    wait_for_charts(page)
    errors = page.get_by_test_id("stException")
    assert errors.count() == 0, f"{where}: the page shows an exception: {errors.first.inner_text()[:500]}"
    for frame in page.frames[1:]:  # the Python wrapper injects axe into the top page only
        if not frame.is_detached():
            frame.evaluate(_AXE.axe_script)
    results = _AXE.run(page, options=AXE_OPTIONS)
    found = blocking_violations(results.response)
    assert not found, describe(found, where)


_OPEN_CLOSED_EXPANDERS = """() => {
  const closed = [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary')];
  const shown = closed.filter(s => s.offsetParent !== null);  // the visible tab's only
  shown.forEach(s => s.click());
  return shown.length;
}"""


def open_every_expander(page) -> int:
    """Open every closed expander in the main area (visible tab only), as clicks on them do, all at once,
    then wait for the reruns some of them start (and open any expander those draw); return how many."""
    opened = 0
    for _ in range(3):
        newly = page.evaluate(_OPEN_CLOSED_EXPANDERS)
        if not newly:
            break
        opened += newly
        wait_for_app(page)
    return opened


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, app_url):
    """A fresh browser session at desktop or phone size (the phone one with touch)."""
    phone = request.param == "phone"
    context = browser.new_context(viewport=SCREENS[request.param], base_url=app_url, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    page.screen_name = request.param
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((app_url, "data:", "blob:")) else None)
    yield page
    context.close()
    assert not outside, f"requests left the app (axe must run offline): {outside[:5]}"


_WIDER_THAN_SCREEN = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return [document.documentElement.scrollWidth - document.documentElement.clientWidth,
          main.scrollWidth - main.clientWidth];
}"""


@pytest.mark.parametrize("path", PAGES)
def test_page_as_loaded(screen, path):
    screen.goto(path)
    assert_accessible(screen, f"{path} at {screen.screen_name} width")
    # WCAG 1.4.10 reflow: the page itself never scrolls sideways (tables and code may, inside their box)
    assert screen.evaluate(_WIDER_THAN_SCREEN) == [0, 0], f"{path} scrolls sideways at {screen.screen_name} width"


@pytest.mark.parametrize("path", PAGES)
def test_every_tab_with_its_expanders_open(screen, path):
    screen.goto(path)
    wait_for_app(screen)
    tabs = screen.get_by_test_id("stMain").get_by_role("tab")
    for i in range(max(1, tabs.count())):
        name = "(no tabs)"
        if tabs.count():
            name = tabs.nth(i).inner_text()
            tabs.nth(i).click()
        open_every_expander(screen)
        assert_accessible(screen, f"{path} at {screen.screen_name} width, tab {name!r}, expanders open")


def test_walkthrough_next_steps_and_jump_list(screen):
    screen.goto("/Walkthrough")
    wait_for_app(screen)
    for _ in range(2):
        screen.get_by_role("button", name=re.compile("Next")).click()
        wait_for_app(screen)
    assert "Step 3 of" in screen.get_by_test_id("stMain").inner_text()
    assert_accessible(screen, f"the walkthrough's step 3 at {screen.screen_name} width")
    screen.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Jump to").click()
    screen.get_by_role("listbox").wait_for()
    assert_accessible(screen, f"the walkthrough's open jump list at {screen.screen_name} width")


@pytest.mark.parametrize(
    "query", ["signs=eczema_herpeticum&weeks=3", "scorad=60&site=back&potency=high&apd=2&weeks=4&adherent=1"]
)
def test_explorer_scenarios(screen, query):
    screen.goto(f"/Scenario_explorer?{query}")
    open_every_expander(screen)
    assert_accessible(screen, f"the explorer at ?{query}, {screen.screen_name} width, expanders open")


def test_explorer_case_popover_and_scorad_calculator(screen):
    screen.goto("/Scenario_explorer")
    wait_for_app(screen)
    main = screen.get_by_test_id("stMain")
    main.get_by_role("button", name=re.compile("Open a teaching case")).click()
    screen.get_by_test_id("stPopoverBody").wait_for()
    assert_accessible(screen, f"the explorer's teaching-case popover at {screen.screen_name} width")
    screen.keyboard.press("Escape")
    main.get_by_test_id("stExpander").filter(has_text="More settings").locator("summary").click()
    switch = main.get_by_role("switch", name="SCORAD calculator")
    switch.focus()
    screen.keyboard.press("Space")  # by keyboard: the switch's input is visually hidden under its label
    wait_for_app(screen)
    screen.get_by_role("button", name="Use this SCORAD").wait_for()
    assert_accessible(screen, f"the explorer's SCORAD calculator at {screen.screen_name} width")


def test_sidebar_open_on_phone(browser, app_url):
    context = browser.new_context(viewport=PHONE, base_url=app_url, is_mobile=True, has_touch=True)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/Scenario_explorer")
        wait_for_app(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_test_id("stSidebar").get_by_role("link", name="Evidence").wait_for()
        assert_accessible(page, "the explorer with the sidebar open at phone width")
    finally:
        context.close()
