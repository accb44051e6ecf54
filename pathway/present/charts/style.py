"""Shared look and layout of the charts: palette, wrapped text, titles chosen by width, stacked rows.

Every chart must read from a 320 px phone to a 1920 px screen. Streamlit gives a chart its container's
width and nothing else (the server never learns the screen's width), so the specs carry their own answer:

* titles are wrapped twice in Python, into short lines for a narrow chart and long lines for a wide
  one, and a Vega expression on the chart's ``width`` picks one of the two when it is drawn; subtitles
  (which take no expression) are short lines at every width;
* no chart has axis labels on its left: each row's label is written inside the plot, wrapped into short
  lines above its bar, with its numbers, so nothing pushes the plot off screen and no number is cut;
* rows are laid out here, in pixels (:func:`stack_rows`), on a y scale where one unit is one pixel.

Font sizes are Streamlit's (title 16 px bold, axis titles 14 px, axis labels 12 px); the line lengths
below are measured against Liberation Sans, which is wider than Streamlit's Source Sans (see
tests/present/test_chart_layout.py, which draws every chart at 288-1856 px and checks every text).

A projected slide needs the same charts drawn differently: for one canvas of known width, every text at
one size large enough for the back of a room. :class:`Look` holds what differs (fonts, line heights,
line lengths, bar and gap sizes); the builders take ``look=PAGE`` (the pages' sizes above, unchanged)
or a :func:`slide_look`.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import altair as alt
import pandas as pd

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")]

# characters per line
TITLE_NARROW, TITLE_WIDE, TITLE_WIDER = 30, 62, 110  # 16 px bold
SUBTITLE_NARROW = 42  # 13 px
LABEL_CHARS = 44  # 12 px row labels inside the plot
AXIS_TITLE_CHARS = 38  # 14 px
# plot widths from which the longer title lines are used (they need at most ~560 and ~950 px)
WIDE_FROM_PX, WIDER_FROM_PX = 600, 1000
# On a wide screen the evidence charts' x axes stop at this width rather than run 1800 px long
X_RANGE_CAP = {"expr": "min(width, 760)"}
X_TICKS = {"expr": "ceil(min(width, 760) / 90)"}  # Vega would count ticks from the uncapped width

TITLE_FONT, SUBTITLE_FONT, LABEL_FONT, SMALL_FONT = 16, 13, 12, 11
LINE_PX = {LABEL_FONT: 15, SMALL_FONT: 13}
TITLE_WIDTH = TITLE_WIDE  # kept for callers that wrap a title by hand
# Fit the container's width; the height is the rows' own (a fitted height would squash the rows)
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")

_Chart = TypeVar("_Chart", bound=alt.TopLevelMixin)

# On a slide: lines this many font sizes apart, and characters per line from the text's width, at the
# widest a wrapped line of the content's labels reaches in Liberation Sans (0.50 em a character, 0.53 bold)
SLIDE_LINE = 1.2
SLIDE_EM_PER_CHAR, SLIDE_EM_PER_CHAR_BOLD = 0.5, 0.54
SLIDE_GEOMETRY = 1.6  # bars, gaps and marks: thinner next to the text than on a page, to leave room for rows


@dataclass(frozen=True)
class Look:
    """How a chart is drawn: for the app's pages (:data:`PAGE`) or for a projected slide (:func:`slide_look`).

    A page chart fits its container's width, picks its title's wrapping by width and has a subtitle. A
    slide chart is drawn once for a canvas ``width`` px wide: every text at least ``small_font``, the
    title wrapped for that width, no subtitle (it stays in the speaker notes), bars and gaps ``geometry``
    times a page's.
    """

    title_font: int = TITLE_FONT
    label_font: int = LABEL_FONT
    small_font: int = SMALL_FONT
    geometry: float = 1.0
    width: int | None = None  # a slide's canvas width in px; None: a page's container

    @property
    def page(self) -> bool:
        return self.width is None

    def px(self, n: float) -> int:
        """A page's size in pixels (a bar, a gap, a stroke), as drawn in this look."""
        return round(n * self.geometry)

    def area(self, n: float) -> int:
        """A point mark's size (an area in square pixels), as drawn in this look."""
        return round(n * self.geometry**2)

    def stroke(self, page_px: float) -> dict[str, Any]:
        """A line's ``strokeWidth`` where a page leaves Vega's default (1 px) in place."""
        return {} if self.page else {"strokeWidth": self.px(page_px)}

    def line(self, font: int) -> int:
        """Pixels from one line of a ``font``-px text to the next."""
        return LINE_PX[font] if self.page else round(font * SLIDE_LINE)

    def chars(self, page_chars: int, font: int, *, bold: bool = False, width: float | None = None) -> int:
        """Characters per line: ``page_chars`` on a page; on a slide, what fits ``width`` (the canvas)."""
        if self.width is None:
            return page_chars
        em = SLIDE_EM_PER_CHAR_BOLD if bold else SLIDE_EM_PER_CHAR
        return max(12, int((width or self.width) / (em * font)))

    @property
    def label_chars(self) -> int:
        return self.chars(LABEL_CHARS, self.label_font)

    @property
    def chart_width(self) -> str | int:
        """The ``width`` a chart takes: its container's on a page, the canvas's on a slide."""
        return "container" if self.width is None else self.width

    @property
    def x_range_cap(self) -> Any:
        """A page's x axes stop at 760 px on a wide screen; a slide's run its whole width."""
        return X_RANGE_CAP if self.page else alt.Undefined

    @property
    def x_ticks(self) -> dict[str, str]:
        return X_TICKS if self.page else {"expr": f"ceil(width / {6 * self.label_font})"}

    def narrower(self, width: float) -> Look:
        """This look for a part of the canvas ``width`` px wide (a column of a slide)."""
        return self if self.width is None else replace(self, width=int(width))

    def text_mark(self, font: int | None = None) -> dict[str, Any]:
        """A multi-line text mark's line spacing: Vega's own on a page, :meth:`line` on a slide."""
        return {} if self.page else {"lineHeight": self.line(font or self.label_font)}

    def configured(self, chart: _Chart) -> _Chart:
        """The chart with this look's axis text and frame (a page takes Streamlit's theme instead)."""
        if self.page:
            return chart
        configured: _Chart = chart.configure_axis(
            labelFontSize=self.label_font,
            titleFontSize=self.label_font,
            titleFontWeight="normal",
            labelPadding=self.px(3),
            titlePadding=self.px(6),
            tickSize=self.px(5),
            labelFlush=True,
        ).configure_view(stroke=None)
        return configured


