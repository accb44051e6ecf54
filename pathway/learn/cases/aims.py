"""Scenarios drawn to aim at one engine stage, one builder per stage.

A target stage is picked first (uniformly) and a scenario meant to reach it is drawn. The target is
only an aim: the engine decides the stage, and whatever it says is the answer. Everything comes from
one ``random.Random`` passed in, in a fixed order, so a seed always gives the same scenario.
"""

from __future__ import annotations

import random
from typing import Any

from pathway.clinical.base import SITES
from pathway.clinical.content import Content
from pathway.clinical.engine import STAGE_ORDER
from pathway.clinical.ladder import own_therapies
from pathway.clinical.limits import check_therapy
from pathway.clinical.scenario import Scenario
from pathway.learn.cases.patient import (
    ALL_AGES,
    ANY_SEVERITY,
    BODY_SITES,
    FROM_2,
    FROM_12,
    MILD_MOD,
    MOD_SEV,
    NON_BACK,
    SENSITIVE,
    ScoradParts,
    adequate_trial,
    base,
    draw_age,
    draw_weight,
    inadequate_trial,
    ordered,
    pick,
    redraw_within_band,
    set_severity,
)

INFANT_MONTHS = 12


def _some_tried(rng: random.Random, pool: tuple[str, ...], chance: float) -> tuple[str, ...]:
    return ordered(t for t in pool if rng.random() < chance)


def _months(s: dict[str, Any]) -> float:
    months: float = s["age_years"] * 12
    return months


def _band(s: dict[str, Any], content: Content) -> str:
    return content.severity_band(s["scorad"])


# ----------------------------------------------------------------------------- before the ladder


def herpeticum(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, ALL_AGES, SITES, {"moderate": 1, "severe": 1.5})
    (adequate_trial if rng.random() < 0.5 else inadequate_trial)(rng, s, content)
    signs = ["eczema_herpeticum"]
    if rng.random() < 0.3:
        signs.append("bacterial_infection")
    if rng.random() < 0.15:
        signs.append("recurrent_infections")
    s["signs"] = tuple(signs)
    redraw_within_band(rng, s, content)  # blisters and erosions: an intensity that fits them
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor"), 0.2)
    return s


def infection(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, ALL_AGES, SITES, ANY_SEVERITY)
    (adequate_trial if rng.random() < 0.5 else inadequate_trial)(rng, s, content)
    signs = ["bacterial_infection"]
    if rng.random() < 0.2:
        signs.append("infection_not_settling")
    elif rng.random() < 0.25:
        signs.append("recurrent_infections")
    if rng.random() < 0.1 and _months(s) >= INFANT_MONTHS:  # contact allergy is not an infant's question
        signs.append("contact_dermatitis_suspected")
    s["signs"] = tuple(signs)
    redraw_within_band(rng, s, content)  # weeping, crusted skin: an intensity that fits it
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor"), 0.2)
    return s


def verify(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, ALL_AGES, SITES, ANY_SEVERITY)
    inadequate_trial(rng, s, content)
    roll = rng.random()
    if roll < 0.1 and _months(s) >= INFANT_MONTHS:
        s["signs"] = ("contact_dermatitis_suspected",)
    elif roll < 0.2:
        s["signs"] = ("recurrent_infections",)
    if rng.random() < 0.15 and s["tcs_potency"] != "none":  # wraps go over a steroid
        s["tried"] = ("wet_wrap",)
    return s


def complicating(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, ALL_AGES, SITES, ANY_SEVERITY)
    adequate_trial(rng, s, content)
    roll = rng.random()
    adult = s["age_years"] >= 18
    if _months(s) < INFANT_MONTHS:  # an infant: an unusual distribution, never patch testing
        s["signs"] = ("atypical_presentation",)
    elif roll < 0.5 or (not adult and roll < 0.8):
        s["signs"] = ("contact_dermatitis_suspected",)
    elif roll < 0.85:
        s["signs"] = ("atypical_presentation",)
    else:
        s["signs"] = ("contact_dermatitis_suspected", "atypical_presentation")
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor"), 0.35)
    return s


