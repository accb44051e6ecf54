"""What a live poll is made of, and the reads and writes every poll action shares: the vote's
outcome, the poll and what a phone may see of it, finding a poll by join code or id, its current
question, raising its version, adding a question and tallying the votes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from pathway.store.polls.checks import check_join_code
from pathway.store.schema import poll_questions, polls, votes


class VoteResult(str, Enum):  # noqa: UP042 - its str() is the member name in logs, as written
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


POLL_COLUMNS = (
    polls.c.id,
    polls.c.code,
    polls.c.question_index,
    polls.c.revealed,
    polls.c.locked,
    polls.c.is_open,
    polls.c.version,
    polls.c.opened_at,
)


def poll_from_row(row: Any) -> Poll:
    return Poll(
        row.id,
        row.code,
        row.question_index,
        bool(row.revealed),
        bool(row.locked),
        bool(row.is_open),
        int(row.version),
        row.opened_at,
    )


def add_question(connection: Connection, poll_id: int, index: int, question: dict[str, Any], moment: datetime) -> None:
    connection.execute(
        insert(poll_questions).values(
            poll_id=poll_id, question_index=index, question_json=json.dumps(question), asked_at=moment
        )
    )


def which_poll(code_or_poll_id: str | int) -> Any | None:
    """The WHERE clause for an open poll by join code, or for a poll by id; None for a bad code."""
    if isinstance(code_or_poll_id, int) and not isinstance(code_or_poll_id, bool):
        return polls.c.id == code_or_poll_id
    try:
        return (polls.c.code == check_join_code(code_or_poll_id)) & polls.c.is_open
    except ValueError:
        return None


def current_poll_and_question(connection: Connection, where: Any, *, for_update: bool) -> Any | None:
    query = (
        select(*POLL_COLUMNS, poll_questions.c.question_json)
        .join(
            poll_questions,
            (poll_questions.c.poll_id == polls.c.id) & (poll_questions.c.question_index == polls.c.question_index),
        )
        .where(where)
    )
    return connection.execute(query.with_for_update(of=polls) if for_update else query).first()


def bump(connection: Connection, poll_id: int, moment: datetime, **values: Any) -> None:
    connection.execute(
        update(polls).where(polls.c.id == poll_id).values(version=polls.c.version + 1, changed_at=moment, **values)
    )


def tally_votes(connection: Connection, poll_id: int, index: int, question: dict[str, Any]) -> dict[str, int]:
    found: dict[str, int] = dict(
        connection.execute(
            select(votes.c.choice_id, func.count())
            .where(votes.c.poll_id == poll_id, votes.c.question_index == index)
            .group_by(votes.c.choice_id)
        ).all()
    )
    return {choice["id"]: int(found.get(choice["id"], 0)) for choice in question["choices"]}
