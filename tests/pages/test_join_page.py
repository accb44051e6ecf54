"""A live class poll across sessions: a presenter starts it, students answer from their own phones
(each its own voter token), one changes its answer, the presenter reveals; exact counts on both
screens. Students cannot reveal or lock; a locked question refuses changes; bad codes and tokens
get a clear message."""

from __future__ import annotations

import re

import pytest
from app_helpers import open_direct
from poll_pages import JOIN, PRESENTER, QUESTION_SLIDES, shown, unescape
from sqlalchemy import event

from pathway.present.charts.poll import choice_letters
from pathway.store.polls import counts, lock, new_voter_token, open_poll, poll_by_code, poll_state
from pathway.store.tokens import check_voter_token

pytestmark = pytest.mark.usefixtures("database")
SLIDE = QUESTION_SLIDES[0]
QUESTION = SLIDE.question
ANSWER = QUESTION["answer"]
WRONG = [c["id"] for c in QUESTION["choices"] if c["id"] != ANSWER]
LETTER = choice_letters(QUESTION)


def start_poll():
    presenter = open_direct(PRESENTER, slide=SLIDE.id)
    presenter.button(key="poll_start").click().run()
    return presenter, presenter.query_params["code"]


def phone(code: str, voter: str | None = None):
    params = {"code": code} | ({"voter": voter} if voter else {})
    return open_direct(JOIN, **params)


def tap(student, choice_id: str):
    student.button(key=f"join_0_{choice_id}").click().run()
    return student


def result_heading(at) -> str:
    specs = at.get("vega_lite_chart")
    assert specs, "no result chart"
    return " ".join(str(s.proto.spec) for s in specs)


def test_students_answer_one_changes_and_the_reveal_shows_exact_counts(database):
    presenter, code = start_poll()
    assert "0 answers" in shown(presenter)
    students = [phone(code) for _ in range(3)]
    tokens = [s.query_params["voter"] for s in students]
    assert len(set(tokens)) == 3 and all(check_voter_token(t) for t in tokens)

    tap(students[0], ANSWER)
    tap(students[1], WRONG[0])
    tap(students[2], WRONG[1])
    assert "is in" in shown(students[2])
    tap(students[2], ANSWER)  # changes its mind: replaces, never counts twice
    said = shown(students[2])
    assert f"Your answer was changed from {LETTER[WRONG[1]]}." in said and f"to {LETTER[ANSWER]}." in said
    assert students[2].button(key=f"join_0_{ANSWER}").proto.type == "primary"
    for student in students:
        assert "Waiting for the presenter" in shown(student)
        assert not student.get("vega_lite_chart")

    presenter.run()
    assert "3 answers" in shown(presenter)
    presenter.button(key="poll_reveal").click().run()
    heading = f"2 of 3 answers (67%) chose the correct answer, {LETTER[ANSWER]}"
    assert heading in result_heading(presenter)
    students[1].run()
    page = shown(students[1])
    assert f"{heading}." in page  # a phone shows the result as text, the same numbers as the chart
    assert not students[1].get("vega_lite_chart")
    letters = choice_letters(QUESTION)
    right = next(c["text"] for c in QUESTION["choices"] if c["id"] == ANSWER)
    wrong = next(c["text"] for c in QUESTION["choices"] if c["id"] == WRONG[0])
    assert f"{letters[ANSWER]}. {right}: **2** (67%) · the correct answer" in page
    assert f"{letters[WRONG[0]]}. {wrong}: **1** (33%)" in page
    assert "Waiting for the presenter" not in page
    assert f"Correct answer: {LETTER[ANSWER]}." in page
    correct = next(c for c in QUESTION["choices"] if c["id"] == ANSWER)
    assert correct["explanation"][:60] in page
    assert f"Your answer was {LETTER[WRONG[0]]}." in page
    state = poll_state(database, poll_by_code(database, code).id)
    assert state.counts == {
        c["id"]: (2 if c["id"] == ANSWER else 1 if c["id"] == WRONG[0] else 0) for c in QUESTION["choices"]
    }


