"""Exports of the question bank (and generated cases) for other learning tools.

- :func:`moodle_xml`: Moodle XML question import format, one single-answer ``multichoice`` question
  per item, in a category per topic, named by its topic and first words. Moodle shows a student only the
  feedback of the choice they picked, so the general feedback (shown to everyone) holds the correct
  answer's explanation, why each other choice is not the best answer, and the sources; nothing repeats
  what Moodle says itself ("Your answer is correct.", "The correct answer is: ...");
- :func:`anki_package`: an Anki deck (.apkg, via genanki) with one note per item, whose guid comes
  from the item id so a re-import updates notes instead of duplicating them;
- :func:`export_bank`: the authored bank plus, optionally, N generated cases, to either format
  (what ``python -m pathway export`` calls).

Items are dicts in the public JSON shape of :func:`pathway.learn.bank.question_json` (generated
cases add a ``scenario``, which is not exported). Every piece of text is HTML-escaped before it is
put into HTML, and the HTML goes into CDATA sections that a ``]]>`` in the text cannot close.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pathway.clinical.citations import reference_line
from pathway.clinical.content import Content
from pathway.clinical.engine import default_content
from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.learn.topics import topic_label

__all__ = [
    "ANKI_DECK_ID",
    "ANKI_MODEL_ID",
    "FORMATS",
    "MOODLE_CATEGORY",
    "anki_package",
    "bank_items",
    "export_bank",
    "general_feedback",
    "moodle_category",
    "moodle_xml",
    "question_name",
    "source_labels",
]

FORMATS = ("moodle", "anki")
MOODLE_CATEGORY = "$course$/Eczema Ladder"
# Chosen once and never changed: Anki recognises the note type and the deck by these ids.
ANKI_MODEL_ID = 1_738_204_519
ANKI_DECK_ID = 2_046_913_877
ANKI_DECK_NAME = "Eczema Ladder"
NAME_WORDS = 8  # a Moodle question's name: its topic and the first words of its stem
# An explanation of the right choice may open with the verdict; Moodle says that itself.
_VERDICT = re.compile(r"^\s*Correct\.\s*")
# Characters XML 1.0 does not allow (control characters other than tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    """Plain text as HTML text, safe in XML."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=False)  # text nodes only, never attributes


def _cdata(markup: str) -> str:
    """A CDATA section holding ``markup``; a ``]]>`` inside is split across two sections."""
    return "<![CDATA[" + _NOT_XML.sub("", markup).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def source_labels(item: Mapping[str, Any], content: Content | None = None) -> list[str]:
    """The item's sources as the app lists them under a question (Practice, Exam): one
    :func:`~pathway.clinical.citations.reference_line` per source, ``000·6: Treatment of eczema (...)``."""
    content = content if content is not None else default_content()
    return [reference_line(ref_id, content) for ref_id in item.get("sources", [])]


def _sources_html(item: Mapping[str, Any], content: Content | None) -> str:
    labels = source_labels(item, content)
    if not labels:
        return ""
    return "<p><strong>Sources</strong></p><ul>" + "".join(f"<li>{_esc(x)}</li>" for x in labels) + "</ul>"


def _question_html(item: Mapping[str, Any]) -> str:
    return f"<p>{_esc(item['stem'])}</p><p><strong>{_esc(item['lead_in'])}</strong></p>"


# ----------------------------------------------------------------------------- Moodle XML


def _without_verdict(explanation: str) -> str:
    """The explanation of the right choice without an opening "Correct." (Moodle says so itself)."""
    return _VERDICT.sub("", str(explanation), count=1)


def _first_words(text: str, count: int = NAME_WORDS) -> str:
    words = str(text).split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(",;:.-") + "…"


def question_name(item: Mapping[str, Any]) -> str:
    """A name a teacher can read in Moodle's question bank: the topic and the stem's first words
    (``Red flags and infection: A 24-year-old woman with lifelong atopic dermatitis has…``); a generated
    case says so and gives its number. The item id stays in ``<idnumber>``."""
    where = topic_label(str(item.get("topic", "")))
    if item.get("kind") == "generated":
        where += f", generated case {str(item['id']).removeprefix('case-')}"
    return f"{where}: {_first_words(item['stem'])}"


