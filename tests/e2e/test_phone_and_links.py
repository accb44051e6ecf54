"""On a phone (390x844, touch) the explorer's controls sit above the result, a slider moved by touch or
keyboard changes what is on screen, touch targets are at least 44 px and the share link can be copied;
and on every page a link's text stays text: no fake link, no outside request."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright_support import expect  # skips, or fails in CI, without Playwright

from tools.browser import APP_TIMEOUT_MS, PHONE, SHARE_EXPANDER, open_expander, wait_for_app

pytestmark = pytest.mark.e2e
FAIR_TRUNK = "/Scenario_explorer?scorad=40&potency=medium&apd=2&weeks=3&adherent=1"
PAGE_PATHS = [
    "/",
    "/Walkthrough",
    "/Scenario_explorer",
    "/Timelines",
    "/Evidence",
    "/Drug_reference",
    "/Severity_scores",
    "/Sources_and_fact_check",
]


@pytest.fixture
def phone(browser, app_url):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=app_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def live_result(page):
    return page.locator(".st-key-live_result")


def test_main_controls_are_in_the_main_area_without_opening_the_sidebar(phone):
    phone.goto(FAIR_TRUNK)
    wait_for_app(phone)
    main = phone.get_by_test_id("stMain")
    for label in ("Severity (SCORAD 0-103)", "Weeks on the current regimen without adequate response"):
        expect(main.get_by_test_id("stSlider").filter(has_text=label)).to_be_visible()
    expect(main.get_by_test_id("stSelectbox").filter(has_text="Site")).to_be_visible()
    expect(main.get_by_test_id("stMultiSelect").filter(has_text="Signs")).to_be_visible()
    expect(phone.get_by_test_id("stSidebar")).not_to_be_in_viewport()


def test_moving_severity_by_keyboard_changes_the_result_on_screen(phone):
    phone.goto(FAIR_TRUNK)
    wait_for_app(phone)
    expect(live_result(phone)).to_contain_text("wet-wrap")
    slider = phone.get_by_role("slider", name="Severity (SCORAD 0-103)")
    slider.focus()
    slider.press("End")  # 103: severe, so the trial now needs a potent steroid
    wait_for_app(phone)
    expect(live_result(phone)).to_contain_text("Check the steroid trial")
    expect(live_result(phone)).to_contain_text("severe")
    expect(live_result(phone)).to_be_in_viewport()  # kept in view while the controls move


def test_moving_severity_by_touch_changes_the_result(phone):
    phone.goto(FAIR_TRUNK)
    wait_for_app(phone)
    track = phone.get_by_test_id("stSlider").filter(has_text="Severity").get_by_test_id("stSliderTickBar")
    track.scroll_into_view_if_needed()
    box = phone.get_by_test_id("stSlider").filter(has_text="Severity").locator("[data-baseweb], [data-rac]").first
    area = box.bounding_box()
    phone.touchscreen.tap(area["x"] + area["width"] * 0.05, area["y"] + area["height"] / 2)  # near 0: mild
    wait_for_app(phone)
    expect(live_result(phone)).to_contain_text("mild")


def test_touch_targets_are_at_least_44_px(phone):
    phone.goto(FAIR_TRUNK)
    wait_for_app(phone)
    thumb = phone.locator('[data-testid="stSlider"] div:has(> [data-testid="stSliderThumbValue"])').first
    box = thumb.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    for button in phone.get_by_test_id("stMain").locator("button:visible").all()[:8]:
        assert button.bounding_box()["height"] >= 44, (button.inner_text(), button.get_attribute("data-testid"))


def test_the_share_link_can_be_copied_on_a_touch_screen(phone):
    phone.goto(FAIR_TRUNK)
    wait_for_app(phone)
    open_expander(phone, SHARE_EXPANDER)
    frame = phone.frame_locator('iframe[title="Copy the share link"]')
    frame.get_by_role("button", name="Copy link").tap()
    expect(frame.get_by_role("status")).to_have_text("Copied")
    copied = phone.evaluate("navigator.clipboard.readText()")
    shown = phone.get_by_test_id("stCode").last.inner_text().strip()
    assert copied == shown and "scorad=40" in copied and copied.startswith("http")


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_link_text_stays_text_and_nothing_is_fetched_from_outside(page, app_url, path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    bad = (
        quote("[Log in again](https://example.com)")
        + "=1&scorad="
        + quote("![x](https://example.com/p.png)")
        + "&step="
        + quote("<img src=https://example.com/s.png>")
        + "&case="
        + quote("[c](https://example.com)")
    )
    page.goto(f"{path}?{bad}")
    wait_for_app(page)
    alerts = page.get_by_test_id("stAlert")
    expect(alerts.filter(has_text="Log in again").first).to_be_visible()
    assert page.locator('a[href*="example.com"]').count() == 0
    assert page.locator('img[src*="example.com"]').count() == 0
    outside = [u for u in requests if not (u.startswith(app_url) or u.startswith(("data:", "blob:", "about:")))]
    assert outside == []
    expect(page.get_by_test_id("stException")).to_have_count(0)
