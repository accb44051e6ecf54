"""Shared by the presenter and join page tests: a fresh database per test, the lecture, reading
what a page shows as plain text (its Markdown escapes removed)."""

from __future__ import annotations

import re

from app_helpers import all_text

from pathway.clinical.content import load_content
from pathway.present.slides import build_slides

PRESENTER = "pages/11_Presenter.py"
JOIN = "pages/12_Join_poll.py"
CONTENT = load_content()
SLIDES = build_slides(CONTENT)
QUESTION_SLIDES = [s for s in SLIDES if s.kind == "question"]
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text).replace("\u200b", "")


def shown(at) -> str:
    """Every text on the page as a reader sees it."""
    parts = [all_text(at)] + [str(e.value) for e in at.get("code")] + [e.label for e in at.expander]
    return unescape("\n".join(parts))


def counter(at) -> str:
    return next(m.value for m in at.markdown if re.fullmatch(r"\d+ / \d+", m.value))


def slide_title(at) -> str:
    return unescape(at.title[0].value)
