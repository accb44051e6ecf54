"""Random but realistic scenarios for generated cases, each drawn to aim at one engine stage.

A target stage is picked first and a scenario meant to reach it is drawn (with randomness in age,
site, severity, weight, the steroid trial, what was tried and the patient's circumstances). The
target is only an aim: the engine decides the stage, and whatever it says is the answer.

Everything is drawn from one ``random.Random`` passed in, in a fixed order, so a seed always gives
the same scenario.
"""

from __future__ import annotations

import random

from pathway.clinical.base import POTENCIES, POTENCY_RANK, SITES
from pathway.clinical.content import Content
from pathway.clinical.engine import STAGE_ORDER, required_potency, severity_band
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


def _some_tried(rng: random.Random, pool: tuple[str, ...], chance: float) -> tuple[str, ...]:
    return ordered(t for t in pool if rng.random() < chance)


# ----------------------------------------------------------------------------- one builder per target

def _herpeticum(rng, content):
    s = base(rng, ALL_AGES, SITES, {"moderate": 1, "severe": 1.5})
    (adequate_trial if rng.random() < 0.5 else inadequate_trial)(rng, s, content)
    signs = ["eczema_herpeticum"]
    if rng.random() < 0.3:
        signs.append("bacterial_infection")
    if rng.random() < 0.15:
        signs.append("recurrent_infections")
    s["signs"] = tuple(signs)
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor"), 0.2)
    return s


def _infection(rng, content):
    s = base(rng, ALL_AGES, SITES, ANY_SEVERITY)
    (adequate_trial if rng.random() < 0.5 else inadequate_trial)(rng, s, content)
    signs = ["bacterial_infection"]
    if rng.random() < 0.25:
        signs.append("recurrent_infections")
    if rng.random() < 0.1:
        signs.append("contact_dermatitis_suspected")
    s["signs"] = tuple(signs)
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor"), 0.2)
    return s


def _verify(rng, content):
    s = base(rng, ALL_AGES, SITES, ANY_SEVERITY)
    inadequate_trial(rng, s, content)
    roll = rng.random()
    if roll < 0.1:
        s["signs"] = ("contact_dermatitis_suspected",)
    elif roll < 0.2:
        s["signs"] = ("recurrent_infections",)
    if rng.random() < 0.15 and s["tcs_potency"] != "none":  # wraps go over a steroid
        s["tried"] = ("wet_wrap",)
    return s


def _complicating(rng, content):
    s = base(rng, ALL_AGES, SITES, ANY_SEVERITY)
    adequate_trial(rng, s, content)
    roll = rng.random()
    adult = s["age_years"] >= 18
    if roll < 0.5 or not adult and roll < 0.8:
        s["signs"] = ("contact_dermatitis_suspected",)
    elif roll < 0.85:
        s["signs"] = ("atypical_presentation",)
    else:
        s["signs"] = ("contact_dermatitis_suspected", "atypical_presentation")
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor"), 0.35)
    return s


def _maintenance(rng, content):
    s = base(rng, ALL_AGES, SITES, {"mild": 1})
    adequate_trial(rng, s, content)
    if rng.random() < 0.6:
        s["controlled"] = True
        s["scorad"] = draw_scorad(rng, pick(rng, {"clear": 1, "mild": 1}))
    else:
        s["scorad"] = draw_scorad(rng, "clear")
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"), 0.3)
    return s


def _wet_wrap(rng, content):
    s = base(rng, ALL_AGES, BODY_SITES, MOD_SEV)
    adequate_trial(rng, s, content)
    return s


def _tci(rng, content):
    s = base(rng, FROM_2, SITES, ANY_SEVERITY)
    s["immunocompromised"] = False
    route = rng.choice(["mild", "sensitive", "after_wraps", "back"])
    if route == "mild":
        s["scorad"] = draw_scorad(rng, "mild")
    elif route == "sensitive":
        s["site"] = rng.choice(SENSITIVE)
    elif route == "after_wraps":
        s["site"] = rng.choice(BODY_SITES)
        s["scorad"] = draw_scorad(rng, pick(rng, MOD_SEV))
        s["tried"] = ("wet_wrap",)
    else:
        s["site"] = "back"
        s["scorad"] = draw_scorad(rng, pick(rng, MILD_MOD))
        if severity_band(s["scorad"]) != "mild":
            if rng.random() < 0.5:
                s["tried"] = ("phototherapy",)
            else:
                s["phototherapy_access"] = False
    if route != "back" and severity_band(s["scorad"]) != "mild" and s["site"] in BODY_SITES:
        s["tried"] = ("wet_wrap",)
    adequate_trial(rng, s, content)
    return s


