"""Scenario <-> URL query parameters, for shareable deep links.

Pure functions: the page layer reads ``st.query_params`` into a plain dict and calls
:func:`scenario_from_params`; it writes :func:`params_from_scenario` back. Bad parameters are
dropped one by one, each with a reason a person can read, and never raise.
"""

from __future__ import annotations

from typing import Mapping

from pydantic import ValidationError

from pathway.clinical.scenario import Scenario, scenario_problems

# URL name -> Scenario field. Short names keep links readable.
PARAMS: dict[str, str] = {
    "age": "age_years",
    "weight": "weight_kg",
    "site": "site",
    "scorad": "scorad",
    "potency": "tcs_potency",
    "apd": "applications_per_day",
    "weeks": "weeks_on_treatment",
    "adherent": "adherence_confirmed",
    "controlled": "controlled",
    "signs": "signs",
    "tried": "tried",
    "qol": "qol_impact",
    "photo": "phototherapy_access",
    "immuno": "immunocompromised",
}
FIELD_TO_PARAM = {field: name for name, field in PARAMS.items()}
LIST_FIELDS = {"signs", "tried"}
BOOL_FIELDS = {"adherence_confirmed", "controlled", "qol_impact", "phototherapy_access", "immunocompromised"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
MAX_PARAM_LENGTH = 200


def _decode(field: str, raw: str) -> object:
    if field in BOOL_FIELDS:
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError("expected 1 or 0")
    if field in LIST_FIELDS:
        return [part for part in (p.strip() for p in raw.split(",")) if part]
    if field in ("site", "tcs_potency"):
        return raw.strip()
    if raw.strip().lower() in {"", "none"} and field == "weight_kg":
        return None
    try:
        number = float(raw)
    except ValueError:
        raise ValueError("not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    if field == "applications_per_day":
        if number != int(number):
            raise ValueError("expected a whole number")
        return int(number)
    return number


def scenario_from_params(
    params: Mapping[str, str], base: Scenario | None = None, allowed_extra: frozenset[str] = frozenset()
) -> tuple[Scenario, list[str]]:
    """Build a scenario from query parameters; returns it with one notice per ignored parameter.

    Unknown names (other than ``allowed_extra``, which pages use for their own parameters) and
    values that are malformed or out of range are ignored; everything else is kept.
    """
    values = (base or Scenario()).model_dump()
    notices: list[str] = []
    for name, raw in params.items():
        if name in allowed_extra:
            continue
        field = PARAMS.get(name)
        shown = name if len(name) <= 40 else name[:40] + "…"
        if field is None:
            notices.append(f"'{shown}' is not a scenario setting")
            continue
        if len(raw) > MAX_PARAM_LENGTH:
            notices.append(f"'{name}' is too long")
            continue
        try:
            value = _decode(field, raw)
            Scenario.model_validate({field: value})
        except ValueError as exc:
            reason = "; ".join(scenario_problems(exc)) if isinstance(exc, ValidationError) else str(exc)
            reason = reason.removeprefix(f"{field}: ")
            notices.append(f"'{name}={raw[:40]}' ignored ({reason})")
            continue
        values[field] = value
    return Scenario.model_validate(values), notices


def _encode(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}" if float(f"{value:g}") == value else repr(value)
    return str(value)


def params_from_scenario(scenario: Scenario) -> dict[str, str]:
    """Query parameters for every setting that differs from the defaults (so links stay short)."""
    defaults = Scenario().model_dump()
    out: dict[str, str] = {}
    for field, value in scenario.model_dump().items():
        if value != defaults[field]:
            out[FIELD_TO_PARAM[field]] = _encode(value)
    return out
