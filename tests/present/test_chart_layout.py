"""Every chart fits every width from a 320 px phone to a 1920 px screen, and says its finding in words.

Each spec is drawn by vl-convert as Streamlit draws it (its theme, the container's width; see
chart_render.py), and every text of the SVG is measured: none may stick out of the chart, none may be
cut short with "…", no two may be drawn over each other, and the title drawn must be the whole finding,
in the wrapping meant for that width.
"""

from __future__ import annotations

import pytest
from chart_cases import all_specs, spec_names
from chart_render import WIDTHS, draw

from pathway.present.charts.style import WIDE_FROM_PX, WIDER_FROM_PX, title_lines

TOLERANCE_PX = 1.0


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", spec_names())
def test_every_text_fits_and_no_title_is_cut(name, width):
    spec = all_specs()[name]
    drawn_width, _, texts, _svg = draw(spec, width)
    assert drawn_width == width, f"{name}: drawn {drawn_width} px wide in a {width} px container"
    outside = [(t.text, round(t.x1), round(t.x2)) for t in texts if t.x1 < -TOLERANCE_PX or t.x2 > width + TOLERANCE_PX]
    assert not outside, f"{name} at {width} px: text outside the chart: {outside}"
    cut = [t.text for t in texts if "…" in t.text]
    assert not cut, f"{name} at {width} px: text cut short: {cut}"
    overlapping = [(a.text, b.text) for i, a in enumerate(texts) for b in texts[i + 1 :] if a.overlaps(b)]
    assert not overlapping, f"{name} at {width} px: texts drawn over each other: {overlapping}"

    heading = [t.text for t in texts if t.role == "title-text"]
    tiers = dict(title_lines(spec["usermeta"]["title"]))
    assert heading in tiers.values(), f"{name} at {width} px: title drawn as {heading}"
    assert " ".join(heading) == " ".join(spec["usermeta"]["title"].split())
    if width < WIDE_FROM_PX:  # a phone gets the short lines
        assert heading == tiers[0]
    if width >= WIDER_FROM_PX + 60:
        assert heading == tiers[WIDER_FROM_PX]
    subtitle = " ".join(t.text for t in texts if t.role == "title-subtitle")
    assert subtitle == " ".join(" ".join(spec["usermeta"]["subtitle"]).split())


@pytest.mark.parametrize("name", spec_names())
def test_every_chart_states_its_finding_in_its_description(name):
    spec = all_specs()[name]
    description = spec.get("description", "")
    assert spec["usermeta"]["title"] in description, name
    # it says what kind of chart it is before the finding, and ends as a sentence
    assert description.index(spec["usermeta"]["title"]) > 0 and description.endswith("."), description


def test_the_evidence_descriptions_carry_the_numbers():
    specs = all_specs()
    wet, forest, certainty = specs["wet_wraps"], specs["forest"], specs["certainty"]
    assert "4.4" in wet["description"] and "3.0" in wet["description"] and "p<0.011" in wet["description"]
    for number in ("0.46", "0.38-0.55", "2.17", "0.78", "0.60-1.00", "1.28", "reaches the line of no effect"):
        assert number in forest["description"], number
    assert "Crisaborole ointment [000]" in certainty["description"]
    assert "Wet-wrap therapy [ctx]" in certainty["description"]
    assert "Cyclosporine 210-420 mg/day" in all_specs()["dose mg/day at 70 kg (computed from mg/kg/day)"]["description"]
