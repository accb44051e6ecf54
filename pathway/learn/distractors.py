"""Choices for generated cases: the action phrase of each stage, which other stages make good
distractors for a scenario, and why each one is not the answer here.

Every reason is derived from the scenario and the engine's output (its stage, alternative, why
lines, adequacy shortfalls and each rung's limits), and a distractor is offered only when a reason
can be stated that is true for this patient: :func:`reason` returns ``None`` otherwise.
"""

from __future__ import annotations

import random

from pathway.clinical.engine import STAGE_ORDER
from pathway.clinical.ladder import ladder
from pathway.learn.case_facts import Case, first_step, pre_ladder, shortfall_text, trial_text
from pathway.learn.choice_words import COMPLICATING_SIGNS, ESCALATION, PLURAL, RED_FLAGS, SHORT, cap
from pathway.learn.rung_reasons import rung_reason


def reason(stage: str, case: Case) -> tuple[str, list[str]] | None:
    """Why ``stage`` is not the answer for this case, with any sources beyond the why lines; None when
    no statement can be made that is certainly true (the stage is then not offered as a distractor)."""
    if stage == case.answer:
        return None
    s, content = case.scenario, case.content
    answer = case.answer
    if stage == "eczema_herpeticum":
        return ("No grouped blisters or punched-out erosions: nothing points to eczema herpeticum.",
                list(content.rule("herpeticum_first").sources))
    if stage == "treat_infection":
        if "bacterial_infection" in s.signs:
            return ("Bacterial infection is present too and gets an antibiotic alongside, but grouped blisters "
                    "and punched-out erosions make eczema herpeticum the first concern: aciclovir at once.",
                    list(content.rule("herpeticum_with_infection").sources))
        return ("No crusting, weeping, pustules or honey-coloured discharge: nothing suggests a bacterial "
                "infection now.", list(content.rule("infection_before_escalation").sources))
    if stage == "maintenance":
        if s.controlled or case.clear:
            if answer in RED_FLAGS:
                return "Even in controlled eczema, an infection is treated first.", []
            return None
        return (f"The eczema is not controlled (SCORAD {case.scorad}, {case.band}), so maintenance would "
                "come too early.", list(content.rule("controlled_maintenance").sources))
    if stage == "verify_adequacy":
        if answer in RED_FLAGS:
            return "The infection comes first; the steroid trial can be reviewed once it is treated.", []
        if answer == "maintenance":
            return f"{cap(first_step(case))}; there is no treatment failure to explain.", []
        if case.shortfalls():
            return None
        return (f"The trial was adequate: {trial_text(case)}, with adherence confirmed.",
                list(content.rule("adequacy_confirmed").sources))
    if stage == "complicating_factors":
        signs = [x for x in COMPLICATING_SIGNS if x in s.signs]
        if answer in RED_FLAGS:
            return "The infection comes first; triggers and the diagnosis can be looked at once it is treated.", []
        if answer == "maintenance":
            return f"{cap(first_step(case))}; there is no failure to investigate.", []
        if answer == "verify_adequacy":
            if signs:
                return ("Patch testing and a review of the diagnosis come once a fair steroid trial has failed, "
                        f"and this one is not fair yet ({shortfall_text(case)}).",
                        list(content.rule("contact_dermatitis").sources))
            return (f"Nothing suggests contact allergy or a doubtful diagnosis, and the steroid trial is not "
                    f"fair yet ({shortfall_text(case)}).", [])
        if signs:
            return None
        return ("No suspected contact allergy, adult onset or unusual distribution: nothing points to a "
                "complicating factor.", list(content.rule("no_complicating_factors").sources))
    if stage == "specialist_referral":
        if case.rec.refer or answer in ("phototherapy", "systemic"):
            return None  # a referral is part of the plan: never call it wrong
        if pre_ladder(case):
            return (f"No reason to refer has come up: {first_step(case)}.", [])
        return (f"No reason to refer has come up: {SHORT[answer]} can be started without a specialist.", [])
    if stage in ESCALATION:
        if answer == "maintenance":
            return f"{cap(SHORT[stage])} {'are' if stage in PLURAL else 'is'} not needed: {first_step(case)}.", []
        if pre_ladder(case):
            return f"It is too early for {SHORT[stage]}: {first_step(case)}.", []
        return rung_reason(stage, case)
    raise ValueError(f"unknown stage {stage}")


# ----------------------------------------------------------------------------- choosing distractors

def _weights(case: Case) -> dict[str, float]:
    """How strongly each other stage is wanted as a distractor (plausible ones more)."""
    s, answer = case.scenario, case.answer
    weights = {stage: 1.0 for stage in STAGE_ORDER if stage != answer}
    index = STAGE_ORDER.index(answer)
    for near in (index - 1, index + 1):
        if 0 <= near < len(STAGE_ORDER) and STAGE_ORDER[near] != answer:
            weights[STAGE_ORDER[near]] += 1.0
    rungs = ladder(case.source, case.band)
    if answer in rungs:
        at = rungs.index(answer)
        for near in (at - 1, at + 1):
            if 0 <= near < len(rungs):
                weights[rungs[near]] += 2.0
    for flag in RED_FLAGS:
        if flag in weights:
            weights[flag] += 1.0
    if "verify_adequacy" in weights and not case.shortfalls():
        weights["verify_adequacy"] += 2.0
    if "maintenance" in weights and not s.controlled:
        weights["maintenance"] += 0.5
    if "specialist_referral" in weights and s.age_years >= 18:
        weights["specialist_referral"] += 1.0
    return weights


def choose(case: Case, rng: random.Random, count: int) -> list[tuple[str, str, list[str]]]:
    """``count`` distractors (fewer only if too few stages can be explained): (stage, reason, sources).
    The other document's choice comes first when there is one; the rest are drawn by weight."""
    pool: dict[str, tuple[float, str, list[str]]] = {}
    for stage, weight in _weights(case).items():
        explained = reason(stage, case)
        if explained is not None:
            pool[stage] = (weight, *explained)
    chosen: list[tuple[str, str, list[str]]] = []
    alternative = case.rec.alternatives[0].stage if case.rec.alternatives else None
    if alternative in pool:
        _, text, sources = pool.pop(alternative)
        chosen.append((alternative, text, sources))
    while len(chosen) < count and pool:
        stages = list(pool)
        stage = rng.choices(stages, weights=[pool[x][0] for x in stages])[0]
        _, text, sources = pool.pop(stage)
        chosen.append((stage, text, sources))
    return chosen
