"""Dose arithmetic with its safety limits: weight-based ranges turned into a daily dose only for a
plausible weight, never above the adult maximum, and no adult dose shown for a child.

Used by the engine (option cards) and by the drug reference's calculator, so both say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.clinical.content import Content
from pathway.clinical.limits import age_band, months_of
from pathway.clinical.models import Therapy

ADULT_MONTHS = 216
# Outer bounds for any age (the drug reference's calculator works without an age).
WEIGHT_MIN_KG = 1.5
WEIGHT_MAX_KG = 250.0


@dataclass(frozen=True)
class DoseResult:
    text: str | None  # the range as the source gives it, e.g. "3-6 mg/kg/day" (None: show no figure)
    low: float | None = None  # daily dose for the weight, after any ceiling (mg/day)
    high: float | None = None
    unit: str | None = None
    problem: str | None = None  # why no daily dose is shown (no weight, implausible weight, a child)
    note: str | None = None  # e.g. the daily dose was capped at the adult maximum
    sources: tuple[str, ...] = ()  # sources of the problem or note
    # why no figure: "no_dose", "no_weight", "implausible_weight", "no_ceiling" or "child"
    reason: str | None = None

    @property
    def daily(self) -> tuple[float, float] | None:
        return (
            (self.low, self.high) if self.low is not None and self.high is not None and self.unit == "mg/day" else None
        )


def amount_range(low: float, high: float) -> str:
    """``240-300``, or ``300`` when a cap makes both ends the same."""
    return f"{high:g}" if low == high else f"{low:g}-{high:g}"


def source_range(therapy: Therapy) -> str | None:
    dose = therapy.dose
    if dose is None:
        return None
    text = f"{dose.min:g}-{dose.max:g} {dose.unit}"
    if dose.unit == "g twice daily":
        text += f" ({dose.min * 2:g}-{dose.max * 2:g} g a day)"
    return text


def weight_problem(content: Content | None, weight_kg: float, age_years: float | None) -> str | None:
    """A readable reason when the weight is not plausible (for the age, when one is known)."""
    if content is not None and age_years is not None:
        band = age_band(content, age_years)
        bounds = content.plausible_weight[band.id]
        if not bounds.min_kg <= weight_kg <= bounds.max_kg:
            return (
                f"A weight of {weight_kg:g} kg is not plausible for an {band.label} (the tool accepts "
                f"{bounds.min_kg:g}-{bounds.max_kg:g} kg at this age): check the entry. No weight-based "
                "dose is worked out."
            )
        return None
    if not WEIGHT_MIN_KG <= weight_kg <= WEIGHT_MAX_KG:
        return (
            f"A weight of {weight_kg:g} kg is outside {WEIGHT_MIN_KG:g}-{WEIGHT_MAX_KG:g} kg: check the "
            "entry. No weight-based dose is worked out."
        )
    return None


def dose_for(
    therapy: Therapy, weight_kg: float | None, age_years: float | None = None, content: Content | None = None
) -> DoseResult:
    """The dose to show for a therapy: the source range, and for mg/kg agents the daily dose for the weight."""
    dose = therapy.dose
    if dose is None:
        return DoseResult(text=None, problem=f"The sources give no dose for {therapy.name}.", reason="no_dose")
    months = months_of(age_years) if age_years is not None else None
    for limit in therapy.limits:
        child = (
            months is not None and limit.kind in ("adult_dose_only", "specialist_only") and months < limit.below_months
        )
        if child:
            return DoseResult(text=None, problem=limit.text, sources=tuple(limit.sources), reason="child")
    text = source_range(therapy)
    if not dose.per_kg:
        return DoseResult(text=text, low=dose.min, high=dose.max, unit=dose.unit)
    if weight_kg is None:
        if dose.adult is not None and months is not None and months >= ADULT_MONTHS:
            # an adult with no weight: the adult range, not the paediatric mg/kg one
            adult = f"{dose.adult.min:g}-{dose.adult.max:g} {dose.adult.unit} (adults; {text} is the paediatric range)"
            return DoseResult(
                text=adult,
                problem="Enter a weight to check the dose against the adult maximum per kilogram.",
                sources=tuple(dose.adult.sources),
                reason="no_weight",
            )
        return DoseResult(
            text=text, problem="Enter a weight to turn the mg/kg range into mg a day.", reason="no_weight"
        )
    problem = weight_problem(content, weight_kg, age_years)
    if problem:
        return DoseResult(text=text, problem=problem, sources=("ctx_safety_limits",), reason="implausible_weight")
    low, high = round(dose.min * weight_kg, 1), round(dose.max * weight_kg, 1)
    ceiling = next((lim for lim in therapy.limits if lim.kind == "max_daily_dose"), None)
    if ceiling is None:
        # without a cited adult maximum a weight-based figure could be shown at any size: never multiply
        return DoseResult(
            text=text,
            problem=(
                f"The sources give no adult maximum daily dose for {therapy.name}, so no daily figure is worked out "
                f"from the weight ({dose.min:g}-{dose.max:g} mg/kg/day); outside the sources: ask a specialist."
            ),
            sources=("ctx_safety_limits",),
            reason="no_ceiling",
        )
    cap = ceiling.mg_per_day
    if ceiling.mg_per_kg_per_day is not None:
        cap = min(cap, round(ceiling.mg_per_kg_per_day * weight_kg, 1))
    if high > cap:
        note = (
            f"{dose.min:g}-{dose.max:g} mg/kg/day for {weight_kg:g} kg would be {low:g}-{high:g} mg a day; "
            f"shown capped at the adult maximum of {cap:g} mg a day. {ceiling.text}"
        )
        return DoseResult(
            text=text, low=min(low, cap), high=cap, unit="mg/day", note=note, sources=tuple(ceiling.sources)
        )
    return DoseResult(text=text, low=low, high=high, unit="mg/day")
