"""The lecture as a 16:9 PowerPoint deck: the same slides as presenter mode (:mod:`slides`).

Titles and bullets are real text (editable in PowerPoint and LibreOffice), speaker notes go in each
slide's notes page, charts are pictures drawn by vl-convert from the app's own Vega-Lite specs (no
browser), the ladder is drawn with shapes, and the join link gets a large QR code. Every slide carries
its sources and the education-only notice in its footer; the title slide carries the whole notice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pptx import Presentation, presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches, Pt

import pathway.present.deck.layout as L
from pathway.clinical.content import Content, load_content
from pathway.present.deck.ladder import draw_ladder
from pathway.present.deck.reveal import reveal_by_click
from pathway.present.qr import qr_png
from pathway.present.slides.charts import chart_spec
from pathway.present.slides.lecture import Slide, build_slides
from pathway.present.slides.questions import choice_lines
from pathway.present.slides.text import sentences

TITLE_LAYOUT, BULLETS_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5
AUTHOR = "Eczema Ladder"  # File > Info's author, last saved by and application
MAX_PROPERTY = 255  # characters a core property holds (PowerPoint's limit)
APP_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"  # docProps/app.xml


def _check_target(path: Path) -> None:
    if path.suffix.lower() != ".pptx":
        raise ValueError(f"{path}: the deck is a PowerPoint file, so its name must end in .pptx")
    if path.exists() and path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name ending in .pptx")
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {path.parent} does not exist")


def _check_join_url(join_url: str | None) -> None:
    if join_url is not None and not join_url.startswith(("https://", "http://")):
        raise ValueError(f"the join link must start with https:// or http:// (got {join_url[:60]!r})")


def _title(prs: Any, slide: Slide, content: Content) -> Any:
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    L.set_title(page, slide.title, L.Box(L.MARGIN, Inches(0.9), L.TITLE_BOX.width, Inches(1.4)), size=54)
    subtitle = page.placeholders[1]
    L.place(subtitle, L.Box(L.MARGIN, Inches(2.5), L.BODY_BOX.width, Inches(4.0)))
    documents = [b for b in slide.bullets if b != content.meta.notice]
    L.write(subtitle.text_frame, documents, L.BODY_PT, colour=L.MUTED, align=PP_ALIGN.LEFT)
    L.add_paragraph(subtitle.text_frame, content.meta.notice, L.BODY_PT, space_before=24, bold=True)
    version = L.text_box(
        page,
        L.FOOTER_BOX,
        [f"Content version {content.meta.version} ({content.meta.date})"],
        L.CAPTION_PT,
        colour=L.MUTED,
    )
    version.name = "Footer: content version"
    return page


def _bullets(prs: Any, slide: Slide) -> Any:
    page = prs.slides.add_slide(prs.slide_layouts[BULLETS_LAYOUT])
    L.set_title(page, slide.title)
    body = page.placeholders[1]
    L.place(body, L.BODY_BOX)
    L.write(body.text_frame, slide.bullets, L.BODY_PT, space_before=10)
    if slide.kind == "case":  # the answer, revealed last
        run = body.text_frame.paragraphs[-1].runs[0]
        run.font.bold, run.font.color.rgb = True, L.ACCENT
    reveal_by_click(page, body)  # one point a click in the slide show, as in presenter mode
    return page


def _question(prs: Any, slide: Slide) -> Any:
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    L.set_title(page, slide.title)
    question = slide.question or {}
    box = L.text_box(page, L.BODY_BOX, [question.get("stem", "")], L.BODY_PT)
    for line in choice_lines(question):
        L.add_paragraph(box.text_frame, line, L.BODY_PT, space_before=8)
    box.text_frame.paragraphs[1].space_before = Pt(16)
    box.name = "Question"
    return page


def _chart(prs: Any, slide: Slide, content: Content) -> Any:
    """The chart drawn for the slide's body box (its text 18 pt and more), not the page's chart shrunk."""
    from pathway.present.slides.projected import box_px, slide_chart_png

    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    L.set_title(page, slide.title)
    spec = chart_spec(slide.chart, content) if slide.chart else None
    box = box_px(L.BODY_BOX.width / Inches(1), L.BODY_BOX.height / Inches(1))
    drawn = slide_chart_png(slide, content, *box) if spec is not None else None
    if spec is not None and drawn is not None:
        png, size = drawn
        picture = L.fit_picture(page, png, L.BODY_BOX, size, spec.get("description", slide.title))
        picture.name = f"Chart: {slide.chart}"
    return page


def _overview(prs: Any, slide: Slide, content: Content) -> Any:
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    L.set_title(page, slide.title)
    draw_ladder(page, content)
    return page


def _poll_qr(prs: Any, slide: Slide) -> Any:
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    L.set_title(page, slide.title)
    side = L.BODY_BOX.height
    picture = L.fit_picture(
        page,
        qr_png(slide.url or "", scale=16),
        L.Box(L.MARGIN, L.BODY_BOX.top, side, side),
        (1, 1),
        f"QR code for the join link {slide.url}",
    )
    picture.name = "QR code"
    if slide.url:
        picture.click_action.hyperlink.address = slide.url  # clicking the code opens the link too
    left = L.MARGIN + side + Inches(0.4)
    box = L.text_box(
        page,
        L.Box(left, L.BODY_BOX.top, L.BODY_BOX.right - left, side),
        ["Scan the code with a phone camera, or open:"],
        L.BODY_PT,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    L.add_paragraph(box.text_frame, slide.url or "", L.BODY_PT, bold=True, colour=L.ACCENT, space_before=12)
    if slide.url:
        box.text_frame.paragraphs[-1].runs[0].hyperlink.address = slide.url  # a link, not just its text
    box.name = "Join link"
    return page


def add_slide(prs: Any, slide: Slide, content: Content) -> Any:
    """One slide of the deck, with its footer and speaker notes."""
    if slide.kind == "title":
        page = _title(prs, slide, content)
    elif slide.kind == "overview":
        page = _overview(prs, slide, content)
    elif slide.kind == "question":
        page = _question(prs, slide)
    elif slide.kind in ("chart", "timeline"):
        page = _chart(prs, slide, content)
    elif slide.kind == "poll_qr":
        page = _poll_qr(prs, slide)
    else:
        page = _bullets(prs, slide)
    if slide.kind != "title":
        L.footer(page, slide.sources, sentences(content.meta.notice)[0])
    page.notes_slide.notes_text_frame.text = slide.notes
    return page


def _fit_property(text: str) -> str:
    """Whole sentences of ``text`` up to the length a core property holds."""
    kept = ""
    for sentence in sentences(text):
        if len(f"{kept} {sentence}".strip()) > MAX_PROPERTY:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or text[:MAX_PROPERTY]


def presentation_format(width: int, height: int) -> str:
    """What PowerPoint calls a page of this size in File > Info ("Widescreen" for 13.333 x 7.5 in)."""
    named = {
        (Inches(13 + 1 / 3), Inches(7.5)): "Widescreen",
        (Inches(10), Inches(5.625)): "On-screen Show (16:9)",
        (Inches(10), Inches(6.25)): "On-screen Show (16:10)",
        (Inches(10), Inches(7.5)): "On-screen Show (4:3)",
    }
    for (w, h), name in named.items():
        if abs(width - w) <= Inches(0.01) and abs(height - h) <= Inches(0.01):
            return name
    return "Custom"


def _app_xml(prs: Any) -> bytes:
    """docProps/app.xml for this deck: its page format and counts, none of the template's (a 4:3
    "On-screen Show" of 0 slides from another application)."""
    slides = list(prs.slides)
    notes = sum(1 for page in slides if page.has_notes_slide)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<TotalTime>0</TotalTime><Application>{AUTHOR}</Application>"
        f"<PresentationFormat>{presentation_format(prs.slide_width, prs.slide_height)}</PresentationFormat>"
        f"<Slides>{len(slides)}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


def set_properties(prs: Any, content: Content, now: dt.datetime | None = None) -> None:
    """File > Info: this deck's title, subject, author and dates (``now``, default the present UTC
    time), its 16:9 page format and slide count; nothing left from python-pptx's template (its 2013
    dates, its author, its comment, a 4:3 show type, a blank 4:3 thumbnail)."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    props = prs.core_properties
    props.title = _fit_property(content.meta.title)
    props.subject = _fit_property(content.meta.notice)
    props.author = props.last_modified_by = AUTHOR
    props.comments = f"Lecture deck, content version {content.meta.version} ({content.meta.date})."
    props.keywords = props.category = ""
    props.created = props.modified = now
    props.revision = 1
    package = prs.part.package
    for part in package.iter_parts():
        if part.content_type == APP_PROPERTIES:
            part.blob = _app_xml(prs)
    rels = package._rels  # the template's blank 4:3 thumbnail: a file browser would show it as the preview
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(rid)


def build_deck(content: Content, slides: list[Slide]) -> presentation.Presentation:
    prs = Presentation()
    L.widen_template(prs)
    for slide in slides:
        add_slide(prs, slide, content)
    set_properties(prs, content)
    return prs


def write_deck(
    path: Path,
    join_url: str | None = None,
    content: Content | None = None,
    questions: list[dict[str, Any]] | None = None,
) -> Path:
    """Write the lecture deck to ``path`` (.pptx); ``join_url`` adds the live poll's QR slide.

    Raises ValueError for a path or link that cannot work (in words), OSError when saving fails."""
    path = Path(path)
    _check_target(path)
    _check_join_url(join_url)
    content = content if content is not None else load_content()
    prs = build_deck(content, build_slides(content, questions, join_url=join_url))
    prs.save(str(path))
    return path
