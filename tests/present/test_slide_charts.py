"""A chart slide shows its chart drawn for the slide, not a page's chart shrunk: on the deck every text of
the picture is at least 18 pt (the slides' body text is 24 pt), on the projector at least 24 px of a
1080-px screen, and nothing is cut, sticks out or is drawn over another text. The slide says what the
page says, in the content's words; the page's chart is left as it is (tests/present/test_chart_layout.py).
"""

from __future__ import annotations

import io
import re

import pytest
import vl_convert as vlc
from chart_reading import spec_records
from chart_render import svg_texts
from PIL import Image
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

import pathway.present.deck.layout as L
from pathway.present import charts
from pathway.present.deck.build import build_deck
from pathway.present.slides import build_slides, chart_spec
from pathway.present.slides.charts import TIMELINE_ROWS_PER_SLIDE, timeline_parts
from pathway.present.slides.projected import box_px, slide_chart_png, slide_chart_spec
from ui.projector_view import CHART_WIDTH_PX
from ui.style import ROOM_CSS

EMU_PER_PT = 12700
SMALLEST_PT = 18  # on the deck, whose body text is 24 pt
SMALLEST_PX_AT_1080P = 24  # on the projector: 18 pt on a 1920x1080 screen
STREAMLIT_MAX_IMAGE_PX = 1460  # st.image resamples a wider picture at every rerun
DECK_BOX = box_px(L.BODY_BOX.width / Inches(1), L.BODY_BOX.height / Inches(1))
PROJECTOR_BOX = (CHART_WIDTH_PX, round(CHART_WIDTH_PX * L.BODY_BOX.height / L.BODY_BOX.width))
TOLERANCE_PX = 1.0
ASCENT, DESCENT = 0.905, 0.212  # Liberation Sans, in ems: how far a line reaches above and below its baseline


@pytest.fixture(scope="module")
def slides(content):
    return build_slides(content)


@pytest.fixture(scope="module")
def chart_slides(slides):
    return [s for s in slides if s.chart]


@pytest.fixture(scope="module")
def deck_pages(content, slides):
    """(page, slide) for every chart slide of the deck, as write_deck builds it."""
    prs = build_deck(content, slides)
    return [(page, slide) for page, slide in zip(prs.slides, slides) if slide.chart]


_DRAWN: dict[tuple[str, tuple[int, int]], tuple[float, float, list]] = {}


def _drawn(slide, content, box):
    """(width, height, texts) of the slide's chart drawn for ``box``, read from vl-convert's SVG."""
    key = (slide.id, box)
    if key not in _DRAWN:
        _DRAWN[key] = svg_texts(vlc.vegalite_to_svg(slide_chart_spec(slide, content, *box)))
    return _DRAWN[key]


def test_every_chart_slide_has_its_chart_drawn_for_the_slide(chart_slides, content):
    assert len(chart_slides) >= 8
    for slide in chart_slides:
        for box in (DECK_BOX, PROJECTOR_BOX):
            png, (width, height) = slide_chart_png(slide, content, *box)
            assert png.startswith(b"\x89PNG")
            assert width <= box[0] + 2 and height <= box[1] + 2, (slide.id, box, (width, height))


def test_deck_chart_text_is_at_least_18_pt(deck_pages, content):
    """Each picture as placed on its slide: its smallest text (vl-convert's font sizes, in the canvas's
    pixels) times the picture's size on the slide over the canvas's."""
    smallest = {}
    for page, slide in deck_pages:
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, slide.id
        picture = pictures[0]
        width, height, texts = _drawn(slide, content, DECK_BOX)
        with Image.open(io.BytesIO(picture.image.blob)) as image:
            # the picture is this drawing: the same shape (to the pixel its height is rounded to)
            assert abs(image.width / image.height / (width / height) - 1) < 0.01, slide.id
        pt_per_px = picture.width / EMU_PER_PT / width
        assert abs(picture.height / EMU_PER_PT / height - pt_per_px) < 0.01 * pt_per_px  # not stretched
        assert L.BODY_BOX.left <= picture.left and picture.left + picture.width <= L.BODY_BOX.right + 1
        assert L.BODY_BOX.top <= picture.top and picture.top + picture.height <= L.BODY_BOX.top + L.BODY_BOX.height + 1
        smallest[slide.id] = min(t.size for t in texts) * pt_per_px
    too_small = {k: round(v, 1) for k, v in smallest.items() if v < SMALLEST_PT}
    assert not too_small, f"chart text under {SMALLEST_PT} pt on the deck: {too_small}"


