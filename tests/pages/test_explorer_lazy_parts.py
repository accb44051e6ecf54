"""The explorer draws some parts only while their expander is open (fewer elements per slider move):
closed, their settings still count; opened, they show what they showed before."""

from app_helpers import ADEQUATE_TRUNK, band_shown, open_expander, open_page, texts

from pathway.clinical.scenario import Scenario
from pathway.clinical.urlstate import params_from_scenario

EXPLORER = "pages/2_Scenario_explorer.py"


def test_closed_more_settings_keep_their_values_while_the_slider_moves():
    scenario = Scenario(
        scorad=40,
        site="trunk",
        tcs_potency="medium",
        applications_per_day=2,
        weeks_on_treatment=3,
        adherence_confirmed=True,
        weight_kg=70,
        tried=("wet_wrap",),
        qol_impact=True,
        age_years=0.5,
    )
    at = open_page(EXPLORER, **params_from_scenario(scenario))
    assert not at.exception
    assert not [w for w in at.number_input if w.key == "w_weight"]  # closed: its widgets are not drawn
    at.slider(key="w_scorad").set_value(60.0).run()
    assert band_shown(at) == "severe"
    assert at.session_state["scenario"] == scenario.model_copy(update={"scorad": 60.0})
    at = open_expander(at, "more_settings_open")
    assert at.number_input(key="w_weight").value == 70
    assert at.checkbox(key="w_adherent").value is True
    assert at.multiselect(key="w_tried").value == ["wet_wrap"]
    assert at.radio(key="w_age_unit").value == "months" and at.number_input(key="w_age_value").value == 6
    # a change made while open counts, and still counts after closing it
    at.checkbox(key="w_qol").uncheck().run()
    at.session_state["more_settings_open"] = False
    at.slider(key="w_scorad").set_value(45.0).run()
    assert at.session_state["scenario"].qol_impact is False
    assert at.session_state["scenario"].weight_kg == 70


def test_the_rule_trace_and_the_timeline_data_show_when_opened():
    at = open_page(EXPLORER, scorad="60", **dict(ADEQUATE_TRUNK.items()))
    closed = " ".join(texts(at.markdown))
    assert not at.dataframe
    at = open_expander(open_expander(at, "why_open"), "timeline_data_open")
    trace = [m for m in texts(at.markdown) if m not in closed]
    assert any("60" in m and "severe" in m for m in trace), trace
    assert len(at.dataframe) == 1  # the timeline's table


def test_the_timeline_table_is_never_shared_between_patients_at_the_same_stage():
    """Two sessions in one server process, both at "check the steroid trial": the adult's table holds the
    documents' 2-4-week trial, the infant's the 5-7-day course; neither sees the other's rows, whichever
    opens first (the table's cache is keyed by its rows, not by the stage)."""
    adult = {
        "age": "30",
        "site": "trunk",
        "scorad": "40",
        "potency": "medium",
        "apd": "2",
        "weeks": "1",
        "adherent": "1",
    }
    infant = {
        "age": "0.5",
        "site": "trunk",
        "scorad": "40",
        "product": "clobetasone_butyrate",
        "potency": "none",
        "apd": "2",
        "weeks": "0.5",
        "adherent": "1",
    }
    tables = {}
    for name, params in (("adult", adult), ("infant", infant), ("adult again", adult)):
        at = open_expander(open_page(EXPLORER, **params), "timeline_data_open")
        assert "check the steroid trial" in " ".join(texts(at.subheader)).lower()
        tables[name] = at.dataframe[0].value
    assert "2-4 weeks" in " ".join(tables["adult"]["label"]) and "5-7 days" not in " ".join(tables["adult"]["label"])
    assert "5-7 days" in " ".join(tables["infant"]["label"]) and "2-4 weeks" not in " ".join(tables["infant"]["label"])
    assert tables["adult again"].equals(tables["adult"])
