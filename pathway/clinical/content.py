"""Load and check the clinical content (``content/*.yaml``).

One loader serves the CLI, the app and the tests. Problems are reported one per line as
``file.yaml: path.to.field: what is wrong``; a malformed file names its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pathway.clinical.models import (
    Avoid,
    Case,
    Document,
    Evidence,
    Meta,
    Pitfall,
    RedFlag,
    Reference,
    ReferralCriterion,
    Rule,
    SourceDifference,
    Step,
    Strict,
    Therapy,
    TimelineItem,
    Update,
)
from pathway.clinical.scores import Instrument, InstrumentsFile, instrument_citations



class SAFE_LOADER(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # noqa: N801
    """yaml.safe_load's loader (libyaml's C parser when PyYAML ships with it, 6x faster),
    which also rejects a key repeated in one mapping instead of keeping the last value."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}' (first on line {seen[key] + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


class ReferencesFile(Strict):
    documents: list[Document]
    references: list[Reference]


class MetaFile(Strict):
    meta: Meta


class StepsFile(Strict):
    steps: list[Step]


class TherapiesFile(Strict):
    therapies: list[Therapy]


class RedFlagsFile(Strict):
    red_flags: list[RedFlag]


class PitfallsFile(Strict):
    pitfalls: list[Pitfall]
    avoid: list[Avoid]


class TimelinesFile(Strict):
    timelines: list[TimelineItem]


class EvidenceFile(Strict):
    evidence: list[Evidence]


class ReferralFile(Strict):
    referral: list[ReferralCriterion]


class RulesFile(Strict):
    rules: list[Rule]


class DifferencesFile(Strict):
    differences: list[SourceDifference]


class UpdatesFile(Strict):
    updates: list[Update]


class CasesFile(Strict):
    cases: list[Case]


# file name -> model. Order matters only for reading the report.
FILES: dict[str, type[Strict]] = {
    "meta.yaml": MetaFile,
    "references.yaml": ReferencesFile,
    "steps.yaml": StepsFile,
    "therapies.yaml": TherapiesFile,
    "red_flags.yaml": RedFlagsFile,
    "pitfalls.yaml": PitfallsFile,
    "timelines.yaml": TimelinesFile,
    "evidence.yaml": EvidenceFile,
    "referral.yaml": ReferralFile,
    "rules.yaml": RulesFile,
    "source_differences.yaml": DifferencesFile,
    "updates.yaml": UpdatesFile,
    "cases.yaml": CasesFile,
    "severity_scores.yaml": InstrumentsFile,
}


class ContentError(Exception):
    """Raised when content does not load; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Content(BaseModel):
    """All clinical content, indexed by id."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    meta: Meta
    documents: dict[str, Document]
    references: dict[str, Reference]
    steps: dict[str, Step]
    therapies: dict[str, Therapy]
    red_flags: dict[str, RedFlag]
    pitfalls: dict[str, Pitfall]
    avoid: dict[str, Avoid]
    timelines: dict[str, TimelineItem]
    evidence: dict[str, Evidence]
    referral: dict[str, ReferralCriterion]
    rules: dict[str, Rule]
    differences: dict[str, SourceDifference]
    updates: dict[str, Update]
    cases: dict[str, Case]
    instruments: dict[str, Instrument]

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def steps_in_order(self) -> list[Step]:
        return sorted(self.steps.values(), key=lambda s: s.order)

    def step_for_stage(self, stage: str) -> Step | None:
        for step in self.steps_in_order():
            if stage in step.stages:
                return step
        return None

    def stage_title(self, stage: str) -> str:
        """What a stage is called on screen and in handouts: the title of the step it belongs to."""
        step = self.step_for_stage(stage)
        return step.title if step else stage.replace("_", " ").capitalize()

    def document_of(self, source_id: str) -> str:
        return self.references[source_id].document

    def cited_by(self) -> dict[str, list[str]]:
        """Reference id -> the content items (``kind:id``) that cite it."""
        usage: dict[str, list[str]] = {ref: [] for ref in self.references}
        for where, sources in iter_citations(self):
            for source in sources:
                if source in usage and where not in usage[source]:
                    usage[source].append(where)
        return usage


