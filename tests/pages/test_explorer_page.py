"""Scenario explorer: sliders, signs, teaching cases, deep links, timeline marker, referral."""

import pytest
from app_helpers import (
    ADEQUATE_TRUNK,
    band_shown,
    chart_specs,
    go,
    next_step,
    open_direct,
    open_expander,
    open_page,
    texts,
    week_markers,
)

from pathway.clinical.content import load_content
from pathway.clinical.engine import recommend
from pathway.clinical.models import URGENCY_WORDS
from pathway.clinical.scenario import Scenario
from pathway.clinical.urlstate import params_from_scenario
from ui.site import PAGES as SITE_PAGES

EXPLORER = "pages/2_Scenario_explorer.py"
CONTENT = load_content()


def step_title(stage: str) -> str:
    return CONTENT.stage_title(stage)


def open_more_settings(at):
    return open_expander(at, "more_settings_open")


def test_severity_slider_across_25_and_50_changes_band_and_stage():
    at = open_page(EXPLORER, scorad="20", **ADEQUATE_TRUNK)
    assert band_shown(at) == "mild"
    mild_step = next_step(at)
    assert mild_step == step_title("topical_calcineurin_inhibitor")  # mild skips wet wraps

    at.slider(key="w_scorad").set_value(25.0).run()
    assert band_shown(at) == "moderate"
    assert next_step(at) == step_title("wet_wrap")

    at.slider(key="w_scorad").set_value(50.0).run()
    assert band_shown(at) == "moderate"
    at.slider(key="w_scorad").set_value(50.1).run()
    assert band_shown(at) == "severe"
    # medium potency is no longer an adequate trial for severe disease
    assert next_step(at) == step_title("verify_adequacy")
    assert not at.exception


def test_duration_slider_moves_marker_and_triggers_referral_at_4_weeks():
    at = open_page(EXPLORER, scorad="40", **{**ADEQUATE_TRUNK, "weeks": "3"})
    # the weeks on the failing regimen come before the next step's week 0: no marker on its timeline
    assert week_markers(chart_specs(at)[0]) == []
    warnings = " ".join(texts(at.warning))
    assert CONTENT.referral["no_improvement_4_weeks"].text not in warnings
    assert any("No referral criterion" in s for s in texts(at.success))

    at.slider(key="w_weeks").set_value(4.0).run()
    assert week_markers(chart_specs(at)[0]) == []
    warnings = " ".join(texts(at.warning))
    assert "Refer to dermatology" in warnings
    assert CONTENT.referral["no_improvement_4_weeks"].text in warnings


@pytest.mark.parametrize("case_id", list(CONTENT.cases))
def test_each_teaching_case_loads_and_shows_its_stage(case_id):
    at = open_page(EXPLORER)
    at = open_expander(at, "cases_open")  # the cases are drawn once their expander is open
    at.selectbox(key="case_pick").select(case_id).run()
    at.button(key="load_case").click().run()
    case = CONTENT.cases[case_id]
    assert next_step(at) == step_title(case.expected_stage)
    assert any(case.title in i.value for i in at.info)
    # the controls now show the case
    assert at.slider(key="w_scorad").value == pytest.approx(case.scenario.get("scorad", 30))
    assert at.selectbox(key="w_site").value == case.scenario.get("site", "trunk")


def test_deep_link_restores_scenario_exactly():
    scenario = Scenario(
        age_years=0.42,
        weight_kg=7,
        site="back",
        scorad=61.5,
        tcs_potency="very_high",
        applications_per_day=3,
        weeks_on_treatment=5.5,
        adherence_confirmed=True,
        signs=("contact_dermatitis_suspected",),
        tried=("wet_wrap", "phototherapy"),
        qol_impact=True,
        phototherapy_access=False,
        immunocompromised=True,
    )
    at = open_direct(EXPLORER, **params_from_scenario(scenario))
    assert not at.exception
    assert at.session_state["scenario"] == scenario
    assert at.slider(key="w_scorad").value == pytest.approx(61.5)
    open_more_settings(at)
    assert at.session_state["scenario"] == scenario
    assert at.radio(key="w_age_unit").value == "months"
    assert at.number_input(key="w_age_value").value == pytest.approx(5.04)
    assert at.multiselect(key="w_tried").value == ["wet_wrap", "phototherapy"]
    # and the URL written back is the same link
    assert {
        k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
        for k in at.query_params
    } == params_from_scenario(scenario)


def test_deep_link_restores_scenario_on_another_page():
    # the link opens the timelines page directly: that page reads the scenario from the URL
    at = open_direct("pages/3_Timelines.py", weeks="6", scorad="70")
    assert at.slider(key="w_weeks").value == 6.0
    assert any("week 6" in h for h in texts(at.subheader))
    assert at.session_state["scenario"].scorad == 70
    # a link opened on the home page carries over when the user moves to the explorer
    at = open_page("pages/3_Timelines.py", weeks="6", scorad="70")
    go(at, EXPLORER)
    assert band_shown(at) == "severe"
    assert at.slider(key="w_weeks").value == 6.0


