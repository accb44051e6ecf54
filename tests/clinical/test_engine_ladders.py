"""Unit tests for the decision engine (pathway.clinical.engine), one test per rule and per age/site limit: the
order of the rungs on document 000's ladder and on document 003's (the back), and the other
document's choice shown as an alternative.
"""

from __future__ import annotations

import pytest
from engine_cases import ALL_TRIED, CONTENT, IMMUNOMODULATORS, ids, rec, rule_text, why_texts

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
    assert [o.id for o in alt.options] == ["wet_wrap", "tcs_potent_back", "emollients"]  # document 003's potent steroid
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
    r = rec(
        site="back", scorad=44, tried=["phototherapy", "topical_calcineurin_inhibitor"], qol_impact=True, weight_kg=70
    )
    assert r.stage == "systemic"
    # document 003's order, with dupilumab (document 000, any site) beside them
    assert ids(r) == [*IMMUNOMODULATORS, "dupilumab"]
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
