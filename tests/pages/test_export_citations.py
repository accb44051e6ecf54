"""The Anki cards and the Moodle questions cite a question's sources with the labels the Practice page shows
under that question once it is answered (one formatter: pathway.clinical.citations)."""

from __future__ import annotations

import re

import lxml.html
from app_helpers import open_direct, texts
from streamlit.testing.v1 import AppTest

from pathway.clinical.engine import default_content
from pathway.learn.bank import load_bank, question_json
from pathway.learn.export import anki_back, general_feedback

PAGE = "pages/8_Practice.py"
ITEM = next(question_json(q) for q in load_bank() if q.id == "q_herpeticum_punched_out")


def _answered(item: dict) -> AppTest:
    at = open_direct(PAGE, item=item["id"])
    form = next(f for f in at.get("form") if f.proto.form.form_id.startswith("ask_"))
    form_id = form.proto.form.form_id
    at.radio(key=f"{form_id}_choice").set_value(item["answer"])
    at.radio(key=f"{form_id}_confidence").set_value("sure")
    return at.button(key=f"FormSubmitter:{form_id}-Check my answer").click().run()


def _listed(markup: str, within: str) -> list[str]:
    """The lines of the sources list in an export's HTML (``within``: the part that holds it)."""
    root = lxml.html.fromstring(f"<div>{markup}</div>")
    part = root.find_class("sources")[0] if within == "anki" else root
    return [li.text_content() for li in part.iter("li")][-len(ITEM["sources"]) :]


def test_the_exports_cite_as_the_practice_page_does():
    at = _answered(ITEM)
    assert not at.exception, [e.message for e in at.exception]
    [sources] = [e for e in at.expander if e.label.startswith("Sources")]
    shown = [
        re.sub(r"\\(.)", r"\1", line.removeprefix("- ")) for line in "\n".join(texts(sources.markdown)).splitlines()
    ]
    assert len(shown) == len(ITEM["sources"]) and all("·" in line or "ctx: " in line for line in shown), shown
    content = default_content()
    assert _listed(anki_back(ITEM, content), "anki") == shown
    assert _listed(general_feedback(ITEM, content), "moodle") == shown
