"""A learner's path through a followed patient's course, and what it adds up to (the debrief).

A path is the letters chosen at each visit (``b,a,c``: what the page keeps in its address). The right
choice leads to the next visit on the ladder's path, at the review time the content gives; a wrong one
brings the patient back at that same time as they were (nothing the sources vouch for has changed), with
what follows it in the content's words, and the learner decides again; at a visit that closes the course
(maintenance, a handover, no timing in the sources) every choice ends it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pathway.clinical.base import UK_RANK
from pathway.clinical.content import Content
from pathway.clinical.scenario import Line, Scenario
from pathway.clinical.steroids import steroid_in_use
from pathway.learn.course.shapes import Ending, PathSummary, Step, Visit

MAX_VISITS = 12  # a learner who keeps choosing wrong: the course stops after this many visits
_LETTER = re.compile(r"^[a-z]$")


@dataclass(frozen=True)
class Walk:
    steps: tuple[Step, ...]  # the visits answered, each with its letter
    current: Step | None  # the visit to answer now; None once the course has ended
    ending: Ending | None
    problem: str | None = None  # what was wrong with the path given (the walk keeps what came before)

    @property
    def letters(self) -> list[str]:
        return [s.letter for s in self.steps if s.letter is not None]


def parse_path(text: str | None) -> tuple[list[str], str | None]:
    """The letters of an address's path (``b,a,c``), up to the first that is not a single letter a-z,
    and a sentence about that one (None when the whole path reads)."""
    if not text:
        return [], None
    letters: list[str] = []
    for n, part in enumerate(text.split(","), start=1):
        letter = part.strip().lower()
        if not _LETTER.match(letter) or n > MAX_VISITS:
            return letters, f"choice {n} is not a letter of a visit's choices"
        letters.append(letter)
    return letters, None


def _ending(visit: Visit, right: bool) -> Ending:
    if not right:
        return "wrong_at_the_end"
    return visit.closing or "no_review_time"


def walk(visits: Sequence[Visit], letters: Sequence[str]) -> Walk:
    """Follow ``letters`` through the course; stops at the first letter that is not a choice of its visit
    (``problem`` says which) or once the course has ended."""
    steps: list[Step] = []
    index, day, since, again = 0, 0, list(visits[0].since), False
    for n, letter in enumerate(letters, start=1):
        visit = visits[index]
        choice = visit.choice(letter)
        if choice is None:
            shown = ", ".join(c.letter for c in visit.choices)
            return Walk(
                tuple(steps),
                Step(visit=index, day=day, since=since, again=again),
                None,
                f"choice {n} is '{letter}', which is not one of that visit's choices ({shown})",
            )
        steps.append(Step(visit=index, day=day, since=since, again=again, letter=letter))
        if choice.then == "end" or visit.review_days is None or len(steps) >= MAX_VISITS:
            ending = _ending(visit, choice.correct) if choice.then == "end" else "visit_limit"
            extra = f"the course had ended after choice {n}" if n < len(letters) else None
            return Walk(tuple(steps), None, ending, extra)
        day += visit.review_days
        if choice.then == "next":
            index, since, again = index + 1, list(visits[index + 1].since), False
        else:
            since, again = list(choice.follows), True
    return Walk(tuple(steps), Step(visit=index, day=day, since=since, again=again), None)


ENDING_TEXT = {
    "maintenance": "The eczema is controlled and on maintenance, the last step of the ladder: the course ends here.",
    "handover": "The patient is handed over ({title}); from here a specialist follows them, and the sources do "
    "not: outside the sources, ask a specialist.",
    "no_review_time": "The sources give no time to see the patient again after this step: outside the sources, "
    "ask a specialist.",
    "specialist_advice": "The course ends after this step: if it does not bring control, the next move the sources "
    "give for this patient is a specialist's (what follows the ladder's step says why), and from here the sources "
    "do not follow the patient: outside the sources, ask a specialist.",
    "wrong_at_the_end": "The course ends on a wrong choice at its last visit; how the patient would fare after it "
    "is outside the sources.",
    "visit_limit": "The course stops after {visits} visits.",
}


def _weeks(days: int) -> float:
    return round(days / 7, 1)


POTENT = ("potent", "very_potent")


def _uk(visit: Visit, content: Content) -> str | None:
    """The UK class of the steroid in use at a visit (the engine's own classing of the product or word)."""
    scenario = Scenario.model_validate(visit.scenario)
    steroid = steroid_in_use(scenario, content)
    return steroid.uk if steroid.uk is not None and scenario.applications_per_day > 0 else None


def summarise(visits: Sequence[Visit], letters: Sequence[str], content: Content) -> PathSummary:
    """A path added up: right answers, weeks to control, weeks on each class of steroid (UK scale) in all,
    the weeks before the first visit included (a stretch that leads to the next visit counts as the ladder's
    path spent it, a step-down part-way included; one that brings the patient back as they were, on the
    steroid then in use), and the pitfalls met, each with its sources."""
    done = walk(visits, letters)
    seen = list(done.steps) + ([done.current] if done.current is not None else [])
    choices = [visits[s.visit].choice(s.letter) for s in done.steps if s.letter is not None]
    control = next((s.day for s in seen if visits[s.visit].controlled), None)
    by_class: dict[str, int] = dict(visits[0].steroid_days)  # before the first visit
    for a, b in itertools.pairwise(seen):
        if b.again:
            uk = _uk(visits[a.visit], content)
            spent = {uk: b.day - a.day} if uk is not None else {}
        else:
            spent = visits[b.visit].steroid_days
        for uk, n in spent.items():
            by_class[uk] = by_class.get(uk, 0) + n
    before = sum(n for uk, n in visits[0].steroid_days.items() if uk in POTENT)
    potent_days = sum(n for uk, n in by_class.items() if uk in POTENT)
    pitfalls: dict[str, Line] = {}
    for choice in choices:
        for line in choice.pitfalls if choice is not None else []:
            pitfalls.setdefault(line.rule or line.text, line)
    last = visits[done.steps[-1].visit] if done.steps else visits[0]
    text = ENDING_TEXT[done.ending].format(title=last.engine.title.lower(), visits=MAX_VISITS) if done.ending else ""
    return PathSummary(
        steps=list(done.steps),
        choices=[c.id for c in choices if c is not None],
        right=sum(1 for c in choices if c is not None and c.correct),
        answered=len(choices),
        weeks_to_control=None if control is None else _weeks(control),
        weeks_on_potent=_weeks(potent_days),
        weeks_on_potent_before=_weeks(before),
        weeks_on_steroid={uk: _weeks(by_class[uk]) for uk in UK_RANK if by_class.get(uk)},
        pitfalls=list(pitfalls.values()),
        ending=done.ending,
        ending_text=text,
    )
