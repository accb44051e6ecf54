"""The clinical content (content/*.yaml): broken content is reported one line per problem, both by
``load_content`` and by ``python -m pathway validate DIR``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from content_cases import CONTENT_DIR, run_validate

from pathway.clinical.content import ContentError, load_content

# ----------------------------------------------------------------------------- broken content


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the bundled content with one edit; ``old`` must occur exactly once."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture out of date: {old!r} occurs {text.count(old)} times in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(directory)
    assert str(info.value) == "\n".join(info.value.problems)
    return info.value.problems


def cli_problems(directory: Path) -> list[str]:
    result = run_validate(directory)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content OK" not in result.stdout
    return result.stdout.splitlines()


def assert_reported(directory: Path, expected: list[str]) -> None:
    """Both the loader and the CLI report exactly these lines."""
    assert problems_of(directory) == expected
    assert cli_problems(directory) == expected


BROKEN_CASES = [
    pytest.param(
        "steps.yaml",
        "    therapies: [ruxolitinib_cream, crisaborole]\n",
        "    therapies: [ruxolitinib_cream, crisaborole, x]\n",
        ["steps.yaml: steps.newer_topicals.therapies: unknown therapy id 'x'"],
        id="unknown_therapy_in_step",
    ),
    pytest.param(
        "timelines.yaml",
        "    min: 48\n    max: 72\n",
        "    min: 96\n    max: 72\n",
        ["timelines.yaml: timelines.wet_wrap_onset: min (96) is greater than max (72)"],
        id="timeline_min_above_max",
    ),
    pytest.param(
        "pitfalls.yaml",
        "    stages: [topical_calcineurin_inhibitor]\n    sources: [d003_r2]\n",
        "    stages: [topical_calcineurin_inhibitor]\n",
        ["pitfalls.yaml: pitfalls.continuous_pimecrolimus.sources: Field required"],
        id="sources_missing",
    ),
    pytest.param(
        "evidence.yaml",
        "    sources: [d000_r6]\n",
        "    sources: [d000_r66]\n",
        ["evidence.yaml: evidence.wet_wrap_scorad.sources: unknown source 'd000_r66'"],
        id="unknown_source",
    ),
    pytest.param(
        "therapies.yaml",
        "  - id: crisaborole\n",
        "  - id: crisaborole\n    colour: blue\n",
        ["therapies.yaml: therapies.crisaborole.colour: unknown field"],
        id="unknown_field",
    ),
    pytest.param(
        "evidence.yaml",
        "  - id: berth_jones_single_trial\n",
        "  - id: hanifin_single_trial\n",
        ["evidence.yaml: evidence.hanifin_single_trial.id: duplicate id"],
        id="duplicate_id",
    ),
    pytest.param(
        "therapies.yaml",
        "      min: 3\n      max: 6\n",
        "      min: 9\n      max: 6\n",
        ["therapies.yaml: therapies.cyclosporine.dose: min (9) is greater than max (6)"],
        id="dose_min_above_max",
    ),
    pytest.param(
        "rules.yaml",
        "  - id: herpeticum_first\n",
        "  - id: herpeticum_at_once\n",
        ["rules.yaml: rules: unknown rule (the engine needs it) id 'herpeticum_first'"],
        id="rule_the_engine_needs_missing",
    ),
    pytest.param(
        "rules.yaml",
        "  - id: tci_add\n",
        "  - id: tci_addition\n",
        ["ladders.yaml: ladders.doc_000.rungs.topical_calcineurin_inhibitor: unknown rule id 'tci_add'"],
        id="rule_a_ladder_names_missing",
    ),
    pytest.param(
        "ladders.yaml",
        "          - {id: crisaborole}\n",
        "          - {id: crisaborol}\n",
        ["ladders.yaml: ladders.doc_000.rungs.newer_topicals.therapies: unknown therapy id 'crisaborol'"],
        id="unknown_therapy_in_a_ladder",
    ),
    pytest.param(
        "ladders.yaml",
        "    leads_for: [back]\n",
        "    leads_for: []\n",
        ["ladders.yaml: ladders: the back is led by 0 ladders (needs exactly one)"],
        id="a_site_no_ladder_leads_for",
    ),
    pytest.param(
        "steroids.yaml",
        '    uk: moderate\n    us_class: "not a US product"\n    sources: [ctx_potency_scales]\n  - id: betamethasone_valerate_0025',
        '    uk: strong\n    us_class: "not a US product"\n    sources: [ctx_potency_scales]\n  - id: betamethasone_valerate_0025',
        [
            "steroids.yaml: products.clobetasone_butyrate.uk: Input should be 'mild', 'moderate', 'potent' or 'very_potent'"
        ],
        id="a_product_off_the_uk_scale",
    ),
    pytest.param(
        "therapies.yaml",
        '    products: [mometasone_furoate, fluticasone_propionate]\n    route: topical\n    regimen:\n      text: "Twice a day',
        '    products: [mometasone_furoate, clobetasone_butyrate]\n    route: topical\n    regimen:\n      text: "Twice a day',
        [
            "therapies.yaml: therapies.tcs_medium.products.[1]: clobetasone_butyrate is moderate (UK) and no US word, but "
            "the therapy is potent and medium"
        ],
        id="a_product_of_another_class",
    ),
    pytest.param(
        "red_flags.yaml",
        "    therapies: [aciclovir]\n",
        "    therapies: [acyclovir]\n",
        ["red_flags.yaml: red_flags.eczema_herpeticum.therapies: unknown therapy id 'acyclovir'"],
        id="unknown_therapy_in_red_flag",
    ),
    pytest.param(
        "steps.yaml", "    stages: [newer_topicals]\n", "    stages: [newer_topical]\n", None, id="unknown_stage"
    ),
]


@pytest.mark.parametrize("file, old, new, expected", BROKEN_CASES)
def test_broken_content_is_reported_one_line_per_problem(tmp_path, file, old, new, expected):
    directory = broken(tmp_path, file, old, new)
    if expected is None:  # pydantic's wording of a bad literal is long; check the path and the value
        lines = problems_of(directory)
        assert len(lines) == 1
        assert lines[0].startswith("steps.yaml: steps.newer_topicals.stages.[0]: Input should be ")
        assert "'newer_topicals'" in lines[0]
        assert cli_problems(directory) == lines
        return
    assert_reported(directory, expected)


def test_empty_sources_list_is_reported(tmp_path):
    directory = broken(
        tmp_path,
        "pitfalls.yaml",
        "    stages: [topical_calcineurin_inhibitor]\n    sources: [d003_r2]\n",
        "    stages: [topical_calcineurin_inhibitor]\n    sources: []\n",
    )
    lines = problems_of(directory)
    assert len(lines) == 1
    assert lines[0].startswith(
        "pitfalls.yaml: pitfalls.continuous_pimecrolimus.sources: List should have at least 1 item"
    )
    assert cli_problems(directory) == lines


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    old = "    title: Consider the newer non-steroidal creams\n"
    directory = broken(tmp_path, "steps.yaml", old, "    title: Consider: the newer non-steroidal creams\n")
    original = (CONTENT_DIR / "steps.yaml").read_text(encoding="utf-8")
    line = original[: original.index(old)].count("\n") + 1
    lines = problems_of(directory)
    assert len(lines) == 1
    assert re.fullmatch(rf"steps\.yaml: line {line}: malformed YAML: \S.*", lines[0]), lines[0]
    assert cli_problems(directory) == lines


def test_missing_file_is_reported(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    (directory / "updates.yaml").unlink()
    assert_reported(directory, ["updates.yaml: (file): missing file"])


def test_a_broken_teaching_case_scenario_names_the_case_and_field(tmp_path):
    directory = broken(tmp_path, "cases.yaml", "{age_years: 28, site: face,", "{age_years: 28, site: elbow,")
    lines = problems_of(directory)
    assert len(lines) == 1
    assert lines[0].startswith("cases.yaml: cases.adult_face_mild.scenario.site: Input should be ")
    assert cli_problems(directory) == lines


def test_several_problems_give_one_line_each(tmp_path):
    directory = broken(
        tmp_path,
        "steps.yaml",
        "    therapies: [ruxolitinib_cream, crisaborole]\n",
        "    therapies: [ruxolitinib_cream, crisaborole, x]\n",
    )
    timelines = directory / "timelines.yaml"
    timelines.write_text(
        timelines.read_text(encoding="utf-8").replace("    min: 48\n", "    min: 96\n"), encoding="utf-8"
    )
    expected = {
        "steps.yaml: steps.newer_topicals.therapies: unknown therapy id 'x'",
        "timelines.yaml: timelines.wet_wrap_onset: min (96) is greater than max (72)",
    }
    lines = problems_of(directory)
    assert len(lines) == 2 and set(lines) == expected
    assert cli_problems(directory) == lines


def test_missing_content_directory(tmp_path):
    lines = problems_of(tmp_path / "nowhere")
    assert len(lines) == 1 and "content directory not found" in lines[0]
    assert cli_problems(tmp_path / "nowhere") == lines


def test_a_repeated_key_is_reported(tmp_path):
    # Regression: a second 'max:' in one item used to be accepted silently, the last value winning.
    old = "    min: 48\n    max: 72\n"
    directory = broken(tmp_path, "timelines.yaml", old, old + "    max: 96\n")
    original = (CONTENT_DIR / "timelines.yaml").read_text(encoding="utf-8")
    first = original[: original.index(old)].count("\n") + 2  # the line of the original 'max: 72'
    lines = problems_of(directory)
    assert len(lines) == 1
    assert lines[0].startswith(f"timelines.yaml: line {first + 1}: ")
    assert f"duplicate key 'max' (first on line {first})" in lines[0]
    assert cli_problems(directory) == lines
