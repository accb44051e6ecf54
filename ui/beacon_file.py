"""A lecture room's beacon: a small JSON file holding what any screen of the room may show (the slide's
title, its question and choices, the class's answers once revealed: what the projector shows anyway),
stamped with the room's change counter after the presenter's last action. It is served as a static file
(``/app/static/rooms/<code>.json``: by nginx under ``make serve``, by Streamlit's static serving
otherwise). Every phone asks it every second and draws it (``ui/room_beacon.py``), so a slide change or a
reveal costs the app processes nothing, however many phones follow the room; a phone reruns only to vote.

Nothing private is in it: no presenter key, no voter, and no answer or explanation before the reveal
(``PollState`` holds them only once revealed). Votes do not change it (they raise the poll's version, not
the presenter's stamp). Plain file work: importing this module does not import Streamlit.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pathway.present.charts.poll import choice_letters, result_heading, share
from pathway.store.polls import PollState, display_join_code, poll_state
from pathway.store.rooms import Room
from ui.site import ROOT

BEACON_DIR = ROOT / "static" / "rooms"  # Streamlit serves <app folder>/static/ at /app/static/
BEACON_URL_PATH = "app/static/rooms"  # relative to the app's root address

_LOG = logging.getLogger(__name__)


def beacon_path(code: str, directory: Path | None = None) -> Path:
    if not (code.isascii() and code.isalnum()):  # a room code is letters and digits (check_join_code)
        raise ValueError(f"not a room code: {code!r}")
    return (directory or BEACON_DIR) / f"{code}.json"


def beacon_url(code: str) -> str:
    """The beacon's address relative to the app's root (the page's own address has no folders)."""
    beacon_path(code)
    return f"{BEACON_URL_PATH}/{code}.json"


def _question_state(room: Room, poll: PollState) -> dict[str, Any]:
    question = poll.question
    letters = choice_letters(question)
    labels = {c["id"]: f"{letters[c['id']]}. {c['text']}" for c in question["choices"]}
    lead_in = question.get("lead_in") or ""
    shown: dict[str, Any] = {
        "slide": poll.question_index,
        "stem": question["stem"],
        "lead_in": lead_in if lead_in.strip() != room.title.strip() else "",
        "choices": [{"id": c["id"], "label": labels[c["id"]]} for c in question["choices"]],
        "locked": poll.locked,
        "result": None,
    }
    if poll.revealed and poll.answer is not None:
        counts = poll.counts or {}
        total = sum(counts.values())
        shown["result"] = {
            "answer": poll.answer,
            "heading": f"{result_heading(question, counts, poll.answer)}.",
            "lines": [
                f"{labels[c['id']]}: {counts.get(c['id'], 0)} ({share(counts.get(c['id'], 0), total)})"
                + (" · the correct answer" if c["id"] == poll.answer else "")
                for c in question["choices"]
            ],
            "explanations": {c["id"]: c.get("explanation") or "" for c in question["choices"]},
        }
    return shown


def room_state(room: Room, poll: PollState | None) -> dict[str, Any]:
    """What every phone in the room shows now, as data (texts are plain text: the phone sets them as text,
    never as markup). ``poll``: the room's poll as a phone may see it (None when nothing is asked)."""
    asked = room.asks and poll is not None and poll.question_index == room.slide_index
    return {
        "stamp": room.version,
        "room": display_join_code(room.code),
        "slide": room.slide_index,
        "slides": len(room.slide_ids),
        "title": room.title,
        "ended": not room.is_open,
        "question": _question_state(room, poll) if asked and poll is not None else None,
    }


def read_state(code: str, directory: Path | None = None) -> dict[str, Any] | None:
    try:
        state = json.loads(beacon_path(code, directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("stamp"), int) else None


def publish_state(code: str, state: dict[str, Any], directory: Path | None = None) -> bool:
    """Write the room's state (atomically: a phone never reads half a file) unless the file already holds
    a later stamp. False, with a warning in the server's log, when the folder cannot be written: phones
    then still catch up by their slow safety-net rerun, so a lecture goes on."""
    path = beacon_path(code, directory)
    known = read_state(code, directory)
    if known is not None and known["stamp"] > state["stamp"]:
        return True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.parent / f".{code}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as problem:
        _LOG.warning("room %s: the beacon %s could not be written (%s)", code, path, problem)
        return False
    return True


def publish_room(engine: Engine, room: Room) -> bool:
    """Light the beacon after a presenter action: the room as ``room`` left it, with its poll as a phone
    may see it (read now, so a reveal carries the final counts)."""
    poll = poll_state(engine, room.poll_id) if room.asks else None
    return publish_state(room.code, room_state(room, poll))
