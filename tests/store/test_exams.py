"""Exams in the database: a reload or another device finds the same exam (items and their choice order,
answers, flags, position) with the clock still running from the stored start; an answer after the time or
after the end changes nothing; an exam whose time ran out while away is ended, scored and saved once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from pathway.learn.exam import UNANSWERED, time_limit
from pathway.store.exams import (
    answer_item,
    close_exam,
    current_exam,
    end_exam,
    finish_exam,
    flag_item,
    move_to,
    open_exam,
    start_exam,
)
from pathway.store.progress import create_learner, delete_learner, history
from pathway.store.review_store import due_reviews
from pathway.store.schema import exam_items, exams
from pathway.store.transactions import read_transaction, write_transaction

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def item(qid: str, answer: str = "b", topic: str = "systemic") -> dict:
    # choices deliberately not in alphabetical order: the order served is the order kept
    return {
        "id": qid,
        "kind": "authored",
        "topic": topic,
        "stage": "systemic",
        "stem": f"Stem of {qid} (with ünïcode)",
        "lead_in": "What next?",
        "choices": [
            {"id": "c", "text": "Third", "explanation": "No."},
            {"id": "a", "text": "First", "explanation": "No."},
            {"id": "b", "text": "Second", "explanation": "Yes."},
        ],
        "answer": answer,
        "sources": ["d000_r1"],
    }


ITEMS = [item("q1"), item("q2", "a"), item("q3", "c", topic="wet_wraps"), item("case-7-1", "b")]


@pytest.fixture
def learner(engine):
    return create_learner(engine, "Exam taker")[0]


@pytest.fixture
def exam(engine, learner):
    started, fresh = start_exam(engine, learner.id, ITEMS, now=T0)
    assert fresh
    return started


def test_a_started_exam_is_found_again_exactly(engine, learner, exam):
    assert exam.time_limit == time_limit(4) and exam.started_at == T0
    assert answer_item(engine, exam.id, 0, "a", T0 + timedelta(seconds=10))
    assert answer_item(engine, exam.id, 2, "c", T0 + timedelta(seconds=20))
    assert flag_item(engine, exam.id, 2, True, T0 + timedelta(seconds=21))
    assert flag_item(engine, exam.id, 3, True, T0 + timedelta(seconds=22))
    assert move_to(engine, exam.id, 3)
    again = current_exam(engine, learner.id)  # what a reload or a second device reads
    assert again is not None and again.id == exam.id
    assert [i["id"] for i in again.items] == [i["id"] for i in ITEMS]
    assert [[c["id"] for c in i["choices"]] for i in again.items] == [["c", "a", "b"]] * 4
    assert again.items[0]["stem"] == "Stem of q1 (with ünïcode)"
    assert dict(again.answers) == {"q1": "a", "q3": "c"}
    assert again.flagged == ("q3", "case-7-1")
    assert again.position == 3 and again.attempt_ids == exam.attempt_ids
    # the clock is the stored start: reading again neither pauses nor resets it
    assert again.started_at == T0
    assert again.seconds_left(T0 + timedelta(seconds=100)) == time_limit(4) - 100


def test_an_answer_can_be_changed_or_taken_back_and_a_flag_cleared(engine, learner, exam):
    at = T0 + timedelta(seconds=5)
    answer_item(engine, exam.id, 1, "c", at)
    answer_item(engine, exam.id, 1, "a", at)
    flag_item(engine, exam.id, 1, True, at)
    assert dict(current_exam(engine, learner.id).answers) == {"q2": "a"}
    answer_item(engine, exam.id, 1, None, at)
    flag_item(engine, exam.id, 1, False, at)
    again = current_exam(engine, learner.id)
    assert dict(again.answers) == {} and again.flagged == ()


def test_bad_writes_are_refused_with_a_reason_and_change_nothing(engine, learner, exam):
    with pytest.raises(ValueError, match="'z' is not a choice of q1"):
        answer_item(engine, exam.id, 0, "z", T0)
    with pytest.raises(ValueError, match="position must be 0 to 3"):
        answer_item(engine, exam.id, 4, "a", T0)
    assert move_to(engine, exam.id, 99) and current_exam(engine, learner.id).position == 3  # clamped
    assert dict(current_exam(engine, learner.id).answers) == {}
    with pytest.raises(ValueError, match="1 to 40 items"):
        start_exam(engine, learner.id, [])
    with pytest.raises(ValueError, match="same item twice"):
        start_exam(engine, learner.id, [ITEMS[0], ITEMS[0]])
    with pytest.raises(LookupError):
        start_exam(engine, 999_999, ITEMS)


def test_a_learner_has_one_exam_at_a_time(engine, learner, exam):
    other, fresh = start_exam(engine, learner.id, [item("q9")], now=T0 + timedelta(minutes=1))
    assert not fresh and other.id == exam.id, "the exam already running (another device) is returned"
    someone = create_learner(engine, "Someone else")[0]
    theirs, fresh = start_exam(engine, someone.id, [item("q9")], now=T0)
    assert fresh and theirs.id != exam.id
    assert current_exam(engine, someone.id).items[0]["id"] == "q9"


def test_nothing_changes_after_the_time_is_up(engine, learner, exam):
    late = T0 + timedelta(seconds=exam.time_limit)
    assert not answer_item(engine, exam.id, 0, "b", late)
    assert not flag_item(engine, exam.id, 0, True, late)
    assert dict(current_exam(engine, learner.id).answers) == {}


def test_finishing_saves_every_answer_once_in_exam_order(engine, learner, exam):
    answer_item(engine, exam.id, 0, "b", T0 + timedelta(seconds=5))  # right
    answer_item(engine, exam.id, 1, "c", T0 + timedelta(seconds=6))  # wrong
    finished = finish_exam(engine, exam.id, T0 + timedelta(seconds=60))
    assert finished.ended_how == "finished" and finished.ended_at == T0 + timedelta(seconds=60)
    assert finished.recorded == 4
    saved = history(engine, learner.id)
    assert [a.item_id for a in saved] == [i["id"] for i in ITEMS]
    assert [a.choice_id for a in saved] == ["b", "c", UNANSWERED, UNANSWERED]
    assert [a.correct for a in saved] == [True, False, False, False]
    assert [a.item_kind for a in saved] == ["question", "question", "question", "question"]
    assert {a.mode for a in saved} == {"exam"}
    assert {k for k, _ in due_reviews(engine, learner.id, T0 + timedelta(days=3650))} == {
        "q1",
        "q2",
        "q3",
        "case-7-1",
    }
    # finishing again (a second device, a double click) saves nothing twice and keeps the first end
    again = finish_exam(engine, exam.id, T0 + timedelta(seconds=90))
    assert again.ended_at == finished.ended_at and len(history(engine, learner.id)) == 4
    assert not answer_item(engine, exam.id, 2, "c", T0 + timedelta(seconds=91)), "an ended exam takes no answer"


def test_an_exam_whose_time_ran_out_while_away_is_ended_and_scored_when_opened(engine, learner, exam):
    answer_item(engine, exam.id, 2, "c", T0 + timedelta(seconds=30))
    assert open_exam(engine, learner.id, T0 + timedelta(seconds=31)).ended_at is None, "still running"
    days_later = T0 + timedelta(days=2)
    opened = open_exam(engine, learner.id, days_later)
    assert opened.ended_how == "time"
    assert opened.ended_at == T0 + timedelta(seconds=exam.time_limit), "ended when the time ran out"
    assert opened.recorded == 4
    assert [a.correct for a in history(engine, learner.id)] == [False, False, True, False]
    assert open_exam(engine, learner.id, days_later).recorded == 4 and len(history(engine, learner.id)) == 4


def test_finishing_late_counts_as_time(engine, exam):
    ended = end_exam(engine, exam.id, T0 + timedelta(hours=1))
    assert ended.ended_how == "time"


def test_an_exam_ended_but_not_saved_is_saved_when_opened(engine, learner, exam):
    end_exam(engine, exam.id, T0 + timedelta(seconds=10))  # the app stopped before saving the answers
    assert history(engine, learner.id) == []
    assert open_exam(engine, learner.id, T0 + timedelta(minutes=1)).recorded == 4
    assert len(history(engine, learner.id)) == 4


def test_an_exam_begun_before_signing_in_is_carried_over(engine, learner):
    ids = [str(uuid.uuid4()) for _ in ITEMS]
    carried, fresh = start_exam(
        engine,
        learner.id,
        ITEMS,
        now=T0,
        attempt_ids=ids,
        answers={"q2": "a"},
        flagged=["q1"],
        position=2,
        limit=600,
    )
    assert fresh and carried.attempt_ids == tuple(ids) and dict(carried.answers) == {"q2": "a"}
    assert carried.flagged == ("q1",) and carried.position == 2 and carried.time_limit == 600
    with pytest.raises(ValueError, match="not a choice"):
        start_exam(engine, create_learner(engine, "B b")[0].id, ITEMS, answers={"q2": "x"})


def test_put_away_only_once_ended_then_a_new_exam_can_start(engine, learner, exam):
    assert not close_exam(engine, exam.id), "a running exam is not put away"
    finish_exam(engine, exam.id, T0 + timedelta(seconds=5))
    assert close_exam(engine, exam.id)
    assert current_exam(engine, learner.id) is None
    new, fresh = start_exam(engine, learner.id, [item("q9")], now=T0 + timedelta(hours=1))
    assert fresh and new.id != exam.id
    assert len(history(engine, learner.id)) == 4, "the first exam's answers stay in the progress"


def test_deleting_the_learner_deletes_their_exam(engine, learner, exam):
    assert delete_learner(engine, learner.id)
    with read_transaction(engine) as connection:
        assert connection.execute(select(func.count()).select_from(exams)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(exam_items)).scalar() == 0


def test_the_start_time_is_the_servers_and_moving_it_moves_the_clock(engine, learner, exam):
    """What the page tests do to stand in for waiting: the clock is only the stored start."""
    with write_transaction(engine) as connection:
        connection.execute(update(exams).where(exams.c.id == exam.id).values(started_at=T0 - timedelta(minutes=5)))
    assert current_exam(engine, learner.id).seconds_left(T0) == exam.time_limit - 300


def test_two_devices_at_once_keep_every_answer_and_finish_once(engine, learner):
    """Answers from two devices at the same moment both stay; two Finish clicks at once end it once."""
    from concurrent.futures import ThreadPoolExecutor

    many = [item(f"q{n}", "a") for n in range(12)]
    exam, _ = start_exam(engine, learner.id, many, now=T0)
    at = T0 + timedelta(seconds=30)
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda n: answer_item(engine, exam.id, n, "a", at), range(12)))
    assert all(done) and len(current_exam(engine, learner.id).answers) == 12
    with ThreadPoolExecutor(max_workers=2) as pool:
        ends = list(pool.map(lambda s: finish_exam(engine, exam.id, at + timedelta(seconds=s)), (1, 2)))
    assert ends[0].ended_at == ends[1].ended_at
    saved = history(engine, learner.id)
    assert len(saved) == 12 and all(a.correct for a in saved)
