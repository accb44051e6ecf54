"""tools/check_items.py: the bank alone passes and is counted by topic and stage; a draft file of new
items is checked with the bank, and every problem names the file the item is really in."""

from __future__ import annotations

import yaml
from bank_cases import BANK

from pathway.learn.bank import question_json
from pathway.learn.topics import topic_ids
from tools.check_items import main


def test_the_bank_alone_passes_and_is_counted_by_topic(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"OK: {len(BANK)} items"
    counted = dict(part.rsplit(" ", 1) for part in out[1].removeprefix("topics: ").split(", "))
    assert list(counted) == [t for t in topic_ids() if t in counted]
    assert sum(int(n) for n in counted.values()) == len(BANK)


def test_a_draft_files_problems_name_the_draft(tmp_path, capsys):
    known = question_json(BANK[0])
    renamed = question_json(BANK[1]) | {"id": "q_draft_new", "lead_in": "Which of these is NOT advised here?"}
    strange = question_json(BANK[2]) | {"id": "q_draft_topic", "topic": "itch"}
    draft = tmp_path / "draft_items.yaml"
    draft.write_text(yaml.safe_dump({"questions": [known, renamed, strange]}, sort_keys=False), encoding="utf-8")
    assert main([str(draft)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert 'draft_items.yaml: q_draft_new: rule negative_lead_in: the lead-in uses "NOT"' in lines
    assert "draft_items.yaml: q_draft_topic.topic: 'itch' is not a topic in topics.yaml" in lines
    assert (
        f"draft_items.yaml: {BANK[0].id}: rule duplicate_id: the id is used by 2 items "
        "(in questions.yaml, draft_items.yaml)" in lines
    )
    assert not any(line.startswith("questions.yaml:") for line in lines), lines
