"""Generated cases (pathway.learn.generator): 1,000 seeds checked against the public item contract,
the engine (the answer is always its stage), the item-writing rules, the spread of stages and answer
positions, determinism, and the truth of every vignette detail and distractor reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from pathway.clinical.content import load_content
from pathway.clinical.steroid_trial import weeks_needed
from pathway.learn.choice_words import duration_text
from pathway.clinical.engine import STAGE_ORDER, adequacy_shortfalls, default_content, recommend
from pathway.clinical.ladder import ladder, rung_options
from pathway.clinical.models import STAGES
from pathway.clinical.scenario import Scenario
from pathway.learn.bank import TOPICS
from pathway.learn.choice_words import CHOICE_TEXT, ESCALATION, NOUN
from pathway.learn.generator import TOPIC_OF_STAGE, case_question_json, generate_case, generate_for_stage
from pathway.learn.item_rules import check_bank, check_item

ROOT = Path(__file__).resolve().parents[2]
CONTENT = default_content()
REFS = set(CONTENT.references)
N = 1000
PRE_LADDER = {"eczema_herpeticum", "treat_infection", "verify_adequacy", "maintenance"}
KEYS = {"id", "kind", "topic", "stage", "difficulty", "stem", "lead_in", "choices", "answer", "sources", "scenario"}

_started = time.perf_counter()
ITEMS = [generate_case(seed) for seed in range(N)]
ELAPSED = time.perf_counter() - _started
CASES = []
for _item in ITEMS:
    _scenario = Scenario.model_validate(_item["scenario"])
    CASES.append((_item, _scenario, recommend(_scenario, CONTENT)))


def _as_question(item: dict) -> SimpleNamespace:
    return SimpleNamespace(id=item["id"], kind="authored", stem=item["stem"], lead_in=item["lead_in"],
                           choices=[SimpleNamespace(**c) for c in item["choices"]], answer=item["answer"],
                           sources=item["sources"])


def _choice(item: dict, stage: str) -> dict | None:
    return next((c for c in item["choices"] if c["id"] == stage), None)


def _distractors(item: dict) -> list[dict]:
    return [c for c in item["choices"] if c["id"] != item["answer"]]


# ----------------------------------------------------------------------------- the contract

def test_a_thousand_cases_take_seconds_not_minutes():
    assert ELAPSED < 60, f"{N} cases took {ELAPSED:.1f} s"


def test_every_item_has_the_public_shape():
    for item in ITEMS:
        assert set(item) == KEYS, item["id"]
        assert item["kind"] == "generated"
        assert item["topic"] in TOPICS and item["topic"] == TOPIC_OF_STAGE[item["answer"]]
        assert item["stage"] == item["answer"]
        assert item["difficulty"] in (1, 2, 3)
        assert item["stem"].strip() and item["lead_in"].endswith("?")
        assert json.loads(json.dumps(item)) == item  # JSON-serialisable as it stands


def test_ids_follow_the_seed():
    assert [item["id"] for item in ITEMS] == [f"case-{seed}" for seed in range(N)]


def test_choices_are_four_or_five_unique_stages_with_one_answer():
    for item in ITEMS:
        ids = [c["id"] for c in item["choices"]]
        texts = [c["text"] for c in item["choices"]]
        assert 4 <= len(ids) <= 5, item["id"]
        assert len(set(ids)) == len(ids) and len(set(texts)) == len(texts), item["id"]
        assert set(ids) <= set(STAGES), item["id"]
        assert ids.count(item["answer"]) == 1, item["id"]
        assert all(c["text"] == CHOICE_TEXT[c["id"]] for c in item["choices"])
        assert all(len(c["explanation"].strip()) >= 20 for c in item["choices"]), item["id"]


def test_the_answer_is_always_the_engines_stage():
    for item, scenario, rec in CASES:
        assert item["answer"] == rec.stage, item["id"]


def test_scenarios_validate_and_round_trip():
    for item, scenario, _ in CASES:
        assert scenario.model_dump(mode="json") == item["scenario"]


def test_sources_are_known_references_and_include_every_why_source():
    for item, _, rec in CASES:
        assert item["sources"] and set(item["sources"]) <= REFS, item["id"]
        assert len(set(item["sources"])) == len(item["sources"])
        why_sources = {s for line in rec.why for s in line.sources}
        assert why_sources <= set(item["sources"]), item["id"]


def test_the_answer_explanation_is_the_engines_why():
    for item, _, rec in CASES:
        explanation = _choice(item, item["answer"])["explanation"]
        decisive = [line.text for line in rec.why if line.rule not in ("band", "no_complicating_factors",
                                                                        "weight_based_dose", "dose_capped")]
        assert decisive, item["id"]
        assert all(text in explanation for text in decisive), item["id"]


def test_every_item_passes_the_banks_item_writing_rules():
    questions = [_as_question(item) for item in ITEMS]
    assert [p for q in questions for p in check_item(q, REFS)] == []
    assert check_bank(questions, REFS) == []


# ----------------------------------------------------------------------------- spread

def test_every_stage_appears_and_none_dominates():
    counts = Counter(item["answer"] for item in ITEMS)
    assert set(counts) == set(STAGE_ORDER)
    assert max(counts.values()) <= 0.25 * N, counts
    assert min(counts.values()) >= 0.03 * N, counts


def test_answer_positions_are_balanced():
    positions = Counter([c["id"] for c in item["choices"]].index(item["answer"]) for item in ITEMS)
    for position in range(4):
        assert 0.15 * N <= positions[position] <= 0.32 * N, positions
    assert positions[4] <= 0.15 * N, positions


def test_scenarios_cover_every_age_band_site_sign_and_rung():
    bands = Counter(rec.age_band for _, _, rec in CASES)
    assert set(bands) == {"infant", "child", "adolescent", "adult"}
    assert {s.site for _, s, _ in CASES} == set(Scenario.model_fields["site"].annotation.__args__)
    signs = {sign for _, s, _ in CASES for sign in s.signs}
    assert signs == {"bacterial_infection", "eczema_herpeticum", "recurrent_infections",
                     "contact_dermatitis_suspected", "atypical_presentation"}
    assert {t for _, s, _ in CASES for t in s.tried} == set(ESCALATION) - {"systemic"}
    assert {rec.severity_band for _, _, rec in CASES} == {"mild", "moderate", "severe"}
    assert any(s.weight_kg is None for _, s, _ in CASES) and any(s.weight_kg for _, s, _ in CASES)
    assert any(s.immunocompromised for _, s, _ in CASES)
    assert any(not s.phototherapy_access for _, s, _ in CASES)
    assert any(s.controlled for _, s, _ in CASES)
    assert Counter(item["difficulty"] for item in ITEMS).keys() == {1, 2, 3}


def test_weights_are_plausible_for_the_age():
    bounds = CONTENT.plausible_weight
    for _, scenario, rec in CASES:
        if scenario.weight_kg is not None:
            b = bounds[rec.age_band]
            assert b.min_kg <= scenario.weight_kg <= b.max_kg, (scenario.age_years, scenario.weight_kg)


def test_no_rung_is_tried_where_it_cannot_have_been():
    for _, s, _ in CASES:
        if "wet_wrap" in s.tried:
            assert s.site not in ("face", "neck", "flexures", "genitals")
        if "topical_calcineurin_inhibitor" in s.tried:
            assert s.age_years >= 2
        if "phototherapy" in s.tried:
            assert s.age_years >= 12


def test_different_seeds_give_different_cases():
    assert len({item["stem"] for item in ITEMS}) >= 0.99 * N
    assert len({json.dumps(item["scenario"], sort_keys=True) for item in ITEMS}) >= 0.99 * N


# ----------------------------------------------------------------------------- determinism

def test_the_same_seed_gives_the_same_item():
    for seed in (0, 1, 17, 999, 123_456, 2**40):
        assert json.dumps(generate_case(seed)) == json.dumps(generate_case(seed))
    assert json.dumps(ITEMS[42]) == json.dumps(generate_case(42))


def test_the_same_seed_gives_the_same_item_under_another_hash_seed():
    """No set or hash order leaks into an item: a fresh interpreter with a different PYTHONHASHSEED agrees."""
    code = ("import json; from pathway.learn.generator import generate_case; "
            "print(json.dumps([generate_case(s) for s in range(40)]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert json.loads(out.stdout) == ITEMS[:40]


def test_explicit_content_gives_the_same_item():
    content = load_content()
    assert generate_case(7, content) == ITEMS[7]
    assert case_question_json(7) == ITEMS[7]


@pytest.mark.parametrize("seed", [-1, 1.5, "3", True, None])
def test_bad_seeds_are_refused(seed):
    with pytest.raises(ValueError):
        generate_case(seed)


# ----------------------------------------------------------------------------- a case for one stage

@pytest.mark.parametrize("stage", STAGE_ORDER)
def test_generate_for_stage_lands_on_the_stage_and_is_reproducible(stage):
    item = generate_for_stage(stage, 5)
    assert item is not None and item["answer"] == stage
    seed = int(item["id"].removeprefix("case-"))
    assert generate_case(seed) == item
    assert generate_for_stage(stage, 5) == item
    assert recommend(item["scenario"]).stage == stage


def test_generate_for_stage_varies_with_its_seed():
    items = [generate_for_stage("wet_wrap", s) for s in range(6)]
    assert len({item["id"] for item in items}) == 6


def test_generate_for_stage_refuses_an_unknown_stage():
    with pytest.raises(ValueError):
        generate_for_stage("bloodletting", 1)


# ----------------------------------------------------------------------------- the vignette tells the truth

def test_the_stem_reports_the_scenario():
    for item, s, rec in CASES:
        stem = item["stem"]
        assert f"SCORAD {s.scorad:g}" in stem or f"SCORAD today is {s.scorad:g}" in stem \
            or f"SCORAD is {s.scorad:g}" in stem, item["id"]
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
        if s.tcs_potency == "none":
            assert "no topical steroid" in lower
        else:
            assert ("twice a day" in stem) == (s.applications_per_day == 2), item["id"]
            assert ("once a day" in stem) == (s.applications_per_day == 1), item["id"]
            checked = "misses no applications" in stem or "miss no applications" in stem
            assert checked == s.adherence_confirmed, item["id"]


# ----------------------------------------------------------------------------- distractors tell the truth

def test_no_distractor_is_the_answer_and_red_flags_are_never_wrongly_denied():
    for item, s, rec in CASES:
        assert item["answer"] not in [c["id"] for c in _distractors(item)]
        if "eczema_herpeticum" in s.signs:
            assert item["answer"] == "eczema_herpeticum"
        for choice in _distractors(item):
            text = choice["explanation"]
            if text.startswith("No grouped blisters"):
                assert "eczema_herpeticum" not in s.signs, item["id"]
            if text.startswith("No crusting, weeping"):
                assert "bacterial_infection" not in s.signs, item["id"]


def test_already_tried_only_for_a_tried_rung():
    for item, s, _ in CASES:
        for choice in _distractors(item):
            said = "already tried" in choice["explanation"]
            if said:
                assert choice["id"] in s.tried, item["id"]
                assert choice["explanation"].startswith(NOUN[choice["id"]][0])
            elif choice["id"] in s.tried and item["answer"] not in PRE_LADDER | {"complicating_factors"}:
                pytest.fail(f"{item['id']}: {choice['id']} was tried but the reason does not say so")


def test_adequate_trial_reasons_only_when_the_trial_was_adequate():
    for item, s, rec in CASES:
        choice = _choice(item, "verify_adequacy")
        if choice is None or item["answer"] == "verify_adequacy":
            continue
        if choice["explanation"].startswith("The trial was adequate"):
            assert s.adherence_confirmed and s.applications_per_day >= 2
            assert s.weeks_on_treatment >= weeks_needed(s, CONTENT)  # 2 weeks, or a shorter allowed course
            assert adequacy_shortfalls(s, rec.severity_band, CONTENT) == []
            assert duration_text(s.weeks_on_treatment) in choice["explanation"]


def test_not_controlled_only_when_it_is_not():
    for item, s, _ in CASES:
        choice = _choice(item, "maintenance")
        if choice is not None and "not controlled" in choice["explanation"]:
            assert not s.controlled and s.scorad >= 10, item["id"]


def test_ladder_reasons_are_true():
    for item, s, rec in CASES:
        primary = "doc_003" if s.site == "back" else "doc_000"
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
                rungs = ladder(source, rec.severity_band)
                assert stage not in s.tried and rungs.index(stage) > rungs.index(item["answer"]), item["id"]
            if "is ruled out here" in text or "is meant for" in text:
                documents = [d for d in (primary, "doc_003" if primary == "doc_000" else "doc_000")
                             if stage in ladder(d, rec.severity_band)]
                assert documents and all(rung_options(stage, s, rec.severity_band, CONTENT, d, None) == []
                                         for d in documents[:1]), item["id"]
            if "is meant for" in text:
                assert f"is {rec.severity_band}." in text and f"SCORAD of {s.scorad:g}" in text
            if text.startswith("It is too early for"):
                assert item["answer"] in PRE_LADDER | {"complicating_factors"}, item["id"]
            if " not needed: " in text:
                assert item["answer"] == "maintenance", item["id"]
            if text.startswith("No reason to refer"):
                assert not rec.refer, item["id"]
        if stage_chosen(item, "specialist_referral") and item["answer"] != "specialist_referral":
            assert not rec.refer and item["answer"] not in ("phototherapy", "systemic"), item["id"]
        if s.site == "back" and rec.alternatives:
            assert primary == "doc_003"


def stage_chosen(item: dict, stage: str) -> bool:
    return _choice(item, stage) is not None


def test_the_other_documents_choice_is_always_a_distractor():
    for item, _, rec in CASES:
        if rec.alternatives and rec.alternatives[0].stage != item["answer"]:
            assert stage_chosen(item, rec.alternatives[0].stage), item["id"]


def test_no_complicating_factor_is_denied_when_one_is_flagged():
    for item, s, _ in CASES:
        choice = _choice(item, "complicating_factors")
        if choice is not None and choice["explanation"].startswith("No suspected contact allergy"):
            assert not set(s.signs) & {"contact_dermatitis_suspected", "atypical_presentation"}


def test_difficulty_follows_the_rule():
    for item, s, rec in CASES:
        if item["answer"] in ("eczema_herpeticum", "treat_infection"):
            assert item["difficulty"] == 1
        if item["answer"] == "specialist_referral" or any(
                line.rule == "fallback_other_document" for line in rec.why):
            assert item["difficulty"] == 3
