"""The text of every page cites its sources the way the exports do (tests/present/test_citation_text.py):
no label repeating its prefix, no "(not stated)", no file name as a source. Practice is checked with an
answered question whose sources include a reference its document cites without listing it."""

from __future__ import annotations

import pytest
from app_helpers import PAGES, all_text, open_direct, open_page
from test_citation_text import problems
from test_practice_page import _answer, _shown

from pathway.learn.bank import load_bank, question_json

UNLISTED = next(question_json(q) for q in load_bank() if {"d000_r7", "d000_r8", "d000_r9"} & set(q.sources))


def _every_text(at) -> str:
    parts = [all_text(at)] + [str(e.value) for e in at.get("code")]
    parts += [str(getattr(e, "label", "")) for e in at.get("expander")]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_cites_cleanly(page):
    at = open_page(page)
    assert not at.exception, [e.message for e in at.exception]
    assert problems(_every_text(at)) == []


def test_practice_feedback_cites_cleanly():
    at = _answer(open_direct("pages/8_Practice.py", item=UNLISTED["id"]), UNLISTED["answer"], "sure")
    shown = _shown(at)
    assert "Reference [" in shown  # the unlisted reference is named...
    assert problems(shown + _every_text(at)) == []  # ...without "(not stated)"
