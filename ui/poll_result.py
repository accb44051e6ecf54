"""A revealed poll question: the bar chart (correct answer marked), the answer and why.

Shown on the presenter's screen and on every student's phone. Question text comes from the bank or
from a generated case, so it is rendered as data (``ui.safe.plain``), never as Markdown.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import streamlit as st

from pathway.present.charts.poll import (
    choice_letters,
    poll_result_chart,
    projector_result_chart,
    result_heading,
    share,
)
from ui.safe import plain


@st.cache_data(show_spinner=False, max_entries=256)
def _result_spec(what: str, projector: bool) -> dict[str, Any]:
    """The result chart's Vega-Lite spec, made once per question, counts and answer for the whole server
    (every phone in a room shows the same one after a reveal)."""
    question, counts, answer = json.loads(what)
    build = projector_result_chart if projector else poll_result_chart
    spec: dict[str, Any] = build(question, counts, answer).to_dict()
    return spec


def choice_text(question: Mapping[str, Any], choice_id: str) -> str:
    """ "B. Wet wraps" for a choice, as inert Markdown."""
    for choice in question["choices"]:
        if choice["id"] == choice_id:
            return f"{choice_letters(question)[choice_id]}\\. {plain(choice['text'], None)}"
    return plain(choice_id)


def show_question(question: Mapping[str, Any], heading: str | None = None) -> None:
    """The stem and the lead-in, as text (not the lead-in again when the heading above already says it)."""
    st.markdown(plain(question["stem"], None))
    if question.get("lead_in") and question["lead_in"].strip() != (heading or "").strip():
        st.markdown(f"**{plain(question['lead_in'], None)}**")


def show_result(
    question: Mapping[str, Any],
    counts: Mapping[str, int],
    answer: str,
    mine: str | None = None,
    *,
    key: str,
    projector: bool = False,
    phone: bool = False,
) -> None:
    """The class's answers as bars, then the correct answer with its explanation (and the voter's own).

    ``projector``: bars by letter in big type (the choices' texts are on the slide beside them).
    ``phone``: the answers as lines of text instead of a chart: the same numbers, readable on a small
    screen, and a thousand phones refreshing after a reveal cost the server a line of Markdown each, not
    a chart's data and spec each."""
    if phone:
        total = sum(counts.values())
        letters = choice_letters(question)
        lines = [
            f"- {letters[c['id']]}\\. {plain(c['text'], None)}: **{counts.get(c['id'], 0)}** "
            f"({share(counts.get(c['id'], 0), total)}){' · the correct answer' if c['id'] == answer else ''}"
            for c in question["choices"]
        ]
        st.markdown(f"**{plain(result_heading(question, counts, answer), None)}.**\n\n" + "\n".join(lines))
    else:
        chart = _result_spec(json.dumps([question, counts, answer], sort_keys=True), projector)
        st.vega_lite_chart(chart, width="stretch", key=key)
        if not projector:  # on the projector the chart's big title says the same
            st.caption(chart.get("description", ""))
    by_id = {choice["id"]: choice for choice in question["choices"]}
    if mine is not None and mine in by_id:
        if mine == answer:
            st.success(f"Your answer, {choice_text(question, mine)}, is correct.", icon=":material/check_circle:")
        else:
            st.info(f"Your answer was {choice_text(question, mine)}.", icon=":material/info:")
    st.markdown(f"**Correct answer: {choice_text(question, answer)}**")
    if by_id[answer].get("explanation"):
        st.markdown(plain(by_id[answer]["explanation"], None))
    if mine is not None and mine != answer and by_id.get(mine, {}).get("explanation"):
        st.markdown(f"**Why not {choice_letters(question)[mine]}:** {plain(by_id[mine]['explanation'], None)}")
