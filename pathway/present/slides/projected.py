"""A slide's chart drawn for the slide: the app's own chart laid out for a projected canvas, not a page shrunk.

A chart slide shows its chart in the body, under the title: on the deck, the body box (12.1 x 4.95 in
of a 13.3 x 7.5 in slide); on the projector, the whole width of the screen by 66% of its height. Both
are drawn here on one canvas, :data:`CANVAS_HEIGHT_PX` high (the deck's body box on a slide drawn
1080 px high) and as wide as the box's shape gives, with every text at :data:`FONT_PX` (titles bold).
A chart that fits the canvas therefore shows its smallest text at 18.5 pt on the deck (a slide is
540 pt high) and at 3.4% of a 16:9 projector's height. What would not fit at that size is laid out
differently, never shrunk: the certainty chart's blocks stand in two columns, the timeline is cut into
parts over several slides (:data:`~pathway.present.slides.charts.TIMELINE_ROWS_PER_SLIDE`), and the
subtitles a page shows under a chart's title are left to the speaker notes.

Every word still comes from the content: the charts are the pages' charts (:func:`named_chart`) with a
slide's :class:`~pathway.present.charts.style.Look`. Pure: vl-convert draws, no browser, no Streamlit.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import TYPE_CHECKING, Any

import altair as alt

from pathway.clinical.content import Content
from pathway.present.charts.style import slide_look
from pathway.present.slides.charts import named_chart

if TYPE_CHECKING:
    from pathway.present.slides.lecture import Slide

SLIDE_HEIGHT_PX, SLIDE_HEIGHT_PT = 1080, 540  # a 7.5 in slide, drawn 1080 px high
CANVAS_HEIGHT_PX = 713  # the deck's body box, 4.95 of the slide's 7.5 in
FONT_PX = 37  # 37 px of 1080 = 18.5 pt: over the 18 pt a room needs, against the slides' 24 pt body text
# the deck's body box, 12.13 x 4.95 in, in pixels of that 1080-px slide: the canvas of the deck's charts
DECK_BOX_PX = (1747, CANVAS_HEIGHT_PX)
PICTURE_DPI = 192  # the deck's pictures: 1.33 times a 1080p projector's pixels (a 7.5 in slide at 144 dpi)

_SPECS: dict[int, tuple[Content, dict[tuple[str, int], dict[str, Any]]]] = {}
_PNG: dict[str, tuple[bytes, tuple[int, int]]] = {}  # spec and scale hash -> (PNG, its size in pixels)


def canvas(box_width: float, box_height: float) -> tuple[int, int]:
    """The canvas a chart is drawn on for a box of this shape (any unit): 713 px high, the box's shape."""
    return round(CANVAS_HEIGHT_PX * box_width / box_height), CANVAS_HEIGHT_PX


def box_px(width_in: float, height_in: float, dpi: int = PICTURE_DPI) -> tuple[int, int]:
    """A box measured in inches (the deck's body box), in the pixels of a picture drawn for it."""
    return round(width_in * dpi), round(height_in * dpi)


def _name(chart: str | Slide) -> str | None:
    return chart if isinstance(chart, str) else chart.chart


def slide_chart(chart: str | Slide, content: Content, box_width: float, box_height: float) -> alt.TopLevelMixin | None:
    """The named chart (or a slide's) as Altair draws it for a slide's box of this shape."""
    name = _name(chart)
    if name is None:
        return None
    return named_chart(name, content, slide_look(canvas(box_width, box_height)[0], FONT_PX))


def slide_chart_spec(
    chart: str | Slide, content: Content, box_width: float = DECK_BOX_PX[0], box_height: float = DECK_BOX_PX[1]
) -> dict[str, Any] | None:
    """:func:`slide_chart` as a Vega-Lite dict on white (built once per content object and canvas)."""
    name = _name(chart)
    if name is None:
        return None
    width = canvas(box_width, box_height)[0]
    held = _SPECS.get(id(content))
    if held is None or held[0] is not content:
        if len(_SPECS) >= 4:
            _SPECS.clear()
        held = _SPECS[id(content)] = (content, {})
    specs = held[1]
    if (name, width) not in specs:
        drawn = slide_chart(name, content, box_width, box_height)
        if drawn is None:
            return None
        specs[(name, width)] = {**drawn.to_dict(), "background": "white"}
    return specs[(name, width)]


def slide_chart_png(
    chart: str | Slide, content: Content, box_width_px: int, box_height_px: int
) -> tuple[bytes, tuple[int, int]] | None:
    """The slide's chart as a PNG for a box of ``box_width_px`` x ``box_height_px`` pixels, and its size.

    The picture has the box's shape and (near enough) its pixels: shown as large as fits the box, its
    smallest text is :data:`FONT_PX` / :data:`CANVAS_HEIGHT_PX` of the box's height. None for a slide
    without a chart or a name no chart has."""
    spec = slide_chart_spec(chart, content, box_width_px, box_height_px)
    if spec is None:
        return None
    scale = round(box_height_px / CANVAS_HEIGHT_PX, 3)
    key = hashlib.sha256(json.dumps([spec, scale], sort_keys=True, default=str).encode()).hexdigest()
    if key not in _PNG:
        import vl_convert as vlc
        from PIL import Image

        png = vlc.vegalite_to_png(spec, scale=scale)
        with Image.open(io.BytesIO(png)) as image:
            size = (image.width, image.height)
        if len(_PNG) >= 64:
            _PNG.clear()
        _PNG[key] = (png, size)
    return _PNG[key]
