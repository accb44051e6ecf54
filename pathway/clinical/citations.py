"""How a source is named, wherever the tool names one: the app, the slides and deck, the handout, and
the Moodle and Anki exports all call these, so a reference reads the same everywhere.

- :func:`label`: ``000·6`` for reference 6 of document 000; ``ctx: NICE CG57`` for the checked context
  (outside the two documents, and said so);
- :func:`details` and :func:`reference_line`: the title, publisher and year, alone or after the label,
  for a reference list (a title that begins with the label's own name does not repeat it; a file name is
  never shown as a publisher);
- :func:`cite`: ``Sources: 000·1, 003·2, ctx: NICE CG57`` under a statement;
- :func:`caption`: the same references in full, for a chart or a table;
- :func:`by_document`: ``document 000, refs 1, 2 and 4`` and ``ctx: NICE CG57``, for a projected slide;
- :func:`group`: which of the documents (or the checked context) a set of references comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathway.clinical.content import Content

SEPARATOR = "·"
CONTEXT = "ctx: "
FILE_SUFFIXES = (".md", ".txt", ".yaml", ".yml", ".json", ".pdf")


def _unique(sources: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(sources))


def label(ref_id: str, content: Content) -> str:
    """The short label of one reference; the id itself when the content does not know it."""
    ref = content.references.get(ref_id)
    if ref is None:
        return ref_id
    if ref.number is not None:
        return f"{ref.document.removeprefix('doc_')}{SEPARATOR}{ref.number}"
    name = ref.short or ref.id.removeprefix("ctx_").replace("_", " ")
    return CONTEXT + name.removeprefix(CONTEXT)


def _publisher(publisher: str | None) -> str | None:
    """A publisher as readers know it; a file name (the checked context's own file) is not one."""
    return None if publisher is None or publisher.strip().lower().endswith(FILE_SUFFIXES) else publisher


def details(ref_id: str, content: Content) -> str:
    """A reference's title, publisher and year: ``Treatment of eczema (Clinical reviews ..., 2016)``."""
    ref = content.references.get(ref_id)
    if ref is None:
        return ref_id
    where = ", ".join(str(x) for x in (_publisher(ref.publisher), ref.year) if x)
    return ref.title + (f" ({where})" if where else "")


def reference_line(ref_id: str, content: Content) -> str:
    """``000·6: Treatment of eczema (Clinical reviews in allergy & immunology, 2016)``; a checked-context
    title that begins with its own short name (``NICE CG57: Atopic eczema ...``) does not repeat it."""
    ref = content.references.get(ref_id)
    if ref is None:
        return ref_id
    short = label(ref_id, content)
    name = short.removeprefix(CONTEXT)
    if ref.number is None and ref.title.lower().startswith(name.lower()):
        return CONTEXT + details(ref_id, content)
    return f"{short}: {details(ref_id, content)}"


def cite(sources: Iterable[str], content: Content) -> str:
    """``Sources: 000·1, 003·2``: the labels of a statement's references, each once, in order."""
    labels = [label(s, content) for s in _unique(sources)]
    return ("Source: " if len(labels) == 1 else "Sources: ") + ", ".join(labels)


def caption(sources: Iterable[str], content: Content) -> str:
    """The references in full, for a chart's or a table's caption."""
    lines = [reference_line(s, content) for s in _unique(sources)]
    return ("Source: " if len(lines) == 1 else "Sources: ") + "; ".join(lines)


def group(sources: Iterable[str], content: Content) -> str:
    """``document 000``, ``document 003`` or ``checked context`` (joined with " + " when they mix)."""
    names = []
    for ref_id in _unique(sources):
        ref = content.references.get(ref_id)
        if ref is None:
            continue
        doc = content.documents.get(ref.document)
        names.append(
            f"document {ref.document.removeprefix('doc_')}" if doc and doc.kind == "source" else "checked context"
        )
    return " + ".join(dict.fromkeys(names))


def by_document(sources: Iterable[str], content: Content) -> tuple[str, ...]:
    """One short line per document, ``document 000, refs 1, 2 and 4``, then the checked context by label."""
    numbers: dict[str, list[int]] = {}
    others: list[str] = []
    for ref_id in _unique(sources):
        ref = content.references.get(ref_id)
        if ref is not None and ref.number is not None:
            numbers.setdefault(ref.document, []).append(ref.number)
        else:
            others.append(label(ref_id, content))
    out = []
    for document, found in numbers.items():
        ordered = sorted(set(found))
        listed = ", ".join(str(n) for n in ordered[:-1]) + (" and " if len(ordered) > 1 else "") + str(ordered[-1])
        out.append(f"document {document.removeprefix('doc_')}, ref{'s' if len(ordered) > 1 else ''} {listed}")
    return tuple(out + _unique(others))
