"""Timelines, evidence, drug reference, severity scores and sources pages."""

import pytest
from app_helpers import all_text, chart_specs, go, open_page, texts, week_markers

from pathway.clinical.content import load_content

CONTENT = load_content()


def test_timelines_marker_follows_the_shared_duration_slider():
    at = open_page("pages/3_Timelines.py", weeks="2")
    assert week_markers(chart_specs(at)[0]) == [2.0]
    due = " ".join(texts(at.markdown))
    assert "Wet wraps: improvement within 48-72 hours" in due
    assert "Proactive maintenance" not in due  # starts at 16 weeks
    at.slider(key="w_weeks").set_value(6.0).run()
    assert week_markers(chart_specs(at)[0]) == [6.0]
    assert "Pimecrolimus: stop at 6 weeks" in " ".join(texts(at.markdown))
    # same session state as the explorer
    go(at, "pages/2_Scenario_explorer.py")
    assert at.slider(key="w_weeks").value == 6.0


def test_evidence_page_charts_captions_and_fact_check():
    at = open_page("pages/4_Evidence.py")
    specs = chart_specs(at)
    doses = {d.unit for d in (t.dose for t in CONTENT.therapies.values()) if d is not None}
    assert len(specs) == 3 + len(doses)  # wet wraps, forest, matrix, and one dose chart per unit
    for spec in specs:
        assert spec.get("title"), "every chart states its finding in a title"
    captions = " ".join(texts(at.caption))
    assert "document 000" in captions
    text = all_text(at)
    assert "7-fold" in text and "2.17" in text
    assert len(at.dataframe) >= 4  # a "show the data" table under each chart


def test_drug_reference_search_and_filters():
    at = open_page("pages/5_Drug_reference.py")
    full = at.dataframe[0].value
    assert len(full) == len(CONTENT.therapies)
    at.text_input(key="drug_search").input("tacrolimus").run()
    names = set(at.dataframe[0].value["therapy"])
    assert {"Tacrolimus 0.1% ointment", "Tacrolimus 0.03% ointment"} <= names
    assert "Cyclosporine" not in names
    at.text_input(key="drug_search").input("").run()
    at.multiselect(key="drug_class").select("systemic_immunomodulator").run()
    assert set(at.dataframe[0].value["therapy"]) == {
        t.name for t in CONTENT.therapies.values() if t.therapy_class == "systemic_immunomodulator"
    }
    at.multiselect(key="drug_class").unselect("systemic_immunomodulator").run()
    at.multiselect(key="drug_step").select("maintenance").run()
    assert set(at.dataframe[0].value["therapy"]) == {
        t.name for t in CONTENT.therapies.values() if "maintenance" in CONTENT.therapy_steps(t.id)
    }


def test_dose_calculator_caps_checks_the_weight_and_shows_no_adult_dose_for_a_child():
    at = open_page("pages/5_Drug_reference.py")
    at.selectbox(key="dose_drug").select("cyclosporine").run()
    at.number_input(key="dose_weight").set_value(70.0).run()
    text = " ".join(texts(at.markdown))
    assert "3-6 mg/kg/day = 210-300 mg/day for 70 kg" in text  # 420 capped at the adult maximum
    assert any("capped at the adult maximum of 300 mg a day" in w.value for w in at.warning)
    assert any("150-300 mg/day" in i.value for i in at.info)  # adult vs paediatric note
    assert len(at.checkbox) >= 2  # monitoring checklist
    at.number_input(key="dose_weight").set_value(900.0).run()
    assert any("not plausible for an adult" in w.value for w in at.warning)
    assert "mg/day for 900 kg" not in " ".join(texts(at.markdown))
    assert not at.exception
    at.selectbox(key="dose_drug").select("methotrexate").run()
    assert "7.5-25 mg/week" in " ".join(texts(at.markdown))
    at.number_input(key="dose_age").set_value(8.0).run()
    assert "7.5-25 mg/week" not in " ".join(texts(at.markdown))
    assert any("dosed per kilogram by specialists" in w.value for w in at.warning)
    at.number_input(key="dose_weight").set_value(25.0).run()
    at.selectbox(key="dose_drug").select("cyclosporine").run()
    assert "mg/day for 25 kg" not in " ".join(texts(at.markdown))  # under 18: specialist only


@pytest.mark.parametrize(
    "instrument, maximum", [("scorad", 103), ("objective_scorad", 83), ("easi", 72), ("poem", 28), ("dlqi", 30)]
)
def test_score_pages_show_maximum_and_band(instrument, maximum):
    at = open_page("pages/6_Severity_scores.py")
    name = CONTENT.instruments[instrument].name
    metric = next(m for m in at.metric if m.label == name)
    assert metric.value == f"0 / {maximum}"


def test_scorad_calculator_result_and_send_to_explorer():
    at = open_page("pages/6_Severity_scores.py")
    at.slider(key="sc_extent").set_value(100.0).run()
    for i in range(6):
        at.selectbox(key=f"sc_i{i}").select(3).run()
    at.slider(key="sc_itch").set_value(10.0).run()
    at.slider(key="sc_sleep").set_value(10.0).run()
    metric = next(m for m in at.metric if m.label.startswith("SCORAD"))
    assert metric.value == "103 / 103"
    assert "severe" in " ".join(texts(at.markdown))
    at.button(key="sc_send").click().run()
    go(at, "pages/2_Scenario_explorer.py")
    assert at.slider(key="w_scorad").value == 103.0


def test_sources_page_lists_references_differences_and_updates():
    at = open_page("pages/7_Sources_and_fact_check.py")
    labels = [e.label for e in at.expander]
    for ref in CONTENT.references.values():
        assert any(ref.title in label for label in labels), ref.id
    text = all_text(at)
    first_check = min((d for d in CONTENT.differences.values() if d.kind == "fact_check"), key=lambda d: d.order)
    assert first_check.topic in text and "7-fold" in first_check.topic + first_check.comment.text
    for diff in CONTENT.differences.values():
        assert diff.topic in text
    assert "outside the two source documents" in text
    for update in CONTENT.updates.values():
        assert update.name in text
