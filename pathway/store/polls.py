"""Live class polls: a presenter shows one question at a time, students vote from their phones.

- The presenter opens a poll and gets a join code (``poll_checks.py``) to show and a presenter key
  (shown once, stored as its SHA-256) that alone can reveal, lock, unlock, move on and close.
- A phone votes with a random voter token kept in its URL (never its IP address). There is ONE row
  per (poll, question index, voter token): a changed answer replaces it through the dialect's
  ``INSERT ... ON CONFLICT DO UPDATE``. Votes of earlier questions stay, under their question index.
- Every vote and every presenter action raises the poll's ``version`` in the same transaction, so
  the presenter's page can poll :func:`poll_version` (one primary-key read) and redraw only on change.

Concurrency: every change first locks the poll's row (PostgreSQL ``SELECT ... FOR UPDATE``; SQLite
holds the write lock from ``BEGIN IMMEDIATE``), so a vote and a lock cannot cross: a vote either
commits before the lock or sees it.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pathway.learn.review import as_utc
from pathway.store.poll_checks import check_join_code, check_question, display_join_code, new_join_code
from pathway.store.schema import poll_questions, polls, votes
from pathway.store.tokens import check_voter_token, clean_private_key, key_hash, new_private_key, new_voter_token
from pathway.store.transactions import read_transaction, upsert_into, write_transaction

__all__ = [
    "Poll", "PollState", "VoteResult", "check_join_code", "check_question", "close_poll", "counts",
    "display_join_code", "lock", "new_voter_token", "next_question", "open_poll", "poll_by_code",
    "poll_state", "poll_version", "reveal", "unlock", "vote",
]
CODE_ATTEMPTS = 20


class VoteResult(str, Enum):
    ACCEPTED = "accepted"
    REPLACED = "replaced"
    LOCKED = "locked"
    UNKNOWN_CHOICE = "unknown_choice"
    NO_POLL = "no_poll"

    @property
    def counted(self) -> bool:
        return self in (VoteResult.ACCEPTED, VoteResult.REPLACED)

    @property
    def message(self) -> str:
        """What to tell the student."""
        return {
            "accepted": "Your answer is in.",
            "replaced": "Your answer is changed; only the last one counts.",
            "locked": "Voting on this question is closed.",
            "unknown_choice": "That is not one of this question's choices.",
            "no_poll": "There is no open poll with this code.",
        }[self.value]


@dataclass(frozen=True)
class Poll:
    id: int
    code: str
    question_index: int
    revealed: bool
    locked: bool
    is_open: bool
    version: int
    opened_at: datetime


@dataclass(frozen=True)
class PollState:
    """What a student's phone may see. ``question`` holds id, stem, lead-in and the choices' ids and
    texts; the answer, the explanations and the counts are there only once revealed."""

    poll_id: int
    code: str
    question_index: int
    question: dict[str, Any]
    revealed: bool
    locked: bool
    version: int
    answer: str | None
    counts: dict[str, int] | None


_POLL_COLUMNS = (polls.c.id, polls.c.code, polls.c.question_index, polls.c.revealed, polls.c.locked,
                 polls.c.is_open, polls.c.version, polls.c.opened_at)


def _poll(row: Any) -> Poll:
    return Poll(row.id, row.code, row.question_index, bool(row.revealed), bool(row.locked),
                bool(row.is_open), int(row.version), row.opened_at)


def open_poll(engine: Engine, question: dict[str, Any], now: datetime | None = None) -> tuple[Poll, str]:
    """A new open poll on its first question, and the presenter key (show it once; not stored)."""
    question = check_question(question)
    moment = as_utc(now) if now else datetime.now(timezone.utc)
    presenter_key = new_private_key()
    for _ in range(CODE_ATTEMPTS):
        code = new_join_code()
        try:
            with write_transaction(engine) as connection:
                poll_id = connection.execute(
                    insert(polls).values(
                        code=code, presenter_key_hash=key_hash(presenter_key), question_index=0, revealed=False,
                        locked=False, is_open=True, version=1, opened_at=moment, changed_at=moment,
                    ).returning(polls.c.id)
                ).scalar_one()
                _add_question(connection, poll_id, 0, question, moment)
        except IntegrityError:
            continue  # that code is in use by another open poll: draw again
        return Poll(poll_id, code, 0, False, False, True, 1, moment), presenter_key
    raise RuntimeError("could not find a free join code; close some old polls")


def _add_question(connection: Connection, poll_id: int, index: int, question: dict[str, Any], moment: datetime) -> None:
    connection.execute(
        insert(poll_questions).values(
            poll_id=poll_id, question_index=index, question_json=json.dumps(question), asked_at=moment
        )
    )


def _which_poll(code_or_poll_id: str | int) -> Any | None:
    """The WHERE clause for an open poll by join code, or for a poll by id; None for a bad code."""
    if isinstance(code_or_poll_id, int) and not isinstance(code_or_poll_id, bool):
        return polls.c.id == code_or_poll_id
    try:
        return (polls.c.code == check_join_code(code_or_poll_id)) & polls.c.is_open
    except ValueError:
        return None


def poll_by_code(engine: Engine, code: str) -> Poll | None:
    """The open poll with this join code (any case, spaces and dashes ignored), or None."""
    where = _which_poll(code if isinstance(code, str) else "")
    if where is None:
        return None
    with read_transaction(engine) as connection:
        row = connection.execute(select(*_POLL_COLUMNS).where(where)).first()
    return _poll(row) if row else None


def _current_poll_and_question(connection: Connection, where: Any, *, for_update: bool) -> Any | None:
    query = (
        select(*_POLL_COLUMNS, poll_questions.c.question_json)
        .join(poll_questions, (poll_questions.c.poll_id == polls.c.id)
              & (poll_questions.c.question_index == polls.c.question_index))
        .where(where)
    )
    return connection.execute(query.with_for_update(of=polls) if for_update else query).first()


def vote(engine: Engine, code_or_poll_id: str | int, voter_token: str, choice_id: str) -> VoteResult:
    """Record or replace this voter's answer to the poll's current question.

    ValueError when the voter token is not shaped like one (``tokens.new_voter_token``).
    """
    voter_token = check_voter_token(voter_token)
    where = _which_poll(code_or_poll_id)
    if where is None:
        return VoteResult.NO_POLL
    with write_transaction(engine) as connection:
        row = _current_poll_and_question(connection, where, for_update=True)
        if row is None or not row.is_open:
            return VoteResult.NO_POLL
        if row.locked:
            return VoteResult.LOCKED
        if choice_id not in {choice["id"] for choice in json.loads(row.question_json)["choices"]}:
            return VoteResult.UNKNOWN_CHOICE
        ballot = {"poll_id": row.id, "question_index": row.question_index, "voter_token": voter_token}
        earlier = connection.execute(
            select(votes.c.choice_id).where(*(votes.c[name] == value for name, value in ballot.items()))
        ).first()
        moment = datetime.now(timezone.utc)
        connection.execute(
            upsert_into(connection, votes)
            .values(**ballot, choice_id=choice_id, voted_at=moment)
            .on_conflict_do_update(index_elements=list(ballot), set_={"choice_id": choice_id, "voted_at": moment})
        )
        _bump(connection, row.id, moment)
    return VoteResult.REPLACED if earlier else VoteResult.ACCEPTED


def _bump(connection: Connection, poll_id: int, moment: datetime, **values: Any) -> None:
    connection.execute(
        update(polls).where(polls.c.id == poll_id).values(version=polls.c.version + 1, changed_at=moment, **values)
    )


def poll_version(engine: Engine, poll_id: int) -> int:
    """The poll's change counter: one primary-key read, never a count of votes."""
    with read_transaction(engine) as connection:
        version = connection.execute(select(polls.c.version).where(polls.c.id == poll_id)).scalar()
    if version is None:
        raise LookupError(f"there is no poll {poll_id}")
    return int(version)


