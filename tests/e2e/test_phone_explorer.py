"""The scenario explorer on a phone (390x844, touch), measured in real Chromium (issue 20, "phone first"):

- the severity slider and the one-line result are on the first screen, without scrolling;
- moving a control (dragging severity across its bands, the weeks, the site, each sign on and off, every
  setting under "More settings") moves no control on screen by more than 20 px;
- the menu is closed once a page has been chosen in it: the page's own "Menu" in any browser; Streamlit's
  sidebar in a phone's browser (Streamlit closes it by the user agent, so a narrowed desktop window keeps it);
- the first control is within 5 Tab presses of the page's load (Enter on a skip link counts as no Tab);
- and it stays accessible (axe, as tests/e2e/test_accessibility.py checks every page).

Every wait is for the app's state (tools.browser.wait_for_app), never for an animation. Screenshots of
each state at 390x844 and 1280x800 go to $PHONE_SHOTS (a temporary folder when unset), to be looked at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright_support import Page, expect  # skips, or fails in CI, without Playwright
from test_accessibility import assert_accessible

from tools import browser as tb

pytestmark = pytest.mark.e2e

EXPLORER = "/Scenario_explorer"
FAIR_MILD = f"{EXPLORER}?scorad=20&potency=medium&apd=2&weeks=3&adherent=1"  # a fair trial: the ladder can move
MAX_MOVE_PX = 20
MAX_TABS = 5
# A phone's own browser: Streamlit closes its sidebar menu after a choice where the user agent says "mobile".
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
SIGNS = (
    "Bacterial infection",
    "Eczema herpeticum",
    "Recurrent skin infections",
    "Suspected contact dermatitis",
    "Atypical or adult-onset presentation",
    "Erythroderma",
    "Infection not settling on treatment",
)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("PHONE_SHOTS") or tmp_path_factory.mktemp("phone_shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def new_page(browser, app_url: str, viewport: dict, **options) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, base_url=app_url, **options)
    context.set_default_timeout(tb.APP_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser, app_url) -> Iterator[Page]:
    with new_page(browser, app_url, tb.PHONE, is_mobile=True, has_touch=True) as page:
        yield page


@pytest.fixture
def laptop(browser, app_url) -> Iterator[Page]:
    with new_page(browser, app_url, tb.DESKTOP) as page:
        yield page


def opened(page: Page, path: str) -> Page:
    page.goto(path)
    tb.wait_for_app(page)
    return page


def main(page: Page):
    return page.get_by_test_id("stMain")


def live(page: Page):
    return page.locator(".st-key-live_result")


def slider(page: Page, label: str):
    return main(page).get_by_test_id("stSlider").filter(has_text=label)


def severity(page: Page):
    return slider(page, "Severity (SCORAD 0-103)")


# Every control of the explorer, by what a user reads; those under "More settings" are measured once it is open.
CONTROLS: dict[str, Callable] = {
    "severity": severity,
    "weeks": lambda p: slider(p, "Weeks on the current regimen"),
    "site": lambda p: main(p).get_by_test_id("stSelectbox").filter(has_text="Site"),
    "signs": lambda p: main(p).get_by_test_id("stMultiSelect").filter(has_text="Signs"),
    "more settings": lambda p: main(p).get_by_test_id("stExpander").filter(has_text="More settings").locator("summary"),
    "age in": lambda p: main(p).get_by_test_id("stRadio").filter(has_text="Age in"),
    "age": lambda p: main(p).get_by_test_id("stNumberInput").filter(has=p.get_by_label("Age", exact=True)),
    "weight": lambda p: main(p).get_by_test_id("stNumberInput").filter(has_text="Weight"),
    "steroid": lambda p: main(p).get_by_test_id("stSelectbox").filter(has_text="Steroid in use"),
    "applications": lambda p: slider(p, "Applications per day"),
    "adherence": lambda p: main(p).get_by_test_id("stCheckbox").filter(has_text="Adherence and quantity"),
    "tried": lambda p: main(p).get_by_test_id("stMultiSelect").filter(has_text="Already tried"),
    "impact": lambda p: main(p).get_by_test_id("stCheckbox").filter(has_text="Significant impact"),
    "phototherapy": lambda p: main(p).get_by_test_id("stCheckbox").filter(has_text="Phototherapy within reach"),
    "immunocompromised": lambda p: main(p).get_by_test_id("stCheckbox").filter(has_text="Immunocompromised"),
    "controlled": lambda p: main(p).get_by_test_id("stCheckbox").filter(has_text="Disease now controlled"),
}


def positions(page: Page) -> dict[str, float]:
    """Where each control drawn now is on the screen (its top, in CSS px from the top of the viewport)."""
    found = {}
    for name, locate in CONTROLS.items():
        control = locate(page)
        if control.count():
            box = control.first.bounding_box()
            if box is not None:
                found[name] = box["y"]
    return found


class Moves:
    """Records how far every control moved on screen with each action, and fails naming the worst."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.before = positions(page)
        self.worst: dict[str, tuple[float, str]] = {}  # control -> (largest move, the action that made it)

    def act(self, control, action: str, do: Callable[[], object]) -> None:
        """Bring ``control`` into sight, then do ``action`` to it and record how far every control moved."""
        to_middle(control)
        self.before = positions(self.page)
        do()
        self.after(action)

    def after(self, action: str) -> None:
        # the move worked: no exception, no error box from the app's error handler (ui/errors.py)
        expect(self.page.get_by_test_id("stException")).to_have_count(0)
        expect(main(self.page).get_by_text("Something went wrong")).to_have_count(0)
        now = positions(self.page)
        for name, y in now.items():
            if name in self.before:
                moved = abs(y - self.before[name])
                if moved >= self.worst.get(name, (-1.0, ""))[0]:
                    self.worst[name] = (moved, action)
        self.before = now

    def check(self) -> None:
        print("largest move of each control (px, action):", {n: (round(m, 1), a) for n, (m, a) in self.worst.items()})
        too_far = {name: move for name, move in self.worst.items() if move[0] > MAX_MOVE_PX}
        assert not too_far, f"controls moved more than {MAX_MOVE_PX} px on screen: {too_far}"


