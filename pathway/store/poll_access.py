"""Is this the poll's presenter key? For a co-presenter taking over, before any action is tried.

The actions themselves (``polls.reveal`` and the rest) check the key again, in their transaction.
"""

from __future__ import annotations

import hmac

from sqlalchemy import Engine, select

from pathway.store.schema import polls
from pathway.store.tokens import clean_private_key, key_hash
from pathway.store.transactions import read_transaction


def is_presenter(engine: Engine, poll_id: int, presenter_key: str) -> bool:
    """True when ``presenter_key`` is the key the poll was opened with (and the poll exists)."""
    key = clean_private_key(presenter_key) if isinstance(presenter_key, str) else None
    if key is None:
        return False
    with read_transaction(engine) as connection:
        stored = connection.execute(select(polls.c.presenter_key_hash).where(polls.c.id == poll_id)).scalar()
    return stored is not None and hmac.compare_digest(stored, key_hash(key))
