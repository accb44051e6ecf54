"""What one phone has answered in a class poll, so a phone that sleeps and reloads sees its answer.

Read by the voter token kept in the phone's URL; nothing here can change a vote (``polls.vote``).
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from pathway.store.schema import votes
from pathway.store.tokens import check_voter_token
from pathway.store.transactions import read_transaction


def voter_choice(engine: Engine, poll_id: int, question_index: int, voter_token: str) -> str | None:
    """The choice id this voter's last answer to that question holds, or None if it has none.

    ValueError when the voter token is not shaped like one.
    """
    voter_token = check_voter_token(voter_token)
    with read_transaction(engine) as connection:
        return connection.execute(
            select(votes.c.choice_id).where(
                votes.c.poll_id == poll_id, votes.c.question_index == question_index,
                votes.c.voter_token == voter_token,
            )
        ).scalar()
