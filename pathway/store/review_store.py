"""Each learner's review cards (one per review key), scheduled by ``pathway.learn.review``.

Concurrency: updating a card reads its JSON, computes the next state and writes it back, so two
updates of the same card must not interleave. On SQLite the write transaction holds the database's
write lock from its first statement (``BEGIN IMMEDIATE``). On PostgreSQL the card's row is locked
with ``SELECT ... FOR UPDATE``; a card that does not exist yet is created with
``INSERT ... ON CONFLICT DO NOTHING``, and if another transaction created it first, the update runs
again on that row, so no review is lost.
"""

from __future__ import annotations

from datetime import datetime

from fsrs import Rating
from sqlalchemy import Connection, Engine, select, update

from pathway.learn.review import as_utc, review
from pathway.store.schema import learners, review_cards
from pathway.store.transactions import read_transaction, upsert_into, write_transaction

MAX_REVIEW_KEY_LENGTH = 120


def check_review_key(key: str) -> str:
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_REVIEW_KEY_LENGTH:
        raise ValueError(f"a review key is a non-empty text of at most {MAX_REVIEW_KEY_LENGTH} characters")
    return key


def update_review(engine: Engine, learner_id: int, key: str, rating: Rating, now: datetime) -> datetime:
    """Review the learner's card for ``key`` (created on first review); returns its new due time."""
    check_review_key(key)
    with write_transaction(engine) as connection:
        if connection.execute(select(learners.c.id).where(learners.c.id == learner_id)).first() is None:
            raise LookupError(f"there is no learner {learner_id}")
        return review_in(connection, learner_id, key, rating, now)


def review_in(connection: Connection, learner_id: int, key: str, rating: Rating, now: datetime) -> datetime:
    """:func:`update_review` inside the caller's write transaction."""
    where = (review_cards.c.learner_id == learner_id) & (review_cards.c.review_key == key)
    for _ in range(2):
        row = connection.execute(
            select(review_cards.c.card_json, review_cards.c.reviews).where(where).with_for_update()
        ).first()
        if row is not None:
            card_json, due = review(row.card_json, rating, now)
            connection.execute(
                update(review_cards)
                .where(where)
                .values(card_json=card_json, due=due, reviewed_at=as_utc(now), reviews=row.reviews + 1)
            )
            return due
        card_json, due = review(None, rating, now)
        created = connection.execute(
            upsert_into(connection, review_cards)
            .values(
                learner_id=learner_id, review_key=key, card_json=card_json, due=due, reviewed_at=as_utc(now), reviews=1
            )
            .on_conflict_do_nothing(index_elements=["learner_id", "review_key"])
            .returning(review_cards.c.review_key)
        ).first()
        if created is not None:
            return due
    raise RuntimeError(f"review card {key!r} of learner {learner_id} could not be created or updated")


def due_reviews(engine: Engine, learner_id: int, now: datetime, limit: int | None = None) -> list[tuple[str, datetime]]:
    """The learner's review keys due at ``now``, the longest overdue first."""
    query = (
        select(review_cards.c.review_key, review_cards.c.due)
        .where(review_cards.c.learner_id == learner_id, review_cards.c.due <= as_utc(now))
        .order_by(review_cards.c.due, review_cards.c.review_key)
        .limit(limit)
    )
    with read_transaction(engine) as connection:
        return [(row.review_key, row.due) for row in connection.execute(query)]
