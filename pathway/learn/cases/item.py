"""One generated case as a single-best-answer item.

``generate_case(seed)`` draws a scenario aimed at a stage (:mod:`pathway.learn.cases.aims`), asks
the engine for its recommendation, and writes an item in the question bank's public JSON shape
(:func:`pathway.learn.bank.question_json`) plus the scenario it came from:

- the answer is always the engine's stage for the scenario (the aim is never forced);
- the stem is written from the scenario (:mod:`pathway.learn.cases.vignette`);
- choice ids are stage ids, in a random order (choices that are all figures go smallest first, by the
  bank's own rule, :func:`pathway.learn.item_rules.numeric_order`); the answer's explanation is the
  engine's cited "why", and each distractor says why it is not the answer for this patient
  (:mod:`pathway.learn.cases.reasons`);
- sources are the references of the engine's why lines, then those behind the distractors' reasons.

Deterministic: everything comes from ``random.Random(seed)``, so a seed always gives the same item.
"""

from __future__ import annotations

import random
from typing import Any

from pathway.clinical.content import Content
from pathway.clinical.engine import STAGE_ORDER, default_content, recommend, skin_clear
from pathway.clinical.scenario import Line, Recommendation
from pathway.learn.cases.aims import draw_scenario, draw_target
from pathway.learn.cases.facts import Case
from pathway.learn.cases.reasons import choose
from pathway.learn.cases.vignette import write_stem
from pathway.learn.cases.words import CHOICE_TEXT
from pathway.learn.item_rules import numeric_order
from pathway.learn.topics import topic_of_stage

LEAD_INS = (
    "What is the most appropriate next step?",
    "What is the most appropriate next step in management?",
    "Which is the best next step in management?",
    "What should be done next for this patient?",
)
# Why lines left out of the answer's explanation (the stem already gives the band; doses are not
# what the question asks); their sources still count.
QUIET_RULES = ("band", "no_complicating_factors", "weight_based_dose", "dose_capped")
# Why lines that make a case harder: a fallback to the other ladder, rungs barred by age or immune
# status, only specialist-only options left, or the ladder run out.
PRE_LADDER = ("eczema_herpeticum", "treat_infection", "verify_adequacy", "complicating_factors", "maintenance")
LIMIT_KINDS = (":min_age", ":immunocompromised", ":site")
HARD_RULES = ("fallback_other_document", "specialist_only_next", "topicals_exhausted_review", "potency_capped")
MAX_TRIES = 2000


def _check_seed(seed: int) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be an int >= 0, not {seed!r}")


def difficulty(case: Case) -> int:
    """1-3. Red flags, control and an inadequate trial with several gaps are 1; a straight rung of
    the ladder, a complicating factor or a trial short in one way is 2; a fallback to the other
    document, a rung barred by age or immune status, specialist-only options, the back (document
    003's ladder), or an exhausted ladder is 3."""
    s, rec = case.scenario, case.rec
    stage = rec.stage
    if stage in ("eczema_herpeticum", "treat_infection"):
        return 1
    if stage == "maintenance":
        return 1 if s.controlled else 2
    if stage == "verify_adequacy":
        return 1 if len(case.shortfalls()) >= 2 or s.tcs_potency == "none" else 2
    barred = any((w.rule or "").startswith("limit:") for w in rec.warnings)
    hard = (
        any(r in HARD_RULES for r in case.rules)
        or stage == "specialist_referral"
        or s.site == "back"
        or s.immunocompromised
        or (barred and stage not in ("complicating_factors",))
    )
    return 3 if hard else 2


