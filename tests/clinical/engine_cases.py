"""Shared by the decision engine's unit tests (tests/clinical/test_engine_*.py): an adequately treated adult
with the given changes, and the recommendation's options and lines in words.

Expected answers come from the two source documents (000: atopic dermatitis not improving on
topical steroids; 003: dermatitis on the back unresponsive to steroid creams) and from the
figures in content/*.yaml, never from re-running the engine's own helpers.
"""

from __future__ import annotations

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import Recommendation, Scenario

CONTENT = default_content()


# A steroid trial that is adequate on every site and at every severity: high potency, twice daily,
# 3 weeks, adherence confirmed. Tests override what they need.
ADEQUATE = {"tcs_potency": "high", "applications_per_day": 2, "weeks_on_treatment": 3, "adherence_confirmed": True}

TCI = {"tacrolimus_0.1", "tacrolimus_0.03", "pimecrolimus_1"}
PHOTO = {"nb_uvb", "bb_uvb", "uva"}
IMMUNOMODULATORS = ["cyclosporine", "azathioprine", "methotrexate", "mycophenolate"]
ESCALATION_IDS = {"wet_wrap", *TCI, "ruxolitinib_cream", "crisaborole", *PHOTO, "dupilumab", *IMMUNOMODULATORS}
ALL_TRIED = ["wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy"]


def rec(**fields) -> Recommendation:
    """Recommendation for an adequately treated adult (30 years, trunk) with the given changes."""
    return recommend(Scenario(**{"age_years": 30, "site": "trunk", **ADEQUATE, **fields}))


def ids(r: Recommendation) -> list[str]:
    return [o.id for o in r.options]


def option(r: Recommendation, option_id: str):
    matches = [o for o in r.options if o.id == option_id]
    assert matches, f"{option_id} not among {ids(r)}"
    return matches[0]


def rule_text(rule_id: str, **facts: str) -> str:
    """The why/warning line a rule produces, filled with the given facts (weeks as a number)."""
    if "weeks" in facts:  # whole weeks as weeks, anything else in days (never "1.9 weeks")
        weeks = float(facts["weeks"])
        if weeks == int(weeks):
            facts["weeks"] = f"{weeks:g} week" + ("" if weeks == 1 else "s")
        else:
            facts["weeks"] = f"{round(weeks * 7)} days"
    return CONTENT.rules[rule_id].text.format(**facts)


def why_texts(r: Recommendation) -> list[str]:
    return [line.text for line in r.why]


def warning_texts(r: Recommendation) -> list[str]:
    return [line.text for line in r.warnings]


def refer_texts(r: Recommendation) -> list[str]:
    return [line.text for line in r.refer_reasons]


def referral(criterion: str) -> str:
    return CONTENT.referral[criterion].text


def stage(**fields) -> str:
    return rec(**fields).stage
