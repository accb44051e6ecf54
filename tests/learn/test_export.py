"""Exports (pathway.learn.export): Moodle XML parses as Moodle's importer reads it, with one single-answer
multichoice question per item, exactly one full-credit answer, feedback on every choice, general feedback
that teaches whichever choice was picked (the best answer's explanation, why each other choice is not,
the sources), no "Correct." or answer line repeating what Moodle says itself, readable unique names and a
category per topic; it survives hostile text. The Anki package imports (with Anki's own importer where
the ``anki`` package is installed, else read as the collection it holds) with notes that match the items,
keyed by stable guids, citing their sources with the app's labels."""

from __future__ import annotations

import html
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import genanki
import lxml.html
import pytest

from pathway.clinical.citations import reference_line
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
    source_labels,
)
from pathway.learn.topics import topic_label

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


# ----------------------------------------------------------------------------- Moodle XML


def _questions(xml_text: str) -> list[ET.Element]:
    root = ET.fromstring(xml_text.encode("utf-8"))
    assert root.tag == "quiz"
    return [q for q in root.findall("question") if q.get("type") == "multichoice"]


def _moodle_import(xml_text: str) -> list[dict]:
    """The file read as Moodle's XML importer (qformat_xml) reads it: questions in file order, each in
    the category the last ``<question type="category">`` before it set; the texts trimmed, as it trims
    them."""
    root = ET.fromstring(xml_text.encode("utf-8"))
    assert root.tag == "quiz"
    category, found = None, []
    for q in root.findall("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text", "").strip()
            continue
        assert q.get("type") == "multichoice"
        found.append(
            {
                "category": category,
                "name": q.findtext("name/text", "").strip(),
                "idnumber": q.findtext("idnumber"),
                "single": q.findtext("single"),
                "numbering": q.findtext("answernumbering"),
                "shuffle": q.findtext("shuffleanswers"),
                "general": q.findtext("generalfeedback/text", "").strip(),
                "combined": [q.findtext(f"{kind}feedback/text", "") for kind in ("correct", "incorrect")],
                "answers": [
                    (a.get("fraction"), a.findtext("text", "").strip(), a.findtext("feedback/text", "").strip())
                    for a in q.findall("answer")
                ],
            }
        )
    return found


def _shown(markup: str) -> str:
    """HTML as a student reads it: the text, entities decoded, paragraphs and list items apart."""
    spaced = re.sub(r"</?(?:p|ul|li)>", " ", markup)
    return " ".join(lxml.html.fromstring(f"<div>{spaced}</div>").text_content().split())


def _words(text: str) -> str:
    return " ".join(text.split())


def _verdictless(text: str) -> str:
    return re.sub(r"^Correct\.\s*", "", text)


XML = moodle_xml(ITEMS)
IMPORTED = _moodle_import(XML)
BY_ID = {item["id"]: item for item in ITEMS}


def test_moodle_xml_has_one_multichoice_question_per_item_keyed_by_its_id():
    assert len(IMPORTED) == len(ITEMS)
    assert sorted(q["idnumber"] for q in IMPORTED) == sorted(BY_ID)


def test_each_question_is_single_answer_with_exactly_one_full_credit_answer():
    for q in IMPORTED:
        item = BY_ID[q["idnumber"]]
        assert (q["single"], q["shuffle"], q["numbering"]) == ("true", "false", "ABCD")
        fractions = [a[0] for a in q["answers"]]
        assert len(fractions) == len(item["choices"]) and fractions.count("100") == 1
        assert set(fractions) <= {"0", "100"}
        right = next(a for a in q["answers"] if a[0] == "100")
        answer = next(c for c in item["choices"] if c["id"] == item["answer"])
        assert right[1] == _html(answer["text"])
        # choices in the bank's order, so the letters the feedback names are the ones Moodle shows
        assert [a[1] for a in q["answers"]] == [_html(c["text"]) for c in item["choices"]]


def test_general_feedback_teaches_the_best_answer_and_why_each_other_choice_is_not():
    """Moodle shows a student only the feedback on the choice they picked; the general feedback is
    what everyone sees, so it carries every explanation, each other choice by letter and text."""
    for q in IMPORTED:
        item = BY_ID[q["idnumber"]]
        general = _shown(q["general"])
        index = [c["id"] for c in item["choices"]].index(item["answer"])
        best = item["choices"][index]
        assert f"Why {'ABCDE'[index]} is the best answer " + _words(_verdictless(best["explanation"])) in general
        for letter, choice in zip("ABCDE", item["choices"]):
            if choice is not best:
                assert f"{letter}. {_words(choice['text'])}: {_words(choice['explanation'])}" in general
        assert "Sources " + " ".join(source_labels(item, CONTENT)) in general


def test_nothing_repeats_what_moodle_says_itself():
    """Moodle writes "Your answer is correct." and "The correct answer is: ..." on its own: no
    "Correct." in the combined, per-answer or general feedback, and no answer line."""
    opening_verdicts = sum(c["explanation"].startswith("Correct.") for item in ITEMS for c in item["choices"])
    assert opening_verdicts >= len(BANK), "the bank's keys open with 'Correct.': the check has something to catch"
    for q in IMPORTED:
        shown = [*q["combined"], *(a[2] for a in q["answers"]), q["general"]]
        assert not any("Correct." in _shown(text) for text in shown), q["idnumber"]
        assert not re.search(r"\b(?:Correct )?[Aa]nswer:", _shown(q["general"])), q["idnumber"]


