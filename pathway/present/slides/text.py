"""Small text helpers for slides: how much fits on a projected slide, sentences, and a statement with its sources."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from pathway.clinical.citations import cite, reference_line
from pathway.clinical.content import Content

# A projected 16:9 slide at 24 pt holds about this many characters a line and lines of body text
# (12.3 in of text width, 5.3 in of height); longer lists go on a second slide.
CHARS_PER_LINE = 70
BODY_LINES = 10
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'‘\"“])")


def lines_needed(texts: Iterable[str], chars_per_line: int = CHARS_PER_LINE) -> int:
    """How many projected lines these paragraphs take at body size (each starts a new line)."""
    return sum(max(1, math.ceil(len(t) / chars_per_line)) for t in texts)


def pack(texts: list[str], budget: int = BODY_LINES) -> list[list[str]]:
    """Split paragraphs, in order, into groups that each fit ``budget`` lines (a long one stands alone)."""
    groups: list[list[str]] = [[]]
    for text in texts:
        if groups[-1] and lines_needed(groups[-1] + [text]) > budget:
            groups.append([])
        groups[-1].append(text)
    return [g for g in groups if g] or [[]]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def references_note(sources: Iterable[str], content: Content) -> str:
    """The full reference list for speaker notes, one reference a line."""
    lines = [reference_line(ref_id, content) for ref_id in unique(sources)]
    return "References:\n" + "\n".join(lines) if lines else ""


def cited(text: str, sources: Iterable[str], content: Content) -> str:
    return f"{text} ({cite(sources, content)})"
