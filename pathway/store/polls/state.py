"""A live poll's life and what can be read of it: opening one (a join code to show and a presenter key
shown once), finding it by join code, its change counter, its counts and what a phone may see.

Live class polls: a presenter shows one question at a time, students vote from their phones.

- The presenter opens a poll and gets a join code (``poll_checks.py``) to show and a presenter key
  (shown once, stored as its SHA-256) that alone can reveal, lock, unlock, move on and close (``poll_presenter.py``).
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

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from pathway.learn.review import as_utc
from pathway.store.polls.checks import check_question, new_join_code
from pathway.store.polls.records import (
    POLL_COLUMNS,
    Poll,
    PollState,
    add_question,
    current_poll_and_question,
    poll_from_row,
    tally_votes,
    which_poll,
)
from pathway.store.schema import polls
from pathway.store.tokens import key_hash, new_private_key
from pathway.store.transactions import read_transaction, write_transaction

CODE_ATTEMPTS = 20


def open_poll(engine: Engine, question: dict[str, Any], now: datetime | None = None) -> tuple[Poll, str]:
    """A new open poll on its first question, and the presenter key (show it once; not stored)."""
    question = check_question(question)
    moment = as_utc(now) if now else datetime.now(UTC)
    presenter_key = new_private_key()
    for _ in range(CODE_ATTEMPTS):
        code = new_join_code()
        try:
            with write_transaction(engine) as connection:
                poll_id = connection.execute(
                    insert(polls)
                    .values(
                        code=code,
                        presenter_key_hash=key_hash(presenter_key),
                        question_index=0,
                        revealed=False,
                        locked=False,
                        is_open=True,
                        version=1,
                        opened_at=moment,
                        changed_at=moment,
                    )
                    .returning(polls.c.id)
                ).scalar_one()
                add_question(connection, poll_id, 0, question, moment)
        except IntegrityError:
            continue  # that code is in use by another open poll: draw again
        return Poll(poll_id, code, 0, False, False, True, 1, moment), presenter_key
    raise RuntimeError("could not find a free join code; close some old polls")


def poll_by_code(engine: Engine, code: str) -> Poll | None:
    """The open poll with this join code (any case, spaces and dashes ignored), or None."""
    where = which_poll(code if isinstance(code, str) else "")
    if where is None:
        return None
    with read_transaction(engine) as connection:
        row = connection.execute(select(*POLL_COLUMNS).where(where)).first()
    return poll_from_row(row) if row else None


def poll_version(engine: Engine, poll_id: int) -> int:
    """The poll's change counter: one primary-key read, never a count of votes."""
    with read_transaction(engine) as connection:
        version = connection.execute(select(polls.c.version).where(polls.c.id == poll_id)).scalar()
    if version is None:
        raise LookupError(f"there is no poll {poll_id}")
    return int(version)


def counts(engine: Engine, poll_id: int) -> dict[str, int]:
    """Votes per choice for the current question, every choice listed in the question's order."""
    with read_transaction(engine) as connection:
        row = current_poll_and_question(connection, polls.c.id == poll_id, for_update=False)
        if row is None:
            raise LookupError(f"there is no poll {poll_id}")
        return tally_votes(connection, poll_id, row.question_index, json.loads(row.question_json))


def poll_state(engine: Engine, code_or_poll_id: str | int) -> PollState | None:
    """What students see of an open poll (by join code or id), or None when there is none."""
    where = which_poll(code_or_poll_id)
    if where is None:
        return None
    with read_transaction(engine) as connection:
        row = current_poll_and_question(connection, where, for_update=False)
        if row is None or not row.is_open:
            return None
        question = json.loads(row.question_json)
        tally = tally_votes(connection, row.id, row.question_index, question) if row.revealed else None
    shown = {key: question[key] for key in ("id", "stem", "lead_in")}
    shown["choices"] = [
        {"id": c["id"], "text": c["text"], **({"explanation": c["explanation"]} if row.revealed else {})}
        for c in question["choices"]
    ]
    return PollState(
        row.id,
        row.code,
        row.question_index,
        shown,
        bool(row.revealed),
        bool(row.locked),
        int(row.version),
        question["answer"] if row.revealed else None,
        tally,
    )
