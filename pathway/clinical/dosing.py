"""Dose arithmetic for the drug reference's calculator (weight-based ranges, fixed ranges)."""

from __future__ import annotations

from dataclasses import dataclass

from pathway.clinical.models import Therapy

WEIGHT_MIN_KG = 2.0
WEIGHT_MAX_KG = 250.0


@dataclass(frozen=True)
class DoseResult:
    text: str | None  # what to show, e.g. "210-420 mg/day"
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    problem: str | None = None  # a message for the user when the input cannot be used


def dose_range(therapy: Therapy, weight_kg: float | None) -> DoseResult:
    """The dose range for a weight (mg/kg/day agents) or the fixed range (weekly, twice daily)."""
    dose = therapy.dose
    if dose is None:
        return DoseResult(text=None, problem=f"The sources give no dose for {therapy.name}.")
    if not dose.per_kg:
        text = f"{dose.min:g}-{dose.max:g} {dose.unit}"
        if dose.unit == "g twice daily":
            text += f" ({dose.min * 2:g}-{dose.max * 2:g} g a day)"
        return DoseResult(text=text, low=dose.min, high=dose.max, unit=dose.unit)
    if weight_kg is None:
        return DoseResult(text=f"{dose.min:g}-{dose.max:g} {dose.unit}",
                          problem="Enter a weight to turn the mg/kg range into mg a day.")
    if not WEIGHT_MIN_KG <= weight_kg <= WEIGHT_MAX_KG:
        return DoseResult(
            text=None,
            problem=f"A weight of {weight_kg:g} kg is outside {WEIGHT_MIN_KG:g}-{WEIGHT_MAX_KG:g} kg; check the entry.",
        )
    low, high = round(dose.min * weight_kg, 1), round(dose.max * weight_kg, 1)
    return DoseResult(text=f"{low:g}-{high:g} mg/day", low=low, high=high, unit="mg/day")
