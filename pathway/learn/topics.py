"""The question bank's topics (``content/topics.yaml``) and readable names for the engine's stages.

The topics are the one vocabulary every consumer names them by: the bank checks each item's topic
against it, a generated case takes the topic its stage belongs to (:func:`topic_of_stage`), and
Practice, Exam, My progress and the exports show :func:`topic_label`. Problems are reported in the
content loader's style, ``topics.yaml: topics.<id>.<field>: <what is wrong>``. Labels only, no
clinical claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from pathway.clinical.base import STAGES, Stage, Strict
from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError, read_yaml

__all__ = [
    "FILE",
    "STAGE_LABELS",
    "Topic",
    "Vocabulary",
    "load_topics",
    "stage_label",
    "stages_of",
    "topic_description",
    "topic_ids",
    "topic_label",
    "topic_of_stage",
    "topics_problems",
    "vocabulary",
]

FILE = "topics.yaml"


class Topic(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    # the engine stages whose generated cases count under this topic (none: authored items only)
    stages: tuple[Stage, ...] = ()


class _TopicsFile(Strict):
    topics: list[Topic] = Field(min_length=1)


@dataclass(frozen=True)
class Vocabulary:
    """The topics in their file's (teaching) order."""

    topics: tuple[Topic, ...]
    by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)
    by_stage: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {t.id: t for t in self.topics})
        object.__setattr__(self, "by_stage", {stage: t.id for t in self.topics for stage in t.stages})

    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    """``topics.wet_wraps.label``, ``topics.wet_wraps.stages[0]``: a topic is named by its id when it has one."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            topic_id = node.get("id") if isinstance(node, dict) else None
            if isinstance(topic_id, str):
                parts.append(topic_id)
            elif parts:
                parts[-1] += f"[{part}]"  # stages[0]
            else:
                parts.append(f"[{part}]")
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "(top)"


def _cross_check(topics: list[Topic]) -> list[str]:
    """Ids and labels unique, every stage under exactly one topic."""
    out: list[str] = []
    ids: set[str] = set()
    labels: dict[str, str] = {}
    stages: dict[str, str] = {}
    for t in topics:
        if t.id in ids:
            out.append(f"{FILE}: topics.{t.id}.id: duplicate id")
        ids.add(t.id)
        label = " ".join(t.label.split()).casefold()
        if label in labels and labels[label] != t.id:
            out.append(f"{FILE}: topics.{t.id}.label: '{t.label}' is also the label of {labels[label]}")
        labels.setdefault(label, t.id)
        for stage in t.stages:
            if stage in stages:
                out.append(f"{FILE}: topics.{t.id}.stages: {stage} is already under {stages[stage]}")
            stages.setdefault(stage, t.id)
    for missing in STAGES:
        if missing not in stages:
            out.append(f"{FILE}: topics: no topic lists the stage {missing} (its generated cases need a topic)")
    return out


def _load(directory: Path | str | None) -> tuple[Vocabulary | None, list[str]]:
    root = Path(directory) if directory is not None else DEFAULT_CONTENT_DIR
    problems: list[str] = []
    data = read_yaml(root / FILE, problems)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [f"{FILE}: (top): expected a mapping with the key 'topics'"]
    try:
        parsed = _TopicsFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{FILE}: {_where(err['loc'], data)}: {message}")
        return None, problems
    problems = _cross_check(parsed.topics)
    return (None if problems else Vocabulary(tuple(parsed.topics))), problems


def topics_problems(directory: Path | str | None = None) -> list[str]:
    """Every problem in ``topics.yaml``, one line each; ``[]`` when fine."""
    return _load(directory)[1]


def load_topics(directory: Path | str | None = None) -> Vocabulary:
    """The topics of a content folder (default: the bundled one). Raises :class:`ContentError`."""
    found, problems = _load(directory)
    if found is None:
        raise ContentError(problems)
    return found


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The bundled topics, loaded once per process."""
    return load_topics()


def topic_ids() -> tuple[str, ...]:
    """Every topic id, in teaching order."""
    return vocabulary().ids()


def topic_label(topic: str) -> str:
    """The words every page and export shows for a topic. An id the vocabulary no longer holds (an old
    answer saved under it) is shown as its words, so a learner's history still reads."""
    found = vocabulary().by_id.get(topic)
    return found.label if found is not None else topic.replace("_", " ").capitalize()


def topic_description(topic: str) -> str:
    """What a topic asks about, in one line ("" for an id the vocabulary does not hold)."""
    found = vocabulary().by_id.get(topic)
    return found.description if found is not None else ""


def topic_of_stage(stage: str) -> str:
    """The topic a generated case at ``stage`` counts under. KeyError for a stage the engine lacks."""
    return vocabulary().by_stage[stage]


def stages_of(topics: Iterable[str]) -> list[str]:
    """The engine stages whose generated cases belong to one of ``topics``, in the engine's order."""
    wanted = set(topics)
    by_stage = vocabulary().by_stage
    return [stage for stage in STAGES if by_stage.get(stage) in wanted]


STAGE_LABELS = {
    "eczema_herpeticum": "Eczema herpeticum",
    "treat_infection": "Bacterial infection",
    "verify_adequacy": "Check the steroid trial",
    "complicating_factors": "Complicating factors",
    "wet_wrap": "Wet wraps",
    "topical_calcineurin_inhibitor": "Calcineurin inhibitor",
    "newer_topicals": "Newer non-steroidal creams",
    "phototherapy": "Phototherapy",
    "systemic": "Systemic treatment",
    "specialist_referral": "Specialist referral",
    "maintenance": "Proactive maintenance",
}


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())
