"""The learner's CSV (pathway.store.reports.export_csv) reads without the app: each answer's question, the
answer chosen and the correct one in words, right or wrong, confidence, time taken and when; text that a
spreadsheet would run as a formula stays text."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.store.progress import create_learner, record_answer
from pathway.store.reports import FORMULA_STARTS, export_csv

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
BANK = [question_json(q) for q in load_bank()]


def _answer(engine, learner_id: int, item: dict, choice_id: str, **changes) -> None:
    fields = {
        "attempt_id": str(uuid.uuid4()),
        "item_id": item["id"],
        "item_kind": "case" if item["kind"] == "generated" else "question",
        "topic": item["topic"],
        "stage": item["stage"],
        "choice_id": choice_id,
        "correct": choice_id == item["answer"],
        "confidence": "sure",
        "mode": "tutor",
        "seconds": 20.0,
        "answered_at": T0,
    }
    record_answer(engine, learner_id, **{**fields, **changes})


def _rows(engine, learner_id: int, items=None) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_csv(engine, learner_id, items))))


def _text(item: dict, choice_id: str) -> str:
    return next(c["text"] for c in item["choices"] if c["id"] == choice_id)


def test_a_bank_question_and_a_generated_case_read_in_words(engine):
    question = next(q for q in BANK if q["id"] == "q_herpeticum_punched_out")
    wrong = next(c["id"] for c in question["choices"] if c["id"] != question["answer"])
    case = generate_case(17)
    learner, _ = create_learner(engine, "Reader")
    _answer(engine, learner.id, question, wrong, confidence="unsure", seconds=42.25)
    _answer(engine, learner.id, case, case["answer"], confidence="guess", answered_at=T0 + timedelta(minutes=3))
    first, second = _rows(engine, learner.id)

    assert first["Question"] == f"{question['stem']} {question['lead_in']}"
    assert first["Your answer"] == _text(question, wrong)
    assert first["Correct answer"] == _text(question, question["answer"])
    assert (first["Result"], first["Confidence"], first["Seconds taken"]) == ("wrong", "unsure", "42.2")
    assert (first["Answered (UTC)"], first["Mode"], first["Topic"]) == (
        "2026-05-04 09:00:00",
        "practice",
        "Red flags and infection",
    )
    assert first["Question id"] == question["id"] and first["Choice id"] == wrong

    # a generated case by its title, its choices in the words the case showed
    assert second["Question"] == "Generated case 17"
    assert second["Your answer"] == second["Correct answer"] == _text(case, case["answer"])
    assert (second["Result"], second["Confidence"], second["Answered (UTC)"]) == (
        "right",
        "guess",
        "2026-05-04 09:03:00",
    )


def test_every_choice_of_a_generated_case_reads_as_the_case_showed_it(engine):
    learner, _ = create_learner(engine, "Cases")
    case = generate_case(3)
    for n, choice in enumerate(case["choices"]):
        _answer(engine, learner.id, case, choice["id"], answered_at=T0 + timedelta(seconds=n))
    rows = _rows(engine, learner.id)
    assert [r["Your answer"] for r in rows] == [c["text"] for c in case["choices"]]
    assert {r["Correct answer"] for r in rows} == {_text(case, case["answer"])}
    assert [r["Result"] for r in rows].count("right") == 1


def test_an_exam_answer_says_it_asked_no_confidence_and_an_unanswered_item_says_so(engine):
    learner, _ = create_learner(engine, "Examinee")
    case = {**generate_case(5), "id": "case-7-2"}  # an exam's generated case: its own id, no seed
    _answer(engine, learner.id, case, "unanswered", mode="exam", confidence="unsure", seconds=None)
    [row] = _rows(engine, learner.id)
    assert row["Question"] == "Generated case 2 of exam 7"
    assert (row["Your answer"], row["Result"]) == ("(not answered)", "wrong")
    assert row["Correct answer"] == _text(case, case["answer"])
    assert (row["Mode"], row["Confidence"], row["Seconds taken"]) == ("exam", "not asked (exam)", "")


def test_a_question_gone_from_the_bank_is_named_by_its_id(engine):
    learner, _ = create_learner(engine, "Old")
    _answer(engine, learner.id, BANK[0], BANK[0]["answer"])
    [row] = _rows(engine, learner.id, items=BANK[1:])
    assert row["Question"] == f"Question {BANK[0]['id']} (no longer in the bank)"
    assert row["Your answer"] == f"(choice {BANK[0]['answer']})" and row["Result"] == "right"


def test_text_a_spreadsheet_would_run_stays_text(engine):
    """A stem, lead-in, choice or id that starts like a formula ('=cmd|...', '+', '-', '@') gets a
    leading apostrophe; no cell of the file starts a formula."""
    hostile = {
        **BANK[0],
        "id": "=cmd|' /C calc'!A0",
        "stem": "=cmd|' /C calc'!A0 a stem that is a formula",
        "choices": [
            {"id": "a", "text": "+SUM(A1:A9)", "explanation": "x"},
            {"id": "b", "text": "@IMPORTXML(x)", "explanation": "x"},
            {"id": "c", "text": "-2+3", "explanation": "x"},
        ],
        "answer": "c",
    }
    learner, _ = create_learner(engine, "Mallory")
    _answer(engine, learner.id, hostile, "a", topic="=1+1")
    [row] = _rows(engine, learner.id, items=[hostile])
    assert row["Question"] == "'=cmd|' /C calc'!A0 a stem that is a formula " + hostile["lead_in"]
    assert (row["Your answer"], row["Correct answer"]) == ("'+SUM(A1:A9)", "'-2+3")
    assert row["Question id"] == "'=cmd|' /C calc'!A0" and row["Topic"] == "'=1+1"
    text = export_csv(engine, learner.id, [hostile])
    for cells in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in cells), cells


def test_a_scored_patient_visit_reads_as_the_visit_showed_it(engine):
    """Follow a patient saves each visit as ``patient-<seed>-visit-<n>`` with the chosen choice's id: the
    CSV names the patient and the visit and gives both answers in the words the visit offered them."""
    from pathway.learn.course import follow_patient

    visit = follow_patient(9).visits[1]
    wrong = next(c for c in visit.choices if not c.correct)
    right = next(c for c in visit.choices if c.correct)
    learner, _ = create_learner(engine, "Follower")
    item = {"id": "patient-9-visit-2", "kind": "generated", "topic": "adequacy", "stage": visit.key, "answer": right.id}
    _answer(engine, learner.id, item, wrong.id, mode="exam")
    (row,) = _rows(engine, learner.id)
    assert row["Question"] == "Follow a patient 9, visit 2"
    assert (row["Your answer"], row["Correct answer"], row["Result"]) == (wrong.text, right.text, "wrong")
