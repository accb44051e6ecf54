"""Wording shared by the two handout formats (:mod:`pathway.present.handout`): labels, timings, references.

Plain strings only; escaping is left to the caller (HTML or Markdown).
"""

from __future__ import annotations

from pathway.clinical.content import Content
from pathway.clinical.dosing import amount_range
from pathway.clinical.scenario import Option, Scenario, TimelineEntry
from pathway.clinical.steroids import steroid_in_use, steroid_words

SCENARIO_LABELS = {
    "age_years": "Age",
    "weight_kg": "Weight",
    "site": "Site",
    "scorad": "SCORAD",
    "tcs_potency": "Topical steroid in use",
    "applications_per_day": "Applications per day",
    "weeks_on_treatment": "Weeks on current treatment",
    "adherence_confirmed": "Adherence confirmed",
    "controlled": "Disease controlled",
    "signs": "Signs",
    "tried": "Already tried",
    "qol_impact": "Significant impact on quality of life",
    "phototherapy_access": "Access to phototherapy",
    "immunocompromised": "Immunocompromised",
}


def _human(value: str) -> str:
    return value.replace("_", " ")


def _value(field: str, value: object) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(_human(str(v)) for v in value) or "none"
    if isinstance(value, float):
        unit = {"age_years": " years", "weight_kg": " kg", "scorad": " / 103"}.get(field, "")
        return f"{value:g}{unit}"
    return _human(str(value))


def scenario_rows(scenario: Scenario, content: Content) -> list[tuple[str, str]]:
    """(label, value) for every field of the scenario, in the model's order; the steroid on both scales."""
    rows = []
    for name in type(scenario).model_fields:
        if name == "tcs_product":
            continue  # shown with the potency, as one steroid
        value = (
            steroid_words(steroid_in_use(scenario, content), content)
            if name == "tcs_potency"
            else _value(name, getattr(scenario, name))
        )
        rows.append((SCENARIO_LABELS.get(name, _human(name).capitalize()), value))
    return rows


def document_label(document: str, content: Content) -> str:
    doc = content.documents.get(document)
    short = document.removeprefix("doc_")
    if doc is None:
        return f"Document {short}"
    return f"Document {short}: {doc.title}" if doc.kind == "source" else doc.title


def stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def timing_text(entry: TimelineEntry) -> str:
    if entry.open_ended:
        text = "open-ended" if entry.min == entry.max == 0 else f"from {entry.min:g} {entry.unit}, open-ended"
    elif entry.min == entry.max:
        text = f"{entry.min:g} {entry.unit}"
    else:
        text = f"{entry.min:g}-{entry.max:g} {entry.unit}"
    return text + (f" (starting at week {entry.start_weeks:g})" if entry.start_weeks else "")


def dose_rows(option: Option, scenario: Scenario) -> list[tuple[str, str]]:
    rows = [("Class", _human(option.therapy_class))]
    if option.strength:
        rows.append(("Strength", option.strength))
    if option.specialist_only:
        rows.append(
            ("Specialist only", "Refer: for this patient it is given and dosed only under specialist supervision.")
        )
    rows.append(("Regimen", option.regimen))
    if option.dose:
        rows.append(("Dose", option.dose))
    if option.dose_warning:
        rows.append(("Dose not worked out", option.dose_warning))
    if option.daily_dose_mg:
        low, high = option.daily_dose_mg
        weight = f" for {scenario.weight_kg:g} kg" if scenario.weight_kg else ""
        rows.append(("Daily dose", f"{amount_range(low, high)} mg/day{weight}"))
    if option.dose_note:
        rows.append(("Dose ceiling", option.dose_note))
    rows += [
        ("Caution", caution.text)
        for caution in option.cautions
        if not (option.specialist_only and caution.text in option.regimen)
    ]
    return rows


def red_flag(flag_id: str, content: Content) -> tuple[str, str, list[str]]:
    flag = content.red_flags.get(flag_id)
    if flag is None:
        return _human(flag_id).capitalize(), "", []
    return f"{flag.name} ({flag.urgency})", flag.action.text, list(flag.action.sources)
