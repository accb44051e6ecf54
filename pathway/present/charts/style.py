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
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


def title(text: str, subtitle: Sequence[str] | str | None = None) -> alt.Title:
    """A title that states the finding, short lines on a phone and long lines on a wide screen."""
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


def axis_title(text: str) -> list[str] | str:
    lines = wrap(text, AXIS_TITLE_CHARS)
    return lines if len(lines) > 1 else lines[0]


def finish(
    chart: _Chart, heading: str, subtitle: Sequence[str] | str | None, description: str, **properties: Any
) -> _Chart:
    """Title, text alternative and the full-width, fit-the-container sizing every chart shares.

    ``usermeta`` keeps the title's and subtitle's plain text (Vega ignores it): the pages, the handout
    and the tests read the finding from there rather than from the width-dependent expression.
    """
    subs = [subtitle] if isinstance(subtitle, str) else [s for s in (subtitle or []) if s]
    return chart.properties(
        title=title(heading, subs),
        description=description,
        autosize=AUTOSIZE,
        usermeta={"title": heading, "subtitle": subs},
        **properties,
    )


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
    font: int = LABEL_FONT,
    note_font: int = SMALL_FONT,
) -> Rows:
    """Stack rows top to bottom: the label's lines, then the bar, then the note's lines (if any).

    ``header`` reserves pixels at the top of the plot (for a marker's label); the label and note
    columns hold text with ``\\n`` between lines.
    """
    line = LINE_PX[font]
    note_line = LINE_PX[note_font]
    out = df.copy().reset_index(drop=True)
    tops, bar_tops, notes = [], [], []
    y = header + 4
    for _, row in out.iterrows():
        lines = str(row[label_col]).count("\n") + 1
        tops.append(y)
        y += lines * line + 3
        bar_tops.append(y)
        y += bar
        notes.append(y + 2)
        if note_col and row.get(note_col):
            y += (str(row[note_col]).count("\n") + 1) * note_line + 2
        y += gap
    out["label_y"], out["bar_y"] = tops, bar_tops
    out["bar_y2"] = out["bar_y"] + bar
    out["bar_mid"] = out["bar_y"] + bar / 2
    out["note_y"] = notes
    height = int(y - gap + 6)
    return Rows(out, height, alt.Scale(domain=[0, height], reverse=True, nice=False, zero=False))


def row_label(data: pd.DataFrame, rows: Rows, text: str = "label_lines", **mark: Any) -> alt.Chart:
    """Each row's label, at the left edge of the plot, above its bar."""
    # aria: the label is spoken with its bar (each bar's ``description``), not a second time
    style: dict[str, Any] = {
        "align": "left",
        "baseline": "top",
        "lineBreak": "\n",
        "fontSize": LABEL_FONT,
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
