"""The shapes of a followed patient: the course (the visits on the ladder's path, each with the engine's
answer and every choice), and what a learner's own path through it adds up to. All pydantic, so the
course prints as JSON (``python -m pathway patient --seed N``) exactly as the page reads it.

Every clinical sentence is a :class:`pathway.clinical.scenario.Line`: the text of a content item (or of
the engine's answer) with its sources, and in ``rule`` where it came from (``timeline:<id>``,
``pitfall:<id>``, ``red_flag:<id>``, ``referral:<id>`` or the engine's rule id).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pathway.clinical.base import Stage
from pathway.clinical.scenario import Line

Then = Literal["next", "again", "end"]
Closing = Literal["maintenance", "handover", "no_review_time", "specialist_advice"]
Ending = Literal["maintenance", "handover", "no_review_time", "specialist_advice", "wrong_at_the_end", "visit_limit"]


class Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(Shape):
    """One thing the learner may do at a visit."""

    letter: str  # a, b, c ... as shown, and as kept in the page's address
    id: str  # a stage id (a step of the ladder) or ``move:<id>`` (a wrong move from content/course.yaml)
    kind: Literal["step", "move"]
    text: str
    correct: bool  # True for exactly one choice: the engine's stage for this visit's scenario
    why: list[Line]  # right or wrong, and why (the engine's why for the right one)
    follows: list[Line]  # what follows the choice, in the content's words
    then: Then  # next: the next visit on the ladder's path; again: this visit again, later; end: the course ends
    outside_sources: bool = False  # the sources do not say how the patient fares after this choice
    pitfalls: list[Line] = Field(
        default_factory=list
    )  # pitfalls (and missed timings) the choice meets, for the debrief


class EngineAnswer(Shape):
    """What ``recommend()`` says for the visit's scenario, in short."""

    stage: Stage
    title: str
    severity_band: str
    refer: bool
    refer_urgency: str
    red_flags: list[str]
    options: list[str]
    why: list[Line]
    refer_reasons: list[Line]
    next_if_no_response: Line | None = None


class Visit(Shape):
    """One visit on the ladder's path (the path that always takes the engine's step)."""

    number: int  # 1, 2, ... on the ladder's path
    day: int  # days since the first visit, on the ladder's path
    scenario: dict[str, Any]  # the contract's JSON: what recommend() is asked
    opening: str | None = None  # the first visit's story, written from the scenario
    findings: list[str]  # the scenario in words
    since: list[Line]  # what has happened since the last visit (empty at the first)
    controlled: bool
    engine: EngineAnswer
    key: str  # the id of the right choice: always engine.stage
    choices: list[Choice]
    review_days: int | None  # after this visit the patient comes back in this many days (None: the course ends)
    review: Line | None = None  # the timing that review comes from
    steroid_days: dict[str, int] = Field(default_factory=dict)  # days on each class of steroid (UK scale)
    # since the visit before, on the ladder's path (a step-down part-way counted on both); at the first
    # visit, the days before it that the opening states
    closing: Closing | None = None  # every choice here ends the course: at maintenance, at a handover to a
    # specialist (or an emergency), where the sources give no time to see the patient again, or where a
    # failure of this step would leave the sources' next move for this patient to a specialist

    def choice(self, letter: str) -> Choice | None:
        return next((c for c in self.choices if c.letter == letter), None)

    @property
    def right(self) -> Choice:
        return next(c for c in self.choices if c.correct)


class Step(Shape):
    """A visit as a learner has it: the ladder's visit it stands for, when, and what happened since."""

    visit: int  # index into Course.visits
    day: int
    since: list[Line]
    again: bool = False  # seen again after a wrong choice: the findings are as they were
    letter: str | None = None  # the learner's choice (None: not answered yet)


class PathSummary(Shape):
    """One path through the course, added up."""

    steps: list[Step]
    choices: list[str]  # the choice ids taken, in order
    right: int
    answered: int
    weeks_to_control: float | None  # None: not controlled within the course
    weeks_on_potent: float  # weeks on a potent or very potent steroid (UK scale, as the engine classes it),
    # in all: the weeks before the first visit that the opening states included
    weeks_on_potent_before: float = 0  # of those, the weeks before the first visit
    weeks_on_steroid: dict[str, float] = Field(default_factory=dict)  # in all, by UK class (mild ... very_potent)
    pitfalls: list[Line]
    ending: Ending | None  # None: the path has not reached the end yet
    ending_text: str


class Course(Shape):
    """A patient followed from week 0: the ladder's path, every choice at each of its visits, and what
    that path adds up to."""

    seed: int
    title: str
    visits: list[Visit]
    ladder: PathSummary
    sources: list[str]
