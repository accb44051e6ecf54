"""Generated cases (pathway.learn.cases), 1,000 seeds checked: every vignette detail and every
distractor's reason is true for the patient.
"""

from __future__ import annotations

import pytest
from generated_cases import CONTENT, choice_of

from pathway.clinical.ladder import documents_for, ladder, rung_options
from pathway.clinical.steroid_trial import adequacy_shortfalls, weeks_needed
from pathway.clinical.trace import weeks_text
from pathway.learn.cases.words import NOUN

PRE_LADDER = {"eczema_herpeticum", "treat_infection", "verify_adequacy", "maintenance"}


def _distractors(item: dict) -> list[dict]:
    return [c for c in item["choices"] if c["id"] != item["answer"]]


# ----------------------------------------------------------------------------- the vignette tells the truth


def test_the_stem_reports_the_scenario(generated):
    for item, s, rec in generated.cases:
        stem = item["stem"]
        assert (
            f"SCORAD {s.scorad:g}" in stem
            or f"SCORAD today is {s.scorad:g}" in stem
            or f"SCORAD is {s.scorad:g}" in stem
        ), item["id"]
        assert ("punched-out" in stem) == ("eczema_herpeticum" in s.signs), item["id"]
        assert ("honey-coloured" in stem or "pustules" in stem) == ("bacterial_infection" in s.signs), item["id"]
        assert ("skin infections" in stem) == ("recurrent_infections" in s.signs), item["id"]
        assert ("stable" in stem) == ("contact_dermatitis_suspected" in s.signs), item["id"]
        assert ("adult life" in stem or "unusual for atopic" in stem) == ("atypical_presentation" in s.signs)
        assert ("immunocompromised" in stem) == s.immunocompromised, item["id"]
        assert ("weighs" in stem) == (s.weight_kg is not None), item["id"]
        if s.weight_kg is not None:
            assert f"weighs {s.weight_kg:g} kg" in stem
        assert ("month-old" in stem) == (s.age_years < 2), item["id"]
        if s.age_years >= 2:
            assert f"{s.age_years:g}-year-old" in stem
        lower = stem.lower()
        assert ("wet-wrap therapy" in lower) == ("wet_wrap" in s.tried), item["id"]
        assert ("calcineurin inhibitor" in lower) == ("topical_calcineurin_inhibitor" in s.tried), item["id"]
        assert ("non-steroidal cream" in lower) == ("newer_topicals" in s.tried), item["id"]
        assert ("course of narrowband uvb" in lower) == ("phototherapy" in s.tried), item["id"]
        no_access = "too far from a phototherapy unit" in stem or "no phototherapy unit" in stem
        assert no_access == (not s.phototherapy_access and "phototherapy" not in s.tried and not s.controlled)
        if "phototherapy unit is within easy reach" in stem:
            assert s.phototherapy_access
        assert ("well controlled" in stem or "good control" in stem) == s.controlled, item["id"]
        assert (rec.severity_band in stem) or "clear range" in stem, item["id"]
        if s.tcs_potency == "none" and s.tcs_product is None:
            assert "no topical steroid" in lower
        else:
            assert ("twice a day" in stem) == (s.applications_per_day == 2), item["id"]
            assert ("once a day" in stem) == (s.applications_per_day == 1), item["id"]
            checked = "misses no applications" in stem or "miss no applications" in stem
            assert checked == s.adherence_confirmed, item["id"]


# ----------------------------------------------------------------------------- distractors tell the truth


def test_no_distractor_is_the_answer_and_red_flags_are_never_wrongly_denied(generated):
    for item, s, _rec in generated.cases:
        assert item["answer"] not in [c["id"] for c in _distractors(item)]
        if "eczema_herpeticum" in s.signs:
            assert item["answer"] == "eczema_herpeticum"
        for choice in _distractors(item):
            text = choice["explanation"]
            if text.startswith("No grouped blisters"):
                assert "eczema_herpeticum" not in s.signs, item["id"]
            if text.startswith("No crusting, weeping"):
                assert "bacterial_infection" not in s.signs, item["id"]


def test_already_tried_only_for_a_tried_rung(generated):
    for item, s, _ in generated.cases:
        for choice in _distractors(item):
            said = "already tried" in choice["explanation"]
            if said:
                assert choice["id"] in s.tried, item["id"]
                assert choice["explanation"].startswith(NOUN[choice["id"]][0])
            elif choice["id"] in s.tried and item["answer"] not in PRE_LADDER | {"complicating_factors"}:
                pytest.fail(f"{item['id']}: {choice['id']} was tried but the reason does not say so")


