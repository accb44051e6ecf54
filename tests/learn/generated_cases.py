"""What the generated cases' tests share beside the cases themselves (tests/learn/conftest.py)."""

from __future__ import annotations

from pathway.clinical.engine import default_content

CONTENT = default_content()
REFS = set(CONTENT.references)


def choice_of(item: dict, stage: str) -> dict | None:
    return next((c for c in item["choices"] if c["id"] == stage), None)
