"""Generated cases (pathway.learn.cases), 1,000 seeds checked: the spread of stages, answer
positions, ages, sites, signs and rungs, and plausible weights.
"""

from __future__ import annotations

import json
from collections import Counter

from generated_cases import CONTENT

from pathway.clinical.engine import STAGE_ORDER
from pathway.clinical.scenario import Scenario
from pathway.learn.cases.words import ESCALATION

# ----------------------------------------------------------------------------- spread


def test_every_stage_appears_and_none_dominates(generated):
    counts = Counter(item["answer"] for item in generated.items)
    assert set(counts) == set(STAGE_ORDER)
    assert max(counts.values()) <= 0.25 * generated.n, counts
    assert min(counts.values()) >= 0.03 * generated.n, counts


def test_answer_positions_are_balanced(generated):
    positions = Counter([c["id"] for c in item["choices"]].index(item["answer"]) for item in generated.items)
    for position in range(4):
        assert 0.15 * generated.n <= positions[position] <= 0.32 * generated.n, positions
    assert positions[4] <= 0.15 * generated.n, positions


def test_scenarios_cover_every_age_band_site_sign_and_rung(generated):
    bands = Counter(rec.age_band for _, _, rec in generated.cases)
    assert set(bands) == {"infant", "child", "adolescent", "adult"}
    assert {s.site for _, s, _ in generated.cases} == set(Scenario.model_fields["site"].annotation.__args__)
    signs = {sign for _, s, _ in generated.cases for sign in s.signs}
    assert signs == {
        "bacterial_infection",
        "eczema_herpeticum",
        "recurrent_infections",
        "contact_dermatitis_suspected",
        "atypical_presentation",
        "erythroderma",
        "infection_not_settling",
    }
    assert {t for _, s, _ in generated.cases for t in s.tried} == set(ESCALATION) - {"systemic"}
    assert {rec.severity_band for _, _, rec in generated.cases} == {"mild", "moderate", "severe"}
    assert any(s.weight_kg is None for _, s, _ in generated.cases) and any(s.weight_kg for _, s, _ in generated.cases)
    assert any(s.immunocompromised for _, s, _ in generated.cases)
    assert any(not s.phototherapy_access for _, s, _ in generated.cases)
    assert any(s.controlled for _, s, _ in generated.cases)
    assert Counter(item["difficulty"] for item in generated.items).keys() == {1, 2, 3}


def test_weights_are_plausible_for_the_age(generated):
    bounds = CONTENT.plausible_weight
    for _, scenario, rec in generated.cases:
        if scenario.weight_kg is not None:
            b = bounds[rec.age_band]
            assert b.min_kg <= scenario.weight_kg <= b.max_kg, (scenario.age_years, scenario.weight_kg)


def test_no_rung_is_tried_where_it_cannot_have_been(generated):
    for _, s, _ in generated.cases:
        if "wet_wrap" in s.tried:
            assert s.site not in ("face", "neck", "flexures", "genitals")
        if "topical_calcineurin_inhibitor" in s.tried:
            assert s.age_years >= 2
        if "phototherapy" in s.tried:  # a specialist's, for a child: severe disease that disrupts life
            assert (s.age_years >= 18 or (s.qol_impact and s.scorad > 50)) and s.site != "genitals"


def test_different_seeds_give_different_cases(generated):
    assert len({item["stem"] for item in generated.items}) >= 0.99 * generated.n
    assert len({json.dumps(item["scenario"], sort_keys=True) for item in generated.items}) >= 0.99 * generated.n
