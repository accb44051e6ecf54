"""Random but realistic scenarios for generated cases, each drawn to aim at one engine stage.

A target stage is picked first and a scenario meant to reach it is drawn (with randomness in age,
site, severity, weight, the steroid trial, what was tried and the patient's circumstances). The
target is only an aim: the engine decides the stage, and whatever it says is the answer.

Everything is drawn from one ``random.Random`` passed in, in a fixed order, so a seed always gives
the same scenario.
"""

from __future__ import annotations

import random

from pathway.clinical.content import Content
from pathway.clinical.engine import STAGE_ORDER
from pathway.clinical.scenario import Scenario
from pathway.learn.patient_draws import WRAP_SITES, ordered
from pathway.learn.scenarios_first_steps import complicating, herpeticum, infection, maintenance, verify
from pathway.learn.scenarios_ladder import newer, phototherapy, specialist, systemic, tci, wet_wrap


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