def _newer(rng, content):
    s = base(rng, ALL_AGES, NON_BACK, MILD_MOD)
    route = rng.choice(["older", "older", "young", "immune", "child"])
    if route == "older":
        s["age_years"] = draw_age(rng, pick(rng, {"adolescent": 1, "adult": 2}))
        s["immunocompromised"] = False
    elif route == "young":
        s["age_years"] = rng.randint(3, 23) / 12
    elif route == "immune":
        s["immunocompromised"] = True
    else:
        s["age_years"] = float(rng.randint(2, 11))
    s["weight_kg"] = draw_weight(rng, s["age_years"])
    if s["age_years"] < 1:
        s["phototherapy_access"] = True
    tried = []
    if severity_band(s["scorad"]) != "mild" and s["site"] in BODY_SITES:
        tried.append("wet_wrap")
    if s["age_years"] >= 2 and not s["immunocompromised"]:
        tried.append("topical_calcineurin_inhibitor")
    s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


def _phototherapy(rng, content):
    s = base(rng, {"adult": 1}, SITES, ANY_SEVERITY)
    s["phototherapy_access"] = True
    band = severity_band(s["scorad"])
    if s["site"] == "back" and band == "mild" or s["site"] != "back" and rng.random() < 0.25:
        s["site"] = "back"
        s["scorad"] = draw_scorad(rng, pick(rng, MOD_SEV))
    elif s["site"] != "back":
        tried = ["topical_calcineurin_inhibitor"]
        if band != "mild" and s["site"] in BODY_SITES:
            tried.append("wet_wrap")
        if band != "severe":
            tried.append("newer_topicals")
        s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


def _systemic(rng, content):
    s = base(rng, {"adult": 1}, SITES, MOD_SEV)
    s["immunocompromised"] = False
    if rng.random() < 0.5:
        s["tried"] = ("phototherapy",)
    else:
        s["phototherapy_access"] = False
        s["tried"] = ("phototherapy",) if rng.random() < 0.3 else ()
    tried = list(s["tried"])
    band = severity_band(s["scorad"])
    if s["site"] == "back":
        if band != "severe":
            tried.append("topical_calcineurin_inhibitor")
        if rng.random() < 0.5:
            tried.append("wet_wrap")
    else:
        tried.append("topical_calcineurin_inhibitor")
        if s["site"] in BODY_SITES:
            tried.append("wet_wrap")
        if band != "severe":
            tried.append("newer_topicals")
    s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


def _specialist(rng, content):
    route = rng.choice(["young", "young", "immune"])
    if route == "young":
        s = base(rng, {"child": 1, "adolescent": 1}, SITES, ANY_SEVERITY)
        s["age_years"] = float(rng.randint(2, 17))
        s["weight_kg"] = draw_weight(rng, s["age_years"])
        s["immunocompromised"] = False
        tried = ["topical_calcineurin_inhibitor", "newer_topicals"]
        if severity_band(s["scorad"]) != "mild" and s["site"] in WRAP_SITES:
            tried.append("wet_wrap")
    else:
        s = base(rng, {"adult": 1}, SITES, MOD_SEV)
        s["immunocompromised"] = True
        tried = ["newer_topicals"] + (["wet_wrap"] if s["site"] in WRAP_SITES else [])
        if rng.random() < 0.5:
            s["phototherapy_access"] = False
        else:
            tried.append("phototherapy")
    s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


BUILDERS = {
    "eczema_herpeticum": _herpeticum,
    "treat_infection": _infection,
    "verify_adequacy": _verify,
    "complicating_factors": _complicating,
    "wet_wrap": _wet_wrap,
    "topical_calcineurin_inhibitor": _tci,
    "newer_topicals": _newer,
    "phototherapy": _phototherapy,
    "systemic": _systemic,
    "specialist_referral": _specialist,
    "maintenance": _maintenance,
}
assert tuple(BUILDERS) == STAGE_ORDER


def draw_target(rng: random.Random) -> str:
    """The stage a case aims at: the first draw from the seed's generator, uniform over the stages."""
    return rng.choice(STAGE_ORDER)


def realistic_tried(s: dict) -> tuple[str, ...]:
    """Drop a rung that cannot have been tried: wraps on sensitive skin, a calcineurin inhibitor under
    2 years, a newer cream under 3 months, phototherapy in a child under 12."""
    months = s["age_years"] * 12
    kept = []
    for rung in s["tried"]:
        if rung == "wet_wrap" and s["site"] not in WRAP_SITES:
            continue
        if rung == "topical_calcineurin_inhibitor" and months < 24:
            continue
        if rung == "newer_topicals" and months < 3:
            continue
        if rung == "phototherapy" and s["age_years"] < 12:
            continue
        kept.append(rung)
    return ordered(kept)


def draw_scenario(rng: random.Random, target: str, content: Content) -> Scenario:
    """A valid scenario meant to reach ``target`` (the engine may still decide otherwise)."""
    s = BUILDERS[target](rng, content)
    s["tried"] = realistic_tried(s)
    return Scenario.model_validate(s)
