"""The printable handout (pathway.present.handout): complete, cited, escaped, and the same in both formats."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import pytest

from pathway.clinical.citations import label as reference_label
from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation, Scenario
from pathway.present.handout import cited_reference_ids, handout_filename, handout_html, handout_markdown
from pathway.present.handout.build import markdown_escape

CONTENT = default_content()
CASE_IDS = sorted(CONTENT.cases)
VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr", "area", "base", "source"}
XSS = "<script>alert(1)</script>"


def _case(case_id: str) -> tuple[Scenario, Recommendation]:
    scenario = Scenario.model_validate(CONTENT.cases[case_id].scenario)
    return scenario, recommend(scenario, CONTENT)


class _Structure(HTMLParser):
    """Records unbalanced tags, element ids, in-page links and anything that loads or runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.links.append(attrs["href"])
        if "src" in attrs or (tag == "link") or any(k.startswith("on") for k in attrs):
            self.external.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> while open: {self.stack[-3:]}")
        else:
            self.stack.pop()


def _parse(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def _all_options(rec: Recommendation):
    return list(rec.options) + [o for alt in rec.alternatives for o in alt.options]


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_html_holds_the_whole_recommendation(case_id):
    scenario, rec = _case(case_id)
    page = handout_html(scenario, rec, CONTENT)
    meta = CONTENT.meta

    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert escape(CONTENT.stage_title(rec.stage)) in page
    assert f"({rec.stage})" not in page and f"`{rec.stage}`" not in page  # no internal id
    assert page.count(escape(meta.notice)) == 2, "notice at the top and in the footer"
    assert page.index(escape(meta.notice)) < page.index("<h2>")
    assert meta.version in page and meta.date in page
    for option in _all_options(rec):
        assert escape(option.name) in page
        assert escape(option.regimen) in page
    for ref_id in cited_reference_ids(rec, CONTENT):
        assert escape(CONTENT.references[ref_id].title) in page
        assert f'id="ref-{ref_id}"' in page
    for line in rec.why + rec.warnings + rec.refer_reasons:
        assert escape(line.text) in page
    for entry in rec.expected_timeline:
        assert escape(entry.label) in page
    for avoid_id in rec.avoid:
        assert escape(CONTENT.avoid[avoid_id].title) in page
    for pitfall_id in rec.pitfalls:
        assert escape(CONTENT.pitfalls[pitfall_id].text) in page
    if rec.red_flags:
        assert 'class="card red-flags"' in page


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_html_is_well_formed_self_contained_and_links_resolve(case_id):
    scenario, rec = _case(case_id)
    parsed = _parse(handout_html(scenario, rec, CONTENT))
    assert parsed.errors == []
    assert parsed.stack == []
    assert {"html", "head", "body", "style", "title"} <= parsed.tags
    assert "script" not in parsed.tags
    assert parsed.external == []
    for href in parsed.links:
        assert href.startswith("#"), href
        assert href[1:] in parsed.ids, f"dangling citation link {href}"


def test_every_cited_source_is_collected_once_and_in_order():
    for case_id in CASE_IDS:
        scenario, rec = _case(case_id)
        ids = cited_reference_ids(rec, CONTENT)
        assert len(ids) == len(set(ids))
        expected = set()
        for group in (
            [o.sources for o in _all_options(rec)]
            + [a.sources for a in rec.alternatives]
            + [line.sources for line in rec.why + rec.warnings + rec.refer_reasons]
            + [t.sources for t in rec.expected_timeline]
            + [CONTENT.avoid[a].sources for a in rec.avoid]
            + [CONTENT.pitfalls[p].sources for p in rec.pitfalls]
        ):
            expected.update(group)
        assert expected <= set(ids)
        assert all(ref in CONTENT.references for ref in ids)
        page = handout_html(scenario, rec, CONTENT)
        numbered = re.findall(r'<li id="ref-([^"]+)">', page)
        assert numbered == ids


def test_citation_labels():
    assert reference_label("d000_r6", CONTENT) == "000·6"
    assert reference_label("d003_r1", CONTENT) == "003·1"
    assert reference_label("ctx_schmitt_2011", CONTENT) == "ctx: Schmitt 2011"
    assert reference_label("ctx_safety_limits", CONTENT) == "ctx: safety limits"  # never "ctx: ctx: ..."


def test_content_and_scenario_text_are_escaped_in_html():
    scenario, rec = _case("adult_back_valerate")
    hostile_option = rec.options[0].model_copy(update={"name": XSS, "notes": [f"note {XSS}"]})
    rec = rec.model_copy(
        update={
            "options": [hostile_option, *rec.options[1:]],
            "why": [*rec.why, rec.why[0].model_copy(update={"text": f"why {XSS}"})],
        }
    )
    meta = CONTENT.meta.model_copy(update={"notice": f"Education only {XSS}", "title": f"T {XSS}"})
    ref_id = rec.why[0].sources[0]
    refs = dict(CONTENT.references)
    refs[ref_id] = refs[ref_id].model_copy(update={"title": f"Ref {XSS}", "publisher": "A & B <i>"})
    content = CONTENT.model_copy(update={"meta": meta, "references": refs})

    page = handout_html(scenario, rec, content)
    assert "<script" not in page
    assert "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count(escape(f"Education only {XSS}")) == 2
    assert escape(f"Ref {XSS}") in page and "A &amp; B &lt;i&gt;" in page
    assert _parse(page).errors == []

    text = handout_markdown(scenario, rec, content)
    assert "<script>" not in text
    assert markdown_escape(XSS) in text


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_markdown_carries_the_same_information(case_id):
    scenario, rec = _case(case_id)
    text = handout_markdown(scenario, rec, CONTENT)
    meta = CONTENT.meta
    assert markdown_escape(CONTENT.stage_title(rec.stage)) in text and f"`{rec.stage}`" not in text
    assert markdown_escape(meta.notice) in text and text.count(markdown_escape(meta.notice)) == 2
    assert markdown_escape(meta.version) in text and meta.date in text
    for option in _all_options(rec):
        assert markdown_escape(option.name) in text
    ids = cited_reference_ids(rec, CONTENT)
    for number, ref_id in enumerate(ids, 1):
        assert markdown_escape(CONTENT.references[ref_id].title.rstrip(".")) in text
        assert f"\n{number}. \\[{markdown_escape(reference_label(ref_id, CONTENT))}\\]" in text
    for line in rec.why:
        assert markdown_escape(line.text) in text
    # Table rows keep their column count even when a cell holds a '|'.
    for row in (ln for ln in text.splitlines() if ln.startswith("| ")):
        assert len(re.findall(r"(?<!\\)\|", row)) in (3, 6), row


def test_markdown_escape_keeps_structure():
    assert markdown_escape("# not a heading").startswith("\\#")
    assert markdown_escape("a | b") == "a \\| b"
    assert markdown_escape("1. not a list") == "1\\. not a list"
    assert markdown_escape("two\nlines") == "two lines"
    assert markdown_escape("2026.11.1") == "2026.11.1"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_filename_is_safe(case_id):
    _, rec = _case(case_id)
    for ext in ("html", "md", ".html"):
        name = handout_filename(rec, CONTENT, ext)
        assert re.fullmatch(r"[a-z0-9.\-]+", name), name
        assert "/" not in name and " " not in name and ".." not in name
        assert name.endswith("." + ext.lstrip("."))
        assert rec.stage.replace("_", "-") in name
        assert CONTENT.meta.version in name


def test_filename_example():
    _, rec = _case("adult_back_valerate")
    assert rec.stage == "phototherapy"
    assert handout_filename(rec, CONTENT, "html") == f"eczema-ladder-phototherapy-{CONTENT.meta.version}.html"
    meta = CONTENT.meta.model_copy(update={"title": "../A b/c", "version": "1 / 2"})
    name = handout_filename(rec, CONTENT.model_copy(update={"meta": meta}), "md")
    assert re.fullmatch(r"[a-z0-9.\-]+", name) and ".." not in name
