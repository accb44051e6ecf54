"""Item statistics page (maintainers) and the difficulty line a learner reads after answering in Practice."""

from __future__ import annotations

import re
import uuid

import pandas as pd
import pytest
from app_helpers import open_direct, texts
from streamlit.testing.v1 import AppTest

from pathway.learn.bank import load_bank, question_json
from pathway.learn.topics import topic_label
from pathway.store.progress import create_learner, record_answer

PAGE = "pages/14_Item_statistics.py"
PRACTICE = "pages/8_Practice.py"
BANK = load_bank()
ITEM = BANK[0]


def _wrong(q) -> str:
    return next(c.id for c in q.choices if c.id != q.answer)


def _learners_answer(engine, q, right: int, wrong: int = 0, choices: list[str] | None = None) -> None:
    """New learners, each answering ``q`` once (and the next bank item, right): ``right`` of them right and
    ``wrong`` with its first wrong choice, or one learner per entry of ``choices``."""
    picks = choices if choices is not None else [q.answer] * right + [_wrong(q)] * wrong
    for n, pick in enumerate(picks):
        learner = create_learner(engine, f"Learner {n}")[0]
        for item, choice in ((q, pick), (BANK[1], BANK[1].answer)):
            record_answer(
                engine,
                learner.id,
                attempt_id=str(uuid.uuid4()),
                item_id=item.id,
                item_kind="question",
                topic=item.topic,
                stage=item.stage,
                choice_id=choice,
                correct=choice == item.answer,
                confidence="unsure",
                mode="tutor",
                seconds=9.0,
            )


def _table(at: AppTest):
    [frame] = at.dataframe
    return frame.value


def test_an_empty_database_lists_every_item_and_says_nothing_is_saved_yet(database):
    at = open_direct(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert any("No answers saved yet" in i for i in texts(at.info))
    table = _table(at)
    assert list(table.columns) == ["item", "topic", "answers", "learners", "share_correct", "discrimination", "flags"]
    assert len(table) == len(BANK) and (table["answers"] == 0).all()
    assert set(table["flags"]) == {"too few answers (under 20 learners)"}
    assert "Download the statistics (CSV)" in [b.label for b in at.get("download_button")]
    assert [m.value for m in at.metric] == [str(len(BANK)), "0", str(len(BANK))]


def test_answers_show_as_share_correct_discrimination_and_flags(database):
    _learners_answer(database, ITEM, right=15, wrong=5)  # 20 learners: judged
    at = open_direct(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.info
    row = _table(at).set_index("item").loc[ITEM.id]
    assert row["topic"] == topic_label(ITEM.topic)
    assert (row["answers"], row["learners"]) == (20, 20)
    assert row["share_correct"] == pytest.approx(75)  # percent
    assert pd.isna(row["discrimination"])  # everyone's rest score is the same (the other item, right)
    unused = [chr(ord("A") + i) for i, c in enumerate(ITEM.choices) if c.id not in (ITEM.answer, _wrong(ITEM))]
    assert row["flags"] == f"distractors never picked: {', '.join(unused)}"
    assert [m.value for m in at.metric][1] == "2"  # both answered items have 20 learners
    assert any(c.startswith(f"{len(BANK)} items, 40 answers") for c in texts(at.caption))


def test_only_flagged_items_can_be_shown(database):
    # ITEM: 20 learners, every distractor picked twice: no flag. The other answered item: all right, so its
    # distractors are unpicked; every other item has too few answers.
    spread = [ITEM.answer] * 12 + [c.id for c in ITEM.choices if c.id != ITEM.answer] * 2
    _learners_answer(database, ITEM, right=0, choices=spread[:20])
    at = open_direct(PAGE)
    assert ITEM.id in set(_table(at)["item"]) and len(_table(at)) == len(BANK)
    at.toggle(key="item_stats_flagged").set_value(True).run()
    shown = _table(at)
    assert len(shown) == len(BANK) - 1 and ITEM.id not in set(shown["item"])
    assert shown.set_index("item").loc[BANK[1].id, "flags"].startswith("distractors never picked")


# ---- Practice: how hard the item proved ----------------------------------------------------------------


def _answer(at: AppTest, choice_id: str) -> AppTest:
    form = next(f for f in at.get("form") if f.proto.form.form_id.startswith("ask_"))
    form_id = form.proto.form.form_id
    at.radio(key=f"{form_id}_choice").set_value(choice_id)
    at.radio(key=f"{form_id}_confidence").set_value("sure")
    return at.button(key=f"FormSubmitter:{form_id}-Check my answer").click().run()


def _difficulty_line(at: AppTest) -> str:
    [line] = [c for c in texts(at.caption) if c.startswith("How hard it proved")]
    return re.sub(r"\\(.)", r"\1", line)


def test_a_learner_sees_that_it_is_too_soon_to_say(database):
    item = question_json(ITEM)
    at = _answer(open_direct(PRACTICE, item=item["id"]), item["answer"])
    assert not at.exception, [e.message for e in at.exception]
    assert _difficulty_line(at) == (
        "How hard it proved: not known yet. Right at the first try for 1 of 1 learner so far; "
        "it takes 20 learners to call a question easy, medium or hard."
    )


def test_a_learner_sees_the_share_right_first_time_and_a_word(database):
    _learners_answer(database, ITEM, right=10, wrong=10)
    item = question_json(ITEM)
    at = _answer(open_direct(PRACTICE, item=item["id"]), _wrong(ITEM))  # not signed in: counted, not saved
    line = _difficulty_line(at)
    assert line.startswith("How hard it proved: medium. Right at the first try for 48% of 21 learners")
    assert "easy: 80% or more; hard: under 30%" in line
