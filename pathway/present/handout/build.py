"""A printable handout of one recommendation: a self-contained HTML page, or the same as Markdown.

Pure and deterministic (no Streamlit, no clock). Every string that comes from the content or the
scenario goes through :func:`html.escape` on the page and :func:`markdown_escape` in the Markdown.
Citations appear as short labels ([000-6], [003-1], [ctx: Schmitt 2011]) that point into a
numbered reference list holding every reference the recommendation cites.
"""

from __future__ import annotations

import re
from html import escape

from pathway.clinical.citations import details, label
from pathway.clinical.content import Content
from pathway.clinical.models import URGENCY_WORDS
from pathway.clinical.scenario import Option, Recommendation, Scenario
from pathway.present.handout.style import HANDOUT_CSS
from pathway.present.handout.text import (
    document_label,
    dose_rows,
    red_flag,
    scenario_rows,
    stop,
    timing_text,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def cited_reference_ids(rec: Recommendation, content: Content) -> list[str]:
    """Every reference id cited anywhere in the handout, unique, in order of first citation."""
    groups: list[list[str]] = [red_flag(f, content)[2] for f in rec.red_flags]
    groups += [o.sources for o in rec.options]
    for alt in rec.alternatives:
        groups += [alt.sources] + [o.sources for o in alt.options]
    groups += [line.sources for line in rec.refer_reasons + rec.warnings]
    groups += [content.avoid[a].sources for a in rec.avoid if a in content.avoid]
    groups += [content.pitfalls[p].sources for p in rec.pitfalls if p in content.pitfalls]
    groups += [line.sources for line in rec.why] + [t.sources for t in rec.expected_timeline]
    return list(dict.fromkeys(s for group in groups for s in group))


def handout_filename(rec: Recommendation, content: Content, ext: str) -> str:
    """A safe file name, e.g. ``eczema-ladder-phototherapy-2026.11.1.html``."""

    def slug(text: str) -> str:
        return re.sub(r"\.{2,}", ".", re.sub(r"[^a-z0-9.]+", "-", text.lower())).strip("-.") or "x"

    return f"{slug(content.meta.title)}-{slug(rec.stage)}-{slug(content.meta.version)}.{slug(ext)}"


def _sections(rec: Recommendation, content: Content) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
    """The list-shaped sections as (heading, [(title, text, sources)]), shared by both formats."""
    referral = [(URGENCY_WORDS[rec.refer_urgency], line.text, line.sources) for line in rec.refer_reasons]
    avoid = [
        (content.avoid[a].title, content.avoid[a].text, content.avoid[a].sources)
        for a in rec.avoid
        if a in content.avoid
    ]
    pitfalls = [
        (content.pitfalls[p].title, content.pitfalls[p].text, content.pitfalls[p].sources)
        for p in rec.pitfalls
        if p in content.pitfalls
    ]
    return [
        ("Referral", referral or [("", "No referral criterion applies to this scenario.", [])]),
        ("Warnings", [("", line.text, line.sources) for line in rec.warnings] or [("", "None.", [])]),
        ("Things to avoid", avoid or [("", "None.", [])]),
        ("Pitfalls at this step", pitfalls or [("", "None.", [])]),
        ("Why: the rule trace", [("", line.text, line.sources) for line in rec.why]),
    ]


# ---- HTML --------------------------------------------------------------------------------------


def _where(ref_id: str, content: Content) -> str:
    """Which document a reference belongs to: ``Document 000: <its title>, reference 6``."""
    ref = content.references.get(ref_id)
    if ref is None:
        return "Unknown reference"
    where = document_label(ref.document, content)
    return where + (f", reference {ref.number}" if ref.number is not None else "")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _cites(sources: list[str], content: Content) -> str:
    return " ".join(f'<a class="cite" href="#ref-{_e(s)}">[{_e(label(s, content))}]</a>' for s in sources)


def _html_option(option: Option, scenario: Scenario, content: Content, level: int) -> str:
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in dose_rows(option, scenario))
    notes = "".join(f"<li>{_e(n)}</li>" for n in option.notes)
    return (
        f'<div class="card option"><h{level}>{_e(option.name)}</h{level}><dl>{rows}</dl>'
        + (f"<ul>{notes}</ul>" if notes else "")
        + f'<p class="cites">Sources: {_cites(option.sources, content)}</p></div>'
    )