def test_projector_chart_text_is_at_least_24_px_at_1080p(chart_slides, content):
    """The projector shows the picture as large as fits its box (CSS: the chart's height in vh, the page's
    width less its 4vw margins): on a 1920x1080 screen its smallest text is 18 pt (24 px) or more."""
    vh = float(re.search(r"\.st-key-projector_chart img \{ height: ([\d.]+)vh", ROOM_CSS).group(1))
    box_w, box_h = 1920 * 0.92, 1080 * vh / 100
    for slide in chart_slides:
        png_w = slide_chart_png(slide, content, *PROJECTOR_BOX)[1][0]
        assert png_w <= STREAMLIT_MAX_IMAGE_PX, slide.id
        width, height, texts = _drawn(slide, content, PROJECTOR_BOX)
        shown = min(box_w / width, box_h / height)  # object-fit: contain
        assert min(t.size for t in texts) * shown >= SMALLEST_PX_AT_1080P, slide.id


@pytest.mark.parametrize("box", [DECK_BOX, PROJECTOR_BOX], ids=["deck", "projector"])
def test_nothing_is_cut_sticks_out_or_overlaps(chart_slides, content, box, tmp_path):
    for slide in chart_slides:
        width, height, texts = _drawn(slide, content, box)
        where = f"{slide.id} for a {box[0]}x{box[1]} box"
        outside = [
            (t.text, round(t.x1), round(t.x2), round(t.y))
            for t in texts
            if t.x1 < -TOLERANCE_PX
            or t.x2 > width + TOLERANCE_PX
            or t.y - ASCENT * t.size < -TOLERANCE_PX
            or t.y + DESCENT * t.size > height + TOLERANCE_PX
        ]
        assert not outside, f"{where}: text outside the picture: {outside}"
        assert not [t.text for t in texts if "…" in t.text], f"{where}: text cut short"
        overlapping = [(a.text, b.text) for i, a in enumerate(texts) for b in texts[i + 1 :] if a.overlaps(b)]
        assert not overlapping, f"{where}: texts drawn over each other: {overlapping}"


def test_the_slide_says_what_the_page_says(chart_slides, content):
    """The same finding in the title (all of it, in the slide's own wrapping), the same text alternative,
    the same rows in the content's words; the page's subtitle is left to the speaker notes."""
    for slide in chart_slides:
        page, drawn = chart_spec(slide.chart, content), slide_chart_spec(slide, content, *DECK_BOX)
        assert drawn["usermeta"]["title"] == page["usermeta"]["title"]
        assert drawn["description"] == page["description"]
        assert sorted(r["aria"] for r in spec_records(drawn) if "aria" in r) == sorted(
            r["aria"] for r in spec_records(page) if "aria" in r
        )
        _, _, texts = _drawn(slide, content, DECK_BOX)
        title = " ".join(t.text for t in texts if t.role == "title-text")
        assert title == " ".join(page["usermeta"]["title"].split()), slide.id
        assert not [t for t in texts if t.role == "title-subtitle"], slide.id
        for line in page["usermeta"]["subtitle"]:
            assert line in slide.notes or line in page["description"], (slide.id, line)


def test_the_timeline_is_cut_into_slides_that_fit(content):
    parts = timeline_parts(content)
    assert len(parts) >= 2
    assert all(len(p.items) <= TIMELINE_ROWS_PER_SLIDE for p in parts)
    order = list(charts.timeline_rows(list(content.timelines.values()))["id"])
    assert [i for p in parts for i in p.items] == order  # every timing once, in the page's order
    assert [p.name for p in parts] == ["timeline", *(f"timeline_{n}" for n in range(2, len(parts) + 1))]
    assert [p.title for p in parts] == [f"Expected timelines ({n} of {len(parts)})" for n in range(1, len(parts) + 1)]


def test_the_pages_keep_their_own_charts(chart_slides, content):
    """The pages' charts keep their sizes: the container's width, Streamlit's axis fonts, a title wrapped by
    width and the subtitle; the slide's are drawn for its canvas."""
    for slide in chart_slides:
        page, drawn = chart_spec(slide.chart, content), slide_chart_spec(slide, content, *DECK_BOX)
        assert page["width"] == "container" and "axis" not in page.get("config", {})
        assert "expr" in page["title"]["text"] and page["title"]["fontSize"] == charts.style.TITLE_FONT
        assert page["title"].get("subtitle", []) or not page["usermeta"]["subtitle"]
        assert isinstance(drawn["title"]["text"], list) and "subtitle" not in drawn["title"]
        assert drawn["config"]["axis"]["labelFontSize"] > page["title"]["fontSize"]
