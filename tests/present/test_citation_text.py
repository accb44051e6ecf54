"""Every export and every page says where a statement comes from the same way (pathway.clinical.citations):
no label that repeats its prefix ("ctx: ctx:", "NICE CG57: NICE CG57:"), no "(not stated)" standing in for
a missing publisher, strength or certainty, no file name as a source. Run over the Moodle XML, the Anki
notes, the handout of children's and adults' cards (HTML and Markdown), the lecture slides and the deck,
and (tests/pages/test_pages_citation_text.py) the text of every page."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pptx import Presentation

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Scenario
from pathway.learn.export import anki_back, anki_front, bank_items, moodle_xml
from pathway.present.deck import build_deck
from pathway.present.handout import handout_html, handout_markdown
from pathway.present.slides import build_slides

CONTENT = default_content()
PROBLEMS = {
    "a label repeating its prefix": re.compile(r"\bctx: ctx:|\b([A-Z][\w.]*(?: [\w.]+){0,3}): \1:"),
    "'(not stated)'": re.compile(r"\(not stated\)", re.IGNORECASE),
    # (a document's own file may be named as such, "File: 000_....txt"; never as a source or label)
    "a file name as a source": re.compile(r"(?:Sources?:|ctx:)[^\n]{0,200}?\b[\w-]+\.(?:md|txt|ya?ml)\b"),
}


def problems(text: str) -> list[str]:
    return [
        f"{what}: ...{text[max(0, m.start() - 40) : m.end() + 40]}..."
        for what, pattern in PROBLEMS.items()
        for m in pattern.finditer(text)
    ]


def test_the_check_finds_each_problem():
    assert problems("Sources: ctx: ctx: safety limits") and problems("NICE CG57: NICE CG57: Atopic eczema")
    assert problems("Reference [7] (not stated)") and problems("Source: beyond-the-sources.md")
    assert problems("Sources: 000·1, ctx: safety limits (beyond-the-sources.md)")
    assert not problems("Sources: 000·1, ctx: NICE CG57: Atopic eczema in under 12s (NICE, 2007)")


@pytest.fixture(scope="module")
def items():
    return bank_items(generated=40, content=CONTENT)


def test_moodle_and_anki(items):
    text = moodle_xml(items, CONTENT) + "".join(anki_front(i) + anki_back(i, CONTENT) for i in items)
    assert problems(text) == []


CARDS = [
    {"age_years": 0.5, "weight_kg": 7, "site": "face", "scorad": 45, "tcs_potency": "medium", "weeks_on_treatment": 3},
    {
        "age_years": 6,
        "weight_kg": 21,
        "site": "trunk",
        "scorad": 60,
        "tcs_potency": "low",
        "weeks_on_treatment": 2,
        "tried": ["wet_wrap"],
    },
    {"age_years": 40, "weight_kg": 80, "site": "back", "scorad": 45, "tcs_potency": "high", "weeks_on_treatment": 4},
    {
        "age_years": 40,
        "weight_kg": 80,
        "site": "trunk",
        "scorad": 70,
        "tcs_potency": "high",
        "weeks_on_treatment": 4,
        "tried": ["wet_wrap", "topical_calcineurin_inhibitor", "phototherapy"],
        "qol_impact": True,
    },
]


@pytest.mark.parametrize("fields", CARDS)
def test_handouts(fields):
    scenario = Scenario.model_validate({"applications_per_day": 2, "adherence_confirmed": True, **fields})
    rec = recommend(scenario, CONTENT)
    assert problems(handout_html(scenario, rec, CONTENT) + handout_markdown(scenario, rec, CONTENT)) == []


def test_slides_and_deck():
    slides = build_slides(CONTENT)
    text = "\n".join(" ".join([s.title, *s.bullets, s.notes, *s.sources]) for s in slides)
    buffer = BytesIO()
    build_deck(CONTENT, slides).save(buffer)
    deck = Presentation(BytesIO(buffer.getvalue()))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                text += "\n" + shape.text_frame.text
        if slide.has_notes_slide:
            text += "\n" + slide.notes_slide.notes_text_frame.text
    assert problems(text) == []
