"""Exports (pathway.learn.export): Moodle XML parses, holds one single-answer multichoice question per
item with exactly one full-credit answer and feedback on every choice, and survives hostile text; the
Anki package is a zip with a collection whose notes match the items, keyed by stable guids."""

from __future__ import annotations

import html
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import genanki
import pytest

from pathway.clinical.engine import default_content
from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.learn.export import (
    ANKI_DECK_ID,
    ANKI_MODEL_ID,
    anki_back,
    anki_front,
    anki_package,
    bank_items,
    export_bank,
    moodle_xml,
)

CONTENT = default_content()
BANK = [question_json(q) for q in load_bank()]
GENERATED = [generate_case(seed) for seed in range(12)]
ITEMS = BANK + GENERATED

HOSTILE = {
    "id": "q_hostile",
    "kind": "authored",
    "topic": "pitfalls",
    "stage": "verify_adequacy",
    "difficulty": 2,
    "stem": 'A stem with <script>alert("x")</script>, a bare & and a CDATA end ]]> in it; also \x07 a bell.',
    "lead_in": "Is 1 < 2 && 3 > 2 the next step?",
    "choices": [
        {"id": "a", "text": "Use <b>bold</b> & ]]>", "explanation": "Because ]]> and <script>x</script> & co."},
        {"id": "b", "text": "Plain choice", "explanation": "A plain explanation of at least twenty characters."},
        {"id": "c", "text": "Third & last", "explanation": "Another explanation with an ampersand & in it."},
        {"id": "d", "text": "Fourth <i>choice</i>", "explanation": "Yet another explanation, twenty-plus long."},
    ],
    "answer": "a",
    "sources": ["d000_r1", "ctx_nice_cg57"],
}


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def _questions(xml_text: str) -> list[ET.Element]:
    root = ET.fromstring(xml_text.encode("utf-8"))
    assert root.tag == "quiz"
    return [q for q in root.findall("question") if q.get("type") == "multichoice"]


# ----------------------------------------------------------------------------- Moodle XML


def test_moodle_xml_has_one_multichoice_question_per_item():
    questions = _questions(moodle_xml(ITEMS))
    assert len(questions) == len(ITEMS)
    assert [q.findtext("name/text") for q in questions] == [item["id"] for item in ITEMS]


def test_each_question_is_single_answer_with_exactly_one_full_credit_answer():
    for item, q in zip(ITEMS, _questions(moodle_xml(ITEMS))):
        assert q.findtext("single") == "true"
        assert q.findtext("shuffleanswers") in ("true", "false")
        assert q.findtext("answernumbering") == "abc"
        assert q.find("questiontext").get("format") == "html"
        answers = q.findall("answer")
        assert len(answers) == len(item["choices"])
        assert sorted(a.get("fraction") for a in answers).count("100") == 1
        assert all(a.get("fraction") in ("0", "100") for a in answers)
        right = next(a for a in answers if a.get("fraction") == "100")
        answer = next(c for c in item["choices"] if c["id"] == item["answer"])
        assert right.findtext("text") == _html(answer["text"])


def test_every_answer_has_its_feedback_and_the_sources_are_general_feedback():
    for item, q in zip(ITEMS, _questions(moodle_xml(ITEMS))):
        for choice, answer in zip(item["choices"], q.findall("answer")):
            feedback = answer.findtext("feedback/text")
            assert feedback == f"<p>{_html(choice['explanation'])}</p>"
        general = q.findtext("generalfeedback/text")
        assert "Sources" in general
        for ref_id in item["sources"]:
            assert _html(CONTENT.references[ref_id].title) in general


def test_question_text_holds_stem_and_lead_in_as_html():
    item = GENERATED[0]
    q = _questions(moodle_xml([item]))[0]
    text = q.findtext("questiontext/text")
    assert text == f"<p>{_html(item['stem'])}</p><p><strong>{_html(item['lead_in'])}</strong></p>"


def test_hostile_text_cannot_break_the_xml_and_round_trips_escaped():
    xml_text = moodle_xml([HOSTILE])
    q = _questions(xml_text)[0]  # parses
    text = q.findtext("questiontext/text")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "]]&gt;" in text and "&amp;" in text and "\x07" not in text
    assert "1 &lt; 2 &amp;&amp; 3 &gt; 2" in text
    first = q.findall("answer")[0]
    assert first.findtext("text") == "Use &lt;b&gt;bold&lt;/b&gt; &amp; ]]&gt;"
    assert first.findtext("feedback/text") == "<p>Because ]]&gt; and &lt;script&gt;x&lt;/script&gt; &amp; co.</p>"
    assert first.get("fraction") == "100"


