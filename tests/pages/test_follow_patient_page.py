"""Follow a patient page: opened by link, a choice at each visit with tutor feedback (right or wrong, why,
what follows, sources), a wrong choice bringing the patient back as before, the debrief; the path kept in
the address so a reload resumes; a bad link gets a message; scored mode saves a signed-in learner's
answers to their progress."""

from __future__ import annotations

import re

from app_helpers import open_direct
from streamlit.testing.v1 import AppTest

from pathway.clinical.citations import cite
from pathway.clinical.engine import default_content
from pathway.learn.course import Course, follow_patient
from pathway.learn.practice import MAX_SEED
from pathway.store.progress import create_learner, history

PAGE = "pages/15_Follow_a_patient.py"
SEED = 9  # wet wraps, an infection, a calcineurin inhibitor, then maintenance: four visits
COURSE = follow_patient(SEED)
CONTENT = default_content()


def _read(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def shown(at: AppTest) -> str:
    parts = [
        str(e.value)
        for kind in ("title", "subheader", "markdown", "caption", "success", "error", "warning", "info")
        for e in getattr(at, kind)
    ]
    return _read("\n".join(parts))


def visit_number(at: AppTest) -> int:
    heads = [h for h in (str(s.value) for s in at.subheader) if h.startswith("Visit ")]
    assert heads, f"no visit heading: {[s.value for s in at.subheader]}"
    return int(heads[0].split()[1])


def choose(at: AppTest, letter: str) -> AppTest:
    number = visit_number(at)
    at.radio(key=f"course_choice_{SEED}_{number}").set_value(letter)
    return at.button(key=f"course_choose_{number}").click().run()


def move_on(at: AppTest) -> AppTest:
    return at.button(key="course_move_on").click().run()


def ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def test_a_link_opens_the_patient_at_the_first_visit():
    at = open_direct(PAGE, patient=str(SEED))
    ok(at)
    text = shown(at)
    assert "Visit 1 · week 0" in text and COURSE.title in text
    assert COURSE.visits[0].opening in text
    options = at.radio(key=f"course_choice_{SEED}_1").options
    assert [_read(o) for o in options] == [f"{c.letter.upper()}. {c.text}" for c in COURSE.visits[0].choices]
    assert at.query_params["patient"] == str(SEED) and "path" not in at.query_params


def test_the_ladders_path_in_tutor_mode_gives_feedback_at_each_visit_then_the_debrief():
    at = open_direct(PAGE, patient=str(SEED))
    for n, visit in enumerate(COURSE.visits, start=1):
        assert visit_number(at) == n
        text = shown(at)
        for line in visit.since:
            assert line.text in text and cite(line.sources, CONTENT) in text
        at = choose(at, visit.right.letter)
        ok(at)
        text = shown(at)
        assert f"Right: {visit.right.text}" in text
        for line in visit.right.follows:
            assert line.text in text
        assert at.query_params["path"] == ",".join(v.right.letter for v in COURSE.visits[:n])
        at = move_on(at)
    text = shown(at)
    assert "Debrief" in text and COURSE.ladder.ending_text in text
    assert f"Right choices: {len(COURSE.visits)} of {len(COURSE.visits)}" in text
    assert f"Weeks to control: {COURSE.ladder.weeks_to_control:g} weeks" in text
    assert "None: no pitfall the sources name was met on your path." in text


def test_a_wrong_move_says_why_and_what_follows_and_the_patient_comes_back_as_before():
    visit = COURSE.visits[0]
    wrong = next(c for c in visit.choices if c.kind == "move")
    at = choose(open_direct(PAGE, patient=str(SEED)), wrong.letter)
    ok(at)
    text = shown(at)
    assert "Not the ladder's step." in text and f"The ladder's step: {visit.right.text}" in text
    for line in wrong.follows:
        assert line.text in text and cite(line.sources, CONTENT) in text
    assert f"comes back in {visit.review_days} days" in text
    at = move_on(at)
    assert visit_number(at) == 2 and "Seen again" in shown(at)
    assert [_read(o)[3:] for o in at.radio(key=f"course_choice_{SEED}_2").options] == [c.text for c in visit.choices]
    # then the right step, and on to the end: the pitfall is in the debrief, control a review later
    at = move_on(choose(at, visit.right.letter))
    for later in COURSE.visits[1:]:
        at = move_on(choose(at, later.right.letter))
    text = shown(at)
    assert f"Right choices: {len(COURSE.visits)} of {len(COURSE.visits) + 1}" in text
    assert wrong.pitfalls[0].text in text


def test_a_reload_keeps_the_path_from_the_address():
    path = [v.right.letter for v in COURSE.visits[:2]]
    at = open_direct(PAGE, patient=str(SEED), path=",".join(path))
    ok(at)
    text = shown(at)
    assert f"Right: {COURSE.visits[1].right.text}" in text  # the last answer's feedback, as before the reload
    at = move_on(at)
    assert visit_number(at) == 3
    assert at.query_params["path"] == ",".join(path)
    history = next(e for e in at.expander if e.label.startswith("Visits so far"))
    assert history.label == "Visits so far (2)"


def test_a_bad_patient_number_gets_a_message_and_another_patient_with_a_shareable_link():
    at = open_direct(PAGE, patient="12abc")
    ok(at)
    assert any("not a patient number" in _read(str(w.value)) for w in at.warning), [w.value for w in at.warning]
    seed = at.query_params["patient"]
    assert seed.isdigit() and 0 <= int(seed) <= MAX_SEED
    assert visit_number(at) == 1
    share = next(e for e in at.expander if e.label == "Share this patient")
    assert f"patient={seed}" in share.code[0].value


def test_a_path_that_goes_wrong_is_cut_with_a_message():
    right = COURSE.visits[0].right.letter
    at = open_direct(PAGE, patient=str(SEED), path=f"{right},zz")
    ok(at)
    assert any("path" in _read(str(w.value)) for w in at.warning)
    assert at.query_params["path"] == right
    at = open_direct(PAGE, patient=str(SEED), path=f"{right},z")
    ok(at)
    assert any("not one of that visit's choices" in _read(str(w.value)) for w in at.warning)
    assert at.query_params["path"] == right


def test_scored_mode_gives_no_feedback_until_the_debrief_and_saves_a_learners_answers(database):
    learner, key = create_learner(database, "Scored Sam")
    at = open_direct(PAGE, patient=str(SEED), mode="scored", key=key)
    ok(at)
    wrong = next(c for c in COURSE.visits[0].choices if not c.correct)
    at = choose(at, wrong.letter)
    assert visit_number(at) == 2 and not at.success and not at.error and "What follows" not in shown(at)
    for visit in COURSE.visits:
        at = choose(at, visit.right.letter)
    ok(at)
    text = shown(at)
    assert "Debrief" in text and f"Right choices: {len(COURSE.visits)} of {len(COURSE.visits) + 1}" in text
    assert "Saved to your progress" in text
    attempts = history(database, learner.id)
    assert [a.choice_id for a in attempts] == [wrong.id] + [v.key for v in COURSE.visits]
    assert {a.mode for a in attempts} == {"exam"} and [a.correct for a in attempts].count(False) == 1
    assert at.query_params["key"] == key and at.query_params["mode"] == "scored"
    at.run()  # a rerun (or a reload) saves nothing twice
    assert len(history(database, learner.id)) == len(attempts)


def test_scored_mode_without_a_learner_saves_nothing_and_says_so():
    at = open_direct(PAGE, patient=str(SEED), mode="scored")
    for visit in COURSE.visits:
        at = choose(at, visit.right.letter)
    ok(at)
    assert "Not saved" in shown(at)


def course_of(at: AppTest) -> Course:
    return follow_patient(int(at.query_params["patient"]))
