"""Lecture rooms: the running order and where the lecture is live in the database, so every screen (the
presenter's, the projector, the phones) and a restarted app see the same slide, and votes belong to the
question slide they were cast on."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from pathway.store.db import forget_engine, make_engine
from pathway.store.polls import VoteResult, new_voter_token, poll_state, poll_version, vote
from pathway.store.rooms import (
    RoomSlide,
    black_screen,
    close_voting,
    end_lecture,
    go_to_slide,
    open_room,
    own_answers,
    reveal_answer,
    room_by_code,
    room_by_id,
    room_summary,
    show_points,
    summary_csv,
    summary_markdown,
)
from pathway.store.schema import polls
from pathway.store.transactions import read_transaction


def question(qid: str, answer: str = "a") -> dict:
    return {
        "id": qid,
        "stem": f"=Stem of {qid}",  # a formula-looking stem: the CSV must defuse it
        "lead_in": "What next?",
        "choices": [
            {"id": "a", "text": "Wet wraps", "explanation": "Right for moderate to severe."},
            {"id": "b", "text": "Oral antihistamine", "explanation": "Not recommended."},
            {"id": "c", "text": "Stop the steroid", "explanation": "Undertreatment."},
        ],
        "answer": answer,
    }


LECTURE = [
    RoomSlide("title", "Eczema that does not settle"),
    RoomSlide("step_1", "Check the basics"),
    RoomSlide("q_one", "What next?", question("q_one")),
    RoomSlide("step_2", "Wet wraps"),
    RoomSlide("q_two", "Which dose?", question("q_two", answer="b")),
]


@pytest.fixture
def room(engine):
    return open_room(engine, LECTURE)


def test_a_new_room_starts_on_its_first_slide_with_voting_closed(engine, room):
    opened, key = room
    assert opened.slide_index == 0 and opened.slide_id == "title" and opened.next_slide_id == "step_1"
    assert opened.question_slides == {2, 4} and not opened.asks and not opened.black
    assert vote(engine, opened.code, new_voter_token(), "a") is VoteResult.LOCKED
    with read_transaction(engine) as connection:
        stored = connection.execute(select(polls.c.presenter_key_hash).where(polls.c.id == opened.poll_id)).scalar()
    assert key not in stored and len(stored) == 64  # only the key's hash


def test_every_screen_and_a_restarted_app_see_exactly_where_the_room_is(engine, database_url, room):
    opened, key = room
    go_to_slide(engine, opened.poll_id, key, 3, shown_points=2)
    black_screen(engine, opened.poll_id, key, True)
    forget_engine(database_url)  # the app restarts: a new engine, nothing kept in memory
    again = room_by_code(make_engine(database_url), opened.code.lower())
    assert again is not None
    assert (again.slide_id, again.shown_points, again.black, again.title) == ("step_2", 2, True, "Wet wraps")


def test_phones_vote_only_while_a_question_slide_is_up_and_votes_stay_with_their_slide(engine, room):
    opened, key = room
    phone = new_voter_token()
    go_to_slide(engine, opened.poll_id, key, 2)
    assert vote(engine, opened.code, phone, "b") is VoteResult.ACCEPTED
    assert vote(engine, opened.code, phone, "a") is VoteResult.REPLACED
    go_to_slide(engine, opened.poll_id, key, 3)
    assert vote(engine, opened.code, phone, "c") is VoteResult.LOCKED  # a phone that has not followed yet
    go_to_slide(engine, opened.poll_id, key, 4)
    assert vote(engine, opened.code, phone, "b") is VoteResult.ACCEPTED
    _, summaries = room_summary(engine, opened.poll_id)
    assert [(s.question_id, {c: n for c, _, n in s.choices}) for s in summaries] == [
        ("q_one", {"a": 1, "b": 0, "c": 0}),
        ("q_two", {"a": 0, "b": 1, "c": 0}),
    ]


def test_going_back_to_a_question_finds_its_votes_reveal_and_lock_as_left(engine, room):
    opened, key = room
    go_to_slide(engine, opened.poll_id, key, 2)
    vote(engine, opened.code, new_voter_token(), "a")
    reveal_answer(engine, opened.poll_id, key)
    close_voting(engine, opened.poll_id, key)
    go_to_slide(engine, opened.poll_id, key, 4)
    state = poll_state(engine, opened.code)
    assert state is not None and state.question["id"] == "q_two" and not state.revealed and not state.locked
    back = go_to_slide(engine, opened.poll_id, key, 2)
    assert back.answer_shown and back.voting_closed
    state = poll_state(engine, opened.code)
    assert state is not None and state.revealed and state.answer == "a" and state.counts == {"a": 1, "b": 0, "c": 0}
    assert vote(engine, opened.code, new_voter_token(), "b") is VoteResult.LOCKED
    reopened = close_voting(engine, opened.poll_id, key, closed=False)
    assert not reopened.voting_closed
    assert vote(engine, opened.code, new_voter_token(), "b") is VoteResult.ACCEPTED


def test_only_the_presenter_key_moves_the_room_and_a_wrong_key_changes_nothing(engine, room):
    opened, key = room
    before = poll_version(engine, opened.poll_id)
    for action in (
        lambda k: go_to_slide(engine, opened.poll_id, k, 2),
        lambda k: show_points(engine, opened.poll_id, k, 3),
        lambda k: black_screen(engine, opened.poll_id, k, True),
        lambda k: end_lecture(engine, opened.poll_id, k),
    ):
        with pytest.raises(PermissionError):
            action("x" * len(key))
    assert poll_version(engine, opened.poll_id) == before
    assert room_by_id(engine, opened.poll_id) == opened


def test_every_change_raises_the_version_that_following_screens_read(engine, room):
    opened, key = room
    versions = [poll_version(engine, opened.poll_id)]
    go_to_slide(engine, opened.poll_id, key, 1)
    versions.append(poll_version(engine, opened.poll_id))
    show_points(engine, opened.poll_id, key, 1)
    versions.append(poll_version(engine, opened.poll_id))
    black_screen(engine, opened.poll_id, key, True)
    versions.append(poll_version(engine, opened.poll_id))
    go_to_slide(engine, opened.poll_id, key, 2)
    vote(engine, opened.code, new_voter_token(), "a")
    versions.append(poll_version(engine, opened.poll_id))
    assert versions == sorted(set(versions)) and len(versions) == 5


def test_a_slide_out_of_range_is_clamped_and_a_reveal_without_a_question_is_refused(engine, room):
    opened, key = room
    assert go_to_slide(engine, opened.poll_id, key, 99).slide_id == "q_two"
    assert go_to_slide(engine, opened.poll_id, key, -3).slide_id == "title"
    with pytest.raises(ValueError, match="asks no question"):
        reveal_answer(engine, opened.poll_id, key)
    with pytest.raises(ValueError, match="asks no question"):
        close_voting(engine, opened.poll_id, key)


@pytest.mark.parametrize(
    ("slides", "message"),
    [
        ([], "1 to 500 slides"),
        ([RoomSlide("q", "Broken", {**question("q"), "answer": "z"})], "answer"),
    ],
)
def test_a_broken_running_order_is_refused(engine, slides, message):
    with pytest.raises(ValueError, match=message):
        open_room(engine, slides)


def test_after_the_lecture_the_summary_counts_and_each_phone_sees_its_own_answers(engine, room):
    opened, key = room
    phones = [new_voter_token() for _ in range(4)]
    go_to_slide(engine, opened.poll_id, key, 2)
    for phone, choice in zip(phones, "aabc"):
        vote(engine, opened.code, phone, choice)
    go_to_slide(engine, opened.poll_id, key, 4)
    vote(engine, opened.code, phones[0], "b")
    closed = end_lecture(engine, opened.poll_id, key)
    assert not closed.is_open and room_by_code(engine, opened.code) is None
    assert vote(engine, opened.code, phones[1], "b") is VoteResult.NO_POLL

    room_now, summaries = room_summary(engine, opened.poll_id)
    first, second = summaries
    assert (first.slide, first.voters, first.correct, first.share_correct) == (3, 4, 2, 0.5)
    assert (second.slide, second.voters, second.share_correct) == (5, 1, 1.0)
    text = summary_csv(summaries)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6 and rows[0]["share correct"] == "50%" and rows[0]["question"].startswith("'=")
    assert not any(phone in text for phone in phones)
    markdown = summary_markdown(room_now, summaries)
    assert "4 voters; 2 right (50%)" in markdown and "| Wet wraps | 2 | the answer |" in markdown
    assert not any(phone in markdown for phone in phones)

    mine = own_answers(engine, opened.poll_id, phones[0])
    assert [(a.question_id, a.chosen, a.key, a.right) for a in mine] == [
        ("q_one", "Wet wraps", "Wet wraps", True),
        ("q_two", "Oral antihistamine", "Oral antihistamine", True),
    ]
    theirs = own_answers(engine, opened.poll_id, phones[3])
    assert [(a.chosen, a.right) for a in theirs] == [("Stop the steroid", False), (None, False)]
    with pytest.raises(ValueError):
        own_answers(engine, opened.poll_id, "not a token")
