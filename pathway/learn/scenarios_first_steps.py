"""Scenarios aimed at the stages before the treatment ladder: eczema herpeticum, a bacterial
infection, a steroid trial that is not fair yet, complicating factors, and controlled eczema
(maintenance). Each builder takes the seed's generator and the content and returns the scenario's
fields; :func:`pathway.learn.scenarios.draw_scenario` validates them."""

from __future__ import annotations

import random

from pathway.clinical.base import SITES
from pathway.learn.patient_draws import (ALL_AGES, ANY_SEVERITY, adequate_trial, base, draw_scorad,
                                         inadequate_trial, ordered, pick)


def _some_tried(rng: random.Random, pool: tuple[str, ...], chance: float) -> tuple[str, ...]:
    return ordered(t for t in pool if rng.random() < chance)


# ----------------------------------------------------------------------------- one builder per target

def herpeticum(rng, content):
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


def infection(rng, content):
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


def verify(rng, content):
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


def complicating(rng, content):
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


def maintenance(rng, content):
    s = base(rng, ALL_AGES, SITES, {"mild": 1})
    adequate_trial(rng, s, content)
    if rng.random() < 0.6:
        s["controlled"] = True
        s["scorad"] = draw_scorad(rng, pick(rng, {"clear": 1, "mild": 1}))
    else:
        s["scorad"] = draw_scorad(rng, "clear")
    s["tried"] = _some_tried(rng, ("wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"), 0.3)
    return s
