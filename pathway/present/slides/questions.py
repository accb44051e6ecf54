"""Which bank questions a lecture polls by default, and a question as slide text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pathway.clinical.content import Content
from pathway.present.slides.text import BODY_LINES, lines_needed

# One authored question per walkthrough step: a poll after each step, ten in all, not the whole bank.
DEFAULT_QUESTIONS = 10
LETTERS = "ABCDEFGHIJ"
# A question slide shows the stem and every choice; two more lines than a list slide (no bullets' gaps)
QUESTION_LINES = BODY_LINES + 2


def choice_lines(question: dict[str, Any]) -> list[str]:
    """``A. text`` for each choice, in the question's order."""
    return [f"{LETTERS[i]}. {c['text']}" for i, c in enumerate(question["choices"])]


def answer_letter(question: dict[str, Any]) -> str:
    ids = [c["id"] for c in question["choices"]]
    return LETTERS[ids.index(question["answer"])] if question["answer"] in ids else "?"


def fits(question: dict[str, Any]) -> bool:
    return lines_needed([question["stem"], *choice_lines(question)]) <= QUESTION_LINES


def default_questions(content: Content, limit: int = DEFAULT_QUESTIONS) -> list[dict[str, Any]]:
    """One authored question per step, in ladder order: the easiest that fits on one slide."""
    from pathway.learn.bank import load_bank, question_json

    bank = [question_json(q) for q in load_bank(reference_ids=set(content.references))]
    chosen: list[dict[str, Any]] = []
    for step in content.steps_in_order():
        pool = [q for q in bank if q["stage"] in step.stages and q["kind"] == "authored" and fits(q)]
        if pool:
            chosen.append(min(pool, key=lambda q: (q["difficulty"], len(q["stem"]))))
    return chosen[:limit]


def question_notes(question: dict[str, Any], cite: Callable[[list[str]], str]) -> str:
    """Speaker notes: the answer, why each choice is right or wrong, and the sources."""
    letters = dict(zip((c["id"] for c in question["choices"]), LETTERS))
    lines = [f"Answer: {answer_letter(question)}."]
    lines += [f"{letters[c['id']]}. {c['explanation']}" for c in question["choices"] if c.get("explanation")]
    lines.append(cite(question.get("sources", [])))
    return "\n".join(lines)
