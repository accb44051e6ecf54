"""Small text helpers for slides: source captions, citation labels, and how much fits on a projected slide."""

from __future__ import annotations

import math
import re
from typing import Iterable

from pathway.clinical.content import Content
from pathway.present.chart_sources import source_label

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


def cite(sources: Iterable[str], content: Content) -> str:
    """``Sources: 000·6, 003·1``: the app's short citation labels."""
    labels = [content.references[s].citation_label("·") if s in content.references else s for s in unique(sources)]
    return ("Source: " if len(labels) == 1 else "Sources: ") + ", ".join(labels)


def captions(sources: Iterable[str], content: Content) -> tuple[str, ...]:
    """Readable source captions, one per document: ``document 000, refs 1, 2 and 4``; checked context by name."""
    by_document: dict[str, list[int]] = {}
    others: list[str] = []
    for ref_id in unique(sources):
        ref = content.references.get(ref_id)
        if ref is not None and ref.number is not None and content.documents[ref.document].kind == "source":
            by_document.setdefault(ref.document, []).append(ref.number)
        elif ref is not None and ref.short:
            others.append(f"checked context, {ref.short}")
        else:
            others.append(source_label(ref_id, content, short=True))
    out = []
    for document, numbers in by_document.items():
        numbers = sorted(set(numbers))
        listed = ", ".join(str(n) for n in numbers[:-1]) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
        out.append(f"document {document.removeprefix('doc_')}, ref{'s' if len(numbers) > 1 else ''} {listed}")
    return tuple(out + unique(others))


def references_note(sources: Iterable[str], content: Content) -> str:
    """The full reference list for speaker notes: ``000·6 document 000, ref 6 (title, year)``."""
    lines = []
    for ref_id in unique(sources):
        ref = content.references.get(ref_id)
        label = ref.citation_label("·") if ref else ref_id
        lines.append(f"{label}: {source_label(ref_id, content)}")
    return "References:\n" + "\n".join(lines) if lines else ""


def cited(text: str, sources: Iterable[str], content: Content) -> str:
    return f"{text} ({cite(sources, content)})"
