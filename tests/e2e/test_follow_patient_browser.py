"""Follow a patient in real Chromium, at desktop (1280x800) and phone (390x844, touch) size: opened by link,
a wrong move first (its feedback, the patient seen again as before), then the ladder's step at
every visit with tutor feedback, the debrief; a reload keeps the path; no
sideways scrolling on a phone; axe finds no serious or critical WCAG violation at the first visit, at the
feedback and at the debrief. Screenshots go to /tmp/course_shots/ to be looked at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright_support import expect  # skips, or fails in CI, without Playwright
from test_accessibility import assert_accessible

from pathway.learn.course import follow_patient
from tools import browser as tb

pytestmark = pytest.mark.e2e
SEED = 9
COURSE = follow_patient(SEED)
SHOTS = Path("/tmp/course_shots")
SCREENS = {"desktop": tb.DESKTOP, "phone": tb.PHONE}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, app_url):
    phone = request.param == "phone"
    context = browser.new_context(viewport=SCREENS[request.param], base_url=app_url, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(tb.APP_TIMEOUT_MS)
    page = context.new_page()
    page.screen_name = request.param
    try:
        yield page
    finally:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{page.screen_name}_{name}.png"), full_page=True)


def test_a_patient_followed_to_the_debrief_in_the_browser(screen):
    page = screen
    page.goto(f"/Follow_a_patient?patient={SEED}")
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Visit 1 · week 0", exact=True)).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the page scrolls sideways"
    assert_accessible(page, f"the first visit at {page.screen_name} width")
    shot(page, "1_first_visit")

    wrong = next(c for c in COURSE.visits[0].choices if c.kind == "move")
    main.get_by_test_id("stRadio").get_by_text(f"{wrong.letter.upper()}. {wrong.text}", exact=True).click()
    main.get_by_role("button", name="Choose").click()
    tb.wait_for_app(page)
    expect(main.get_by_text("Not the ladder's step.", exact=False)).to_be_visible()
    expect(main.get_by_text(wrong.follows[0].text, exact=False).first).to_be_visible()
    assert_accessible(page, f"feedback on a wrong choice at {page.screen_name} width")
    shot(page, "2_wrong_feedback")
    main.get_by_role("button", name="Go to the next visit").click()
    tb.wait_for_app(page)
    expect(main.get_by_text("Seen again: nothing the sources vouch for", exact=False)).to_be_visible()
    shot(page, "3_seen_again")

    for n, visit in enumerate(COURSE.visits, start=1):
        right = visit.right
        main.get_by_test_id("stRadio").get_by_text(f"{right.letter.upper()}. {right.text}", exact=True).click()
        main.get_by_role("button", name="Choose").click()
        tb.wait_for_app(page)
        expect(main.get_by_text("Right:", exact=False).first).to_be_visible()
        if n == 2:
            assert page.evaluate(NO_SIDEWAYS_SCROLL)
            assert_accessible(page, f"tutor feedback at {page.screen_name} width")
            shot(page, "4_feedback")
        button = "See the debrief" if n == len(COURSE.visits) else "Go to the next visit"
        main.get_by_role("button", name=button).click()
        tb.wait_for_app(page)

    expect(main.get_by_text("Debrief", exact=True)).to_be_visible()
    expect(main.get_by_text(f"{len(COURSE.visits)} of {len(COURSE.visits) + 1}", exact=False)).to_be_visible()
    expect(main.get_by_text(wrong.pitfalls[0].text, exact=False).first).to_be_visible()
    path = ",".join([wrong.letter] + [v.right.letter for v in COURSE.visits])
    assert parse_qs(urlparse(page.url).query)["path"] == [path]
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page, f"the debrief at {page.screen_name} width")
    shot(page, "5_debrief")

    page.reload()  # the path is in the address: the course resumes where it was
    tb.wait_for_app(page)
    main.get_by_role("button", name="See the debrief").click()
    tb.wait_for_app(page)
    expect(main.get_by_text("Debrief", exact=True)).to_be_visible()
    assert parse_qs(urlparse(page.url).query)["path"] == [path]
    expect(page.get_by_test_id("stException")).to_have_count(0)
