"""A short exam in real Chromium: set up, answer with nothing revealed, flag, finish, see the score; and the
question bank downloaded from My progress (its files are built only when the button is clicked)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright_support import Page, app_on_own_database, expect  # skips, or fails in CI, without Playwright

from tools import browser as tb

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def exam_app(tmp_path_factory):
    """The app on its own server with a temporary database (never data/)."""
    with app_on_own_database(tmp_path_factory.mktemp("exam")) as (base_url, _):
        yield base_url


@pytest.fixture(params=[tb.DESKTOP, tb.PHONE], ids=["desktop", "phone"])
def exam_page(browser, exam_app, request):
    with tb.fresh_page(browser, exam_app, request.param, accept_downloads=True) as page:
        yield page


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
    assert xml.startswith("<?xml") and xml.count('<question type="multichoice"') == 80
    with page.expect_download() as anki:
        main.get_by_role("button", name="Anki deck (.apkg)").click()
    with zipfile.ZipFile(anki.value.path()) as package:
        assert "collection.anki2" in package.namelist()
    expect(page.get_by_test_id("stException")).to_have_count(0)