def test_a_category_question_comes_first_and_can_be_left_out():
    root = ET.fromstring(moodle_xml(GENERATED[:2]).encode())
    assert root.find("question").get("type") == "category"
    root = ET.fromstring(moodle_xml(GENERATED[:2], category=None).encode())
    assert [q.get("type") for q in root.findall("question")] == ["multichoice", "multichoice"]


def test_empty_list_is_an_empty_quiz():
    assert _questions(moodle_xml([])) == []


# ----------------------------------------------------------------------------- Anki


def _notes(apkg: Path, tmp_path: Path) -> list[tuple]:
    with zipfile.ZipFile(apkg) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        return db.execute("select guid, flds, tags, mid from notes order by id").fetchall()
    finally:
        db.close()


def test_anki_package_has_one_note_per_item(tmp_path):
    path = anki_package(ITEMS, tmp_path / "bank.apkg")
    assert path == tmp_path / "bank.apkg" and zipfile.is_zipfile(path)
    notes = _notes(path, tmp_path)
    assert len(notes) == len(ITEMS)
    assert {n[0] for n in notes} == {genanki.guid_for(item["id"]) for item in ITEMS}
    assert {n[3] for n in notes} == {ANKI_MODEL_ID}


def test_anki_fields_hold_escaped_text(tmp_path):
    notes = _notes(anki_package([HOSTILE], tmp_path / "h.apkg"), tmp_path)
    front, back = notes[0][1].split("\x1f")
    assert "<script>" not in front and "&lt;script&gt;" in front and "&amp;" in front
    assert "<b>bold</b>" not in front and "A. Use &lt;b&gt;bold&lt;/b&gt;" in front
    assert "&lt;script&gt;x&lt;/script&gt;" in back


def test_anki_front_and_back_carry_the_whole_item():
    item = GENERATED[3]
    front, back = anki_front(item), anki_back(item, CONTENT)
    for i, choice in enumerate(item["choices"]):
        letter = "ABCDE"[i]
        assert f"{letter}. {_html(choice['text'])}" in front
        assert _html(choice["explanation"]) in back
    assert item["lead_in"] in front
    index = [c["id"] for c in item["choices"]].index(item["answer"])
    assert back.startswith(f'<p class="answer"><strong>{"ABCDE"[index]}.')
    assert "Sources" in back


def test_anki_reexport_keeps_the_same_guids(tmp_path):
    first = {n[0] for n in _notes(anki_package(GENERATED, tmp_path / "1.apkg"), tmp_path)}
    (tmp_path / "collection.anki2").unlink()
    second = {n[0] for n in _notes(anki_package(GENERATED, tmp_path / "2.apkg"), tmp_path)}
    assert first == second


def test_anki_deck_and_model_ids_are_stable_constants():
    assert (ANKI_MODEL_ID, ANKI_DECK_ID) == (1_738_204_519, 2_046_913_877)


# ----------------------------------------------------------------------------- export_bank


def test_bank_items_are_the_authored_bank_then_generated_cases():
    items = bank_items(generated=3)
    assert items[: len(BANK)] == BANK
    assert items[len(BANK) :] == [generate_case(s) for s in range(3)]
    assert bank_items(generated=2, first_seed=10)[len(BANK) :] == [generate_case(10), generate_case(11)]


def test_export_bank_moodle(tmp_path):
    out = export_bank("moodle", tmp_path / "bank.xml", generated=5)
    assert out == tmp_path / "bank.xml"
    assert len(_questions(out.read_text(encoding="utf-8"))) == len(BANK) + 5


def test_export_bank_anki(tmp_path):
    out = export_bank("anki", tmp_path / "bank.apkg", generated=5)
    assert len(_notes(out, tmp_path)) == len(BANK) + 5


@pytest.mark.parametrize("fmt", ["gift", "", "Moodle"])
def test_export_bank_refuses_unknown_formats(fmt, tmp_path):
    with pytest.raises(ValueError):
        export_bank(fmt, tmp_path / "x")


@pytest.mark.parametrize("generated", [-1, 1.5, True])
def test_export_bank_refuses_a_bad_count(generated, tmp_path):
    with pytest.raises(ValueError):
        export_bank("moodle", tmp_path / "x.xml", generated=generated)
