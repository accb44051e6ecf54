"""Learners and their resume keys, answers, history, CSV export, summary, deletion, review cards."""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating
from sqlalchemy import select, text

from pathway.store.db import forget_engine, make_engine
from pathway.store.progress import (
    check_nickname,
    choice_counts,
    create_learner,
    delete_learner,
    due_reviews,
    export_csv,
    history,
    learner_for_key,
    record_answer,
    summary,
    update_review,
)
from pathway.store.schema import learners, review_cards
from pathway.store.transactions import read_transaction

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def answer(engine, learner_id, **changes) -> bool:
    fields = {
        "attempt_id": str(uuid.uuid4()),
        "item_id": "q1",
        "item_kind": "question",
        "topic": "wet wraps",
        "stage": "wet_wrap",
        "choice_id": "a",
        "correct": True,
        "confidence": "sure",
        "mode": "tutor",
        "seconds": 12.5,
        "answered_at": T0,
    }
    fields.update(changes)
    return record_answer(engine, learner_id, **fields)


# ---- nicknames -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Ana   María ", "Ana María"),
        ("O\u2019Neil", "O'Neil"),
        ("dr_k.2", "dr_k.2"),
        ("Jean-Luc", "Jean-Luc"),
        ("李明", "李明"),
        ("हिन्दी", "हिन्दी"),
        ("Zoë", "Zoë"),
        ("x" * 24, "x" * 24),
        ("Pasted Name\n", "Pasted Name"),
        ("Wide\u00a0\u00a0Space", "Wide Space"),
    ],
)
def test_nicknames_in_any_script_are_cleaned(typed, kept):
    assert check_nickname(typed) == kept


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("A", "2 to 24 characters; this one has 1"),
        ("   ", "this one has 0"),
        ("x" * 25, "this one has 25"),
        ("<b>bold</b>", "not: / < >"),
        ("[link](x)", "not: ( ) ["),
        ("**star**", "not: *"),
        ("`code`", "not: `"),
        ("a\u202eevil", "control or invisible"),
        ("zero\u200bwidth", "control or invisible"),
        ("tab\tname", "control or invisible"),
        ("two\nlines", "control or invisible"),
        ("🙂🙂", "not: 🙂"),
        ("-_.", "at least one letter or digit"),
    ],
)
def test_nicknames_refused_with_a_reason(typed, reason):
    with pytest.raises(ValueError, match=r"^A nickname") as refused:
        check_nickname(typed)
    assert reason in str(refused.value)


# ---- learners and keys -----------------------------------------------------------------------


def test_a_resume_key_reopens_the_same_learner_and_history_in_a_fresh_engine(database_url):
    engine = make_engine(database_url)
    learner, key = create_learner(engine, "Resident 1")
    answer(engine, learner.id, choice_id="b", correct=False, confidence="unsure")
    answer(engine, learner.id, answered_at=T0 + timedelta(minutes=1))
    before = history(engine, learner.id)
    forget_engine(database_url)  # as a new process would

    fresh = make_engine(database_url)
    assert fresh is not engine
    again = learner_for_key(fresh, key)
    assert again == learner
    assert history(fresh, again.id) == before and len(before) == 2


def test_only_the_key_opens_a_learner(engine):
    learner, key = create_learner(engine, "Same Name")
    create_learner(engine, "Same Name")  # nicknames need not be unique
    assert len(key) >= 22  # at least 128 bits, URL-safe
    assert learner_for_key(engine, f"  {key}\n") == learner
    for wrong in ("Same Name", key[:-1] + ("A" if key[-1] != "A" else "B"), key[:-2], "", "x" * 300, "' OR 1=1 --"):
        assert learner_for_key(engine, wrong) is None


def test_keys_are_stored_only_as_sha256(engine):
    keys = [create_learner(engine, f"Learner {n}")[1] for n in range(3)]
    with read_transaction(engine) as connection:
        rows = [tuple(str(value) for value in row) for row in connection.execute(select(learners))]
    stored = " ".join(" ".join(row) for row in rows)
    assert all(key not in stored for key in keys)
    with read_transaction(engine) as connection:
        hashes = set(connection.execute(select(learners.c.key_hash)).scalars())
    assert hashes == {hashlib.sha256(key.encode()).hexdigest() for key in keys}


def test_keys_are_all_different(engine):
    assert len({create_learner(engine, "Twin")[1] for _ in range(20)}) == 20


