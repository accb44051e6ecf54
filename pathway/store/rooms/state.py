"""Opening a lecture room and reading it: by code (the projector's and the phones' link), by id, or only its
change counter (what a following screen polls)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from pathway.learn.review import as_utc
from pathway.store.polls.checks import check_join_code, check_question, new_join_code
from pathway.store.polls.records import add_question, which_poll
from pathway.store.rooms.records import Room, RoomSlide, read_room
from pathway.store.schema import polls, rooms
from pathway.store.tokens import key_hash, new_private_key
from pathway.store.transactions import read_transaction, write_transaction

CODE_ATTEMPTS = 20
MAX_SLIDES = 500


def open_room(engine: Engine, slides: Sequence[RoomSlide], now: datetime | None = None) -> tuple[Room, str]:
    """A new room on the first slide, and the presenter key (its hash is stored, never the key).

    Every question slide's question is stored now, at the slide's position, so a vote always belongs to
    the slide it was cast on. ValueError for an empty or oversized running order or a broken question.
    """
    if not slides or len(slides) > MAX_SLIDES:
        raise ValueError(f"A lecture room needs 1 to {MAX_SLIDES} slides; this running order has {len(slides)}.")
    questions = {i: check_question(s.question) for i, s in enumerate(slides) if s.question is not None}
    moment = as_utc(now) if now else datetime.now(UTC)
    presenter_key = new_private_key()
    first_question = min(questions, default=0)
    order = [{"id": s.id, "title": s.title, "question": s.question is not None} for s in slides]
    for _ in range(CODE_ATTEMPTS):
        try:
            with write_transaction(engine) as connection:
                poll_id = connection.execute(
                    insert(polls)
                    .values(
                        code=new_join_code(),
                        presenter_key_hash=key_hash(presenter_key),
                        question_index=0 if 0 in questions else first_question,
                        revealed=False,
                        locked=0 not in questions,  # votes only while a question slide is up
                        is_open=True,
                        version=1,
                        opened_at=moment,
                        changed_at=moment,
                    )
                    .returning(polls.c.id)
                ).scalar_one()
                for index, question in questions.items():
                    add_question(connection, poll_id, index, question, moment)
                connection.execute(
                    insert(rooms).values(
                        poll_id=poll_id,
                        slides_json=json.dumps(order),
                        slide_index=0,
                        shown_points=0,
                        black=False,
                        revealed_json="[]",
                        locked_json="[]",
                    )
                )
                room = read_room(connection, polls.c.id == poll_id)
        except IntegrityError:
            continue  # that code is in use by another open poll or room: draw again
        assert room is not None
        return room, presenter_key
    raise RuntimeError("could not find a free room code; close some old rooms")


def room_by_code(engine: Engine, code: object, *, ended_too: bool = False) -> Room | None:
    """The open room with this code (any case, spaces and dashes ignored), or None. ``ended_too``: else
    the latest room that had it and has ended (a phone reloading after the lecture finds its answers)."""
    where = which_poll(code if isinstance(code, str) else "")
    if where is None:
        return None
    with read_transaction(engine) as connection:
        room = read_room(connection, where)
        if room is None and ended_too:
            latest = (
                select(polls.c.id)
                .join(rooms, rooms.c.poll_id == polls.c.id)
                .where(polls.c.code == check_join_code(code), ~polls.c.is_open)
                .order_by(polls.c.id.desc())
                .limit(1)
                .scalar_subquery()
            )
            room = read_room(connection, polls.c.id == latest)
    return room


def room_by_id(engine: Engine, poll_id: int) -> Room | None:
    """The room, open or closed (a closed room still has its summary and each phone's answers)."""
    with read_transaction(engine) as connection:
        return read_room(connection, polls.c.id == poll_id)
