"""A live class poll in real browsers: a presenter at 1920x1080 and two phones at 390x844 that join
by the link on the projector, answer, and see the revealed result without reloading; then the deck
downloaded from presenter mode opens in python-pptx with the poll's join slide.

The app runs on its own empty SQLite database (DATABASE_URL), so no poll of another test is seen.
"""

from __future__ import annotations

import re

import pytest
from playwright_support import app_on_own_database, expect  # skips, or fails in CI, without Playwright

from pathway.clinical.content import load_content
from pathway.present.charts.poll import choice_letters
from pathway.present.slides import build_slides
from tools import browser as tb
from tools.browser import APP_TIMEOUT_MS, PHONE, wait_for_app

pytestmark = pytest.mark.e2e
WIDE = {"width": 1920, "height": 1080}
SLIDE = next(s for s in build_slides(load_content()) if s.kind == "question")
QUESTION = SLIDE.question
LETTER = choice_letters(QUESTION)
RIGHT = QUESTION["answer"]
WRONG = next(c["id"] for c in QUESTION["choices"] if c["id"] != RIGHT)


@pytest.fixture(scope="module")
def poll_app(tmp_path_factory):
    """The app on a fresh database of its own (the server inherits DATABASE_URL when it starts)."""
    with app_on_own_database(tmp_path_factory.mktemp("poll_db"), "polls.sqlite3") as (base_url, _):
        yield base_url


def new_page(browser, base_url, viewport, **options):
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    context.set_default_timeout(APP_TIMEOUT_MS)
    return context, context.new_page()


def answer_button(page, choice_id: str):
    return page.get_by_role("button", name=re.compile(rf"^{LETTER[choice_id]}\. "))


def test_two_phones_answer_and_see_the_reveal_and_the_deck_opens(browser, poll_app, tmp_path):
    contexts = []
    try:
        context, presenter = new_page(browser, poll_app, WIDE, accept_downloads=True)
        contexts.append(context)
        presenter.goto(f"/Presenter?slide={SLIDE.id}")
        wait_for_app(presenter)
        presenter.get_by_role("button", name="Start live poll").click()
        wait_for_app(presenter)
        link = presenter.locator(".st-key-join_link a")
        expect(link).to_have_attribute("href", re.compile(r"/Join_poll\?code=[A-Z2-9]{6}$"))
        join = link.get_attribute("href")
        code = join.rsplit("=", 1)[1]
        expect(presenter.locator(".st-key-join_code")).to_have_text(f"{code[:3]}-{code[3:]}")
        qr = presenter.get_by_role("img", name=re.compile("QR code of the join link"))
        expect(qr).to_be_visible()
        assert qr.bounding_box()["width"] >= 300  # scannable from the back of a room

        phones = []
        for choice in (RIGHT, WRONG):
            context, phone = new_page(browser, poll_app, PHONE, is_mobile=True, has_touch=True)
            contexts.append(context)
            phone.goto(join)
            wait_for_app(phone)
            expect(phone.get_by_text("Waiting for the presenter to reveal the answer.")).to_be_visible()
            assert re.search(r"[?&]voter=[A-Za-z0-9_-]{16,}", phone.url), phone.url  # kept for a reload
            answer_button(phone, choice).tap()
            expect(phone.get_by_text(re.compile(rf"Your answer, {LETTER[choice]}\. .* is in\."))).to_be_visible()
            phones.append(phone)

        # the presenter's count updates by itself (no click, no reload)
        expect(presenter.locator(".st-key-live_count")).to_have_text("2 answers")
        presenter.get_by_role("button", name="Reveal the answer").click()
        heading = f"1 of 2 answers (50%) chose the correct answer, {LETTER[RIGHT]}"
        expect(presenter.get_by_test_id("stVegaLiteChart")).to_have_count(1)
        tb.wait_for_charts(presenter)
        for phone in phones:  # revealed on the phones by their own refresh
            expect(phone.get_by_text(heading, exact=False).first).to_be_visible()
            expect(phone.get_by_text(re.compile(rf"Correct answer: {LETTER[RIGHT]}\. "))).to_be_visible()
        expect(phones[0].get_by_text(re.compile("is correct"))).to_be_visible()
        assert phones[0].evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        presenter.get_by_role("button", name="Prepare the deck (PowerPoint)").click()
        deck_button = presenter.get_by_role("button", name="Download the deck (PowerPoint)")
        expect(deck_button).to_be_visible(timeout=180_000)
        with presenter.expect_download(timeout=60_000) as download:
            deck_button.click()
        path = tmp_path / "deck.pptx"
        download.value.save_as(path)
    finally:
        for context in contexts:
            context.close()

    from pptx import Presentation

    deck = Presentation(str(path))
    texts = [" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame) for slide in deck.slides]
    assert len(deck.slides) >= 10
    join_slides = [t for t in texts if join in t]
    assert join_slides, "no slide shows this poll's join link"
    assert any(shape.shape_type == 13 for slide in deck.slides for shape in slide.shapes)  # the QR picture
