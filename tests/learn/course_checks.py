"""What the course tests check a followed patient's words against: the content item each line names."""

from __future__ import annotations

import re

from pathway.clinical.content import DEFAULT_CONTENT_DIR, FILES, Content
from pathway.clinical.scenario import Line

NUMBER = re.compile(r"\d+(?:\.\d+)?")
KINDS = {"timeline": "timelines", "pitfall": "pitfalls", "red_flag": "red_flags", "referral": "referral"}


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def content_numbers() -> set[str]:
    """Every number written anywhere in the clinical content files (not the question bank)."""
    found: set[str] = set()
    for name in FILES:
        found |= numbers((DEFAULT_CONTENT_DIR / name).read_text(encoding="utf-8"))
    return found


def item_of(line: Line, content: Content) -> object | None:
    kind, _, item_id = (line.rule or "").partition(":")
    index = getattr(content, KINDS.get(kind, ""), None)
    return None if index is None else index.get(item_id)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def invented_numbers(line: Line, content: Content, everywhere: set[str]) -> list[str]:
    """Numbers in an outcome line that the content item it names does not hold. A line that names no
    item, or that the engine wrote from several items (the course allowed at an age and site, in place of
    the steroid trial's timing: none of the item's own sentences is in it), is held to every number in
    the content instead."""
    item = item_of(line, content)
    if item is not None:
        data = item.model_dump()  # type: ignore[attr-defined]
        if any(text in line.text for text in _strings(data) if len(text) > 12):
            return sorted(numbers(line.text) - numbers(" ".join(_strings(data))))
    return sorted(numbers(line.text) - everywhere)