def test_invalid_parameter_shows_notice_and_keeps_valid_ones():
    at = open_direct(EXPLORER, scorad="999", site="back", weeks="abc")
    notices = " ".join(texts(at.warning))
    assert "“scorad” is “999”" in notices and "“weeks” is “abc”" in notices
    assert at.selectbox(key="w_site").value == "back"
    assert at.slider(key="w_scorad").value == 30.0


def test_herpeticum_banner_comes_before_everything_else():
    at = open_page(EXPLORER, **ADEQUATE_TRUNK)
    at.multiselect(key="w_signs").select("eczema_herpeticum").run()
    main = list(at.main)
    kinds = [type(e).__name__ for e in main]
    first_error = next(i for i, e in enumerate(main) if type(e).__name__ == "Error")
    first_heading = next(i for i, e in enumerate(main) if type(e).__name__ == "Subheader")
    assert first_error < first_heading, kinds
    assert "RED FLAG" in main[first_error].value and "aciclovir" in main[first_error].value
    assert "Refer the same day" in " ".join(texts(at.warning))


def test_weight_gives_daily_mg_on_systemic_cards_capped_at_the_adult_maximum():
    case = CONTENT.cases["severe_systemic"]
    at = open_page(EXPLORER, **params_from_scenario(Scenario.model_validate(case.scenario)))
    text = " ".join(texts(at.markdown))
    # cyclosporine 3-6 mg/kg/day x 70 kg = 210-420, never shown above the adult maximum of 300 mg/day
    assert "Daily dose for this weight: 210-300 mg/day (3-6 mg/kg/day)" in text
    assert "420" not in text.split("Daily dose for this weight")[1][:40]
    assert any("capped at the adult maximum of 300 mg a day" in w for w in texts(at.warning))
    open_more_settings(at)
    at.number_input(key="w_weight").set_value(None).run()
    text = " ".join(texts(at.markdown))
    assert "Daily dose for this weight" not in text
    # without a weight, an adult is shown the adult range (AAD 2014), not the paediatric mg/kg one alone
    assert "Dose: 150-300 mg/day (adults; 3-6 mg/kg/day is the paediatric range)" in text


def test_an_implausible_weight_is_questioned_next_to_the_dose_not_multiplied():
    case = CONTENT.cases["severe_systemic"]
    at = open_page(EXPLORER, **{**params_from_scenario(Scenario.model_validate(case.scenario)), "weight": "4"})
    assert "Daily dose for this weight" not in " ".join(texts(at.markdown))
    assert any("4 kg is not plausible for an adult" in w and "Dose: 3-6 mg/kg/day" in w for w in texts(at.warning))


def test_a_child_gets_a_specialist_referral_not_a_systemic_dose():
    at = open_page(
        EXPLORER,
        age="8",
        weight="25",
        site="trunk",
        scorad="60",
        potency="high",
        apd="2",
        weeks="3",
        adherent="1",
        tried="wet_wrap,topical_calcineurin_inhibitor",
        qol="1",
    )
    assert next_step(at) == step_title("specialist_referral")
    text = " ".join(texts(at.markdown))
    assert "Daily dose" not in text and "Dose:" not in text and "mg/week" not in text
    assert "150-300 mg/day" not in text  # no adult dose, not even in a drug's warnings
    assert sum("Specialist only for this patient" in i for i in texts(at.info)) >= 5


def test_alternative_from_other_document_is_shown_for_the_back():
    at = open_page(EXPLORER, site="back", scorad="44", potency="high", apd="2", weeks="4", adherent="1")
    assert next_step(at) == step_title("phototherapy")
    assert any("other document's choice" in m for m in texts(at.markdown))


def test_share_link_matches_the_scenario():
    at = open_page(EXPLORER, scorad="20", **ADEQUATE_TRUNK)
    at.slider(key="w_scorad").set_value(60.0).run()
    assert not at.code and not at.get("download_button"), "closed: the link and the handouts are not drawn"
    at = open_expander(at, "share_open")
    codes = [c.value for c in at.code]
    assert any("scorad=60" in c and "site" not in c for c in codes)
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download handout (HTML, printable)",
        "Download handout (Markdown)",
    ]
    at.slider(key="w_scorad").set_value(45.0).run()  # open, the link follows the next move
    assert any("scorad=45" in c.value for c in at.code)


