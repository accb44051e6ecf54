"""``content/course.yaml``: when a followed patient is seen again, where the course stops, and the wrong
moves it offers, read with the project's YAML reader and checked against the rest of the content.

Problems are reported as the content loader reports them, one per line, ``course.yaml: where: what``,
and raised together as :class:`pathway.clinical.content.ContentError`. Beyond its shape, the file must
name only items the content has (stages, timelines, pitfalls, red flags, therapies, references), offer a
pitfall's move only at stages the pitfall lists, and cite at least every source of the items it names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from pathway.clinical.base import Stage, Strict
from pathway.clinical.content import DEFAULT_CONTENT_DIR, Content, ContentError, read_yaml
from pathway.clinical.engine import STAGE_ORDER

FILE = "course.yaml"
ESCALATION = ("wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy", "systemic")
NEEDS_WORDS = ("steroid", "potent_steroid", "steroid_maintenance")  # besides therapy ids


class Review(Strict):
    stage: Stage
    timelines: list[str] = Field(min_length=1)
    under_18: list[str] = Field(default_factory=list)  # in place of ``timelines`` for a patient under 18
    at: Literal["min", "max"]
    responds: bool = False
    treats: str | None = None
    sources: list[str] = Field(min_length=1)


class Handover(Strict):
    stage: Stage
    red_flag: str | None = None
    sources: list[str] = Field(min_length=1)


class Missed(Strict):
    stage: Stage
    chosen: Literal["any", "later_step"]
    pitfall: str
    red_flag: str | None = None
    sources: list[str] = Field(min_length=1)

    def applies(self, chosen_stage: str) -> bool:
        return self.chosen == "any" or chosen_stage in ESCALATION


class Move(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    choice: str = Field(min_length=5)
    pitfall: str | None = None
    timelines: list[str] = Field(default_factory=list)
    from_weeks: float = Field(default=0, ge=0)
    stages: list[Stage] = Field(min_length=1)
    needs: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)


class LecturePatient(Strict):
    """The patient whose first visits the lecture puts to the room as polls."""

    seed: int = Field(ge=0)
    visits: int = Field(ge=1, le=4)


class CourseRules(Strict):
    reviews: list[Review] = Field(min_length=1)
    adult_timelines: list[str] = Field(default_factory=list)  # words for adults only: not shown under 18
    handovers: list[Handover] = Field(min_length=1)
    missed: list[Missed] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)
    lecture: LecturePatient | None = None

    def review(self, stage: str) -> Review | None:
        return next((r for r in self.reviews if r.stage == stage), None)

    def handover(self, stage: str) -> Handover | None:
        return next((h for h in self.handovers if h.stage == stage), None)

    def missed_at(self, stage: str) -> Missed | None:
        return next((m for m in self.missed if m.stage == stage), None)


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """A pydantic location as a path, with an item's id (or stage) in place of its index."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            name = node.get("id") or node.get("stage") if isinstance(node, dict) else None
            parts.append(str(name) if isinstance(name, str) else f"[{part}]")
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "(top)"


def _message(err: Any) -> str:
    return "unknown field" if err["type"] == "extra_forbidden" else str(err["msg"])


def _cited(where: str, sources: list[str], needed: list[str], what: str, problems: list[str]) -> None:
    missing = [s for s in needed if s not in sources]
    if missing:
        problems.append(f"{FILE}: {where}.sources: does not cite {', '.join(missing)}, which {what} cites")


