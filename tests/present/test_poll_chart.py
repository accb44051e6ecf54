"""The class poll's result chart: counts per choice in the question's order, the correct answer
marked in words (not by colour alone), the finding in the title, on the phone and on the projector."""

from __future__ import annotations

import pytest

from pathway.present.charts.poll import (
    CORRECT_COLOUR,
    OTHER_COLOUR,
    choice_letters,
    poll_result_chart,
    projector_result_chart,
    result_heading,
)

QUESTION = {
    "id": "q1",
    "stem": "A child.",
    "lead_in": "What next?",
    "answer": "wet",
    "choices": [
        {"id": "anti", "text": "Oral antihistamine"},
        {"id": "wet", "text": "Wet wraps"},
        {"id": "stop", "text": "Stop the steroid"},
    ],
}


def rows(spec: dict) -> list[dict]:
    data = spec["datasets"]
    return next(iter(data.values()))


def test_letters_follow_the_choices_order_not_their_ids():
    assert choice_letters(QUESTION) == {"anti": "A", "wet": "B", "stop": "C"}


@pytest.mark.parametrize(
    ("counts", "heading"),
    [
        ({"anti": 1, "wet": 2, "stop": 0}, "2 of 3 answers (67%) chose the correct answer, B"),
        ({"anti": 0, "wet": 1, "stop": 0}, "1 of 1 answer (100%) chose the correct answer, B"),
        ({"anti": 0, "wet": 0, "stop": 0}, "No answers yet; the correct answer is B"),
    ],
)
def test_the_title_states_how_many_were_right(counts, heading):
    assert result_heading(QUESTION, counts, "wet") == heading
    for build in (poll_result_chart, projector_result_chart):
        spec = build(QUESTION, counts, "wet").to_dict()
        assert spec["usermeta"]["title"] == heading and heading in spec["description"]


def test_each_choice_has_its_count_and_only_the_answer_is_marked_correct():
    counts = {"anti": 4, "wet": 7, "stop": 1}
    phone = rows(poll_result_chart(QUESTION, counts, "wet").to_dict())
    assert [(r["choice"], r["votes"], r["correct"]) for r in phone] == [
        ("A", 4, "other"),
        ("B", 7, "correct"),
        ("C", 1, "other"),
    ]
    assert [r["label_lines"].replace("\n", " ") for r in phone] == [
        "A. Oral antihistamine: 4 (33%)",
        "B. Wet wraps: 7 (58%), correct answer",
        "C. Stop the steroid: 1 (8%)",
    ]
    projector = projector_result_chart(QUESTION, counts, "wet").to_dict()
    assert [r["value_text"] for r in rows(projector)] == ["4 (33%)", "7 (58%), correct answer", "1 (8%)"]
    colours = str(projector)
    assert CORRECT_COLOUR in colours and OTHER_COLOUR in colours