def _unique_names(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """:func:`question_name` for each item; a name met before gets `` (2)``, `` (3)`` ..."""
    taken: set[str] = set()
    names = []
    for item in items:
        base = name = question_name(item)
        n = 1
        while name in taken:
            n += 1
            name = f"{base} ({n})"
        taken.add(name)
        names.append(name)
    return names


def moodle_category(topic: str, base: str = MOODLE_CATEGORY) -> str:
    """``$course$/Eczema Ladder/Red flags and infection``: the topic's category under ``base`` (a ``/``
    in a label is doubled, which Moodle reads as a slash inside one category's name)."""
    return f"{base}/{topic_label(topic).replace('/', '//')}"


def general_feedback(item: Mapping[str, Any], content: Content | None = None, letters: bool = True) -> str:
    """What every student sees after answering, whichever choice they picked: why the best answer is
    right (its whole explanation), why each other choice is not (by letter and text, or by text alone
    when ``letters`` is off because Moodle shuffles the choices), and the sources."""
    index = next(i for i, c in enumerate(item["choices"]) if c["id"] == item["answer"])
    answer = item["choices"][index]
    heading = f"Why {_letter(index)} is the best answer" if letters else "Why the best answer is right"
    parts = [
        f"<p><strong>{heading}</strong></p>",
        f"<p>{_esc(_without_verdict(answer['explanation']))}</p>",
        "<p><strong>Why not the others</strong></p>",
        "<ul>",
    ]
    for i, choice in enumerate(item["choices"]):
        if i != index:
            label = f"{_letter(i)}. {_esc(choice['text'])}" if letters else _esc(choice["text"])
            parts.append(f"<li><strong>{label}</strong>: {_esc(choice['explanation'])}</li>")
    parts.append("</ul>")
    return "".join(parts) + _sources_html(item, content)


def _moodle_question(item: Mapping[str, Any], name: str, content: Content | None, shuffle: bool) -> str:
    general = general_feedback(item, content, letters=not shuffle)
    lines = [
        '  <question type="multichoice">',
        f"    <name><text>{_cdata(_esc(name))}</text></name>",
        f'    <questiontext format="html"><text>{_cdata(_question_html(item))}</text></questiontext>',
        f'    <generalfeedback format="html"><text>{_cdata(general)}</text></generalfeedback>',
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{_cdata(_esc(item['id']))}</idnumber>",
        "    <single>true</single>",
        f"    <shuffleanswers>{'true' if shuffle else 'false'}</shuffleanswers>",
        "    <answernumbering>ABCD</answernumbering>",
        # Moodle says "Your answer is correct." / "incorrect." itself; the general feedback teaches.
        '    <correctfeedback format="html"><text></text></correctfeedback>',
        '    <partiallycorrectfeedback format="html"><text></text></partiallycorrectfeedback>',
        '    <incorrectfeedback format="html"><text></text></incorrectfeedback>',
    ]
    for choice in item["choices"]:
        right = choice["id"] == item["answer"]
        explanation = _without_verdict(choice["explanation"]) if right else choice["explanation"]
        feedback = _cdata(f"<p>{_esc(explanation)}</p>")
        lines += [
            f'    <answer fraction="{100 if right else 0}" format="html">',
            f"      <text>{_cdata(_esc(choice['text']))}</text>",
            f'      <feedback format="html"><text>{feedback}</text></feedback>',
            "    </answer>",
        ]
    tags = [item.get("topic"), item.get("stage"), item.get("kind")]
    lines.append("    <tags>" + "".join(f"<tag><text>{_cdata(_esc(t))}</text></tag>" for t in tags if t) + "</tags>")
    lines.append("  </question>")
    return "\n".join(lines)


def _category_question(path: str, topic: str) -> str:
    info = f"<p>Eczema Ladder questions on {_esc(topic_label(topic).lower())}.</p>" if topic else ""
    return (
        f'  <question type="category"><category><text>{_cdata(_esc(path))}</text></category>'
        f'<info format="html"><text>{_cdata(info)}</text></info></question>'
    )


def moodle_xml(
    items: Sequence[Mapping[str, Any]],
    content: Content | None = None,
    category: str | None = MOODLE_CATEGORY,
    shuffle: bool = False,
) -> str:
    """Moodle XML for a list of items: one single-answer multichoice question each (lettered A, B, C),
    each choice's explanation as its own feedback, and as general feedback (which every student sees)
    the best answer's explanation, why each other choice is not the best, and the sources.

    ``content`` (default: the bundled content) turns reference ids into titles. ``category`` is the
    question-bank category the topics' categories go under (``$course$/Eczema Ladder/<topic label>``,
    the questions grouped by topic in the order the topics first come); None: no category, the items'
    order. ``shuffle`` lets Moodle shuffle the choices; off by default, so the letters the feedback
    names are the ones the student sees (and figures stay in order); on, the feedback names choices by
    their text alone.
    """
    content = content if content is not None else default_content()
    groups: dict[str, list[Mapping[str, Any]]] = {}
    if category:
        for item in items:
            groups.setdefault(str(item.get("topic", "")), []).append(item)
    else:
        groups[""] = list(items)
    names = iter(_unique_names([item for group in groups.values() for item in group]))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for topic, group in groups.items():
        if category:
            parts.append(_category_question(moodle_category(topic, category) if topic else category, topic))
        parts += [_moodle_question(item, next(names), content, shuffle) for item in group]
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"


# ----------------------------------------------------------------------------- Anki

ANKI_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black; background: white; }
.choices { list-style: none; padding-left: 0; }
.answer { color: #1a6e2e; }
.sources { font-size: 14px; color: #555; }
"""


def _anki_model() -> Any:  # a genanki.Model (genanki has no type hints)
    """The note type (genanki is imported here, so the Moodle export works without it)."""
    import genanki

    return genanki.Model(
        ANKI_MODEL_ID,
        "Eczema Ladder single best answer",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=ANKI_CSS,
    )


def anki_front(item: Mapping[str, Any]) -> str:
    """Stem, lead-in and lettered choices, as escaped HTML."""
    choices = "".join(f"<li>{_letter(i)}. {_esc(c['text'])}</li>" for i, c in enumerate(item["choices"]))
    return _question_html(item) + f'<ul class="choices">{choices}</ul>'


def anki_back(item: Mapping[str, Any], content: Content | None = None) -> str:
    """The answer and its explanation, why each other choice is not the answer, and the sources."""
    index = next(i for i, c in enumerate(item["choices"]) if c["id"] == item["answer"])
    answer = item["choices"][index]
    parts = [
        f'<p class="answer"><strong>{_letter(index)}. {_esc(answer["text"])}</strong></p>',
        f"<p>{_esc(answer['explanation'])}</p>",
        "<ul>",
    ]
    for i, choice in enumerate(item["choices"]):
        if i != index:
            parts.append(
                f"<li><strong>{_letter(i)}. {_esc(choice['text'])}</strong>: {_esc(choice['explanation'])}</li>"
            )
    parts.append("</ul>")
    sources = _sources_html(item, content)
    if sources:
        parts.append(f'<div class="sources">{sources}</div>')
    return "".join(parts)


def _tag(text: str) -> str:
    return re.sub(r"\s+", "_", str(text))


def anki_package(
    items: Sequence[Mapping[str, Any]],
    path: str | Path,
    content: Content | None = None,
    deck_name: str = ANKI_DECK_NAME,
) -> Path:
    """Write an Anki package (.apkg) with one note per item and return its path. Note guids come from
    the item ids (``genanki.guid_for``), so importing a newer export updates the same notes."""
    import genanki

    content = content if content is not None else default_content()
    model = _anki_model()
    deck = genanki.Deck(ANKI_DECK_ID, deck_name)
    for item in items:
        tags = [_tag(t) for t in (item.get("topic"), item.get("stage"), item.get("kind")) if t]
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[anki_front(item), anki_back(item, content)],
                guid=genanki.guid_for(item["id"]),
                tags=tags,
            )
        )
    path = Path(path)
    genanki.Package(deck).write_to_file(str(path))
    return path


# ----------------------------------------------------------------------------- the bank


def bank_items(generated: int = 0, content: Content | None = None, first_seed: int = 0) -> list[dict[str, Any]]:
    """The authored bank (in file order) followed by ``generated`` cases, seeds ``first_seed`` onwards."""
    if isinstance(generated, bool) or not isinstance(generated, int) or generated < 0:
        raise ValueError(f"generated must be an int >= 0, not {generated!r}")
    content = content if content is not None else default_content()
    items = [question_json(q) for q in load_bank(reference_ids=set(content.references))]
    items += [generate_case(seed, content) for seed in range(first_seed, first_seed + generated)]
    return items


def export_bank(
    format: str, out: Path | str, generated: int = 0, content: Content | None = None, first_seed: int = 0
) -> Path:
    """Write the bank (plus ``generated`` cases) as Moodle XML (``format="moodle"``) or an Anki package
    (``format="anki"``) to ``out``; returns the path written."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r} (choose from {', '.join(FORMATS)})")
    content = content if content is not None else default_content()
    items = bank_items(generated, content, first_seed)
    out = Path(out)
    if format == "moodle":
        out.write_text(moodle_xml(items, content), encoding="utf-8")
        return out
    return anki_package(items, out, content)
