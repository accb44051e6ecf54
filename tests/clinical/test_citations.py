"""One citation formatter (pathway.clinical.citations) for the app, slides, deck, handout, Moodle and Anki:
labels that never repeat their prefix, reference lines that never name a file, sources once each."""

from __future__ import annotations

import pytest

from pathway.clinical import citations
from pathway.clinical.engine import default_content

CONTENT = default_content()


@pytest.mark.parametrize(
    "ref_id, label",
    [
        ("d000_r6", "000·6"),
        ("d003_r1", "003·1"),
        ("ctx_schmitt_2011", "ctx: Schmitt 2011"),
        ("ctx_nice_cg57", "ctx: NICE CG57"),
        ("ctx_safety_limits", "ctx: safety limits"),
        ("nope", "nope"),
    ],
)
def test_labels(ref_id, label):
    assert citations.label(ref_id, CONTENT) == label


def test_every_label_and_reference_line_reads_once():
    for ref_id in CONTENT.references:
        label = citations.label(ref_id, CONTENT)
        line = citations.reference_line(ref_id, CONTENT)
        assert not label.startswith("ctx: ctx:"), label
        name = label.removeprefix("ctx: ")
        assert line.count(f"{name}:") <= 1, line  # "NICE CG57: NICE CG57: ..." never
        assert ".md" not in line and "beyond-the-sources" not in line, line
        assert line.startswith(label if CONTENT.references[ref_id].number is not None else "ctx: ")


def test_a_title_that_starts_with_its_own_name_is_not_repeated():
    line = citations.reference_line("ctx_nice_cg57", CONTENT)
    assert line.startswith("ctx: NICE CG57: Atopic eczema in under 12s")
    assert "NICE CG57: NICE CG57" not in line


def test_cite_names_each_source_once_in_order():
    assert citations.cite(["d000_r1"], CONTENT) == "Source: 000·1"
    assert citations.cite(["d000_r1", "ctx_nice_cg57", "d000_r1"], CONTENT) == "Sources: 000·1, ctx: NICE CG57"


def test_by_document_groups_the_documents_references():
    assert citations.by_document(["d000_r1", "d000_r4", "d000_r2", "ctx_bnfc"], CONTENT) == (
        "document 000, refs 1, 2 and 4",
        "ctx: BNFC",
    )


def test_group_names_where_references_come_from():
    assert (
        citations.group(["d000_r1", "d003_r1", "ctx_bnfc"], CONTENT) == "document 000 + document 003 + checked context"
    )
