"""The lecture as slides, generated from the content (never written twice): for the presenter and the deck.

Order: title, (the live poll's QR code), the ladder, each walkthrough step followed by its poll question,
pitfalls, the timeline, the evidence charts, the teaching cases as "what next?", and any question left
over. Each slide has one idea: short bullets to project, speaker notes with the detail and citations.
Every clinical word comes from ``content/`` or the question bank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

from pathway.clinical.citations import by_document, cite
from pathway.clinical.content import Content
from pathway.clinical.models import Case, Step
from pathway.clinical.urlstate import shorten
from pathway.learn.course import lecture_questions
from pathway.present.flowchart import ladder_dot
from pathway.present.slides.charts import ChartInfo, chart_spec, evidence_charts, named_chart, timeline_parts
from pathway.present.slides.questions import choice_lines, default_questions, question_notes
from pathway.present.slides.text import cited, pack, references_note, sentences, unique

KINDS = ("title", "poll_qr", "overview", "step", "pitfalls", "timeline", "chart", "case", "question")
PITFALLS_PER_SLIDE = 6


@dataclass(frozen=True)
class Slide:
    id: str  # the deep link name: ?slide=<id>
    kind: str  # one of KINDS
    title: str
    bullets: tuple[str, ...]  # revealed one by one in presenter mode
    notes: str  # speaker notes (presenter only): the detail and the citations
    sources: tuple[str, ...]  # readable source captions, one per document
    chart: str | None = None  # a chart name for chart_for()
    question: dict[str, Any] | None = None  # question_json shape
    url: str | None = None  # the join link, on the poll_qr slide
    stages: tuple[str, ...] = ()  # a step slide's stages: ?slide=<stage id> finds it too


def flowchart_dot(content: Content, highlight_stage: str | None = None) -> str:
    """The overview slide's flowchart: the app's own ladder DOT."""
    return ladder_dot(content, highlight_stage)


def chart_for(slide: Slide, content: Content) -> alt.TopLevelMixin | None:
    """The same Altair chart the app shows for this slide (None for a slide without a chart)."""
    return named_chart(slide.chart, content) if slide.chart else None


def _notes(*parts: Any) -> str:
    """The texts, a blank line apart; a falsy part (``x and "..."`` with an empty ``x``) is left out."""
    return "\n\n".join(p for p in parts if p)


def _title_slide(content: Content) -> Slide:
    docs = [d for d in content.documents.values() if d.kind == "source"]
    bullets = (*tuple(f"Document {d.id.removeprefix('doc_')}: {d.title}" for d in docs), content.meta.notice)
    notes = _notes(
        f"{content.meta.title}, content version {content.meta.version} ({content.meta.date}).",
        "\n".join(f"Document {d.id.removeprefix('doc_')} asks: {d.question}" for d in docs if d.question),
        content.meta.notice,
    )
    return Slide("title", "title", content.meta.title, bullets, notes, ())


def _qr_slide(join_url: str) -> Slide:
    return Slide(
        "poll_qr",
        "poll_qr",
        "Join the live poll",
        (join_url,),
        "Scan the code or type the link to answer the questions on your phone.",
        (),
        url=join_url,
    )


def _overview(content: Content) -> Slide:
    steps = content.steps_in_order()
    notes = _notes(
        "The whole ladder, step by step: the red flags (dashed red-orange border) come first, "
        "and the folded note says when to refer.",
        "\n".join(f"{s.label}: {s.title}. {cited(s.summary.text, s.summary.sources, content)}" for s in steps),
    )
    sources = [src for s in steps for src in s.summary.sources]
    return Slide("overview", "overview", "The ladder at a glance", (), notes, by_document(sources, content))


def _step_slides(content: Content, step: Step) -> list[Slide]:
    actions = [a.text for a in step.actions]
    groups = pack(actions)
    sources = unique([*step.summary.sources, *(s for a in step.actions for s in a.sources)])
    therapies = [content.therapies[t] for t in step.therapies]
    notes = _notes(
        step.label,
        cited(step.summary.text, step.summary.sources, content),
        step.placement and "Where the documents put it: " + cited(step.placement.text, step.placement.sources, content),
        "What to do:\n" + "\n".join(f"- {cited(a.text, a.sources, content)}" for a in step.actions),
        step.checks and "What to check:\n" + "\n".join(f"- {cited(c.text, c.sources, content)}" for c in step.checks),
        therapies
        and "Drugs and regimens:\n"
        + "\n".join(f"- {t.name}: {cited(t.regimen.text, t.regimen.sources, content)}" for t in therapies),
        step.pitfalls
        and "Pitfalls:\n"
        + "\n".join(
            f"- {content.pitfalls[p].title}. {cited(content.pitfalls[p].text, content.pitfalls[p].sources, content)}"
            for p in step.pitfalls
        ),
        step.evidence
        and "Evidence:\n"
        + "\n".join(
            f"- {cited(content.evidence[e].statement, content.evidence[e].sources, content)}" for e in step.evidence
        ),
        step.timelines
        and "Timing:\n"
        + "\n".join(
            f"- {content.timelines[t].label}. {cited(content.timelines[t].text, content.timelines[t].sources, content)}"
            for t in step.timelines
        ),
        references_note(sources, content),
    )
    out = []
    for n, group in enumerate(groups, start=1):
        slide_id = step.id if n == 1 else f"{step.id}_{n}"
        title = step.title if n == 1 else f"{step.title} (continued)"
        group_sources = unique([s for a in step.actions if a.text in group for s in a.sources])
        out.append(
            Slide(
                slide_id,
                "step",
                title,
                tuple(group),
                notes,
                by_document(group_sources, content),
                stages=tuple(step.stages) if n == 1 else (),
            )
        )
    return out


def _pitfall_slides(content: Content) -> list[Slide]:
    order = {stage: i for i, step in enumerate(content.steps_in_order()) for stage in step.stages}
    pitfalls = sorted(content.pitfalls.values(), key=lambda p: min(order.get(s, 99) for s in p.stages))
    chunks = [pitfalls[i : i + PITFALLS_PER_SLIDE] for i in range(0, len(pitfalls), PITFALLS_PER_SLIDE)]
    out = []
    for n, chunk in enumerate(chunks, start=1):
        sources = [s for p in chunk for s in p.sources]
        title = "Pitfalls" + (f" ({n} of {len(chunks)})" if len(chunks) > 1 else "")
        notes = _notes(
            "\n".join(f"- {p.title}. {cited(p.text, p.sources, content)}" for p in chunk),
            references_note(sources, content),
        )
        out.append(
            Slide(
                "pitfalls" if n == 1 else f"pitfalls_{n}",
                "pitfalls",
                title,
                tuple(p.title for p in chunk),
                notes,
                by_document(sources, content),
            )
        )
    return out


def _chart_slide(content: Content, info: ChartInfo, kind: str, slide_id: str, detail: str = "") -> Slide:
    spec = chart_spec(info.name, content) or {}
    # the slide's chart leaves out the page's subtitle (how to read it, what it leaves out): the notes keep it
    found = spec.get("description", "")
    key = "\n".join(s for s in spec.get("usermeta", {}).get("subtitle", []) if s not in found)
    notes = _notes(found, key, detail, references_note(info.sources, content))
    return Slide(slide_id, kind, info.title, (), notes, by_document(info.sources, content), chart=info.name)


def _timeline_slides(content: Content) -> list[Slide]:
    out = []
    for info in timeline_parts(content):
        shown = [content.timelines[i] for i in info.items]
        detail = "\n".join(
            f"- {t.label}. {cited(t.text, t.sources, content)}"
            + (f" If no response: {t.if_no_response}" if t.if_no_response else "")
            for t in shown
        )
        out.append(_chart_slide(content, info, "timeline", info.name, detail))
    return out


def _case_slide(content: Content, case: Case) -> Slide:
    answer = content.stage_title(case.expected_stage)
    bullets = (*sentences(case.vignette), f"Next: {answer}")
    notes = _notes(
        "What next? Ask the room before revealing the last line.",
        f"Answer: {answer}.",
        cited(case.teaching_point.text, case.teaching_point.sources, content),
        references_note(case.teaching_point.sources, content),
    )
    return Slide(
        f"case_{case.id}",
        "case",
        f"What next? {case.title}",
        bullets,
        notes,
        by_document(case.teaching_point.sources, content),
    )


def question_slide(question: dict[str, Any], content: Content) -> Slide:
    """A poll slide for a question in the bank's ``question_json`` shape (authored or generated)."""
    sources = question.get("sources", [])
    notes = _notes(
        question["stem"], question_notes(question, lambda s: cite(s, content)), references_note(sources, content)
    )
    return Slide(
        f"question_{question['id']}",
        "question",
        question["lead_in"],
        tuple(choice_lines(question)),
        notes,
        by_document(sources, content),
        question=question,
    )