# ---- answers -------------------------------------------------------------------------------


def test_the_same_attempt_is_recorded_once(engine):
    learner, _ = create_learner(engine, "Double Click")
    attempt = str(uuid.uuid4())
    assert answer(engine, learner.id, attempt_id=attempt) is True
    assert answer(engine, learner.id, attempt_id=attempt) is False
    assert answer(engine, learner.id, attempt_id=attempt.upper(), choice_id="c") is False  # same UUID
    [only] = history(engine, learner.id)
    assert (only.attempt_id, only.choice_id, only.seconds, only.answered_at) == (attempt, "a", 12.5, T0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"attempt_id": "not-a-uuid"}, "UUID"),
        ({"confidence": "certain"}, "confidence"),
        ({"mode": "homework"}, "mode"),
        ({"item_kind": "flashcard"}, "item_kind"),
        ({"seconds": -1}, "seconds"),
        ({"seconds": float("nan")}, "seconds"),
        ({"correct": 1}, "correct"),
        ({"item_id": ""}, "item_id"),
        ({"topic": "x" * 81}, "topic"),
        ({"answered_at": datetime(2025, 1, 1)}, "naive"),
    ],
)
def test_bad_answers_are_refused(engine, change, message):
    learner, _ = create_learner(engine, "Careful")
    with pytest.raises(ValueError, match=message):
        answer(engine, learner.id, **change)
    assert history(engine, learner.id) == []


def test_answers_for_no_learner_are_refused(engine):
    with pytest.raises(LookupError, match="no learner"):
        answer(engine, 12345)


def test_history_is_in_time_order(engine):
    learner, _ = create_learner(engine, "Timeline")
    for minutes in (5, 1, 3):
        answer(engine, learner.id, answered_at=T0 + timedelta(minutes=minutes), item_id=f"q{minutes}")
    assert [a.item_id for a in history(engine, learner.id)] == ["q1", "q3", "q5"]


def test_choice_counts_pool_every_learner(engine):
    one, _ = create_learner(engine, "One")
    two, _ = create_learner(engine, "Two")
    answer(engine, one.id, item_id="case:42", item_kind="case", choice_id="b")
    answer(engine, two.id, item_id="case:42", item_kind="case", choice_id="b")
    answer(engine, two.id, item_id="case:42", item_kind="case", choice_id="a")
    answer(engine, two.id, item_id="case:7", item_kind="case", choice_id="c")
    assert choice_counts(engine, "case:42") == {"a": 1, "b": 2}
    assert choice_counts(engine, "nothing") == {}


def test_summary_by_topic_stage_and_confidence(engine):
    learner, _ = create_learner(engine, "Stats")
    answer(engine, learner.id, topic="steroids", stage="tcs", correct=True, confidence="sure")
    answer(engine, learner.id, topic="steroids", stage="tcs", correct=False, confidence="sure")
    answer(engine, learner.id, topic="wraps", stage="wet_wrap", correct=True, confidence="guess")
    answer(engine, learner.id, topic="wraps", stage="tcs", correct=True, confidence="unsure")
    result = summary(engine, learner.id)
    assert (result["answered"], result["correct"], result["accuracy"]) == (4, 3, 0.75)
    assert result["by_topic"] == {
        "steroids": {"answered": 2, "correct": 1, "accuracy": 0.5},
        "wraps": {"answered": 2, "correct": 2, "accuracy": 1.0},
    }
    assert result["by_stage"]["tcs"] == {"answered": 3, "correct": 2, "accuracy": 2 / 3}
    assert result["calibration"] == {
        "sure": {"answered": 2, "correct": 1, "wrong": 1, "accuracy": 0.5},
        "unsure": {"answered": 1, "correct": 1, "wrong": 0, "accuracy": 1.0},
        "guess": {"answered": 1, "correct": 1, "wrong": 0, "accuracy": 1.0},
    }
    empty, _ = create_learner(engine, "New")
    assert summary(engine, empty.id)["accuracy"] is None


