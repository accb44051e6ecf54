"""Drawing the exam: the set-up form, one item at a time with the clock, and the results with a review.

Every text of an item (stem, choices, explanations, source titles) goes through ``ui.safe.plain``:
shown as written, never acted on as Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.citations import reference_line
from pathway.clinical.content import Content
from pathway.learn.exam import MAX_ITEMS, SECONDS_PER_ITEM, ExamResult, available, finish_question, seconds_left
from pathway.learn.topics import topic_ids, topic_label
from pathway.present.charts import progress as progress_charts
from pathway.store.progress import Learner
from ui import exam_flow as flow
from ui.common import get_bank_items
from ui.errors import guarded
from ui.safe import plain

LETTERS = "ABCDEFGHIJ"
TAB_ONLY = (
    "Not signed in: this exam is kept only while this tab is open (a reload or a closed tab loses it) "
    "and its results are not saved. Pick a nickname above, or resume with your key, to keep it: it then "
    "survives a reload and opens on any device with your private link."
)


def _text(text: str) -> str:
    return plain(text, limit=None)


def minutes(seconds: float) -> str:
    """``m:ss`` (rounded up, so a clock never shows 0:00 while time is left)."""
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d}"


def setup(engine: Engine, learner: Learner | None) -> None:
    """Choose topics and size, then start."""
    if learner is None:
        st.info(TAB_ONLY, icon=":material/tab:")
    st.multiselect(
        "Topics",
        list(topic_ids()),
        key="exam_topics",
        format_func=topic_label,
        placeholder="All topics",
        help="Leave empty to draw from every topic.",
    )
    st.number_input("Number of questions", min_value=1, max_value=MAX_ITEMS, value=10, step=1, key="exam_size")
    st.toggle(
        "Mix in generated cases (about one question in four)",
        key="exam_cases",
        help="Cases written by the app from a random patient, at a step of the ladder in your topics.",
    )
    topics = st.session_state.get("exam_topics") or list(topic_ids())
    size = int(st.session_state.get("exam_size") or 10)
    held = len(available(list(get_bank_items()), topics))
    n = min(size, held) if not st.session_state.get("exam_cases") else size
    st.caption(
        f":material/timer: Time limit: {minutes(n * SECONDS_PER_ITEM)} ({SECONDS_PER_ITEM} s a question). "
        "No answers are shown until the end; unanswered questions count as wrong."
        + (f" These topics hold {held} bank questions, so the exam has {held}." if held < size and n == held else "")
    )
    problem = st.session_state.pop(flow.PROBLEM, None)
    if problem:
        st.warning(plain(problem, limit=None), icon=":material/priority_high:")
    st.button(
        "Start the exam",
        type="primary",
        icon=":material/play_arrow:",
        key="exam_start",
        on_click=lambda: flow.start(
            engine,
            learner,
            st.session_state.get("exam_topics") or [],
            int(st.session_state.get("exam_size") or 10),
            bool(st.session_state.get("exam_cases")),
        ),
    )


@st.fragment(run_every=1)
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def clock(engine: Engine, learner: Learner | None) -> None:
    """The time left, redrawn every second on its own (the rest of the page does not rerun)."""
    exam = flow.current()
    if exam is None or exam["ended"]:
        return
    if flow.check_clock(engine, learner, flow.utc_now()):
        st.rerun()
    left = seconds_left(flow.started(), flow.utc_now(), exam["limit"])
    st.markdown(f":material/timer: **{minutes(left)}** left of {minutes(exam['limit'])}")


def _numbers(exam: dict, keep) -> str:
    return ", ".join(str(n + 1) for n, item in enumerate(exam["items"]) if keep(item["id"]))


def sitting(engine: Engine, learner: Learner | None) -> None:
    """The item on screen, its answer and flag, the ways to move, and Finish."""
    exam = flow.current()
    assert exam is not None  # the page draws this only while an exam runs
    index, items = exam["index"], exam["items"]
    item = items[index]
    top, time_box = st.columns([3, 2], vertical_alignment="center")
    top.header(f"Question {index + 1} of {len(items)}")
    with time_box:
        clock(engine, learner)
    if not flow.saved(exam):
        st.caption(f":material/tab: {TAB_ONLY}")
    st.caption(f"Topic: {topic_label(item['topic'])}" + (" · generated case" if item["kind"] == "generated" else ""))
    st.markdown(_text(item["stem"]))
    st.markdown(f"**{_text(item['lead_in'])}**")
    ids = [c["id"] for c in item["choices"]]
    labels = {c["id"]: f"{LETTERS[i]}. {_text(c['text'])}" for i, c in enumerate(item["choices"])}
    given = exam["answers"].get(item["id"])
    st.radio(
        "Your answer",
        ids,
        index=ids.index(given) if given in ids else None,
        format_func=labels.__getitem__,
        key=flow.choice_key(exam, index),
        on_change=flow.answered,
        args=(engine, index),
    )
    st.checkbox(
        "Flag to revisit before finishing",
        value=item["id"] in exam["flagged"],
        key=flow.flag_key(exam, index),
        on_change=flow.flagged,
        args=(engine, index),
    )
    back, forward = st.columns(2)
    back.button(
        "Previous",
        key="exam_prev",
        disabled=index == 0,
        on_click=flow.go,
        args=(engine, index - 1),
        icon=":material/arrow_back:",
        width="stretch",
    )
    forward.button(
        "Next",
        key="exam_next",
        disabled=index == len(items) - 1,
        on_click=flow.go,
        args=(engine, index + 1),
        icon=":material/arrow_forward:",
        width="stretch",
    )
    st.session_state.setdefault(flow.GOTO, index)
    # the labels never change while the exam runs (a changing label would reset the list's choice)
    st.selectbox(
        "Go to question",
        list(range(len(items))),
        key=flow.GOTO,
        on_change=flow.went,
        args=(engine,),
        format_func=lambda i: f"Question {i + 1}",
    )
    flagged = _numbers(exam, lambda i: i in exam["flagged"])
    unanswered = _numbers(exam, lambda i: i not in exam["answers"])
    st.caption(
        f"{len(exam['answers'])} of {len(items)} answered"
        + (f" · not answered: {unanswered}" if unanswered else "")
        + (f" · flagged: {flagged}" if flagged else "")
    )
    if flow.confirming():
        confirm_finish(engine, learner, exam)
    else:
        st.button(
            "Finish and see my score",
            type="primary",
            key="exam_finish",
            icon=":material/flag_check:",
            on_click=flow.ask_finish,
        )


def confirm_finish(engine: Engine, learner: Learner | None, exam: dict) -> None:
    """Ask before the exam ends: how many questions are unanswered and flagged, then two real buttons
    (a tap, a click, or Tab and Enter), never a hover tooltip."""
    total, answered = len(exam["items"]), len(exam["answers"])
    with st.container(border=True, key="exam_confirm"):
        st.warning(finish_question(total, total - answered, len(exam["flagged"])), icon=":material/help:")
        yes, no = st.columns(2)
        yes.button(
            "Finish",
            type="primary",
            key="exam_finish_yes",
            icon=":material/flag_check:",
            on_click=flow.finish,
            args=(engine, learner),
            width="stretch",
        )
        no.button(
            "Go back",
            key="exam_finish_no",
            icon=":material/undo:",
            on_click=flow.cancel_finish,
            width="stretch",
        )


def _topic_table(result: ExamResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "topic": topic_label(t),
                "questions": v["items"],
                "right": v["correct"],
                "% right": progress_charts.percent(v["accuracy"]),
            }
            for t, v in result.by_topic.items()
        ]
    )


def source_lines(ids: list[str], content: Content) -> list[str]:
    return [reference_line(ref_id, content) for ref_id in ids]


def review_item(r, content: Content) -> None:
    item = r.item
    st.markdown(_text(item["stem"]))
    st.markdown(f"**{_text(item['lead_in'])}**")
    if r.given is None:
        st.caption(":material/hourglass_disabled: Not answered: counted as wrong.")
    for i, choice in enumerate(item["choices"]):
        tags = []
        if choice["id"] == item["answer"]:
            tags.append(":green[:material/check: right answer]")
        if choice["id"] == r.given:
            tags.append(":blue[:material/person: your answer]")
        head = f"**{LETTERS[i]}. {_text(choice['text'])}**" + (" · " + " · ".join(tags) if tags else "")
        st.markdown(head + "  \n" + (_text(choice["explanation"]) or "_No explanation written for this choice._"))
    lines = source_lines(list(item.get("sources", [])), content)
    if lines:
        st.markdown("**Sources**\n" + "\n".join(f"- {_text(line)}" for line in lines))


def results(engine: Engine, content: Content, learner: Learner | None) -> None:
    exam = flow.current()
    assert exam is not None  # the page draws this only once an exam has ended
    result = flow.result(exam)
    if exam["ended"] == "time":
        st.warning(
            f"Time was up ({minutes(exam['limit'])}): the exam ended and "
            f"{len(result.unanswered)} unanswered question{'s' if len(result.unanswered) != 1 else ''} "
            "count as wrong.",
            icon=":material/timer_off:",
        )
    st.header("Your score")
    pct = progress_charts.percent(result.accuracy)
    st.metric("Score", f"{result.correct} of {result.total} right", f"{pct}%", delta_color="off", delta_arrow="off")
    if not flow.saved(exam):
        st.caption(
            ":material/info: Not saved: pick a nickname above to keep your results and have missed "
            "questions come back for review."
        )
    else:
        st.caption(
            f":material/save: Saved to your progress ({len(result.items)} answers); the questions come "
            "back for review in Practice when due."
        )
    st.header("By topic")
    st.dataframe(_topic_table(result), hide_index=True, width="stretch")
    if len(result.by_topic) > 1:
        tallies = {
            t: {"answered": v["items"], "correct": v["correct"], "accuracy": v["accuracy"]}
            for t, v in result.by_topic.items()
        }
        spec = progress_charts.topic_chart(tallies).to_dict()
        st.vega_lite_chart(spec, width="stretch", key="exam_topic_chart")
        st.caption(spec["description"])
    if result.flagged:
        st.header("Flagged to revisit")
        st.markdown(
            "\n".join(
                f"- Question {r.number}: {topic_label(r.item['topic'])} · {'right' if r.correct else 'wrong'}"
                for r in result.flagged
            )
        )
    st.header("Review every question")
    for r in result.items:
        mark = (
            ":material/check_circle: right"
            if r.correct
            else (":material/cancel: wrong" if r.given else ":material/hourglass_disabled: not answered")
        )
        label = f"Question {r.number} · {mark} · {topic_label(r.item['topic'])}" + (
            " · :material/flag: flagged" if r.flagged else ""
        )
        with st.expander(label, expanded=False):
            review_item(r, content)
    st.button("Start a new exam", key="exam_new", on_click=flow.discard, args=(engine,), icon=":material/restart_alt:")
