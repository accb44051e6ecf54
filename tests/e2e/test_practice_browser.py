"""A practice question in real Chromium: a linked case, a nickname, an answer, the feedback, and the
saved answer (in the app's own database, a temporary file for this test module); the share link and its
copy hold no private key, the private link is offered apart; "Practise <topic>" from My progress keeps the
topic over several questions; signing out takes the key out of the address."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from playwright_support import Page, app_on_own_database, expect  # skips, or fails in CI, without Playwright

from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.learn.practice import answer_letter
from pathway.learn.topics import topic_label
from pathway.store.db import make_engine
from pathway.store.progress import create_learner, history, learner_for_key, record_answer
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
    key = main.get_by_test_id("stCode").first.inner_text().strip()  # the key, then the private link
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


@pytest.fixture
def touch_page(browser, practice_app):
    """A phone with a touch screen whose clipboard the test may read."""
    base_url, _ = practice_app
    context = browser.new_context(viewport=tb.PHONE, has_touch=True, is_mobile=True, base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    context.set_default_timeout(tb.APP_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _weak_in_red_flags(database_url: str) -> str:
    """A learner who missed a red-flags question twice: My progress offers to practise that topic."""
    engine = make_engine(database_url)
    learner, key = create_learner(engine, "Weak Spot")
    item = next(question_json(q) for q in load_bank() if q.topic == "red_flags")
    wrong = next(c["id"] for c in item["choices"] if c["id"] != item["answer"])
    for n, correct in enumerate([False, False, True]):
        record_answer(
            engine,
            learner.id,
            attempt_id=str(uuid.uuid4()),
            item_id=item["id"],
            item_kind="question",
            topic="red_flags",
            stage=item["stage"],
            choice_id=item["answer"] if correct else wrong,
            correct=correct,
            confidence="sure",
            mode="tutor",
            seconds=5.0,
            answered_at=datetime.now(UTC) - timedelta(hours=3 - n),
        )
    return key


def test_the_share_link_and_its_copy_hold_no_key_and_the_private_link_is_apart(touch_page: Page, practice_app):
    page, (_, database_url) = touch_page, practice_app
    _learner, key = create_learner(make_engine(database_url), "Share Ana")
    page.goto(f"/Practice?key={key}&seed={SEED}")
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Signed in as", exact=False)).to_be_visible()
    expect(main.get_by_text("this page's address opens", exact=False)).to_have_count(0)
    tb.open_expander(page, "Share this case")
    share = main.get_by_test_id("stExpander").filter(has_text="Share this case")
    shown = share.get_by_test_id("stCode").inner_text().strip()
    assert shown.startswith("http") and shown.endswith(f"/Practice?seed={SEED}") and key not in shown
    frame = page.frame_locator('iframe[title="Copy the share link"]')
    frame.get_by_role("button", name="Copy link").tap()
    expect(frame.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == shown
    # the private link is offered on its own, labelled private
    tb.open_expander(page, "Your private link")
    private = main.get_by_test_id("stExpander").filter(has_text="Your private link")
    expect(private.get_by_text("anyone with it can see and change your progress", exact=False)).to_be_visible()
    assert key in private.get_by_test_id("stCode").inner_text()
    every_link = [a.get_attribute("href") or "" for a in page.locator("a").all()]
    assert not [href for href in every_link if key in href], "no link on the page holds the key"


def test_practise_a_weak_topic_keeps_the_filter_and_sign_out_clears_the_key(practice_page: Page, practice_app):
    page, (_, database_url) = practice_page, practice_app
    key = _weak_in_red_flags(database_url)
    label = topic_label("red_flags")
    page.goto(f"/Progress?key={key}")
    tb.wait_for_app(page)
    main = page.get_by_test_id("stMain")
    link = main.get_by_role("link", name=f"Practise {label.lower()}")
    assert key not in (link.get_attribute("href") or "")
    link.click()
    tb.wait_for_app(page)
    expect(main.get_by_role("heading", name="Practice questions")).to_be_visible()
    stems: set[str] = set()
    for _ in range(3):
        expect(main.get_by_text(f"topic: {label}", exact=False)).to_be_visible()
        expect(main.get_by_role("combobox", name="Topic")).to_have_value(label)
        assert parse_qs(urlparse(page.url).query)["topic"] == ["red_flags"]
        stems.add(parse_qs(urlparse(page.url).query)["item"][0])
        radios = main.get_by_test_id("stRadio")
        radios.nth(0).get_by_text(re.compile(r"^A\. ")).click()
        radios.nth(1).get_by_text("A guess", exact=True).click()
        main.get_by_role("button", name="Check my answer").click()
        tb.wait_for_app(page)
        main.get_by_role("button", name="Next question").first.click()
        tb.wait_for_app(page)
    expect(main.get_by_text(f"topic: {label}", exact=False)).to_be_visible()
    assert len(stems) == 3, "a new question each time, all of the topic"  # (the address names each one)
    assert parse_qs(urlparse(page.url).query)["key"] == [key], "signed in, the address keeps the key"
    main.get_by_role("button", name="Sign out on this device").click()
    tb.wait_for_app(page)
    expect(main.get_by_text("Signed out on this device", exact=False)).to_be_visible()
    assert "key" not in parse_qs(urlparse(page.url).query), "the key is gone from the address"
    page.reload()
    tb.wait_for_app(page)
    expect(main.get_by_text("Signed in as", exact=False)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