def handout_html(scenario: Scenario, rec: Recommendation, content: Content) -> str:
    """The recommendation as one self-contained, printable HTML5 page (no scripts, no external files)."""
    meta, title = content.meta, content.stage_title(rec.stage)
    notice = f'<p class="notice" role="note">{_e(meta.notice)}</p>'
    edition = f'<p class="meta">Content version {_e(meta.version)}, dated {_e(meta.date)}.</p>'
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(meta.title)}: {_e(title)}</title>",
        f"<style>{HANDOUT_CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(meta.title)}: teaching handout</h1>{notice}{edition}</header>",
        "<main>",
    ]
    rows = "".join(
        f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in scenario_rows(scenario, content)
    )
    out.append(f'<section><h2>Scenario</h2><table class="scenario"><tbody>{rows}</tbody></table></section>')
    out.append(
        '<section><h2>Recommendation</h2><dl class="summary">'
        f"<dt>Severity band</dt><dd>{_e(rec.severity_band)} (SCORAD {scenario.scorad:g})</dd>"
        f"<dt>Recommended step</dt><dd>{_e(title)}</dd>"
        f"<dt>Referral</dt><dd>{_e(URGENCY_WORDS[rec.refer_urgency])}</dd></dl></section>"
    )
    if rec.red_flags:
        flags = "".join(
            f"<li><strong>{_e(name)}</strong>{': ' + _e(text) if text else ''} {_cites(src, content)}</li>"
            for name, text, src in (red_flag(f, content) for f in rec.red_flags)
        )
        out.append(f'<section class="card red-flags"><h2>Red flags</h2><ul>{flags}</ul></section>')
    options = "".join(_html_option(o, scenario, content, 3) for o in rec.options) or "<p>No options.</p>"
    out.append(f"<section><h2>Options</h2>{options}</section>")
    if rec.alternatives:
        out.append("<section><h2>Alternative from the other document</h2>")
        for alt in rec.alternatives:
            out.append(
                f'<div class="card alternative"><h3>{_e(content.stage_title(alt.stage))}</h3>'
                f"<p><em>From {_e(document_label(alt.document, content))}</em></p>"
                f"<p>{_e(alt.text)} {_cites(alt.sources, content)}</p>"
                + "".join(_html_option(o, scenario, content, 4) for o in alt.options)
                + "</div>"
            )
        out.append("</section>")
    for heading, items in _sections(rec, content):
        tag = "ol" if heading.startswith("Why") else "ul"
        urgent = (
            ' class="urgent"' if heading == "Referral" and rec.refer_urgency in ("same_day", "within_2_weeks") else ""
        )
        lis = "".join(
            f"<li>{f'<strong{urgent}>{_e(t)}:</strong> ' if t else ''}{_e(x)} {_cites(s, content)}</li>"
            for t, x, s in items
        )
        box = ' class="card referral"' if heading == "Referral" and rec.refer else ""
        out.append(f"<section{box}><h2>{_e(heading)}</h2><{tag}>{lis}</{tag}></section>")
    out.append(_html_timeline(rec, content))
    refs = "".join(
        f'<li id="ref-{_e(r)}"><span class="label">[{_e(label(r, content))}]</span> '
        f"{_e(_where(r, content))}. <cite>{_e(stop(details(r, content)))}</cite></li>"
        for r in cited_reference_ids(rec, content)
    )
    out.append(f'<section><h2>References</h2><ol class="refs">{refs}</ol></section>')
    out += ["</main>", f"<footer>{notice}{edition}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_timeline(rec: Recommendation, content: Content) -> str:
    if not rec.expected_timeline:
        return "<section><h2>Expected timeline</h2><p>No timeline for this step.</p></section>"
    head = "".join(
        f'<th scope="col">{h}</th>' for h in ("Milestone", "Timing", "What to expect", "If no response", "Sources")
    )
    body = "".join(
        f"<tr><td>{_e(t.label)}</td><td>{_e(timing_text(t))}</td><td>{_e(t.text)}</td>"
        f"<td>{_e(t.if_no_response or '-')}</td><td>{_cites(t.sources, content)}</td></tr>"
        for t in rec.expected_timeline
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<section><h2>Expected timeline</h2>{table}</section>"


# ---- Markdown ----------------------------------------------------------------------------------


def markdown_escape(text: object) -> str:
    """One line of content text, safe inside a Markdown paragraph, list item or table cell."""
    out = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    out = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", out)
    return "\\" + out if re.match(r"[#+\-=]", out) else out


def _md_cites(sources: list[str], content: Content) -> str:
    return " ".join(f"\\[{markdown_escape(label(s, content))}\\]" for s in sources)


def _md_option(option: Option, scenario: Scenario, content: Content, level: str) -> list[str]:
    lines = [f"{level} {markdown_escape(option.name)}", ""]
    lines += [f"- **{k}:** {markdown_escape(v)}" for k, v in dose_rows(option, scenario)]
    lines += [f"- Note: {markdown_escape(n)}" for n in option.notes]
    return [*lines, f"- Sources: {_md_cites(option.sources, content)}", ""]


def handout_markdown(scenario: Scenario, rec: Recommendation, content: Content) -> str:
    """The same handout as Markdown."""
    meta, title = content.meta, content.stage_title(rec.stage)
    notice = f"> **{markdown_escape(meta.notice)}**"
    edition = f"Content version {markdown_escape(meta.version)}, dated {markdown_escape(meta.date)}."
    out = [
        f"# {markdown_escape(meta.title)}: teaching handout",
        "",
        notice,
        "",
        edition,
        "",
        "## Scenario",
        "",
        "| Field | Value |",
        "| --- | --- |",
    ]
    out += [f"| {markdown_escape(k)} | {markdown_escape(v)} |" for k, v in scenario_rows(scenario, content)]
    out += [
        "",
        "## Recommendation",
        "",
        f"- **Severity band:** {markdown_escape(rec.severity_band)} (SCORAD {scenario.scorad:g})",
        f"- **Recommended step:** {markdown_escape(title)}",
        f"- **Referral:** {URGENCY_WORDS[rec.refer_urgency]}",
        "",
    ]
    if rec.red_flags:
        out += ["## Red flags", ""]
        for name, text, src in (red_flag(f, content) for f in rec.red_flags):
            out.append(
                f"> **{markdown_escape(name)}**{': ' + markdown_escape(text) if text else ''} "
                f"{_md_cites(src, content)}".rstrip()
            )
            out.append(">")
        out[-1] = ""
    out += ["## Options", ""]
    for option in rec.options:
        out += _md_option(option, scenario, content, "###")
    if not rec.options:
        out += ["No options.", ""]
    if rec.alternatives:
        out += ["## Alternative from the other document", ""]
        for alt in rec.alternatives:
            out += [
                f"### {markdown_escape(content.stage_title(alt.stage))}",
                "",
                f"*From {markdown_escape(document_label(alt.document, content))}*",
                "",
                f"{markdown_escape(alt.text)} {_md_cites(alt.sources, content)}",
                "",
            ]
            for option in alt.options:
                out += _md_option(option, scenario, content, "####")
    for heading, items in _sections(rec, content):
        out += [f"## {heading}", ""]
        for i, (t, x, s) in enumerate(items, 1):
            marker = f"{i}." if heading.startswith("Why") else "-"
            lead = f"**{markdown_escape(t)}:** " if t else ""
            out.append(f"{marker} {lead}{markdown_escape(x)} {_md_cites(s, content)}".rstrip())
        out.append("")
    out += ["## Expected timeline", ""]
    if rec.expected_timeline:
        out += ["| Milestone | Timing | What to expect | If no response | Sources |", "| --- | --- | --- | --- | --- |"]
        out += [
            f"| {markdown_escape(t.label)} | {markdown_escape(timing_text(t))} | {markdown_escape(t.text)} | "
            f"{markdown_escape(t.if_no_response or '-')} | {_md_cites(t.sources, content)} |"
            for t in rec.expected_timeline
        ]
    else:
        out.append("No timeline for this step.")
    out += ["", "## References", ""]
    for i, r in enumerate(cited_reference_ids(rec, content), 1):
        out.append(
            f"{i}. \\[{markdown_escape(label(r, content))}\\] {markdown_escape(_where(r, content))}. "
            f"*{markdown_escape(stop(details(r, content)))}*"
        )
    out += ["", "---", "", notice, "", edition, ""]
    return "\n".join(out)