def touch_drag(page: Page, control, value: float, top: float) -> float:
    """Drag a slider's thumb with a finger (touch events, as a phone sends them) to about ``value`` on a
    0-``top`` scale; returns the finger's height on the screen, where it was lifted."""
    thumb = control.locator('div:has(> [data-testid="stSliderThumbValue"])').first
    track = control.locator("[data-baseweb], [data-rac]").first.bounding_box()
    start = thumb.bounding_box()
    x0, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1 = track["x"] + track["width"] * value / top
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
        for step in range(1, 9):
            x = x0 + (x1 - x0) * step / 8
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()
    tb.wait_for_app(page)
    return y


def to_middle(control) -> None:
    """Bring a control into sight as a user would before touching it: where it is already on the screen
    (clear of the header and the result line above), it stays; otherwise it is scrolled to the middle."""
    box = control.first.bounding_box()
    page_height = control.page.viewport_size["height"]
    if box is None or box["y"] < 130 or box["y"] + box["height"] > page_height - 20:
        control.first.evaluate("element => element.scrollIntoView({block: 'center'})")


def thumb_centre(control) -> float:
    box = control.locator('div:has(> [data-testid="stSliderThumbValue"])').first.bounding_box()
    return box["y"] + box["height"] / 2


def choose(page: Page, control, text: str) -> None:
    """Pick an option of a select box or multiselect by typing it, as a user with a keyboard does."""
    control.locator("input").click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    tb.wait_for_app(page)
    page.keyboard.press("Escape")  # close a multiselect's list
    tb.wait_for_app(page)


# -- 1. the slider and the result on the first screen ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [EXPLORER, FAIR_MILD, f"{EXPLORER}?signs=eczema_herpeticum&weeks=3"],
    ids=["first-use", "fair-trial", "red-flag"],
)
def test_the_slider_and_the_one_line_result_are_on_the_first_screen(phone, shots, path, request):
    opened(phone, path)
    box = severity(phone).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= tb.PHONE["height"], box
    line = live(phone)
    expect(line).to_contain_text("Next:")
    expect(line).to_be_in_viewport(ratio=1)
    # the line is the engine's next step: the same words as the full result's heading further down
    heading = main(phone).get_by_role("heading", name=re.compile("Next step:")).first.inner_text()
    assert heading.split("Next step:", 1)[1].strip() in line.inner_text()
    phone.screenshot(path=str(shots / f"phone_first_screen_{request.node.callspec.id}.png"))


def test_on_a_laptop_the_controls_and_the_result_are_on_the_first_screen_too(laptop, shots):
    opened(laptop, EXPLORER)
    box = severity(laptop).bounding_box()
    assert box["y"] + box["height"] <= tb.DESKTOP["height"]
    expect(live(laptop)).to_be_in_viewport(ratio=1)
    expect(main(laptop).get_by_text("Start here.")).to_be_in_viewport()  # still in sight on a laptop
    expect(laptop.locator(".st-key-page_menu")).to_be_hidden()  # the sidebar is the menu here
    expect(laptop.get_by_test_id("stSidebarNav")).to_be_visible()
    laptop.screenshot(path=str(shots / "laptop_first_screen.png"))
    opened(laptop, f"{FAIR_MILD}&signs=bacterial_infection")
    laptop.screenshot(path=str(shots / "laptop_infection.png"))


