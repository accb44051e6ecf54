"""A lecture room's slide as the room shows it: full screen on the projector, small on the presenter's
screen. Nothing here moves the room; it draws what the room says (slide, points shown, reveal, black).

Sizes are in viewport units (``style.ROOM_CSS``), as reveal.js scales one fixed canvas: the same slide
fits 1024x768 and 3840x2160, and body text stays at 3.8% of the screen's height. Every text comes from
``content/`` or the question bank and is drawn as data (``plain``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.content import Content
from pathway.present.charts.poll import choice_letters
from pathway.present.qr import qr_png
from pathway.present.slides import Slide, chart_spec, flowchart_dot
from pathway.present.slides.projected import DECK_BOX_PX, slide_chart_png
from pathway.store.polls import counts, display_join_code, poll_state
from pathway.store.rooms import Room
from ui import room as rooms
from ui.errors import guarded
from ui.poll_result import show_result
from ui.safe import plain

ALL_AT_ONCE_KINDS = ("question", "title", "poll_qr")
# The chart's picture: drawn for the slide (its text 5% of its height: 18 pt on the deck, 3.4% of a 16:9
# screen at 66vh, style.ROOM_CSS), in the deck's body box's shape, 1460 px wide (Streamlit resamples wider
# pictures at every rerun, and this page reruns every second)
CHART_WIDTH_PX = 1460


def points_shown(slide: Slide, room: Room) -> int:
    if slide.kind in ALL_AT_ONCE_KINDS:
        return len(slide.bullets)
    return min(len(slide.bullets), room.shown_points)


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_picture(spec_json: str, name: str, _content: Content) -> bytes | None:
    """The named chart drawn for the slide; ``spec_json`` (the page's chart) keys it to the content."""
    height = round(CHART_WIDTH_PX * DECK_BOX_PX[1] / DECK_BOX_PX[0])
    drawn = slide_chart_png(name, _content, CHART_WIDTH_PX, height)
    return None if drawn is None else drawn[0]


def _chart(slide: Slide, content: Content, key: str) -> None:
    import json

    spec = chart_spec(slide.chart, content) if slide.chart else None
    picture = None
    if spec is not None and slide.chart:
        picture = _chart_picture(json.dumps(spec, sort_keys=True, default=str), slide.chart, content)
    if spec is None or picture is None:
        st.warning("This slide's chart is not available.", icon=":material/bar_chart:")
        return
    with st.container(key=key):  # its text alternative is the picture's alt text (and the speaker notes)
        st.image(picture, alt=spec.get("description") or slide.title)


def _join_panel(room: Room, base: str, key: str) -> None:
    url = rooms.phone_url(base, room.code)
    with st.container(key=key):
        st.markdown("Answer on your phone")
        with st.container(key=f"{key}_code"):
            st.markdown(display_join_code(room.code))
        st.image(qr_png(url, scale=8), alt="QR code of the link to answer on a phone")
        with st.container(key=f"{key}_link"):
            st.markdown(plain(url.split("://", 1)[-1], None))


def _question(engine: Engine, room: Room, slide: Slide, base: str, prefix: str) -> None:
    question: Mapping[str, Any] = slide.question or {}
    letters = choice_letters(question)
    left, right = st.columns([5, 2], gap="large")
    with left, st.container(key=f"{prefix}_question"):
        st.markdown(plain(question.get("stem", ""), None))
        if question.get("lead_in") and question["lead_in"].strip() != slide.title.strip():
            st.markdown(f"**{plain(question['lead_in'], None)}**")
        with st.container(key=f"{prefix}_choices"):
            st.markdown("\n".join(f"- {letters[c['id']]}\\. {plain(c['text'], None)}" for c in question["choices"]))
    with right:
        state = poll_state(engine, room.poll_id) if room.answer_shown else None
        if state is not None and state.revealed and state.answer and state.question["id"] == question.get("id"):
            show_result(state.question, state.counts or {}, state.answer, key=f"{prefix}_result", projector=True)
            return
        _join_panel(room, base, f"{prefix}_join")
        if prefix != "projector":
            return  # the presenter view counts the answers live beside it (presenter_room.status)
        tally = counts(engine, room.poll_id) if room.is_open else {}
        answers = sum(tally.values())
        closed = " · voting closed" if room.voting_closed else ""
        with st.container(key=f"{prefix}_count"):
            st.markdown(f"{answers} answer{'' if answers == 1 else 's'}{closed}")


def draw_slide(engine: Engine, room: Room, slide: Slide | None, content: Content, base: str, prefix: str) -> None:
    """The room's current slide in the container ``prefix`` (``projector`` or ``preview``)."""
    with st.container(key=prefix):
        if slide is None:
            st.title(plain(room.title, None), anchor=False)
            st.caption("This slide is not in this version of the lecture.")
            return
        st.title(plain(slide.title, None), anchor=False)
        if slide.kind == "question" and slide.question:
            _question(engine, room, slide, base, prefix)
        elif slide.kind == "overview":
            with st.container(key=f"{prefix}_flowchart"):
                st.graphviz_chart(flowchart_dot(content), width="stretch")
        elif slide.kind == "poll_qr":
            _join_panel(room, base, f"{prefix}_join")
        else:
            shown = points_shown(slide, room)
            if shown:
                st.markdown("\n".join(f"- {plain(b, None)}" for b in slide.bullets[:shown]))
        if slide.chart:
            _chart(slide, content, f"{prefix}_chart")
        if slide.sources:
            with st.container(key=f"{prefix}_sources"):
                st.caption(" · ".join(plain(source, None) for source in slide.sources))


def ended(room: Room) -> None:
    with st.container(key="projector"):
        st.title("Thank you", anchor=False)
        st.markdown(f"The lecture in room {display_join_code(room.code)} has ended. Your phone shows your answers.")


SEEN = "projector_room"


@st.fragment(run_every=rooms.REFRESH_SECONDS)
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def follow(engine: Engine, poll_id: int, content: Content, base: str) -> None:
    """The projected screen: reads the room's version every second, redraws what the room shows."""
    room = rooms.watched_room(engine, poll_id, SEEN)
    if room is None:
        st.error("This lecture room no longer exists.", icon=":material/error:")
        return
    if not room.is_open:
        ended(room)
        return
    if room.black:
        with st.container(key="projector_black"):
            st.html("<div></div>")  # a black screen: nothing to read
        return
    draw_slide(engine, room, rooms.slides_by_id(content).get(room.slide_id), content, base, "projector")
