"""The practice page's state: the item on screen, where it came from, and saving an answer.

One "turn" per item on screen (a dict in session state): the item, a fresh attempt id (so a rerun
or a double click cannot record the answer twice), when it was shown, and, once answered, the
result. Practice and Review due each keep their own turn.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.urlstate import LinkNotice
from pathway.learn.bank import Question, question_json
from pathway.learn.cases import generate_case, generate_for_stage
from pathway.learn.practice import (
    MAX_SEED,
    item_kind,
    new_seed,
    next_question,
    parse_seed,
    review_target,
    topics_in,
)
from pathway.store.progress import Learner, Mode, record_answer
from pathway.store.review_store import due_reviews
from ui.common import get_bank
from ui.errors import in_callback

PRACTICE, REVIEW = "practice_turn", "review_turn"
SEEN = "practice_seen"  # bank items shown this session, oldest first
SOURCE, TOPIC = "practice_source", "practice_topic"  # widget keys
KEPT_TOPIC = "practice_topic_kept"  # the topic chosen, kept while its widget is hidden
BANK, CASE = "bank", "case"
ANY_TOPIC = "any"
PROBLEM = "practice_problem"
LINK = "practice_link"  # the item parameters last written into the address
TOPIC_PARAM = "topic"  # ?topic=red_flags: the topic filter, kept for the following questions
FAR_FUTURE = timedelta(days=3650)


@st.cache_data(show_spinner=False, max_entries=256)
def case(seed: int) -> dict:
    return generate_case(seed)


def turn(item: dict, review_key: str | None = None) -> dict:
    return {
        "item": item,
        "attempt_id": str(uuid.uuid4()),
        "shown_at": time.time(),
        "result": None,
        "review_key": review_key,
    }


def _rng() -> random.Random:
    return random.Random()


def show_question(question: Question) -> None:
    st.session_state[PRACTICE] = turn(question_json(question))
    seen = [q for q in st.session_state.get(SEEN, []) if q != question.id]
    st.session_state[SEEN] = [*seen, question.id]


def show_case(seed: int) -> None:
    st.session_state[PRACTICE] = turn(case(seed))


def next_bank_item() -> None:
    topic = st.session_state.get(KEPT_TOPIC, st.session_state.get(TOPIC, ANY_TOPIC))
    question = next_question(get_bank(), None if topic == ANY_TOPIC else topic, st.session_state.get(SEEN, []), _rng())
    if question is not None:
        show_question(question)


@in_callback
def next_item() -> None:
    """A new item from the chosen source: the next bank question, or a new generated case."""
    if st.session_state.get(SOURCE, BANK) == CASE:
        show_case(new_seed(_rng()))
    else:
        next_bank_item()


@in_callback
def topic_changed() -> None:
    current = st.session_state.get(PRACTICE)
    topic = st.session_state[KEPT_TOPIC] = st.session_state.get(TOPIC, ANY_TOPIC)
    if current is None or current["item"]["kind"] == "generated" or topic not in (ANY_TOPIC, current["item"]["topic"]):
        next_bank_item()


def _keep_topic(topic: str) -> None:
    """Set the topic filter: it stays for the following questions until the learner changes it."""
    st.session_state[KEPT_TOPIC] = st.session_state[TOPIC] = topic


def _topic_from_link(raw_topic: str, has_item: bool) -> list[LinkNotice]:
    """``?topic=...`` (My progress's "Practise <topic>"): the bank's questions of that topic from now on;
    a question of another topic on screen gives way to one of this topic (unless the link names one)."""
    if raw_topic not in topics_in(get_bank()):
        return [
            LinkNotice(
                TOPIC_PARAM,
                raw_topic,
                "The link's {name} is {value}, which is not a topic of the question bank; questions "
                "from all topics are shown.",
            )
        ]
    _keep_topic(raw_topic)
    st.session_state[SOURCE] = BANK
    current = st.session_state.get(PRACTICE)
    if not has_item and (
        current is None or current["item"]["kind"] == "generated" or current["item"]["topic"] != raw_topic
    ):
        next_bank_item()
    return []


def from_link() -> list[LinkNotice]:
    """Open what the address asks for (``?seed=N`` a generated case, ``?item=id`` a bank question,
    ``?topic=id`` the topic filter) when the address changed since the page last wrote it and the item
    is not already on screen; notices for a link's bad value."""
    raw_seed, raw_item = st.query_params.get("seed"), st.query_params.get("item")
    raw_topic = st.query_params.get(TOPIC_PARAM)
    asked = {
        name: value
        for name, value in (("seed", raw_seed), ("item", raw_item), (TOPIC_PARAM, raw_topic))
        if value is not None
    }
    if asked == st.session_state.get(LINK):
        return []
    notices = _topic_from_link(raw_topic, raw_item is not None) if raw_topic is not None else []
    return notices + _item_from_link(raw_seed, raw_item)


def _item_from_link(raw_seed: str | None, raw_item: str | None) -> list[LinkNotice]:
    current = st.session_state.get(PRACTICE)
    shown = current["item"]["id"] if current else None
    if raw_seed is not None:
        seed = parse_seed(raw_seed)
        if seed is None:
            st.session_state[SOURCE] = CASE
            show_case(new_seed(_rng()))
            return [
                LinkNotice(
                    "seed",
                    raw_seed,
                    "The link's {name} is {value}, which is not a case number (a "
                    f"whole number from 0 to {MAX_SEED}); a new case is shown instead.",
                )
            ]
        if shown != f"case-{seed}":
            st.session_state[SOURCE] = CASE
            show_case(seed)
        return []
    if raw_item is not None and raw_item != shown:
        question = next((q for q in get_bank() if q.id == raw_item), None)
        st.session_state[SOURCE] = BANK
        if question is None:
            next_bank_item()
            return [
                LinkNotice(
                    "item",
                    raw_item,
                    "The link's {name} is {value}, which is not a question in the "
                    "bank; another question is shown instead.",
                )
            ]
        show_question(question)
    return []


def item_params(current: dict | None) -> dict[str, str]:
    """The parameters that open the practice item on screen (a case's seed or a question's id): what a
    link to share "this question" holds, never the learner's key."""
    if current is None:
        return {}
    item = current["item"]
    if item["kind"] == "generated":
        return {"seed": item["id"].removeprefix("case-")}
    return {"item": item["id"]}


def link_params(current: dict | None) -> dict[str, str]:
    """What the address keeps for the practice on screen: the topic filter (for bank questions) and the
    item; remembered, so a later run can tell a changed address from the one the page wrote."""
    params: dict[str, str] = {}
    topic = st.session_state.get(KEPT_TOPIC, ANY_TOPIC)
    if current is not None and current["item"]["kind"] != "generated" and topic != ANY_TOPIC:
        params[TOPIC_PARAM] = topic
    params.update(item_params(current))
    st.session_state[LINK] = params
    return params


def answer(slot: str, engine: Engine, learner: Learner | None, mode: Mode) -> None:
    """Check the submitted form (a choice and a confidence are both needed), then grade and save."""
    current = st.session_state.get(slot)
    if current is None or current["result"] is not None:
        return
    form = f"ask_{current['attempt_id']}"
    choice = st.session_state.get(f"{form}_choice")
    confidence = st.session_state.get(f"{form}_confidence")
    if choice is None:
        st.session_state[PROBLEM] = "Pick an answer first."
        return
    if confidence is None:
        st.session_state[PROBLEM] = (
            "Say how sure you are (sure, unsure or a guess) before the answer is "
            "shown: it decides when this comes back for review."
        )
        return
    item = current["item"]
    correct = choice == item["answer"]
    recorded = False
    if learner is not None:
        record_answer(
            engine,
            learner.id,
            attempt_id=current["attempt_id"],
            item_id=item["id"],
            item_kind=item_kind(item),
            topic=item["topic"],
            stage=item["stage"],
            choice_id=choice,
            correct=correct,
            confidence=confidence,
            mode=mode,
            seconds=max(0.0, time.time() - current["shown_at"]),
            schedule_review=True,
        )
        recorded = True
    current["result"] = {"choice": choice, "confidence": confidence, "correct": correct, "recorded": recorded}


def next_review(engine: Engine, learner: Learner, now: datetime) -> tuple[dict | None, int]:
    """A turn for the longest-overdue review that can be served, and how many are due now."""
    due = due_reviews(engine, learner.id, now)
    questions = {q.id: q for q in get_bank()}
    for key, _due in due:
        target = review_target(key)
        if target.kind == "case":
            try:
                item = generate_for_stage(target.value, new_seed(_rng()))
            except ValueError:  # a stage no longer in the engine
                item = None
        else:
            question = questions.get(target.value)
            item = question_json(question) if question else None
        if item is not None:
            return turn(item, review_key=key), len(due)
    return None, len(due)


def next_due_at(engine: Engine, learner: Learner, now: datetime) -> datetime | None:
    """When the learner's next review falls due (None: nothing scheduled)."""
    upcoming = due_reviews(engine, learner.id, now + FAR_FUTURE, limit=1)
    return upcoming[0][1] if upcoming else None


def utc_now() -> datetime:
    return datetime.now(UTC)
