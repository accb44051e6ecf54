"""The lecture as slides, generated from the content (never written twice), for presenter mode and the deck.

- :mod:`.lecture`: the running order (title, ladder, each step and its poll question, pitfalls, timeline,
  evidence, teaching cases) and finding a slide by number or id;
- :mod:`.charts`: the charts a slide names; :mod:`.questions`: which questions a lecture polls;
- :mod:`.text`: how much fits on a projected slide.
"""

from pathway.present.slides.charts import chart_spec
from pathway.present.slides.lecture import (
    KINDS,
    Slide,
    build_slides,
    chart_for,
    find_slide,
    flowchart_dot,
    question_slide,
    slide_notice_value,
)
from pathway.present.slides.questions import DEFAULT_QUESTIONS

__all__ = [
    "DEFAULT_QUESTIONS",
    "KINDS",
    "Slide",
    "build_slides",
    "chart_for",
    "chart_spec",
    "find_slide",
    "flowchart_dot",
    "question_slide",
    "slide_notice_value",
]