def test_adequate_trial_reasons_only_when_the_trial_was_adequate(generated):
    for item, s, rec in generated.cases:
        choice = choice_of(item, "verify_adequacy")
        if choice is None or item["answer"] == "verify_adequacy":
            continue
        if choice["explanation"].startswith("The trial was adequate"):
            assert s.adherence_confirmed and s.applications_per_day >= 2
            assert s.weeks_on_treatment >= weeks_needed(s, CONTENT)[0]  # 2 weeks, or a shorter allowed course
            assert adequacy_shortfalls(s, rec.severity_band, CONTENT) == []
            assert weeks_text(s.weeks_on_treatment) in choice["explanation"]


def test_not_controlled_only_when_it_is_not(generated):
    for item, s, _ in generated.cases:
        choice = choice_of(item, "maintenance")
        if choice is not None and "not controlled" in choice["explanation"]:
            assert not s.controlled and s.scorad >= 10, item["id"]


def test_ladder_reasons_are_true(generated):
    for item, s, rec in generated.cases:
        primary = documents_for(s, CONTENT)[0]
        for choice in _distractors(item):
            text, stage = choice["explanation"], choice["id"]
            if "no practical access to phototherapy" in text:
                assert stage == "phototherapy" and not s.phototherapy_access
            if "cannot be started directly" in text:
                assert s.age_years < 18 or s.immunocompromised, item["id"]
            if "for moderate-to-severe disease" in text and stage == "wet_wrap":
                assert rec.severity_band == "mild"
            if "for mild-to-moderate disease" in text and stage == "newer_topicals":
                assert rec.severity_band == "severe"
            if "would go to" in text:
                assert rec.alternatives and rec.alternatives[0].stage == stage, item["id"]
                assert text.startswith("Document " + rec.alternatives[0].document.removeprefix("doc_"))
            if "later on document" in text:
                source = "doc_000" if "document 000" in text else "doc_003"
                rungs = ladder(source, rec.severity_band, CONTENT)
                assert stage not in s.tried and rungs.index(stage) > rungs.index(item["answer"]), item["id"]
            if "is ruled out here" in text or "is meant for" in text:
                documents = [
                    d
                    for d in (primary, "doc_003" if primary == "doc_000" else "doc_000")
                    if stage in ladder(d, rec.severity_band, CONTENT)
                ]
                assert documents and all(
                    rung_options(stage, s, rec.severity_band, CONTENT, d, None) == [] for d in documents[:1]
                ), item["id"]
            if "is meant for" in text:
                assert f"is {rec.severity_band}." in text and f"SCORAD of {s.scorad:g}" in text
            if text.startswith("It is too early for"):
                erythroderma = item["answer"] == "specialist_referral" and "erythroderma" in s.signs
                assert item["answer"] in PRE_LADDER | {"complicating_factors"} or erythroderma, item["id"]
            if " not needed: " in text:
                assert item["answer"] == "maintenance", item["id"]
            if text.startswith("No reason to refer"):
                assert not rec.refer, item["id"]
        if stage_chosen(item, "specialist_referral") and item["answer"] != "specialist_referral":
            assert not rec.refer and item["answer"] not in ("phototherapy", "systemic"), item["id"]
        if s.site == "back" and rec.alternatives:
            assert primary == "doc_003"


def stage_chosen(item: dict, stage: str) -> bool:
    return choice_of(item, stage) is not None


def test_the_other_documents_choice_is_never_a_distractor(generated):
    """By the other document it is right, and a stem that names no document cannot make it wrong."""
    for item, _, rec in generated.cases:
        for alternative in rec.alternatives:
            assert not stage_chosen(item, alternative.stage), item["id"]


def test_no_complicating_factor_is_denied_when_one_is_flagged(generated):
    for item, s, _ in generated.cases:
        choice = choice_of(item, "complicating_factors")
        if choice is not None and choice["explanation"].startswith("No suspected contact allergy"):
            assert not set(s.signs) & {"contact_dermatitis_suspected", "atypical_presentation"}


def test_difficulty_follows_the_rule(generated):
    for item, _s, rec in generated.cases:
        if item["answer"] in ("eczema_herpeticum", "treat_infection"):
            assert item["difficulty"] == 1
        if item["answer"] == "specialist_referral" or any(line.rule == "fallback_other_document" for line in rec.why):
            assert item["difficulty"] == 3
