"""The patient behind a generated case, drawn at random: age within an age band, weight along the
growth curves, site, SCORAD built from its own parts (extent within the site's rule-of-nines region,
intensity, itch and sleep loss, so the score and the impact on life agree), and a steroid trial that
is fair or falls short in the engine's own terms.

Nothing clinical is decided here: the age bands, severity bands, site extents, the potency a trial
needs and the course it may last all come from the content through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pathway.clinical.base import SITES
from pathway.clinical.content import Content
from pathway.clinical.engine import skin_clear
from pathway.clinical.scenario import TRIED, Scenario
from pathway.clinical.steroid_trial import weeks_needed
from pathway.clinical.steroids import (
    Requirement,
    Steroid,
    course_of,
    required_potency,
    site_limit,
    steroid_in_use,
    steroid_therapies,
    too_strong,
)

SENSITIVE = ("face", "neck", "flexures", "genitals")
BODY_SITES = ("trunk", "limbs", "hands")  # wet wraps as document 000's first rung (not sensitive, not the back)
NON_BACK = tuple(s for s in SITES if s != "back")
IMPACT_FROM = 12  # itch + sleep loss (out of 20) from which the case says life is disrupted


# ----------------------------------------------------------------------------- age, weight, site


def draw_age(rng: random.Random, band: str, content: Content) -> float:
    """Age in years within one of the content's age bands: whole months under 2, whole years from 2."""
    edges = [0.0] + [b.below_months for b in content.age_bands if b.below_months is not None]
    ids: list[str] = [b.id for b in content.age_bands]
    index = ids.index(band)
    low = int(max(edges[index], 2))  # no newborns
    high = int(edges[index + 1] - 1) if index + 1 < len(edges) else 84 * 12
    if high < 24 or (low < 24 and rng.random() < 0.25):
        return rng.randint(low, min(high, 23)) / 12
    return float(rng.randint(max(2, -(-low // 12)), high // 12))


def draw_weight(rng: random.Random, age_years: float) -> float | None:
    """A weight plausible for the age (roughly along growth curves), missing about a third of the time."""
    if rng.random() < 0.3:
        return None
    spread = rng.uniform(0.85, 1.2)
    if age_years < 1:
        return round((3.5 + 0.55 * age_years * 12) * spread, 1)
    if age_years < 12:
        return round((2.5 * age_years + 8) * spread, 1)
    if age_years < 18:
        return float(round((40 + 4.5 * (age_years - 12)) * spread))
    return float(rng.randint(48, 112))


def pick(rng: random.Random, weighted: Mapping[str, float]) -> str:
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def ordered(items: Iterable[str]) -> tuple[str, ...]:
    """Tried rungs in the contract's order (never set order)."""
    chosen = set(items)
    return tuple(t for t in TRIED if t in chosen)


# ----------------------------------------------------------------------------- SCORAD from its parts


@dataclass(frozen=True)
class ScoradParts:
    """SCORAD = A/5 + 7B/2 + C, as the vignette reports it."""

    extent: int  # A, % of body surface
    intensity: int  # B, 0-18
    itch: int  # 0-10
    sleep: int  # 0-10
    widespread: bool  # beyond the site's own rule-of-nines region

    @property
    def score(self) -> float:
        return round(self.extent / 5 + 3.5 * self.intensity + self.itch + self.sleep, 1)

    @property
    def symptoms(self) -> int:
        return self.itch + self.sleep


def _in_target(score: float, target: str, content: Content) -> bool:
    if target == "clear":
        return skin_clear(score, content)
    return not skin_clear(score, content) and content.severity_band(score) == target


# How intense eczema of each kind looks (B, the six intensity items, 0-18): active eczema is never scored
# as almost no redness, swelling or scratching, and an infected or blistered flare oozes and crusts.
# Any eczema counted in the extent shows some intensity, so even "clear" skin scores at least 1 of 18.
INTENSITY = {"clear": (1, 3), "mild": (3, 7), "moderate": (6, 12), "severe": (9, 18)}
INFECTED_INTENSITY = 5
CONTROLLED_SYMPTOMS = 5  # itch and sleep loss (of 20) that still fit "well controlled"
ACTIVE_SYMPTOMS = 4  # eczema that is failing treatment itches: at least this much itch and sleep loss (of 20)
ACTIVE_ITCH = 2  # and at least this much of it itch (of 10)
CLEAR_EXTENT = 5  # the most body surface (%) the few patches of clear or almost clear skin cover


def draw_scorad(
    rng: random.Random,
    target: str,
    site: str,
    impact: bool,
    content: Content,
    infected: bool = False,
    controlled: bool = False,
) -> ScoradParts:
    """SCORAD parts landing in ``target`` (the content's bands; "clear" is Chopra's clear stratum), with
    an intensity that fits the band (and an infection), and itch and sleep loss that match whether the
    eczema disrupts life (low when it is well controlled). The extent stays within the site's own share of
    the body; only when the target cannot be reached there is the eczema widespread."""
    region = int(content.site_extent[site].percent)
    if target == "clear":
        region = min(region, CLEAR_EXTENT)
    low, high = INTENSITY[target]
    if infected:
        low, high = max(low, INFECTED_INTENSITY), max(high, INFECTED_INTENSITY + 4)
    active = target != "clear" and not controlled
    for attempt in range(200):
        widespread = attempt >= 100 and target != "clear"
        intensity = rng.randint(low, high)
        if controlled:
            symptoms = rng.randint(0, CONTROLLED_SYMPTOMS)
        elif impact:
            symptoms = rng.randint(IMPACT_FROM, 20)
        else:
            symptoms = rng.randint(ACTIVE_SYMPTOMS if active else 0, IMPACT_FROM - 1)
        least_itch = max(symptoms - 10, symptoms // 2, min(ACTIVE_ITCH, symptoms) if active else 0)
        itch = rng.randint(least_itch, min(10, symptoms))
        extents = [
            a
            for a in range(1, (90 if widespread else max(1, region)) + 1)
            if _in_target(round(a / 5 + 3.5 * intensity + symptoms, 1), target, content)
        ]
        if extents:
            extent = rng.choice(extents)
            return ScoradParts(extent, intensity, itch, symptoms - itch, extent > region)
    raise AssertionError(f"no SCORAD parts for {target} on the {site}")  # pragma: no cover


def set_severity(
    rng: random.Random, s: dict[str, Any], target: str, content: Content, impact: bool | None = None
) -> None:
    """Set SCORAD (with its parts, kept under ``_parts`` for the vignette) and the impact on life, which
    agree: severe disease always disrupts life (its own itch and sleep items count); milder disease does
    in some patients (or as ``impact`` asks); well-controlled eczema does not."""
    controlled = bool(s.get("controlled"))
    if impact is None or controlled or target == "clear":
        impact = not controlled and (
            target == "severe" or rng.random() < {"clear": 0.0, "mild": 0.25, "moderate": 0.5}[target]
        )
    infected = bool({"bacterial_infection", "eczema_herpeticum", "infection_not_settling"} & set(s.get("signs", ())))
    if infected and target == "mild":
        impact = False  # an infected flare's intensity leaves no room in the mild band for much itch as well
    parts = draw_scorad(rng, target, s["site"], impact, content, infected=infected, controlled=controlled)
    s["scorad"], s["qol_impact"], s["_parts"] = parts.score, impact, parts


def redraw_within_band(rng: random.Random, s: dict[str, Any], content: Content) -> None:
    """Draw the SCORAD's parts again in the same band (after signs such as an infection are set)."""
    target = "clear" if skin_clear(s["scorad"], content) else content.severity_band(s["scorad"])
    set_severity(rng, s, target, content)


# ----------------------------------------------------------------------------- the steroid trial


def _products_for(requirement: Requirement | None, content: Content) -> list[str]:
    return [p for t in steroid_therapies(requirement, content) for p in content.therapies[t].products]


def _steroid_of(s: dict[str, Any], content: Content) -> Steroid:
    return steroid_in_use(Scenario.model_validate(_fields(s)), content)


def _fields(s: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in s.items() if not k.startswith("_")}


def use_product(rng: random.Random, s: dict[str, Any], product: str, content: Content, word_only: float = 0.25) -> None:
    """Name the steroid: the product, or now and then only the documents' word for it."""
    word = content.products[product].word
    if word is not None and rng.random() < word_only:
        s["tcs_potency"], s["tcs_product"] = word, None
    else:
        s["tcs_potency"], s["tcs_product"] = word or "none", product


def trial_days(s: dict[str, Any], content: Content) -> int:
    """Days a fair trial takes here (2 weeks, or the whole course allowed)."""
    weeks, _ = weeks_needed(Scenario.model_validate(_fields(s)), content)
    return round(weeks * 7)


def adequate_trial(rng: random.Random, s: dict[str, Any], content: Content) -> None:
    """A fair trial: the potency this patient needs (within the age and site limit), twice a day, for the
    whole course allowed (never longer) or 2-8 weeks where courses are not limited, adherence checked."""
    scenario = Scenario.model_validate(_fields(s))
    needed = required_potency(scenario, content.severity_band(s["scorad"]), content)
    use_product(rng, s, rng.choice(_products_for(needed, content)), content)
    s["applications_per_day"] = 2
    s["adherence_confirmed"] = True
    course = course_of(_steroid_of(s, content), site_limit(scenario, content))
    if course is not None:
        s["weeks_on_treatment"] = round(round(course[1] * 7) / 7, 4)
    else:
        s["weeks_on_treatment"] = float(rng.choice([2, 3, 3, 4, 4, 6, 8]))


def _weaker_products(s: dict[str, Any], content: Content) -> list[str]:
    scenario = Scenario.model_validate(_fields(s))
    needed = required_potency(scenario, content.severity_band(s["scorad"]), content)
    limit = site_limit(scenario, content)
    out = []
    for product in content.products.values():
        steroid = Steroid(uk=product.uk, word=product.word, product=product)
        if not needed.met_by(steroid) and not too_strong(steroid, limit):
            out.append(product.id)
    return out


def _too_strong_products(s: dict[str, Any], content: Content) -> list[str]:
    limit = site_limit(Scenario.model_validate(_fields(s)), content)
    return [
        p.id
        for p in content.products.values()
        if p.uk != "very_potent" and too_strong(Steroid(uk=p.uk, word=p.word, product=p), limit)
    ]


def inadequate_trial(rng: random.Random, s: dict[str, Any], content: Content) -> None:
    """A trial that falls short in one or two ways: potency too low, a steroid stronger than the age and
    site allow, once a day, too short (in days), or adherence unchecked; now and then no steroid at all."""
    adequate_trial(rng, s, content)
    if rng.random() < 0.08:  # no steroid at all: emollients only
        s.update(
            tcs_potency="none",
            tcs_product=None,
            applications_per_day=0,
            weeks_on_treatment=float(rng.choice([0, 2, 4])),
            adherence_confirmed=rng.random() < 0.5,
        )
        return
    ways = ["frequency", "duration", "adherence"]
    if _weaker_products(s, content):
        ways.append("potency")
    if _too_strong_products(s, content):
        ways.append("too_strong")
    for way in rng.sample(ways, rng.choice([1, 1, 1, 2])):
        if way == "potency":
            use_product(rng, s, rng.choice(_weaker_products(s, content)), content)
        elif way == "too_strong":
            use_product(rng, s, rng.choice(_too_strong_products(s, content)), content, word_only=0.4)
            days = min(5, trial_days(s, content))  # a few days: no course of it is allowed here
            s["weeks_on_treatment"] = round(rng.randint(2, max(2, days)) / 7, 4)
        elif way == "frequency":
            s["applications_per_day"] = 1
        elif way == "duration":
            days = trial_days(s, content)
            s["weeks_on_treatment"] = round(rng.randint(max(1, days // 4), days - 1) / 7, 4)
        else:
            s["adherence_confirmed"] = False


# ----------------------------------------------------------------------------- the patient


def base(
    rng: random.Random,
    content: Content,
    band_weights: Mapping[str, float],
    sites: tuple[str, ...],
    severity: Mapping[str, float],
) -> dict[str, Any]:
    """Age, weight, site and SCORAD; the rest at neutral values for the aim to adjust."""
    age = draw_age(rng, pick(rng, band_weights), content)
    s: dict[str, Any] = {
        "age_years": age,
        "weight_kg": draw_weight(rng, age),
        "site": rng.choice(sites),
        "tcs_potency": "medium",
        "tcs_product": None,
        "applications_per_day": 2,
        "weeks_on_treatment": 3.0,
        "adherence_confirmed": True,
        "controlled": False,
        "signs": (),
        "tried": (),
        "phototherapy_access": rng.random() < 0.75 or age < 1,  # not a question in infancy
        "immunocompromised": rng.random() < 0.05,
    }
    set_severity(rng, s, pick(rng, severity), content)
    return s


ALL_AGES = {"infant": 1, "child": 1.5, "adolescent": 1, "adult": 2}
FROM_2 = {"child": 1.5, "adolescent": 1, "adult": 2}
FROM_12 = {"adolescent": 1, "adult": 2}
ANY_SEVERITY = {"mild": 1, "moderate": 1.5, "severe": 1}
MOD_SEV = {"moderate": 1.5, "severe": 1}
MILD_MOD = {"mild": 1, "moderate": 1}
