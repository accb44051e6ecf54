"""The whole ladder as a Graphviz DOT flowchart, drawn from the content."""

from __future__ import annotations

from pathway.clinical.content import Content

HIGHLIGHT = "#E69F00"  # Okabe-Ito orange: the current scenario's step
RED_FLAG = "#D55E00"
NORMAL = "#EEF4F7"
DOC_COLOURS = {"doc_000": "#0072B2", "doc_003": "#009E73"}
# Says what the chart draws: keep in step with the colours above (a test checks the words).
FLOWCHART_LEGEND = (
    "Blue border: document 000 · green border: document 003 · thick dashed red-orange border: "
    "red flags, checked first · orange fill: where the current scenario sits · the note at the "
    "side: when to refer."
)


def _quote(text: str) -> str:
    """A DOT string literal; real newlines become DOT line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def ladder_dot(content: Content, highlight_stage: str | None = None) -> str:
    """DOT source: steps in order, red flags branching off first, referral alongside.

    The step whose stages include ``highlight_stage`` is filled in the highlight colour.
    """
    lines = [
        "digraph ladder {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.25, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, margin="0.15,0.06"];',
        '  edge [color="#5b6b73", arrowsize=0.7];',
    ]
    steps = [s for s in content.steps_in_order() if s.id != "referral"]
    previous = None
    for step in steps:
        current = highlight_stage is not None and highlight_stage in step.stages
        is_flag = bool(set(step.stages) & {"eczema_herpeticum", "treat_infection"})
        fill = HIGHLIGHT if current else NORMAL
        border = RED_FLAG if is_flag else DOC_COLOURS.get(step.documents[0], "#5b6b73")
        if is_flag:
            attrs_style = ', style="rounded,filled,dashed"'
        else:
            attrs_style = ""
        label = f"{step.label}\n{step.title}"
        attrs = (
            f'label={_quote(label)}, fillcolor="{fill}", color="{border}", '
            f"penwidth={3 if current or is_flag else 1.5}{attrs_style}"
        )
        if current:
            attrs += ', fontname="Helvetica-Bold"'
        lines.append(f"  {_quote(step.id)} [{attrs}];")
        if previous is not None:
            lines.append(f"  {_quote(previous)} -> {_quote(step.id)};")
        previous = step.id
    referral = content.steps.get("referral")
    if referral is not None:
        label = _quote(referral.label + "\n" + referral.title)
        colour = DOC_COLOURS["doc_003"]
        current = highlight_stage is not None and highlight_stage in referral.stages
        fill = HIGHLIGHT if current else "#FFFFFF"
        lines.append(
            f'  {_quote(referral.id)} [label={label}, shape=note, fillcolor="{fill}", color="{colour}", '
            f"penwidth={3 if current else 1.5}];"
        )
        for step in steps:
            if set(step.stages) & {"phototherapy", "systemic", "complicating_factors"}:
                lines.append(f"  {_quote(step.id)} -> {_quote(referral.id)} [style=dashed, constraint=false];")
    lines.append("}")
    return "\n".join(lines)
