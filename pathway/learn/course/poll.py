"""A visit of a followed patient as a poll question (the bank's ``question_json`` shape), so a lecture's
room can decide together what to do at that visit: the visit's findings (and what has happened since) are
the stem, the visit's choices are the choices, each explained by the course's own why-lines, and the key
is the engine's step for that visit. ``lecture_questions`` gives the visits ``content/course.yaml`` names
for the lecture (its ``lecture`` entry)."""

from __future__ import annotations

from typing import Any

from pathway.learn.course.build import follow_patient
from pathway.learn.course.rules import CourseRules, default_rules
from pathway.learn.course.shapes import Course
from pathway.learn.topics import topic_of_stage


def visit_question(course: Course, number: int) -> dict[str, Any]:
    """Visit ``number`` (1-based, on the ladder's path) of ``course`` as a poll question."""
    visit = course.visits[number - 1]
    week = visit.day // 7
    since = " ".join(line.text for line in visit.since)
    stem = " ".join(part for part in (since, *visit.findings) if part)
    sources = sorted({s for choice in visit.choices for line in choice.why for s in line.sources})
    return {
        "id": f"patient-{course.seed}-visit-{number}",
        "kind": "generated",
        "topic": topic_of_stage(visit.key),
        "stage": visit.key,
        "difficulty": 2,
        "stem": stem,
        "lead_in": f"Patient {course.seed}, visit {number} (week {week}): what do you do now?",
        "choices": [
            {"id": c.id, "text": c.text, "explanation": " ".join(line.text for line in c.why)} for c in visit.choices
        ],
        "answer": visit.key,
        "sources": sources,
    }


def lecture_questions(rules: CourseRules | None = None) -> list[dict[str, Any]]:
    """The visits of the patient ``course.yaml`` puts in the lecture, in order (none when it names none)."""
    chosen = (rules or default_rules()).lecture
    if chosen is None:
        return []
    course = follow_patient(chosen.seed)
    return [visit_question(course, n) for n in range(1, min(chosen.visits, len(course.visits)) + 1)]
