"""Exam page: a score that matches the answers given, nothing revealed before the end, flags, the clock;
finishing asks first; a signed-in learner's exam survives a reload and opens in another session with the
key, with the clock still running; the key is in no link the page offers to share."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app_helpers import open_direct, open_page, texts
from share_links import assert_key_only_in_the_private_link
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from pathway.learn.exam import UNANSWERED
from pathway.store.db import make_engine
from pathway.store.exams import current_exam
from pathway.store.progress import create_learner, history
from pathway.store.review_store import due_reviews
from pathway.store.schema import exams
from pathway.store.transactions import write_transaction
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


def _finish(at: AppTest) -> AppTest:
    """Finish, then confirm."""
    at.button(key="exam_finish").click().run()
    assert at.button(key="exam_finish_yes") is not None, "Finish asks first"
    return at.button(key="exam_finish_yes").click().run()


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

    _finish(at)
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
    _finish(at)
    assert not at.exception, [e.message for e in at.exception]
    saved = history(engine, learner.id)
    assert [a.item_id for a in saved] == [i["id"] for i in items]  # in the exam's order
    assert [a.correct for a in saved] == [True, False, False]
    assert [a.choice_id for a in saved] == [items[0]["answer"], _wrong(items[1]), UNANSWERED]
    assert {a.mode for a in saved} == {"exam"} and {a.confidence for a in saved} == {"unsure"}
    later = datetime.now(UTC) + timedelta(days=3650)
    assert {k for k, _ in due_reviews(engine, learner.id, later)} == {i["id"] for i in items}
    at.run()  # a rerun of the results saves nothing twice
    assert len(history(engine, learner.id)) == 3
    assert any("Saved to your progress" in c for c in texts(at.caption))


def test_a_new_exam_starts_from_the_set_up_form():
    at = _start(open_direct(PAGE), size=2)
    _finish(at)
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


# --- finishing asks first ---------------------------------------------------------------------------


def test_finishing_with_questions_left_asks_first_with_the_counts_and_go_back_keeps_sitting():
    at = _start(open_direct(PAGE), size=4)
    _sit(at, ["right", None, "wrong", None], flags=(0, 2))
    at.button(key="exam_finish").click().run()
    asked = texts(at.warning)
    assert "2 unanswered and 2 flagged. Finish anyway? Unanswered questions count as wrong." in asked, asked
    assert _exam(at)["ended"] is None and not at.metric, "nothing ends before the answer"
    at.button(key="exam_finish_no").click().run()  # Go back
    assert _exam(at)["ended"] is None and "Question 4 of 4" in texts(at.header)
    assert not [w for w in texts(at.warning) if "Finish anyway" in w]
    _choose(at, 3, _exam(at)["items"][3]["answer"])  # answer one more, then finish: the counts follow
    at.button(key="exam_finish").click().run()
    assert "1 unanswered and 2 flagged. Finish anyway? The unanswered question counts as wrong." in texts(at.warning)
    at.button(key="exam_finish_yes").click().run()
    assert at.metric[0].value == "2 of 4 right"


def test_finishing_with_everything_answered_still_asks():
    at = _start(open_direct(PAGE), size=2)
    _sit(at, ["right", "right"])
    at.button(key="exam_finish").click().run()
    assert "All 2 answered, none flagged. Finish and see your score?" in texts(at.warning)
    at.button(key="exam_finish_yes").click().run()
    assert at.metric[0].value == "2 of 2 right"


# --- an exam that survives ----------------------------------------------------------------------------


def _clock(at: AppTest) -> tuple[int, int]:
    """(seconds left, limit) as the clock shows them."""
    line = next(m for m in texts(at.markdown) if " left of " in m)
    left, limit = re.findall(r"(\d+):(\d\d)", line)
    return int(left[0]) * 60 + int(left[1]), int(limit[0]) * 60 + int(limit[1])


def _move_start(engine, learner_id: int, seconds: float) -> None:
    """Stand in for waiting: the exam's stored start time moves back."""
    exam = current_exam(engine, learner_id)
    with write_transaction(engine) as connection:
        connection.execute(
            update(exams).where(exams.c.id == exam.id).values(started_at=exam.started_at - timedelta(seconds=seconds))
        )


