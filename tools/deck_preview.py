"""Look at a .pptx without PowerPoint: measure whether its text fits its boxes, and draw rough previews.

Text is wrapped word by word with Liberation Sans (the metric twin of Arial, the deck's font), at each
run's own size, inside the shape's box less its margins (and the bullet indent of a body placeholder),
the way PowerPoint and LibreOffice wrap it. ``python tools/deck_preview.py deck.pptx OUTDIR`` writes one
PNG per slide (100 px an inch) with any overflowing text box outlined in red.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
EMU_PER_PT = 12700
LINE_HEIGHT = 1.2  # a single-spaced line is about 1.2 times the font size
BULLET_INDENT_PT = 27  # the default template's level-1 bullet indent (0.375 in)
PX_PER_INCH = 100


@lru_cache(maxsize=32)
def font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size=max(1, round(size_pt * 10)))  # tenths of a point


def wrap(text: str, size_pt: float, width_pt: float, bold: bool = False) -> list[str]:
    """The lines ``text`` breaks into in a box ``width_pt`` wide."""
    face = font(size_pt, bold)
    lines: list[str] = []
    for hard_line in text.split("\n"):
        line = ""
        for word in hard_line.split(" "):
            candidate = f"{line} {word}" if line else word
            if face.getlength(candidate) / 10 <= width_pt:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while len(line) > 1 and face.getlength(line) / 10 > width_pt:  # a word wider than the box breaks
                cut = max(1, next(i for i in range(len(line), 0, -1) if face.getlength(line[:i]) / 10 <= width_pt))
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Fit:
    shape: str
    needed_pt: float
    room_pt: float
    sizes: tuple[float, ...]

    @property
    def fits(self) -> bool:
        return self.needed_pt <= self.room_pt + 0.5


def _indent_pt(shape) -> float:
    is_body = shape.is_placeholder and shape.placeholder_format.idx == 1 and shape.name.startswith("Content")
    return BULLET_INDENT_PT if is_body else 0


def measure(shape) -> Fit:
    """How tall the shape's text is once wrapped, against the room its box gives."""
    frame = shape.text_frame
    width = (shape.width - (frame.margin_left or 0) - (frame.margin_right or 0)) / EMU_PER_PT - _indent_pt(shape)
    room = (shape.height - (frame.margin_top or 0) - (frame.margin_bottom or 0)) / EMU_PER_PT
    needed, sizes = 0.0, []
    for i, paragraph in enumerate(frame.paragraphs):
        runs = [r for r in paragraph.runs if r.font.size is not None]
        size = max((r.font.size.pt for r in runs), default=18.0)
        bold = any(r.font.bold for r in runs)
        text = "".join(r.text for r in paragraph.runs)
        if i and paragraph.space_before is not None:
            needed += paragraph.space_before.pt
        needed += len(wrap(text, size, width, bold)) * size * LINE_HEIGHT
        sizes.append(size)
    return Fit(shape.name, needed, room, tuple(sizes))


def text_shapes(slide):
    return [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]


def _px(value: int) -> int:
    return round(Emu(value).inches * PX_PER_INCH)


def draw(slide, width: int, height: int) -> Image.Image:
    """A rough picture of the slide: boxes, pictures, connectors and wrapped text."""
    canvas = Image.new("RGB", (_px(width), _px(height)), "white")
    pen = ImageDraw.Draw(canvas)
    for shape in slide.shapes:
        box = (_px(shape.left), _px(shape.top), _px(shape.left + shape.width), _px(shape.top + shape.height))
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            image = Image.open(io.BytesIO(shape.image.blob)).convert("RGB")
            canvas.paste(image.resize((box[2] - box[0], box[3] - box[1])), box[:2])
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.LINE or getattr(shape, "begin_x", None) is not None:
            pen.line(
                (_px(shape.begin_x), _px(shape.begin_y), _px(shape.end_x), _px(shape.end_y)), fill="#5b6b73", width=2
            )
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
            pen.rounded_rectangle(box, radius=8, outline="#0072B2", width=2)
        if not shape.has_text_frame:
            continue
        fit = measure(shape)
        if not fit.fits:
            pen.rectangle(box, outline="red", width=4)
        frame = shape.text_frame
        x = box[0] + _px(frame.margin_left or 0) + round(_indent_pt(shape) / 72 * PX_PER_INCH)
        y = box[1] + _px(frame.margin_top or 0)
        width_pt = (shape.width - (frame.margin_left or 0) - (frame.margin_right or 0)) / EMU_PER_PT - _indent_pt(shape)
        for paragraph in frame.paragraphs:
            runs = [r for r in paragraph.runs if r.font.size is not None]
            size = max((r.font.size.pt for r in runs), default=18.0)
            bold = any(r.font.bold for r in runs)
            face = ImageFont.truetype(font(size, bold).path, size=round(size / 72 * PX_PER_INCH))
            y += round((paragraph.space_before.pt if paragraph.space_before else 0) / 72 * PX_PER_INCH)
            for line in wrap("".join(r.text for r in paragraph.runs), size, width_pt, bold):
                pen.text((x, y), line, fill="black", font=face)
                y += round(size * LINE_HEIGHT / 72 * PX_PER_INCH)
    return canvas


def main(deck: str, out_dir: str) -> int:
    prs = Presentation(deck)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    width, height = prs.slide_width, prs.slide_height
    assert width is not None and height is not None  # (None only in a deck without a slide size)
    for number, slide in enumerate(prs.slides, start=1):
        draw(slide, width, height).save(out / f"slide_{number:02d}.png")
        for fit in (measure(s) for s in text_shapes(slide)):
            if not fit.fits:
                print(f"slide {number}: {fit.shape}: text needs {fit.needed_pt:.0f} pt, box has {fit.room_pt:.0f} pt")
    print(f"{len(prs.slides)} slides drawn in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
