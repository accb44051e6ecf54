"""The presenter's controls of a live poll: only the presenter key (shown once when the poll is
opened, stored as its SHA-256) can reveal, lock, unlock, move to the next question and close it.
Every control locks the poll's row and raises its version in the same transaction."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from pathway.store.polls.checks import check_question
from pathway.store.polls.records import add_question, bump
from pathway.store.schema import polls
from pathway.store.tokens import clean_private_key, key_hash
from pathway.store.transactions import read_transaction, write_transaction


def checked_presenter(connection: Connection, poll_id: int, presenter_key: str) -> Any:
    """The poll's row, locked, once the key is checked: LookupError, PermissionError or ValueError."""
    row = connection.execute(
        select(polls.c.presenter_key_hash, polls.c.question_index, polls.c.is_open)
        .where(polls.c.id == poll_id)
        .with_for_update()
    ).first()
    if row is None:
        raise LookupError(f"there is no poll {poll_id}")
    key = clean_private_key(presenter_key) if isinstance(presenter_key, str) else None
    if key is None or not hmac.compare_digest(row.presenter_key_hash, key_hash(key)):
        raise PermissionError(
            "This presenter key does not match the poll: only the presenter who opened it can "
            "reveal, lock, unlock, move to the next question or close it."
        )
    if not row.is_open:
        raise ValueError(f"poll {poll_id} is closed")
    return row


def _presenter_change(engine: Engine, poll_id: int, presenter_key: str, **values: Any) -> None:
    with write_transaction(engine) as connection:
        checked_presenter(connection, poll_id, presenter_key)
        bump(connection, poll_id, datetime.now(UTC), **values)


def reveal(engine: Engine, poll_id: int, presenter_key: str) -> None:
    """Show the answer, explanations and counts to everyone (votes stay open until :func:`lock`)."""
    _presenter_change(engine, poll_id, presenter_key, revealed=True)


def lock(engine: Engine, poll_id: int, presenter_key: str) -> None:
    """Stop voting on the current question; later votes get ``VoteResult.LOCKED``."""
    _presenter_change(engine, poll_id, presenter_key, locked=True)


def unlock(engine: Engine, poll_id: int, presenter_key: str) -> None:
    _presenter_change(engine, poll_id, presenter_key, locked=False)


def close_poll(engine: Engine, poll_id: int, presenter_key: str) -> None:
    """End the poll: its code stops working (and may be drawn again); its votes are kept."""
    _presenter_change(engine, poll_id, presenter_key, is_open=False)


def next_question(engine: Engine, poll_id: int, presenter_key: str, question: dict[str, Any]) -> int:
    """Move the poll to a new question (hidden, unlocked, no votes yet); returns its index."""
    question = check_question(question)
    moment = datetime.now(UTC)
    with write_transaction(engine) as connection:
        index: int = checked_presenter(connection, poll_id, presenter_key).question_index + 1
        add_question(connection, poll_id, index, question, moment)
        bump(connection, poll_id, moment, question_index=index, revealed=False, locked=False)
    return index


def is_presenter(engine: Engine, poll_id: int, presenter_key: str) -> bool:
    """True when ``presenter_key`` is the key the poll was opened with (and the poll exists)."""
    key = clean_private_key(presenter_key) if isinstance(presenter_key, str) else None
    if key is None:
        return False
    with read_transaction(engine) as connection:
        stored = connection.execute(select(polls.c.presenter_key_hash).where(polls.c.id == poll_id)).scalar()
    return stored is not None and hmac.compare_digest(stored, key_hash(key))
