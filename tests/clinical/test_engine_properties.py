"""Property tests: the engine's promises hold for every valid scenario, not just the examples.

Scenarios are drawn from the full range of the public contract (pathway.clinical.scenario.Scenario), with
the SCORAD band edges and the 2-week / 4-week / 2-year / 6-month limits mixed in on purpose.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathway.clinical.base import STAGES
from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import POTENCIES, SIGNS, SITES, TRIED, Scenario
from pathway.clinical.trace import days

CONTENT = default_content()
TCI = {"tacrolimus_0.1", "tacrolimus_0.03", "pimecrolimus_1"}
PHOTO = {"nb_uvb", "bb_uvb", "uva"}

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _floats(low: float, high: float, edges: list[float]) -> st.SearchStrategy[float]:
    return st.one_of(st.floats(low, high, allow_nan=False, allow_infinity=False), st.sampled_from(edges))


def _subset(values: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True).map(tuple)


scenarios = st.builds(
    Scenario,
    age_years=_floats(0, 100, [0, 0.49, 0.5, 1.99, 2, 11.99, 12, 17.99, 18]),
    weight_kg=st.one_of(st.none(), _floats(2, 200, [2, 70, 200])),
    site=st.sampled_from(SITES),
    scorad=_floats(0, 103, [0, 24.99, 25, 50, 50.01, 103]),
    tcs_potency=st.sampled_from(POTENCIES),
    applications_per_day=st.integers(0, 4),
    weeks_on_treatment=_floats(0, 52, [0, 1.99, 2, 3.99, 4]),
    adherence_confirmed=st.booleans(),
    controlled=st.booleans(),
    signs=_subset(SIGNS),
    tried=_subset(TRIED),
    qol_impact=st.booleans(),
    phototherapy_access=st.booleans(),
    immunocompromised=st.booleans(),
)


def expected_band(scorad: float) -> str:
    if scorad < 25:
        return "mild"
    return "moderate" if scorad <= 50 else "severe"


def all_options(r):
    return list(r.options) + [o for a in r.alternatives for o in a.options]


@PROPERTY_SETTINGS
@given(scenarios)
def test_recommendation_invariants(s: Scenario):
    r = recommend(s)  # never raises
    ids = [o.id for o in r.options]

    assert r.stage in STAGES
    assert r.severity_band == expected_band(s.scorad)
    assert r.options, "there is always something to do"

    # every statement is cited, and every citation resolves
    cited = (
        [("option", o.id, o.sources) for o in all_options(r)]
        + [("alternative", a.stage, a.sources) for a in r.alternatives]
        + [("why", line.text, line.sources) for line in r.why]
        + [("warning", line.text, line.sources) for line in r.warnings]
        + [("refer_reason", line.text, line.sources) for line in r.refer_reasons]
        + [("timeline", t.id, t.sources) for t in r.expected_timeline]
    )
    for kind, what, sources in cited:
        assert sources, f"{kind} {what!r} has no source"
        unknown = [src for src in sources if src not in CONTENT.references]
        assert not unknown, f"{kind} {what!r} cites unknown {unknown}"

    # never a calcineurin inhibitor together with phototherapy in the same set of options
    assert not (TCI & set(ids) and PHOTO & set(ids)), ids
    for alt in r.alternatives:
        alt_ids = {o.id for o in alt.options}
        assert not (TCI & alt_ids and PHOTO & alt_ids), alt_ids

    # things the documents say not to do are never offered, and always listed under avoid
    for o in all_options(r):
        therapy = CONTENT.therapies[o.id]
        assert "antihistamine" not in o.id and "antihistamine" not in o.name.lower()
        assert not (therapy.therapy_class == "topical_corticosteroid" and therapy.route != "topical")
        assert "corticosteroid" not in o.id and "prednis" not in o.name.lower()
    assert {"oral_antihistamines", "systemic_corticosteroid_maintenance"} <= set(r.avoid)
    assert set(r.avoid) <= set(CONTENT.avoid)
    if r.stage == "phototherapy":
        assert "tci_during_phototherapy" in r.avoid

    # red flag
    if "eczema_herpeticum" in s.signs:
        assert r.stage == "eczema_herpeticum"
        assert r.refer and r.refer_urgency == "same_day"
        assert "eczema_herpeticum" in r.red_flags
    elif "erythroderma" in s.signs:  # a dermatological emergency: refer at once (checked context)
        assert r.stage == "specialist_referral" and r.refer_urgency == "same_day"
        assert "erythroderma" in r.red_flags
    elif s.scorad > 93:  # only possible with more than half the body surface affected: check for erythroderma
        assert r.refer_urgency == "same_day" and "erythroderma_possible" in [x.rule for x in r.refer_reasons]
    else:
        assert r.refer_urgency != "same_day"
    assert r.refer == bool(r.refer_reasons)
    assert (r.refer_urgency == "none") == (not r.refer)

    # age, immune status and severity limits
    offered = {o.id for o in all_options(r)}
    if not s.phototherapy_access:
        assert not PHOTO & offered, "phototherapy needs 2-3 visits a week to a unit"
    if s.age_years < 2 or s.immunocompromised:
        assert "pimecrolimus_1" not in offered
    if s.age_years < 2:
        assert not TCI & offered
        assert "proactive_tacrolimus" not in offered
    if s.age_years < 0.5:
        assert "dupilumab" not in offered
    if r.severity_band == "severe":
        assert not {"pimecrolimus_1", "ruxolitinib_cream", "crisaborole"} & offered
    if r.severity_band == "mild":
        assert "wet_wrap" not in offered and "dupilumab" not in offered
    if not s.qol_impact:
        assert not {"cyclosporine", "azathioprine", "methotrexate", "mycophenolate"} & offered

    # weight-based dose iff a plausible weight is given, the dose is per kg and has a cited ceiling;
    # then it is the arithmetic, capped at the ceiling
    for o in all_options(r):
        therapy = CONTENT.therapies[o.id]
        dose = therapy.dose
        per_kg = dose is not None and dose.unit == "mg/kg/day"
        ceiling = next((lim for lim in therapy.limits if lim.kind == "max_daily_dose"), None)
        bounds = CONTENT.plausible_weight[r.age_band]
        plausible = s.weight_kg is not None and bounds.min_kg <= s.weight_kg <= bounds.max_kg
        if o.specialist_only:
            assert o.daily_dose_mg is None and o.dose is None, o.id  # a referral carries no dose
            continue
        assert (o.daily_dose_mg is not None) == (per_kg and plausible and ceiling is not None), o.id
        if o.daily_dose_mg is not None:
            low, high = o.daily_dose_mg
            cap = min(ceiling.mg_per_day, (ceiling.mg_per_kg_per_day or 1e9) * s.weight_kg)
            assert low <= high <= cap + 0.051
            assert low == pytest.approx(min(dose.min * s.weight_kg, cap), abs=0.051)
            assert high == pytest.approx(min(dose.max * s.weight_kg, cap), abs=0.051)

    # alternatives are a different rung from the other document
    for alt in r.alternatives:
        assert alt.options
        assert alt.stage != r.stage


@PROPERTY_SETTINGS
@given(scenarios)
def test_recommend_is_deterministic(s: Scenario):
    assert recommend(s).model_dump() == recommend(s).model_dump()


@PROPERTY_SETTINGS
@given(scenarios)
def test_escalation_only_after_an_adequate_trial_and_without_red_flags(s: Scenario):
    r = recommend(s)
    escalation = {"wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy", "systemic"}
    if r.stage in escalation:
        assert not {"eczema_herpeticum", "bacterial_infection", "infection_not_settling", "erythroderma"} & set(s.signs)
        assert not s.controlled
        assert s.adherence_confirmed and s.applications_per_day >= 2
        assert s.tcs_potency != "none" or s.tcs_product is not None  # a steroid in use: nothing to escalate from
        # the trial ran its length (2 weeks, or the whole course allowed, counted in whole days as the trial's
        # own check counts it), unless later rungs were already tried
        assert days(s.weeks_on_treatment) >= days(r.steroid_trial.weeks_needed) or s.tried
        assert r.stage not in s.tried
        assert r.expected_timeline
    if r.stage == "phototherapy":
        assert s.phototherapy_access
    if r.stage in ("phototherapy", "systemic"):
        assert r.refer


@PROPERTY_SETTINGS
@given(scenarios)
def test_scenario_round_trips_through_json(s: Scenario):
    again = Scenario.model_validate_json(s.model_dump_json())
    assert recommend(again).model_dump(mode="json") == recommend(s).model_dump(mode="json")
