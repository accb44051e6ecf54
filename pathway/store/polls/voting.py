"""A phone's vote in a class poll: one row per (poll, question, voter token), a changed answer
replacing it through the dialect's ``INSERT ... ON CONFLICT DO UPDATE``; and what a phone has answered,
read back by the voter token kept in its URL (never its IP address), so a phone that sleeps and
reloads sees its answer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from pathway.store.polls.records import VoteResult, bump, current_poll_and_question, which_poll
from pathway.store.schema import votes
from pathway.store.tokens import check_voter_token
from pathway.store.transactions import read_transaction, upsert_into, write_transaction


def vote(engine: Engine, code_or_poll_id: str | int, voter_token: str, choice_id: str) -> VoteResult:
    """Record or replace this voter's answer to the poll's current question.

    ValueError when the voter token is not shaped like one (``tokens.new_voter_token``).
    """
    voter_token = check_voter_token(voter_token)
    where = which_poll(code_or_poll_id)
    if where is None:
        return VoteResult.NO_POLL
    with write_transaction(engine) as connection:
        row = current_poll_and_question(connection, where, for_update=True)
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
        moment = datetime.now(UTC)
        connection.execute(
            upsert_into(connection, votes)
            .values(**ballot, choice_id=choice_id, voted_at=moment)
            .on_conflict_do_update(index_elements=list(ballot), set_={"choice_id": choice_id, "voted_at": moment})
        )
        bump(connection, row.id, moment)
    return VoteResult.REPLACED if earlier else VoteResult.ACCEPTED


def voter_choice(engine: Engine, poll_id: int, question_index: int, voter_token: str) -> str | None:
    """The choice id this voter's last answer to that question holds, or None if it has none.

    ValueError when the voter token is not shaped like one.
    """
    voter_token = check_voter_token(voter_token)
    with read_transaction(engine) as connection:
        return connection.execute(
            select(votes.c.choice_id).where(
                votes.c.poll_id == poll_id,
                votes.c.question_index == question_index,
                votes.c.voter_token == voter_token,
            )
        ).scalar()


def voter_choices(engine: Engine, poll_id: int, voter_token: str) -> dict[int, str]:
    """Every question this voter has answered in the poll: question index -> the choice id it holds (a
    lecture room's phone shows its answer on any question slide the presenter goes back to)."""
    voter_token = check_voter_token(voter_token)
    with read_transaction(engine) as connection:
        rows = connection.execute(
            select(votes.c.question_index, votes.c.choice_id).where(
                votes.c.poll_id == poll_id, votes.c.voter_token == voter_token
            )
        ).all()
    return {int(index): str(choice) for index, choice in rows}
