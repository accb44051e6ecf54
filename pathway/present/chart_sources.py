"""Where a chart's numbers come from, in words: reference labels and captions; number formats shared by the charts."""

from __future__ import annotations

import re
from typing import Iterable


def _decimals(values: Iterable[float]) -> int:
    return max((len(f"{v:g}".partition(".")[2]) for v in values), default=0)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _short_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", name)


def _range(lo: float, hi: float) -> str:
    """``1.0-1.5`` but ``7.5-25``: the lower bound takes the upper bound's decimals if it has fewer."""
    d = _decimals([hi])
    return f"{lo:.{d}f}-{hi:g}" if _decimals([lo]) < d else f"{lo:g}-{hi:g}"


def source_label(ref_id: str, content, short: bool = False) -> str:
    """``document 000, ref 6 (title, year)`` / ``checked context: title``; short forms for axes."""
    ref = content.references.get(ref_id)
    if ref is None:
        return ref_id
    doc = content.documents[ref.document]
    if doc.kind == "source":
        where = f"document {doc.id.removeprefix('doc_')}, ref {ref.number}"
        if short:
            return where
        detail = f"{ref.title}, {ref.year}" if ref.year else ref.title
        return f"{where} ({detail if ref.listed else 'not in its reference list'})"
    if not short:
        return f"checked context: {ref.title}"
    title = ref.title.split(" et al.")[0] + " et al." if " et al." in ref.title else ref.title.split(":")[0]
    return f"checked context, {title} {ref.year}" if ref.year else f"checked context, {title}"


def caption_for(sources: list[str], content) -> str:
    """Render reference ids as a caption: ``Source: document 000, ref 6 (Treatment of ..., 2016)``."""
    labels = [source_label(s, content) for s in dict.fromkeys(sources)]
    return ("Source: " if len(labels) == 1 else "Sources: ") + "; ".join(labels)


def source_group(sources: list[str], content) -> str:
    """``document 000``, ``document 003`` or ``checked context`` (joined when sources mix)."""
    return " + ".join(dict.fromkeys(source_label(s, content, short=True).split(",")[0] for s in sources))
