"""The ladder overview drawn with PowerPoint shapes (no Graphviz needed, and every box stays editable).

The same reading as the app's DOT flowchart (:mod:`flowchart`): steps in order, red flags first with a
dashed red-orange border, each border in its document's colour, and the referral note apart. Two
columns of boxes joined by arrows that stay attached when a box is moved.
"""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from pathway.clinical.content import Content
from pathway.clinical.models import Step
from pathway.present.deck.layout import BODY_BOX, MUTED, add_paragraph, write
from pathway.present.flowchart import DOC_COLOURS, NORMAL, RED_FLAG

RED_FLAG_STAGES = {"eczema_herpeticum", "treat_infection"}  # as the flowchart marks them
LABEL_PT = 12
STEP_PT = 18
ROWS = 5
GAP_X = Inches(0.7)
GAP_Y = Inches(0.24)


def _rgb(hex_colour: str) -> RGBColor:
    # python-pptx leaves RGBColor.from_string unannotated
    return RGBColor.from_string(hex_colour.lstrip("#").upper())  # type: ignore[no-untyped-call,no-any-return]


def _arrow(line: Any) -> None:
    ln = line._get_or_add_ln()
    for old in ln.findall(qn("a:tailEnd")):
        ln.remove(old)
    tail = ln.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"})
    ln.append(tail)


def _connect(slide: Any, first: Any, second: Any, begin_point: int, end_point: int, elbow: bool = False) -> Any:
    kind = MSO_CONNECTOR.ELBOW if elbow else MSO_CONNECTOR.STRAIGHT
    connector = slide.shapes.add_connector(kind, 0, 0, 0, 0)
    connector.begin_connect(first, begin_point)
    connector.end_connect(second, end_point)
    connector.line.color.rgb = _rgb("#5b6b73")
    connector.line.width = Pt(1.75)
    _arrow(connector.line)
    return connector


def _box(slide: Any, left: int, top: int, width: int, height: int, step: Step, *, note: bool = False) -> Any:
    is_flag = bool(set(step.stages) & RED_FLAG_STAGES)
    shape = slide.shapes.add_shape(
        MSO_SHAPE.FOLDED_CORNER if note else MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height
    )
    shape.name = f"Ladder: {step.id}"
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb("#FFFFFF" if note else NORMAL)
    border = RED_FLAG if is_flag else DOC_COLOURS.get(step.documents[0], "#5b6b73")
    shape.line.color.rgb = _rgb(border)
    shape.line.width = Pt(3 if is_flag else 1.75)
    if is_flag:
        shape.line.dash_style = MSO_LINE.DASH
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = Inches(0.12)
    frame.margin_top = frame.margin_bottom = Inches(0.04)
    write(frame, [step.label], LABEL_PT, colour=MUTED, anchor=MSO_ANCHOR.MIDDLE)
    add_paragraph(frame, step.title, STEP_PT, bold=True, space_before=0)
    return shape


def draw_ladder(slide: Any, content: Content) -> list[Any]:
    """Every step as a box, in order down two columns, with the referral note last; returns the boxes."""
    steps = [s for s in content.steps_in_order() if s.id != "referral"]
    referral = content.steps.get("referral")
    width = (BODY_BOX.width - GAP_X) // 2
    height = (BODY_BOX.height - (ROWS - 1) * GAP_Y) // ROWS
    boxes = []
    for i, step in enumerate(steps):
        column, row = divmod(i, ROWS)
        left = BODY_BOX.left + column * (width + GAP_X)
        top = BODY_BOX.top + row * (height + GAP_Y)
        boxes.append(_box(slide, left, top, width, height, step))
    for i in range(1, len(boxes)):
        if i % ROWS:
            _connect(slide, boxes[i - 1], boxes[i], 2, 0)  # bottom of one to the top of the next
        else:
            _connect(slide, boxes[i - 1], boxes[i], 3, 1, elbow=True)  # across to the next column
    if referral is not None:
        column, row = divmod(len(steps), ROWS)
        if column < 2:
            left = BODY_BOX.left + column * (width + GAP_X)
            boxes.append(_box(slide, left, BODY_BOX.top + row * (height + GAP_Y), width, height, referral, note=True))
    return boxes