# -- 2. moving a control never moves the controls --------------------------------------------------


def tap_label(control) -> Callable[[], None]:
    """A tap on a checkbox's or radio option's label (its input is drawn under the label)."""

    def tap() -> None:
        control.locator("label").first.click()
        tb.wait_for_app(control.page)

    return tap


def test_dragging_severity_across_the_bands_keeps_every_control_under_the_finger(phone, shots):
    opened(phone, EXPLORER)  # the default scenario: the start-here box is shown and goes with the first move
    expect(main(phone).get_by_text("Start here.")).to_be_visible()
    moves = Moves(phone)
    fingers: list[float] = []  # where the finger was lifted, drag by drag
    for value, band in ((40, "moderate"), (60, "severe"), (15, "mild"), (30, "moderate"), (80, "severe")):
        moves.act(
            severity(phone),
            f"severity dragged to about {value} ({band})",
            lambda value=value: fingers.append(touch_drag(phone, severity(phone), value, 103)),
        )
        expect(live(phone)).to_contain_text(band)
        assert abs(thumb_centre(severity(phone)) - fingers[-1]) <= MAX_MOVE_PX, f"the thumb left the finger at {value}"
        phone.screenshot(path=str(shots / f"phone_drag_{value}_{band}.png"))
    expect(main(phone).get_by_text("Start here.")).to_have_count(0)
    moves.check()


def test_the_fair_trial_checklist_appearing_at_severe_moves_no_control(phone, shots):
    opened(phone, FAIR_MILD)
    moves = Moves(phone)
    moves.act(severity(phone), "mild to moderate", lambda: touch_drag(phone, severity(phone), 40, 103))
    expect(live(phone)).to_contain_text("wet-wrap")
    moves.act(severity(phone), "moderate to severe", lambda: touch_drag(phone, severity(phone), 70, 103))
    expect(live(phone)).to_contain_text("Check the steroid trial")  # medium potency is no fair trial when severe
    expect(main(phone).get_by_text("Is this a fair trial of the steroid?")).to_be_attached()
    moves.after("the checklist drawn")  # measured again once it is there
    phone.screenshot(path=str(shots / "phone_severe_checklist.png"))
    weeks = slider(phone, "Weeks on the current regimen")
    moves.act(weeks, "weeks past 4", lambda: touch_drag(phone, weeks, 6, 12))
    assert float(weeks.locator("input").input_value()) >= 4
    site = CONTROLS["site"](phone)
    moves.act(site, "site: face", lambda: choose(phone, site, "face"))
    expect(phone).to_have_url(re.compile(r"[?&]site=face"))  # the address follows the scenario
    moves.check()


def test_each_sign_on_and_off_moves_no_control(phone, shots):
    opened(phone, FAIR_MILD)
    moves = Moves(phone)
    signs = CONTROLS["signs"](phone)

    def take_off_the_last() -> None:
        signs.locator("input").click()
        phone.keyboard.press("Backspace")
        tb.wait_for_app(phone)
        phone.keyboard.press("Escape")
        tb.wait_for_app(phone)

    for sign in SIGNS:
        moves.act(signs, f"{sign} on", lambda sign=sign: choose(phone, signs, sign))
        expect(signs).to_contain_text(sign[:20])
        if sign == "Eczema herpeticum":
            expect(live(phone)).to_contain_text("herpeticum")
            phone.screenshot(path=str(shots / "phone_herpeticum.png"))
        moves.act(signs, f"{sign} off", take_off_the_last)
        expect(signs).not_to_contain_text(sign[:20])
    moves.check()


def test_every_setting_under_more_settings_moves_no_control(phone, shots):
    opened(phone, FAIR_MILD)
    CONTROLS["more settings"](phone).click()
    tb.wait_for_app(phone)
    expect(CONTROLS["controlled"](phone)).to_be_visible()
    moves = Moves(phone)
    for name in ("adherence", "impact", "phototherapy", "immunocompromised", "controlled"):
        box = CONTROLS[name](phone)
        moves.act(box, f"{name} changed", tap_label(box))
        if name == "controlled":
            expect(live(phone)).to_contain_text("maintenance")
            phone.screenshot(path=str(shots / "phone_more_settings_controlled.png"))
        moves.act(box, f"{name} back", tap_label(box))
    radio = CONTROLS["age in"](phone)
    moves.act(radio, "age in months", lambda: (radio.get_by_text("months").click(), tb.wait_for_app(phone)))
    expect(CONTROLS["age"](phone).locator("input")).not_to_have_value(re.compile(r"^$"))
    applications = CONTROLS["applications"](phone)
    moves.act(applications, "applications a day: 4", lambda: touch_drag(phone, applications, 4, 4))
    expect(applications.locator("input")).to_have_value("4")
    expect(main(phone).get_by_text("goes on 4 times a day", exact=False).first).to_be_attached()
    moves.check()


