"""The authored question bank for residents (``content/questions.yaml``): model, loader, JSON.

Single-best-answer items, each tied to an engine stage and a topic (``content/topics.yaml``, see
:mod:`pathway.learn.topics`) and cited to the references in ``content/references.yaml``. The bank is
one file. Loading reports every problem at once, one line each, in the content loader's style:
schema problems as ``questions.yaml: <item id>.<field>: <message>`` (a topic the vocabulary does not
hold as ``questions.yaml: <item id>.topic: ...``), item-writing rule problems (see
:mod:`pathway.learn.item_rules`) as ``questions.yaml: <item id>: rule <name>: ...``. A draft file of
new items is checked with the bank by ``tools/check_items.py``, its problems naming the draft file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from pathway.clinical.base import Stage, Strict
from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError, load_content, read_yaml
from pathway.learn.item_rules import FILE, check_bank, check_item
from pathway.learn.topics import FILE as TOPICS_FILE
from pathway.learn.topics import load_topics

__all__ = [
    "FILE",
    "Choice",
    "Question",
    "bank_problems",
    "check_bank",
    "check_item",
    "load_bank",
    "parse_items",
    "question_json",
    "topic_problems",
]


class Choice(Strict):
    id: str = Field(pattern=r"^[a-z]$")
    text: str = Field(min_length=1)
    explanation: str


class Question(Strict):
    id: str = Field(pattern=r"^q_[a-z0-9_]+$")
    kind: Literal["authored", "spot_the_error"]
    topic: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # an id in topics.yaml, checked on loading
    stage: Stage
    difficulty: Literal[1, 2, 3]
    stem: str = Field(min_length=1)
    lead_in: str = Field(min_length=1)
    choices: list[Choice]
    answer: str
    sources: list[str]


class _BankFile(Strict):
    questions: list[Any]


def question_json(q: Question) -> dict[str, Any]:
    """The public contract of one item (``python -m pathway questions`` prints a list of these)."""
    return {
        "id": q.id,
        "kind": q.kind,
        "topic": q.topic,
        "stage": q.stage,
        "difficulty": q.difficulty,
        "stem": q.stem,
        "lead_in": q.lead_in,
        "choices": [{"id": c.id, "text": c.text, "explanation": c.explanation} for c in q.choices],
        "answer": q.answer,
        "sources": list(q.sources),
    }


def _where(label: str, loc: tuple[int | str, ...], raw: dict[str, Any]) -> str:
    """``q_x.choices.c.explanation``: a choice is named by its id when it has one."""
    parts = [label]
    node: Any = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            choice_id = node.get("id") if isinstance(node, dict) else None
            parts.append(choice_id if isinstance(choice_id, str) else f"[{part}]")
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


def parse_items(data: Any, problems: list[str], file: str = FILE) -> list[Question]:
    """The items of a bank file's data (``{"questions": [...]}``); each schema problem is added to
    ``problems`` as ``<file>: <item id>.<field>: <what>`` (``file``: the name of the file read)."""
    if not isinstance(data, dict):
        problems.append(f"{file}: (top): expected a mapping with the key 'questions'")
        return []
    try:
        raw_items = _BankFile.model_validate(data).questions
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "(top)"
            message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{file}: {field}: {message}")
        return []
    items: list[Question] = []
    for index, raw in enumerate(raw_items):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = raw_id if isinstance(raw_id, str) else f"[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{file}: {label}: expected a mapping of item fields")
            continue
        try:
            items.append(Question.model_validate(raw))
        except ValidationError as exc:
            for err in exc.errors():
                message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
                problems.append(f"{file}: {_where(label, err['loc'], raw)}: {message}")
    return items


def topic_problems(items: Iterable[Question], topic_ids: Iterable[str], file: str = FILE) -> list[str]:
    """``<file>: <item id>.topic: ...`` for each item whose topic is not in the vocabulary."""
    known = set(topic_ids)
    return [f"{file}: {q.id}.topic: '{q.topic}' is not a topic in {TOPICS_FILE}" for q in items if q.topic not in known]


def _load(
    directory: Path | str | None, reference_ids: set[str] | None, topic_ids: Iterable[str] | None
) -> tuple[list[Question], list[str]]:
    root = Path(directory) if directory is not None else DEFAULT_CONTENT_DIR
    problems: list[str] = []
    data = read_yaml(root / FILE, problems)
    if data is None and not problems:
        problems.append(f"{FILE}: (top): file is empty")
    items = parse_items(data, problems) if data is not None else []
    if topic_ids is None:
        try:
            topic_ids = load_topics(root).ids()
        except ContentError as exc:
            problems.append(f"{FILE}: topic: cannot check topics, {TOPICS_FILE} does not load")
            problems.extend(exc.problems)
    if topic_ids is not None:
        problems.extend(topic_problems(items, topic_ids))
    if reference_ids is None:
        try:
            reference_ids = set(load_content(root).references)
        except ContentError as exc:
            problems.append(f"{FILE}: sources: cannot check reference ids, the clinical content does not load")
            problems.extend(exc.problems)
    problems.extend(check_bank(items, reference_ids))
    return items, problems


def bank_problems(
    directory: Path | str | None = None,
    reference_ids: set[str] | None = None,
    topic_ids: Iterable[str] | None = None,
) -> list[str]:
    """Every schema and item-writing problem in ``questions.yaml``, one line each; ``[]`` when fine.

    ``reference_ids`` and ``topic_ids`` default to the references and topics of the same directory
    (a ``topics.yaml`` that does not load is reported, its problems included).
    """
    return _load(directory, reference_ids, topic_ids)[1]


def load_bank(
    directory: Path | str | None = None,
    reference_ids: set[str] | None = None,
    topic_ids: Iterable[str] | None = None,
) -> list[Question]:
    """The question bank in file order. Raises :class:`ContentError` listing every problem."""
    items, problems = _load(directory, reference_ids, topic_ids)
    if problems:
        raise ContentError(problems)
    return items