def test_case_banner_shows_the_teaching_point_and_goes_when_the_scenario_changes():
    at = open_page(EXPLORER)
    case_id = next(iter(CONTENT.cases))
    case = CONTENT.cases[case_id]
    at = open_expander(at, "cases_open")  # the cases are drawn once their expander is open
    at.selectbox(key="case_pick").select(case_id).run()
    at.button(key="load_case").click().run()
    assert any(f"Case: {case.title}." in i.value for i in at.info)
    assert case.teaching_point.text in [m.value for m in at.markdown]
    moved = 90.0 if case.scenario.get("scorad", 30) < 50 else 10.0
    at.slider(key="w_scorad").set_value(moved).run()
    assert not any(f"Case: {case.title}." in i.value for i in at.info)
    assert case.teaching_point.text not in [m.value for m in at.markdown]
    assert any("You have changed the scenario of the case" in c.value for c in at.caption)


def test_sliders_show_plain_numbers_not_two_decimals():
    at = open_page(EXPLORER)
    for key in ("w_scorad", "w_weeks"):
        assert at.slider(key=key).proto.format == "%g"


def test_start_here_goes_with_the_first_move_of_a_control():
    at = open_page(EXPLORER)
    assert any("Start here." in m.value for m in at.markdown)
    at.slider(key="w_scorad").set_value(60.0).run()
    assert not any("Start here." in m.value for m in at.markdown)


def _in_order(at) -> list:
    return list(at.main)  # every element of the main area, in the order the page draws them


def _first(elements: list, wanted) -> int:
    return next(i for i, element in enumerate(elements) if wanted(element))


def _is_live_line(element) -> bool:
    return type(element).__name__ == "Markdown" and " Next: **" in element.value


def _is_severity(element) -> bool:
    return getattr(element, "key", None) == "w_scorad"


def _is_step_heading(element) -> bool:
    return type(element).__name__ == "Subheader" and "Next step:" in element.value


def test_the_result_line_and_the_controls_come_first_and_what_comes_and_goes_after_them():
    # on a phone the controls are on the first screen, and nothing drawn above them changes height
    at = open_page(EXPLORER)  # the default scenario: the start-here box is shown
    elements = _in_order(at)
    start_here = _first(elements, lambda e: type(e).__name__ == "Markdown" and e.value.startswith("**Start here.**"))
    assert _first(elements, _is_live_line) < _first(elements, _is_severity) < start_here
    assert start_here < _first(elements, _is_step_heading)

    at = open_page(EXPLORER, scorad="70", signs="eczema_herpeticum", potency="medium", apd="2", weeks="3")
    elements = _in_order(at)
    controls_end = max(
        i for i, e in enumerate(elements) if getattr(e, "key", None) in ("w_scorad", "w_weeks", "w_signs")
    )
    red_flag = _first(elements, lambda e: type(e).__name__ == "Error" and "RED FLAG" in e.value)
    assert controls_end < red_flag < _first(elements, _is_step_heading)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"scorad": "20", **ADEQUATE_TRUNK},
        {"scorad": "60", **ADEQUATE_TRUNK},
        {"signs": "eczema_herpeticum", "weeks": "3"},
        {"site": "back", "scorad": "44", "potency": "high", "apd": "2", "weeks": "4", "adherent": "1"},
        {"age": "8", "scorad": "60", "potency": "high", "apd": "2", "weeks": "3", "adherent": "1", "tried": "wet_wrap"},
    ],
)
def test_the_result_line_says_the_engines_next_step_band_and_referral(params):
    at = open_page(EXPLORER, **params)
    rec = recommend(at.session_state["scenario"], CONTENT)
    [line] = [e.value for e in at.main if _is_live_line(e)]
    assert f"Next: **{step_title(rec.stage)}** · {rec.severity_band}" in line
    assert line.endswith(f" · {URGENCY_WORDS[rec.refer_urgency].lower()}") == rec.refer
    assert next_step(at) == step_title(rec.stage)  # the full result further down says the same


def test_the_phone_menu_lists_every_page_and_is_closed_on_the_page_it_opens():
    at = open_page(EXPLORER)
    assert at.session_state["page_menu"] is False
    assert not at.main.get("page_link"), "closed, the menu draws no links"
    at = open_expander(at, "page_menu")  # a tap on "Menu"
    assert [link.proto.label for link in at.main.get("page_link")] == [page.title for page in SITE_PAGES]
    go(at, "pages/4_Evidence.py")  # a page chosen in it
    assert at.session_state["page_menu"] is False
    labels = [link.proto.label for link in at.main.get("page_link")]
    assert labels != [page.title for page in SITE_PAGES]
    assert not at.exception


def test_an_infection_not_settling_is_flagged_in_the_contents_words_without_an_error():
    # the engine lists it among the red flags: its card in content/red_flags.yaml shows, signs and action
    at = open_direct(EXPLORER, signs="infection_not_settling", age="8", scorad="40")
    assert not at.exception and not at.error
    flag = CONTENT.red_flags["infection_not_settling"]
    assert any(
        w.startswith("**RED FLAG: Infection not settling on treatment.**") and flag.action.text in w
        for w in texts(at.warning)
    )
