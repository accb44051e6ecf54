"""Unit tests for the decision engine (pathway.clinical.engine): one test per rule and per age/site limit.

Expected answers come from the two source documents (000: atopic dermatitis not improving on
topical steroids; 003: dermatitis on the back unresponsive to steroid creams) and from the
figures in content/*.yaml, never from re-running the engine's own helpers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pathway.clinical.engine import default_content, recommend, severity_band
from pathway.clinical.scenario import Recommendation, Scenario

CONTENT = default_content()
TIMELINES_YAML = Path(__file__).resolve().parents[2] / "content" / "timelines.yaml"

# A steroid trial that is adequate on every site and at every severity: high potency, twice daily,
# 3 weeks, adherence confirmed. Tests override what they need.
ADEQUATE = dict(tcs_potency="high", applications_per_day=2, weeks_on_treatment=3, adherence_confirmed=True)

TCI = {"tacrolimus_0.1", "tacrolimus_0.03", "pimecrolimus_1"}
PHOTO = {"nb_uvb", "bb_uvb", "uva"}
IMMUNOMODULATORS = ["cyclosporine", "azathioprine", "methotrexate", "mycophenolate"]
ESCALATION_IDS = {"wet_wrap", *TCI, "ruxolitinib_cream", "crisaborole", *PHOTO, "dupilumab", *IMMUNOMODULATORS}
ALL_TRIED = ["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"]


def rec(**fields) -> Recommendation:
    """Recommendation for an adequately treated adult (30 years, trunk) with the given changes."""
    return recommend(Scenario(**{"age_years": 30, "site": "trunk", **ADEQUATE, **fields}))


def ids(r: Recommendation) -> list[str]:
    return [o.id for o in r.options]


def option(r: Recommendation, option_id: str):
    matches = [o for o in r.options if o.id == option_id]
    assert matches, f"{option_id} not among {ids(r)}"
    return matches[0]


def rule_text(rule_id: str, **facts: str) -> str:
    """The why/warning line a rule produces, filled with the given facts (weeks as a number)."""
    if "weeks" in facts:
        weeks = float(facts["weeks"])
        facts["weeks"] = f"{weeks:g} week" + ("" if weeks == 1 else "s")
    return CONTENT.rules[rule_id].text.format(**facts)


def why_texts(r: Recommendation) -> list[str]:
    return [line.text for line in r.why]


def warning_texts(r: Recommendation) -> list[str]:
    return [line.text for line in r.warnings]


def refer_texts(r: Recommendation) -> list[str]:
    return [line.text for line in r.refer_reasons]


def referral(criterion: str) -> str:
    return CONTENT.referral[criterion].text


def stage(**fields) -> str:
    return rec(**fields).stage


# ----------------------------------------------------------------------------- severity band


@pytest.mark.parametrize(
    "scorad, band",
    [(0, "mild"), (24.99, "mild"), (25, "moderate"), (37, "moderate"), (50, "moderate"),
     (50.01, "severe"), (103, "severe")],
)
def test_severity_band_edges(scorad, band):
    assert severity_band(scorad) == band
    assert rec(scorad=scorad).severity_band == band


def test_engine_band_agrees_with_the_scorad_calculator_at_the_edge():
    # Regression: the calculator's 24.999999999999996 was 'moderate' on the scores page but 'mild' in
    # the engine, whose why line then read "SCORAD 25 falls in the mild band" and skipped wet wraps.
    from pathway.clinical.scores import band_for, load_instruments, scorad

    value = scorad(1.0, [1, 1, 0, 0, 0, 0], itch=8.1, sleep=9.7)  # 1/5 + 7*2/2 + 17.8 = 25
    calculator_band = band_for(load_instruments()["scorad"], value).label
    assert calculator_band == "moderate"
    r = rec(scorad=value)
    assert r.severity_band == calculator_band
    assert r.why[0].text.startswith("SCORAD 25 falls in the moderate band")
    assert r.stage == "wet_wrap"


def test_band_line_states_the_score_and_band():
    r = rec(scorad=50.01)
    assert r.why[0].text.startswith("SCORAD 50.01 falls in the severe band")


# ----------------------------------------------------------------------------- eczema herpeticum


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"controlled": True},
        {"signs": ["eczema_herpeticum", "bacterial_infection"]},
        {"signs": ["eczema_herpeticum", "contact_dermatitis_suspected", "atypical_presentation"]},
        {"tcs_potency": "none", "applications_per_day": 0, "weeks_on_treatment": 0, "adherence_confirmed": False},
        {"site": "back", "scorad": 80, "tried": ALL_TRIED, "qol_impact": True, "weight_kg": 70},
        {"age_years": 0.2, "site": "face"},
    ],
    ids=["plain", "controlled", "with_bacterial", "with_complicating", "inadequate", "back_everything_tried",
         "infant_face"],
)
def test_eczema_herpeticum_pre_empts_everything(extra):
    fields = {"signs": ["eczema_herpeticum"], **extra}
    r = rec(**fields)
    assert r.stage == "eczema_herpeticum"
    both = "bacterial_infection" in fields["signs"]
    assert ids(r) == ["aciclovir"] + (["flucloxacillin", "erythromycin"] if both else [])
    assert r.alternatives == []
    assert r.refer is True
    assert r.refer_urgency == "same_day"
    assert referral("severe_infection") in refer_texts(r)
    assert "eczema_herpeticum" in r.red_flags
    assert rule_text("herpeticum_first") in why_texts(r)
    assert "aciclovir_now" in [t.id for t in r.expected_timeline]


def test_herpeticum_with_bacterial_infection_treats_both():
    r = rec(signs=["bacterial_infection", "eczema_herpeticum"])
    assert set(r.red_flags) == {"eczema_herpeticum", "bacterial_infection"}
    assert rule_text("herpeticum_with_infection") in why_texts(r)
    assert {"aciclovir", "flucloxacillin", "erythromycin"} <= set(ids(r))
    assert r.refer_urgency == "same_day"


# ----------------------------------------------------------------------------- bacterial infection


def test_bacterial_infection_is_treated_before_escalation():
    r = rec(signs=["bacterial_infection"], scorad=40)
    assert r.stage == "treat_infection"
    assert {"flucloxacillin", "erythromycin"} <= set(ids(r))
    # document 003: keep the steroid in use going with the antibiotic (never step it up at this point)
    assert "tcs_high" in ids(r) and "tcs_medium" not in ids(r)
    assert "tcs_medium" in ids(rec(signs=["bacterial_infection"], scorad=40, tcs_potency="medium"))
    assert not ESCALATION_IDS & set(ids(r))
    assert r.alternatives == []
    assert r.red_flags == ["bacterial_infection"]
    assert r.refer_urgency != "same_day"
    why = why_texts(r)
    assert rule_text("infection_before_escalation") in why
    assert rule_text("infection_continue_tcs") in why


def test_bacterial_infection_in_severe_disease_continues_a_potent_steroid():
    r = rec(signs=["bacterial_infection"], scorad=70)
    assert "tcs_high" in ids(r)
    assert "tcs_medium" not in ids(r)


def test_bacterial_infection_mentions_that_nice_differs():
    r = rec(signs=["bacterial_infection"])
    nice = [w for w in r.warnings if w.text == rule_text("infection_nice")]
    assert nice and nice[0].sources == ["ctx_nice_ng190"]


@pytest.mark.parametrize(
    "extra",
    [{"controlled": True}, {"weeks_on_treatment": 0, "adherence_confirmed": False},
     {"signs": ["bacterial_infection", "contact_dermatitis_suspected"]}, {"site": "back", "tried": ALL_TRIED}],
    ids=["controlled", "inadequate", "with_contact_dermatitis", "back_everything_tried"],
)
def test_bacterial_infection_comes_before_maintenance_adequacy_and_escalation(extra):
    fields = {"signs": ["bacterial_infection"], **extra}
    assert stage(**fields) == "treat_infection"


# ----------------------------------------------------------------------------- adequacy


@pytest.mark.parametrize(
    "change, rule_id",
    [
        ({"site": "trunk", "tcs_potency": "low"}, "adequacy_potency_trunk_limbs"),
        ({"site": "limbs", "tcs_potency": "low"}, "adequacy_potency_trunk_limbs"),
        ({"site": "hands", "tcs_potency": "none"}, "adequacy_potency_trunk_limbs"),
        ({"site": "back", "tcs_potency": "medium"}, "adequacy_potency_back"),
        ({"site": "back", "scorad": 10, "tcs_potency": "medium"}, "adequacy_potency_back"),
        ({"site": "trunk", "scorad": 60, "tcs_potency": "medium"}, "adequacy_potency_severe"),
        ({"site": "limbs", "scorad": 50.01, "tcs_potency": "medium"}, "adequacy_potency_severe"),
        ({"applications_per_day": 1}, "adequacy_frequency"),
        ({"applications_per_day": 0}, "adequacy_frequency"),
        ({"weeks_on_treatment": 1.9}, "adequacy_duration"),
        ({"adherence_confirmed": False}, "adequacy_adherence"),
    ],
)
def test_each_shortfall_stops_escalation_with_its_own_why_line(change, rule_id):
    fields = {"scorad": 40, **change}
    r = rec(**fields)
    scenario = Scenario(**{"age_years": 30, "site": "trunk", **ADEQUATE, **fields})
    expected = rule_text(rule_id, site=scenario.site, weeks=f"{scenario.weeks_on_treatment:g}")
    assert r.stage == "verify_adequacy"
    assert expected in why_texts(r)
    assert rule_text("adequacy_confirmed", weeks=f"{scenario.weeks_on_treatment:g}") not in why_texts(r)
    assert not ESCALATION_IDS & set(ids(r))


def test_every_shortfall_at_once_gives_one_line_each():
    r = rec(site="trunk", scorad=30, tcs_potency="low", applications_per_day=1, weeks_on_treatment=1,
            adherence_confirmed=False)
    why = why_texts(r)
    for rule_id in ("adequacy_potency_trunk_limbs", "adequacy_frequency", "adequacy_duration", "adequacy_adherence"):
        assert why.count(rule_text(rule_id, site="trunk", weeks="1")) == 1, rule_id
    assert "1 week on this regimen is too short" in " ".join(why)


@pytest.mark.parametrize(
    "fields",
    [
        {"site": "trunk", "scorad": 40, "tcs_potency": "medium"},
        {"site": "limbs", "scorad": 50, "tcs_potency": "medium"},
        {"site": "hands", "scorad": 30, "tcs_potency": "medium"},
        {"site": "back", "scorad": 40, "tcs_potency": "high"},
        {"site": "trunk", "scorad": 70, "tcs_potency": "high"},
        {"site": "trunk", "scorad": 70, "tcs_potency": "very_high"},
        {"site": "trunk", "scorad": 40, "weeks_on_treatment": 2},
        {"site": "trunk", "scorad": 40, "applications_per_day": 4},
    ],
)
def test_adequate_trial_moves_on_to_escalation(fields):
    r = rec(**fields)
    assert r.stage != "verify_adequacy"
    weeks = f"{fields.get('weeks_on_treatment', ADEQUATE['weeks_on_treatment']):g}"
    assert rule_text("adequacy_confirmed", weeks=weeks) in why_texts(r)


@pytest.mark.parametrize("site", ["face", "neck", "flexures", "genitals"])
@pytest.mark.parametrize("potency", ["low", "medium", "high", "very_high"])
def test_sensitive_sites_accept_any_steroid(site, potency):
    r = rec(site=site, scorad=70, tcs_potency=potency)
    assert r.stage != "verify_adequacy"
    assert rule_text("adequacy_potency_sensitive", site=site) not in why_texts(r)


@pytest.mark.parametrize("site", ["face", "neck", "flexures", "genitals"])
def test_sensitive_site_without_any_steroid_is_not_an_adequate_trial(site):
    r = rec(site=site, tcs_potency="none")
    assert r.stage == "verify_adequacy"
    assert rule_text("adequacy_potency_sensitive", site=site) in why_texts(r)


@pytest.mark.parametrize(
    "fields, steroid",
    [({"site": "trunk", "scorad": 30}, "tcs_medium"), ({"site": "back", "scorad": 30}, "tcs_high"),
     ({"site": "limbs", "scorad": 70}, "tcs_high")],
)
def test_verify_adequacy_offers_the_steroid_the_site_needs(fields, steroid):
    r = rec(tcs_potency="low", **fields)
    assert r.stage == "verify_adequacy"
    assert ids(r) == [steroid, "emollients"]


# ----------------------------------------------------------------------------- complicating factors


def test_suspected_contact_dermatitis_means_patch_testing_and_referral():
    r = rec(site="hands", scorad=35, tcs_potency="medium", signs=["contact_dermatitis_suspected"])
    assert r.stage == "complicating_factors"
    assert "patch_testing" in ids(r)
    assert not ESCALATION_IDS & set(ids(r))
    assert r.refer is True and r.refer_urgency == "routine"
    assert referral("patch_testing") in refer_texts(r)
    assert rule_text("contact_dermatitis") in why_texts(r)


def test_atypical_presentation_refers_with_doubtful_diagnosis():
    r = rec(scorad=40, signs=["atypical_presentation"])
    assert r.stage == "complicating_factors"
    assert "patch_testing" not in ids(r)
    assert not ESCALATION_IDS & set(ids(r))
    assert r.refer is True
    assert referral("doubtful_diagnosis") in refer_texts(r)
    assert rule_text("atypical_presentation") in why_texts(r)


def test_both_complicating_factors_give_both_reasons():
    r = rec(signs=["contact_dermatitis_suspected", "atypical_presentation"])
    assert r.stage == "complicating_factors"
    assert {referral("patch_testing"), referral("doubtful_diagnosis")} <= set(refer_texts(r))


def test_no_complicating_factor_says_so_before_escalating():
    r = rec(scorad=40)
    assert rule_text("no_complicating_factors") in why_texts(r)
    assert r.stage == "wet_wrap"


# ----------------------------------------------------------------------------- document 000 ladder


@pytest.mark.parametrize(
    "scorad, tried, expected",
    [
        # moderate: wet wrap -> calcineurin inhibitor -> newer topicals -> phototherapy -> systemic
        (40, [], "wet_wrap"),
        (40, ["wet_wrap"], "topical_calcineurin_inhibitor"),
        (40, ["wet_wrap", "topical_calcineurin_inhibitor"], "newer_topicals"),
        (40, ["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals"], "phototherapy"),
        (40, ALL_TRIED, "systemic"),
        # skipping only what was tried, in any order
        (40, ["topical_calcineurin_inhibitor"], "wet_wrap"),
        (40, ["newer_topicals", "wet_wrap"], "topical_calcineurin_inhibitor"),
        (40, ["phototherapy", "wet_wrap", "topical_calcineurin_inhibitor"], "newer_topicals"),
        # severe: no newer topicals (mild-to-moderate only)
        (70, [], "wet_wrap"),
        (70, ["wet_wrap"], "topical_calcineurin_inhibitor"),
        (70, ["wet_wrap", "topical_calcineurin_inhibitor"], "phototherapy"),
        (70, ["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"], "systemic"),
        # mild: no wet wraps (moderate-to-severe only)
        (10, [], "topical_calcineurin_inhibitor"),
        (24.99, ["topical_calcineurin_inhibitor"], "newer_topicals"),
        (10, ["topical_calcineurin_inhibitor", "newer_topicals"], "phototherapy"),
        # mild: no systemic agent (every one has the moderate-to-severe gate), so step 5 and referral
        (10, ["topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"], "complicating_factors"),
    ],
)
def test_document_000_ladder_order(scorad, tried, expected):
    r = rec(site="trunk", scorad=scorad, tried=tried, qol_impact=True)
    assert r.stage == expected
    assert rule_text("ladder_000") in why_texts(r)


def test_tried_rungs_are_named_in_the_trace():
    r = rec(scorad=40, tried=["wet_wrap", "topical_calcineurin_inhibitor"])
    assert rule_text("already_tried", tried="wet wrap, topical calcineurin inhibitor") in why_texts(r)


@pytest.mark.parametrize("scorad, steroid", [(40, "tcs_medium"), (70, "tcs_high")])
def test_wet_wrap_stage_options(scorad, steroid):
    r = rec(scorad=scorad)
    assert r.stage == "wet_wrap"
    assert ids(r) == ["wet_wrap", steroid, "emollients"]
    assert rule_text("wet_wrap_moderate_severe") in why_texts(r)
    assert "4.4 points against 3.0" in rule_text("wet_wrap_moderate_severe")
    assert "wet_wrap_beyond_14_days" in r.avoid


@pytest.mark.parametrize("scorad", [0, 10, 24.99])
def test_mild_disease_never_gets_wet_wraps(scorad):
    for tried in ([], ["topical_calcineurin_inhibitor"]):
        r = rec(scorad=scorad, tried=tried)
        assert "wet_wrap" not in ids(r)
        assert r.stage != "wet_wrap"


@pytest.mark.parametrize("tried", [[], ["wet_wrap"], ["wet_wrap", "topical_calcineurin_inhibitor"]])
def test_severe_disease_never_gets_newer_topicals(tried):
    r = rec(scorad=70, tried=tried, phototherapy_access=False)
    assert r.stage != "newer_topicals"
    assert not {"ruxolitinib_cream", "crisaborole"} & set(ids(r))


# ----------------------------------------------------------------------------- document 003 ladder (back)


@pytest.mark.parametrize("scorad", [25, 44, 70])
def test_back_goes_to_narrowband_uvb_first(scorad):
    r = rec(site="back", scorad=scorad)
    assert r.stage == "phototherapy"
    assert ids(r) == ["nb_uvb"], "document 003 names narrowband UVB only"
    assert rule_text("ladder_003_back") in why_texts(r)
    assert rule_text("phototherapy_before_systemic") in why_texts(r)


def test_back_alternative_is_document_000_wet_wraps_with_document_000_sources():
    r = rec(site="back", scorad=44)
    assert len(r.alternatives) == 1
    alt = r.alternatives[0]
    assert alt.stage == "wet_wrap"
    assert alt.document == "doc_000"
    assert [o.id for o in alt.options] == ["wet_wrap", "tcs_high", "emollients"]
    assert "Document 000" in alt.text
    doc000_option_sources = {s for o in alt.options for s in o.sources if CONTENT.document_of(s) == "doc_000"}
    assert doc000_option_sources <= set(alt.sources)
    assert "d000_r6" in alt.sources, "the wet-wrap trial reference of document 000"


@pytest.mark.parametrize(
    "fields",
    [
        {"scorad": 44, "tried": ["phototherapy"]},
        {"scorad": 44, "phototherapy_access": False},
        {"scorad": 10},
    ],
    ids=["phototherapy_tried", "no_access", "mild"],
)
def test_back_then_offers_pimecrolimus_only(fields):
    r = rec(site="back", **fields)
    assert r.stage == "topical_calcineurin_inhibitor"
    assert ids(r) == ["pimecrolimus_1"], "document 003's alternative second line is pimecrolimus"
    assert rule_text("tci_003_pimecrolimus") in why_texts(r)
    assert "continuous_tci" in r.avoid


def test_back_without_phototherapy_access_says_why_it_was_skipped():
    r = rec(site="back", scorad=44, phototherapy_access=False)
    assert rule_text("phototherapy_no_access") in why_texts(r)


def test_back_after_phototherapy_and_pimecrolimus_goes_systemic_in_document_003_order():
    r = rec(site="back", scorad=44, tried=["phototherapy", "topical_calcineurin_inhibitor"], qol_impact=True,
            weight_kg=70)
    assert r.stage == "systemic"
    # document 003's order, with dupilumab (document 000, any site) beside them
    assert ids(r) == IMMUNOMODULATORS + ["dupilumab"]
    assert r.alternatives and r.alternatives[0].document == "doc_000"
    assert r.alternatives[0].stage == "wet_wrap"


def test_severe_back_skips_pimecrolimus_after_phototherapy():
    r = rec(site="back", scorad=70, tried=["phototherapy"], qol_impact=True)
    assert r.stage == "systemic"
    assert "pimecrolimus_1" not in ids(r)


def test_trunk_alternative_is_document_003_phototherapy():
    r = rec(site="trunk", scorad=40)
    assert r.stage == "wet_wrap"
    assert len(r.alternatives) == 1
    alt = r.alternatives[0]
    assert (alt.stage, alt.document) == ("phototherapy", "doc_003")
    assert [o.id for o in alt.options] == ["nb_uvb"]
    assert "Document 003" in alt.text
    assert {"d003_r1", "d003_r7"} <= set(alt.sources)


def test_no_alternative_when_both_documents_agree():
    r = rec(site="trunk", scorad=10)  # mild: both ladders start with a calcineurin inhibitor
    assert r.stage == "topical_calcineurin_inhibitor"
    assert r.alternatives == []


def test_calcineurin_inhibitor_next_to_phototherapy_alternative_warns_not_to_combine():
    r = rec(site="trunk", scorad=70, tried=["wet_wrap"])
    assert r.stage == "topical_calcineurin_inhibitor"
    assert [a.stage for a in r.alternatives] == ["phototherapy"]
    conflict = [w for w in r.warnings if w.rule == "avoid:tci_during_phototherapy"]
    assert len(conflict) == 1 and "never both at once" in conflict[0].text
    assert conflict[0].sources == CONTENT.avoid["tci_during_phototherapy"].sources
    assert "tci_during_phototherapy" in r.avoid


# ----------------------------------------------------------------------------- calcineurin inhibitors


@pytest.mark.parametrize(
    "fields, tacrolimus, rule_id",
    [
        ({"age_years": 30, "site": "trunk"}, "tacrolimus_0.1", "tci_strength_adult"),
        ({"age_years": 18, "site": "limbs"}, "tacrolimus_0.1", "tci_strength_adult"),
        ({"age_years": 30, "site": "face"}, "tacrolimus_0.03", "tci_strength_sensitive"),
        ({"age_years": 30, "site": "flexures"}, "tacrolimus_0.03", "tci_strength_sensitive"),
        ({"age_years": 10, "site": "trunk"}, "tacrolimus_0.03", "tci_strength_child"),
        ({"age_years": 17.9, "site": "limbs"}, "tacrolimus_0.03", "tci_strength_child"),
        ({"age_years": 2, "site": "trunk"}, "tacrolimus_0.03", "tci_strength_child"),
    ],
)
def test_tacrolimus_strength_by_site_and_age(fields, tacrolimus, rule_id):
    r = rec(scorad=40, tried=["wet_wrap"], **fields)
    assert r.stage == "topical_calcineurin_inhibitor"
    tac = [i for i in ids(r) if i.startswith("tacrolimus")]
    assert tac == [tacrolimus]
    assert option(r, tacrolimus).strength == tacrolimus.split("_")[1] + "%"
    assert "pimecrolimus_1" in ids(r)
    age = f"{fields['age_years']:g} years"
    assert rule_text(rule_id, site=fields["site"], age=age) in why_texts(r)


@pytest.mark.parametrize("age", [0, 0.5, 1, 1.99])
def test_no_calcineurin_inhibitor_under_2_years(age):
    for fields in ({"scorad": 40, "tried": ["wet_wrap"]}, {"scorad": 10}, {"site": "back", "scorad": 10}):
        r = rec(age_years=age, **fields)
        assert not TCI & set(ids(r))
        assert r.stage != "topical_calcineurin_inhibitor"
        assert not TCI & {o.id for a in r.alternatives for o in a.options}


def test_an_infant_at_the_calcineurin_rung_moves_on_to_crisaborole():
    r = rec(age_years=1, scorad=38, tried=["wet_wrap"], phototherapy_access=False)
    assert r.stage == "newer_topicals"
    assert ids(r) == ["crisaborole"]
    rux = CONTENT.therapies["ruxolitinib_cream"]
    limit = next(lim for lim in rux.limits if lim.kind == "min_age")
    assert rule_text("limit_excluded", name=rux.name, limit=limit.text) in warning_texts(r)


@pytest.mark.parametrize(
    "fields, therapy_id",
    [
        ({"age_years": 1, "scorad": 38, "tried": ["wet_wrap"]}, "pimecrolimus_1"),
        ({"age_years": 1, "scorad": 38, "tried": ["wet_wrap"]}, "tacrolimus_0.03"),
        ({"immunocompromised": True, "scorad": 38, "tried": ["wet_wrap"]}, "pimecrolimus_1"),
        ({"age_years": 0.3, "scorad": 60, "tried": ALL_TRIED}, "dupilumab"),
    ],
    ids=["under2_pimecrolimus", "under2_tacrolimus", "immunocompromised_pimecrolimus", "under6months_dupilumab"],
)
def test_a_rung_emptied_by_a_limit_is_explained_in_warnings(fields, therapy_id):
    # Regression: a rung emptied by an age or immune limit used to be skipped without a word.
    r = rec(**fields)
    assert therapy_id not in ids(r)
    name = CONTENT.therapies[therapy_id].name
    assert any(name in w for w in warning_texts(r)), warning_texts(r)


def test_no_calcineurin_inhibitor_when_immunocompromised():
    r = rec(immunocompromised=True, scorad=38, tried=["wet_wrap"])
    assert not TCI & set(ids(r))
    assert r.stage == "newer_topicals"
    back = rec(immunocompromised=True, site="back", scorad=10)
    assert "pimecrolimus_1" not in ids(back)


def test_pimecrolimus_not_offered_in_severe_disease_and_the_warning_says_so():
    r = rec(scorad=70, tried=["wet_wrap"])
    assert ids(r) == ["tacrolimus_0.1"]
    name = CONTENT.therapies["pimecrolimus_1"].name
    basis = CONTENT.therapies["pimecrolimus_1"].severity_basis
    expected = rule_text("severity_excluded", name=name, band="severe", limit=basis.text)
    assert expected in warning_texts(r)
    line = next(w for w in r.warnings if w.text == expected)
    assert line.sources == basis.sources


def test_ruxolitinib_not_under_12_but_crisaborole_is():
    r = rec(age_years=10, scorad=10, tried=["topical_calcineurin_inhibitor"])
    assert r.stage == "newer_topicals"
    assert ids(r) == ["crisaborole"]
    r12 = rec(age_years=12, scorad=10, tried=["topical_calcineurin_inhibitor"])
    assert ids(r12) == ["ruxolitinib_cream", "crisaborole"]


# ----------------------------------------------------------------------------- phototherapy


def test_document_000_phototherapy_offers_all_three_kinds_and_avoids_calcineurin_inhibitors():
    r = rec(scorad=40, tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals"])
    assert r.stage == "phototherapy"
    assert ids(r) == ["nb_uvb", "bb_uvb", "uva"]
    assert "tci_during_phototherapy" in r.avoid
    assert rule_text("tci_not_with_phototherapy") in warning_texts(r)


def test_phototherapy_skipped_without_access():
    r = rec(scorad=40, tried=["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals"],
            phototherapy_access=False)
    assert r.stage == "systemic"
    assert not PHOTO & set(ids(r))
    assert not PHOTO & {o.id for a in r.alternatives for o in a.options}
    assert rule_text("phototherapy_no_access") in why_texts(r)


# ----------------------------------------------------------------------------- systemic


def test_systemic_without_quality_of_life_impact_offers_no_immunomodulator():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=False, weight_kg=70)
    assert r.stage == "systemic"
    assert ids(r) == ["dupilumab"]
    assert rule_text("systemic_no_qol") in why_texts(r)


def test_systemic_with_quality_of_life_impact_offers_immunomodulators_and_dupilumab():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=True)
    assert ids(r) == IMMUNOMODULATORS + ["dupilumab"]
    assert rule_text("systemic_qol") in why_texts(r)
    assert rule_text("dupilumab_indication") in why_texts(r)


def test_weight_based_daily_dose_at_70_kg():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=True, weight_kg=70)
    assert option(r, "cyclosporine").daily_dose_mg == (210, 300)  # 3-6 mg/kg/day x 70 kg, capped at 300
    # azathioprine: no adult maximum in the sources, so its mg/kg range is never multiplied
    assert option(r, "azathioprine").daily_dose_mg is None and "no adult maximum" in option(r, "azathioprine").dose_warning
    assert option(r, "cyclosporine").dose == "3-6 mg/kg/day"
    # not weight-based: no per-day figure is invented
    assert option(r, "methotrexate").daily_dose_mg is None
    assert option(r, "methotrexate").dose == "7.5-25 mg/week"
    assert option(r, "mycophenolate").daily_dose_mg is None
    assert option(r, "mycophenolate").dose == "1-1.5 g twice daily (2-3 g a day)"
    assert option(r, "dupilumab").daily_dose_mg is None
    name = CONTENT.therapies["cyclosporine"].name
    line = rule_text("weight_based_dose", name=name, range="3-6 mg/kg/day", weight="70", low="210", high="300")
    assert line in why_texts(r)
    assert any(w.rule == "dose_capped" and "210-420" in w.text for w in r.warnings)


def test_weight_based_dose_follows_the_weight():
    r = rec(age_years=40, scorad=70, tried=ALL_TRIED, qol_impact=True, weight_kg=45.5)
    # 3-6 x 45.5 = 136.5-273, capped at 5 mg/kg/day (the UK adult label) = 227.5
    assert option(r, "cyclosporine").daily_dose_mg == pytest.approx((136.5, 227.5))


def test_no_daily_dose_without_weight():
    r = rec(scorad=70, tried=ALL_TRIED, qol_impact=True)
    assert all(o.daily_dose_mg is None for o in r.options)
    assert option(r, "cyclosporine").dose == "3-6 mg/kg/day"
    assert not any("mg a day" in t for t in why_texts(r))


def test_cyclosporine_adult_range_fact_check_only_for_adults():
    adult = rec(scorad=70, tried=ALL_TRIED, qol_impact=True)
    child = rec(age_years=10, scorad=70, tried=ALL_TRIED, qol_impact=True)
    assert rule_text("cyclosporine_adult_range") in warning_texts(adult)
    assert rule_text("cyclosporine_adult_range") not in warning_texts(child)


@pytest.mark.parametrize("age, has_dupilumab", [(0.4, False), (0.49, False), (0.5, True), (1, True)])
def test_dupilumab_from_6_months_and_only_through_a_specialist_in_children(age, has_dupilumab):
    r = rec(age_years=age, scorad=60, tried=ALL_TRIED, qol_impact=True)
    assert r.stage == "specialist_referral"
    assert ("dupilumab" in ids(r)) is has_dupilumab
    if has_dupilumab:
        assert option(r, "dupilumab").specialist_only
    dupilumab = CONTENT.therapies["dupilumab"]
    min_age = next(lim for lim in dupilumab.limits if lim.kind == "min_age")
    limit_line = rule_text("limit_excluded", name=dupilumab.name, limit=min_age.text)
    assert (limit_line in warning_texts(r)) is not has_dupilumab


@pytest.mark.parametrize("scorad", [15, 24.9])
def test_no_systemic_agent_in_mild_disease_the_same_gate_for_all(scorad):
    r = rec(scorad=scorad, tried=["topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"], qol_impact=True)
    assert r.stage == "complicating_factors"
    assert not {"dupilumab", *IMMUNOMODULATORS} & set(ids(r))
    assert r.refer


def test_an_exhausted_back_ladder_falls_back_to_document_000():
    # severe back, phototherapy tried, no quality-of-life impact: document 003 has nothing left, but
    # document 000's wet wraps were never tried
    r = rec(site="back", scorad=70, tried=["phototherapy"], qol_impact=False)
    assert r.stage == "wet_wrap"
    assert rule_text("fallback_other_document", primary="003", other="000") in why_texts(r)
    r = rec(site="back", scorad=70, tried=["phototherapy", "wet_wrap"], qol_impact=False)
    assert r.stage == "topical_calcineurin_inhibitor" and "tacrolimus_0.1" in ids(r)


def test_when_both_ladders_are_exhausted_step_5_and_referral():
    r = rec(site="back", scorad=20, tried=ALL_TRIED, qol_impact=True)  # mild: no systemic agent
    assert r.stage == "complicating_factors"
    assert "patch_testing" in ids(r)
    assert rule_text("topicals_exhausted_review") in why_texts(r)
    assert r.refer


# ----------------------------------------------------------------------------- maintenance


def test_controlled_disease_moves_to_proactive_maintenance():
    r = rec(controlled=True, scorad=8, weeks_on_treatment=6)
    assert r.stage == "maintenance"
    assert ids(r) == ["proactive_tcs", "proactive_tacrolimus", "emollients"]
    assert "long_term_high_potency_tcs" in r.avoid
    assert rule_text("controlled_maintenance") in why_texts(r)
    assert r.refer is False, "controlled disease is not 'no improvement after 4 weeks'"
    proactive = [t for t in r.expected_timeline if t.id == "proactive_course"]
    assert proactive and (proactive[0].min, proactive[0].max, proactive[0].unit) == (16, 36, "weeks")


def test_maintenance_even_when_the_steroid_trial_looks_inadequate():
    r = rec(controlled=True, tcs_potency="low", applications_per_day=1, weeks_on_treatment=0,
            adherence_confirmed=False)
    assert r.stage == "maintenance"


@pytest.mark.parametrize("fields, expected", [
    # under 2: no tacrolimus; and a child's trunk keeps moderate steroids to 1-2-week courses (BNFC),
    # so twice-weekly maintenance for months is outside the sources
    ({"age_years": 1.5}, ["emollients"]),
    ({"immunocompromised": True}, ["proactive_tcs", "emollients"]),
])
def test_no_proactive_tacrolimus_under_2_or_when_immunocompromised(fields, expected):
    r = rec(controlled=True, scorad=8, **fields)
    assert ids(r) == expected


def test_maintenance_after_phototherapy_mentions_weekly_nb_uvb_from_document_003():
    r = rec(controlled=True, tried=["phototherapy"])
    assert r.stage == "maintenance"
    assert len(r.alternatives) == 1
    alt = r.alternatives[0]
    assert alt.document == "doc_003"
    assert [o.id for o in alt.options] == ["nb_uvb"]
    assert alt.text == rule_text("maintenance_phototherapy")
    assert "tci_during_phototherapy" in r.avoid, "proactive tacrolimus sits next to an NB-UVB alternative"


def test_maintenance_alternative_does_not_repeat_the_primary_stage():
    # Regression: the weekly NB-UVB alternative used to carry the stage 'maintenance' itself.
    r = rec(controlled=True, tried=["phototherapy"])
    assert r.alternatives
    assert all(a.stage != r.stage for a in r.alternatives)


def test_no_weekly_nb_uvb_maintenance_without_access():
    # Regression: it used to be offered even without access to a phototherapy unit.
    r = rec(controlled=True, tried=["phototherapy"], phototherapy_access=False)
    assert r.stage == "maintenance"
    assert not PHOTO & {o.id for a in r.alternatives for o in a.options}


# ----------------------------------------------------------------------------- referral


def test_four_weeks_of_adequate_treatment_without_improvement_refers():
    r = rec(scorad=40, weeks_on_treatment=4)
    assert r.stage == "wet_wrap"
    assert r.refer is True and r.refer_urgency == "routine"
    assert refer_texts(r) == [referral("no_improvement_4_weeks")]


def test_under_four_weeks_does_not_refer():
    r = rec(scorad=40, weeks_on_treatment=3.9)
    assert r.stage == "wet_wrap"
    assert r.refer is False and r.refer_urgency == "none"
    assert r.refer_reasons == []


@pytest.mark.parametrize(
    "shortfall",
    [{"adherence_confirmed": False}, {"applications_per_day": 1}, {"tcs_potency": "low"}],
    ids=["adherence", "frequency", "potency"],
)
def test_four_weeks_of_inadequate_treatment_does_not_refer(shortfall):
    r = rec(scorad=40, weeks_on_treatment=8, **shortfall)
    assert r.stage == "verify_adequacy"
    assert referral("no_improvement_4_weeks") not in refer_texts(r)
    assert r.refer is False


@pytest.mark.parametrize(
    "fields, expected_stage",
    [
        ({"site": "back", "scorad": 44}, "phototherapy"),
        ({"scorad": 70, "tried": ALL_TRIED, "qol_impact": True}, "systemic"),
        ({"scorad": 70, "tried": ALL_TRIED}, "systemic"),
    ],
)
def test_phototherapy_or_systemic_stage_refers(fields, expected_stage):
    r = rec(**fields)
    assert r.stage == expected_stage
    assert r.refer is True and r.refer_urgency == "routine"
    assert referral("needs_phototherapy_or_systemic") in refer_texts(r)


def test_contact_dermatitis_refers_even_before_the_trial_is_adequate():
    r = rec(signs=["contact_dermatitis_suspected"], adherence_confirmed=False)
    assert r.stage == "verify_adequacy"
    assert r.refer is True
    assert referral("patch_testing") in refer_texts(r)


def test_referral_reasons_add_up():
    r = rec(site="back", scorad=44, weeks_on_treatment=4)
    assert set(refer_texts(r)) == {referral("no_improvement_4_weeks"), referral("needs_phototherapy_or_systemic")}


# ----------------------------------------------------------------------------- expected timeline

RAW_TIMELINES = {t["id"]: t for t in yaml.safe_load(TIMELINES_YAML.read_text(encoding="utf-8"))["timelines"]}
WEEKS_PER_UNIT = {"hours": 1 / 168, "days": 1 / 7, "weeks": 1}


@pytest.mark.parametrize(
    "fields, expected_stage",
    [
        ({"scorad": 40}, "wet_wrap"),
        ({"scorad": 40, "tried": ["wet_wrap"]}, "topical_calcineurin_inhibitor"),
        ({"scorad": 40, "tried": ["wet_wrap", "topical_calcineurin_inhibitor"]}, "newer_topicals"),
        ({"site": "back", "scorad": 44}, "phototherapy"),
        ({"scorad": 70, "tried": ALL_TRIED, "qol_impact": True}, "systemic"),
        ({"controlled": True}, "maintenance"),
        ({"controlled": True, "tried": ["phototherapy"]}, "maintenance"),
        ({"signs": ["eczema_herpeticum"]}, "eczema_herpeticum"),
    ],
)
def test_expected_timeline_numbers_come_from_timelines_yaml(fields, expected_stage):
    r = rec(**fields)
    assert r.stage == expected_stage
    assert r.expected_timeline, "every escalation stage shows what to expect and when"
    in_plan = {o.id for o in r.options} | {o.id for a in r.alternatives for o in a.options}
    # a timing tied to a therapy shows only when that therapy is in the plan
    expected_ids = {i for i, t in RAW_TIMELINES.items()
                    if expected_stage in t["stages"] and t.get("therapy") in (None, *in_plan)}
    assert {t.id for t in r.expected_timeline} == expected_ids
    for entry in r.expected_timeline:
        raw = RAW_TIMELINES[entry.id]
        assert (entry.min, entry.max, entry.unit) == (raw["min"], raw["max"], raw["unit"])
        assert entry.sources == raw["sources"]
        per = WEEKS_PER_UNIT[raw["unit"]]
        assert entry.min_weeks == pytest.approx(raw["min"] * per, abs=1e-3)
        assert entry.max_weeks == pytest.approx(raw["max"] * per, abs=1e-3)
        assert entry.start_weeks == pytest.approx(raw.get("start", 0) * per, abs=1e-3)


def test_wet_wrap_timeline_shows_48_to_72_hours():
    r = rec(scorad=40)
    onset = {t.id: t for t in r.expected_timeline}["wet_wrap_onset"]
    assert (onset.min, onset.max, onset.unit) == (48, 72, "hours")
    assert onset.max_weeks == pytest.approx(72 / 168, abs=1e-3)


def test_calcineurin_timeline_includes_pimecrolimus_stop_at_6_weeks():
    r = rec(site="back", scorad=10)
    stop = {t.id: t for t in r.expected_timeline}["pimecrolimus_stop"]
    assert (stop.max, stop.unit) == (6, "weeks")


# ----------------------------------------------------------------------------- always

@pytest.mark.parametrize(
    "fields",
    [{}, {"scorad": 40}, {"controlled": True}, {"signs": ["eczema_herpeticum"]}, {"site": "back"}],
)
def test_antihistamines_and_systemic_steroid_maintenance_always_avoided(fields):
    r = rec(**fields)
    assert {"oral_antihistamines", "systemic_corticosteroid_maintenance"} <= set(r.avoid)
    assert set(r.avoid) <= set(CONTENT.avoid)


def test_recommend_accepts_a_plain_dict():
    assert recommend({"site": "back", "scorad": 44, **ADEQUATE}).stage == "phototherapy"


def test_exhausted_ladder_is_referred():
    """Every rung tried or barred (a 4-month-old: no calcineurin inhibitors, no dupilumab) -> refer."""
    rec = recommend({"age_years": 0.33, "scorad": 60, "tcs_potency": "high", "applications_per_day": 2,
                     "weeks_on_treatment": 3, "adherence_confirmed": True,
                     "tried": ["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"]})
    assert rec.stage == "complicating_factors"
    assert rec.refer
    assert "ladder_exhausted" in [r.rule for r in rec.refer_reasons]
    assert "needs_phototherapy_or_systemic" not in [r.rule for r in rec.refer_reasons]
    assert any("Dupilumab" in w.text for w in rec.warnings)