def _tally(connection: Connection, poll_id: int, index: int, question: dict[str, Any]) -> dict[str, int]:
    found = dict(
        connection.execute(
            select(votes.c.choice_id, func.count())
            .where(votes.c.poll_id == poll_id, votes.c.question_index == index)
            .group_by(votes.c.choice_id)
        ).all()
    )
    return {choice["id"]: int(found.get(choice["id"], 0)) for choice in question["choices"]}


def counts(engine: Engine, poll_id: int) -> dict[str, int]:
    """Votes per choice for the current question, every choice listed in the question's order."""
    with read_transaction(engine) as connection:
        row = _current_poll_and_question(connection, polls.c.id == poll_id, for_update=False)
        if row is None:
            raise LookupError(f"there is no poll {poll_id}")
        return _tally(connection, poll_id, row.question_index, json.loads(row.question_json))


def poll_state(engine: Engine, code_or_poll_id: str | int) -> PollState | None:
    """What students see of an open poll (by join code or id), or None when there is none."""
    where = _which_poll(code_or_poll_id)
    if where is None:
        return None
    with read_transaction(engine) as connection:
        row = _current_poll_and_question(connection, where, for_update=False)
        if row is None or not row.is_open:
            return None
        question = json.loads(row.question_json)
        tally = _tally(connection, row.id, row.question_index, question) if row.revealed else None
    shown = {key: question[key] for key in ("id", "stem", "lead_in")}
    shown["choices"] = [
        {"id": c["id"], "text": c["text"], **({"explanation": c["explanation"]} if row.revealed else {})}
        for c in question["choices"]
    ]
    return PollState(row.id, row.code, row.question_index, shown, bool(row.revealed), bool(row.locked),
                     int(row.version), question["answer"] if row.revealed else None, tally)


def _as_presenter(connection: Connection, poll_id: int, presenter_key: str) -> Any:
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
        _as_presenter(connection, poll_id, presenter_key)
        _bump(connection, poll_id, datetime.now(timezone.utc), **values)


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
    moment = datetime.now(timezone.utc)
    with write_transaction(engine) as connection:
        index = _as_presenter(connection, poll_id, presenter_key).question_index + 1
        _add_question(connection, poll_id, index, question, moment)
        _bump(connection, poll_id, moment, question_index=index, revealed=False, locked=False)
    return index
