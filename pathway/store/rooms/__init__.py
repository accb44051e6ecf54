"""Lecture rooms: one lecture seen on three kinds of screen. The presenter's laptop moves through the
running order; the projector and the students' phones follow the room by its code.

A room is a poll (:mod:`pathway.store.polls`: the code, the presenter key stored as its SHA-256, the one
change counter, one vote per phone per question) with a running order:

- :mod:`.records`: the room and its slides, read in one query;
- :mod:`.state`: opening a room (every question slide's question stored at its position), finding it;
- :mod:`.presenter`: moving, showing points, black screen, reveal, closing voting, ending the lecture;
- :mod:`.summary`: after the lecture, the counts per question (CSV, Markdown) and a phone's own answers.

Phones vote with :func:`pathway.store.polls.vote` on the room's code: only while a question slide is up.
"""

from pathway.store.rooms.presenter import (
    black_screen,
    close_voting,
    end_lecture,
    go_to_slide,
    reveal_answer,
    show_points,
)
from pathway.store.rooms.records import Room, RoomSlide
from pathway.store.rooms.state import open_room, room_by_code, room_by_id
from pathway.store.rooms.summary import (
    OwnAnswer,
    QuestionSummary,
    own_answers,
    room_summary,
    summary_csv,
    summary_markdown,
)

__all__ = [
    "OwnAnswer",
    "QuestionSummary",
    "Room",
    "RoomSlide",
    "black_screen",
    "close_voting",
    "end_lecture",
    "go_to_slide",
    "open_room",
    "own_answers",
    "reveal_answer",
    "room_by_code",
    "room_by_id",
    "room_summary",
    "show_points",
    "summary_csv",
    "summary_markdown",
]
