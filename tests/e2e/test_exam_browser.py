"""A short exam in real Chromium: set up, answer with nothing revealed, flag, finish (after a confirmation
that counts what is unanswered and flagged, by keyboard and by touch), see the score; a signed-in learner's
exam survives a reload and opens in a second browser with the private link, the clock still running; and
the question bank downloaded from My progress (its files are built only when the button is clicked)."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright_support import Page, app_on_own_database, expect  # skips, or fails in CI, without Playwright

from pathway.learn.bank import load_bank
from pathway.store.db import make_engine
from pathway.store.exams import current_exam
from pathway.store.progress import create_learner, history
from tools import browser as tb

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def exam_server(tmp_path_factory):
    """The app on its own server with a temporary database (never data/): its URL and the database's."""
    with app_on_own_database(tmp_path_factory.mktemp("exam")) as app_and_database:
        yield app_and_database


@pytest.fixture(scope="module")
def exam_app(exam_server):
    return exam_server[0]


@pytest.fixture(params=[tb.DESKTOP, tb.PHONE], ids=["desktop", "phone"])
def exam_page(browser, exam_app, request):
    with tb.fresh_page(browser, exam_app, request.param, accept_downloads=True) as page:
        yield page


def _start(page: Page, size: int, path: str = "/Exam") -> None:
    page.goto(path)
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    field = main.get_by_label("Number of questions")
    field.fill(str(size))
    field.press("Enter")
    tb.wait_for_app(page)
    main.get_by_role("button", name="Start the exam").click()
    tb.wait_for_app(page)
    expect(main.get_by_role("heading", name=f"Question 1 of {size}")).to_be_visible()


def _choose(page: Page, letter: str) -> None:
    page.get_by_test_id("stMain").get_by_test_id("stRadio").get_by_text(re.compile(rf"^{letter}\. ")).click()
    tb.wait_for_app(page)


def _clock(page: Page) -> int:
    """Seconds left, as the clock shows them."""
    line = page.get_by_test_id("stMain").get_by_text(re.compile(r"\d+:\d\d left of")).inner_text()
    found = re.search(r"(\d+):(\d\d) left", line)
    assert found is not None, line
    return int(found[1]) * 60 + int(found[2])


