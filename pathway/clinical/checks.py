"""Checks across content files: every cited source and named id resolves, ranges are ordered,
limits cover every age band and site, and the ids the engine needs exist.

Reported one per line as ``file.yaml: path: what is wrong``, like the loader's own problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, cast

from pydantic import ValidationError

from pathway.clinical import contract
from pathway.clinical.base import POTENCIES, SITES, UK_RANK
from pathway.clinical.scenario import Scenario, scenario_problems
from pathway.clinical.scores import InstrumentsFile, instrument_citations

if TYPE_CHECKING:
    from pathway.clinical.content import Content


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
        if t.dose:
            yield f"therapies.yaml: therapies.{t.id}.dose", t.dose.sources
            if t.dose.adult:
                yield f"therapies.yaml: therapies.{t.id}.dose.adult", t.dose.adult.sources
        for i, limit in enumerate(t.limits):
            yield f"therapies.yaml: therapies.{t.id}.limits.[{i}]", limit.sources
        if t.severity_basis:
            yield f"therapies.yaml: therapies.{t.id}.severity_basis", t.severity_basis.sources
        for group in ("details", "monitoring", "warnings"):
            for i, c in enumerate(getattr(t, group)):
                yield f"therapies.yaml: therapies.{t.id}.{group}.[{i}]", c.sources
    for r in content.red_flags.values():
        for i, c in enumerate(r.signs):
            yield f"red_flags.yaml: red_flags.{r.id}.signs.[{i}]", c.sources
        yield f"red_flags.yaml: red_flags.{r.id}.action", r.action.sources
    for p in content.pitfalls.values():
        yield f"pitfalls.yaml: pitfalls.{p.id}.sources", p.sources
    for avoid in content.avoid.values():
        yield f"pitfalls.yaml: avoid.{avoid.id}.sources", avoid.sources
    for timeline in content.timelines.values():
        yield f"timelines.yaml: timelines.{timeline.id}.sources", timeline.sources
    for e in content.evidence.values():
        yield f"evidence.yaml: evidence.{e.id}.sources", e.sources
    for criterion in content.referral.values():
        yield f"referral.yaml: referral.{criterion.id}.sources", criterion.sources
    for rule in content.rules.values():
        yield f"rules.yaml: rules.{rule.id}.sources", rule.sources
    for d in content.differences.values():
        for i, side in enumerate(d.sides):
            yield f"source_differences.yaml: differences.{d.id}.sides.[{i}]", side.sources
        yield f"source_differences.yaml: differences.{d.id}.comment", d.comment.sources
    for u in content.updates.values():
        yield f"updates.yaml: updates.{u.id}.sources", u.sources
    for case in content.cases.values():
        yield f"cases.yaml: cases.{case.id}.teaching_point", case.teaching_point.sources
    yield from instrument_citations(
        InstrumentsFile(instruments=list(content.instruments.values()), site_extent=list(content.site_extent.values()))
    )
    for band in content.age_bands:
        yield f"limits.yaml: age_bands.{band.id}", band.sources
    for potency_limit in content.potency_limits.values():
        yield f"limits.yaml: steroid_potency.{potency_limit.id}", potency_limit.sources
    for word in content.potency_words.values():
        yield f"steroids.yaml: words.{word.word}", word.sources
    for product in content.products.values():
        yield f"steroids.yaml: products.{product.id}", product.sources


def cited_by(content: Content) -> dict[str, list[str]]:
    """Reference id -> the content items (``file: path``) that cite it."""
    usage: dict[str, list[str]] = {ref: [] for ref in content.references}
    for where, sources in iter_citations(content):
        for source in sources:
            if source in usage and where not in usage[source]:
                usage[source].append(where)
    return usage


def _limit_problems(content: Content) -> list[str]:
    """Age bands in order, every age band and site covered once, weights per band, sane limits."""
    problems: list[str] = []
    bands = [b.id for b in content.age_bands]
    if bands != ["infant", "child", "adolescent", "adult"]:
        problems.append(f"limits.yaml: age_bands: expected infant, child, adolescent, adult in that order, got {bands}")
    edges = [b.below_months for b in content.age_bands]
    if edges and (
        edges[-1] is not None
        or any(e is None for e in edges[:-1])
        or edges[:-1] != sorted(cast("list[float]", edges[:-1]))  # no None among them: checked just above
    ):
        problems.append("limits.yaml: age_bands: every band but the last needs a below_months, in increasing order")
    covered: dict[tuple[str, str], str] = {}
    for limit in content.potency_limits.values():
        for band in limit.bands:
            for site in limit.sites:
                if (band, site) in covered:
                    problems.append(
                        f"limits.yaml: steroid_potency.{limit.id}: {band} on the {site} is already "
                        f"covered by {covered[band, site]}"
                    )
                covered[band, site] = limit.id
        if limit.routine and limit.brief and UK_RANK[limit.brief] <= UK_RANK[limit.routine]:
            problems.append(f"limits.yaml: steroid_potency.{limit.id}.brief: must be stronger than routine")
    for band in bands:
        missing = [site for site in SITES if (band, site) not in covered]
        if missing:
            problems.append(f"limits.yaml: steroid_potency: no limit for the {band} band on {', '.join(missing)}")
        weight = content.plausible_weight.get(band)
        if weight is None:
            problems.append(f"limits.yaml: plausible_weight: no bounds for the {band} band")
        elif weight.min_kg >= weight.max_kg:
            problems.append(f"limits.yaml: plausible_weight.{band}: min_kg must be below max_kg")
    for t in content.therapies.values():
        where = f"therapies.yaml: therapies.{t.id}"
        if len(t.severity) < 3 and t.severity_basis is None:
            problems.append(f"{where}.severity_basis: a therapy kept to some bands must say why, with sources")
        if t.therapy_class == "topical_corticosteroid" and t.potency_uk is None and not t.long_term:
            problems.append(f"{where}.potency_uk: a topical corticosteroid needs its UK potency")
        for i, product_id in enumerate(t.products):
            product = content.products.get(product_id)
            if product is None:
                problems.append(f"{where}.products.[{i}]: unknown product id '{product_id}' (steroids.yaml)")
            elif product.uk != t.potency_uk or product.word != t.potency_us:
                problems.append(
                    f"{where}.products.[{i}]: {product_id} is {product.uk} (UK) and "
                    f"{product.word or 'no US word'}, but the therapy is {t.potency_uk} and "
                    f"{t.potency_us or 'no US word'}"
                )
        for i, therapy_limit in enumerate(t.limits):
            if therapy_limit.kind == "max_daily_dose" and (t.dose is None or not t.dose.per_kg):
                problems.append(f"{where}.limits.[{i}]: a daily dose ceiling needs a weight-based (mg/kg/day) dose")
            if therapy_limit.kind == "adult_dose_only" and t.dose is None:
                problems.append(f"{where}.limits.[{i}]: adult_dose_only needs a dose")
    for a in content.avoid.values():
        named = list(a.when.therapies) + [tid for group in a.when.together for tid in group]
        for tid in named:
            if tid not in content.therapies:
                problems.append(f"pitfalls.yaml: avoid.{a.id}.when: unknown therapy id '{tid}'")
        if a.when.together and len(a.when.together) < 2:
            problems.append(f"pitfalls.yaml: avoid.{a.id}.when.together: needs at least two groups")
    return problems


def _steroid_and_ladder_problems(content: Content) -> list[str]:
    """steroids.yaml and ladders.yaml: every word placed on the UK scale, the last need matches every
    patient, every id named resolves, every site led by exactly one ladder, the severity bands named."""
    problems: list[str] = []
    missing = [w for w in POTENCIES if w != "none" and w not in content.potency_words]
    if missing:
        problems.append(f"steroids.yaml: words: no entry for {', '.join(missing)}")
    for key, needs in (("trial_needs", content.trial_needs), ("wrap_needs", content.wrap_needs)):
        last = needs[-1]
        if last.bands or last.sites or last.severity:
            problems.append(
                f"steroids.yaml: {key}.{last.id}: the last entry must match every patient (no bands, sites or severity)"
            )
        for need in needs:
            if need.rule not in content.rules:
                problems.append(f"steroids.yaml: {key}.{need.id}.rule: unknown rule id '{need.rule}'")
            offered = content.therapies.get(need.offer) if need.offer else None
            if need.offer and (offered is None or offered.potency_uk != need.uk):
                problems.append(
                    f"steroids.yaml: {key}.{need.id}.offer: '{need.offer}' is not a steroid therapy of the "
                    f"need's class ({need.uk})"
                )
    scheme = (
        next((s for s in content.instruments["scorad"].schemes if s.primary), None)
        if "scorad" in content.instruments
        else None
    )
    if scheme is None or [b.label for b in scheme.bands] != ["mild", "moderate", "severe"]:
        problems.append(
            "severity_scores.yaml: instruments.scorad: the primary scheme must have the bands mild, "
            "moderate, severe (the engine's severity bands)"
        )
    for site in SITES:
        leading = [doc for doc, ladder in content.ladders.items() if site in ladder.leads_for]
        if len(leading) != 1:
            problems.append(f"ladders.yaml: ladders: the {site} is led by {len(leading)} ladders (needs exactly one)")
    for doc, ladder in content.ladders.items():
        where = f"ladders.yaml: ladders.{doc}"
        if doc not in content.documents:
            problems.append(f"{where}.document: unknown document '{doc}'")
        if ladder.rule not in content.rules:
            problems.append(f"{where}.rule: unknown rule id '{ladder.rule}'")
        seen: set[str] = set()
        for rung in ladder.rungs:
            if rung.stage in seen:
                problems.append(f"{where}.rungs.{rung.stage}: the stage appears twice")
            seen.add(rung.stage)
            for item in rung.therapies:
                if item.id != "wrap_steroid" and item.id not in content.therapies:
                    problems.append(f"{where}.rungs.{rung.stage}.therapies: unknown therapy id '{item.id}'")
            for line in rung.because + rung.warn + rung.not_for:
                if line.rule not in content.rules:
                    problems.append(f"{where}.rungs.{rung.stage}: unknown rule id '{line.rule}'")
            for earlier in rung.or_instead_of:
                if earlier not in seen - {rung.stage}:
                    problems.append(f"{where}.rungs.{rung.stage}.or_instead_of: '{earlier}' is not an earlier rung")
    for key, items in (("maintenance", content.maintenance), ("exhausted", content.exhausted)):
        for kept in items:
            if kept.id not in content.therapies:
                problems.append(f"ladders.yaml: {key}: unknown therapy id '{kept.id}'")
    for flag in content.red_flags.values():
        for line in flag.because:
            if line.rule not in content.rules:
                problems.append(f"red_flags.yaml: red_flags.{flag.id}.because: unknown rule id '{line.rule}'")
    missing_sites = [site for site in SITES if site not in content.site_extent]
    if missing_sites:
        problems.append(f"severity_scores.yaml: site_extent: no extent for {', '.join(missing_sites)}")
    listed = {t for step in content.steps.values() for t in step.therapies}
    for t in content.therapies:
        if t not in listed:
            problems.append(f"therapies.yaml: therapies.{t}: no step in steps.yaml lists it")
    return problems


def cross_check(content: Content) -> list[str]:
    """Checks across files: every id resolves, ranges are ordered, scenarios are valid."""
    problems: list[str] = []
    refs, docs = content.references, content.documents

    for ref in refs.values():
        if ref.document in docs and docs[ref.document].kind == "checked_context" and not ref.short:
            problems.append(
                f"references.yaml: references.{ref.id}.short: a checked-context reference needs a short citation label"
            )
        if ref.document not in docs:
            problems.append(f"references.yaml: references.{ref.id}.document: unknown document '{ref.document}'")
    for where, sources in iter_citations(content):
        for source in sources:
            if source not in refs:
                problems.append(f"{where}: unknown source '{source}'")

    def need(where: str, kind: str, ids: Iterable[str], table: Mapping[str, object]) -> None:
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
        if t.dose and t.dose.min > t.dose.max:
            problems.append(
                f"therapies.yaml: therapies.{t.id}.dose: min ({t.dose.min:g}) is greater than max ({t.dose.max:g})"
            )
    for r in content.red_flags.values():
        need(f"red_flags.yaml: red_flags.{r.id}.therapies", "therapy", r.therapies, content.therapies)
    for timeline in content.timelines.values():
        if timeline.therapy:
            need(f"timelines.yaml: timelines.{timeline.id}.therapy", "therapy", [timeline.therapy], content.therapies)
        if timeline.min > timeline.max:
            problems.append(
                f"timelines.yaml: timelines.{timeline.id}: "
                f"min ({timeline.min:g}) is greater than max ({timeline.max:g})"
            )
    for e in content.evidence.values():
        need(f"evidence.yaml: evidence.{e.id}.therapies", "therapy", e.therapies, content.therapies)
        eff = e.effect
        if eff and eff.ci_low is not None and eff.ci_high is not None:
            if eff.ci_low > eff.ci_high:
                problems.append(f"evidence.yaml: evidence.{e.id}.effect: ci_low is greater than ci_high")
            elif eff.value is not None and not eff.ci_low <= eff.value <= eff.ci_high:
                problems.append(f"evidence.yaml: evidence.{e.id}.effect.value: outside its confidence interval")
    need("rules.yaml: rules", "rule (the engine needs it)", contract.REQUIRED_RULES, content.rules)
    need("therapies.yaml: therapies", "therapy (the engine needs it)", contract.REQUIRED_THERAPIES, content.therapies)
    need("red_flags.yaml: red_flags", "red flag (the engine needs it)", contract.REQUIRED_RED_FLAGS, content.red_flags)
    need("referral.yaml: referral", "criterion (the engine needs it)", contract.REQUIRED_REFERRAL, content.referral)
    need("pitfalls.yaml: avoid", "avoid item (the engine needs it)", contract.REQUIRED_AVOID, content.avoid)
    need("timelines.yaml: timelines", "timeline (the engine needs it)", contract.REQUIRED_TIMELINES, content.timelines)
    problems.extend(_limit_problems(content))
    problems.extend(_steroid_and_ladder_problems(content))
    for c in content.cases.values():
        need(f"cases.yaml: cases.{c.id}.documents", "document", c.documents, docs)
        try:
            Scenario.model_validate(c.scenario)
        except ValidationError as exc:
            for line in scenario_problems(exc):
                problems.append(f"cases.yaml: cases.{c.id}.scenario.{line}")
    return problems