def cross_check(rules: CourseRules, content: Content) -> list[str]:
    """Everything the file names exists in the content, moves sit only where their pitfall applies, and
    every entry cites the sources of the items it draws its words from."""
    problems: list[str] = []

    def known(where: str, kind: str, value: str | None, index: dict[str, Any]) -> bool:
        if value is not None and value not in index:
            problems.append(f"{FILE}: {where}: unknown {kind} '{value}'")
            return False
        return value is not None

    for name, stages in (
        ("reviews", [r.stage for r in rules.reviews]),
        ("handovers", [h.stage for h in rules.handovers]),
        ("missed", [m.stage for m in rules.missed]),
    ):
        for stage in sorted({s for s in stages if stages.count(s) > 1}):
            problems.append(f"{FILE}: {name}.{stage}.stage: listed twice")
    named: list[tuple[str, list[Review] | list[Handover] | list[Missed] | list[Move]]] = [
        ("reviews", rules.reviews),
        ("handovers", rules.handovers),
        ("missed", rules.missed),
        ("moves", rules.moves),
    ]
    for name, entries in named:
        for entry in entries:
            label = entry.id if isinstance(entry, Move) else entry.stage
            for source in entry.sources:
                known(f"{name}.{label}.sources", "reference", source, content.references)
    for timeline_id in rules.adult_timelines:
        known("adult_timelines", "timeline", timeline_id, content.timelines)
    for review in rules.reviews:
        where = f"reviews.{review.stage}"
        for name, timeline_id in [("timelines", t) for t in review.timelines] + [
            ("under_18", t) for t in review.under_18
        ]:
            if known(f"{where}.{name}", "timeline", timeline_id, content.timelines):
                timeline = content.timelines[timeline_id]
                if review.stage not in timeline.stages:
                    problems.append(f"{FILE}: {where}.{name}: {timeline_id} is not a timing of {review.stage}")
                _cited(where, review.sources, timeline.sources, timeline_id, problems)
        if known(f"{where}.treats", "red flag", review.treats, content.red_flags) and review.treats:
            _cited(where, review.sources, content.red_flags[review.treats].action.sources, review.treats, problems)
        if review.stage in {h.stage for h in rules.handovers}:
            problems.append(f"{FILE}: {where}.stage: also a handover")
    for handover in rules.handovers:
        where = f"handovers.{handover.stage}"
        if known(f"{where}.red_flag", "red flag", handover.red_flag, content.red_flags) and handover.red_flag:
            flag = content.red_flags[handover.red_flag]
            _cited(where, handover.sources, flag.action.sources, handover.red_flag, problems)
    for missed in rules.missed:
        where = f"missed.{missed.stage}"
        if known(f"{where}.pitfall", "pitfall", missed.pitfall, content.pitfalls):
            pitfall = content.pitfalls[missed.pitfall]
            if missed.stage not in pitfall.stages:
                problems.append(f"{FILE}: {where}.pitfall: {missed.pitfall} does not list {missed.stage}")
            _cited(where, missed.sources, pitfall.sources, missed.pitfall, problems)
        if known(f"{where}.red_flag", "red flag", missed.red_flag, content.red_flags) and missed.red_flag:
            _cited(where, missed.sources, content.red_flags[missed.red_flag].action.sources, missed.red_flag, problems)
    ids: set[str] = set()
    for move in rules.moves:
        where = f"moves.{move.id}"
        if move.id in ids or move.id in STAGE_ORDER:
            problems.append(f"{FILE}: {where}.id: duplicate, or the id of a stage")
        ids.add(move.id)
        if (move.pitfall is None) == (not move.timelines):
            problems.append(f"{FILE}: {where}: needs a pitfall or timelines (one of the two)")
        if known(f"{where}.pitfall", "pitfall", move.pitfall, content.pitfalls) and move.pitfall:
            pitfall = content.pitfalls[move.pitfall]
            outside = [s for s in move.stages if s not in pitfall.stages]
            if outside:
                problems.append(f"{FILE}: {where}.stages: {move.pitfall} does not apply at {', '.join(outside)}")
            _cited(where, move.sources, pitfall.sources, move.pitfall, problems)
        timing_stages: set[str] = set()
        for timeline_id in move.timelines:
            if known(f"{where}.timelines", "timeline", timeline_id, content.timelines):
                timing_stages.update(content.timelines[timeline_id].stages)
                _cited(where, move.sources, content.timelines[timeline_id].sources, timeline_id, problems)
        if move.timelines and (outside := [s for s in move.stages if s not in timing_stages]):
            problems.append(f"{FILE}: {where}.stages: none of its timelines applies at {', '.join(outside)}")
        for need in move.needs:
            if need not in NEEDS_WORDS:
                known(f"{where}.needs", "therapy", need, content.therapies)
    return problems


def load_rules(content: Content, directory: str | Path | None = None) -> CourseRules:
    """``course.yaml`` from ``directory`` (default: the bundled content), checked against ``content``;
    raises :class:`ContentError` with every problem found."""
    root = Path(directory) if directory is not None else DEFAULT_CONTENT_DIR
    problems: list[str] = []
    data = read_yaml(root / FILE, problems)
    if problems:
        raise ContentError(problems)
    if not isinstance(data, dict):
        raise ContentError([f"{FILE}: (top): expected a mapping with keys {sorted(CourseRules.model_fields)}"])
    try:
        rules = CourseRules.model_validate(data)
    except ValidationError as exc:
        raise ContentError([f"{FILE}: {_where(err['loc'], data)}: {_message(err)}" for err in exc.errors()]) from None
    problems = cross_check(rules, content)
    if problems:
        raise ContentError(problems)
    return rules


@lru_cache(maxsize=1)
def default_rules() -> CourseRules:
    """The bundled course rules, checked against the bundled content, loaded once per process."""
    from pathway.clinical.engine import default_content

    return load_rules(default_content())
