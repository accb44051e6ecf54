"""Property: over random valid scenarios (ages 0-100, every site, weights 2-250), no option or
alternative ever breaks its therapy's own limits, no daily dose exceeds its ceiling, and every pair the
"never" list forbids that appears together carries a warning.

The oracle below reads the limits straight from the content and applies them with its own simple
arithmetic; it shares no code with the engine, so a broken limit in the engine (or in the content the
engine is given) shows up as a violation. ``test_the_property_catches_a_deliberately_broken_limit``
proves that it can fail.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import POTENCIES, SIGNS, SITES, TRIED, Scenario

CONTENT = default_content()
UK = ["mild", "moderate", "potent", "very_potent"]
RANK = {p: i for i, p in enumerate(UK)}
EDGE_AGES = [0, 0.24, 0.25, 0.49, 0.5, 0.99, 1, 1.99, 2, 11.99, 12, 17.99, 18, 100]


def _band_of(age_years: float) -> str:
    months = age_years * 12
    for band in CONTENT.age_bands:
        if band.below_months is None or months < band.below_months - 1e-9:
            return band.id
    return "adult"


def _potency_limit(band: str, site: str):
    return next(lim for lim in CONTENT.potency_limits.values() if band in lim.bands and site in lim.sites)


def _severity(scorad: float) -> str:
    return "mild" if scorad < 25 else ("moderate" if scorad <= 50 else "severe")


def uk_class_in_use(scenario: Scenario, content=CONTENT) -> str | None:
    """The UK class of the steroid in use, read straight from steroids.yaml (product, else the word)."""
    if scenario.tcs_product is not None:
        return content.products[scenario.tcs_product].uk
    if scenario.tcs_potency == "none":
        return None
    return content.potency_words[scenario.tcs_potency].uk


def limit_violations(scenario: Scenario, rec, content=CONTENT) -> list[str]:
    """Every way a recommendation breaks a limit in ``content`` (empty when it breaks none)."""
    out: list[str] = []
    months = scenario.age_years * 12
    band = _band_of(scenario.age_years)
    options = [(o, "option") for o in rec.options] + [(o, "alternative") for a in rec.alternatives for o in a.options]
    for option, where in options:
        therapy = content.therapies[option.id]
        tag = f"{where} {option.id}"
        if _severity(scenario.scorad) not in therapy.severity:
            out.append(f"{tag}: offered in the {_severity(scenario.scorad)} band")
        for limit in therapy.limits:
            if limit.kind == "min_age" and months < limit.months - 1e-9:
                out.append(f"{tag}: offered at {months:.2f} months, below {limit.months:g}")
            elif limit.kind == "specialist_only" and months < limit.below_months - 1e-9:
                if not option.specialist_only or option.dose or option.daily_dose_mg:
                    out.append(f"{tag}: prescribed (not a referral) at {months:.2f} months")
            elif limit.kind == "site" and limit.use == "not_used" and scenario.site in limit.sites:
                out.append(f"{tag}: offered on the {scenario.site}")
            elif limit.kind == "immunocompromised" and scenario.immunocompromised:
                if limit.action == "exclude":
                    out.append(f"{tag}: offered when immunocompromised")
                elif not option.specialist_only:
                    out.append(f"{tag}: prescribed, not referred, when immunocompromised")
            elif limit.kind == "adult_dose_only" and months < limit.below_months - 1e-9 and option.dose:
                out.append(f"{tag}: adult dose {option.dose} shown at {months:.2f} months")
            elif limit.kind == "max_daily_dose" and option.daily_dose_mg and option.daily_dose_mg[1] > limit.mg_per_day:
                out.append(f"{tag}: {option.daily_dose_mg[1]:g} mg/day above the ceiling {limit.mg_per_day:g}")
        if therapy.potency_uk is not None:
            plimit = _potency_limit(band, scenario.site)
            strongest = plimit.routine if therapy.long_term else (plimit.brief or plimit.routine)
            if therapy.long_term and not plimit.long_term:
                out.append(f"{tag}: a steroid maintenance regimen where long-term use is not allowed")
            if strongest is None and RANK[therapy.potency_uk] >= RANK[plimit.silent_from]:
                out.append(f"{tag}: {therapy.potency_uk} (UK) steroid where the sources are silent")
            elif strongest is not None and RANK[therapy.potency_uk] > RANK[strongest]:
                out.append(f"{tag}: {therapy.potency_uk} (UK) steroid above {strongest} for {band} on {scenario.site}")
        if option.daily_dose_mg and scenario.weight_kg is not None:
            bounds = content.plausible_weight[band]
            if not bounds.min_kg <= scenario.weight_kg <= bounds.max_kg:
                out.append(f"{tag}: dosed for an implausible {scenario.weight_kg:g} kg {band}")
    plimit = _potency_limit(band, scenario.site)
    ceiling = plimit.brief or plimit.routine
    in_use = uk_class_in_use(scenario, content)
    asks_for_more = any(
        line.rule and line.rule.startswith("adequacy_potency") and line.rule != "adequacy_potency_limit"
        for line in rec.why
    )
    if asks_for_more and ceiling is not None and in_use is not None and RANK[in_use] > RANK[ceiling]:
        out.append(f"asks for more than a {in_use} (UK) steroid, already above the {ceiling} allowed")
    too_strong = in_use is not None and (
        (ceiling is None and RANK[in_use] >= RANK[plimit.silent_from])
        or (ceiling is not None and RANK[in_use] > RANK[ceiling])
    )
    if too_strong:
        named = {w.rule for w in rec.warnings} & {"potency_too_strong", "potency_outside_sources"}
        if not named or not rec.refer:
            out.append(
                f"a {in_use} (UK) steroid above the limit for {band} on {scenario.site} is not named and referred"
            )
    ids = [o.id for o in rec.options]
    home_wraps = any(o.id == "wet_wrap" and not o.specialist_only for o in rec.options)
    if home_wraps and not any(content.therapies[i].potency_uk for i in ids):
        out.append("wet wraps without a steroid to put under them")
    present = {o.id for o, _ in options}
    warned = {w.rule for w in rec.warnings}
    for item in content.avoid.values():
        groups = item.when.together
        if groups and all(set(g) & present for g in groups) and f"avoid:{item.id}" not in warned:
            out.append(f"{item.id}: forbidden pair offered together without a warning")
    return out


def _floats(low, high, edges):
    return st.one_of(st.floats(low, high, allow_nan=False, allow_infinity=False), st.sampled_from(edges))


def _subset(values):
    return st.lists(st.sampled_from(values), unique=True).map(tuple)


scenarios = st.builds(
    Scenario,
    age_years=_floats(0, 100, EDGE_AGES),
    weight_kg=st.one_of(st.none(), _floats(2, 250, [2, 4, 15, 30, 100, 250])),
    site=st.sampled_from(SITES),
    scorad=_floats(0, 103, [0, 9.9, 10, 24.99, 25, 50, 50.01, 103]),
    tcs_potency=st.sampled_from(POTENCIES),
    tcs_product=st.one_of(st.none(), st.sampled_from(sorted(CONTENT.products))),
    applications_per_day=st.integers(0, 4),
    weeks_on_treatment=_floats(0, 52, [0, 2, 4]),
    adherence_confirmed=st.booleans(),
    controlled=st.booleans(),
    signs=_subset(SIGNS),
    tried=_subset(TRIED),
    qol_impact=st.booleans(),
    phototherapy_access=st.booleans(),
    immunocompromised=st.booleans(),
)
# Most random scenarios stop at the steroid check; these reach the ladder's far rungs on purpose.
escalating = st.builds(
    Scenario,
    age_years=_floats(0, 100, EDGE_AGES),
    weight_kg=st.one_of(st.none(), _floats(2, 250, [4, 250])),
    site=st.sampled_from(SITES),
    scorad=_floats(10, 103, [10, 25, 50.01, 103]),
    tcs_potency=st.sampled_from(POTENCIES[1:]),
    tcs_product=st.one_of(st.none(), st.sampled_from(sorted(CONTENT.products))),
    applications_per_day=st.just(2),
    weeks_on_treatment=st.sampled_from([0.7, 1, 2, 4]),
    adherence_confirmed=st.just(True),
    tried=_subset(TRIED),
    qol_impact=st.booleans(),
    phototherapy_access=st.booleans(),
    immunocompromised=st.booleans(),
    controlled=st.booleans(),
)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(scenarios)
def test_no_recommendation_breaks_a_limit(scenario):
    assert limit_violations(scenario, recommend(scenario, CONTENT)) == []


@PROPERTY
@given(escalating)
def test_no_escalation_breaks_a_limit(scenario):
    assert limit_violations(scenario, recommend(scenario, CONTENT)) == []


def _without_limit(therapy_id: str, kind: str):
    """The content with one therapy's limit deleted: an engine fed this breaks the real limit."""
    therapy = CONTENT.therapies[therapy_id]
    broken = therapy.model_copy(update={"limits": [lim for lim in therapy.limits if lim.kind != kind]})
    return CONTENT.model_copy(update={"therapies": {**CONTENT.therapies, therapy_id: broken}})


