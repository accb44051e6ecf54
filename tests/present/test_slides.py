"""The lecture's slides come from the content: every step, pitfall, chart, case and poll question is there."""

from __future__ import annotations

import pytest

from pathway.clinical.content import load_content
from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.present import charts
from pathway.present.slides import (
    DEFAULT_QUESTIONS,
    KINDS,
    build_slides,
    chart_for,
    find_slide,
    flowchart_dot,
    question_slide,
)
from pathway.present.slides.text import BODY_LINES, lines_needed


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def slides(content):
    return build_slides(content)


def _by_id(slides):
    return {s.id: s for s in slides}


def test_ids_are_unique_and_kinds_known(slides):
    ids = [s.id for s in slides]
    assert len(ids) == len(set(ids))
    assert {s.kind for s in slides} <= set(KINDS)
    assert slides[0].id == "title" and slides[1].id == "overview"


def test_title_slide_carries_the_notice_and_the_documents(slides, content):
    title = slides[0]
    assert title.title == content.meta.title
    assert content.meta.notice in title.bullets
    for doc in (d for d in content.documents.values() if d.kind == "source"):
        assert any(doc.title in b for b in title.bullets)


def test_every_walkthrough_step_has_a_slide_with_its_actions(slides, content):
    by_id = _by_id(slides)
    for step in content.steps_in_order():
        assert by_id[step.id].kind == "step"
        assert by_id[step.id].title == step.title
        shown = [
            b
            for s in slides
            if s.kind == "step" and (s.id == step.id or s.id.startswith(step.id + "_"))
            for b in s.bullets
        ]
        assert shown == [a.text for a in step.actions]  # every action, in order, word for word
        assert step.summary.text in by_id[step.id].notes


def test_step_slides_fit_a_projected_slide(slides):
    for slide in slides:
        if slide.kind in ("step", "pitfalls"):
            assert lines_needed(slide.bullets) <= BODY_LINES, slide.id


def test_a_stage_id_finds_its_step(slides, content):
    for step in content.steps_in_order():
        for stage in step.stages:
            index, notice = find_slide(slides, stage)
            assert notice is None and slides[index].id == step.id


def test_every_pitfall_is_on_a_pitfall_slide(slides, content):
    shown = [b for s in slides if s.kind == "pitfalls" for b in s.bullets]
    assert sorted(shown) == sorted(p.title for p in content.pitfalls.values())
    assert "pitfalls" in _by_id(slides)
    notes = " ".join(s.notes for s in slides if s.kind == "pitfalls")
    assert all(p.text in notes for p in content.pitfalls.values())


def test_timeline_and_each_evidence_chart_have_a_slide(slides, content):
    by_id = _by_id(slides)
    assert by_id["timeline"].chart == "timeline"
    units = list(dict.fromkeys(charts.systemic_dose_data(content, None)["unit"]))
    chart_ids = [s.id for s in slides if s.kind == "chart"]
    assert chart_ids[:3] == ["evidence_wet_wraps", "evidence_relapse", "evidence_certainty"]
    assert len(chart_ids) == 3 + len(units)
    for slide in (by_id["timeline"], *(by_id[i] for i in chart_ids)):
        chart = chart_for(slide, content)
        spec = chart.to_dict()
        assert spec["description"] in slide.notes  # the chart's finding, in words, for the speaker
        assert slide.sources


def test_the_wet_wrap_chart_is_the_evidence_pages_chart(slides, content):
    slide = _by_id(slides)["evidence_wet_wraps"]
    assert chart_for(slide, content).to_dict() == charts.wet_wrap_scorad_chart(content).to_dict()
    assert chart_for(slides[0], content) is None


def test_every_teaching_case_asks_what_next_and_reveals_the_answer_last(slides, content):
    by_id = _by_id(slides)
    for case in content.cases.values():
        slide = by_id[f"case_{case.id}"]
        assert slide.kind == "case" and "What next?" in slide.title
        assert " ".join(slide.bullets[:-1]) == " ".join(case.vignette.split())
        assert content.stage_title(case.expected_stage) in slide.bullets[-1]
        assert case.teaching_point.text in slide.notes


