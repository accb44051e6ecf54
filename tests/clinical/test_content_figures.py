"""The clinical content (content/*.yaml): it carries the source documents' own figures (trial results,
doses, limits, strengths, timelines), each with its sources.
"""

from __future__ import annotations

import pytest
from content_cases import CONTENT

# ----------------------------------------------------------------------------- the documents' figures


def doc_of(sources: list[str]) -> set[str]:
    return {CONTENT.document_of(s) for s in sources}


def test_wet_wrap_trial_figures_4_4_vs_3_0():
    evidence = CONTENT.evidence["wet_wrap_scorad"]
    arms = [arm.value for arm in evidence.effect.arms]
    assert arms == [4.4, 3.0]
    assert evidence.effect.p_value == "p<0.011"
    assert evidence.sources == ["d000_r6"], "document 000 cites its reference 6 for the trial"
    assert "4.4" in CONTENT.rules["wet_wrap_moderate_severe"].text
    assert "p<0.011" in CONTENT.rules["wet_wrap_moderate_severe"].text


def test_proactive_maintenance_relative_risk():
    effect = CONTENT.evidence["proactive_rr"].effect
    assert (effect.value, effect.ci_low, effect.ci_high) == (0.46, 0.38, 0.55)
    assert "RR 0.46 (95% CI 0.38-0.55)" in CONTENT.therapies["proactive_tcs"].details[0].text


def test_proactive_maintenance_twice_weekly_for_16_to_36_weeks():
    course = CONTENT.timelines["proactive_course"]
    assert (course.min, course.max, course.unit) == (16, 36, "weeks")
    regimen = CONTENT.therapies["proactive_tcs"].regimen.text
    assert "twice a week" in regimen and "16-36 weeks" in regimen


@pytest.mark.parametrize(
    "therapy_id, low, high, unit",
    [
        ("cyclosporine", 3, 6, "mg/kg/day"),
        ("azathioprine", 1, 3, "mg/kg/day"),
        ("methotrexate", 7.5, 25, "mg/week"),
        ("mycophenolate", 1.0, 1.5, "g twice daily"),
    ],
)
def test_systemic_doses_from_document_003(therapy_id, low, high, unit):
    dose = CONTENT.therapies[therapy_id].dose
    assert (dose.min, dose.max, dose.unit) == (low, high, unit)
    assert "d003_r1" in dose.sources


def test_methotrexate_liver_biopsy_and_cyclosporine_creatinine_rule():
    methotrexate = " ".join(m.text for m in CONTENT.therapies["methotrexate"].monitoring)
    assert "3.5-4.0 g" in methotrexate
    cyclosporine = [m.text for m in CONTENT.therapies["cyclosporine"].monitoring]
    assert any("creatinine" in t.lower() and "25%" in t for t in cyclosporine)
    assert "folate" in CONTENT.therapies["methotrexate"].regimen.text


def test_narrowband_uvb_protocol():
    nb = CONTENT.therapies["nb_uvb"]
    assert nb.strength == "311-313 nm"
    assert "311-313 nm" in nb.name
    for figure in ("2-3", "50%", "20%"):
        assert figure in nb.regimen.text, figure
    assert doc_of(nb.regimen.sources) == {"doc_003"}


def test_pimecrolimus_stops_at_6_weeks():
    stop = CONTENT.timelines["pimecrolimus_stop"]
    assert (stop.max, stop.unit) == (6, "weeks")
    assert "6 weeks" in CONTENT.therapies["pimecrolimus_1"].regimen.text
    assert stop.sources == ["d003_r2"]


def _limit(therapy_id: str, kind: str):
    return next(lim for lim in CONTENT.therapies[therapy_id].limits if lim.kind == kind)


@pytest.mark.parametrize(
    "therapy_id, kind, value, sources",
    [
        ("dupilumab", "min_age", 6, ["d000_r10"]),
        ("pimecrolimus_1", "min_age", 24, ["d003_r2"]),
        ("tacrolimus_0.03", "min_age", 24, ["ctx_tci_labels"]),
        ("tacrolimus_0.1", "min_age", 216, ["d000_r1", "ctx_tci_labels"]),
        ("ruxolitinib_cream", "min_age", 144, ["ctx_us_labels_new"]),
        ("crisaborole", "min_age", 3, ["ctx_crisaborole_label"]),
        ("nb_uvb", "specialist_only", 216, ["ctx_nice_cg57", "d003_r1"]),
        ("cyclosporine", "specialist_only", 216, ["ctx_nice_cg57", "ctx_safety_limits"]),
        ("cyclosporine", "max_daily_dose", 300, ["ctx_aad_2014", "ctx_uk_cyclosporine_label"]),
        ("methotrexate", "adult_dose_only", 216, ["ctx_safety_limits"]),
    ],
)
def test_limits_carry_their_figures_and_sources(therapy_id, kind, value, sources):
    limit = _limit(therapy_id, kind)
    figure = getattr(limit, "months", None) or getattr(limit, "below_months", None) or limit.mg_per_day
    assert (figure, limit.sources) == (value, sources)


