"""The question bank (content/questions.yaml): each item-writing rule catches a deliberately broken item
and names the item and the rule.
"""

from __future__ import annotations

import pytest
from bank_cases import BANK, BY_ID, GOOD, REFS, assert_caught

from pathway.learn.bank import Choice, Question, check_bank, check_item
from pathway.learn.item_rules import is_mostly_numeric

# ----------------------------------------------------------------------------- item rules


def with_choices(item: Question, texts: dict[str, str] | None = None, **fields) -> Question:
    """A copy of ``item`` with some choice texts or item fields replaced."""
    choices = [c.model_copy(update={"text": texts[c.id]}) if texts and c.id in texts else c for c in item.choices]
    return item.model_copy(update={"choices": choices, **fields})


def choice(cid: str, text: str, explanation: str = "An explanation long enough to teach.") -> Choice:
    return Choice(id=cid, text=text, explanation=explanation)


def test_a_good_item_passes_every_rule():
    assert check_item(GOOD, REFS) == []


@pytest.mark.parametrize(
    "text, rule",
    [
        ("All of the above", "all_of_the_above"),
        ("none of the above", "none_of_the_above"),
        ("NONE  OF THE ABOVE", "none_of_the_above"),
        ("Wet wraps, or all of the above", "all_of_the_above"),
    ],
)
def test_rule_1_all_or_none_of_the_above(text, rule):
    bad = with_choices(GOOD, {"b": text})
    problems = check_item(bad, REFS)
    assert_caught(problems, GOOD.id, rule)
    assert any("choice b says" in p for p in problems)


@pytest.mark.parametrize(
    "lead_in",
    [
        "Each of the following is an escalation step EXCEPT which one?",
        "Which option is not a step in document 000?",
        "Which option is LEAST appropriate at this point?",
        "Which claim about wet wraps is false here?",
        "Which of these dosing claims is Incorrect?",
    ],
)
def test_rule_2_negative_lead_in(lead_in):
    assert_caught(check_item(GOOD.model_copy(update={"lead_in": lead_in}), REFS), GOOD.id, "negative_lead_in")


def test_rule_2_allows_negative_words_in_the_stem_and_inside_other_words():
    stem = GOOD.stem + " She is not immunocompromised and cannot attend daily."
    lead_in = "What is the most appropriate note on the next step?"  # "note" and "another" are not "not"
    assert check_item(GOOD.model_copy(update={"stem": stem, "lead_in": lead_in}), REFS) == []


@pytest.mark.parametrize("count", [3, 7])
def test_rule_3_choice_count(count):
    base = list(GOOD.choices)
    extra = [choice("f", "Start dupilumab injections now"), choice("g", "Start methotrexate weekly now")]
    choices = (base + extra)[:count]
    bad = GOOD.model_copy(update={"choices": choices, "answer": choices[0].id})
    assert_caught(check_item(bad, REFS), GOOD.id, "choice_count")


def test_rule_3_duplicate_choice_id():
    choices = list(GOOD.choices)
    choices[1] = choices[1].model_copy(update={"id": "a"})
    assert_caught(check_item(GOOD.model_copy(update={"choices": choices}), REFS), GOOD.id, "duplicate_choice_id")


def test_rule_3_duplicate_choice_text_ignores_case_and_spaces():
    same = "  " + GOOD.choices[0].text.upper().replace(" ", "   ") + " "
    assert_caught(check_item(with_choices(GOOD, {"c": same}), REFS), GOOD.id, "duplicate_choice_text")


def test_rule_3_answer_must_be_a_choice():
    assert_caught(check_item(GOOD.model_copy(update={"answer": "z"}), REFS), GOOD.id, "answer_key")


def test_rule_4_figures_mixed_with_phrases():
    bad = with_choices(GOOD, {"c": "3-6 mg/kg/day"})
    assert_caught(check_item(bad, REFS), GOOD.id, "mixed_choice_kinds")


def test_rule_4_all_figures_is_fine():
    item = BY_ID["q_wet_wrap_onset"]
    assert all(is_mostly_numeric(c.text) for c in item.choices)
    assert check_item(item, REFS) == []


@pytest.mark.parametrize(
    "text, numeric",
    [
        ("3-6 mg/kg/day", True),
        ("Cyclosporine 3-6 mg/kg/day", True),
        ("3-7 days, up to 14 days", True),
        ("RR 0.78", True),
        ("26, moderate", True),
        ("Document 000: 1-2 weeks; document 003: stop at 6 weeks", True),
        ("Start cyclosporine at 150-300 mg/day", False),
        ("Oral prednisolone for 5 days", False),
        ("Oral erythromycin", False),
        ("Document 003 lists four; document 000 gives none", False),
    ],
)
def test_rule_4_what_counts_as_a_figure(text, numeric):
    assert is_mostly_numeric(text) is numeric


