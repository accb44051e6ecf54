"""Follow a patient: the page's state (all in the address: ``?patient=SEED&path=b,a,c&mode=scored``, so a
reload or a shared link resumes), one visit at a time, tutor feedback, and the debrief.

The course itself (visits, choices, what follows) is :mod:`pathway.learn.course`; this module reads the
address, draws what the core decided, and, in scored mode for a signed-in learner, saves each visit's
answer to the learner's progress (mode "exam", scheduled for review like a generated case at that step).
Every text is shown through ``ui.safe.plain``.
"""

from __future__ import annotations

import os
import random
import uuid
from datetime import UTC, datetime, timedelta

import streamlit as st
from sqlalchemy import Engine

from pathway.clinical.citations import cite
from pathway.clinical.content import Content, ContentError
from pathway.clinical.models import URGENCY_WORDS
from pathway.clinical.scenario import Line
from pathway.clinical.urlstate import LinkNotice
from pathway.learn.course import (
    Choice,
    Course,
    Step,
    Visit,
    Walk,
    follow_patient,
    load_rules,
    parse_path,
    summarise,
    walk,
)
from pathway.learn.exam import EXAM_CONFIDENCE
from pathway.learn.practice import MAX_SEED, new_seed, parse_seed
from pathway.learn.topics import topic_of_stage
from pathway.store.progress import Learner, record_answer
from ui import share
from ui.common import CONTENT_DIR_ENV
from ui.errors import in_callback
from ui.safe import plain, show_link_notices

PATIENT, PATH, MODE = "patient", "path", "mode"
TUTOR, SCORED = "tutor", "scored"
SEEN = "course_seen"  # (seed, path) whose tutor feedback the learner has moved on from
PROBLEM = "course_problem"
CHOICE_KEY = "course_choice"
SAVED_NAMESPACE = uuid.UUID("5d0c6a2e-6f1b-4f7e-9a51-0c2a1f3b7e11")  # attempt ids of saved visits


def _text(text: str) -> str:
    return plain(text, limit=None)


@st.cache_resource(show_spinner=False, max_entries=64)
def _course(seed: int, directory: str | None) -> Course:
    from pathway.clinical.content import load_content

    if directory is None:
        return follow_patient(seed)
    content = load_content(directory)
    return follow_patient(seed, content, load_rules(content, directory))


def course_for(seed: int) -> Course:
    """The course for a seed; on a course file that does not load, its problems and a stopped page."""
    try:
        return _course(seed, os.environ.get(CONTENT_DIR_ENV) or None)
    except ContentError as exc:
        st.error("The course content (content/course.yaml) did not load. Problems found:")
        st.code("\n".join(exc.problems), language=None)
        st.stop()
        raise  # unreachable


# ----------------------------------------------------------------------------- the address


def read_address() -> tuple[int, str, list[str], list[LinkNotice]]:
    """The patient, the mode and the path the address asks for, with notices for what it got wrong. A
    missing or bad patient number gives a random patient (written back into the address)."""
    notices: list[LinkNotice] = []
    raw_seed = st.query_params.get(PATIENT)
    seed = parse_seed(raw_seed) if raw_seed is not None else None
    if seed is None:
        if raw_seed is not None:
            notices.append(
                LinkNotice(
                    PATIENT,
                    raw_seed,
                    "The link's {name} is {value}, which is not a patient number (a whole number from 0 to "
                    f"{MAX_SEED}); another patient is shown instead.",
                )
            )
        seed = new_seed(random.Random())
        st.query_params[PATIENT] = str(seed)
        if PATH in st.query_params:
            del st.query_params[PATH]
    mode = SCORED if st.query_params.get(MODE) == SCORED else TUTOR
    raw_path = st.query_params.get(PATH)
    letters, problem = parse_path(raw_path)
    if problem is not None:
        notices.append(_path_notice(raw_path or "", problem))
    return seed, mode, letters, notices


def _path_notice(raw: str, problem: str) -> LinkNotice:
    return LinkNotice(
        PATH,
        raw,
        "The link's {name} is {value}: " + problem + "; the course goes on from the last choice before it.",
    )


