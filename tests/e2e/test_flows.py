"""End-to-end flows a user would notice, in a real Chromium against the running app."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright_support import Page, expect  # skips, or fails in CI, without Playwright

from tools.browser import SHARE_EXPANDER, open_expander, wait_for_app

pytestmark = pytest.mark.e2e

SEVERE_BACK = "scorad=60&site=back&potency=high&apd=2&weeks=4&adherent=1"


def open_app(page: Page, path: str) -> None:
    page.goto(path)
    wait_for_app(page)


def main(page: Page):
    return page.get_by_test_id("stMain")


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_home_page_shows_title_notice_and_flowchart(page: Page):
    open_app(page, "/")
    expect(page.get_by_role("heading", name="Eczema Ladder")).to_be_visible()
    expect(main(page).get_by_text("For education only", exact=False).first).to_be_visible()
    chart = page.get_by_test_id("stGraphVizChart").locator("svg")
    expect(chart).to_be_visible()
    # A rendered graph, not an empty svg: graphviz draws its nodes as <g class="node">.
    assert chart.locator("g.node").count() >= 5
    no_exception(page)


def test_deep_link_survives_reload_and_carries_to_other_pages(page: Page):
    def check_explorer() -> None:
        expect(main(page).get_by_role("heading", name=re.compile("Next step: Phototherapy"))).to_be_visible()
        expect(main(page).get_by_text("severity band: severe")).to_be_visible()
        expect(main(page).get_by_text(re.compile(r"^Band: .*severe"))).to_be_visible()
        expect(main(page).get_by_text("Refer to dermatology", exact=True)).to_be_visible()
        no_exception(page)

    open_app(page, f"/Scenario_explorer?{SEVERE_BACK}")
    check_explorer()
    assert query(page)["site"] == ["back"] and query(page)["scorad"] == ["60"]

    page.reload()  # a new Streamlit session: only the URL carries the scenario over
    wait_for_app(page)
    check_explorer()

    open_app(page, f"/Timelines?{SEVERE_BACK}")
    expect(main(page).get_by_role("heading", name="Due or reached by week 4")).to_be_visible()
    # The shared duration slider is on this page too, and took its value from the link.
    expect(page.get_by_role("slider", name=re.compile("^Weeks on the current regimen"))).to_have_value("4")
    no_exception(page)


def test_the_menu_opens_each_page_in_the_same_session(page: Page):
    open_app(page, f"/Scenario_explorer?{SEVERE_BACK}")
    sidebar(page).get_by_role("link", name="Timelines").click()
    expect(page).to_have_url(re.compile(r"/Timelines\?"))
    wait_for_app(page)
    expect(main(page).get_by_role("heading", name="Due or reached by week 4")).to_be_visible()
    assert query(page)["site"] == ["back"]  # the scenario came along: same session, no reload
    sidebar(page).get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", name="Eczema Ladder")).to_be_visible()
    no_exception(page)


def test_red_flag_banner_sits_above_the_next_step(page: Page):
    open_app(page, "/Scenario_explorer?signs=eczema_herpeticum")
    banner = main(page).get_by_test_id("stAlert").filter(has_text="RED FLAG")
    heading = main(page).get_by_role("heading", name=re.compile("Next step"))
    expect(banner.first).to_be_visible()
    expect(heading).to_be_visible()
    banner_box, heading_box = banner.first.bounding_box(), heading.bounding_box()
    assert banner_box and heading_box
    assert banner_box["y"] + banner_box["height"] <= heading_box["y"], (banner_box, heading_box)
    no_exception(page)


def test_loading_a_teaching_case(page: Page):
    open_app(page, "/Scenario_explorer")
    case = "An adult's back, failing betamethasone valerate"
    main(page).get_by_text("Teaching cases", exact=True).click()  # the expander below the controls
    wait_for_app(page)  # its contents are drawn by the rerun the click starts
    picker = main(page).get_by_test_id("stSelectbox").filter(has_text="Teaching case")
    combo = picker.get_by_role("combobox")
    # chosen by keyboard, as a screen-reader user would: nothing to click while the list is still moving
    combo.fill(case)
    expect(page.get_by_role("option", name=case, exact=True)).to_be_attached()
    combo.press("ArrowDown")
    combo.press("Enter")
    expect(combo).to_have_value(case)
    wait_for_app(page)
    main(page).get_by_role("button", name="Load this case").click()
    expect(main(page).get_by_text(f"Case: {case}.")).to_be_visible()
    expect(main(page).get_by_role("heading", name=re.compile("Next step: Phototherapy"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]site=back(&|$)"))
    no_exception(page)


def test_severity_slider_by_keyboard_changes_band_and_url(page: Page):
    open_app(page, "/Scenario_explorer")
    slider = main(page).get_by_role("slider", name="Severity (SCORAD 0-103)")
    band = main(page).get_by_text(re.compile(r"^Band: "))
    expect(band).to_contain_text("moderate")  # the default scenario, SCORAD 30

    slider.focus()
    slider.press("Home")
    expect(band).to_contain_text("mild")
    expect(page).to_have_url(re.compile(r"[?&]scorad=0(&|$)"))

    slider.press("End")
    expect(band).to_contain_text("severe")
    expect(page).to_have_url(re.compile(r"[?&]scorad=103(&|$)"))

    slider.press("ArrowLeft")  # one step of 0.1
    expect(page).to_have_url(re.compile(r"[?&]scorad=102\.9(&|$)"))
    expect(band).to_contain_text("severe")
    no_exception(page)


def test_invalid_link_settings_are_named_not_crashed(page: Page):
    open_app(page, "/Scenario_explorer?scorad=500&site=elbow")
    notices = main(page).get_by_test_id("stAlert")
    expect(notices.filter(has_text=re.compile(r"The link's .scorad. is .500., but it must be")).first).to_be_visible()
    expect(notices.filter(has_text=re.compile(r"The link's .site. is .elbow., but it must be")).first).to_be_visible()
    # The rest of the page still works, on the default values.
    expect(main(page).get_by_role("heading", name=re.compile("Next step"))).to_be_visible()
    no_exception(page)


def test_handout_download(page: Page):
    open_app(page, f"/Scenario_explorer?{SEVERE_BACK}")
    expect(main(page).get_by_role("heading", name=re.compile("Next step: Phototherapy"))).to_be_visible()
    open_expander(page, SHARE_EXPANDER)
    with page.expect_download() as info:
        main(page).get_by_role("button", name=re.compile(r"Download handout \(HTML, printable\)")).click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    assert "phototherapy" in download.suggested_filename
    html = Path(download.path()).read_text(encoding="utf-8")
    assert "For education only" in html
    assert "Phototherapy" in html
    assert html.lstrip().lower().startswith("<!doctype html")


def test_walkthrough_deep_link_and_next(page: Page):
    open_app(page, "/Walkthrough?step=wet_wrap")
    expect(main(page).get_by_role("heading", name="Add wet-wrap therapy", exact=False)).to_be_visible()
    main(page).get_by_role("button", name="Next ▶").click()
    expect(main(page).get_by_role("heading", name="Add a topical calcineurin inhibitor")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]step=calcineurin_inhibitors(&|$)"))
    no_exception(page)