def test_each_answer_keeps_its_own_explanation_as_feedback():
    for q in IMPORTED:
        item = BY_ID[q["idnumber"]]
        for choice, (_, _, feedback) in zip(item["choices"], q["answers"]):
            assert feedback == f"<p>{_html(_verdictless(choice['explanation']))}</p>"


def test_names_are_readable_and_unique_and_the_id_stays_in_idnumber():
    names = [q["name"] for q in IMPORTED]
    assert len(set(names)) == len(names)
    for q in IMPORTED:
        item = BY_ID[q["idnumber"]]
        assert q["name"].startswith(_html(topic_label(item["topic"])))
        assert item["id"] not in q["name"] and not re.search(r"\b[a-z]+_[a-z_]+\b", q["name"]), q["name"]
        assert _html(" ".join(item["stem"].split()[:4])) in q["name"]
        assert len(q["name"]) <= 255  # Moodle's limit
    generated = [q["name"] for q in IMPORTED if BY_ID[q["idnumber"]]["kind"] == "generated"]
    assert generated and all(re.search(r", generated case \d+: ", n) for n in generated)


def test_the_same_name_twice_gets_a_number():
    twin = {**BANK[0], "id": "q_twin"}
    names = [q["name"] for q in _moodle_import(moodle_xml([BANK[0], twin]))]
    assert names[1] == names[0] + " (2)"


def test_each_question_is_in_its_topics_category():
    categories = [q for q in ET.fromstring(XML.encode()).findall("question") if q.get("type") == "category"]
    topics = list(dict.fromkeys(item["topic"] for item in ITEMS))
    assert [c.findtext("category/text") for c in categories] == [
        f"$course$/Eczema Ladder/{topic_label(t)}" for t in topics
    ]
    for q in IMPORTED:
        assert q["category"] == f"$course$/Eczema Ladder/{topic_label(BY_ID[q['idnumber']]['topic'])}"


def test_shuffled_choices_are_named_by_their_text_alone():
    item = BANK[0]
    [q] = _moodle_import(moodle_xml([item], shuffle=True))
    assert q["shuffle"] == "true"
    general = _shown(q["general"])
    assert "Why the best answer is right" in general
    for letter, choice in zip("ABCDE", item["choices"]):
        if choice["id"] != item["answer"]:
            assert f"{_words(choice['text'])}: " in general and f"{letter}. {_words(choice['text'])}" not in general


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
    name = q.findtext("name/text")
    assert "<script>" not in name and "&lt;script&gt;" in name
    general = q.findtext("generalfeedback/text")
    assert "<script>" not in general and "<b>" not in general and "&lt;i&gt;choice&lt;/i&gt;" in general


def test_a_category_question_comes_first_and_can_be_left_out():
    root = ET.fromstring(moodle_xml(GENERATED[:2]).encode())
    assert root.find("question").get("type") == "category"
    root = ET.fromstring(moodle_xml(GENERATED[:2], category=None).encode())
    assert [q.get("type") for q in root.findall("question")] == ["multichoice", "multichoice"]
    assert [q.findtext("idnumber") for q in root.findall("question")] == [i["id"] for i in GENERATED[:2]]


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


def _anki_import(apkg: Path, tmp_path: Path) -> list[tuple[str, list[str]]] | None:
    """The package imported by Anki's own importer into a new collection, as a user's File > Import
    does: (guid, fields) per note, after checking that nothing was skipped. None when the ``anki``
    package is not installed (it is not among the requirements)."""
    try:
        from anki.collection import Collection, ImportAnkiPackageRequest  # type: ignore[import-not-found]
    except ImportError:
        return None
    collection = Collection(str(tmp_path / "imported.anki2"))
    try:
        log = collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg))).log
        skipped = [*log.duplicate, *log.conflicting, *log.missing_notetype, *log.missing_deck, *log.empty_first_field]
        assert not skipped, skipped
        notes = [collection.get_note(note_id) for note_id in collection.find_notes("")]
        return [(note.guid, list(note.fields)) for note in notes]
    finally:
        collection.close()


def _sources_listed(back: str) -> list[str]:
    """The Sources list on the back of a card, as the reader sees each line."""
    part = lxml.html.fromstring(back).find_class("sources")
    assert len(part) == 1, back
    return [li.text_content() for li in part[0].iter("li")]


def test_anki_cards_cite_their_sources_with_the_apps_labels(tmp_path):
    """The labels Practice and Exam list under a question (citations.reference_line, the one formatter),
    on every card, read from the imported package."""
    path = anki_package(ITEMS, tmp_path / "bank.apkg", CONTENT)
    notes = _anki_import(path, tmp_path)
    if notes is None:  # without Anki itself, the collection inside the package
        notes = [(guid, fields.split("\x1f")) for guid, fields, _tags, _mid in _notes(path, tmp_path)]
    assert len(notes) == len(ITEMS)
    by_guid = {genanki.guid_for(item["id"]): item for item in ITEMS}
    for guid, (_front, back) in notes:
        item = by_guid[guid]
        assert _sources_listed(back) == [reference_line(s, CONTENT) for s in item["sources"]], item["id"]
    labels = _sources_listed(anki_back(BANK[0]))  # content left out: the bundled content's labels, not ids
    assert labels == source_labels(BANK[0], CONTENT) and not set(labels) & set(BANK[0]["sources"])


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