def _limit_lines(rec: Recommendation) -> list[Line]:
    """Warnings that say why a rung was skipped or narrowed for this patient (age, site, immune status,
    severity), for answers on or past the ladder; at most three."""
    if rec.stage in PRE_LADDER and not any(line.rule == "topicals_exhausted_review" for line in rec.why):
        return []
    found: list[Line] = []
    severity = False
    for line in rec.warnings:
        rule = line.rule or ""
        if rule == "severity_excluded" and not severity:  # one is enough to show the band matters
            severity = True
            found.append(line)
        elif rule.startswith("limit:") and rule.endswith(LIMIT_KINDS) and all(line.text != f.text for f in found):
            found.append(line)
    return found[:3]


# Warnings the answer's explanation always carries: what the key must not teach without its caveat
# (NICE NG190 on antibiotics for infected eczema), and a steroid too strong or used too long here.
KEY_WARNINGS = (
    "infection_nice",
    "potency_too_strong",
    "course_too_long",
    "potency_outside_sources",
    "erythroderma_check",
)


def _explanation(rec: Recommendation) -> tuple[str, list[str]]:
    """The engine's why (less the quiet lines), the warnings the key must carry, and the limits that
    shaped the answer, with their sources."""
    lines = [line for line in rec.why if line.rule not in QUIET_RULES] or list(rec.why)
    lines += [line for line in rec.warnings if line.rule in KEY_WARNINGS]
    lines += _limit_lines(rec)
    sources = [s for line in rec.why + lines for s in line.sources]
    return " ".join(line.text for line in lines), list(dict.fromkeys(sources))


def _build(seed: int, content: Content) -> dict[str, Any]:
    rng = random.Random(seed)
    target = draw_target(rng)
    scenario, parts = draw_scenario(rng, target, content)
    rec = recommend(scenario, content)
    case = Case(scenario=scenario, rec=rec, content=content)
    stem = write_stem(scenario, rec.severity_band, skin_clear(scenario.scorad, content), parts, content, rng)
    lead_in = rng.choice(LEAD_INS)

    distractors = choose(case, rng, count=rng.choice([3, 4]))
    explanation, sources = _explanation(rec)
    choices = [{"id": rec.stage, "text": CHOICE_TEXT[rec.stage], "explanation": explanation}]
    choices += [{"id": stage, "text": CHOICE_TEXT[stage], "explanation": text} for stage, text, _ in distractors]
    rng.shuffle(choices)
    order = numeric_order([c["text"] for c in choices])  # figures go smallest first, as in the bank
    if order is not None:
        choices = [choices[i] for i in order]

    for _, _, extra in distractors:
        sources += [s for s in extra if s not in sources]
    return {
        "id": f"case-{seed}",
        "kind": "generated",
        "topic": topic_of_stage(rec.stage),
        "stage": rec.stage,
        "difficulty": difficulty(case),
        "stem": stem,
        "lead_in": lead_in,
        "choices": choices,
        "answer": rec.stage,
        "sources": sources,
        "scenario": scenario.model_dump(mode="json"),
    }


def generate_case(seed: int, content: Content | None = None) -> dict[str, Any]:
    """One generated single-best-answer item in the bank's public JSON shape, plus its scenario."""
    _check_seed(seed)
    return _build(seed, content or default_content())


def generate_for_stage(stage: str, rng_seed: int, content: Content | None = None) -> dict[str, Any] | None:
    """A generated case whose engine answer is ``stage`` (for spaced review of one concept), or None.

    Candidate seeds are drawn from ``random.Random(rng_seed)``; a candidate is built only when it
    aims at ``stage`` (a cheap check of its first draw), and kept only when the engine lands there.
    The case keeps its own seed as its id, so ``generate_case`` reproduces it.
    """
    if stage not in STAGE_ORDER:
        raise ValueError(f"unknown stage {stage!r}")
    _check_seed(rng_seed)
    content = content or default_content()
    candidates = random.Random(rng_seed)
    for _ in range(MAX_TRIES):
        seed = candidates.randrange(2**31)
        if draw_target(random.Random(seed)) != stage:
            continue
        item = _build(seed, content)
        if item["answer"] == stage:
            return item
    return None
