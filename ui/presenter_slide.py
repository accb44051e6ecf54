"""One slide on the projector: big title, the points shown so far, its chart or flowchart, sources,
and the speaker notes when the presenter turns them on.

Every text here comes from ``content/`` or the question bank and is rendered as data (``plain``).
"""

from __future__ import annotations

import streamlit as st

from pathway.clinical.content import Content
from pathway.present.qr import qr_png
from pathway.present.slides import Slide, chart_spec, flowchart_dot
from ui.safe import plain

NOTES = "presenter_notes"


def notes_markdown(notes: str) -> str:
    """Speaker notes as inert Markdown, keeping their paragraphs and "- " lists."""
    out = []
    for line in notes.splitlines():
        if line.startswith("- "):
            out.append("- " + plain(line[2:], None))
        else:
            out.append(plain(line, None) + ("  " if line else ""))  # two spaces: a line break
    return "\n".join(out)


def _bullets(slide: Slide, shown: int) -> None:
    if not slide.bullets:
        return
    if shown:
        st.markdown("\n".join(f"- {plain(b, None)}" for b in slide.bullets[:shown]))
    hidden = len(slide.bullets) - shown
    if hidden:
        with st.container(key="slide_more"):
            st.caption(f"{hidden} more point{'s' if hidden > 1 else ''}: press the down arrow or Next point.")


def _chart(slide: Slide, content: Content) -> None:
    spec = chart_spec(slide.chart, content) if slide.chart else None
    if spec is None:
        st.warning("This slide's chart is not available.", icon=":material/bar_chart:")
        return
    # the chart's title states its finding; its full text alternative is in the speaker notes
    st.vega_lite_chart(spec, width="stretch", key=f"slide_chart_{slide.id}")


def _question(slide: Slide) -> None:
    question = slide.question or {}
    st.markdown(plain(question.get("stem", ""), None))
    st.markdown("\n".join(f"- {plain(b, None)}" for b in slide.bullets))


def show_slide(slide: Slide, content: Content, shown: int) -> None:
    """The slide itself, in the big-type container ``slide`` (see ``style.projector``)."""
    with st.container(key="slide"):
        st.title(plain(slide.title, None), anchor=False)
        if slide.kind == "overview":
            with st.container(key="slide_flowchart"):
                st.graphviz_chart(flowchart_dot(content), width="stretch")
        elif slide.kind == "question":
            _question(slide)
        elif slide.kind == "poll_qr" and slide.url:
            st.image(qr_png(slide.url, scale=12), width=420, alt="QR code of the join link")
            st.markdown(plain(slide.url, None))
        else:
            _bullets(slide, shown)
        if slide.chart:
            _chart(slide, content)
        if slide.sources:
            with st.container(key="slide_sources"):
                for source in slide.sources:
                    st.caption(plain(source, None))


def show_notes(slide: Slide) -> None:
    """The speaker notes, only while the presenter's "Speaker notes" toggle is on."""
    if not st.session_state.get(NOTES):
        return
    with st.expander("Speaker notes", expanded=True, icon=":material/speaker_notes:"):
        st.markdown(notes_markdown(slide.notes) if slide.notes else "No notes for this slide.")