def build_slides(
    content: Content, questions: list[dict[str, Any]] | None = None, *, join_url: str | None = None
) -> list[Slide]:
    """Every slide of the lecture, in order. ``questions`` default to :func:`default_questions`, and then
    the followed patient's visits that ``course.yaml`` names for the lecture come after the teaching cases;
    each question follows the step of its stage (questions without one come last). ``join_url`` adds the
    QR slide."""
    patient = lecture_questions() if questions is None else []
    if questions is None:
        questions = default_questions(content)
    slides = [_title_slide(content)]
    if join_url:
        slides.append(_qr_slide(join_url))
    slides.append(_overview(content))
    placed: set[int] = set()
    for step in content.steps_in_order():
        slides += _step_slides(content, step)
        for i, q in enumerate(questions):
            if i not in placed and q.get("stage") in step.stages:
                slides.append(question_slide(q, content))
                placed.add(i)
    slides += _pitfall_slides(content)
    slides += _timeline_slides(content)
    slides += [_chart_slide(content, info, "chart", f"evidence_{info.name}") for info in evidence_charts(content)]
    slides += [_case_slide(content, case) for case in content.cases.values()]
    slides += [question_slide(q, content) for q in patient]  # a followed patient's visits, decided together
    slides += [question_slide(q, content) for i, q in enumerate(questions) if i not in placed]
    seen: set[str] = set()
    # a question given twice shows once (set.add returns None: the first sighting keeps the slide)
    return [s for s in slides if not (s.id in seen or seen.add(s.id))]  # type: ignore[func-returns-value]


def slide_notice_value(value: str) -> str:
    """The link's text as shown in a notice: cut short, control characters made visible."""
    return "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in shorten(value, 40))


def find_slide(slides: list[Slide], value: str | None) -> tuple[int, str | None]:
    """The index for ``?slide=``: a number (1-based) or a slide id (a stage id finds its step).

    Anything else gives the first slide and a notice in plain words; the notice is plain text (the
    link's own text is cut and its control characters replaced, but it must still be shown as data)."""
    if value is None or value.strip() == "":
        return 0, None
    text = value.strip()
    if text.isdigit() and text.isascii():
        number = int(text)
        if 1 <= number <= len(slides):
            return number - 1, None
        return 0, (
            f"There is no slide {slide_notice_value(text)}: the lecture has {len(slides)} slides. "
            "Showing the first slide."
        )
    ids = [s.id for s in slides]
    if text in ids:
        return ids.index(text), None
    for i, slide in enumerate(slides):  # a stage id, as the explorer and the polls name them
        if text in slide.stages:
            return i, None
    return 0, f"There is no slide called “{slide_notice_value(text)}”. Showing the first slide."
