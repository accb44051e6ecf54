"""A phone following a lecture room: joined once (code, link or QR), it shows the slide now on the
projector and, on every question slide, that slide's poll by itself; after the lecture, this phone's own
answers against the keys, with a link to practise each question it missed.

The phone draws the room from its beacon in the browser (``ui/room_beacon.py``: a static file it asks every
second, which costs the app nothing), so a slide change or a reveal needs no rerun. The fragment below
reruns when the phone votes, when the lecture ends and now and then as a safety net; it reads the room
(and this phone's answers) and hands the view what it read. No account, no IP address: the voter token in
the phone's address, as in a poll.
"""

from __future__ import annotations

import re

import streamlit as st
from sqlalchemy import Engine

from pathway.store.polls import check_join_code, voter_choices
from pathway.store.rooms import Room, own_answers, room_by_code
from ui import join_poll
from ui import room as rooms
from ui.beacon_file import beacon_url, room_state
from ui.errors import guarded
from ui.navigation import link
from ui.room_beacon import asked_stamp, asked_vote, room_view
from ui.safe import markdown_to_text, plain

SEEN = "phone_room"
PATIENT_VISIT = re.compile(r"patient-(\d+)-visit-\d+")  # a followed patient's visit put to the room


def room_from_link(engine: Engine) -> Room | None:
    """The room (open or ended) named by ``?code=``; None, quietly, when the code names none (the poll
    page then says what is wrong with it)."""
    typed = st.query_params.get("code")
    try:
        code = check_join_code(typed)
    except ValueError:
        return None
    return room_by_code(engine, code, ended_too=True)


def after_lecture(engine: Engine, room: Room, voter: str, practice_ids: frozenset[str]) -> None:
    st.success("The lecture has ended. Thank you for taking part.", icon=":material/flag:")
    answers = own_answers(engine, room.poll_id, voter)
    if not answers:
        return
    right = sum(a.right for a in answers)
    st.subheader(f"Your answers: {right} of {len(answers)} right", anchor=False)
    for number, answer in enumerate(answers, start=1):
        with st.container(border=True, key=f"room_answer_{number}"):
            st.markdown(f"**{number}. {plain(answer.slide_title, None)}**")
            st.markdown(plain(answer.stem, None))
            if answer.right:
                st.markdown(f":material/check_circle: Your answer: {plain(answer.chosen or '', None)} (right)")
            else:
                mine = plain(answer.chosen, None) if answer.chosen else "no answer"
                st.markdown(f":material/cancel: Your answer: {mine}")
                st.markdown(f"The answer: **{plain(answer.key, None)}**")
                if answer.question_id in practice_ids:
                    link(
                        "pages/8_Practice.py",
                        label="Practise this question",
                        icon=":material/quiz:",
                        query_params={"item": answer.question_id},
                    )
                elif patient := PATIENT_VISIT.fullmatch(answer.question_id):
                    link(
                        "pages/15_Follow_a_patient.py",
                        label="Follow this patient",
                        icon=":material/stethoscope:",
                        query_params={"patient": patient[1]},
                    )


def _said() -> dict | None:
    """What this phone's last tap did (ui.join_poll's message), as plain text for the view."""
    index, revealed, kind, text = st.session_state.get(join_poll.MESSAGE, (None, None, None, None))
    if index is None or kind is None:
        return None
    return {"slide": index, "revealed": bool(revealed), "kind": kind, "text": markdown_to_text(text)}


@st.fragment
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def follow(engine: Engine, poll_id: int, voter: str, practice_ids: frozenset[str]) -> None:
    tapped = asked_vote()
    if tapped is not None:
        join_poll.cast_vote(engine, poll_id, voter, *tapped)
    room = rooms.watched_room(engine, poll_id, SEEN, asked_stamp())
    if room is None:
        st.info("This lecture room no longer exists.", icon=":material/flag:")
        return
    if not room.is_open:
        after_lecture(engine, room, voter, practice_ids)
        return
    poll = join_poll.current_view(engine, poll_id, voter, room.version).state if room.asks else None
    room_view(
        beacon_url(room.code),
        room.version,
        room_state(room, poll),
        voter_choices(engine, poll_id, voter),
        _said(),
    )
