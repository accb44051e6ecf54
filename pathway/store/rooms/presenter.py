"""The presenter's controls of a lecture room: move to a slide, show its points one by one, black the
projector, reveal a question's answer, close and reopen its voting, end the lecture. Only the presenter
key (or a co-presenter holding it) can; every control locks the poll's row and raises its version in the
same transaction, so every screen following the room sees one consistent change."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, update

from pathway.store.polls.presenter import checked_presenter
from pathway.store.polls.records import bump
from pathway.store.rooms.records import Room, read_room
from pathway.store.schema import polls, rooms
from pathway.store.transactions import write_transaction


def _locked_room(connection: Connection, poll_id: int, presenter_key: str) -> Room:
    checked_presenter(connection, poll_id, presenter_key)  # PermissionError, LookupError or ValueError
    room = read_room(connection, polls.c.id == poll_id)
    if room is None:
        raise LookupError(f"poll {poll_id} is not a lecture room")
    return room


def _poll_values(room: Room, index: int, revealed: frozenset[int], locked: frozenset[int]) -> dict[str, Any]:
    """The poll row's current question as the room's slide makes it: the slide's own question, or (on a
    slide without one) voting closed, so a phone that has not yet followed cannot vote on the old one."""
    if index in room.question_slides:
        return {"question_index": index, "revealed": index in revealed, "locked": index in locked}
    return {"revealed": False, "locked": True}


def _change(engine: Engine, poll_id: int, presenter_key: str, edit: Callable[[Room], dict[str, Any]]) -> Room:
    """Apply ``edit`` (the room as it is, locked, to the columns to change) in one transaction."""
    with write_transaction(engine) as connection:
        room = _locked_room(connection, poll_id, presenter_key)
        change = edit(room)
        index = change.get("slide_index", room.slide_index)
        revealed = change.pop("revealed", room.revealed)
        locked = change.pop("locked", room.locked)
        connection.execute(
            update(rooms)
            .where(rooms.c.poll_id == poll_id)
            .values(**change, revealed_json=json.dumps(sorted(revealed)), locked_json=json.dumps(sorted(locked)))
        )
        bump(connection, poll_id, datetime.now(UTC), **_poll_values(room, index, revealed, locked))
        updated = read_room(connection, polls.c.id == poll_id)
    assert updated is not None
    return updated


def go_to_slide(engine: Engine, poll_id: int, presenter_key: str, index: int, shown_points: int = 0) -> Room:
    """Put slide ``index`` (clamped to the running order) on every screen with ``shown_points`` shown."""
    return _change(
        engine,
        poll_id,
        presenter_key,
        lambda room: {
            "slide_index": max(0, min(len(room.slide_ids) - 1, int(index))),
            "shown_points": max(0, int(shown_points)),
        },
    )


def show_points(engine: Engine, poll_id: int, presenter_key: str, shown_points: int) -> Room:
    """How many of the current slide's points the projector shows."""
    return _change(engine, poll_id, presenter_key, lambda room: {"shown_points": max(0, int(shown_points))})


def black_screen(engine: Engine, poll_id: int, presenter_key: str, black: bool) -> Room:
    """Black the projector (or bring the slide back); phones and the presenter's screen are unchanged."""
    return _change(engine, poll_id, presenter_key, lambda room: {"black": bool(black)})


def _current_question(room: Room) -> int:
    if not room.asks:
        raise ValueError("This slide asks no question: there is no answer to reveal or voting to close.")
    return room.slide_index


def reveal_answer(engine: Engine, poll_id: int, presenter_key: str) -> Room:
    """Show the current question's answer, explanations and counts on every screen."""
    return _change(engine, poll_id, presenter_key, lambda room: {"revealed": room.revealed | {_current_question(room)}})


def close_voting(engine: Engine, poll_id: int, presenter_key: str, closed: bool = True) -> Room:
    """Stop (or reopen) voting on the current question; later votes get ``VoteResult.LOCKED``."""

    def edit(room: Room) -> dict[str, Any]:
        index = _current_question(room)
        return {"locked": room.locked | {index} if closed else room.locked - {index}}

    return _change(engine, poll_id, presenter_key, edit)


def end_lecture(engine: Engine, poll_id: int, presenter_key: str) -> Room:
    """Close the room: its code stops working for new votes; phones show each student's answers."""
    with write_transaction(engine) as connection:
        _locked_room(connection, poll_id, presenter_key)
        bump(connection, poll_id, datetime.now(UTC), is_open=False, locked=True)
        room = read_room(connection, polls.c.id == poll_id)
    assert room is not None
    return room
