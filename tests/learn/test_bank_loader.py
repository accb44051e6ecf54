"""The question bank (content/questions.yaml): a broken file is reported as
``questions.yaml: <item>.<field>: <what>``; an item's topic must be one of content/topics.yaml.
"""

from __future__ import annotations

import shutil

import pytest
import yaml
from bank_cases import BY_ID, GOOD, REFS, assert_caught

from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError
from pathway.learn.bank import Question, bank_problems, load_bank, question_json

# ----------------------------------------------------------------------------- the loader


def write_bank(tmp_path, items: list[dict] | str) -> None:
    """A content folder holding this bank and the bundled topics."""
    text = (
        items if isinstance(items, str) else yaml.safe_dump({"questions": items}, sort_keys=False, allow_unicode=True)
    )
    (tmp_path / "questions.yaml").write_text(text, encoding="utf-8")
    shutil.copy(DEFAULT_CONTENT_DIR / "topics.yaml", tmp_path / "topics.yaml")


def good_dict(item: Question = GOOD) -> dict:
    return question_json(item)


def test_loader_round_trip(tmp_path):
    write_bank(tmp_path, [good_dict(), good_dict(BY_ID["q_error_seven_fold"])])
    loaded = load_bank(tmp_path, REFS)
    assert [q.id for q in loaded] == [GOOD.id, "q_error_seven_fold"]
    assert bank_problems(tmp_path, REFS) == []


def test_unknown_field_names_file_item_and_field(tmp_path):
    item = good_dict() | {"hint": "think of wet wraps"}
    write_bank(tmp_path, [item])
    assert f"questions.yaml: {GOOD.id}.hint: unknown field" in bank_problems(tmp_path, REFS)


def test_unknown_field_in_a_choice_names_the_choice(tmp_path):
    item = good_dict()
    item["choices"][1]["correct"] = True
    write_bank(tmp_path, [item])
    assert f"questions.yaml: {GOOD.id}.choices.b.correct: unknown field" in bank_problems(tmp_path, REFS)


@pytest.mark.parametrize(
    "field, value",
    [
        ("topic", "dermatology_trivia"),
        ("stage", "wet_wraps"),
        ("kind", "true_false"),
        ("difficulty", 4),
        ("id", "Wet-Wrap"),
    ],
)
def test_bad_values_name_the_field(tmp_path, field, value):
    write_bank(tmp_path, [good_dict() | {field: value}])
    label = GOOD.id if field != "id" else "Wet-Wrap"
    problems = bank_problems(tmp_path, REFS)
    assert any(p.startswith(f"questions.yaml: {label}.{field}: ") for p in problems), problems


def test_missing_field_is_reported(tmp_path):
    item = good_dict()
    del item["lead_in"]
    write_bank(tmp_path, [item])
    assert f"questions.yaml: {GOOD.id}.lead_in: Field required" in bank_problems(tmp_path, REFS)


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    write_bank(tmp_path, "questions:\n  - id: q_x\n    stem: [unclosed\n    lead_in: x\n")
    problems = bank_problems(tmp_path, REFS)
    assert len(problems) == 1
    assert problems[0].startswith("questions.yaml: line ")
    assert "malformed YAML" in problems[0]


def test_repeated_key_is_reported(tmp_path):
    write_bank(tmp_path, "questions:\n  - id: q_x\n    id: q_y\n")
    assert any("duplicate key 'id'" in p for p in bank_problems(tmp_path, REFS))


def test_wrong_top_level(tmp_path):
    write_bank(tmp_path, "items: []\n")
    problems = bank_problems(tmp_path, REFS)
    assert "questions.yaml: items: unknown field" in problems
    assert "questions.yaml: questions: Field required" in problems


def test_missing_file(tmp_path):
    shutil.copy(DEFAULT_CONTENT_DIR / "topics.yaml", tmp_path / "topics.yaml")
    assert bank_problems(tmp_path, REFS) == ["questions.yaml: (file): missing file"]


def test_a_topic_not_in_the_vocabulary_is_rejected_naming_file_item_and_field(tmp_path):
    write_bank(tmp_path, [good_dict(), good_dict(BY_ID["q_error_seven_fold"]) | {"topic": "red_flag"}])
    assert bank_problems(tmp_path, REFS) == [
        "questions.yaml: q_error_seven_fold.topic: 'red_flag' is not a topic in topics.yaml"
    ]
    with pytest.raises(ContentError):
        load_bank(tmp_path, REFS)


def test_topics_come_from_the_same_folder(tmp_path):
    """A topic added to the folder's topics.yaml is one the folder's bank may use."""
    write_bank(tmp_path, [good_dict() | {"topic": "itch"}])
    topics = yaml.safe_load((tmp_path / "topics.yaml").read_text(encoding="utf-8"))
    topics["topics"].append({"id": "itch", "label": "Itch", "description": "What the itch tells."})
    (tmp_path / "topics.yaml").write_text(yaml.safe_dump(topics, sort_keys=False), encoding="utf-8")
    assert [q.topic for q in load_bank(tmp_path, REFS)] == ["itch"]


def test_a_bank_without_its_topics_says_so(tmp_path):
    write_bank(tmp_path, [good_dict()])
    (tmp_path / "topics.yaml").unlink()
    assert bank_problems(tmp_path, REFS) == [
        "questions.yaml: topic: cannot check topics, topics.yaml does not load",
        "topics.yaml: (file): missing file",
    ]


def test_load_bank_raises_with_schema_and_rule_problems_together(tmp_path):
    bad_rule = good_dict() | {"lead_in": "Which of the following is true?"}
    bad_schema = good_dict(BY_ID["q_error_seven_fold"]) | {"topic": "nonsense"}
    write_bank(tmp_path, [bad_rule, bad_schema])
    with pytest.raises(ContentError) as info:
        load_bank(tmp_path, REFS)
    problems = info.value.problems
    assert_caught(problems, GOOD.id, "lead_in_fragment")
    assert any(p.startswith("questions.yaml: q_error_seven_fold.topic: ") for p in problems)


def test_reference_ids_default_to_the_content_of_the_same_directory(tmp_path):
    """Without reference_ids the loader reads references from the directory's clinical content;
    a directory without it says so instead of passing unknown sources silently."""
    write_bank(tmp_path, [good_dict()])
    problems = bank_problems(tmp_path)
    assert problems[0] == "questions.yaml: sources: cannot check reference ids, the clinical content does not load"
