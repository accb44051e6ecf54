"""Which of a therapy's own limits apply to one patient: age bands, steroid potency by age and site,
minimum ages, specialist-only ages, sites, immune status and cautions.

Pure functions over the content (``limits:`` in therapies.yaml, content/limits.yaml); the engine,
the drug reference and the tests all read limits through here, so a new limit is a YAML edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pathway.clinical.base import UK_RANK, AgeBandId
from pathway.clinical.content import Content
from pathway.clinical.limit_models import AgeBand, PotencyLimit
from pathway.clinical.models import Therapy
from pathway.clinical.scenario import Scenario


def months_of(age_years: float) -> float:
    """Age in months, rounded so that 1 year is exactly 12 months at every boundary."""
    return round(age_years * 12, 6)


def age_band(content: Content, age_years: float) -> AgeBand:
    months = months_of(age_years)
    for band in content.age_bands:
        if band.below_months is None or months < band.below_months:
            return band
    return content.age_bands[-1]


def potency_limit(content: Content, band: AgeBandId, site: str) -> PotencyLimit:
    """The steroid potency limit for an age band on a site (validation guarantees exactly one)."""
    for limit in content.potency_limits.values():
        if band in limit.bands and site in limit.sites:
            return limit
    raise KeyError(f"no steroid potency limit for {band} on {site}")


def uk_stronger(potency: str | None, than: str | None) -> bool:
    """Stronger on the UK scale (False when either is missing)."""
    return potency is not None and than is not None and UK_RANK[potency] > UK_RANK[than]


@dataclass(frozen=True)
class Finding:
    """One limit that applies to this patient, with its own words and sources."""

    rule: str  # "limit:<therapy>:<kind>" or "potency:<limit id>"
    text: str
    sources: list[str]


@dataclass
class TherapyCheck:
    """What a therapy's limits say for one patient: barred, specialist-only, or allowed with cautions."""

    excluded: list[Finding] = field(default_factory=list)
    specialist: list[Finding] = field(default_factory=list)
    cautions: list[Finding] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.excluded

    @property
    def specialist_only(self) -> bool:
        return self.allowed and bool(self.specialist)


def _steroid_check(therapy: Therapy, scenario: Scenario, content: Content, check: TherapyCheck) -> None:
    """A steroid product or regimen against the potency limit for this age and site, on the UK scale."""
    band = age_band(content, scenario.age_years).id
    limit = potency_limit(content, band, scenario.site)
    potency = therapy.potency_uk
    finding = Finding(rule=f"potency:{limit.id}", text=limit.text, sources=list(limit.sources))
    if therapy.long_term and (
        not limit.long_term
        or (potency is not None and uk_stronger(potency, limit.routine))
        or (limit.silent and potency is not None)
    ):
        # a maintenance regimen lasts months: it needs a potency allowed for ordinary use, with no course limit
        check.excluded.append(
            Finding(
                rule=finding.rule,
                sources=finding.sources,
                text=(
                    f"{limit.text} A maintenance regimen at this potency, used for months, is outside the sources "
                    "here: ask a specialist."
                ),
            )
        )
        return
    if potency is None:
        return
    if limit.silent:
        if UK_RANK[potency] >= UK_RANK[limit.silent_from]:
            check.excluded.append(finding)
        return
    if uk_stronger(potency, limit.ceiling):
        check.excluded.append(finding)
        return
    course = limit.course_for(potency)
    if course is not None and not therapy.long_term:
        check.cautions.append(
            Finding(
                rule=finding.rule, sources=finding.sources, text=f"Short course only here ({course[0]}). {limit.text}"
            )
        )


def check_therapy(therapy: Therapy, scenario: Scenario, content: Content) -> TherapyCheck:
    """Apply the therapy's own limits (and, for a steroid, the potency limit) to this patient."""
    check = TherapyCheck()
    months = months_of(scenario.age_years)
    for limit in therapy.limits:
        finding = Finding(rule=f"limit:{therapy.id}:{limit.kind}", text=limit.text, sources=list(limit.sources))
        if (limit.kind == "min_age" and months < limit.months) or (limit.kind == "max_age" and months >= limit.months):
            check.excluded.append(finding)
        elif limit.kind == "specialist_only" and months < limit.below_months:
            band = content.severity_band(scenario.scorad)
            if (limit.only_for and band not in limit.only_for) or (
                limit.only_with_qol_impact and not scenario.qol_impact
            ):
                check.excluded.append(
                    Finding(rule=finding.rule, text=limit.not_for_text or limit.text, sources=finding.sources)
                )
            else:
                check.specialist.append(finding)
        elif limit.kind == "site" and scenario.site in limit.sites:
            (check.excluded if limit.use == "not_used" else check.cautions).append(finding)
        elif limit.kind == "immunocompromised" and scenario.immunocompromised:
            (check.excluded if limit.action == "exclude" else check.specialist).append(finding)
        elif limit.kind == "caution":
            young = limit.below_months is None or months < limit.below_months
            on_site = not limit.sites or scenario.site in limit.sites
            if young and on_site:
                check.cautions.append(finding)
    if therapy.potency_uk is not None or therapy.long_term:  # a steroid, or a steroid maintenance regimen
        _steroid_check(therapy, scenario, content, check)
    return check