def _set_path(letters: list[str]) -> None:
    if letters:
        st.query_params[PATH] = ",".join(letters)
    elif PATH in st.query_params:
        del st.query_params[PATH]


def address(seed: int, mode: str, letters: list[str]) -> dict[str, str | None]:
    """This page's own parameters as the address keeps them (for ``state.sync_url``)."""
    return {PATIENT: str(seed), PATH: ",".join(letters) or None, MODE: SCORED if mode == SCORED else None}


# ----------------------------------------------------------------------------- actions (button callbacks)


@in_callback
def choose(letters: list[str], key: str) -> None:
    letter = st.session_state.get(key)
    if letter is None:
        st.session_state[PROBLEM] = "Pick what you would do first."
        return
    _set_path([*letters, letter])


@in_callback
def move_on(seed: int, letters: list[str]) -> None:
    st.session_state[SEEN] = (seed, ",".join(letters))


@in_callback
def restart(new_patient: bool) -> None:
    _set_path([])
    st.session_state.pop(SEEN, None)
    if new_patient:
        st.query_params[PATIENT] = str(new_seed(random.Random()))


@in_callback
def set_mode() -> None:
    chosen = st.session_state.get("course_mode")
    if chosen == SCORED:
        st.query_params[MODE] = SCORED
    elif MODE in st.query_params:
        del st.query_params[MODE]
    _set_path([])


# ----------------------------------------------------------------------------- drawing


def cited(lines: list[Line], content: Content) -> None:
    """Statements, each with its sources right under it."""
    for line in lines:
        st.markdown(f"- {_text(line.text)}  \n  :small[{_text(cite(line.sources, content))}]")


def when(day: int) -> str:
    """``week 0``, ``day 3``, ``week 2``, ``week 2 (day 17)``: days from the first visit."""
    weeks, rest = divmod(day, 7)
    if rest == 0:
        return f"week {weeks}"
    return f"day {day}" if weeks == 0 else f"week {weeks} (day {day})"


MODE_WORDS = {TUTOR: "Tutor: feedback at each visit", SCORED: "Scored: feedback at the end"}


def mode_picker(mode: str, started: bool) -> None:
    """The mode, chosen before the first visit's answer; once started, said (a change starts again)."""
    if started:
        words, restart_col = st.columns([3, 1], vertical_alignment="center")
        words.caption(f"Mode: {MODE_WORDS[mode]}. To change it, start this patient again.")
        restart_col.button("Start again", key="course_restart", on_click=restart, args=(False,), type="tertiary")
        return
    st.session_state["course_mode"] = mode
    st.segmented_control(
        "Mode",
        [TUTOR, SCORED],
        format_func=MODE_WORDS.__getitem__,
        key="course_mode",
        required=True,
        on_change=set_mode,
        help="In scored mode a signed-in learner's answers are saved to their progress and come back for review.",
    )


def visit_form(course: Course, step: Step, letters: list[str], content: Content, mode: str) -> None:
    visit = course.visits[step.visit]
    number = len(letters) + 1
    with st.container(border=True, key="course_visit"):
        st.subheader(f"Visit {number} · {when(step.day)}")
        if step.again:
            st.caption(
                ":material/replay: Seen again: nothing the sources vouch for has changed, so the findings are "
                "as they were."
            )
        if step.since and not (step.again and mode == SCORED):
            st.markdown("**What has happened since**")
            cited(step.since, content)
        if visit.opening and number == 1:
            st.markdown(_text(visit.opening))
        else:
            st.markdown("**Findings today**")
            st.markdown("\n".join(f"- {_text(f)}" for f in visit.findings))
        key = f"{CHOICE_KEY}_{course.seed}_{number}"
        labels = {c.letter: f"{c.letter.upper()}. {c.text}" for c in visit.choices}
        st.radio(
            "What do you do now?",
            list(labels),
            index=None,
            format_func=lambda letter: _text(labels[letter]),
            key=key,
        )
        st.button(
            "Choose",
            type="primary",
            icon=":material/done:",
            key=f"course_choose_{number}",
            on_click=choose,
            args=(letters, key),
        )
        problem = st.session_state.pop(PROBLEM, None)
        if problem:
            st.warning(problem, icon=":material/priority_high:")


