"""Load and check the clinical content (``content/*.yaml``).

One loader serves the CLI, the app and the tests. Problems are reported one per line as
``file.yaml: path.to.field: what is wrong``; a malformed file names its line.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pathway.clinical.base import AgeBandId, Band, Strict
from pathway.clinical.checks import cross_check
from pathway.clinical.ladder_models import Ladder, LaddersFile, MaintenanceTherapy
from pathway.clinical.limit_models import AgeBand, LimitsFile, PotencyLimit, WeightBounds
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
    Therapy,
    TimelineItem,
    Update,
)
from pathway.clinical.scores import Instrument, InstrumentsFile, SiteExtent, band_for
from pathway.clinical.steroid_models import Need, PotencyWord, Product, SteroidsFile

if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader  # the C loader's stubs are not a SafeLoader; its methods are the same
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SAFE_LOADER(_SafeLoader):
    """yaml.safe_load's loader (libyaml's C parser when PyYAML ships with it, 6x faster),
    which also rejects a key repeated in one mapping instead of keeping the last value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}' (first on line {seen[key] + 1})", key_node.start_mark
                )
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
    "limits.yaml": LimitsFile,
    "steroids.yaml": SteroidsFile,
    "ladders.yaml": LaddersFile,
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
    site_extent: dict[str, SiteExtent]
    age_bands: list[AgeBand]  # youngest first
    potency_limits: dict[str, PotencyLimit]
    plausible_weight: dict[AgeBandId, WeightBounds]
    plausible_weight_note: str
    potency_words: dict[str, PotencyWord]
    products: dict[str, Product]
    trial_needs: list[Need]
    wrap_needs: list[Need]
    ladders: dict[str, Ladder]  # by document id
    maintenance: list[MaintenanceTherapy]
    exhausted: list[MaintenanceTherapy]

    def severity_band(self, scorad: float) -> Band:
        """The tool's severity band for a SCORAD: the primary band scheme in severity_scores.yaml."""
        return band_for(self.instruments["scorad"], scorad).label  # type: ignore[return-value]

    def severity_scheme_words(self) -> str:
        """The primary SCORAD bands in words: "mild below 25, moderate 25-50, severe above 50"."""
        scheme = next(s for s in self.instruments["scorad"].schemes if s.primary)
        parts = []
        for band in scheme.bands:
            if band.low == self.instruments["scorad"].minimum:
                parts.append(f"{band.label} {'below' if band.high_open else 'up to'} {band.high:g}")
            elif band.high == self.instruments["scorad"].maximum:
                parts.append(f"{band.label} {'above' if band.low_open else 'from'} {band.low:g}")
            else:
                parts.append(f"{band.label} {band.low:g}-{band.high:g}")
        return ", ".join(parts)

    def ladder_leading(self, site: str) -> Ladder:
        return next(ladder for ladder in self.ladders.values() if site in ladder.leads_for)

    def therapy_steps(self, therapy_id: str) -> list[str]:
        """The walkthrough steps that list a therapy (the link is kept on the steps' side only)."""
        return [step.id for step in self.steps_in_order() if therapy_id in step.therapies]

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def steps_in_order(self) -> list[Step]:
        return sorted(self.steps.values(), key=lambda s: s.order)

    def step_for_stage(self, stage: str) -> Step | None:
        for step in self.steps_in_order():
            if stage in step.stages:
                return step
        return None

    def age_band(self, band_id: str) -> AgeBand:
        return next(b for b in self.age_bands if b.id == band_id)

    def stage_title(self, stage: str) -> str:
        """What a stage is called on screen and in handouts: what to do there (the step's title for it)."""
        step = self.step_for_stage(stage)
        if step is None:
            return stage.replace("_", " ").capitalize()
        return cast("dict[str, str]", step.stage_titles).get(stage, step.title)  # a Stage-keyed dict, asked by str

    def document_of(self, source_id: str) -> str:
        return self.references[source_id].document


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


def read_yaml(path: Path, problems: list[str]) -> Any:
    """A content file's data, or None with the problem (missing, unreadable, malformed) added to
    ``problems`` as ``<file>: <where>: <what>``: the one YAML reader for the content and the bank."""
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
        return yaml.load(text, Loader=SAFE_LOADER)
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


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


def _index(name: str, key: str, items: list[_Item], problems: list[str]) -> dict[str, _Item]:
    out: dict[str, _Item] = {}
    for item in items:
        if item.id in out:
            problems.append(f"{name}: {key}.{item.id}.id: duplicate id")
        out[item.id] = item
    return out


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
        data = read_yaml(root / name, problems)
        if data is None and not any(p.startswith(f"{name}:") for p in problems):
            problems.append(f"{name}: (top): file is empty")
        if data is not None:
            parsed[name] = _parse(name, model, data, problems)
    if problems or any(v is None for v in parsed.values()):
        raise ContentError(problems)

    refs: ReferencesFile = parsed["references.yaml"]
    pits: PitfallsFile = parsed["pitfalls.yaml"]
    limits: LimitsFile = parsed["limits.yaml"]
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
        site_extent={e.site: e for e in parsed["severity_scores.yaml"].site_extent},
        age_bands=limits.age_bands,
        potency_limits=_index("limits.yaml", "steroid_potency", limits.steroid_potency, problems),
        plausible_weight={w.band: w for w in limits.plausible_weight},
        plausible_weight_note=limits.plausible_weight_note,
        potency_words={w.word: w for w in parsed["steroids.yaml"].words},
        products=_index("steroids.yaml", "products", parsed["steroids.yaml"].products, problems),
        trial_needs=parsed["steroids.yaml"].trial_needs,
        wrap_needs=parsed["steroids.yaml"].wrap_needs,
        ladders={ladder.document: ladder for ladder in parsed["ladders.yaml"].ladders},
        maintenance=parsed["ladders.yaml"].maintenance,
        exhausted=parsed["ladders.yaml"].exhausted,
    )
    problems.extend(cross_check(content))
    if problems:
        raise ContentError(problems)
    return content
