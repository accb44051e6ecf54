"""A phone finds its own last answer (and nobody else's) by its voter token; a co-presenter's key is checked."""

from __future__ import annotations

import pytest

from pathway.store.polls import is_presenter, lock, new_voter_token, next_question, open_poll, vote, voter_choice


def question(number: int = 1) -> dict:
    return {
        "id": f"q{number}",
        "stem": "A child with eczema.",
        "lead_in": "What next?",
        "choices": [
            {"id": "a", "text": "Wet wraps", "explanation": ""},
            {"id": "b", "text": "Antihistamine", "explanation": ""},
        ],
        "answer": "a",
    }


def test_a_voter_sees_its_last_answer_per_question(engine):
    poll, key = open_poll(engine, question())
    phone, other = new_voter_token(), new_voter_token()
    assert voter_choice(engine, poll.id, 0, phone) is None
    vote(engine, poll.code, phone, "b")
    vote(engine, poll.code, other, "a")
    assert voter_choice(engine, poll.id, 0, phone) == "b"
    vote(engine, poll.code, phone, "a")
    assert voter_choice(engine, poll.id, 0, phone) == "a"
    lock(engine, poll.id, key)
    vote(engine, poll.code, phone, "b")  # refused: locked
    assert voter_choice(engine, poll.id, 0, phone) == "a"
    next_question(engine, poll.id, key, question(2))
    assert voter_choice(engine, poll.id, 1, phone) is None
    assert voter_choice(engine, poll.id, 0, phone) == "a"


def test_a_token_of_the_wrong_shape_is_refused(engine):
    poll, _ = open_poll(engine, question())
    with pytest.raises(ValueError, match="voter token"):
        voter_choice(engine, poll.id, 0, "10.0.0.7")


def test_only_the_poll_s_own_key_is_the_presenter_s(engine):
    poll, key = open_poll(engine, question())
    _other, other_key = open_poll(engine, question(2))
    assert is_presenter(engine, poll.id, key) and is_presenter(engine, poll.id, f"  {key} ")
    assert not is_presenter(engine, poll.id, other_key)
    assert not is_presenter(engine, poll.id, "")
    assert not is_presenter(engine, poll.id, key[:-1] + ("A" if key[-1] != "A" else "B"))
    assert not is_presenter(engine, 999_999, key)
