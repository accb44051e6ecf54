"""Draw a chart spec as Streamlit would, without a browser, and measure every text in it.

Streamlit draws ``st.vega_lite_chart(spec, width="stretch")`` at its container's width with its own
theme (below: the values from Streamlit 1.67's theme that change sizes: fonts, paddings, autosize).
vl-convert draws the spec at a given width; every ``<text>`` of the SVG is then measured with the same
font file (Liberation Sans, wider than Streamlit's Source Sans, so a text that fits here fits there).
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from PIL import ImageFont

from tools.browser import in_ci

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")  # Debian's fonts-liberation
try:
    import vl_convert as vlc
except ImportError as exc:  # pragma: no cover - depends on the environment
    if in_ci():
        raise ImportError(f"CI=true but vl-convert-python is not installed, so charts cannot be drawn: {exc}") from exc
    pytest.skip(f"chart drawing tests skipped: vl-convert-python is not installed ({exc})", allow_module_level=True)
if not (FONT_DIR / "LiberationSans-Regular.ttf").exists():  # pragma: no cover - depends on the environment
    if in_ci():
        raise FileNotFoundError(f"CI=true but {FONT_DIR} has no Liberation Sans (apt-get install fonts-liberation)")
    pytest.skip(f"chart drawing tests skipped: no Liberation Sans in {FONT_DIR}", allow_module_level=True)
FONT = "Liberation Sans"
# Streamlit 1.67's chart theme (frontend CustomTheme: fontSizes md 16, sm 14, twoSm 12; spacing lg 16)
STREAMLIT_CONFIG = {
    "font": FONT,
    "autosize": {"type": "fit", "contains": "padding"},
    "title": {"align": "left", "anchor": "start", "fontWeight": "bold", "fontSize": 16, "orient": "top", "offset": 26},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 14,
        "titleFontWeight": "normal",
        "ticks": False,
        "domain": False,
        "labelFlush": True,
        "labelFlushOffset": 1,
        "labelBound": False,
        "labelLimit": 100,
        "titlePadding": 16,
        "labelPadding": 16,
        "labelSeparation": 2,
        "labelOverlap": True,
    },
    "view": {"strokeWidth": 0, "stroke": "transparent", "continuousHeight": 350, "continuousWidth": 400},
    "concat": {"columns": 1},
    "axisDiscrete": {"grid": False},
}
# container widths: 320 px and 390 px phones, a 768 px tablet, 1280 and 1920 px windows (wide layout)
WIDTHS = (288, 358, 736, 1216, 1856)
SVG_NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Text:
    text: str
    x1: float
    x2: float
    y: float  # baseline
    size: float  # font size: the line covers y - size .. y, roughly
    role: str  # the Vega role of the mark it belongs to: title-text, axis-label, mark-text, ...

    def overlaps(self, other: Text) -> bool:
        return (
            self.x1 < other.x2 - 1
            and other.x1 < self.x2 - 1
            and self.y - self.size < other.y - 1
            and other.y - other.size < self.y - 1
        )


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def as_streamlit_draws(spec: dict, width: int) -> dict:
    """The spec at ``width`` with Streamlit's theme under it (the spec's own config wins, as in Streamlit)."""
    out = copy.deepcopy(spec)
    out["config"] = _merge(STREAMLIT_CONFIG, out.get("config", {}))
    if "vconcat" not in out:
        out["width"] = width
    return out


@cache
def _font(bold: bool, size: float) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), round(size))


_TRANSLATE = re.compile(r"translate\(([-\d.e]+)[ ,]*([-\d.e]*)\)")


def _offset(node: ET.Element) -> tuple[float, float, bool]:
    transform = node.get("transform", "")
    match = _TRANSLATE.search(transform)
    dx, dy = (float(match.group(1)), float(match.group(2) or 0)) if match else (0.0, 0.0)
    return dx, dy, "rotate" in transform


def svg_texts(svg: str) -> tuple[float, float, list[Text]]:
    """(width, height, every text line with its horizontal extent in SVG pixels)."""
    root = ET.fromstring(svg)
    found: list[Text] = []

    def walk(node: ET.Element, x: float, y: float, role: str, rotated: bool) -> None:
        dx, dy, rot = _offset(node)
        x, y, rotated = x + dx, y + dy, rotated or rot
        cls = node.get("class", "")
        match = re.search(r"role-([\w-]+)", cls)
        role = match.group(1) if match else role
        if node.tag == f"{SVG_NS}text":
            size = float(node.get("font-size", "11px").rstrip("px"))
            font = _font(node.get("font-weight") in ("bold", "700"), size)
            anchor = node.get("text-anchor", "start")
            spans = node.findall(f"{SVG_NS}tspan")
            lines = [(t.text or "", float(t.get("dy", 0))) for t in spans] or [(node.text or "", 0.0)]
            line_y = y
            for line, dy in lines:
                line_y += dy
                length = 0.0 if rotated else font.getlength(line)
                x1 = x - (length if anchor == "end" else length / 2 if anchor == "middle" else 0)
                found.append(Text(line, x1, x1 + length, line_y, size, role))
            return
        for child in node:
            walk(child, x, y, role, rotated)

    walk(root, 0.0, 0.0, "", False)
    return float(root.get("width")), float(root.get("height")), found


def draw(spec: dict, width: int) -> tuple[float, float, list[Text], str]:
    svg = vlc.vegalite_to_svg(as_streamlit_draws(spec, width))
    w, h, texts = svg_texts(svg)
    return w, h, texts, svg


def png(spec: dict, width: int) -> bytes:
    return vlc.vegalite_to_png(as_streamlit_draws(spec, width), scale=1)