def _loc_to_path(loc: Iterable[Any], data: Any) -> str:
    """Render a pydantic error location, using an item's id instead of its index when it has one."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            item_id = node.get("id") if isinstance(node, dict) else None
            parts.append(str(item_id) if isinstance(item_id, str) else f"[{part}]")
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "(top)"


def _read_yaml(path: Path, problems: list[str]) -> Any:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{name}: (file): missing file")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{name}: (file): cannot read: {exc}")
        return None
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - the safe loader, in C when available
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{name}: {where}: malformed YAML: {problem}")
        return None


def _parse(name: str, model: type[Strict], data: Any, problems: list[str]) -> Strict | None:
    if not isinstance(data, dict):
        problems.append(f"{name}: (top): expected a mapping with keys {sorted(model.model_fields)}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            path = _loc_to_path(err["loc"], data)
            message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{name}: {path}: {message}")
        return None


def _index(name: str, key: str, items: list, problems: list[str]) -> dict:
    out: dict = {}
    for item in items:
        if item.id in out:
            problems.append(f"{name}: {key}.{item.id}.id: duplicate id")
        out[item.id] = item
    return out


def iter_citations(content: Content) -> Iterable[tuple[str, list[str]]]:
    """Yield (where, sources) for every cited item, ``where`` as ``file: path``."""
    for s in content.steps.values():
        yield f"steps.yaml: steps.{s.id}.summary", s.summary.sources
        for i, a in enumerate(s.actions):
            yield f"steps.yaml: steps.{s.id}.actions.[{i}]", a.sources
        for i, c in enumerate(s.checks):
            yield f"steps.yaml: steps.{s.id}.checks.[{i}]", c.sources
        if s.placement:
            yield f"steps.yaml: steps.{s.id}.placement", s.placement.sources
    for t in content.therapies.values():
        yield f"therapies.yaml: therapies.{t.id}.sources", t.sources
        yield f"therapies.yaml: therapies.{t.id}.regimen", t.regimen.sources
        for i, a in enumerate(t.agents):
            yield f"therapies.yaml: therapies.{t.id}.agents.[{i}]", a.sources
        if t.dose:
            yield f"therapies.yaml: therapies.{t.id}.dose", t.dose.sources
        if t.age_limit:
            yield f"therapies.yaml: therapies.{t.id}.age_limit", t.age_limit.sources
        for group in ("details", "monitoring", "warnings"):
            for i, c in enumerate(getattr(t, group)):
                yield f"therapies.yaml: therapies.{t.id}.{group}.[{i}]", c.sources
    for r in content.red_flags.values():
        for i, c in enumerate(r.signs):
            yield f"red_flags.yaml: red_flags.{r.id}.signs.[{i}]", c.sources
        yield f"red_flags.yaml: red_flags.{r.id}.action", r.action.sources
    for p in content.pitfalls.values():
        yield f"pitfalls.yaml: pitfalls.{p.id}.sources", p.sources
    for a in content.avoid.values():
        yield f"pitfalls.yaml: avoid.{a.id}.sources", a.sources
    for t in content.timelines.values():
        yield f"timelines.yaml: timelines.{t.id}.sources", t.sources
    for e in content.evidence.values():
        yield f"evidence.yaml: evidence.{e.id}.sources", e.sources
    for r in content.referral.values():
        yield f"referral.yaml: referral.{r.id}.sources", r.sources
    for r in content.rules.values():
        yield f"rules.yaml: rules.{r.id}.sources", r.sources
    for d in content.differences.values():
        for i, side in enumerate(d.sides):
            yield f"source_differences.yaml: differences.{d.id}.sides.[{i}]", side.sources
        yield f"source_differences.yaml: differences.{d.id}.comment", d.comment.sources
    for u in content.updates.values():
        yield f"updates.yaml: updates.{u.id}.sources", u.sources
    for c in content.cases.values():
        yield f"cases.yaml: cases.{c.id}.teaching_point", c.teaching_point.sources
    yield from instrument_citations(InstrumentsFile(instruments=list(content.instruments.values())))


def _cross_check(content: Content) -> list[str]:
    """Checks across files: every id resolves, ranges are ordered, scenarios are valid."""
    from pathway.clinical.scenario import Scenario, scenario_problems  # local: scenario imports models only

    problems: list[str] = []
    refs, docs = content.references, content.documents

    for ref in refs.values():
        if ref.document in docs and docs[ref.document].kind == "checked_context" and not ref.short:
            problems.append(f"references.yaml: references.{ref.id}.short: a checked-context reference needs a short "
                            "citation label")
        if ref.document not in docs:
            problems.append(f"references.yaml: references.{ref.id}.document: unknown document '{ref.document}'")
    for where, sources in iter_citations(content):
        for source in sources:
            if source not in refs:
                problems.append(f"{where}: unknown source '{source}'")

    def need(where: str, kind: str, ids: Iterable[str], table: dict) -> None:
        for item_id in ids:
            if item_id not in table:
                problems.append(f"{where}: unknown {kind} id '{item_id}'")

    for s in content.steps.values():
        need(f"steps.yaml: steps.{s.id}.therapies", "therapy", s.therapies, content.therapies)
        need(f"steps.yaml: steps.{s.id}.pitfalls", "pitfall", s.pitfalls, content.pitfalls)
        need(f"steps.yaml: steps.{s.id}.evidence", "evidence", s.evidence, content.evidence)
        need(f"steps.yaml: steps.{s.id}.timelines", "timeline", s.timelines, content.timelines)
        need(f"steps.yaml: steps.{s.id}.documents", "document", s.documents, docs)
    orders = [s.order for s in content.steps.values()]
    if len(orders) != len(set(orders)):
        problems.append("steps.yaml: steps.order: two steps share an order number")
    for t in content.therapies.values():
        need(f"therapies.yaml: therapies.{t.id}.steps", "step", t.steps, content.steps)
        if t.dose and t.dose.min > t.dose.max:
            problems.append(
                f"therapies.yaml: therapies.{t.id}.dose: min ({t.dose.min:g}) is greater than max ({t.dose.max:g})"
            )
    for r in content.red_flags.values():
        need(f"red_flags.yaml: red_flags.{r.id}.therapies", "therapy", r.therapies, content.therapies)
    for t in content.timelines.values():
        if t.therapy:
            need(f"timelines.yaml: timelines.{t.id}.therapy", "therapy", [t.therapy], content.therapies)
        if t.min > t.max:
            problems.append(f"timelines.yaml: timelines.{t.id}: min ({t.min:g}) is greater than max ({t.max:g})")
    for e in content.evidence.values():
        need(f"evidence.yaml: evidence.{e.id}.therapies", "therapy", e.therapies, content.therapies)
        eff = e.effect
        if eff and eff.ci_low is not None and eff.ci_high is not None:
            if eff.ci_low > eff.ci_high:
                problems.append(f"evidence.yaml: evidence.{e.id}.effect: ci_low is greater than ci_high")
            elif eff.value is not None and not eff.ci_low <= eff.value <= eff.ci_high:
                problems.append(f"evidence.yaml: evidence.{e.id}.effect.value: outside its confidence interval")
    from pathway.clinical import contract  # what the engine needs of the content

    need("rules.yaml: rules", "rule (the engine needs it)", contract.REQUIRED_RULES, content.rules)
    need("therapies.yaml: therapies", "therapy (the engine needs it)", contract.REQUIRED_THERAPIES, content.therapies)
    need("red_flags.yaml: red_flags", "red flag (the engine needs it)", contract.REQUIRED_RED_FLAGS, content.red_flags)
    need("referral.yaml: referral", "criterion (the engine needs it)", contract.REQUIRED_REFERRAL, content.referral)
    need("pitfalls.yaml: avoid", "avoid item (the engine needs it)", contract.REQUIRED_AVOID, content.avoid)
    for c in content.cases.values():
        need(f"cases.yaml: cases.{c.id}.documents", "document", c.documents, docs)
        try:
            Scenario.model_validate(c.scenario)
        except ValidationError as exc:
            for line in scenario_problems(exc):
                problems.append(f"cases.yaml: cases.{c.id}.scenario.{line}")
    return problems


def load_content(directory: str | Path | None = None) -> Content:
    """Load every content file, validate it, and return the indexed :class:`Content`.

    Raises :class:`ContentError` listing every problem found (not just the first).
    """
    root = Path(directory) if directory is not None else DEFAULT_CONTENT_DIR
    problems: list[str] = []
    if not root.is_dir():
        raise ContentError([f"{root}: (dir): content directory not found"])
    parsed: dict[str, Any] = {}
    for name, model in FILES.items():
        data = _read_yaml(root / name, problems)
        if data is None and not any(p.startswith(f"{name}:") for p in problems):
            problems.append(f"{name}: (top): file is empty")
        if data is not None:
            parsed[name] = _parse(name, model, data, problems)
    if problems or any(v is None for v in parsed.values()):
        raise ContentError(problems)

    refs: ReferencesFile = parsed["references.yaml"]
    pits: PitfallsFile = parsed["pitfalls.yaml"]
    content = Content(
        meta=parsed["meta.yaml"].meta,
        documents=_index("references.yaml", "documents", refs.documents, problems),
        references=_index("references.yaml", "references", refs.references, problems),
        steps=_index("steps.yaml", "steps", parsed["steps.yaml"].steps, problems),
        therapies=_index("therapies.yaml", "therapies", parsed["therapies.yaml"].therapies, problems),
        red_flags=_index("red_flags.yaml", "red_flags", parsed["red_flags.yaml"].red_flags, problems),
        pitfalls=_index("pitfalls.yaml", "pitfalls", pits.pitfalls, problems),
        avoid=_index("pitfalls.yaml", "avoid", pits.avoid, problems),
        timelines=_index("timelines.yaml", "timelines", parsed["timelines.yaml"].timelines, problems),
        evidence=_index("evidence.yaml", "evidence", parsed["evidence.yaml"].evidence, problems),
        referral=_index("referral.yaml", "referral", parsed["referral.yaml"].referral, problems),
        rules=_index("rules.yaml", "rules", parsed["rules.yaml"].rules, problems),
        differences=_index(
            "source_differences.yaml", "differences", parsed["source_differences.yaml"].differences, problems
        ),
        updates=_index("updates.yaml", "updates", parsed["updates.yaml"].updates, problems),
        cases=_index("cases.yaml", "cases", parsed["cases.yaml"].cases, problems),
        instruments=_index("severity_scores.yaml", "instruments", parsed["severity_scores.yaml"].instruments, problems),
    )
    problems.extend(_cross_check(content))
    if problems:
        raise ContentError(problems)
    return content