@pytest.mark.parametrize(
    "therapy_id, action, sources",
    [
        ("pimecrolimus_1", "exclude", ["d003_r2"]),
        ("tacrolimus_0.1", "exclude", ["ctx_tci_labels"]),
        ("ruxolitinib_cream", "exclude", ["ctx_ruxolitinib_label"]),
        ("azathioprine", "specialist", ["d003_r1", "d003_r2"]),
    ],
)
def test_immune_status_limits(therapy_id, action, sources):
    limit = _limit(therapy_id, "immunocompromised")
    assert (limit.action, limit.sources) == (action, sources)


def test_drug_reference_cautions_beyond_the_documents_are_cited_as_context():
    def warnings(tid):
        return {s for w in CONTENT.therapies[tid].warnings for s in w.sources}

    assert "ctx_mhra_methotrexate_2023" in warnings("methotrexate")
    assert "ctx_mhra_mycophenolate_2015" in warnings("mycophenolate")
    for tid in ("cyclosporine", "azathioprine", "methotrexate", "mycophenolate", "dupilumab"):
        assert "ctx_live_vaccine_labels" in warnings(tid), tid
    assert "ctx_aad_2014" in warnings("azathioprine")  # TPMT before the first dose


@pytest.mark.parametrize(
    "therapy_id, strength",
    [("tacrolimus_0.1", "0.1%"), ("tacrolimus_0.03", "0.03%"), ("pimecrolimus_1", "1%")],
)
def test_calcineurin_inhibitor_strengths(therapy_id, strength):
    therapy = CONTENT.therapies[therapy_id]
    assert therapy.strength == strength
    assert strength in therapy.name


def test_steroid_products_and_strengths():
    products = CONTENT.products
    medium = {products[p].name for p in CONTENT.therapies["tcs_medium"].products}
    high = {products[p].name: products[p] for p in CONTENT.therapies["tcs_high"].products}
    back = {products[p].name: products[p] for p in CONTENT.therapies["tcs_potent_back"].products}
    assert medium == {"mometasone furoate 0.1%", "fluticasone propionate 0.05%"}
    # document 000's "high" is betamethasone dipropionate; document 003's potent steroid for the back,
    # betamethasone valerate 0.1%, is US class 5 as a cream: no step up from the documents' "medium"
    assert set(high) == {"betamethasone dipropionate 0.05%"}
    assert set(back) == {"betamethasone valerate 0.1%"} and back["betamethasone valerate 0.1%"].word == "medium"
    assert doc_of(back["betamethasone valerate 0.1%"].sources) - {"doc_ctx"} == {"doc_003"}
    assert doc_of(high["betamethasone dipropionate 0.05%"].sources) - {"doc_ctx"} == {"doc_000"}


@pytest.mark.parametrize(
    "product, uk, us_class",
    [
        # the table in the checked context, "Two potency scales"
        ("hydrocortisone", "mild", "7"),
        ("clobetasone_butyrate", "moderate", "not a US product"),
        ("betamethasone_valerate_0025", "moderate", "not a US product"),
        ("mometasone_furoate", "potent", "4 (cream), 2 (ointment)"),
        ("fluticasone_propionate", "potent", "5 (cream)"),
        ("betamethasone_valerate", "potent", "5 (cream), 3 (ointment)"),
        ("betamethasone_dipropionate", "potent", "2-3 (augmented ointment: 1)"),
        ("hydrocortisone_butyrate", "potent", "5"),
        ("clobetasol_propionate", "very_potent", "1"),
    ],
)
def test_every_named_steroid_has_its_uk_and_us_class(product, uk, us_class):
    assert (CONTENT.products[product].uk, CONTENT.products[product].us_class) == (uk, us_class)


def test_the_documents_medium_and_high_are_potent_on_the_uk_scale():
    assert {w: CONTENT.potency_words[w].uk for w in ("low", "medium", "high", "very_high")} == {
        "low": "mild",
        "medium": "potent",
        "high": "potent",
        "very_high": "very_potent",
    }


@pytest.mark.parametrize(
    "timeline_id, low, high, unit",
    [
        ("wet_wrap_onset", 48, 72, "hours"),
        ("wet_wrap_course", 3, 7, "days"),
        ("wet_wrap_extension", 7, 14, "days"),
        ("tci_onset", 1, 2, "weeks"),
        ("systemic_consideration", 2, 4, "weeks"),
        ("referral_4_weeks", 4, 4, "weeks"),
        ("tcs_trial", 2, 4, "weeks"),
    ],
)
def test_document_timelines(timeline_id, low, high, unit):
    t = CONTENT.timelines[timeline_id]
    assert (t.min, t.max, t.unit) == (low, high, unit)