# -- 3. the menu closes once a page is chosen --------------------------------------------------------


def test_the_phone_menu_closes_after_choosing_a_page(phone, shots):
    opened(phone, EXPLORER)
    menu = phone.locator(".st-key-page_menu")
    expect(menu).to_be_in_viewport()
    expect(phone.get_by_test_id("stSidebar")).not_to_be_in_viewport()
    menu.get_by_role("button", name="Menu").click()
    tb.wait_for_app(phone)
    body = phone.get_by_test_id("stPopoverBody")
    expect(body.get_by_role("link", name="Evidence")).to_be_visible()
    assert_accessible(phone, "the phone menu, open")
    phone.screenshot(path=str(shots / "phone_menu_open.png"))
    body.get_by_role("link", name="Evidence").click()
    tb.wait_for_app(phone)
    expect(phone).to_have_url(re.compile(r"/Evidence$"))
    expect(main(phone).get_by_role("heading", name="Evidence").first).to_be_visible()
    expect(body).to_have_count(0)  # closed: nothing of it over the new page
    expect(phone.get_by_test_id("stSidebar")).not_to_be_in_viewport()
    phone.screenshot(path=str(shots / "phone_menu_after.png"))
    # and again from the new page: it opens, and closes on the next page
    menu.get_by_role("button", name="Menu").click()
    tb.wait_for_app(phone)
    body.get_by_role("link", name="Scenario explorer").click()
    tb.wait_for_app(phone)
    expect(severity(phone)).to_be_visible()
    expect(body).to_have_count(0)


def test_the_sidebar_menu_closes_after_choosing_a_page_in_a_phones_browser(browser, app_url, shots):
    with new_page(browser, app_url, tb.PHONE, is_mobile=True, has_touch=True, user_agent=PHONE_BROWSER) as page:
        opened(page, EXPLORER)
        page.get_by_test_id("stExpandSidebarButton").click()
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_role("link", name="Evidence")).to_be_in_viewport()
        # the open sidebar lies over the page's own menu button, not under it: its close button can be tapped
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click(trial=True, timeout=5_000)
        sidebar.get_by_role("link", name="Evidence").click()
        tb.wait_for_app(page)
        expect(page).to_have_url(re.compile(r"/Evidence$"))
        expect(sidebar).not_to_be_in_viewport()
        page.screenshot(path=str(shots / "phone_sidebar_after.png"))


# -- 4. the keyboard: the first control within 5 Tab presses -----------------------------------------


FOCUSED = """() => { const a = document.activeElement;
  return [a.tagName, a.getAttribute('type') || '', a.getAttribute('aria-label') || a.innerText.slice(0, 40)]; }"""


@pytest.mark.parametrize("viewport", [tb.PHONE, tb.DESKTOP], ids=["phone", "laptop"])
def test_the_first_control_is_within_five_tab_presses(browser, app_url, viewport):
    with new_page(browser, app_url, viewport) as page:
        opened(page, EXPLORER)
        path = []
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            tag, kind, name = page.evaluate(FOCUSED)
            path.append(name)
            if tag == "A" and name.startswith("Skip to"):
                page.keyboard.press("Enter")  # a skip link: Enter follows it (not a Tab press)
            if tag == "INPUT" and kind == "range":
                break
        assert (tag, kind, name) == ("INPUT", "range", "Severity (SCORAD 0-103)"), f"after {MAX_TABS} Tabs: {path}"
        # the focused slider works from the keyboard, and the result follows
        page.keyboard.press("End")
        tb.wait_for_app(page)
        expect(live(page)).to_contain_text("severe")


# -- accessibility of what changed -------------------------------------------------------------------


def test_the_explorer_stays_accessible_on_a_phone_and_a_laptop(phone, laptop):
    for page, where in ((phone, "phone"), (laptop, "laptop")):
        opened(page, FAIR_MILD)
        assert_accessible(page, f"the explorer at {where} size")
        opened(page, f"{EXPLORER}?signs=eczema_herpeticum,bacterial_infection&age=8&scorad=70")
        assert_accessible(page, f"the explorer with red flags at {where} size")