def test_a_two_question_exam_is_finished_and_scored(exam_page: Page):
    page = exam_page
    page.goto("/Exam")
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    size = main.get_by_label("Number of questions")
    size.fill("2")
    size.press("Enter")
    tb.wait_for_app(page)
    expect(main.get_by_text("Time limit: 3:00", exact=False)).to_be_visible()
    main.get_by_role("button", name="Start the exam").click()
    tb.wait_for_app(page)

    expect(main.get_by_role("heading", name="Question 1 of 2")).to_be_visible()
    expect(main.get_by_text(re.compile(r"\d:\d\d left of 3:00"))).to_be_visible()  # the clock runs
    main.get_by_test_id("stRadio").get_by_text(re.compile(r"^A\. ")).click()
    tb.wait_for_app(page)
    main.get_by_text("Flag to revisit before finishing").click()
    tb.wait_for_app(page)
    expect(main.get_by_text("right answer")).to_have_count(0)  # nothing revealed while sitting
    main.get_by_role("button", name="Next").click()
    tb.wait_for_app(page)
    expect(main.get_by_role("heading", name="Question 2 of 2")).to_be_visible()
    main.get_by_test_id("stRadio").get_by_text(re.compile(r"^B\. ")).click()
    tb.wait_for_app(page)
    expect(main.get_by_text("2 of 2 answered · flagged: 1")).to_be_visible()
    main.get_by_role("button", name="Finish and see my score").click()
    tb.wait_for_app(page)
    expect(main.get_by_text("1 flagged. Finish anyway?")).to_be_visible()
    main.get_by_role("button", name="Finish", exact=True).click()
    tb.wait_for_app(page)

    expect(main.get_by_role("heading", name="Your score")).to_be_visible()
    score = main.get_by_test_id("stMetricValue").inner_text()
    assert re.fullmatch(r"[0-2] of 2 right", score.strip()), score
    expect(main.get_by_role("heading", name="Flagged to revisit")).to_be_visible()
    expanders = main.get_by_test_id("stExpander").filter(has_text=re.compile(r"Question \d · "))
    expect(expanders).to_have_count(2)
    expanders.first.click()
    expect(main.get_by_text("your answer").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_question_bank_downloads_from_my_progress(exam_page: Page):
    page = exam_page
    page.goto("/Progress")
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Pick a nickname above", exact=False)).to_be_visible()
    with page.expect_download() as moodle:
        main.get_by_role("button", name="Moodle XML").click()
    xml = Path(moodle.value.path()).read_text(encoding="utf-8")
    assert moodle.value.suggested_filename == "eczema-ladder-questions.xml"
    assert xml.startswith("<?xml") and xml.count('<question type="multichoice"') == len(load_bank())
    with page.expect_download() as anki:
        main.get_by_role("button", name="Anki deck (.apkg)").click()
    with zipfile.ZipFile(anki.value.path()) as package:
        assert "collection.anki2" in package.namelist()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_finishing_with_questions_left_asks_first_by_keyboard(exam_page: Page):
    page = exam_page
    _start(page, 3)
    main = page.get_by_test_id("stMain")
    _choose(page, "A")
    main.get_by_text("Flag to revisit before finishing").click()
    tb.wait_for_app(page)
    finish = main.get_by_role("button", name="Finish and see my score")
    finish.focus()
    page.keyboard.press("Enter")
    tb.wait_for_app(page)
    expect(main.get_by_text("2 unanswered and 1 flagged. Finish anyway?", exact=False)).to_be_visible()
    expect(main.get_by_role("heading", name="Your score")).to_have_count(0)
    main.get_by_role("button", name="Go back").focus()
    page.keyboard.press("Enter")
    tb.wait_for_app(page)
    expect(main.get_by_text("Finish anyway?", exact=False)).to_have_count(0)
    expect(main.get_by_role("heading", name="Question 1 of 3")).to_be_visible()
    finish.focus()
    page.keyboard.press("Enter")
    tb.wait_for_app(page)
    main.get_by_role("button", name="Finish", exact=True).focus()
    page.keyboard.press("Enter")
    tb.wait_for_app(page)
    expect(main.get_by_role("heading", name="Your score")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_finishing_asks_first_by_touch(browser, exam_app):
    with tb.fresh_page(browser, exam_app, tb.PHONE, has_touch=True, is_mobile=True) as page:
        _start(page, 2)
        main = page.get_by_test_id("stMain")
        main.get_by_role("button", name="Finish and see my score").tap()
        tb.wait_for_app(page)
        expect(main.get_by_text("2 unanswered. Finish anyway?", exact=False)).to_be_visible()
        go_back = main.get_by_role("button", name="Go back")
        box = go_back.bounding_box()
        assert box is not None and box["height"] >= 40, "a thumb-sized button, not a tooltip"
        main.get_by_role("button", name="Finish", exact=True).tap()
        tb.wait_for_app(page)
        expect(main.get_by_role("heading", name="Your score")).to_be_visible()
        expect(main.get_by_test_id("stMetricValue")).to_have_text("0 of 2 right")


def test_a_reload_resumes_the_exam_and_a_second_browser_opens_it_with_the_key(browser, exam_server):
    base_url, database_url = exam_server
    engine = make_engine(database_url)
    learner, key = create_learner(engine, "Browser Ana")
    with tb.fresh_page(browser, base_url) as page:
        _start(page, 3, f"/Exam?key={key}")
        main = page.get_by_test_id("stMain")
        _choose(page, "B")
        main.get_by_text("Flag to revisit before finishing").click()
        tb.wait_for_app(page)
        main.get_by_role("button", name="Next").click()
        tb.wait_for_app(page)
        expect(main.get_by_role("heading", name="Question 2 of 3")).to_be_visible()
        assert parse_qs(urlparse(page.url).query)["key"] == [key], "the address keeps the key: a reload resumes"
        before = _clock(page)
        time.sleep(3)
        page.reload()
        tb.wait_for_app(page)
        expect(main.get_by_role("heading", name="Question 2 of 3")).to_be_visible()
        expect(main.get_by_text("1 of 3 answered · not answered: 2, 3 · flagged: 1")).to_be_visible()
        after = _clock(page)
        assert after <= before - 2, f"the clock kept running through the reload ({before} s, then {after} s)"
        assert after >= before - 30, "and was not reset or run down"
        main.get_by_role("button", name="Previous").click()
        tb.wait_for_app(page)
        expect(main.get_by_test_id("stRadio").get_by_role("radio", checked=True)).to_have_count(1)
        expect(main.get_by_role("checkbox", name="Flag to revisit before finishing")).to_be_checked()

    with tb.fresh_page(browser, base_url, tb.PHONE) as phone:  # another device, with the private link
        phone.goto(f"/Exam?key={key}")
        tb.wait_for_app(phone)
        main = phone.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name="Question 1 of 3")).to_be_visible()
        expect(main.get_by_text("1 of 3 answered · not answered: 2, 3 · flagged: 1")).to_be_visible()
        assert _clock(phone) <= after
        main.get_by_role("button", name="Next").click()
        tb.wait_for_app(phone)
        _choose(phone, "A")  # answered on the second device: saved at once
        main.get_by_role("button", name="Finish and see my score").click()
        tb.wait_for_app(phone)
        expect(main.get_by_text("1 unanswered and 1 flagged. Finish anyway?", exact=False)).to_be_visible()
        main.get_by_role("button", name="Finish", exact=True).click()
        tb.wait_for_app(phone)
        expect(main.get_by_role("heading", name="Your score")).to_be_visible()
        expect(phone.get_by_test_id("stException")).to_have_count(0)
    saved = current_exam(engine, learner.id)
    assert saved is not None and saved.ended_how == "finished" and len(saved.answers) == 2
    assert len(history(engine, learner.id)) == 3