def test_export_csv_has_a_header_a_row_per_attempt_and_defuses_formulas(engine):
    """One row per answer of this learner only, oldest first; ids a spreadsheet would run stay text
    (the words of each answer are tested in test_reports.py)."""
    learner, _ = create_learner(engine, "Exporter")
    first = str(uuid.uuid4())
    answer(engine, learner.id, attempt_id=first, choice_id='=HYPERLINK("http://x")', mode="exam")
    answer(
        engine,
        learner.id,
        answered_at=T0 + timedelta(seconds=30),
        topic="+1",
        stage="-2",
        item_id="@SUM(A1)",
        correct=False,
        confidence="guess",
        seconds=None,
    )
    other, _ = create_learner(engine, "Other")
    answer(engine, other.id)
    rows = list(csv.reader(io.StringIO(export_csv(engine, learner.id, items=[]))))
    assert rows[0] == [
        "Answered (UTC)",
        "Mode",
        "Topic",
        "Question",
        "Your answer",
        "Correct answer",
        "Result",
        "Confidence",
        "Seconds taken",
        "Question id",
        "Choice id",
        "Attempt id",
    ]
    assert rows[1] == [
        "2025-03-01 09:00:00",
        "exam",
        "Wet wraps",
        "Question q1 (no longer in the bank)",
        '(choice =HYPERLINK("http://x"))',
        "",
        "right",
        "not asked (exam)",
        "12.5",
        "q1",
        '\'=HYPERLINK("http://x")',
        first,
    ]
    assert rows[2][:11] == [
        "2025-03-01 09:00:30",
        "practice",
        "'+1",
        "Question @SUM(A1) (no longer in the bank)",
        "(choice a)",
        "",
        "wrong",
        "guess",
        "",
        "'@SUM(A1)",
        "a",
    ]
    assert len(rows) == 3


def test_deleting_a_learner_removes_their_answers_and_cards_only(engine):
    gone, key = create_learner(engine, "Leaving")
    stays, _ = create_learner(engine, "Staying")
    for learner in (gone, stays):
        answer(engine, learner.id, schedule_review=True)
        update_review(engine, learner.id, "stage:tcs", Rating.Good, T0)
    assert delete_learner(engine, gone.id) is True
    assert delete_learner(engine, gone.id) is False
    assert learner_for_key(engine, key) is None
    assert history(engine, gone.id) == [] and export_csv(engine, gone.id).count("\n") == 1
    assert due_reviews(engine, gone.id, T0 + timedelta(days=365)) == []
    with read_transaction(engine) as connection:
        assert connection.execute(text("SELECT count(*) FROM attempts")).scalar() == 1
        assert set(connection.execute(select(review_cards.c.learner_id)).scalars()) == {stays.id}
    assert len(history(engine, stays.id)) == 1


# ---- review cards ----------------------------------------------------------------------------


def test_review_cards_fall_due_and_come_back_most_overdue_first(engine):
    learner, _ = create_learner(engine, "Reviewer")
    due_easy = update_review(engine, learner.id, "q_easy", Rating.Easy, T0)
    due_again = update_review(engine, learner.id, "q_again", Rating.Again, T0)
    assert T0 < due_again < due_easy
    assert due_reviews(engine, learner.id, T0) == []
    assert due_reviews(engine, learner.id, due_again) == [("q_again", due_again)]
    assert due_reviews(engine, learner.id, due_easy) == [("q_again", due_again), ("q_easy", due_easy)]
    later = update_review(engine, learner.id, "q_again", Rating.Good, due_again)
    assert later > due_again
    with read_transaction(engine) as connection:
        reviews = dict(connection.execute(select(review_cards.c.review_key, review_cards.c.reviews)).all())
    assert reviews == {"q_easy": 1, "q_again": 2}
    with pytest.raises(LookupError, match="no learner"):
        update_review(engine, 12345, "q1", Rating.Good, T0)
    with pytest.raises(ValueError, match="review key"):
        update_review(engine, learner.id, "", Rating.Good, T0)


def test_an_answer_schedules_its_review_once_by_item_or_by_stage(engine):
    learner, _ = create_learner(engine, "Scheduler")
    attempt = str(uuid.uuid4())
    assert answer(engine, learner.id, attempt_id=attempt, schedule_review=True, correct=False)
    assert not answer(engine, learner.id, attempt_id=attempt, schedule_review=True, correct=False)
    answer(engine, learner.id, item_id="case:99", item_kind="case", stage="phototherapy", schedule_review=True)
    answer(engine, learner.id, item_id="q2", schedule_review=False)
    with read_transaction(engine) as connection:
        reviews = dict(connection.execute(select(review_cards.c.review_key, review_cards.c.reviews)).all())
    assert reviews == {"q1": 1, "stage:phototherapy": 1}
    assert [key for key, _ in due_reviews(engine, learner.id, T0 + timedelta(minutes=10))] == ["q1"]
