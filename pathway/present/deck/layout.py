"""Geometry and text for the PowerPoint deck: a 16:9 page, real (editable) text boxes, sizes for projection.

Body text is 24 pt or more; captions (sources, the notice footer) are smaller and sit in the footer band.
Every run names its font (Arial: LibreOffice draws it with the metric-twin Liberation Sans), so text
measured with Liberation Sans fits the same way in PowerPoint and LibreOffice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, MSO_VERTICAL_ANCHOR, PP_ALIGN, PP_PARAGRAPH_ALIGNMENT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

SLIDE_WIDTH = Inches(13 + 1 / 3)  # 16:9
SLIDE_HEIGHT = Inches(7.5)
FONT = "Arial"
TITLE_PT = 32
BODY_PT = 24
CAPTION_PT = 14
NOTICE_PT = 12
# (python-pptx leaves RGBColor unannotated, hence the ignores)
INK = RGBColor(0x1F, 0x29, 0x33)  # type: ignore[no-untyped-call]
MUTED = RGBColor(0x4A, 0x55, 0x60)  # type: ignore[no-untyped-call]  # 7:1 on white
ACCENT = RGBColor(0x00, 0x72, 0xB2)  # type: ignore[no-untyped-call]  # Okabe-Ito blue


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width


MARGIN = Inches(0.6)
TITLE_BOX = Box(MARGIN, Inches(0.28), SLIDE_WIDTH - 2 * MARGIN, Inches(1.22))
BODY_BOX = Box(MARGIN, Inches(1.55), SLIDE_WIDTH - 2 * MARGIN, Inches(4.95))
FOOTER_BOX = Box(MARGIN, Inches(6.6), SLIDE_WIDTH - 2 * MARGIN, Inches(0.8))


def place(shape: Any, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = box.left, box.top, box.width, box.height


def widen_template(prs: Any) -> None:
    """The default template is 4:3: make the page 16:9 (Widescreen) and stretch its master's and layouts'
    placeholders to the 16:9 width, so a slide added by hand in PowerPoint lands in the right place."""
    factor = SLIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    # the template's page also says type="screen4x3" (PowerPoint's Slide Size: "On-screen Show (4:3)");
    # PowerPoint's own 13.333 x 7.5 in Widescreen page has no type
    prs.part._element.sldSz.attrib.pop("type", None)
    for owner in (prs.slide_master, *prs.slide_layouts):
        for shape in owner.placeholders:
            if shape._element.spPr.find(qn("a:xfrm")) is None:
                continue  # it takes its place from the master's placeholder, already widened
            left, width = shape.left, shape.width
            shape.left, shape.width = Emu(int(left * factor)), Emu(int(width * factor))


def style_run(run: Any, size: int, *, bold: bool = False, italic: bool = False, colour: RGBColor = INK) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = colour


def write(
    frame: Any,
    paragraphs: Sequence[str],
    size: int,
    *,
    bold: bool = False,
    italic: bool = False,
    colour: RGBColor = INK,
    space_before: int = 6,
    align: PP_PARAGRAPH_ALIGNMENT | None = None,
    anchor: MSO_VERTICAL_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    """Replace the frame's text with these paragraphs, one run each, word-wrapped, never shrunk."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_before = Pt(space_before if i else 0)
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        style_run(run, size, bold=bold, italic=italic, colour=colour)


def add_paragraph(frame: Any, text: str, size: int, *, space_before: int = 6, **style: Any) -> None:
    paragraph = frame.add_paragraph()
    paragraph.space_before = Pt(space_before)
    run = paragraph.add_run()
    run.text = text
    style_run(run, size, **style)


def text_box(slide: Any, box: Box, paragraphs: Sequence[str], size: int, **style: Any) -> Any:
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    write(shape.text_frame, paragraphs, size, **style)
    return shape


def set_title(slide: Any, text: str, box: Box = TITLE_BOX, size: int = TITLE_PT) -> None:
    title = slide.shapes.title
    place(title, box)
    write(title.text_frame, [text], size, bold=True, anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.LEFT)


def footer(slide: Any, sources: Sequence[str], notice: str) -> None:
    """Source captions, then the education-only notice, in the band under the body."""
    lines = [("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(sources)] if sources else []
    shape = text_box(
        slide, FOOTER_BOX, lines or [notice], CAPTION_PT if lines else NOTICE_PT, colour=MUTED, space_before=2
    )
    if lines:
        add_paragraph(shape.text_frame, notice, NOTICE_PT, space_before=2, colour=MUTED, italic=True)
    shape.name = "Footer: sources and notice"


def fit_picture(slide: Any, image: bytes, box: Box, size_px: tuple[int, int], description: str) -> Any:
    """The image as large as fits ``box`` without stretching, centred; ``description`` is its alt text."""
    import io

    width_px, height_px = size_px
    scale = min(box.width / width_px, box.height / height_px)
    width, height = int(width_px * scale), int(height_px * scale)
    left, top = box.left + (box.width - width) // 2, box.top + (box.height - height) // 2
    picture = slide.shapes.add_picture(io.BytesIO(image), left, top, width, height)
    picture._element.nvPicPr.cNvPr.set("descr", description)
    return picture
