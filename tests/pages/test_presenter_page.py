"""Presenter mode: one slide at a time with a counter, arrows, deep links by number and name,
points revealed one by one, speaker notes on request, a running order kept in the URL."""

from __future__ import annotations

import pytest
from app_helpers import open_direct
from poll_pages import PRESENTER, SLIDES, counter, shown, slide_title

from ui.presenter_links import app_base_url, join_url, lecture_links, parse_order, presenter_link

pytestmark = pytest.mark.usefixtures("database")
INDEX = {s.id: i for i, s in enumerate(SLIDES)}
STEP = next(s for s in SLIDES if s.kind == "step" and len(s.bullets) >= 3)


def test_next_and_previous_move_one_slide_and_the_counter_follows():
    at = open_direct(PRESENTER)
    assert counter(at) == f"1 / {len(SLIDES)}" and slide_title(at) == SLIDES[0].title
    assert at.button(key="presenter_prev").disabled
    at.button(key="presenter_next").click().run()
    assert counter(at) == f"2 / {len(SLIDES)}" and slide_title(at) == SLIDES[1].title
    assert at.query_params["slide"] == SLIDES[1].id
    at.button(key="presenter_next").click().run()
    at.button(key="presenter_prev").click().run()
    assert counter(at) == f"2 / {len(SLIDES)}"


def test_arrow_keys_are_the_buttons_shortcuts():
    at = open_direct(PRESENTER)
    shortcuts = {
        key: at.button(key=key).proto.shortcut for key in ("presenter_prev", "presenter_next", "presenter_reveal")
    }
    assert shortcuts == {"presenter_prev": "left", "presenter_next": "right", "presenter_reveal": "down"}


def test_deep_links_by_number_and_by_name():
    at = open_direct(PRESENTER, slide="3")
    assert counter(at) == f"3 / {len(SLIDES)}" and slide_title(at) == SLIDES[2].title
    at = open_direct(PRESENTER, slide="wet_wrap")
    assert slide_title(at) == SLIDES[INDEX["wet_wrap"]].title
    assert counter(at) == f"{INDEX['wet_wrap'] + 1} / {len(SLIDES)}"
    at = open_direct(PRESENTER, slide=SLIDES[-1].id)
    assert at.button(key="presenter_next").disabled


@pytest.mark.parametrize("value", ["0", "999", "no_such_slide", "<b>x</b>"])
def test_an_invalid_slide_opens_the_first_with_a_notice(value):
    at = open_direct(PRESENTER, slide=value)
    assert counter(at) == f"1 / {len(SLIDES)}" and slide_title(at) == SLIDES[0].title
    notices = [w.value for w in at.warning]
    assert any("There is no slide" in n and "Showing the first slide" in n for n in notices), notices
    assert not any("<b>" in n for n in notices)  # the link's text is shown escaped, as data


def test_points_are_revealed_one_at_a_time():
    at = open_direct(PRESENTER, slide=STEP.id)
    page = shown(at)
    assert not any(bullet in page for bullet in STEP.bullets)
    assert f"{len(STEP.bullets)} more points" in page
    for count in range(1, len(STEP.bullets) + 1):
        at.button(key="presenter_reveal").click().run()
        page = shown(at)
        assert all(b in page for b in STEP.bullets[:count])
        assert not any(b in page for b in STEP.bullets[count:])
    assert at.button(key="presenter_reveal").disabled
    # going back to a slide shows it whole; the toggle turns the one-by-one reveal off
    at.button(key="presenter_next").click().run()
    at.button(key="presenter_prev").click().run()
    assert all(b in shown(at) for b in STEP.bullets)
    at.toggle(key="presenter_one_by_one").set_value(False).run()
    at.button(key="presenter_next").click().run()
    nxt = SLIDES[INDEX[STEP.id] + 1]
    assert all(b in shown(at) for b in nxt.bullets)


def test_speaker_notes_only_when_turned_on():
    at = open_direct(PRESENTER, slide=STEP.id)
    first_line = STEP.notes.splitlines()[0]
    assert "Speaker notes" not in [e.label for e in at.expander]
    at.toggle(key="presenter_notes").set_value(True).run()
    assert "Speaker notes" in [e.label for e in at.expander]
    assert first_line in shown(at)
    at.toggle(key="presenter_notes").set_value(False).run()
    assert "Speaker notes" not in [e.label for e in at.expander]


def test_sources_are_captioned_and_charts_and_flowchart_drawn():
    at = open_direct(PRESENTER, slide=STEP.id)
    assert all(source in shown(at) for source in STEP.sources)
    at = open_direct(PRESENTER, slide="overview")
    assert len(at.get("graphviz_chart")) == 1
    chart = next(s for s in SLIDES if s.chart)
    at = open_direct(PRESENTER, slide=chart.id)
    assert len(at.get("vega_lite_chart")) == 1


def test_a_running_order_from_the_url_and_from_the_picker():
    picked = ["wet_wrap", "overview", SLIDES[-1].id]
    at = open_direct(PRESENTER, order=",".join(["wet_wrap", "nope", "overview", SLIDES[-1].id]))
    assert counter(at) == "1 / 3" and slide_title(at) == SLIDES[INDEX["wet_wrap"]].title
    assert any("“nope”" in w.value for w in at.warning)
    at.button(key="presenter_next").click().run()
    assert slide_title(at) == SLIDES[INDEX["overview"]].title
    assert at.query_params["order"] == ",".join(picked) and at.query_params["slide"] == "overview"
    at.multiselect(key="presenter_order_pick").set_value(["overview", "pitfalls"]).run()
    assert at.query_params["order"] == "overview,pitfalls"
    assert counter(at) == "1 / 2" and slide_title(at) == SLIDES[INDEX["overview"]].title
    at.button(key="presenter_order_all").click().run()
    assert "order" not in at.query_params and counter(at) == f"{INDEX['overview'] + 1} / {len(SLIDES)}"


def test_the_running_order_downloads_as_links():
    order = "wet_wrap,overview"
    slides = [SLIDES[INDEX["wet_wrap"]], SLIDES[INDEX["overview"]]]
    text = lecture_links("https://class.example", slides, order, "Lecture")
    assert "https://class.example/Presenter?order=wet_wrap,overview&slide=wet_wrap" in text
    assert "2. " + slides[1].title in text
    at = open_direct(PRESENTER, order=order)
    assert "Download the running order (links)" in [b.proto.label for b in at.get("download_button")]
    assert presenter_link("http://localhost:8501", order, "wet_wrap") in shown(at)


def test_links_are_built_from_the_browser_address():
    assert app_base_url("https://x.example/app/Presenter") == "https://x.example/app"
    assert app_base_url(None, {"Host": "10.0.0.5:8501"}) == "http://10.0.0.5:8501"
    assert (
        app_base_url(None, {"X-Forwarded-Host": "class.example", "X-Forwarded-Proto": "https"})
        == "https://class.example"
    )
    assert join_url("https://x.example", "ABC234") == "https://x.example/Join_poll?code=ABC234"
    assert parse_order("a, b,a,zz", ["a", "b", "c"]) == (["a", "b"], ["zz"])
    assert parse_order(",,", ["a", "b"]) == (["a", "b"], [])
    assert parse_order("zz", ["a", "b"]) == (["a", "b"], ["zz"])


def test_no_sidebar_and_big_type_on_the_projector():
    at = open_direct(PRESENTER)
    css = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "font-size: 32px" in css  # 24 pt body text
