"""Scenarios aimed at the treatment ladder's rungs and past its end: wet wraps, a topical calcineurin
inhibitor, the newer non-steroidal creams, phototherapy, systemic treatment and a specialist referral.
Each builder sets up what the rung needs (age, site, severity, the rungs already tried)."""

from __future__ import annotations

from pathway.clinical.base import SITES
from pathway.clinical.engine import severity_band
from pathway.learn.patient_draws import (ALL_AGES, ANY_SEVERITY, BODY_SITES, FROM_2, MILD_MOD, MOD_SEV,
                                         NON_BACK, SENSITIVE, WRAP_SITES, adequate_trial, base, draw_age,
                                         draw_scorad, draw_weight, ordered, pick)


def wet_wrap(rng, content):
    s = base(rng, ALL_AGES, BODY_SITES, MOD_SEV)
    adequate_trial(rng, s, content)
    return s


def tci(rng, content):
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


def newer(rng, content):
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


def phototherapy(rng, content):
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


def systemic(rng, content):
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


def specialist(rng, content):
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
