"""Practice questions: tutor mode (answer, say how sure, then see why) and the reviews that are due."""

from functools import partial

import streamlit as st

from pathway.learn.practice import due_in_words, topics_in
from pathway.learn.topics import topic_label
from pathway.store.progress import Mode
from pathway.store.review_store import due_reviews
from ui import practice_flow as flow
from ui import practice_view as view
from ui import share, state
from ui.common import get_bank, get_content
from ui.learner import database, learner_panel, page_params
from ui.navigation import framed
from ui.safe import show_link_notices

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/quiz: Practice questions")
st.caption(
    "One question at a time. Pick an answer, say how sure you are, then see why each choice is right "
    "or wrong, how other learners answered, and the sources."
)
engine = database()
learner = learner_panel(engine)
now = flow.utc_now()
PRACTICE, REVIEW = "Practice", "Review due"
mode = st.segmented_control(
    "Mode", [PRACTICE, REVIEW], default=PRACTICE, required=True, key="practice_mode", label_visibility="collapsed"
)


def show(slot: str, mode_name: Mode, next_label: str, on_next) -> None:
    current = st.session_state[slot]
    item, result = current["item"], current["result"]
    # the address holds the private key while signed in, so it is never offered as the question's link:
    # "Share this question" below is (ui/share.py)
    st.caption(view.item_caption(item))
    view.question(item)
    if result is None:
        view.ask(item, current["attempt_id"], partial(flow.answer, slot, engine, learner, mode_name))
        return
    view.feedback(
        item,
        result,
        engine,
        content,
        lambda where: st.button(
            next_label, key=f"{slot}_next_{where}", type="primary", on_click=on_next, icon=":material/arrow_forward:"
        ),
    )


def practice() -> dict[str, str]:
    show_link_notices(flow.from_link())
    if learner is None:
        st.caption(
            ":material/info: Answers are not saved. Pick a nickname above to keep your progress and "
            "have questions come back for review."
        )
    elif due := due_reviews(engine, learner.id, now):
        st.caption(
            f":material/event_repeat: {len(due)} review{'s' if len(due) != 1 else ''} due now: choose Review due above."
        )
    current = st.session_state.get(flow.PRACTICE)
    # the widgets are drawn from the turn on screen (their own state is dropped when they are hidden)
    st.session_state[flow.SOURCE] = flow.CASE if current and current["item"]["kind"] == "generated" else flow.BANK
    st.session_state[flow.TOPIC] = st.session_state.get(flow.KEPT_TOPIC, flow.ANY_TOPIC)
    source_col, topic_col = st.columns(2)
    source = source_col.segmented_control(
        "Questions from",
        [flow.BANK, flow.CASE],
        required=True,
        key=flow.SOURCE,
        on_change=flow.next_item,
        format_func={flow.BANK: "Question bank", flow.CASE: "Generated cases"}.__getitem__,
    )
    if source == flow.BANK:
        topic_col.selectbox(
            "Topic",
            [flow.ANY_TOPIC, *topics_in(get_bank())],
            key=flow.TOPIC,
            on_change=flow.topic_changed,
            format_func=lambda t: "All topics" if t == flow.ANY_TOPIC else topic_label(t),
        )
    if current is None:
        flow.next_item()
    show(flow.PRACTICE, "tutor", "New case" if source == flow.CASE else "Next question", flow.next_item)
    share_this(st.session_state[flow.PRACTICE])
    return flow.link_params(st.session_state[flow.PRACTICE])


def share_this(current: dict) -> None:
    """A link that opens this exact question or case for anyone: never the learner's private key."""
    case = current["item"]["kind"] == "generated"
    link = share.share_link(flow.item_params(current))
    with st.expander(f"Share this {'case' if case else 'question'}", icon=":material/share:"):
        st.code(link, language=None, wrap_lines=True)
        share.copy_button(link)
        st.caption(
            f"Opens this exact {'case' if case else 'question'} for anyone. It holds no private key, so it "
            "opens nobody's progress."
        )


def review() -> dict[str, str]:
    if learner is None:
        st.info(
            "Review brings back what you answered, when it is due. Pick a nickname above (or resume with "
            "your key) so your answers are saved and scheduled.",
            icon=":material/event_repeat:",
        )
        return {}
    current = st.session_state.get(flow.REVIEW)
    if current is not None and current.get("learner_id") != learner.id:
        current = None
    if current is None:
        current, _count = flow.next_review(engine, learner, now)
        if current is None:
            upcoming = flow.next_due_at(engine, learner, now)
            when = (
                f"The next review is due at {upcoming:%Y-%m-%d %H:%M} UTC ({due_in_words(upcoming, now)})."
                if upcoming
                else "Nothing is scheduled yet: answer some questions in Practice first."
            )
            st.success(f"Nothing is due for review now. {when}", icon=":material/event_available:")
            st.button("Check again", key="review_check_again", icon=":material/refresh:")
            return {}
        current["learner_id"] = learner.id
        st.session_state[flow.REVIEW] = current
    due = due_reviews(engine, learner.id, now)
    st.caption(
        f":material/event_repeat: {len(due)} review{'s' if len(due) != 1 else ''} due now, the longest "
        "overdue first; a generated case comes back as a fresh case at the same step."
    )
    show(flow.REVIEW, "review", "Next review", partial(st.session_state.pop, flow.REVIEW, None))
    return {}


link = practice() if mode == PRACTICE else review()
state.sync_url(**page_params(learner), **link)