def test_a_phone_that_reloads_is_the_same_voter(database):
    _, code = start_poll()
    student = phone(code)
    voter = student.query_params["voter"]
    tap(student, WRONG[0])
    again = phone(code, voter)  # a new session: the phone slept and reloaded the page
    assert again.button(key=f"join_0_{WRONG[0]}").proto.type == "primary"
    assert f"Your answer: {LETTER[WRONG[0]]}." in shown(again)
    tap(again, ANSWER)
    assert "Your answer was changed" in shown(again)
    poll = poll_by_code(database, code)
    assert counts(database, poll.id)[ANSWER] == 1 and sum(counts(database, poll.id).values()) == 1


def test_a_locked_question_refuses_a_change_with_a_message(database):
    presenter, code = start_poll()
    student = phone(code)
    tap(student, WRONG[0])
    presenter.button(key="poll_lock").click().run()
    assert "Locked: no more answers or changes." in shown(presenter)
    tap(student, ANSWER)  # the phone still showed the buttons when the lock came
    said = shown(student)
    assert "locked: no more changes" in said and f"Your answer stays {LETTER[WRONG[0]]}." in said
    assert not [b for b in student.button if b.key and b.key.startswith("join_0_")]  # no buttons now
    poll = poll_by_code(database, code)
    assert counts(database, poll.id)[WRONG[0]] == 1 and counts(database, poll.id)[ANSWER] == 0


def test_a_tap_that_arrives_after_the_reveal_changes_nothing(database):
    presenter, code = start_poll()
    student = phone(code)
    tap(student, WRONG[0])
    presenter.button(key="poll_reveal").click().run()
    tap(student, ANSWER)  # the phone still showed the buttons when the answer came out
    assert f"Your answer stays {LETTER[WRONG[0]]}." in shown(student)
    poll = poll_by_code(database, code)
    assert counts(database, poll.id)[ANSWER] == 0 and counts(database, poll.id)[WRONG[0]] == 1


def test_a_student_cannot_reveal_or_lock(database):
    _presenter, code = start_poll()
    student = open_direct(PRESENTER, slide=SLIDE.id, code=code)
    assert "You are watching this poll" in shown(student)
    labels = [b.label for b in student.button]
    assert not {"Reveal the answer", "Lock answers", "Next question", "End the poll"} & set(labels)
    student.text_input(key="presenter_key_typed").input("not-the-key-but-long-enough-to-look-like-one")
    student.button(key="FormSubmitter:take_over-Take over").click().run()
    assert any("This key does not match the poll" in e.value for e in student.error)
    assert "poll_reveal" not in [b.key for b in student.button]
    poll = poll_by_code(database, code)
    assert not poll.revealed and not poll.locked


def presenter_key(at) -> list[str]:
    return [c.value for c in at.get("code") if re.fullmatch(r"[A-Za-z0-9_-]{32}", str(c.value))]


def test_the_key_is_shown_once_and_a_co_presenter_takes_over_with_it(database):
    presenter, code = start_poll()
    [key] = presenter_key(presenter)
    presenter.button(key="presenter_next").click().run()
    presenter.button(key="presenter_prev").click().run()
    assert presenter_key(presenter) == [] and "poll_reveal" in [b.key for b in presenter.button]
    other = open_direct(PRESENTER, slide=SLIDE.id, code=code)
    other.text_input(key="presenter_key_typed").input(key)
    other.button(key="FormSubmitter:take_over-Take over").click().run()
    assert any("You are now the presenter" in s.value for s in other.success)
    other.button(key="poll_reveal").click().run()
    assert poll_by_code(database, code).revealed


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("AB", "A join code has 6 characters; this one has 2."),
        ("ABC0E1", "not: 0 1"),
    ],
)
def test_a_bad_code_in_the_link_says_what_is_wrong(typed, said):
    at = open_direct(JOIN, code=typed)
    errors = " ".join(e.value for e in at.error)
    assert "is not a join code" in errors and said in shown(at)
    assert at.text_input(key="join_code_typed")  # the code can be typed again