def maintenance(rng: random.Random, content: Content) -> dict[str, Any]:
    # from 12 months (an infant's courses are 5-7 days: no maintenance regimen to learn), immune status
    # aside (it bars the calcineurin creams, not the point here)
    s = base(rng, content, {"child": 1.5, "adolescent": 1, "adult": 2}, SITES, {"mild": 1})
    s["immunocompromised"] = False
    adequate_trial(rng, s, content)
    if rng.random() < 0.6:
        s["controlled"] = True
        set_severity(rng, s, pick(rng, {"clear": 1, "mild": 1}), content)
    else:
        set_severity(rng, s, "clear", content)
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"), 0.3)
    return s


# ----------------------------------------------------------------------------- on the ladder


def wet_wrap(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, {"adult": 1}, BODY_SITES, MOD_SEV)  # under 18, wraps are a referral
    adequate_trial(rng, s, content)
    return s


def tci(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, FROM_2, SITES, ANY_SEVERITY)
    s["immunocompromised"] = False
    route = rng.choice(["mild", "sensitive", "after_wraps", "back"])
    if route == "mild":
        set_severity(rng, s, "mild", content)
    elif route == "sensitive":
        s["site"] = rng.choice(SENSITIVE)
        set_severity(rng, s, pick(rng, ANY_SEVERITY), content)
    elif route == "after_wraps":
        s["site"] = rng.choice(BODY_SITES)
        set_severity(rng, s, pick(rng, MOD_SEV), content)
        s["tried"] = ("wet_wrap",)
    else:
        s["site"] = "back"
        set_severity(rng, s, pick(rng, MILD_MOD), content)
        if _band(s, content) != "mild":
            if rng.random() < 0.5:
                s["tried"] = ("phototherapy",)
            else:
                s["phototherapy_access"] = False
    if route != "back" and _band(s, content) != "mild" and s["site"] in BODY_SITES:
        s["tried"] = ("wet_wrap",)
    adequate_trial(rng, s, content)
    return s


def newer(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, ALL_AGES, NON_BACK, MILD_MOD)
    route = rng.choice(["older", "older", "young", "immune", "child"])
    if route == "older":
        s["age_years"] = draw_age(rng, pick(rng, FROM_12), content)
        s["immunocompromised"] = False
    elif route == "young":
        s["age_years"] = rng.randint(3, 23) / 12
    elif route == "immune":
        s["immunocompromised"] = True
    else:
        s["age_years"] = draw_age(rng, "child", content)
    s["weight_kg"] = draw_weight(rng, s["age_years"])
    if s["age_years"] < 1:
        s["phototherapy_access"] = True
    tried: list[str] = []
    if _band(s, content) != "mild" and s["site"] in BODY_SITES:
        tried.append("wet_wrap")
    if s["age_years"] >= 2 and not s["immunocompromised"]:
        tried.append("topical_calcineurin_inhibitor")
    s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


def phototherapy(rng: random.Random, content: Content) -> dict[str, Any]:
    s = base(rng, content, {"adult": 1}, SITES, ANY_SEVERITY)
    s["phototherapy_access"] = True
    band = _band(s, content)
    if (s["site"] == "back" and band == "mild") or (s["site"] != "back" and rng.random() < 0.25):
        s["site"] = "back"
        set_severity(rng, s, pick(rng, MOD_SEV), content)
    elif s["site"] != "back":
        tried = ["topical_calcineurin_inhibitor"]
        if band != "mild" and s["site"] in BODY_SITES:
            tried.append("wet_wrap")
        if band != "severe":
            tried.append("newer_topicals")
        s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


