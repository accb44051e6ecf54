"""Drawing one practice item: the question with its answer form, then the feedback.

Every text of an item (stem, choices, explanations, source titles) is shown through
``ui.safe.plain``: as written, never acted on as Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.citations import reference_line
from pathway.clinical.content import Content
from pathway.learn.practice import answer_letter, answer_shares, letter, with_own_answer
from pathway.learn.review import CONFIDENCES
from pathway.learn.topics import topic_label
from pathway.store.item_stats import Difficulty, difficulty_sentence, item_difficulty
from pathway.store.progress import choice_counts
from ui.safe import plain

CONFIDENCE_LABELS = {"sure": "Sure", "unsure": "Unsure", "guess": "A guess"}
PROBLEM = "practice_problem"


def _text(text: str) -> str:
    return plain(text, limit=None)


def question(item: dict) -> None:
    st.markdown(_text(item["stem"]))
    st.markdown(f"**{_text(item['lead_in'])}**")


def ask(item: dict, attempt_id: str, on_submit: Callable[[], None]) -> None:
    """The answer form: a choice and, before anything is revealed, how sure the learner is."""
    labels = {c["id"]: f"{letter(i)}. {_text(c['text'])}" for i, c in enumerate(item["choices"])}
    form = f"ask_{attempt_id}"
    with st.form(form):
        st.radio("Your answer", list(labels), index=None, format_func=labels.__getitem__, key=f"{form}_choice")
        st.radio(
            "How sure are you?",
            CONFIDENCES,
            index=None,
            horizontal=True,
            format_func=CONFIDENCE_LABELS.__getitem__,
            key=f"{form}_confidence",
            help="Asked before the answer is shown. A right guess comes back for review sooner "
            "than a sure right answer; a wrong answer comes back soonest.",
        )
        st.form_submit_button("Check my answer", type="primary", on_click=on_submit, icon=":material/done:")
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        st.warning(problem, icon=":material/priority_high:")


def _verdict(item: dict, result: dict) -> None:
    choices = item["choices"]
    best = next(c for c in choices if c["id"] == item["answer"])
    best_label = f"{answer_letter(item)}. {_text(best['text'])}"
    sure = CONFIDENCE_LABELS[result["confidence"]].lower()
    if result["correct"]:
        st.success(f"**Correct:** {best_label}", icon=":material/check_circle:")
        if result["confidence"] != "sure":
            st.caption(f"You said: {sure}. Right, but not yet sure, so it comes back for review sooner.")
    else:
        ids = [c["id"] for c in choices]
        mine = choices[ids.index(result["choice"])]
        st.error(
            f"**Not quite.** You chose {letter(ids.index(result['choice']))}. {_text(mine['text'])}  \n"
            f"The best answer is **{best_label}**",
            icon=":material/cancel:",
        )
        if result["confidence"] == "sure":
            st.caption("You said: sure. A confident wrong answer is worth a second look; it comes back soon.")


def _choices(item: dict, result: dict, counts: dict[str, int], difficulty: Difficulty) -> None:
    ids = [c["id"] for c in item["choices"]]
    shares = answer_shares(counts, ids)
    total = sum(s.answers for s in shares)
    st.header("Every choice, explained", divider="gray")
    for index, (choice, share) in enumerate(zip(item["choices"], shares)):
        tags = []
        if choice["id"] == item["answer"]:
            tags.append(":green[:material/check: best answer]")
        if choice["id"] == result["choice"]:
            tags.append(":blue[:material/person: your answer]")
        with st.container(border=True):
            st.markdown(f"**{letter(index)}. {_text(choice['text'])}**" + (" · " + " · ".join(tags) if tags else ""))
            st.markdown(_text(choice["explanation"]) or "_No explanation written for this choice._")
            st.progress(
                share.percent / 100,
                text=f"{share.percent}% of answers chose {letter(index)} ({share.answers} of {total})",
            )
    st.caption(
        f"How learners answered: {total} answer{'s' if total != 1 else ''} so far, yours included"
        + ("" if result["recorded"] else " (yours is not saved)")
        + "."
    )
    st.caption(difficulty_sentence(difficulty))


def _sources(item: dict, content: Content) -> None:
    labels = [reference_line(s, content) for s in item.get("sources", [])]
    if labels:
        with st.expander(f"Sources ({len(labels)})", icon=":material/menu_book:"):
            st.markdown("\n".join(f"- {_text(label)}" for label in labels))


def feedback(item: dict, result: dict, engine: Engine, content: Content, next_button: Callable[[str], object]) -> None:
    """Right or wrong, every choice's explanation with how everyone answered, how hard the item proved
    (everyone's first tries: ``pathway.store.item_stats.item_difficulty``), and the sources;
    ``next_button(where)`` draws the button to the next item, under the verdict and at the end."""
    _verdict(item, result)
    next_button("top")
    counts = with_own_answer(choice_counts(engine, item["id"]), result["choice"], result["recorded"])
    difficulty = item_difficulty(engine, item["id"])
    if not result["recorded"]:
        difficulty = difficulty.with_unsaved_answer(result["correct"])
    _choices(item, result, counts, difficulty)
    _sources(item, content)
    next_button("end")


def item_caption(item: dict) -> str:
    if item["kind"] == "generated":
        seed = item["id"].removeprefix("case-")
        return f"Generated case {seed} · topic: {topic_label(item['topic'])} · difficulty {item['difficulty']} of 3"
    return f"Question bank · topic: {topic_label(item['topic'])} · difficulty {item['difficulty']} of 3"
