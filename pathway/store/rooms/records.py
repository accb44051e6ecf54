"""What a lecture room is: its slides in running order, where the lecture is, and reading it in one query."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from pathway.store.schema import polls, rooms


@dataclass(frozen=True)
class RoomSlide:
    """A slide as the room keeps it: its id (the app rebuilds the slide from the content), its title (what
    a phone shows) and, on a question slide, the question asked there."""

    id: str
    title: str
    question: dict[str, Any] | None = None


@dataclass(frozen=True)
class Room:
    poll_id: int
    code: str
    slide_ids: tuple[str, ...]
    titles: tuple[str, ...]
    question_slides: frozenset[int]  # positions of the slides that ask a question
    slide_index: int
    shown_points: int  # points of the current slide shown so far
    black: bool  # the projector shows a black screen
    revealed: frozenset[int]  # question slides whose answer was revealed
    locked: frozenset[int]  # question slides whose voting was closed
    is_open: bool
    version: int  # the poll's change counter: every change in the room raises it
    opened_at: datetime

    @property
    def slide_id(self) -> str:
        return self.slide_ids[self.slide_index]

    @property
    def title(self) -> str:
        return self.titles[self.slide_index]

    @property
    def asks(self) -> bool:
        """The current slide asks a question (phones show its poll)."""
        return self.slide_index in self.question_slides

    @property
    def answer_shown(self) -> bool:
        return self.slide_index in self.revealed

    @property
    def voting_closed(self) -> bool:
        return self.slide_index in self.locked

    @property
    def next_slide_id(self) -> str | None:
        return self.slide_ids[self.slide_index + 1] if self.slide_index + 1 < len(self.slide_ids) else None


ROOM_COLUMNS = (
    polls.c.id,
    polls.c.code,
    polls.c.is_open,
    polls.c.version,
    polls.c.opened_at,
    rooms.c.slides_json,
    rooms.c.slide_index,
    rooms.c.shown_points,
    rooms.c.black,
    rooms.c.revealed_json,
    rooms.c.locked_json,
)


def room_from_row(row: Any) -> Room:
    slides = json.loads(row.slides_json)
    return Room(
        poll_id=int(row.id),
        code=row.code,
        slide_ids=tuple(s["id"] for s in slides),
        titles=tuple(s["title"] for s in slides),
        question_slides=frozenset(i for i, s in enumerate(slides) if s.get("question")),
        slide_index=int(row.slide_index),
        shown_points=int(row.shown_points),
        black=bool(row.black),
        revealed=frozenset(json.loads(row.revealed_json)),
        locked=frozenset(json.loads(row.locked_json)),
        is_open=bool(row.is_open),
        version=int(row.version),
        opened_at=row.opened_at,
    )


def read_room(connection: Connection, where: Any, *, for_update: bool = False) -> Room | None:
    query = select(*ROOM_COLUMNS).join(rooms, rooms.c.poll_id == polls.c.id).where(where)
    row = connection.execute(query.with_for_update(of=polls) if for_update else query).first()
    return room_from_row(row) if row else None
