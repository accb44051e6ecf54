"""Check a staging file of new question-bank items against the bank's schema and item-writing rules,
together with the authored bank (ids unique across both, answer-position and longest-answer shares).

    .venv/bin/python tools/check_items.py content/questions_w1.yaml
"""

from __future__ import annotations

import re
import sys
from collections import Counter

import yaml

from pathway.clinical.content import SAFE_LOADER, load_content
from pathway.learn.bank import _parse_items, load_bank
from pathway.learn.item_rules import check_bank, is_mostly_numeric


def _first_number(text: str) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", text)
    return float(match.group(0)) if match else None


def main(path: str) -> int:
    content = load_content()
    problems: list[str] = []
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=SAFE_LOADER)
    items = _parse_items(data, problems)
    problems += check_bank(items + load_bank(), set(content.references))
    for item in items:
        if all(is_mostly_numeric(c.text) for c in item.choices):
            numbers = [_first_number(c.text) for c in item.choices]
            known = [n for n in numbers if n is not None]
            if len(known) == len(numbers) and known != sorted(known):
                problems.append(f"{path}: {item.id}: numeric choices out of order: {numbers}")
    print("\n".join(problems) if problems else f"OK: {len(items)} items")
    print("topics:", dict(Counter(i.topic for i in items)))
    print("answer positions:", dict(Counter(i.answer for i in items)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