def _then_words(visit: Visit, choice: Choice) -> str:
    if choice.then == "next":
        return f"The patient comes back in {visit.review_days} days, at the review the sources give."
    if choice.then == "again":
        return (
            f"The patient comes back in {visit.review_days} days (when the ladder's step would have been "
            "reviewed), as they were, and you decide again."
        )
    return "The course ends here."


def feedback(visit: Visit, choice: Choice, content: Content) -> None:
    """Right or wrong and why, then what follows, each with its sources."""
    if choice.correct:
        st.success(f"**Right:** {_text(choice.text)}", icon=":material/check_circle:")
    else:
        st.error(
            f"**Not the ladder's step.** You chose: {_text(choice.text)}  \n"
            f"The ladder's step: **{_text(visit.right.text)}**",
            icon=":material/cancel:",
        )
    st.markdown("**Why**")
    cited(choice.why, content)
    if not choice.correct:
        st.markdown("**What the ladder does here**")
        cited(visit.right.why[:3], content)
    plan = visit.engine
    words = f"The plan: {'; '.join(plan.options)}." if plan.options else ""
    if plan.refer:
        words += f" {URGENCY_WORDS[plan.refer_urgency]}."
    if words:
        st.caption(_text(words.strip()))
    if choice.follows:
        st.markdown("**What follows**")
        cited(choice.follows, content)
    if choice.outside_sources:
        st.caption(":material/help: How the patient would fare after this is outside the sources: ask a specialist.")
    st.caption(_text(_then_words(visit, choice)))


def last_feedback(course: Course, done: Walk, letters: list[str], content: Content) -> None:
    step = done.steps[-1]
    visit = course.visits[step.visit]
    choice = visit.choice(step.letter or "")
    if choice is None:
        return
    with st.container(border=True, key="course_feedback"):
        st.subheader(f"Visit {len(done.steps)} · {when(step.day)}: feedback")
        feedback(visit, choice, content)
        st.button(
            "See the debrief" if done.current is None else "Go to the next visit",
            type="primary",
            icon=":material/arrow_forward:",
            key="course_move_on",
            on_click=move_on,
            args=(course.seed, letters),
        )


def history(course: Course, done: Walk, mode: str) -> None:
    if not done.steps:
        return
    with st.expander(f"Visits so far ({len(done.steps)})", icon=":material/history:"):
        lines = []
        for n, step in enumerate(done.steps, start=1):
            visit = course.visits[step.visit]
            choice = visit.choice(step.letter or "")
            mark = "" if mode == SCORED or choice is None else (" (right)" if choice.correct else " (not the ladder's)")
            lines.append(f"{n}. {when(step.day).capitalize()}: {_text(choice.text if choice else '')}{mark}")
        st.markdown("\n".join(lines))


def _path_lines(course: Course, steps: list[Step], mine: bool) -> str:
    out = []
    for n, step in enumerate(steps, start=1):
        visit = course.visits[step.visit]
        choice = visit.choice(step.letter or "") if mine else visit.right
        if choice is None:
            continue
        mark = (":material/check: " if choice.correct else ":material/close: ") if mine else ""
        out.append(f"{n}. {mark}{when(step.day).capitalize()}: {_text(choice.text)}")
    return "\n".join(out)


def _weeks(value: float | None) -> str:
    return "not within the course" if value is None else f"{value:g} weeks"


def _by_class(weeks: dict[str, float]) -> str:
    if not weeks:
        return "none"
    return ", ".join(f"{uk.replace('_', ' ')} {value:g}" for uk, value in weeks.items())


