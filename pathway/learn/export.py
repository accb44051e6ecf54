"""Exports of the question bank (and generated cases) for other learning tools.

- :func:`moodle_xml`: Moodle XML question import format, one single-answer ``multichoice`` question
  per item, with per-choice feedback and the sources as general feedback;
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

__all__ = [
    "ANKI_DECK_ID",
    "ANKI_MODEL_ID",
    "FORMATS",
    "MOODLE_CATEGORY",
    "anki_package",
    "bank_items",
    "export_bank",
    "moodle_xml",
]

FORMATS = ("moodle", "anki")
MOODLE_CATEGORY = "$course$/Eczema Ladder"
# Chosen once and never changed: Anki recognises the note type and the deck by these ids.
ANKI_MODEL_ID = 1_738_204_519
ANKI_DECK_ID = 2_046_913_877
ANKI_DECK_NAME = "Eczema Ladder"
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


def _source_labels(ids: list[str], content: Content | None) -> list[str]:
    """``000-1: title (publisher, year)`` for each reference id (the bare ids without content)."""
    return list(ids) if content is None else [reference_line(i, content) for i in ids]


def _sources_html(item: Mapping[str, Any], content: Content | None) -> str:
    labels = _source_labels(list(item.get("sources", [])), content)
    if not labels:
        return ""
    return "<p><strong>Sources</strong></p><ul>" + "".join(f"<li>{_esc(x)}</li>" for x in labels) + "</ul>"


def _question_html(item: Mapping[str, Any]) -> str:
    return f"<p>{_esc(item['stem'])}</p><p><strong>{_esc(item['lead_in'])}</strong></p>"


# ----------------------------------------------------------------------------- Moodle XML


def _moodle_question(item: Mapping[str, Any], content: Content | None, shuffle: bool) -> str:
    answer = next(c for c in item["choices"] if c["id"] == item["answer"])
    general = f"<p><strong>Answer:</strong> {_esc(answer['text'])}</p>" + _sources_html(item, content)
    lines = [
        '  <question type="multichoice">',
        f"    <name><text>{_cdata(_esc(item['id']))}</text></name>",
        f'    <questiontext format="html"><text>{_cdata(_question_html(item))}</text></questiontext>',
        f'    <generalfeedback format="html"><text>{_cdata(general)}</text></generalfeedback>',
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{_cdata(_esc(item['id']))}</idnumber>",
        "    <single>true</single>",
        f"    <shuffleanswers>{'true' if shuffle else 'false'}</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        '    <correctfeedback format="html"><text>Correct.</text></correctfeedback>',
        '    <partiallycorrectfeedback format="html"><text></text></partiallycorrectfeedback>',
        '    <incorrectfeedback format="html"><text>Not the best answer: see the feedback on each choice.</text>'
        "</incorrectfeedback>",
    ]
    for choice in item["choices"]:
        fraction = 100 if choice["id"] == item["answer"] else 0
        feedback = _cdata(f"<p>{_esc(choice['explanation'])}</p>")
        lines += [
            f'    <answer fraction="{fraction}" format="html">',
            f"      <text>{_cdata(_esc(choice['text']))}</text>",
            f'      <feedback format="html"><text>{feedback}</text></feedback>',
            "    </answer>",
        ]
    tags = [item.get("topic"), item.get("stage"), item.get("kind")]
    lines.append("    <tags>" + "".join(f"<tag><text>{_cdata(_esc(t))}</text></tag>" for t in tags if t) + "</tags>")
    lines.append("  </question>")
    return "\n".join(lines)


def moodle_xml(
    items: Sequence[Mapping[str, Any]],
    content: Content | None = None,
    category: str | None = MOODLE_CATEGORY,
    shuffle: bool = True,
) -> str:
    """Moodle XML for a list of items: one single-answer multichoice question each (lettered a, b, c),
    with the choice explanations as per-answer feedback and the sources as general feedback.

    ``content`` (default: the bundled content) turns reference ids into titles; ``category`` puts
    the questions in a question-bank category (None: none); ``shuffle`` lets Moodle shuffle choices.
    """
    content = content if content is not None else default_content()
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    if category:
        parts.append(
            f'  <question type="category"><category><text>{_cdata(_esc(category))}</text></category></question>'
        )
    parts += [_moodle_question(item, content, shuffle) for item in items]
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
