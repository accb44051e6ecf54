"""The engine's cited trace: the "why" lines and warnings, each from a rule in rules.yaml (or from a
limit or avoid item in the content) with the references behind it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from pathway.clinical.base import Band
from pathway.clinical.content import Content
from pathway.clinical.limit_models import AgeBand
from pathway.clinical.limits import Finding
from pathway.clinical.scenario import Line, Scenario


def age_text(age_years: float) -> str:
    """Age as a person says it; under 2 in months, to one decimal so 11.9 months never reads as 12."""
    if age_years < 2:
        months = round(age_years * 12, 1)
        return f"{months:g} month" + ("" if months == 1 else "s")
    return f"{age_years:g} years"


def days(weeks: float) -> int:
    """Whole days, as durations are counted and said (a course of "3-5 days" is kept as 0.7 weeks)."""
    return round(weeks * 7)


def weeks_text(weeks: float) -> str:
    """A duration as a person says it: whole weeks, else days (never "0.5 weeks")."""
    if weeks == int(weeks):
        return f"{weeks:g} week" + ("" if weeks == 1 else "s")
    if weeks < 8:
        days = round(weeks * 7)
        return f"{days} day" + ("" if days == 1 else "s")
    return f"about {round(weeks)} weeks"


class Trace:
    """Collects the why-lines and warnings, each carrying the sources of its rule."""

    def __init__(self, content: Content, scenario: Scenario, band: Band, age_band: AgeBand):
        self.content = content
        self.facts = {
            "scorad": f"{scenario.scorad:g}",
            "band": band,
            "site": scenario.site,
            "weeks": weeks_text(scenario.weeks_on_treatment),
            "age": age_text(scenario.age_years),
            "age_band": age_band.label,
            "band_scheme": content.severity_scheme_words(),
        }
        self.why: list[Line] = []
        self.warnings: list[Line] = []

    def line(self, rule_id: str, **extra: object) -> Line:
        rule = self.content.rules[rule_id]
        only = cast("Iterable[str] | None", extra.pop("only_sources", None))
        sources = list(only) if only else list(rule.sources)
        extra_sources = cast("Iterable[str] | None", extra.pop("sources", None))
        if extra_sources:
            sources += [s for s in extra_sources if s not in sources]
        text = rule.text.format(**{**self.facts, **extra}).strip()
        return Line(text=text, sources=sources, rule=rule_id)

    def because(self, rule_id: str, **extra: object) -> None:
        line = self.line(rule_id, **extra)
        if line not in self.why:
            self.why.append(line)

    def warn(self, rule_id: str, **extra: object) -> None:
        self.add_warning(self.line(rule_id, **extra))

    def add_warning(self, line: Line) -> None:
        if line not in self.warnings:
            self.warnings.append(line)

    def finding(self, rule_id: str, name: str, finding: Finding) -> None:
        """A warning for a therapy left out, or kept for specialists, by one of its limits."""
        line = self.line(rule_id, name=name, limit=finding.text, only_sources=finding.sources)
        self.add_warning(line.model_copy(update={"rule": finding.rule}))