def test_a_reload_resumes_the_exam_exactly_and_the_clock_keeps_running(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Resident")
    at = _start(open_direct(PAGE, key=key), size=4)
    items = _exam(at)["items"]
    _sit(at, ["right", "wrong", None], flags=(1, 2))  # now on question 3
    assert _clock(at)[1] == 4 * 90
    _move_start(engine, learner.id, 100)  # 100 s go by

    again = open_direct(PAGE, key=key)  # a reload: a new session, only the address (with the key) is left
    assert not again.exception, [e.message for e in again.exception]
    assert "Question 3 of 4" in texts(again.header), "the same question is on screen"
    assert [i["id"] for i in _exam(again)["items"]] == [i["id"] for i in items]
    assert [[c["id"] for c in i["choices"]] for i in _exam(again)["items"]] == [
        [c["id"] for c in i["choices"]] for i in items
    ]
    assert "2 of 4 answered · not answered: 3, 4 · flagged: 2, 3" in _shown(again)
    assert again.checkbox(key=flow.flag_key(_exam(again), 2)).value is True
    left, limit = _clock(again)
    assert limit - 100 - 5 <= left <= limit - 100, "neither paused nor reset by the reload"
    again.button(key="exam_prev").click().run()
    assert again.radio(key=flow.choice_key(_exam(again), 1)).value == _wrong(items[1])


def test_another_session_with_the_key_sees_the_same_exam_and_its_answers(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Resident")
    laptop = _start(open_direct(PAGE, key=key), size=3)
    items = _exam(laptop)["items"]
    phone = open_direct(PAGE, key=key)  # a second device with the private link
    assert "Question 1 of 3" in texts(phone.header)
    _choose(phone, 0, items[0]["answer"])
    phone.checkbox(key=flow.flag_key(_exam(phone), 0)).check().run()
    laptop.run()  # the laptop's next run reads the exam again
    assert laptop.radio(key=flow.choice_key(_exam(laptop), 0)).value == items[0]["answer"]
    assert laptop.checkbox(key=flow.flag_key(_exam(laptop), 0)).value is True
    _finish(laptop)
    assert laptop.metric[0].value == "1 of 3 right"
    phone.run()
    assert phone.metric[0].value == "1 of 3 right", "finished on one device: the other shows the score"
    assert len(history(engine, learner.id)) == 3, "saved once"


def test_an_exam_whose_time_ran_out_while_away_is_scored_when_opened(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Resident")
    at = _start(open_direct(PAGE, key=key), size=2)
    _choose(at, 0, _exam(at)["items"][0]["answer"])
    _move_start(engine, learner.id, 3 * 3600)  # the tab was closed for three hours

    back = open_direct(PAGE, key=key)
    assert not back.exception, [e.message for e in back.exception]
    assert any("Time was up" in w and "1 unanswered question count" in w for w in texts(back.warning))
    assert back.metric[0].value == "1 of 2 right"
    assert [a.correct for a in history(engine, learner.id)] == [True, False]


def test_a_new_exam_after_a_saved_one_starts_clean(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Resident")
    at = _start(open_direct(PAGE, key=key), size=2)
    _finish(at)
    at.button(key="exam_new").click().run()
    assert current_exam(engine, learner.id) is None and at.button(key="exam_start") is not None
    assert open_direct(PAGE, key=key).button(key="exam_start") is not None, "a reload shows the set-up form"


def test_without_a_learner_the_page_says_the_exam_lives_in_this_tab_and_signing_in_keeps_it(learner_database):
    at = open_direct(PAGE)
    assert any("kept only while this tab is open" in i for i in texts(at.info))
    at = _start(at, size=3)
    items = _exam(at)["items"]
    assert any("kept only while this tab is open" in c for c in texts(at.caption))
    _choose(at, 0, items[0]["answer"])
    at.checkbox(key=flow.flag_key(_exam(at), 0)).check().run()
    at.text_input(key="learner_nickname").input("Late Joiner")
    at.button(key="FormSubmitter:learner_new-Start saving my progress").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Your exam is now saved" in i for i in texts(at.info))
    engine = make_engine(learner_database)
    key = at.session_state["learner_key"]
    saved = current_exam(engine, _exam(at)["learner_id"])
    assert saved is not None and [i["id"] for i in saved.items] == [i["id"] for i in items]
    assert dict(saved.answers) == {items[0]["id"]: items[0]["answer"]} and saved.flagged == (items[0]["id"],)
    assert not any("kept only while this tab is open" in c for c in texts(at.caption))
    assert "Question 1 of 3" in texts(open_direct(PAGE, key=key).header), "a reload now resumes it"


def test_signing_out_leaves_the_exam_saved_for_the_private_link(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Resident")
    at = _start(open_direct(PAGE, key=key), size=2)
    _choose(at, 0, _exam(at)["items"][0]["answer"])
    at.button(key="learner_sign_out").click().run()
    assert "key" not in at.query_params and "learner_key" not in at.session_state
    assert any("Signed out on this device" in s for s in texts(at.success))
    assert flow.EXAM not in at.session_state and at.button(key="exam_start") is not None
    assert len(current_exam(engine, learner.id).answers) == 1, "the exam stays saved"
    assert "1 of 2 answered" in _shown(open_direct(PAGE, key=key))


def test_the_key_is_in_no_link_the_exam_page_offers_but_the_private_one(learner_database):
    _learner, key = create_learner(make_engine(learner_database), "Resident")
    at = open_direct(PAGE, key=key)
    assert_key_only_in_the_private_link(at, key)
    at = _start(at, size=2)
    assert_key_only_in_the_private_link(at, key)
    _finish(at)
    assert_key_only_in_the_private_link(at, key)
    assert at.query_params.get("key") in (key, [key]), "the address keeps the key, so a reload resumes"
