"""A followed patient's story, drawn from the seed: who they are at week 0 (a generated case's patient and
vignette, :mod:`pathway.learn.cases`), how many right steps fail before one brings control, and whether a
red flag turns up at the visit after the first failure; then how the patient changes after the right
step at a visit. Nothing clinical is decided here:

- the step is always the engine's (``recommend``), and the fair trial is the engine's own
  (:func:`pathway.clinical.engine.fair_trial`);
- when the patient comes back, and what a failure or a response reads like, are the content's timelines
  (content/course.yaml says which);
- a story only picks, among right steps, the one that works (the others fail, as the content's
  ``if_no_response`` words say), and the red flag that turns up (its signs in red_flags.yaml's words).

The story is a teaching device: no rate or chance of response is shown or implied by it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pathway.clinical.content import Content
from pathway.clinical.engine import fair_trial, skin_clear
from pathway.clinical.scenario import SIGNS, TRIED, Line, Scenario, TimelineEntry
from pathway.learn.cases.aims import draw_scenario
from pathway.learn.cases.patient import ScoradParts, pick, set_severity
from pathway.learn.cases.vignette import write_stem
from pathway.learn.course.rules import Review

# Where a course starts: generated-case aims that leave room for visits (the engine still decides).
START_AIMS = {
    "verify_adequacy": 3.0,
    "wet_wrap": 2.0,
    "topical_calcineurin_inhibitor": 2.0,
    "newer_topicals": 1.0,
    "treat_infection": 1.0,
}
FAILURES = (0, 1, 1, 2, 2, 3)  # right steps that do not bring control before one does (a story, not a rate)
EVENTS = {"none": 3.0, "bacterial_infection": 3.0, "eczema_herpeticum": 1.0}  # at the visit after the first failure
SETTLED = ("bacterial_infection", "infection_not_settling")  # gone once the infection is treated
MAX_DRAWS = 50
SIGNS_SHOWN = 2
ACUTE = ("bacterial_infection", "eczema_herpeticum", "erythroderma", "infection_not_settling")


@dataclass(frozen=True)
class Story:
    scenario: Scenario  # week 0
    parts: ScoradParts
    opening: str
    failures: int
    event: str | None  # a red flag id, or None
    event_signs: tuple[int, ...]  # which of the red flag's signs the learner reads about
    control: random.Random  # draws the SCORAD of a controlled patient


def draw_story(seed: int, content: Content, opens: Callable[[Scenario], bool]) -> Story:
    """The patient at week 0 and their story: everything from ``random.Random(seed)``, in a fixed order.
    A patient is drawn again (from the same generator) until ``opens`` accepts the first visit (one that
    does not end the course at once), so every course has a second visit."""
    rng = random.Random(seed)
    for _ in range(MAX_DRAWS):
        aim = pick(rng, START_AIMS)
        scenario, parts = draw_scenario(rng, aim, content)
        if opens(scenario):
            break
    band = content.severity_band(scenario.scorad)
    opening = write_stem(scenario, band, skin_clear(scenario.scorad, content), parts, content, rng)
    failures = rng.choice(FAILURES)
    event = pick(rng, EVENTS)
    flag = content.red_flags.get(event)
    signs: tuple[int, ...] = ()
    if flag is not None:
        count = min(len(flag.signs), SIGNS_SHOWN)  # two of an infection's three: never "sudden worsening" alone
        signs = tuple(sorted(rng.sample(range(len(flag.signs)), count)))
    return Story(
        scenario=scenario,
        parts=parts,
        opening=opening,
        failures=failures,
        event=None if flag is None else event,
        event_signs=signs,
        control=random.Random(f"patient:{seed}:control"),
    )


def timeline_line(entry: TimelineEntry, content: Content, text: str | None = None) -> Line:
    """A line from one of the plan's timings: the content's own sources where the entry is the content's
    own item (the engine adds the sources of the next step to them), the engine's where it wrote the entry
    (the course allowed at this age and site)."""
    own = content.timelines.get(entry.id)
    sources = own.sources if own is not None and own.text == entry.text else entry.sources
    return Line(text=text or entry.text, sources=list(sources), rule=f"timeline:{entry.id}")


def _no_response(entry: TimelineEntry, content: Content) -> str:
    """The content's words for no response (its own, without the engine's next step, which is the next
    visit's question); the engine's own words where it put the course allowed here in its place."""
    own = content.timelines.get(entry.id)
    if own is not None and own.text == entry.text and own.if_no_response:
        return own.if_no_response
    return entry.if_no_response or "No response."


def _with_signs(scenario: Scenario, add: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> Scenario:
    signs = (set(scenario.signs) | set(add)) - set(drop)
    return scenario.model_copy(update={"signs": tuple(s for s in SIGNS if s in signs)})


def _controlled(scenario: Scenario, story: Story, content: Content) -> Scenario:
    """The patient once the eczema is under control: ``controlled``, the acute signs gone, and a SCORAD
    drawn the way the generated cases draw a controlled patient (clear or mild band, little itch); no
    text states it as an effect of the treatment."""
    s: dict[str, Any] = scenario.model_dump()
    s["controlled"] = True
    s["signs"] = tuple(x for x in scenario.signs if x not in ACUTE)
    set_severity(story.control, s, pick(story.control, {"clear": 1, "mild": 1}), content)
    s.pop("_parts")
    return Scenario.model_validate(s)


@dataclass
class Progress:
    """Where the story is on the ladder's path."""

    failed: int = 0


def after_right_step(
    scenario: Scenario,
    stage: str,
    review: Review,
    entry: TimelineEntry,
    days: int,
    story: Story,
    progress: Progress,
    content: Content,
) -> tuple[Scenario, list[Line]]:
    """The patient at the next visit after the right step, and what has happened since, in the content's
    words (each line with its sources)."""
    weeks = round(scenario.weeks_on_treatment + days / 7, 4)
    since: list[Line] = []
    if review.treats is not None:
        flag = content.red_flags[review.treats]
        since.append(
            Line(
                text=f"{flag.name}: treated as the sources ask, and settled. {flag.action.text}",
                sources=list(flag.action.sources),
                rule=f"red_flag:{flag.id}",
            )
        )
        return _with_signs(scenario, drop=SETTLED).model_copy(update={"weeks_on_treatment": weeks}), since
    if not review.responds:
        return scenario.model_copy(update={"weeks_on_treatment": weeks}), since
    if stage == "verify_adequacy":
        after = fair_trial(scenario, content)  # the engine's own fair trial: its length is the review's
    else:
        after = scenario.model_copy(update={"weeks_on_treatment": weeks})
    if progress.failed >= story.failures:
        when = f"Better at this review, which came when the sources say to judge this step ({entry.label})."
        since.append(timeline_line(entry, content, when))
        return _controlled(after, story, content), since
    progress.failed += 1
    if stage != "verify_adequacy":  # a rung given and failed: tried, as the engine counts it
        after = after.model_copy(update={"tried": tuple(t for t in TRIED if t in scenario.tried or t == stage)})
    since.append(timeline_line(entry, content, f"No better at this review. {_no_response(entry, content)}"))
    if progress.failed == 1 and story.event is not None:
        flag = content.red_flags[story.event]
        signs = [flag.signs[i] for i in story.event_signs]
        since.append(
            Line(
                text=f"New since the last visit ({flag.name.lower()}): " + " ".join(s.text for s in signs),
                sources=list(dict.fromkeys(src for s in signs for src in s.sources)),
                rule=f"red_flag:{flag.id}",
            )
        )
        after = _with_signs(after, add=(story.event,))
    return after, since