def test_the_property_catches_a_deliberately_broken_limit():
    """Delete crisaborole's minimum age, or raise cyclosporine's ceiling, in what the engine reads: the
    oracle (still reading the real content) must find the infant offered crisaborole and the capped dose
    exceeded. This is the check that shows the property can fail."""
    broken = _without_limit("crisaborole", "min_age")
    infant = Scenario(
        age_years=1 / 12,
        site="trunk",
        scorad=20,
        tcs_potency="low",
        applications_per_day=2,
        weeks_on_treatment=1,
        adherence_confirmed=True,
        tried=("topical_calcineurin_inhibitor",),
    )
    assert limit_violations(infant, recommend(infant, CONTENT)) == []
    found = limit_violations(infant, recommend(infant, broken))
    assert any("crisaborole" in v and "below 3" in v for v in found), found

    cyclo = CONTENT.therapies["cyclosporine"]
    raised = [
        lim.model_copy(update={"mg_per_day": 3000, "mg_per_kg_per_day": None}) if lim.kind == "max_daily_dose" else lim
        for lim in cyclo.limits
    ]
    broken = CONTENT.model_copy(
        update={"therapies": {**CONTENT.therapies, "cyclosporine": cyclo.model_copy(update={"limits": raised})}}
    )
    heavy = Scenario(
        age_years=40,
        weight_kg=150,
        site="trunk",
        scorad=70,
        tcs_potency="high",
        applications_per_day=2,
        weeks_on_treatment=3,
        adherence_confirmed=True,
        qol_impact=True,
        tried=("wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"),
    )
    found = limit_violations(heavy, recommend(heavy, broken))
    assert any("above the ceiling 300" in v for v in found), found


def test_hypothesis_finds_a_child_prescribed_a_systemic_agent_when_the_limit_is_gone():
    from hypothesis import find

    broken = CONTENT
    for tid in ("cyclosporine", "azathioprine", "methotrexate", "mycophenolate", "dupilumab"):
        therapy = broken.therapies[tid]
        fixed = therapy.model_copy(update={"limits": [lim for lim in therapy.limits if lim.kind != "specialist_only"]})
        broken = broken.model_copy(update={"therapies": {**broken.therapies, tid: fixed}})
    example = find(
        escalating,
        lambda s: bool(limit_violations(s, recommend(s, broken))),
        settings=settings(max_examples=2000, deadline=None, database=None),
    )
    assert example.age_years < 18
