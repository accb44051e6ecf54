"""A lecture room in real Chromium: the presenter view on a laptop, the projector at every common
projector size, three phones. Keys move the room; the projector and the phones follow by themselves;
every screen comes back where it was after a reload; no slide overflows any projector."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright_support import app_on_own_database, expect
from test_accessibility import assert_accessible

from pathway.clinical.engine import default_content
from pathway.store.db import make_engine
from pathway.store.rooms import go_to_slide, open_room, room_by_code
from tools.browser import APP_TIMEOUT_MS, PHONE, wait_for_app
from ui.room import lecture, room_slides

pytestmark = pytest.mark.e2e
PROJECTORS = [(1024, 768), (1280, 720), (1280, 800), (1366, 768), (1920, 1080), (3840, 2160)]
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def room_app(tmp_path_factory):
    with app_on_own_database(tmp_path_factory.mktemp("room")) as (base_url, database_url):
        yield base_url, make_engine(database_url)


def _context(browser, base_url: str, viewport: dict, **options):
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    context.set_default_timeout(APP_TIMEOUT_MS)
    return context


_FIT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const slide = document.querySelector('.st-key-projector');
  const h = window.innerHeight, w = window.innerWidth;
  const bottoms = [...slide.querySelectorAll('li, p, img, svg')].filter(e => e.getClientRects().length)
    .map(e => e.getBoundingClientRect().bottom);
  const texts = [...slide.querySelectorAll('li, p')]
    .filter(e => e.getClientRects().length && !e.closest('.st-key-projector_sources, .st-key-projector_join_link'))
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  const last = [...slide.querySelectorAll('.st-key-projector_choices li')].pop();
  const chart = slide.querySelector('.st-key-projector_chart img');
  return {
    scrolls: main.scrollHeight - main.clientHeight > 1 || main.scrollWidth - main.clientWidth > 1,
    lowest: Math.max(0, ...bottoms), height: h, width: w,
    smallest: texts.length ? Math.min(...texts) : null,
    lastChoice: last ? last.getBoundingClientRect().bottom : null,
    chartBottom: chart ? chart.getBoundingClientRect().bottom : null,
  };
}"""


def _shows(page, title: str) -> None:
    page.wait_for_function(
        "t => [...document.querySelectorAll('.st-key-projector h1')].some(h => h.innerText.trim() === t)",
        arg=title,
        timeout=APP_TIMEOUT_MS,
    )


