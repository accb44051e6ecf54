"""Scenario <-> URL query parameters, for shareable deep links.

Pure functions: the page layer reads ``st.query_params`` into a mapping of name -> list of values
and calls :func:`scenario_from_params`; it writes :func:`params_from_scenario` back. Bad parameters
are dropped one by one (a bad item of a list drops only that item), each with a :class:`LinkNotice`
in plain words, and never raise. A notice keeps what came from the link as data (``name``,
``value``), separate from its own words, so a page can show the link's text escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from pathway.clinical.scenario import POTENCIES, SIGNS, SITES, TRIED, Scenario

# URL name -> Scenario field. Short names keep links readable.
PARAMS: dict[str, str] = {
    "age": "age_years",
    "weight": "weight_kg",
    "site": "site",
    "scorad": "scorad",
    "potency": "tcs_potency",
    "product": "tcs_product",
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
LIST_FIELDS = {"signs": SIGNS, "tried": TRIED}
CHOICE_FIELDS = {"site": SITES, "tcs_potency": POTENCIES}
BOOL_FIELDS = {"adherence_confirmed", "controlled", "qol_impact", "phototherapy_access", "immunocompromised"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
MAX_PARAM_LENGTH = 200
SHOWN_LENGTH = 40


def shorten(text: str, limit: int = SHOWN_LENGTH) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class LinkNotice:
    """One problem with one link parameter. ``name`` and ``value`` are the link's own text (data, to be
    shown escaped); ``message`` is the tool's plain-words sentence, which names them by placeholders
    ``{name}`` and ``{value}`` so the page can put the escaped text in."""

    name: str
    value: str | None
    message: str


def _range_words(field: str) -> str:
    info = Scenario.model_fields[field]
    low = high = None
    for item in info.metadata:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        low = getattr(item, "gt", None) if getattr(item, "gt", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    if low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    return "a number in range"


def _decode(field: str, raw: str, products: frozenset[str] | None = None) -> object:
    """The value for a field, or ValueError with what was expected, in plain words."""
    text = raw.strip()
    if field == "tcs_product":
        if text.lower() in {"", "none"}:
            return None
        if products is not None and text not in products:
            raise ValueError("one of " + ", ".join(sorted(products)))
        if products is None and not text.replace("_", "").isalnum():
            raise ValueError("a product name (letters, digits and _)")
        return text
    if field in BOOL_FIELDS:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError("1 (yes) or 0 (no)")
    if field in CHOICE_FIELDS:
        if text not in CHOICE_FIELDS[field]:
            raise ValueError("one of " + ", ".join(CHOICE_FIELDS[field]))
        return text
    if field == "weight_kg" and text.lower() in {"", "none"}:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(_range_words(field)) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(_range_words(field))
    if field == "applications_per_day":
        if number != int(number):
            raise ValueError("a whole number from 0 to 4")
        number = int(number)
    try:
        Scenario.model_validate({field: number})
    except ValidationError:
        raise ValueError(
            _range_words(field) if field != "applications_per_day" else "a whole number from 0 to 4"
        ) from None
    return number


def _list_items(field: str, raw: str, name: str, notices: list[LinkNotice]) -> list[str]:
    known = LIST_FIELDS[field]
    kept: list[str] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if item in known:
            if item not in kept:
                kept.append(item)
        else:
            notices.append(
                LinkNotice(
                    name,
                    item,
                    "The link's {name} includes {value}, which is not one of "
                    + ", ".join(known)
                    + "; the other items were kept.",
                )
            )
    return kept


def scenario_from_params(
    params: Mapping[str, str | Sequence[str]],
    base: Scenario | None = None,
    allowed_extra: frozenset[str] = frozenset(),
    products: frozenset[str] | None = None,
) -> tuple[Scenario, list[LinkNotice]]:
    """Build a scenario from query parameters; returns it with one notice per problem.

    A value may be a string or the list of every value the link gives for that name (a repeated
    parameter: the last one counts, and a notice says so). Unknown names (other than
    ``allowed_extra``, which pages use for their own parameters) and bad values are left out;
    everything else is kept. ``products``: the steroid products the content names (a product the
    content does not know is left out like any bad value).
    """
    values = (base or Scenario()).model_dump()
    notices: list[LinkNotice] = []
    for name, given in params.items():
        all_values = [given] if isinstance(given, str) else list(given)
        raw = all_values[-1] if all_values else ""
        if name in allowed_extra:
            continue
        field = PARAMS.get(name)
        if field is None:
            notices.append(
                LinkNotice(name, None, "The link's {name} is not a setting of this tool, so it was left out.")
            )
            continue
        if len(all_values) > 1:
            notices.append(
                LinkNotice(
                    name, raw, f"The link gives {{name}} {len(all_values)} times; the last value, {{value}}, was used."
                )
            )
        if len(raw) > MAX_PARAM_LENGTH:
            notices.append(
                LinkNotice(
                    name, None, f"The link's {{name}} is longer than {MAX_PARAM_LENGTH} characters, so it was left out."
                )
            )
            continue
        if field in LIST_FIELDS:
            values[field] = _list_items(field, raw, name, notices)
            continue
        try:
            values[field] = _decode(field, raw, products)
        except ValueError as exc:
            default = Scenario.model_fields[field].default
            kept = "no value" if default is None else _encode(default)
            notices.append(
                LinkNotice(
                    name, raw, f"The link's {{name}} is {{value}}, but it must be {exc}; the default ({kept}) was kept."
                )
            )
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
