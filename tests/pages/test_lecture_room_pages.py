"""A lecture room through its three pages, as AppTest runs them: the presenter opens a room and moves it,
the projector (its link holds only the code) and a phone follow it, every screen resumes after a
reload, and a wrong key moves nothing."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
from app_helpers import all_text, open_direct, open_page

from pathway.store.polls import new_voter_token, vote
from pathway.store.rooms import end_lecture, go_to_slide, own_answers, reveal_answer, room_by_code
from ui import beacon_file
from ui import room as rooms_ui
from ui.room_beacon import KEY

PRESENTER, PROJECTOR, PHONE = "pages/11_Presenter.py", "pages/13_Projector.py", "pages/12_Join_poll.py"


def button(at, key: str):
    return at.button(key=key)


@pytest.fixture(autouse=True)
def versions_read_every_run(monkeypatch):
    """These tests move the room and rerun a page at once: no half-second memo of the room's version
    (tested on its own below)."""
    monkeypatch.setattr(rooms_ui, "VERSION_TTL_SECONDS", 0.0)


@pytest.fixture(autouse=True)
def beacons(monkeypatch, tmp_path):
    """The rooms' beacon files go to this test's own folder."""
    monkeypatch.setattr(beacon_file, "BEACON_DIR", tmp_path / "beacons")
    return tmp_path / "beacons"


@pytest.fixture
def opened(database):
    """A room opened from the presenter page: (the presenter's AppTest, room code, presenter key)."""
    at = open_page(PRESENTER)
    button(at, "room_open").click().run()
    code, key = at.query_params["room"], at.query_params["key"]
    code = code[0] if isinstance(code, list) else code
    key = key[0] if isinstance(key, list) else key
    return at, code, key


def first_question(room) -> int:
    return min(room.question_slides)


def test_opening_a_room_turns_the_presenter_page_into_the_presenter_view(database, opened):
    at, code, key = opened
    text = all_text(at)
    assert f"Room {code[:3]}-{code[3:]}" in text and "presenter view" in text
    assert "holds the presenter key" in text and "Speaker notes" in text and "Next slide" in text
    room = room_by_code(database, code)
    assert room is not None and room.slide_index == 0
    beacon = beacon_file.read_state(code)  # the phones' beacon is lit from the start
    assert beacon is not None and beacon["stamp"] == room.version and beacon["title"] == room.titles[0]
    button(at, "room_advance").click().run()  # the title slide shows all at once: Space moves on
    moved = room_by_code(database, code)
    assert moved.slide_index == 1
    beacon = beacon_file.read_state(code)  # and moves with every presenter action
    assert beacon["stamp"] == moved.version and beacon["title"] == moved.titles[1] and beacon["slide"] == 1
    links = [c.value for c in at.code]
    assert any(link.endswith(f"/Projector?room={code}") for link in links)
    assert not any(key in link for link in links if "/Projector" in link or "/Join_poll" in link)


def test_the_projector_follows_the_room_with_no_controls_or_notes(database, opened):
    _at, code, key = opened
    room = room_by_code(database, code)
    projector = open_direct(PROJECTOR, room=code)
    assert room.titles[0] in [t.value for t in projector.title]
    assert len(projector.button) == 0 and "Speaker notes" not in all_text(projector)
    titles = room.titles
    go_to_slide(database, room.poll_id, key, 2)
    projector.run()
    assert titles[2] in [t.value for t in projector.title]
    question = first_question(room)
    go_to_slide(database, room.poll_id, key, question)
    projector.run()
    assert "Answer on your phone" in all_text(projector) and "0 answers" in all_text(projector)


def view(phone) -> dict:
    """What the phone's room view was handed by its last run (ui/room_beacon.py draws it in the browser)."""
    (element,) = phone.get("bidi_component")
    return json.loads(element.proto.json)


def tap(phone, slide: int, choice: str):
    """A tap on an answer, as the view sends it (its ``vote`` trigger; AppTest sets it as state)."""
    phone.session_state[KEY] = {"vote": {"slide": slide, "choice": choice}}
    return phone.run()


def test_a_phone_follows_votes_changes_its_answer_and_sees_its_answers_after_the_lecture(database, opened):
    _, code, key = opened
    room = room_by_code(database, code)
    voter = new_voter_token()
    phone = open_direct(PHONE, code=code, voter=voter)
    shown = view(phone)
    assert shown["state"]["title"] == room.titles[0] and shown["state"]["question"] is None
    assert shown["url"] == f"app/static/rooms/{code}.json" and key not in json.dumps(shown)
    question = first_question(room)
    go_to_slide(database, room.poll_id, key, question)
    phone.run()
    asked = view(phone)["state"]["question"]
    assert asked["slide"] == question and len(asked["choices"]) >= 3
    assert asked["result"] is None and "answer" not in json.dumps(asked)  # no key before the reveal
    first, second = asked["choices"][0]["id"], asked["choices"][1]["id"]
    message = view(tap(phone, question, first))["message"]
    assert "is in" in message["text"] and message["kind"] == "success"
    shown = view(tap(phone, question, second))
    assert "changed" in shown["message"]["text"] and shown["mine"] == {str(question): second}
    reveal_answer(database, room.poll_id, key)
    phone.session_state[KEY] = {}
    phone.run()
    result = view(phone)["state"]["question"]["result"]
    assert result["answer"] in {c["id"] for c in asked["choices"]} and " of 1 answer (" in result["heading"]
    end_lecture(database, room.poll_id, key)
    phone.run()
    text = all_text(phone)
    assert "The lecture has ended" in text and "Your answers:" in text
    mine = {a.question_id: a for a in own_answers(database, room.poll_id, voter)}
    labels = ("Practise this question", "Follow this patient")
    links = [link.proto for link in phone.main.get("page_link") if link.proto.label in labels]
    missed = [qid for qid, answer in mine.items() if not answer.right]
    # a missed bank question links to Practice; a missed visit of the lecture's patient, to that patient
    want = [f"patient={q.split('-')[1]}" if q.startswith("patient-") else f"item={q}" for q in missed]
    assert want == [link.query_string for link in links]
    assert missed and any(w.startswith("patient=") for w in want)  # the phone left every other question
    again = open_direct(PHONE, code=code, voter=voter)  # a reload after the lecture finds the answers
    assert "Your answers:" in all_text(again)


def test_a_tap_from_the_browser_is_data_a_malformed_one_is_ignored(database, opened):
    _, code, key = opened
    room = room_by_code(database, code)
    question = first_question(room)
    go_to_slide(database, room.poll_id, key, question)
    phone = open_direct(PHONE, code=code, voter=new_voter_token())
    for odd in ({"slide": "3", "choice": "a"}, {"slide": question, "choice": "x" * 500}, {"slide": True}, "a"):
        phone.session_state[KEY] = {"vote": odd}
        phone.run()
        assert not phone.exception and view(phone)["mine"] == {}
    shown = view(tap(phone, question, "no-such-choice"))
    assert shown["mine"] == {} and shown["message"]["kind"] == "warning"


def test_the_beacon_carries_the_result_only_once_revealed(database, opened):
    at, code, _key = opened
    room = room_by_code(database, code)
    question = first_question(room)
    while room_by_code(database, code).slide_index < question:
        button(at, "room_advance").click().run()
    asked = beacon_file.read_state(code)["question"]
    assert asked["slide"] == question and asked["result"] is None
    assert "explanation" not in json.dumps(asked) and "answer" not in json.dumps(asked)
    vote(database, code, new_voter_token(), asked["choices"][0]["id"])
    button(at, "room_reveal").click().run()
    result = beacon_file.read_state(code)["question"]["result"]
    assert result["heading"].endswith(".") and len(result["lines"]) == len(asked["choices"])
    assert sum(line.count("the correct answer") for line in result["lines"]) == 1
    assert result["explanations"][result["answer"]]


def test_every_screen_resumes_after_a_reload(database, opened):
    at, code, key = opened
    button(at, "room_advance").click().run()
    button(at, "room_advance").click().run()
    room = room_by_code(database, code)
    reloaded = open_direct(PRESENTER, room=code, key=key)
    assert "presenter view" in all_text(reloaded) and f"{room.slide_index + 1} / {len(room.slide_ids)}" in all_text(
        reloaded
    )
    projector = open_direct(PROJECTOR, room=code)
    assert room.title in [t.value for t in projector.title]


def test_a_wrong_key_watches_only_and_the_right_key_takes_control(database, opened):
    _, code, key = opened
    wrong = open_direct(PRESENTER, room=code, key="A" * len(key))
    assert "not this room's presenter key" in all_text(wrong)
    assert not [b for b in wrong.button if b.key == "room_advance"]
    wrong.text_input(key="room_key_typed").input("not the key")
    wrong.button[0].click().run()
    assert "not this room's presenter key: nothing changed" in all_text(wrong)
    assert room_by_code(database, code).slide_index == 0
    wrong.text_input(key="room_key_typed").input(key)
    wrong.button[0].click().run()
    assert [b for b in wrong.button if b.key == "room_advance"]


@pytest.mark.parametrize("typed", ["NOPE", "AB1IO0", "<b>x</b>"])
def test_an_odd_room_code_gets_a_clear_message(database, typed):
    projector = open_direct(PROJECTOR, room=typed)
    assert "is not a room code" in all_text(projector) or "No lecture room" in all_text(projector)


def test_a_room_that_does_not_exist_says_so(database):
    projector = open_direct(PROJECTOR, room="ABCDEF")
    assert "No lecture room has the code ABC-DEF" in all_text(projector)


def test_votes_cast_on_the_phone_reach_the_presenter_count(database, opened):
    at, code, key = opened
    room = room_by_code(database, code)
    go_to_slide(database, room.poll_id, key, first_question(room))
    for _ in range(3):
        vote(database, code, new_voter_token(), _first_choice(room))
    at.run()
    assert "3 answers" in all_text(at)


def _first_choice(room) -> str:
    from pathway.clinical.engine import default_content
    from ui.room import slides_by_id

    slide = slides_by_id(default_content())[room.slide_ids[first_question(room)]]
    return slide.question["choices"][0]["id"]


def test_the_presenter_link_is_the_only_one_with_the_key(opened):
    at, _code, key = opened
    for link in (c.value for c in at.code):
        query = parse_qs(urlparse(link).query) if "://" in link else {}
        if "/Presenter" in link:
            assert query.get("key") == [key]
        elif "://" in link:
            assert "key" not in query


def test_a_process_reads_a_rooms_version_from_the_database_at_most_twice_a_second(database, monkeypatch):
    from sqlalchemy import event

    from pathway.store.rooms import RoomSlide, open_room

    room, key = open_room(database, [RoomSlide("a", "A"), RoomSlide("b", "B")])
    monkeypatch.setattr(rooms_ui, "VERSION_TTL_SECONDS", 60.0)
    reads: list[str] = []

    def count(*args) -> None:
        reads.append(args[2])

    event.listen(database, "before_cursor_execute", count)
    try:
        first = rooms_ui.room_version(database, room.poll_id)
        go_to_slide(database, room.poll_id, key, 1)
        reads.clear()
        assert [rooms_ui.room_version(database, room.poll_id) for _ in range(50)] == [first] * 50
        assert reads == []  # fifty phones asking: no query
        monkeypatch.setattr(rooms_ui, "VERSION_TTL_SECONDS", 0.0)
        assert rooms_ui.room_version(database, room.poll_id) > first  # once the memo is old: read again
    finally:
        event.remove(database, "before_cursor_execute", count)
