"""The patient behind a generated case, drawn at random: age, weight, site and SCORAD for an age and
severity mix, the rungs already tried in the contract's order, and a steroid trial that is fair or
falls short. The builders for each target stage start from :func:`base` and adjust it."""

from __future__ import annotations

import random

from pathway.clinical.base import POTENCIES, POTENCY_RANK, SITES
from pathway.clinical.content import Content
from pathway.clinical.engine import required_potency, severity_band
from pathway.clinical.limits import stronger
from pathway.clinical.options import site_limit
from pathway.clinical.scenario import TRIED, Scenario

AGE_BANDS = ("infant", "child", "adolescent", "adult")
BODY_SITES = ("trunk", "limbs", "hands")  # wet wraps as document 000's first rung (not sensitive, not the back)
WRAP_SITES = BODY_SITES + ("back",)  # where wet wraps can have been tried
SENSITIVE = ("face", "neck", "flexures", "genitals")
NON_BACK = tuple(s for s in SITES if s != "back")


# ----------------------------------------------------------------------------- basic draws

def draw_age(rng: random.Random, band: str) -> float:
    """Age in years: whole months under 2 (as age_years = months / 12), whole years from 2."""
    if band == "infant":
        return rng.randint(2, 11) / 12
    if band == "child":
        if rng.random() < 0.25:
            return rng.randint(12, 23) / 12
        return float(rng.randint(2, 11))
    if band == "adolescent":
        return float(rng.randint(12, 17))
    return float(rng.randint(18, 84))


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


def draw_scorad(rng: random.Random, band: str) -> float:
    """A SCORAD in the band: 'clear' 0-9.9, mild 10-24.9 (above the clear range), moderate 25-50, severe >50."""
    low, high = {"clear": (1.0, 9.9), "mild": (10.0, 24.9), "moderate": (25.0, 50.0), "severe": (50.1, 92.0)}[band]
    return round(rng.uniform(low, high), 1)


def pick(rng: random.Random, weighted: dict[str, float]) -> str:
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def ordered(items) -> tuple[str, ...]:
    """Tried rungs in the contract's order (never set order)."""
    chosen = set(items)
    return tuple(t for t in TRIED if t in chosen)


def adequate_trial(rng: random.Random, s: dict, content: Content) -> None:
    """Set a fair steroid trial: the potency this site and age need, twice daily, 2+ weeks, adherence."""
    scenario = Scenario.model_validate(s)
    needed, _ = required_potency(scenario, severity_band(s["scorad"]), content)
    s["tcs_potency"] = needed
    s["applications_per_day"] = 2
    s["weeks_on_treatment"] = float(rng.choice([2, 3, 3, 4, 4, 6, 8]))
    if stronger(needed, site_limit(scenario, content).routine):
        s["weeks_on_treatment"] = 2.0  # a short course only at this age and site: the least a fair trial takes
    s["adherence_confirmed"] = True


def inadequate_trial(rng: random.Random, s: dict, content: Content) -> None:
    """A trial that falls short in one or two ways (potency, frequency, duration, adherence)."""
    adequate_trial(rng, s, content)
    if rng.random() < 0.08:  # no steroid at all: emollients only
        s.update(tcs_potency="none", applications_per_day=0, weeks_on_treatment=float(rng.choice([0, 2, 4])))
        s["adherence_confirmed"] = rng.random() < 0.5
        return
    ways = ["frequency", "duration", "adherence"]
    if POTENCY_RANK[s["tcs_potency"]] > POTENCY_RANK["low"]:
        ways.append("potency")
    for way in rng.sample(ways, rng.choice([1, 1, 1, 2])):
        if way == "potency":
            weaker = [p for p in POTENCIES[1:] if POTENCY_RANK[p] < POTENCY_RANK[s["tcs_potency"]]]
            s["tcs_potency"] = rng.choice(weaker)
        elif way == "frequency":
            s["applications_per_day"] = 1
        elif way == "duration":
            s["weeks_on_treatment"] = rng.choice([0.5, 1.0, 1.5])
        else:
            s["adherence_confirmed"] = False


def base(rng: random.Random, band_weights: dict[str, float], sites: tuple[str, ...],
         severity: dict[str, float]) -> dict:
    """Age, weight, site and SCORAD; the rest at neutral values for the target to adjust."""
    age_band = pick(rng, band_weights)
    age = draw_age(rng, age_band)
    infant = age < 1  # phototherapy access is not a question in infancy
    s: dict = {
        "age_years": age,
        "weight_kg": draw_weight(rng, age),
        "site": rng.choice(sites),
        "scorad": draw_scorad(rng, pick(rng, severity)),
        "tcs_potency": "medium",
        "applications_per_day": 2,
        "weeks_on_treatment": 3.0,
        "adherence_confirmed": True,
        "controlled": False,
        "signs": (),
        "tried": (),
        "qol_impact": rng.random() < 0.5,
        "phototherapy_access": rng.random() < 0.75 or infant,
        "immunocompromised": rng.random() < 0.05,
    }
    return s


ALL_AGES = {"infant": 1, "child": 1.5, "adolescent": 1, "adult": 2}
FROM_2 = {"child": 1.5, "adolescent": 1, "adult": 2}
ANY_SEVERITY = {"mild": 1, "moderate": 1.5, "severe": 1}
MOD_SEV = {"moderate": 1.5, "severe": 1}
MILD_MOD = {"mild": 1, "moderate": 1}