def debrief(course: Course, letters: list[str], content: Content, mode: str, saved: str | None) -> None:
    yours = summarise(course.visits, letters, content)
    ladder = course.ladder
    with st.container(border=True, key="course_debrief"):
        st.subheader("Debrief")
        st.markdown(_text(yours.ending_text))
        st.markdown(
            f"- **Right choices:** {yours.right} of {yours.answered}\n"
            f"- **Weeks to control:** {_weeks(yours.weeks_to_control)} (the ladder's path: "
            f"{_weeks(ladder.weeks_to_control)})\n"
            f"- **Weeks on a potent steroid** (UK scale: potent or very potent, as the tool classes the steroid "
            f"in use), in all, the weeks before the first visit included: {yours.weeks_on_potent:g} "
            f"(the ladder's path: {ladder.weeks_on_potent:g}; {yours.weeks_on_potent_before:g} of them before "
            f"the first visit)\n"
            f"- **Weeks on each steroid** (UK scale), in all: {_by_class(yours.weeks_on_steroid)}"
        )
        mine, theirs = st.columns(2)
        with mine:
            st.markdown("**Your path**")
            st.markdown(_path_lines(course, yours.steps, mine=True))
        with theirs:
            st.markdown("**The ladder's path**")
            st.markdown(_path_lines(course, ladder.steps, mine=False))
        st.markdown("**Pitfalls met**")
        if yours.pitfalls:
            cited(yours.pitfalls, content)
        else:
            st.markdown("None: no pitfall the sources name was met on your path.")
        if saved:
            st.caption(saved)
    with st.expander("Every visit, with why and what followed", icon=":material/fact_check:"):
        for n, step in enumerate(yours.steps, start=1):
            visit = course.visits[step.visit]
            choice = visit.choice(step.letter or "")
            if choice is not None:
                st.markdown(f"**Visit {n} · {when(step.day)}**")
                feedback(visit, choice, content)
    again, other = st.columns(2)
    again.button(
        "Follow this patient again", key="course_again", on_click=restart, args=(False,), icon=":material/replay:"
    )
    other.button("Another patient", key="course_other", on_click=restart, args=(True,), icon=":material/person_add:")


def save_scored(engine: Engine, learner: Learner, course: Course, letters: list[str]) -> int:
    """Each visit's answer into the learner's progress (once: the attempt id is made from the learner, the
    patient and the path so far, so a reload saves nothing twice); how many were new."""
    done = walk(course.visits, letters)
    now = datetime.now(UTC)
    saved = 0
    for n, step in enumerate(done.steps):
        visit = course.visits[step.visit]
        choice = visit.choice(step.letter or "")
        if choice is None:
            continue
        path = ",".join(letters[: n + 1])
        saved += record_answer(
            engine,
            learner.id,
            attempt_id=str(uuid.uuid5(SAVED_NAMESPACE, f"{learner.id}:{course.seed}:{path}")),
            item_id=f"patient-{course.seed}-visit-{visit.number}",
            item_kind="case",
            topic=topic_of_stage(visit.key),
            stage=visit.key,
            choice_id=choice.id,
            correct=choice.correct,
            confidence=EXAM_CONFIDENCE,
            mode="exam",
            seconds=None,
            answered_at=now + timedelta(microseconds=n),
            schedule_review=True,
        )
    return saved


def saved_words(mode: str, learner: Learner | None, course: Course, letters: list[str]) -> str | None:
    """In scored mode: the answers saved for a signed-in learner (once), or why nothing was saved."""
    if mode != SCORED:
        return None
    if learner is None:
        return "Not saved: pick a nickname above (or resume with your key) to keep scored patients in your progress."
    from ui.learner import database

    new = save_scored(database(), learner, course, letters)
    again = "" if new else " (already saved)"
    return (
        f"Saved to your progress{again}: {len(walk(course.visits, letters).steps)} answers, each at the ladder's "
        "step for that visit, scheduled for review like your other answers."
    )


def share_patient(seed: int) -> None:
    link = share.share_link({PATIENT: str(seed)})
    with st.expander("Share this patient", icon=":material/share:"):
        st.code(link, language=None, wrap_lines=True)
        share.copy_button(link)
        st.caption("Opens this patient at the first visit for anyone. It holds no private key.")


def show_notices(notices: list[LinkNotice]) -> None:
    show_link_notices(notices)


def walk_from_address(course: Course, letters: list[str]) -> tuple[Walk, list[str], list[LinkNotice]]:
    """The learner's walk; a path that goes wrong part way is cut there (and said) and the address fixed."""
    done = walk(course.visits, letters)
    notices = []
    if done.problem is not None:
        notices.append(_path_notice(",".join(letters), done.problem))
        letters = done.letters
        _set_path(letters)
    return done, letters, notices
