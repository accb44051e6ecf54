"""The PowerPoint deck: the same slides as presenter mode, readable when projected, editable, with notes."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Pt

from pathway.clinical.content import load_content
from pathway.learn.cases import generate_case
from pathway.present.deck import write_deck
from pathway.present.qr import QUIET_ZONE
from pathway.present.slides import build_slides
from pathway.present.slides.charts import chart_spec
from tools.deck_preview import measure, text_shapes

JOIN = "https://ladder.example.org/Join?code=K7Q2"
SMALL_PRINT = ("Footer:", "Ladder:")  # captions, the notice line and the ladder diagram's labels


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def slides(content):
    return build_slides(content, join_url=JOIN)


@pytest.fixture(scope="module")
def deck(tmp_path_factory, content):
    path = write_deck(tmp_path_factory.mktemp("deck") / "ladder.pptx", join_url=JOIN, content=content)
    return Presentation(str(path))


def _pages(deck, slides, kinds):
    return [(page, slide) for page, slide in zip(deck.slides, slides) if slide.kind in kinds]


def test_the_deck_is_16_9(deck):
    assert deck.slide_width * 9 == deck.slide_height * 16


def test_every_slide_is_in_the_deck_with_its_title(deck, slides):
    assert len(deck.slides) == len(slides)
    assert [page.shapes.title.text_frame.text for page in deck.slides] == [s.title for s in slides]
    assert all(page.shapes.title.is_placeholder for page in deck.slides)  # a real, editable title


def test_every_slide_has_its_speaker_notes(deck, slides):
    for page, slide in zip(deck.slides, slides):
        assert page.has_notes_slide
        assert page.notes_slide.notes_text_frame.text == slide.notes
        assert page.notes_slide.notes_text_frame.text.strip()


def test_bullets_are_editable_text_in_the_body_placeholder(deck, slides):
    for page, slide in _pages(deck, slides, ("step", "pitfalls", "case")):
        body = next(s for s in page.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.OBJECT)
        assert [p.text for p in body.text_frame.paragraphs] == list(slide.bullets)


def test_question_slides_show_the_stem_and_every_choice(deck, slides):
    pages = _pages(deck, slides, ("question",))
    assert pages
    for page, slide in pages:
        text = next(s for s in page.shapes if s.name == "Question").text_frame.text
        assert slide.question["stem"] in text
        assert all(c["text"] in text for c in slide.question["choices"])
        assert "Answer: " in page.notes_slide.notes_text_frame.text


def test_body_text_is_at_least_24_pt(deck):
    checked = 0
    for page in deck.slides:
        for shape in text_shapes(page):
            if shape.name.startswith(SMALL_PRINT) or shape == page.shapes.title:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size is not None and run.font.size >= Pt(24), (shape.name, run.text)
                    checked += 1
    assert checked > 100


def test_all_text_fits_its_box(deck):
    """Wrapped with the font's own metrics (Liberation Sans = Arial's widths), no text overflows."""
    overflowing = [
        (number, fit.shape, round(fit.needed_pt), round(fit.room_pt))
        for number, page in enumerate(deck.slides, start=1)
        for fit in (measure(s) for s in text_shapes(page))
        if not fit.fits
    ]
    assert overflowing == []


def test_charts_are_pictures_of_the_apps_specs(deck, slides, content):
    pages = _pages(deck, slides, ("chart", "timeline"))
    assert len(pages) == len([s for s in slides if s.chart])
    for page, slide in pages:
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.image.content_type == "image/png"
        spec = chart_spec(slide.chart, content)
        assert picture._element.nvPicPr.cNvPr.get("descr") == spec["description"]  # its text alternative
        assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
        with Image.open(io.BytesIO(picture.image.blob)) as image:
            assert image.width >= 1000  # drawn at twice the resolution, sharp when projected
    assert not any(
        s.shape_type == MSO_SHAPE_TYPE.PICTURE for page, _ in _pages(deck, slides, ("step",)) for s in page.shapes
    )


def test_sources_and_notice_on_every_slide(deck, slides, content):
    first_sentence = "For education only, not for clinical decisions."
    assert content.meta.notice.startswith(first_sentence)
    title_text = " ".join(s.text_frame.text for s in text_shapes(deck.slides[0]))
    assert content.meta.notice in title_text
    for page, slide in list(zip(deck.slides, slides))[1:]:
        footer = next(s for s in page.shapes if s.name == "Footer: sources and notice").text_frame.text
        assert first_sentence in footer
        assert all(caption in footer for caption in slide.sources)


def test_the_overview_draws_every_step_as_an_editable_box(deck, slides, content):
    page = next(page for page, slide in zip(deck.slides, slides) if slide.id == "overview")
    boxes = {s.name.removeprefix("Ladder: "): s for s in page.shapes if s.name.startswith("Ladder: ")}
    assert set(boxes) == set(content.steps)
    for step in content.steps.values():
        assert step.title in boxes[step.id].text_frame.text
    arrows = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE or s.name.startswith("Connector")]
    assert len(arrows) == len(content.steps) - 2  # between the steps in order; the referral note stands apart


def _modules(png: bytes, size: int, scale: int) -> list[list[bool]]:
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
        return [
            [
                grey.getpixel(((QUIET_ZONE + x) * scale + scale // 2, (QUIET_ZONE + y) * scale + scale // 2)) < 128
                for x in range(size)
            ]
            for y in range(size)
        ]


def test_the_qr_slide_has_a_large_code_of_the_join_link_and_the_link_as_text(deck, slides):
    page, slide = _pages(deck, slides, ("poll_qr",))[0]
    assert slide.id == "poll_qr" and list(deck.slides).index(page) == 1
    picture = next(s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert picture.height >= deck.slide_height // 2  # large enough to scan from the back of a room
    link = next(s for s in page.shapes if s.name == "Join link").text_frame.text
    assert JOIN in link
    expected = segno.make_qr(JOIN, error="m")
    size = expected.symbol_size(scale=1, border=0)[0]
    with Image.open(io.BytesIO(picture.image.blob)) as image:
        scale = image.width // (size + 2 * QUIET_ZONE)
        assert image.getpixel((1, 1)) in (255, (255, 255, 255), (255, 255, 255, 255), 1)  # white quiet zone
    drawn = _modules(picture.image.blob, size, scale)
    assert drawn == [[bool(m) for m in row] for row in expected.matrix]  # module for module, the link's code


def test_no_qr_slide_without_a_join_link(tmp_path, content):
    path = write_deck(tmp_path / "plain.pptx", content=content, questions=[generate_case(3)])
    deck = Presentation(str(path))
    titles = [p.shapes.title.text_frame.text for p in deck.slides]
    assert "Join the live poll" not in titles
    assert generate_case(3)["lead_in"] in titles  # a generated case given by the caller is polled


@pytest.mark.parametrize("name, message", [("deck.ppt", "must end in .pptx"), ("missing/deck.pptx", "does not exist")])
def test_a_bad_path_is_refused_in_words(tmp_path, name, message):
    with pytest.raises(ValueError, match=message):
        write_deck(tmp_path / name)


def test_a_join_link_must_be_a_web_address(tmp_path):
    with pytest.raises(ValueError, match="https://"):
        write_deck(tmp_path / "deck.pptx", join_url="javascript:alert(1)")


def test_the_fit_check_flags_text_that_overflows(tmp_path):
    """The measure behind ``test_all_text_fits_its_box`` does catch overflow (and passes what fits)."""
    from pptx.util import Inches

    from pathway.present.deck import layout as L

    prs = Presentation()
    page = prs.slides.add_slide(prs.slide_layouts[6])
    tight = L.text_box(page, L.Box(0, 0, Inches(4), Inches(1)), ["word " * 40], 24)
    roomy = L.text_box(page, L.Box(0, 0, Inches(4), Inches(4)), ["word " * 20], 24)
    assert not measure(tight).fits
    assert measure(roomy).fits


def test_the_template_is_widened_for_slides_added_by_hand(deck):
    """Every master and layout placeholder lies on the 16:9 page with its height intact."""
    for owner in (deck.slide_master, *deck.slide_layouts):
        for shape in owner.placeholders:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width, (owner.name, shape.name)
            assert shape.height > 0 and shape.top + shape.height <= deck.slide_height, (owner.name, shape.name)
    title = deck.slide_master.placeholders[0]
    assert title.width > deck.slide_width * 0.8  # stretched to the wide page, not left at the 4:3 width


def test_bullets_appear_one_click_at_a_time_as_in_presenter_mode(deck, slides):
    from pptx.oxml.ns import qn

    for page, slide in zip(deck.slides, slides):
        timing = page._element.find(qn("p:timing"))
        if slide.kind not in ("step", "pitfalls", "case"):
            assert timing is None, slide.id
            continue
        children = [c.tag for c in page._element]
        assert children.index(qn("p:timing")) == children.index(qn("p:clrMapOvr")) + 1  # schema order
        body = next(s for s in page.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.OBJECT)
        clicks = timing.findall(".//" + qn("p:cTn") + "[@nodeType='clickEffect']")
        assert len(clicks) == len(slide.bullets)
        targets = timing.findall(".//" + qn("p:spTgt"))
        assert {t.get("spid") for t in targets} == {str(body.shape_id)}
        assert [int(t.find(qn("p:txEl")).find(qn("p:pRg")).get("st")) for t in targets] == list(
            range(len(slide.bullets))
        )
        ids = [c.get("id") for c in timing.iter(qn("p:cTn"))]
        assert len(ids) == len(set(ids))
        assert timing.find(".//" + qn("p:bldP")).get("spid") == str(body.shape_id)
