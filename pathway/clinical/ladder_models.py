"""The models behind ``content/ladders.yaml``: each document's rungs, their therapies, which sites a
document leads for, and the conditions (age band, site, severity, impact on life, what was tried)
under which a therapy or a rule line applies. Climbing them is :mod:`pathway.clinical.ladder`.
"""

from __future__ import annotations

from pydantic import Field

from pathway.clinical.base import AgeBandId, Band, Site, Stage, Strict
from pathway.clinical.scenario import Scenario, Tried

WRAP_STEROID = "wrap_steroid"  # stands for the steroid under wet wraps in a rung's therapy list


class Condition(Strict):
    """Holds when every key it gives holds (an empty condition always holds)."""

    bands: list[AgeBandId] = []
    sites: list[Site] = []
    severity: list[Band] = []
    qol_impact: bool | None = None
    tried: list[Tried] = []
    not_tried: list[Tried] = []

    def holds(self, scenario: Scenario, age_band: str, band: str) -> bool:
        return (
            (not self.bands or age_band in self.bands)
            and (not self.sites or scenario.site in self.sites)
            and (not self.severity or band in self.severity)
            and (self.qol_impact is None or scenario.qol_impact == self.qol_impact)
            and all(t in scenario.tried for t in self.tried)
            and not any(t in scenario.tried for t in self.not_tried)
        )


def any_holds(conditions: list[Condition], scenario: Scenario, age_band: str, band: str) -> bool:
    """A list of conditions holds when any one does; no conditions means always."""
    return not conditions or any(c.holds(scenario, age_band, band) for c in conditions)


class RungTherapy(Strict):
    id: str  # a therapy id, or ``wrap_steroid``
    when: list[Condition] = []
    supporting: bool = False  # goes with the rung (the steroid under wraps) but is not the rung itself


class RuleLine(Strict):
    rule: str
    when: list[Condition] = []


class Rung(Strict):
    stage: Stage
    severity: list[Band] = ["mild", "moderate", "severe"]
    therapies: list[RungTherapy] = Field(min_length=1)
    because: list[RuleLine] = []
    warn: list[RuleLine] = []
    not_for: list[RuleLine] = []  # the rung is closed when one of these holds; its rule says why
    or_instead_of: list[Stage] = []  # earlier rungs the document offers this one beside, at the same step

    def closed_by(self, scenario: Scenario, age_band: str, band: str) -> str | None:
        """The rule that closes this rung for this patient, if one does."""
        return next((line.rule for line in self.not_for if any_holds(line.when, scenario, age_band, band)), None)


class Ladder(Strict):
    document: str
    rule: str  # the why-line that says this ladder is followed
    leads_for: list[Site]
    rungs: list[Rung] = Field(min_length=1)

    def rung(self, stage: str) -> Rung | None:
        return next((r for r in self.rungs if r.stage == stage), None)


class MaintenanceTherapy(Strict):
    id: str
    when: list[Condition] = []


class LaddersFile(Strict):
    ladders: list[Ladder] = Field(min_length=2)
    exhausted: list[MaintenanceTherapy] = Field(min_length=1)  # every rung tried or barred
    maintenance: list[MaintenanceTherapy] = Field(min_length=1)
