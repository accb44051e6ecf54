"""Shared by the question bank's tests (tests/learn/test_bank_*.py): the bundled content and bank, a
known good item to break on purpose, and a check that a rule's problem line names the item.
"""

from __future__ import annotations

from pathway.clinical.content import load_content
from pathway.learn.bank import load_bank

CONTENT = load_content()
REFS = set(CONTENT.references)
BANK = load_bank()
BY_ID = {q.id: q for q in BANK}
GOOD = BY_ID["q_wet_wrap_first_escalation"]


def assert_caught(problems: list[str], item_id: str, rule: str) -> None:
    hits = [p for p in problems if p.startswith(f"questions.yaml: {item_id}: rule {rule}:")]
    assert hits, f"rule {rule} not reported for {item_id}: {problems}"