PAGE = Look()


def slide_look(width: int, font: int) -> Look:
    """Every text at ``font`` px (the title bold) on a canvas ``width`` px wide."""
    return Look(title_font=font, label_font=font, small_font=font, geometry=SLIDE_GEOMETRY, width=width)


def wrap(text: str, width: int = TITLE_WIDTH) -> list[str]:
    """Lines of at most ``width`` characters (a longer single word stays whole on its own line)."""
    return textwrap.wrap(text, width, break_on_hyphens=False) or [text]


def wrap_lines(texts: Iterable[str], width: int) -> list[str]:
    return [line for text in texts for line in wrap(text, width)]


def multiline(text: str, width: int = LABEL_CHARS) -> str:
    """``text`` wrapped for a text mark drawn with ``lineBreak="\\n"``."""
    return "\n".join(wrap(text, width))


def title_lines(text: str) -> list[tuple[int, list[str]]]:
    """(plot width from which they are used, lines) for each wrapping of a title, narrowest first."""
    return [
        (0, wrap(text, TITLE_NARROW)),
        (WIDE_FROM_PX, wrap(text, TITLE_WIDE)),
        (WIDER_FROM_PX, wrap(text, TITLE_WIDER)),
    ]


def _by_width(text: str) -> dict[str, str]:
    """A Vega expression choosing a wrapping of ``text`` by the chart's width."""
    tiers = title_lines(text)
    expr = json.dumps(tiers[0][1])
    for px, lines in tiers[1:]:
        if lines != tiers[0][1]:
            expr = f"width >= {px} ? {json.dumps(lines)} : ({expr})"
    return {"expr": expr}


def title(text: str, subtitle: Sequence[str] | str | None = None, look: Look = PAGE) -> alt.Title:
    """A title that states the finding, short lines on a phone and long lines on a wide screen.

    On a slide: wrapped once for the canvas, and no subtitle (the speaker notes carry it)."""
    if not look.page:
        lines = wrap(text, look.chars(TITLE_WIDE, look.title_font, bold=True))
        return alt.Title(text=lines, anchor="start", fontSize=look.title_font, offset=look.px(12))
    subs = [subtitle] if isinstance(subtitle, str) else [s for s in (subtitle or []) if s]
    params: dict[str, Any] = {
        "text": _by_width(text),
        "anchor": "start",
        "fontSize": TITLE_FONT,
        "subtitleFontSize": SUBTITLE_FONT,
        "subtitlePadding": 6,
        "offset": 12,
    }
    if subs:  # Vega-Lite takes no expression for a subtitle: short lines at every width
        params["subtitle"] = wrap_lines(subs, SUBTITLE_NARROW)
    return alt.Title(**params)


