"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit:
topical calcineurin inhibitors by site, age, severity and immune status, and the newer creams
when they are barred.
"""

from __future__ import annotations

import pytest
from engine_cases import ALL_TRIED, CONTENT, TCI, ids, option, rec, rule_text, warning_texts, why_texts

# ----------------------------------------------------------------------------- calcineurin inhibitors


@pytest.mark.parametrize(
    "fields, tacrolimus, rule_id",
    [
        ({"age_years": 30, "site": "trunk"}, "tacrolimus_0.1", "tci_strength_adult"),
        ({"age_years": 18, "site": "limbs"}, "tacrolimus_0.1", "tci_strength_adult"),
        ({"age_years": 30, "site": "face", "tcs_potency": "low"}, "tacrolimus_0.03", "tci_strength_sensitive"),
        ({"age_years": 30, "site": "flexures", "tcs_potency": "low"}, "tacrolimus_0.03", "tci_strength_sensitive"),
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
        (
            {
                "age_years": 0.3,
                "scorad": 60,
                "tried": ALL_TRIED,
                "tcs_product": "clobetasone_butyrate",
                "weeks_on_treatment": 1,
            },
            "dupilumab",
        ),
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