def test_default_questions_one_per_step_after_that_step(slides, content):
    questions = [s for s in slides if s.kind == "question" and not s.id.startswith("question_patient-")]
    assert 0 < len(questions) <= DEFAULT_QUESTIONS
    assert len({s.question["stage"] for s in questions}) == len(questions)
    for i, slide in enumerate(slides):
        if slide.kind == "question" and slide in questions:
            before = next(s for s in reversed(slides[:i]) if s.kind == "step")
            step = content.steps[before.id.rsplit("_", 1)[0] if before.id not in content.steps else before.id]
            assert slide.question["stage"] in step.stages


def test_the_lecture_ends_with_the_followed_patient_s_visits_for_the_room_to_decide(slides):
    """course.yaml's lecture patient: its first visits as polls after the teaching cases, each keyed to
    the engine's step for that visit's scenario and explained in the course's own words."""
    from pathway.clinical.engine import recommend
    from pathway.learn.course import default_rules, follow_patient

    chosen = default_rules().lecture
    assert chosen is not None
    visits = [s for s in slides if s.id.startswith(f"question_patient-{chosen.seed}-visit-")]
    course = follow_patient(chosen.seed)
    assert len(visits) == min(chosen.visits, len(course.visits))
    last_case = max(i for i, s in enumerate(slides) if s.kind == "case")
    assert all(slides.index(s) > last_case for s in visits)
    for number, slide in enumerate(visits, start=1):
        visit = course.visits[number - 1]
        assert slide.question["answer"] == recommend(visit.scenario).stage == visit.key
        assert f"visit {number}" in slide.title and all(c["explanation"] for c in slide.question["choices"])
        assert f"Answer: {'ABCDE'[[c.id for c in visit.choices].index(visit.key)]}." in slide.notes


def test_questions_given_by_the_caller_become_poll_slides(content):
    bank = [question_json(q) for q in load_bank()]
    generated = generate_case(7)
    chosen = [bank[0], bank[40], generated, bank[0]]
    slides = build_slides(content, chosen)
    polls = [s for s in slides if s.kind == "question"]
    assert [s.id for s in polls].count(f"question_{bank[0]['id']}") == 1
    assert {s.id for s in polls} == {f"question_{q['id']}" for q in chosen}
    slide = question_slide(generated, content)
    assert slide.question == generated and slide.title == generated["lead_in"]
    assert [b.split(". ", 1)[1] for b in slide.bullets] == [c["text"] for c in generated["choices"]]
    letter = "ABCDE"[[c["id"] for c in generated["choices"]].index(generated["answer"])]
    assert f"Answer: {letter}." in slide.notes
    assert build_slides(content, []) and not [s for s in build_slides(content, []) if s.kind == "question"]


def test_find_slide_by_number_and_by_name(slides):
    assert find_slide(slides, "1") == (0, None)
    assert find_slide(slides, str(len(slides))) == (len(slides) - 1, None)
    assert find_slide(slides, "wet_wrap") == ([s.id for s in slides].index("wet_wrap"), None)
    assert find_slide(slides, None) == (0, None)
    assert find_slide(slides, "") == (0, None)


@pytest.mark.parametrize(
    "value", ["0", str(10_000), "-3", "nonsense", "<script>alert(1)</script>", "a\x00b\u202e", "x" * 500, "１"]
)
def test_find_slide_invalid_goes_to_the_first_with_a_notice(slides, value):
    index, notice = find_slide(slides, value)
    assert index == 0 and notice
    assert "first slide" in notice
    assert "\x00" not in notice and "\u202e" not in notice and len(notice) < 200


def test_join_url_adds_the_qr_slide_second(content):
    slides = build_slides(content, [], join_url="https://example.org/Join?code=ABC123")
    assert slides[1].id == "poll_qr" and slides[1].url == "https://example.org/Join?code=ABC123"
    assert "https://example.org/Join?code=ABC123" in slides[1].bullets


def test_flowchart_is_the_apps_ladder(content):
    dot = flowchart_dot(content)
    assert dot.startswith("digraph") and all(s.title in dot for s in content.steps_in_order())


def test_every_slide_has_notes(slides):
    assert all(s.notes.strip() for s in slides)
