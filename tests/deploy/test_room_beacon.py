"""A lecture room's beacon file (ui/beacon_file.py): what every phone draws instead of rerunning. It holds
the room's public state under the presenter's last stamp, never goes back, never names a path outside its
folder, carries no answer before the reveal, and a folder that cannot be written loses nothing but the
shortcut (a warning in the log; phones fall back to reruns)."""

from __future__ import annotations

import json
import logging

import pytest

from deploy.serve import BEACON_DIR as NGINX_BEACONS
from deploy.serve import Layout, render_config
from pathway.clinical.engine import default_content
from pathway.store.db import make_engine
from pathway.store.polls import new_voter_token, poll_state, vote
from pathway.store.rooms import end_lecture, go_to_slide, open_room, reveal_answer
from ui.beacon_file import BEACON_DIR, beacon_url, publish_room, publish_state, read_state, room_state
from ui.room import lecture, room_slides


def _state(stamp: int, title: str = "A slide") -> dict:
    return {"stamp": stamp, "title": title}


def test_a_state_is_written_whole_and_a_later_one_replaces_it(tmp_path):
    assert read_state("ABC234", tmp_path) is None
    assert publish_state("ABC234", _state(7), tmp_path)
    assert read_state("ABC234", tmp_path) == _state(7)
    assert publish_state("ABC234", _state(12, "Next"), tmp_path)
    assert json.loads((tmp_path / "ABC234.json").read_text()) == _state(12, "Next")
    assert [p.name for p in tmp_path.iterdir()] == ["ABC234.json"]  # no temporary file left


def test_an_earlier_stamp_never_overwrites_a_later_one(tmp_path):
    """Two presenter screens in two processes: the slower write of an older state must not take phones back."""
    publish_state("ABC234", _state(12, "Now"), tmp_path)
    assert publish_state("ABC234", _state(9, "Before"), tmp_path)
    assert read_state("ABC234", tmp_path) == _state(12, "Now")


@pytest.mark.parametrize("code", ["../etc", "AB/C", "", "ABC 23", "ÄBC234"])
def test_only_a_room_code_names_a_beacon(tmp_path, code):
    with pytest.raises(ValueError, match="not a room code"):
        publish_state(code, _state(1), tmp_path)
    with pytest.raises(ValueError):
        beacon_url(code)


def test_a_folder_that_cannot_be_written_is_a_warning_not_a_failure(tmp_path, caplog):
    """A file where the folder should be (a bad deployment) cannot be written, by any user, root too."""
    blocked = tmp_path / "rooms"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        assert publish_state("ABC234", _state(3), blocked) is False
    assert "could not be written" in caplog.text


def test_the_state_follows_the_room_and_holds_the_answer_only_once_revealed(tmp_path, monkeypatch):
    from ui import beacon_file

    monkeypatch.setattr(beacon_file, "BEACON_DIR", tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'room.sqlite3'}")
    room, key = open_room(engine, room_slides(lecture(default_content())))
    assert publish_room(engine, room)
    first = read_state(room.code)
    assert first == room_state(room, None) and first["question"] is None and first["ended"] is False
    assert key not in json.dumps(first)
    question = min(room.question_slides)
    publish_room(engine, go_to_slide(engine, room.poll_id, key, question))
    asked = read_state(room.code)
    assert asked["slide"] == question and asked["question"]["slide"] == question
    assert asked["question"]["result"] is None
    assert "explanation" not in json.dumps(asked) and '"answer"' not in json.dumps(asked)
    choices = [c["id"] for c in asked["question"]["choices"]]
    assert [c["label"][:3] for c in asked["question"]["choices"]] == [f"{x}. " for x in "ABCDE"[: len(choices)]]
    for choice in (choices[0], choices[0], choices[1]):
        vote(engine, room.code, new_voter_token(), choice)
    publish_room(engine, reveal_answer(engine, room.poll_id, key))
    result = read_state(room.code)["question"]["result"]
    answer = poll_state(engine, room.poll_id).answer
    assert result["answer"] == answer and result["heading"].startswith(
        f"{int(answer == choices[0]) * 2 + int(answer == choices[1])} of 3 answers"
    )
    assert result["lines"][0].endswith(": 2 (67%)" + (" · the correct answer" if answer == choices[0] else ""))
    publish_room(engine, end_lecture(engine, room.poll_id, key))
    assert read_state(room.code)["ended"] is True


def test_nginx_serves_the_folder_the_app_writes_itself_and_uncached(tmp_path):
    assert NGINX_BEACONS == BEACON_DIR
    config = render_config(Layout("127.0.0.1", 8500, (8501,), tmp_path))
    block = config[config.index("location /app/static/rooms/") :]
    block = block[: block.index("}")]
    assert f"alias {BEACON_DIR.resolve()}/;" in block
    assert "no-store" in block and "access_log off" in block
    assert beacon_url("ABC234") == "app/static/rooms/ABC234.json"
