"""Check the question bank, or draft files of new items together with it, and count what it holds.

    .venv/bin/python tools/check_items.py                      # the bank (content/questions.yaml)
    .venv/bin/python tools/check_items.py drafts/new_items.yaml  # a draft file checked with the bank

Every item is checked against the bank's schema, the topics in content/topics.yaml and the
item-writing rules (pathway/learn/item_rules.py), each problem naming the file the item is in; ids
must be unique across the bank and the drafts, and the answer-position and longest-answer shares
are taken over all of them. Then the counts: by topic (in topics.yaml's order), by stage, kind,
difficulty and answer position. Exit 1 when there is a problem.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pathway.clinical.base import STAGES
from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError, load_content, read_yaml
from pathway.learn.bank import FILE, Question, parse_items, topic_problems
from pathway.learn.item_rules import check_bank
from pathway.learn.topics import load_topics


def _read(path: Path, problems: list[str]) -> list[Question]:
    data = read_yaml(path, problems)
    return parse_items(data, problems, path.name) if data is not None else []


def _counts(title: str, counter: Counter[str], order: Sequence[str]) -> str:
    keys = [k for k in order if counter[k]] + sorted(k for k in counter if k not in order)
    return f"{title}: " + ", ".join(f"{k} {counter[k]}" for k in keys)


def main(paths: Sequence[str]) -> int:
    try:
        references = set(load_content().references)
        topics = load_topics().ids()
    except ContentError as exc:
        print("\n".join(exc.problems))
        return 1
    problems: list[str] = []
    items: list[Question] = []
    files: list[str] = []
    for path in [DEFAULT_CONTENT_DIR / FILE, *(Path(p) for p in paths)]:
        found = _read(path, problems)
        problems += topic_problems(found, topics, path.name)
        items += found
        files += [path.name] * len(found)
    problems += check_bank(items, references, files)
    drafts = len(items) - files.count(FILE)
    print("\n".join(problems) if problems else f"OK: {len(items)} items" + (f" ({drafts} in drafts)" if paths else ""))
    print(_counts("topics", Counter(i.topic for i in items), topics))
    print(_counts("stages", Counter(i.stage for i in items), STAGES))
    print(_counts("kinds", Counter(i.kind for i in items), ("authored", "spot_the_error")))
    print(_counts("difficulty", Counter(str(i.difficulty) for i in items), ("1", "2", "3")))
    print(_counts("answer positions", Counter(i.answer for i in items), "abcdef"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