def systemic(rng: random.Random, content: Content) -> dict[str, Any]:
    # widespread sites only: systemic treatment for eczema confined to a small site is not the lesson
    s = base(rng, content, {"adult": 1}, ("trunk", "limbs", "back"), MOD_SEV)
    s["immunocompromised"] = False
    # both documents keep systemic immunomodulators for eczema that disrupts life, and NICE funds dupilumab
    # only after one of them: without that impact the case would teach a biologic for eczema that barely
    # troubles the patient
    set_severity(rng, s, _band(s, content), content, impact=True)
    if rng.random() < 0.5:
        s["tried"] = ("phototherapy",)
    else:
        s["phototherapy_access"] = False
        s["tried"] = ("phototherapy",) if rng.random() < 0.3 else ()
    tried = list(s["tried"])
    band = _band(s, content)
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


def specialist(rng: random.Random, content: Content) -> dict[str, Any]:
    route = rng.choice(["young", "young", "immune", "erythroderma"])
    if route == "young":
        s = base(rng, content, {"child": 1, "adolescent": 1}, SITES, ANY_SEVERITY)
        s["age_years"] = float(rng.randint(2, 17))
        s["weight_kg"] = draw_weight(rng, s["age_years"])
        s["immunocompromised"] = False
        tried = ["topical_calcineurin_inhibitor", "newer_topicals"]
        if _band(s, content) != "mild" and s["site"] in (*BODY_SITES, "back") and s["age_years"] >= 12:
            tried.append("wet_wrap")
    elif route == "immune":
        s = base(rng, content, {"adult": 1}, SITES, MOD_SEV)
        s["immunocompromised"] = True
        tried = ["newer_topicals"] + (["wet_wrap"] if s["site"] in (*BODY_SITES, "back") else [])
        if rng.random() < 0.5:
            s["phototherapy_access"] = False
        else:
            tried.append("phototherapy")
    else:  # inflamed skin over most of the body: refer at once, whatever the ladder says
        s = base(rng, content, {"child": 1, "adolescent": 1, "adult": 2}, SITES, {"severe": 1})
        s["signs"] = ("erythroderma",)
        extent, intensity, symptoms = rng.randint(90, 100), rng.randint(10, 18), rng.randint(14, 20)
        s["_parts"] = ScoradParts(extent, intensity, min(10, symptoms - symptoms // 2), symptoms // 2, True)
        s["scorad"], s["qol_impact"] = s["_parts"].score, True
        tried = []
    s["tried"] = ordered(tried)
    adequate_trial(rng, s, content)
    return s


# ----------------------------------------------------------------------------- choosing and checking

BUILDERS = {
    "eczema_herpeticum": herpeticum,
    "treat_infection": infection,
    "verify_adequacy": verify,
    "complicating_factors": complicating,
    "wet_wrap": wet_wrap,
    "topical_calcineurin_inhibitor": tci,
    "newer_topicals": newer,
    "phototherapy": phototherapy,
    "systemic": systemic,
    "specialist_referral": specialist,
    "maintenance": maintenance,
}
assert tuple(BUILDERS) == STAGE_ORDER


def draw_target(rng: random.Random) -> str:
    """The stage a case aims at: the first draw from the seed's generator, uniform over the stages."""
    return rng.choice(STAGE_ORDER)


def could_have_tried(rung: str, scenario: Scenario, content: Content) -> bool:
    """A rung can have been tried only when one of its own therapies, on either ladder, is open to this
    patient (its age, site and immune limits; a specialist may have given it)."""
    for document, ladder in content.ladders.items():
        if ladder.rung(rung) is None:
            continue
        for band in ("mild", "moderate", "severe"):
            for therapy_id in own_therapies(rung, scenario, band, content, document):
                if check_therapy(content.therapies[therapy_id], scenario, content).allowed:
                    return True
    return False


def draw_scenario(rng: random.Random, target: str, content: Content) -> tuple[Scenario, ScoradParts]:
    """A valid scenario meant to reach ``target`` (the engine may still decide otherwise), and the SCORAD
    parts its vignette reports."""
    s = BUILDERS[target](rng, content)
    parts: ScoradParts = s.pop("_parts")
    scenario = Scenario.model_validate(s)
    tried = ordered(t for t in scenario.tried if could_have_tried(t, scenario, content))
    return scenario.model_copy(update={"tried": tried}), parts
