"""Exam page: a score that matches the answers given, nothing revealed before the end, flags, the clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app_helpers import open_direct, open_page, texts
from streamlit.testing.v1 import AppTest

from pathway.store.db import make_engine
from pathway.store.progress import create_learner, history
from pathway.store.review_store import due_reviews
from ui import exam_flow as flow

PAGE = "pages/9_Exam.py"
TOPICS = ["wet_wraps", "systemic"]


def _read(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def _shown(at: AppTest) -> str:
    parts = [
        str(e.value)
        for kind in ("markdown", "caption", "success", "error", "warning", "info", "header")
        for e in getattr(at, kind)
    ]
    parts += [e.label for e in at.expander]
    return _read("\n".join(parts))


def _start(at: AppTest, topics=TOPICS, size: int = 4) -> AppTest:
    at.multiselect(key="exam_topics").set_value(topics)
    at.number_input(key="exam_size").set_value(size)
    at.button(key="exam_start").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _exam(at: AppTest) -> dict:
    return at.session_state[flow.EXAM]


def _wrong(item: dict) -> str:
    return next(c["id"] for c in item["choices"] if c["id"] != item["answer"])


def _choose(at: AppTest, index: int, choice: str) -> AppTest:
    exam = _exam(at)
    return at.radio(key=flow.choice_key(exam, index)).set_value(choice).run()


def _sit(at: AppTest, plan: list[str | None], flags: tuple[int, ...] = ()) -> AppTest:
    """Answer item by item ("right", "wrong" or None to skip), flagging some, moving with Next."""
    items = _exam(at)["items"]
    for index, what in enumerate(plan):
        assert f"Question {index + 1} of {len(items)}" in texts(at.header)
        item = items[index]
        if what is not None:
            _choose(at, index, item["answer"] if what == "right" else _wrong(item))
        if index in flags:
            at.checkbox(key=flow.flag_key(_exam(at), index)).check().run()
        if index < len(plan) - 1:
            at.button(key="exam_next").click().run()
    return at


def test_the_score_matches_the_answers_given_overall_and_by_topic():
    at = _start(open_page(PAGE))
    items = _exam(at)["items"]
    assert {i["topic"] for i in items} == set(TOPICS)
    plan = ["right", "wrong", "right", None]
    _sit(at, plan, flags=(1, 3))
    # nothing is revealed before the end: no verdict, no explanation, no score
    shown = _shown(at)
    for item in items:
        for choice in item["choices"]:
            assert choice["explanation"] not in shown
    assert "right answer" not in shown and "Your score" not in shown
    assert "3 of 4 answered · not answered: 4 · flagged: 2, 4" in shown

    at.button(key="exam_finish").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.metric[0].value == "2 of 4 right" and at.metric[0].delta == "50%"
    expected: dict[str, list[int]] = {}
    for item, what in zip(items, plan):
        expected.setdefault(item["topic"], [0, 0])
        expected[item["topic"]][0] += 1
        expected[item["topic"]][1] += what == "right"
    table = at.dataframe[0].value
    from pathway.learn.topics import topic_label

    got = {row["topic"]: [row["questions"], row["right"]] for row in table.to_dict("records")}
    assert got == {topic_label(t): v for t, v in expected.items()}
    labels = [e.label for e in at.expander if e.label.startswith("Question")]
    assert len(labels) == 4
    assert "right" in labels[0] and "wrong" in labels[1] and "not answered" in labels[3]
    assert "flagged" in labels[1] and "flagged" in labels[3] and "flagged" not in labels[0]
    # after the end, the review shows every explanation and the learner's own answer
    shown = _shown(at)
    assert all(c["explanation"] in shown for item in items for c in item["choices"])
    assert "Flagged to revisit" in texts(at.header)
    flagged_list = next(m.value for m in at.markdown if "- Question 2:" in m.value)
    assert "- Question 4:" in flagged_list and "- Question 1:" not in flagged_list


def test_moving_back_keeps_the_answer_and_going_to_a_question_works():
    at = _start(open_direct(PAGE), size=3)
    items = _exam(at)["items"]
    _choose(at, 0, _wrong(items[0]))
    at.button(key="exam_next").click().run()
    at.button(key="exam_prev").click().run()
    assert at.radio(key=flow.choice_key(_exam(at), 0)).value == _wrong(items[0])
    at.selectbox(key=flow.GOTO).set_value(2).run()
    assert "Question 3 of 3" in texts(at.header)
    assert "1 of 3 answered · not answered: 2, 3" in _shown(at)
    at.button(key="exam_prev").click().run()  # Previous after a jump goes from where the jump landed
    assert "Question 2 of 3" in texts(at.header) and at.selectbox(key=flow.GOTO).value == 1


def test_when_time_is_up_the_exam_ends_and_unanswered_items_count_as_wrong():
    at = _start(open_direct(PAGE), size=3)
    items = _exam(at)["items"]
    _choose(at, 0, items[0]["answer"])
    assert _exam(at)["limit"] == 3 * 90
    at.session_state[flow.STARTED] = datetime.now(UTC) - timedelta(seconds=3 * 90 + 1)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Time was up" in w and "2 unanswered questions count as wrong" in w for w in texts(at.warning))
    assert at.metric[0].value == "1 of 3 right"
    assert not [r for r in at.radio if (r.key or "").startswith("exam_choice")]  # no more answering


def test_a_signed_in_learners_exam_is_saved_once_and_scheduled_for_review(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Resident")
    at = _start(open_direct(PAGE, key=key), size=3)
    items = _exam(at)["items"]
    _sit(at, ["right", "wrong", None])
    at.button(key="exam_finish").click().run()
    assert not at.exception, [e.message for e in at.exception]
    saved = history(engine, learner.id)
    assert [a.item_id for a in saved] == [i["id"] for i in items]  # in the exam's order
    assert [a.correct for a in saved] == [True, False, False]
    assert [a.choice_id for a in saved] == [items[0]["answer"], _wrong(items[1]), flow.UNANSWERED]
    assert {a.mode for a in saved} == {"exam"} and {a.confidence for a in saved} == {"unsure"}
    later = datetime.now(UTC) + timedelta(days=3650)
    assert {k for k, _ in due_reviews(engine, learner.id, later)} == {i["id"] for i in items}
    at.run()  # a rerun of the results saves nothing twice
    assert len(history(engine, learner.id)) == 3
    assert any("Saved to your progress" in c for c in texts(at.caption))


def test_a_new_exam_starts_from_the_set_up_form():
    at = _start(open_direct(PAGE), size=2)
    at.button(key="exam_finish").click().run()
    at.button(key="exam_new").click().run()
    assert at.button(key="exam_start") is not None and flow.EXAM not in at.session_state


def test_an_answer_sent_after_the_time_is_up_does_not_count():
    at = _start(open_direct(PAGE), size=2)
    items = _exam(at)["items"]
    at.session_state[flow.STARTED] = datetime.now(UTC) - timedelta(seconds=2 * 90 + 5)
    # the page has not rerun since the time ran out: the answer arrives with the clock still drawn
    _choose(at, 0, items[0]["answer"])
    assert at.metric[0].value == "0 of 2 right"
    assert any("Time was up" in w for w in texts(at.warning))


def test_generated_cases_can_be_mixed_in():
    at = open_direct(PAGE)
    at.toggle(key="exam_cases").set_value(True)
    at = _start(at, topics=["systemic", "phototherapy"], size=8)
    kinds = [i["kind"] for i in _exam(at)["items"]]
    assert kinds.count("generated") == 2 and len(kinds) == 8
    at.selectbox(key=flow.GOTO).set_value(kinds.index("generated")).run()
    assert any(c.endswith("· generated case") for c in texts(at.caption))