def test_a_typed_code_joins_the_poll_and_an_unknown_one_is_refused(database):
    poll, _ = open_poll(database, QUESTION)
    at = open_direct(JOIN)
    unknown = "ZZZ-ZZZ" if poll.code != "ZZZZZZ" else "YYY-YYY"
    at.text_input(key="join_code_typed").input(unknown)
    at.button(key="FormSubmitter:join_form-Join").click().run()
    assert any(f"No poll is open with the code {unknown}" in e.value for e in at.error)
    at.text_input(key="join_code_typed").input(poll.code.lower())
    at.button(key="FormSubmitter:join_form-Join").click().run()
    assert at.query_params["code"] == poll.code
    assert [b for b in at.button if b.key == f"join_0_{QUESTION['choices'][0]['id']}"]


def test_a_voter_token_of_the_wrong_shape_is_replaced_with_a_message(database):
    poll, _ = open_poll(database, QUESTION)
    at = open_direct(JOIN, code=poll.code, voter="192.168.0.7")
    assert any("is not one this app makes" in w.value for w in at.warning)
    assert at.query_params["voter"] != "192.168.0.7" and check_voter_token(at.query_params["voter"])
    tap(at, ANSWER)
    assert "is in" in shown(at)


def test_an_ended_poll_says_so(database):
    presenter, code = start_poll()
    student = phone(code)
    presenter.button(key="poll_end").click().run()
    student.run()
    assert "has ended takes no more answers" in shown(student)
    assert not [b for b in student.button if b.key and b.key.startswith("join_0_")]
    assert any("No poll is open" in e.value for e in phone(code).error)


def test_a_refresh_with_no_change_reads_only_the_version(database):
    poll, key = open_poll(database, QUESTION)
    at = phone(poll.code, new_voter_token())
    statements: list[str] = []
    event.listen(database, "before_cursor_execute", lambda *args: statements.append(args[2]))
    at.run()  # nothing changed: the question, counts and this phone's answer are not read again
    assert statements and not [s for s in statements if "votes" in s or "poll_questions" in s], statements
    lock(database, poll.id, key)
    statements.clear()
    at.run()
    assert [s for s in statements if "poll_questions" in s]  # the version moved: read again
    assert "Answers are locked for this question: no more changes." in shown(at)


def test_next_question_moves_the_presenter_and_the_phones_on(database):
    presenter, code = start_poll()
    student = phone(code)
    tap(student, WRONG[0])
    presenter.button(key="poll_next").click().run()
    second = QUESTION_SLIDES[1]
    assert unescape(presenter.title[0].value) == second.title
    assert presenter.query_params["slide"] == second.id and presenter.query_params["code"] == code
    assert "0 answers" in shown(presenter)
    student.run()
    page = shown(student)
    assert "question 2" in page and second.question["stem"][:50] in page
    assert "Tap your answer." in page  # the first question's answer is not carried over
    choice = second.question["choices"][0]["id"]
    student.button(key=f"join_1_{choice}").click().run()
    presenter.run()
    assert "1 answer" in shown(presenter)
    # back on the first question's slide, the presenter can ask it again in the same poll
    presenter.button(key="presenter_prev").click().run()
    while presenter.query_params["slide"] != SLIDE.id:
        presenter.button(key="presenter_prev").click().run()
    presenter.button(key="poll_ask").click().run()
    assert poll_by_code(database, code).question_index == 2


def test_a_co_presenter_takes_over_by_code_and_key_from_a_fresh_session(database):
    poll, key = open_poll(database, QUESTION)
    other = open_direct(PRESENTER, slide=SLIDE.id)
    other.text_input(key="presenter_code_typed").input(poll.code)
    other.text_input(key="presenter_key_typed").input("x" * 32)
    other.button(key="FormSubmitter:take_over_code-Take over").click().run()
    assert any("This key does not match the poll" in e.value for e in other.error)
    assert "poll_reveal" not in [b.key for b in other.button]
    other.text_input(key="presenter_code_typed").input(poll.code.lower())
    other.text_input(key="presenter_key_typed").input(key)
    other.button(key="FormSubmitter:take_over_code-Take over").click().run()
    assert any("You are now the presenter" in s.value for s in other.success)
    assert other.query_params["code"] == poll.code
    other.button(key="poll_lock").click().run()
    assert poll_by_code(database, poll.code).locked