def test_every_slide_fits_every_projector_with_text_of_at_least_3_5_percent(browser, room_app):
    base_url, engine = room_app
    slides = lecture(default_content())
    room, key = open_room(engine, room_slides(slides))
    context = _context(browser, base_url, {"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        page.goto(f"/Projector?room={room.code}")
        wait_for_app(page)
        problems = []
        for index, slide in enumerate(slides):
            go_to_slide(engine, room.poll_id, key, index, shown_points=len(slide.bullets))
            _shows(page, slide.title)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.st-key-projector img')].every(i => i.complete)"
            )
            for width, height in PROJECTORS:
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                fit = page.evaluate(_FIT)
                where = f"{slide.id} at {width}x{height}"
                if fit["scrolls"] or fit["lowest"] > height + 1:
                    problems.append(f"{where}: overflows (lowest element at {fit['lowest']:.0f} px)")
                if fit["lastChoice"] is not None and fit["lastChoice"] > height:
                    problems.append(f"{where}: the last choice ends below the screen")
                if fit["chartBottom"] is not None and fit["chartBottom"] > height:
                    problems.append(f"{where}: the chart ends below the screen")
                if fit["smallest"] is not None and fit["smallest"] < 0.035 * height - 0.5:
                    problems.append(f"{where}: text of {fit['smallest']:.1f} px, under 3.5% of {height}")
        assert not problems, "\n".join(problems[:20])
    finally:
        context.close()


def test_a_lecture_with_a_presenter_a_projector_and_three_phones(browser, room_app):
    base_url, engine = room_app
    laptop = _context(browser, base_url, LAPTOP)
    projector_context = _context(browser, base_url, {"width": 1280, "height": 720})
    phone_contexts = [_context(browser, base_url, PHONE, has_touch=True, is_mobile=True) for _ in range(3)]
    try:
        presenter = laptop.new_page()
        presenter.goto("/Presenter")
        wait_for_app(presenter)
        presenter.get_by_role("button", name="Open a lecture room").click()
        expect(presenter.get_by_text("presenter view", exact=False).first).to_be_visible()
        wait_for_app(presenter)
        query = parse_qs(urlparse(presenter.url).query)
        code, key = query["room"][0], query["key"][0]
        room = room_by_code(engine, code)
        assert room is not None
        assert_accessible(presenter, "the presenter view")

        projector = projector_context.new_page()
        projector.goto(f"/Projector?room={code}")
        _shows(projector, room.titles[0])
        assert key not in projector.url
        expect(projector.get_by_role("button")).to_have_count(0)  # no controls on the projected screen

        phones = []
        beacon_asks: list[list[str]] = []
        for context in phone_contexts:
            phone = context.new_page()
            asks: list[str] = []
            phone.on(
                "request", lambda request, asks=asks: asks.append(request.url) if "/rooms/" in request.url else None
            )
            beacon_asks.append(asks)
            phone.goto(f"/Join_poll?code={code}")
            expect(phone.get_by_role("heading", name=room.titles[0])).to_be_visible()
            phones.append(phone)

        # the keyboard moves the room: Space (the title slide shows at once), then Right to the first question
        presenter.locator("body").press("Space")
        _shows(projector, room.titles[1])
        question = min(room.question_slides)
        for target in range(2, question + 1):
            expect(presenter.get_by_text(f"{target} / {len(room.slide_ids)}", exact=True)).to_be_visible()
            presenter.locator("body").press("ArrowRight")
        expect(presenter.get_by_text(f"{question + 1} / {len(room.slide_ids)}", exact=True)).to_be_visible()
        _shows(projector, room.titles[question])
        expect(projector.get_by_text("Answer on your phone")).to_be_visible()
        assert_accessible(projector, "the projector on a question slide")

        for phone, pick in zip(phones, (0, 1, 1)):
            choices = phone.locator(".st-key-room_view button")
            expect(choices.first).to_be_visible()
            choices.nth(pick).click()
            expect(phone.get_by_text("is in", exact=False)).to_be_visible()
        choices = phones[2].locator(".st-key-room_view button")
        choices.nth(0).click()  # the third phone changes its mind
        expect(phones[2].get_by_text("changed", exact=False)).to_be_visible()
        expect(projector.get_by_text("3 answers")).to_be_visible()
        expect(presenter.locator(".st-key-room_status").get_by_text(re.compile(r"\b3 answers\b"))).to_be_visible()

        # reload every screen mid-question: each comes back where it was
        for page in (presenter, projector, *phones):
            page.reload()
        _shows(projector, room.titles[question])
        expect(presenter.get_by_text(f"{question + 1} / {len(room.slide_ids)}", exact=True)).to_be_visible()
        expect(phones[2].locator('.st-key-room_view button[aria-pressed="true"]')).to_have_count(1)

        wait_for_app(presenter)
        presenter.locator("body").press("KeyA")  # reveal
        expect(projector.get_by_text(re.compile("Correct answer"))).to_be_visible()
        for phone in phones:
            expect(phone.get_by_text(re.compile("^Correct answer: "))).to_be_visible()
        # the phones drew the room from its beacon file (served statically), not from reruns
        assert all(any(url.endswith(f"/app/static/rooms/{code}.json") for url in asks) for asks in beacon_asks)

        wait_for_app(presenter)
        presenter.locator("body").press("KeyB")  # black the projector
        expect(projector.locator(".st-key-projector_black")).to_be_visible()
        expect(projector.locator(".st-key-projector h1")).to_have_count(0)
        wait_for_app(presenter)
        presenter.locator("body").press("KeyB")
        _shows(projector, room.titles[question])

        presenter.get_by_role("button", name="End lecture").click()
        presenter.get_by_role("button", name="End the lecture now").click()
        for phone in phones:
            expect(phone.get_by_text(re.compile(r"Your answers: \d of \d+ right"))).to_be_visible()
        expect(projector.get_by_role("heading", name="Thank you")).to_be_visible()
        assert_accessible(phones[0], "a phone after the lecture")
    finally:
        for context in (laptop, projector_context, *phone_contexts):
            context.close()


def test_a_restart_of_the_app_resumes_every_screen_where_the_room_was(browser, tmp_path):
    """The app stops mid-lecture and starts again on the same port and database: the presenter view, the
    projector and a phone come back by themselves (Streamlit reconnects) on the same slide, with control."""
    from tools.browser import free_port, run_app

    database_url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    engine = make_engine(database_url)
    slides = lecture(default_content())
    room, key = open_room(engine, room_slides(slides))
    question = min(room.question_slides)
    go_to_slide(engine, room.poll_id, key, question)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    contexts = [
        _context(browser, base_url, LAPTOP),
        _context(browser, base_url, {"width": 1366, "height": 768}),
        _context(browser, base_url, PHONE, has_touch=True, is_mobile=True),
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        try:
            with run_app(port=port):
                presenter, projector, phone = (context.new_page() for context in contexts)
                presenter.goto(f"/Presenter?room={room.code}&key={key}")
                projector.goto(f"/Projector?room={room.code}")
                phone.goto(f"/Join_poll?code={room.code}")
                _shows(projector, room.titles[question])
                choices = phone.locator(".st-key-room_view button")
                expect(choices.first).to_be_visible()
                choices.first.click()
                expect(phone.get_by_text("is in", exact=False)).to_be_visible()
                expect(
                    presenter.locator(".st-key-room_status").get_by_text(re.compile(r"\b1 answer\b"))
                ).to_be_visible()
            # the server is down; it comes back on the same port with the same database
            with run_app(port=port):
                for page in (presenter, projector, phone):
                    wait_for_app(page)
                _shows(projector, room.titles[question])
                expect(projector.get_by_text("1 answer", exact=True)).to_be_visible()
                expect(phone.locator('.st-key-room_view button[aria-pressed="true"]')).to_have_count(1)
                presenter.locator("body").press("Space")  # control survives: the room moves on
                _shows(projector, room.titles[question + 1])
                expect(phone.get_by_text(room.titles[question + 1])).to_be_visible()
        finally:
            for context in contexts:
                context.close()