def axis_title(text: str, look: Look = PAGE) -> list[str] | str:
    lines = wrap(text, look.chars(AXIS_TITLE_CHARS, look.label_font))
    return lines if len(lines) > 1 else lines[0]


def finish(
    chart: _Chart,
    heading: str,
    subtitle: Sequence[str] | str | None,
    description: str,
    look: Look = PAGE,
    **properties: Any,
) -> _Chart:
    """Title, text alternative and the full-width, fit-the-container sizing every chart shares.

    ``usermeta`` keeps the title's and subtitle's plain text (Vega ignores it): the pages, the handout
    and the tests read the finding from there rather than from the width-dependent expression (a
    slide keeps its subtitle there too, though it draws none).
    """
    subs = [subtitle] if isinstance(subtitle, str) else [s for s in (subtitle or []) if s]
    finished = chart.properties(
        title=title(heading, subs, look),
        description=description,
        usermeta={"title": heading, "subtitle": subs},
        **{"autosize": AUTOSIZE, **properties},
    )
    return look.configured(finished)


def palette_scale(domain: list[str]) -> alt.Scale:
    return alt.Scale(domain=domain, range=[PALETTE[i % len(PALETTE)] for i in range(len(domain))])


# ---------- rows laid out in pixels ----------
@dataclass(frozen=True)
class Rows:
    """Where each row's label, bar and note go, in pixels from the top of the plot."""

    frame: pd.DataFrame  # the input rows plus label_y, bar_y, bar_y2, bar_mid, note_y
    height: int  # plot height in pixels
    y: alt.Scale  # a y scale on which one unit is one pixel, 0 at the top


def stack_rows(
    df: pd.DataFrame,
    label_col: str = "label_lines",
    note_col: str | None = None,
    *,
    header: int = 0,
    bar: int = 14,
    gap: int = 14,
    font: int | None = None,
    note_font: int | None = None,
    look: Look = PAGE,
) -> Rows:
    """Stack rows top to bottom: the label's lines, then the bar, then the note's lines (if any).

    ``header`` reserves pixels at the top of the plot (for a marker's label); the label and note
    columns hold text with ``\\n`` between lines. ``bar`` and ``gap`` are a page's pixels (``look``
    scales them); the fonts default to the look's label and small fonts.
    """
    line = look.line(look.label_font if font is None else font)
    note_line = look.line(look.small_font if note_font is None else note_font)
    bar, gap = look.px(bar), look.px(gap)
    out = df.copy().reset_index(drop=True)
    tops, bar_tops, notes = [], [], []
    y = header + look.px(4)
    for _, row in out.iterrows():
        lines = str(row[label_col]).count("\n") + 1
        tops.append(y)
        y += lines * line + look.px(3)
        bar_tops.append(y)
        y += bar
        notes.append(y + look.px(2))
        if note_col and row.get(note_col):
            y += (str(row[note_col]).count("\n") + 1) * note_line + look.px(2)
        y += gap
    out["label_y"], out["bar_y"] = tops, bar_tops
    out["bar_y2"] = out["bar_y"] + bar
    out["bar_mid"] = out["bar_y"] + bar / 2
    out["note_y"] = notes
    height = int(y - gap + look.px(6))
    return Rows(out, height, alt.Scale(domain=[0, height], reverse=True, nice=False, zero=False))


def row_label(data: pd.DataFrame, rows: Rows, text: str = "label_lines", look: Look = PAGE, **mark: Any) -> alt.Chart:
    """Each row's label, at the left edge of the plot, above its bar."""
    # aria: the label is spoken with its bar (each bar's ``description``), not a second time
    style: dict[str, Any] = {
        "align": "left",
        "baseline": "top",
        "lineBreak": "\n",
        "fontSize": look.label_font,
        **look.text_mark(),
        "color": OKABE_ITO["black"],
        "aria": False,
        **mark,
    }
    labels: alt.Chart = (
        alt.Chart(data)
        .mark_text(**style)
        .encode(x=alt.value(0), y=alt.Y("label_y:Q", scale=rows.y, axis=None), text=f"{text}:N")
    )
    return labels


def spoken(lines: Iterable[str]) -> list[str]:
    """Multi-line labels as one line each, for a mark's ``description`` (what a screen reader says)."""
    return [" ".join(str(text).split()) for text in lines]


def describe(*sentences: str) -> str:
    """Sentences joined into one text alternative (each ends with a full stop)."""
    out = []
    for s in sentences:
        s = s.strip()
        if s:
            out.append(s if s[-1] in ".!?" else s + ".")
    return " ".join(out)
