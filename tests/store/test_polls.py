"""Live class polls: join codes, one vote per voter, locking, the presenter key, the change counter."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import event, func, select

from pathway.store.polls import (
    JOIN_CODE_ALPHABET,
    VoteResult,
    check_join_code,
    check_question,
    close_poll,
    counts,
    display_join_code,
    lock,
    new_voter_token,
    next_question,
    open_poll,
    poll_by_code,
    poll_state,
    poll_version,
    reveal,
    unlock,
    vote,
)
from pathway.store.polls import state as poll_module  # where open_poll draws its join codes
from pathway.store.schema import polls, votes
from pathway.store.transactions import read_transaction


def question(number: int = 1) -> dict:
    return {
        "id": f"q{number}",
        "stem": f"A child with eczema, case {number}.",
        "lead_in": "What next?",
        "choices": [
            {"id": "a", "text": "Wet wraps", "explanation": "Right for moderate to severe."},
            {"id": "b", "text": "Oral antihistamine", "explanation": "Not recommended."},
            {"id": "c", "text": "Stop the steroid", "explanation": "Undertreatment."},
        ],
        "answer": "a",
        "topic": "dropped",
    }


@pytest.fixture
def poll(engine):
    return open_poll(engine, question())


def vote_rows(engine, poll_id: int) -> int:
    with read_transaction(engine) as connection:
        return connection.execute(select(func.count()).select_from(votes).where(votes.c.poll_id == poll_id)).scalar()


# ---- join codes ------------------------------------------------------------------------------


def test_join_codes_are_six_unambiguous_characters(engine):
    for _ in range(20):
        created, _ = open_poll(engine, question())
        assert re.fullmatch(f"[{JOIN_CODE_ALPHABET}]{{6}}", created.code)
    assert not set("01IO") & set(JOIN_CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("abcdef", "ABCDEF"), (" abc-def ", "ABCDEF"), ("AB CD EF", "ABCDEF"), ("abc\u2013def", "ABCDEF")],
)
def test_join_codes_ignore_case_spaces_and_dashes(typed, stored):
    assert check_join_code(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Type the 6-character code"),
        ("ABCDE", "this one has 5"),
        ("ABCDEFG", "this one has 7"),
        ("ABC0EF", "not: 0"),
        ("OIABCD", "not: I O"),
        ("ABC<EF", "not: <"),
    ],
)
def test_bad_join_codes_say_what_is_wrong(typed, reason):
    with pytest.raises(ValueError) as refused:
        check_join_code(typed)
    assert reason in str(refused.value)


def test_a_poll_is_found_by_its_code_however_typed(engine, poll):
    created, _ = poll
    for typed in (created.code, created.code.lower(), f" {display_join_code(created.code).lower()} "):
        assert poll_by_code(engine, typed) == created
    assert poll_by_code(engine, "ZZZZZZ" if created.code != "ZZZZZZ" else "YYYYYY") is None
    assert poll_by_code(engine, "nonsense!") is None


def test_a_code_in_use_is_drawn_again_and_a_closed_polls_code_is_free(engine, monkeypatch):
    drawn = iter(["AAAAAA", "AAAAAA", "AAAAAA", "BBBBBB", "AAAAAA"])
    monkeypatch.setattr(poll_module, "new_join_code", lambda: next(drawn))
    first, first_key = open_poll(engine, question())
    second, _ = open_poll(engine, question())
    assert (first.code, second.code) == ("AAAAAA", "BBBBBB")
    close_poll(engine, first.id, first_key)
    assert poll_by_code(engine, "AAAAAA") is None
    third, _ = open_poll(engine, question())
    assert third.code == "AAAAAA" and poll_by_code(engine, "aaa-aaa") == third


def test_the_presenter_key_is_stored_only_as_sha256(engine, poll):
    created, key = poll
    with read_transaction(engine) as connection:
        row = connection.execute(select(polls).where(polls.c.id == created.id)).one()
    assert key not in " ".join(str(value) for value in row)
    assert row.presenter_key_hash == hashlib.sha256(key.encode()).hexdigest()


# ---- votes -----------------------------------------------------------------------------------


def test_a_second_vote_replaces_the_first(engine, poll):
    created, _ = poll
    phone, other = new_voter_token(), new_voter_token()
    assert vote(engine, created.code, phone, "b") is VoteResult.ACCEPTED
    assert vote(engine, created.code.lower(), phone, "a") is VoteResult.REPLACED
    assert vote(engine, created.id, phone, "a") is VoteResult.REPLACED
    assert vote(engine, created.id, other, "c") is VoteResult.ACCEPTED
    assert counts(engine, created.id) == {"a": 1, "b": 0, "c": 1}
    assert vote_rows(engine, created.id) == 2


def test_a_locked_question_refuses_votes_with_a_clear_result(engine, poll):
    created, key = poll
    phone = new_voter_token()
    vote(engine, created.code, phone, "b")
    lock(engine, created.id, key)
    result = vote(engine, created.code, phone, "a")
    assert result is VoteResult.LOCKED and result.value == "locked" and not result.counted
    assert result.message == "Voting on this question is closed."
    assert vote(engine, created.code, new_voter_token(), "a") is VoteResult.LOCKED
    assert counts(engine, created.id) == {"a": 0, "b": 1, "c": 0}
    unlock(engine, created.id, key)
    assert vote(engine, created.code, phone, "a") is VoteResult.REPLACED


def test_unknown_choices_polls_and_tokens(engine, poll):
    created, key = poll
    assert vote(engine, created.code, new_voter_token(), "z") is VoteResult.UNKNOWN_CHOICE
    assert (
        vote(engine, "QQQ-QQQ" if created.code != "QQQQQQ" else "RRRRRR", new_voter_token(), "a") is VoteResult.NO_POLL
    )
    assert vote(engine, "0000", new_voter_token(), "a") is VoteResult.NO_POLL
    assert vote(engine, 999_999, new_voter_token(), "a") is VoteResult.NO_POLL
    for token in ("short", "x" * 65, "has space in it!!", "192.168.1.20-phone"):
        with pytest.raises(ValueError, match="voter token"):
            vote(engine, created.code, token, "a")
    close_poll(engine, created.id, key)
    assert vote(engine, created.code, new_voter_token(), "a") is VoteResult.NO_POLL
    assert vote(engine, created.id, new_voter_token(), "a") is VoteResult.NO_POLL
    assert vote_rows(engine, created.id) == 0


def test_next_question_starts_votes_afresh_and_keeps_the_old_ones(engine, poll):
    created, key = poll
    phones = [new_voter_token() for _ in range(3)]
    for phone in phones:
        vote(engine, created.code, phone, "a")
    lock(engine, created.id, key)
    reveal(engine, created.id, key)
    assert next_question(engine, created.id, key, question(2)) == 1
    state = poll_state(engine, created.code)
    assert (state.question_index, state.question["id"], state.revealed, state.locked) == (1, "q2", False, False)
    assert counts(engine, created.id) == {"a": 0, "b": 0, "c": 0}
    assert vote(engine, created.code, phones[0], "c") is VoteResult.ACCEPTED  # a new question: a new vote
    assert counts(engine, created.id) == {"a": 0, "b": 0, "c": 1}
    with read_transaction(engine) as connection:
        kept = connection.execute(
            select(votes.c.question_index, func.count())
            .where(votes.c.poll_id == created.id)
            .group_by(votes.c.question_index)
            .order_by(votes.c.question_index)
        ).all()
    assert [tuple(row) for row in kept] == [(0, 3), (1, 1)]


# ---- the presenter key ---------------------------------------------------------------------


def test_only_the_presenter_key_can_reveal_lock_or_move_on(engine, poll):
    created, key = poll
    _, other_key = open_poll(engine, question())
    version = poll_version(engine, created.id)
    attempts = [
        lambda wrong: reveal(engine, created.id, wrong),
        lambda wrong: lock(engine, created.id, wrong),
        lambda wrong: unlock(engine, created.id, wrong),
        lambda wrong: next_question(engine, created.id, wrong, question(2)),
        lambda wrong: close_poll(engine, created.id, wrong),
    ]
    for attempt in attempts:
        for wrong in (other_key, "", key[:-1], "x" * 40):
            with pytest.raises(PermissionError, match="only the presenter who opened it"):
                attempt(wrong)
    assert poll_version(engine, created.id) == version
    assert poll_by_code(engine, created.code) == created
    with pytest.raises(LookupError):
        reveal(engine, 999_999, key)


# ---- the change counter ------------------------------------------------------------------------


def test_the_version_rises_on_every_vote_reveal_lock_and_next_question(engine, poll):
    created, key = poll
    phone = new_voter_token()
    seen = [poll_version(engine, created.id)]
    for change in (
        lambda: vote(engine, created.code, phone, "a"),
        lambda: vote(engine, created.code, phone, "b"),
        lambda: reveal(engine, created.id, key),
        lambda: lock(engine, created.id, key),
        lambda: next_question(engine, created.id, key, question(2)),
        lambda: vote(engine, created.code, phone, "c"),
    ):
        change()
        seen.append(poll_version(engine, created.id))
    assert seen == sorted(set(seen)) and len(seen) == 7
    lock(engine, created.id, key)
    locked_version = poll_version(engine, created.id)
    vote(engine, created.code, phone, "a")  # refused: nothing changed
    vote(engine, created.code, phone, "zzz")
    assert poll_version(engine, created.id) == locked_version


def test_reading_the_version_is_one_primary_key_read_that_never_counts_votes(engine, poll):
    created, _ = poll
    for _ in range(5):
        vote(engine, created.code, new_voter_token(), "a")
    sent: list[str] = []

    def listener(conn, cursor, statement, *args):
        sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        version = poll_version(engine, created.id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    queries = [s for s in sent if not s.startswith("BEGIN")]
    assert version == 6
    assert len(queries) == 1
    assert re.fullmatch(r"SELECT polls\.version FROM polls WHERE polls\.id = \S+", queries[0]), queries
    with pytest.raises(LookupError):
        poll_version(engine, 999_999)


# ---- what students see -----------------------------------------------------------------------


def test_students_see_the_answer_explanations_and_counts_only_once_revealed(engine, poll):
    created, key = poll
    vote(engine, created.code, new_voter_token(), "b")
    hidden = poll_state(engine, created.code.lower())
    assert hidden.question == {
        "id": "q1",
        "stem": "A child with eczema, case 1.",
        "lead_in": "What next?",
        "choices": [
            {"id": "a", "text": "Wet wraps"},
            {"id": "b", "text": "Oral antihistamine"},
            {"id": "c", "text": "Stop the steroid"},
        ],
    }
    assert (hidden.answer, hidden.counts, hidden.revealed, hidden.locked) == (None, None, False, False)
    assert "answer" not in str(hidden.question) and "Not recommended" not in str(hidden)
    lock(engine, created.id, key)
    reveal(engine, created.id, key)
    shown = poll_state(engine, created.code)
    assert (shown.answer, shown.counts, shown.revealed, shown.locked) == ("a", {"a": 0, "b": 1, "c": 0}, True, True)
    assert shown.question["choices"][1]["explanation"] == "Not recommended."
    assert shown.version == poll_version(engine, created.id)
    close_poll(engine, created.id, key)
    assert poll_state(engine, created.code) is None
    assert poll_state(engine, "bad") is None


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"choices": []}, "2 to 10 choices"),
        ({"choices": [{"id": "a", "text": "A"}, {"id": "a", "text": "B"}]}, "choice ids must differ"),
        ({"answer": "z"}, "answer must be one of"),
        ({"stem": ""}, "stem"),
        ({"choices": [{"id": "a", "text": "A"}, "b"]}, "choice 2"),
    ],
)
def test_a_broken_question_is_refused(engine, broken, message):
    with pytest.raises(ValueError, match=message):
        open_poll(engine, {**question(), **broken})
    assert check_question(question())["choices"][0] == {
        "id": "a",
        "text": "Wet wraps",
        "explanation": "Right for moderate to severe.",
    }
    assert "topic" not in check_question(question())
