"""The lecture as a 16:9 PowerPoint deck: the same slides as presenter mode (:mod:`slides`).

Titles and bullets are real text (editable in PowerPoint and LibreOffice), speaker notes go in each
slide's notes page, charts are pictures drawn by vl-convert from the app's own Vega-Lite specs (no
browser), the ladder is drawn with shapes, and the join link gets a large QR code. Every slide carries
its sources and the education-only notice in its footer; the title slide carries the whole notice.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pptx import Presentation, presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
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

# drawing widths tried, the one whose text comes out largest on the slide wins; each sits well inside one of
# the title-wrapping bands (chart_style.WIDE_FROM_PX, WIDER_FROM_PX): at a band's edge vl-convert lays the
# title out for one band and draws it for the other, cutting off its first line
CHART_WIDTHS_PX = (680, 820, 1120)
CHART_SCALE = 2
_PNG: dict[str, tuple[bytes, tuple[int, int]]] = {}  # spec hash -> (PNG, size in CSS pixels)
TITLE_LAYOUT, BULLETS_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5


def chart_png(spec: dict[str, Any], width_px: int = 736) -> tuple[bytes, tuple[int, int]]:
    """The spec drawn at ``width_px`` on white, twice the resolution; cached per spec."""
    import vl_convert as vlc
    from PIL import Image

    drawn = {**spec, "width": width_px, "background": "white"}
    key = hashlib.sha256(json.dumps(drawn, sort_keys=True, default=str).encode()).hexdigest()
    if key not in _PNG:
        png = vlc.vegalite_to_png(drawn, scale=CHART_SCALE)
        import io

        with Image.open(io.BytesIO(png)) as image:
            size = (image.width // CHART_SCALE, image.height // CHART_SCALE)
        _PNG[key] = (png, size)
    return _PNG[key]


def best_chart_png(spec: dict[str, Any], box: L.Box) -> tuple[bytes, tuple[int, int]]:
    """The drawing that, fitted into ``box``, shows the chart's text largest: drawn at the middle width,
    then narrower if the width limits it (a wide, short chart is scaled up more) or wider if the height
    does (its title takes fewer lines)."""

    def scale(drawn: tuple[bytes, tuple[int, int]]) -> float:
        return min(box.width / drawn[1][0], box.height / drawn[1][1])

    narrow, middle, wide = CHART_WIDTHS_PX
    first = chart_png(spec, middle)
    width_limited = box.width / first[1][0] <= box.height / first[1][1]
    second = chart_png(spec, narrow if width_limited else wide)
    return max((first, second), key=scale)


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
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    L.set_title(page, slide.title)
    spec = chart_spec(slide.chart, content) if slide.chart else None
    if spec is not None:
        png, size = best_chart_png(spec, L.BODY_BOX)
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
    left = L.MARGIN + side + Inches(0.4)
    box = L.text_box(
        page,
        L.Box(left, L.BODY_BOX.top, L.BODY_BOX.right - left, side),
        ["Scan the code with a phone camera, or open:"],
        L.BODY_PT,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    L.add_paragraph(box.text_frame, slide.url or "", L.BODY_PT, bold=True, colour=L.ACCENT, space_before=12)
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


def build_deck(content: Content, slides: list[Slide]) -> presentation.Presentation:
    prs = Presentation()
    L.widen_template(prs)
    prs.core_properties.title = content.meta.title
    prs.core_properties.subject = content.meta.notice
    for slide in slides:
        add_slide(prs, slide, content)
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
