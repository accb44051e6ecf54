"""Check a staging file of new question-bank items against the bank's schema and item-writing rules,
together with the authored bank (ids unique across both, answer-position and longest-answer shares).

    .venv/bin/python tools/check_items.py content/questions_w1.yaml
"""

from __future__ import annotations

import sys
from collections import Counter

import yaml

from pathway.clinical.content import SAFE_LOADER, load_content
from pathway.learn.bank import _parse_items, load_bank
from pathway.learn.item_rules import check_bank


def main(path: str) -> int:
    content = load_content()
    problems: list[str] = []
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=SAFE_LOADER)
    items = _parse_items(data, problems)
    problems += check_bank(items + load_bank(), set(content.references))
    # numeric choices in numeric order: one of check_bank's rules (item_rules.numeric_order)
    print("\n".join(problems) if problems else f"OK: {len(items)} items")
    print("topics:", dict(Counter(i.topic for i in items)))
    print("answer positions:", dict(Counter(i.answer for i in items)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
