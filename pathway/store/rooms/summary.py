"""After the lecture: the room's summary (per question: answers per choice, voters, share correct; nothing
that identifies a student) as rows, CSV and Markdown, and one phone's own answers against the keys."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from pathway.store.polls.records import tally_votes
from pathway.store.rooms.records import Room, read_room
from pathway.store.schema import poll_questions, polls, votes
from pathway.store.tokens import check_voter_token
from pathway.store.transactions import read_transaction


@dataclass(frozen=True)
class QuestionSummary:
    slide: int  # 1-based position in the running order
    slide_title: str
    question_id: str
    stem: str
    choices: tuple[tuple[str, str, int], ...]  # (choice id, text, answers)
    answer: str
    voters: int

    @property
    def correct(self) -> int:
        return next((n for choice_id, _, n in self.choices if choice_id == self.answer), 0)

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.voters if self.voters else None


@dataclass(frozen=True)
class OwnAnswer:
    slide_title: str
    question_id: str
    stem: str
    chosen: str | None  # the text of the phone's last answer, None when it did not answer
    key: str  # the text of the right answer
    right: bool


def _questions(connection: Any, poll_id: int) -> list[tuple[int, dict[str, Any]]]:
    rows = connection.execute(
        select(poll_questions.c.question_index, poll_questions.c.question_json)
        .where(poll_questions.c.poll_id == poll_id)
        .order_by(poll_questions.c.question_index)
    ).all()
    return [(int(index), json.loads(text)) for index, text in rows]


def room_summary(engine: Engine, poll_id: int) -> tuple[Room, list[QuestionSummary]]:
    """Every question of the room in running order with its counts (votes are anonymous tokens: only
    their numbers leave the database)."""
    with read_transaction(engine) as connection:
        room = read_room(connection, polls.c.id == poll_id)
        if room is None:
            raise LookupError(f"there is no lecture room {poll_id}")
        summaries = []
        for index, question in _questions(connection, poll_id):
            tally = tally_votes(connection, poll_id, index, question)
            summaries.append(
                QuestionSummary(
                    slide=index + 1,
                    slide_title=room.titles[index],
                    question_id=question["id"],
                    stem=question["stem"],
                    choices=tuple((c["id"], c["text"], tally[c["id"]]) for c in question["choices"]),
                    answer=question["answer"],
                    voters=sum(tally.values()),
                )
            )
    return room, summaries


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def _cell(text: str) -> str:
    """A spreadsheet cell that cannot run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summary_csv(summaries: list[QuestionSummary]) -> str:
    """One row per question and choice: slide, question, choice, answers, right answer, voters, share correct."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["slide", "question", "choice", "answers", "is the answer", "voters", "share correct"])
    for s in summaries:
        for choice_id, text, n in s.choices:
            writer.writerow(
                [
                    s.slide,
                    _cell(s.stem),
                    _cell(text),
                    n,
                    "yes" if choice_id == s.answer else "no",
                    s.voters,
                    _percent(s.share_correct),
                ]
            )
    return out.getvalue()


def _md(text: str) -> str:
    """Text in a Markdown table cell: pipes and line breaks cannot break the table."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def summary_markdown(room: Room, summaries: list[QuestionSummary]) -> str:
    lines = [
        f"# Lecture room {room.code}: answers",
        "",
        f"Opened {room.opened_at:%Y-%m-%d %H:%M} UTC; {len(summaries)} questions. Counts only: no names, no devices.",
    ]
    for s in summaries:
        lines += [
            "",
            f"## Slide {s.slide}: {_md(s.slide_title)}",
            "",
            _md(s.stem),
            "",
            f"{s.voters} voters; {s.correct} right ({_percent(s.share_correct) or 'no answers'}).",
            "",
            "| Choice | Answers | |",
            "|---|---:|---|",
            *(f"| {_md(text)} | {n} | {'the answer' if cid == s.answer else ''} |" for cid, text, n in s.choices),
        ]
    return "\n".join(lines) + "\n"


def own_answers(engine: Engine, poll_id: int, voter_token: str) -> list[OwnAnswer]:
    """This phone's last answer to each question of the room against the key (ValueError for a bad token)."""
    voter_token = check_voter_token(voter_token)
    with read_transaction(engine) as connection:
        room = read_room(connection, polls.c.id == poll_id)
        if room is None:
            raise LookupError(f"there is no lecture room {poll_id}")
        chosen = dict(
            connection.execute(
                select(votes.c.question_index, votes.c.choice_id).where(
                    votes.c.poll_id == poll_id, votes.c.voter_token == voter_token
                )
            ).all()
        )
        questions = _questions(connection, poll_id)
    answers = []
    for index, question in questions:
        texts = {c["id"]: c["text"] for c in question["choices"]}
        picked = chosen.get(index)
        answers.append(
            OwnAnswer(
                slide_title=room.titles[index],
                question_id=question["id"],
                stem=question["stem"],
                chosen=texts.get(picked) if picked else None,
                key=texts[question["answer"]],
                right=picked == question["answer"],
            )
        )
    return answers
