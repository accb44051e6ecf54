"""One clock on the timeline: what the marker counts, and when there is no marker at all.

The timeline's axis counts time since a step *starts* (week 0 = its first day). The duration slider
counts something else: weeks on the current regimen, the one that is failing. In the explorer the chart
shows the *recommended* step, which starts today, so those weeks lie before its week 0 and are not a
position on it; drawing them there would say "week 3 of aciclovir immediately". They are shown as a
sentence instead, under the title. The one case where both count the same thing is a steroid trial that
is right in every way but too short: the recommended step is to carry on with that very regimen, so the
slider's weeks are the trial's weeks and the marker says "you are here".

On the Timelines page every row counts from the start of its own step, and the marker reads the slider
as weeks into the current step, which is what that page is for ("what is due by week N of a step?").
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.clinical.content import Content
from pathway.clinical.scenario import Recommendation, Scenario
from pathway.clinical.steroid_trial import adequacy_shortfalls

RED_FLAG_STAGES = frozenset({"eczema_herpeticum", "treat_infection"})
TOO_SHORT = ({"adequacy_duration"}, {"adequacy_duration_course"})


@dataclass(frozen=True)
class Clock:
    week: float | None  # the marker's place on the axis (weeks since the step started), or no marker
    marker: str | None  # the marker's label; "{week}" is filled in
    note: str  # one sentence under the chart's title: what the weeks mean here
    step: str = "this step"  # the axis title's words: "Weeks since starting <step>"


def _weeks(weeks: float) -> str:
    return f"{weeks:g} {'week' if weeks == 1 else 'weeks'}"


def plan_clock(rec: Recommendation, scenario: Scenario, content: Content) -> Clock:
    """The clock of the explorer's "expected timeline for this plan" chart."""
    weeks = scenario.weeks_on_treatment
    before = f"; the {_weeks(weeks)} already on the current regimen come before it" if weeks else ""
    if rec.red_flags or rec.stage in RED_FLAG_STAGES:
        before = f"; the {_weeks(weeks)} on the current regimen are not part of this plan" if weeks else ""
        return Clock(None, None, f"Red flag: treat today (0 on the axis){before}")
    if rec.stage == "verify_adequacy":
        if set(adequacy_shortfalls(scenario, rec.severity_band, content)) in TOO_SHORT:
            ran = f"has run only {_weeks(weeks)}" if weeks else "has not run yet"
            return Clock(
                weeks,
                "you are here: week {week}",
                f"The regimen is adequate but {ran}: keep going; the marker shows where the trial stands",
            )
        counted = f"; the {_weeks(weeks)} so far count only if the regimen was already adequate" if weeks else ""
        return Clock(None, None, f"0 on the axis = the day an adequate steroid trial starts{counted}")
    return Clock(None, None, f"0 on the axis = the day this step starts{before}")


def reference_clock(week: float) -> Clock:
    """The clock of the Timelines page, where every timing in the content is drawn."""
    return Clock(
        week,
        "week {week} of a step",
        "Each row counts from the first day of its own step; the marker is the duration slider, "
        "read as weeks into the current step",
        step="each step",
    )


def overdue(clock: Clock, max_weeks: float, open_ended: bool) -> bool:
    """True when the marker is past an item's latest time (never without a marker on the same clock)."""
    return clock.week is not None and not open_ended and clock.week >= max_weeks
