"""content/course.yaml is checked on load: errors name the file and the field, and the file may only name
content that exists, offer a pitfall's move only where the pitfall applies, and cite what it draws on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError
from pathway.clinical.engine import default_content
from pathway.learn.course import load_rules

BUNDLED = (DEFAULT_CONTENT_DIR / "course.yaml").read_text(encoding="utf-8")


def problems_with(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    (folder / "course.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rules(default_content(), folder)
    return caught.value.problems


def test_the_bundled_file_loads():
    rules = load_rules(default_content())
    assert {r.stage for r in rules.reviews} >= {"verify_adequacy", "wet_wrap", "topical_calcineurin_inhibitor"}
    assert {m.id for m in rules.moves} >= {"stop_when_clear", "no_review", "stop_after_a_few_days"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    pitfall: oral_antihistamines\n",
            "    pitfall: antihistamines_help\n",
            "course.yaml: moves.oral_antihistamine.pitfall: unknown pitfall 'antihistamines_help'",
        ),
        (
            "    pitfall: stopping_when_clear\n    stages: [maintenance]\n",
            "    pitfall: stopping_when_clear\n    stages: [maintenance, wet_wrap]\n",
            "course.yaml: moves.stop_when_clear.stages: stopping_when_clear does not apply at wet_wrap",
        ),
        (
            "    at: max\n    responds: true\n    sources: [d000_r1, d000_r6]\n",
            "    at: max\n    responds: true\n    sources: [d000_r1]\n",
            "course.yaml: reviews.wet_wrap.sources: does not cite d000_r6, which wet_wrap_course cites",
        ),
        (
            "    timelines: [pimecrolimus_stop, tci_onset]\n    at: max\n",
            "    timelines: [pimecrolimus_stop, tci_onset]\n    at: latest\n",
            "course.yaml: reviews.topical_calcineurin_inhibitor.at: Input should be 'min' or 'max'",
        ),
        (
            "    under_18: [referral_4_weeks]\n",
            "    under_18: [refer_at_4_weeks]\n",
            "course.yaml: reviews.newer_topicals.under_18: unknown timeline 'refer_at_4_weeks'",
        ),
        (
            "    under_18: [referral_4_weeks]\n",
            "    under_18: [tci_onset]\n",
            "course.yaml: reviews.newer_topicals.under_18: tci_onset is not a timing of newer_topicals",
        ),
        (
            "adult_timelines: [systemic_consideration]\n",
            "adult_timelines: [systemic_considered]\n",
            "course.yaml: adult_timelines: unknown timeline 'systemic_considered'",
        ),
        (
            '    choice: "Carry on, with no review booked"\n',
            '    choice: "Carry on, with no review booked"\n    odds: 0.4\n',
            "course.yaml: moves.no_review.odds: unknown field",
        ),
        (
            "  - stage: wet_wrap\n",
            "  - stage: wet_wraps\n",
            "course.yaml: reviews.wet_wraps.stage: Input should be",
        ),
        (
            "    needs: [pimecrolimus_1]\n",
            "    needs: [pimecrolimus_2]\n",
            "course.yaml: moves.pimecrolimus_every_day.needs: unknown therapy 'pimecrolimus_2'",
        ),
        (
            "    sources: [d003_r2]\n",
            "    sources: [d003_r99]\n",
            "course.yaml: moves.pimecrolimus_every_day.sources: unknown reference 'd003_r99'",
        ),
    ],
)
def test_a_broken_course_file_names_the_field(tmp_path, old, new, expected):
    assert old in BUNDLED
    problems = problems_with(tmp_path, BUNDLED.replace(old, new, 1))
    assert any(p.startswith(expected) for p in problems), problems


def test_malformed_yaml_names_its_line(tmp_path):
    problems = problems_with(tmp_path, BUNDLED + "\nmoves: [\n")
    assert problems and problems[0].startswith("course.yaml: line ")


def test_validate_checks_the_course_file_with_the_rest_of_the_content(tmp_path, capsys):
    """`python -m pathway validate DIR`, which `make run` and `make serve` call first, catches a broken
    course file before any page is served."""
    from pathway.__main__ import main

    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    assert main(["validate", str(folder)]) == 0
    (folder / "course.yaml").write_text(
        BUNDLED.replace("    pitfall: oral_antihistamines\n", "    pitfall: antihistamines_help\n"), encoding="utf-8"
    )
    assert main(["validate", str(folder)]) == 1
    assert (
        "course.yaml: moves.oral_antihistamine.pitfall: unknown pitfall 'antihistamines_help'"
        in capsys.readouterr().out
    )
