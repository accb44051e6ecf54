"""A practice question in real Chromium: a linked case, a nickname, an answer, the feedback, and the
saved answer (in the app's own database, a temporary file for this test module)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright_support import Page, app_on_own_database, expect  # skips, or fails in CI, without Playwright

from pathway.learn.cases import generate_case
from pathway.learn.practice import answer_letter
from pathway.store.db import make_engine
from pathway.store.progress import history, learner_for_key
from tools import browser as tb

pytestmark = pytest.mark.e2e
SEED = 4242


@pytest.fixture(scope="module")
def practice_app(tmp_path_factory):
    """The app on its own server, saving into a temporary database (never data/)."""
    with app_on_own_database(tmp_path_factory.mktemp("practice")) as app_and_database:
        yield app_and_database


@pytest.fixture
def practice_page(browser, practice_app):
    base_url, _ = practice_app
    with tb.fresh_page(browser, base_url) as page:
        yield page


def test_a_linked_case_answered_by_a_new_learner_shows_feedback_and_is_saved(practice_page: Page, practice_app):
    page, (_, database_url) = practice_page, practice_app
    case = generate_case(SEED)
    page.goto(f"/Practice?seed={SEED}")
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(case["stem"][:60], exact=False)).to_be_visible()

    main.get_by_test_id("stExpander").get_by_text("Keep your progress", exact=False).click()
    main.get_by_label("Nickname", exact=False).fill("E2E Ana")
    main.get_by_role("button", name="Start saving my progress").click()
    tb.wait_for_app(page)
    key = main.get_by_test_id("stCode").inner_text().strip()
    assert parse_qs(urlparse(page.url).query)["key"] == [key], "the private key is in the page's address"
    assert parse_qs(urlparse(page.url).query)["seed"] == [str(SEED)]

    best = next(c for c in case["choices"] if c["id"] == case["answer"])
    radios = main.get_by_test_id("stRadio")
    radios.nth(0).get_by_text(f"{answer_letter(case)}. {best['text']}", exact=True).click()
    radios.nth(1).get_by_text("Sure", exact=True).click()
    main.get_by_role("button", name="Check my answer").click()
    tb.wait_for_app(page)

    expect(main.get_by_text("Correct:", exact=False)).to_be_visible()
    for choice in case["choices"]:
        expect(main.get_by_text(choice["explanation"][:50], exact=False).first).to_be_visible()
    expect(main.get_by_text("100% of answers chose", exact=False)).to_be_visible()
    main.get_by_text(f"Sources ({len(case['sources'])})", exact=True).click()
    expect(main.get_by_text("000·1: ", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)

    engine = make_engine(database_url)
    learner = learner_for_key(engine, key)
    assert learner is not None and learner.nickname == "E2E Ana"
    [attempt] = history(engine, learner.id)
    assert (attempt.item_id, attempt.choice_id, attempt.correct, attempt.confidence) == (
        f"case-{SEED}",
        case["answer"],
        True,
        "sure",
    )