def test_rule_4_wildly_different_lengths():
    bad = with_choices(
        GOOD, {"a": "Refer", "b": "Wet wraps over a medium-to-high potency steroid for 3-7 days, then review"}
    )
    assert_caught(check_item(bad, REFS), GOOD.id, "choice_lengths")


def test_rule_5_answer_conspicuously_longest():
    long_answer = "Wet wraps over a medium-to-high potency steroid, under a damp layer and a dry layer, for 3-7 days"
    bad = with_choices(GOOD, {GOOD.answer: long_answer})
    problems = check_item(bad, REFS)
    assert_caught(problems, GOOD.id, "longest_answer")


def _bank_of(items: list[Question], n: int) -> list[Question]:
    return [item.model_copy(update={"id": f"{item.id}_{i}"}) for i in range(n) for item in items][:n]


def test_rule_5_bank_where_the_answer_is_usually_longest():
    answer_len = len(next(c.text for c in GOOD.choices if c.id == GOOD.answer))
    padded = {c.id: c.text[: answer_len - 1] for c in GOOD.choices if c.id != GOOD.answer}
    longest = with_choices(GOOD, padded)
    assert check_item(longest, REFS) == []  # each item alone is fine
    problems = check_bank(_bank_of([longest], 12), REFS)
    assert_caught(problems, "(bank)", "longest_answer_share")


def test_rule_5_bank_with_unbalanced_answer_positions():
    items = [BY_ID[i] for i in ("q_wet_wrap_layers", "q_adequacy_back_potency", "q_contact_hairdresser")]
    assert all(q.answer == "a" for q in items)
    problems = check_bank(_bank_of(items, 12), REFS)
    assert_caught(problems, "(bank)", "answer_positions")
    assert any("position a holds 12 of 12" in p for p in problems)


def test_rule_5_the_bundled_bank_passes_the_bank_rules():
    assert [p for p in check_bank(BANK, REFS) if "(bank)" in p] == []


@pytest.mark.parametrize(
    "lead_in, rule",
    [
        ("What is the first escalation step.", "lead_in_question"),
        ("According to document 000, the first escalation step is", "lead_in_question"),
        ("Next step?", "lead_in_length"),
        ("Which of the following is true?", "lead_in_fragment"),
        ("Which of the following are correct?", "lead_in_fragment"),
        ("Which statement about wet wraps is right?", "lead_in_fragment"),
    ],
)
def test_rule_6_lead_in_is_a_complete_question(lead_in, rule):
    assert_caught(check_item(GOOD.model_copy(update={"lead_in": lead_in}), REFS), GOOD.id, rule)


def test_rule_7_every_choice_is_explained():
    choices = [c.model_copy(update={"explanation": "Wrong."}) if c.id == "c" else c for c in GOOD.choices]
    problems = check_item(GOOD.model_copy(update={"choices": choices}), REFS)
    assert_caught(problems, GOOD.id, "explanation")
    assert any("choice c" in p for p in problems)


def test_rule_7_sources_are_required():
    assert_caught(check_item(GOOD.model_copy(update={"sources": []}), REFS), GOOD.id, "sources")


def test_rule_7_sources_must_be_known_references():
    bad = GOOD.model_copy(update={"sources": ["d000_r1", "d999_r1"]})
    problems = check_item(bad, REFS)
    assert_caught(problems, GOOD.id, "unknown_source")
    assert any("'d999_r1'" in p for p in problems)


def test_rule_8_spot_the_error_quotes_a_statement():
    item = BY_ID["q_error_seven_fold"]
    assert check_item(item, REFS) == []
    unquoted = "A resident says that twice-weekly steroid maintenance cuts relapse seven times."
    assert_caught(check_item(item.model_copy(update={"stem": unquoted}), REFS), item.id, "spot_the_error_quote")
    # an authored item needs no quotation
    assert check_item(GOOD.model_copy(update={"stem": unquoted}), REFS) == []


@pytest.mark.parametrize(
    "stem",
    [
        "A handout says wet wraps are best.",
        "The slide reads: wet wraps are best.",
        "A leaflet states that wet wraps are best.",
    ],
)
def test_rule_8_accepts_a_handout_slide_or_states(stem):
    item = BY_ID["q_error_seven_fold"].model_copy(update={"stem": stem})
    assert [p for p in check_item(item, REFS) if "spot_the_error_quote" in p] == []


def test_duplicate_item_ids_in_a_bank():
    problems = check_bank([GOOD, GOOD], REFS)
    assert_caught(problems, GOOD.id, "duplicate_id")
