"""Topical steroids on two scales: the steroid a patient is using, the potency a fair trial needs, the
steroid the plan asks for, and how each reads in words.

Every limit (content/limits.yaml) is on the UK scale and is applied to a steroid's UK class; the
documents' minimums ("at least medium potency", "high potency for severe disease") are in their own
US words and are compared in those words when the steroid has one. A scenario that names no product
is placed on the UK scale by its word (content/steroids.yaml: ``words``), which for the documents'
"medium" is potent, as their own examples are.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.clinical.base import POTENCY_RANK, UK_RANK, UK_WORDS, Band, Potency, UkPotency
from pathway.clinical.content import Content
from pathway.clinical.limit_models import PotencyLimit
from pathway.clinical.limits import age_band, potency_limit, uk_stronger
from pathway.clinical.scenario import Scenario
from pathway.clinical.steroid_models import Need, Product
from pathway.clinical.trace import days


@dataclass(frozen=True)
class Steroid:
    """A steroid as the engine judges it: its UK class (for every limit) and the documents' word (for
    their minimums), from the named product or, without one, from the word alone (``assumed``)."""

    uk: UkPotency | None  # None: no steroid
    word: Potency | None  # None for a product sold only in the UK
    product: Product | None = None

    @property
    def assumed(self) -> bool:
        """The UK class was taken from the documents' word, not from a named product."""
        return self.product is None and self.uk is not None


def steroid_in_use(scenario: Scenario, content: Content) -> Steroid:
    """The steroid in use: the named product when there is one, else the scenario's word."""
    if scenario.tcs_product is not None:
        product = content.products[scenario.tcs_product]
        return Steroid(uk=product.uk, word=product.word, product=product)
    if scenario.tcs_potency == "none":
        return Steroid(uk=None, word=None)
    return Steroid(uk=content.potency_words[scenario.tcs_potency].uk, word=scenario.tcs_potency)


def site_limit(scenario: Scenario, content: Content) -> PotencyLimit:
    return potency_limit(content, age_band(content, scenario.age_years).id, scenario.site)


# ----------------------------------------------------------------------------- words


def uk_words(uk: str) -> str:
    return f"{UK_WORDS[uk]} (UK)"


def product_label(product: Product) -> str:
    """``mometasone furoate 0.1%: potent (UK), US class 4 (cream), 2 (ointment)``."""
    us = f"US class {product.us_class}" if product.us_class[:1].isdigit() else f"US: {product.us_class}"
    return f"{product.name}: {uk_words(product.uk)}, {us}"


def word_label(content: Content, word: str) -> str:
    """``a medium-potency steroid in the documents' (US) words (classes 4-5), potent on the UK scale``."""
    meaning = content.potency_words[word]
    return (
        f"a {meaning.label} steroid in the documents' (US) words ({meaning.us}), {UK_WORDS[meaning.uk]} on the UK scale"
    )


def steroid_words(steroid: Steroid, content: Content) -> str:
    """The steroid in use, on both scales."""
    if steroid.uk is None:
        return "no topical steroid"
    if steroid.product is not None:
        return product_label(steroid.product)
    return word_label(content, steroid.word or "")


def examples(content: Content, uk: str | None = None, word: str | None = None) -> list[Product]:
    return [
        p
        for p in content.products.values()
        if (word is not None and p.word == word) or (word is None and uk is not None and p.uk == uk)
    ]


# ----------------------------------------------------------------------------- what is needed


@dataclass(frozen=True)
class Requirement:
    """A least potency: on the UK scale (``uk``), or in the documents' words (``word``, whose UK class is
    ``uk``). ``capped``: brought down to the strongest the age and site allow."""

    uk: UkPotency
    word: Potency | None
    rule: str
    capped: bool = False
    matched: bool = False  # potency matched to severity (NICE CG57, children): stronger is not better
    offer: str | None = None  # the therapy to offer, when the need names one
    any_steroid: bool = False  # the sources set no least potency here: any steroid counts

    def met_by(self, steroid: Steroid) -> bool:
        if steroid.uk is None:
            return False
        if self.word is not None and steroid.word is not None:
            return POTENCY_RANK[steroid.word] >= POTENCY_RANK[self.word]
        return UK_RANK[steroid.uk] >= UK_RANK[self.uk]

    def words(self, content: Content) -> str:
        if self.any_steroid:
            return "any topical steroid (no source sets a potency for this site at this age)"
        if self.word is not None:
            names = " or ".join(p.name for p in examples(content, word=self.word)[:2])
            uk = UK_WORDS[self.uk]
            return f"{self.word} potency in the documents' words (for example {names}: {uk} on the UK scale)"
        named = (
            content.therapies[self.offer].products
            if self.offer is not None and not self.capped
            else [p.id for p in examples(content, uk=self.uk)]
        )
        names = " or ".join(content.products[p].name for p in named[:2])
        return f"{UK_WORDS[self.uk]} on the UK scale (for example {names})"


def _need(needs: list[Need], scenario: Scenario, band: Band, content: Content) -> Requirement:
    ages = age_band(content, scenario.age_years).id
    need = next(n for n in needs if n.matches(ages, scenario.site, band))  # validation: the last matches all
    if need.needs_by_severity is not None:
        return Requirement(uk=need.needs_by_severity[band], word=None, rule=need.rule, matched=True)
    if need.us is not None:
        uk = content.potency_words[need.us].uk
        # Under 18 the UK limits bind every course, and the documents' US distinctions (medium against high,
        # both potent on the UK scale) no longer separate one allowed steroid from another.
        word = need.us if ages == "adult" else None
        return Requirement(uk=uk, word=word, rule=need.rule)
    return Requirement(uk=need.uk or "mild", word=None, rule=need.rule, offer=need.offer, any_steroid=need.uk is None)


def capped(requirement: Requirement, limit: PotencyLimit) -> Requirement:
    """A requirement brought down to the strongest potency the age and site allow without a specialist."""
    strongest = limit.strongest_asked
    if uk_stronger(requirement.uk, strongest):
        return Requirement(uk=strongest, word=None, rule=requirement.rule, capped=True, matched=requirement.matched)
    return requirement


def documents_need(scenario: Scenario, band: Band, content: Content) -> Requirement:
    """The least potency the sources ask for on this site, at this age and severity (before any cap)."""
    return _need(content.trial_needs, scenario, band, content)


def required_potency(scenario: Scenario, band: Band, content: Content) -> Requirement:
    """The least potency a fair trial needs here, within what the age and site allow."""
    return capped(documents_need(scenario, band, content), site_limit(scenario, content))


def wrap_requirement(scenario: Scenario, band: Band, content: Content) -> Requirement:
    """The steroid under wet wraps: medium-to-high potency, within what the age and site allow."""
    return capped(_need(content.wrap_needs, scenario, band, content), site_limit(scenario, content))


# ----------------------------------------------------------------------------- what is used and asked for


def too_strong(steroid: Steroid, limit: PotencyLimit) -> bool:
    """Stronger than the age and site allow without a specialist (or where the sources are silent)."""
    if steroid.uk is None:
        return False
    if limit.silent:
        return UK_RANK[steroid.uk] >= UK_RANK[limit.silent_from]
    return uk_stronger(steroid.uk, limit.ceiling)


def course_of(steroid: Steroid, limit: PotencyLimit) -> tuple[str, float] | None:
    """The longest course (words, weeks) of this steroid here, when the age and site limit it."""
    if steroid.uk is None or limit.silent:
        return None
    return limit.course_for(steroid.uk)


def course_done(steroid: Steroid, limit: PotencyLimit, weeks: float) -> bool:
    """The whole allowed course has been given (today is its last day, or later): going on with it
    would run past it."""
    course = course_of(steroid, limit)
    return course is not None and days(weeks) >= days(course[1])


def used_too_long(steroid: Steroid, limit: PotencyLimit, weeks: float) -> bool:
    course = course_of(steroid, limit)
    return course is not None and days(weeks) > days(course[1])


def plan_steroid(scenario: Scenario, band: Band, content: Content, step_up: bool = True) -> Requirement | None:
    """The steroid the plan uses. One too strong for this age and site gives way to what a fair trial
    needs here (as a child's steroid stronger than its eczema's severity does: NICE CG57 matches them);
    one used beyond its allowed course steps down to ordinary strength, or up to what is needed when it
    was itself too weak; else the one in use when it is enough (or when ``step_up`` is False: the plan
    goes on with it, so a course already given whole steps down too; a potency allowed only for a short
    course steps down once that course has been given whole, whatever ``step_up`` says), else what a fair
    trial needs. None: no steroid."""
    limit = site_limit(scenario, content)
    steroid = steroid_in_use(scenario, content)
    needed = required_potency(scenario, band, content)
    if steroid.uk is None:
        return needed if step_up else None
    if too_strong(steroid, limit):
        brief = limit.course_for(needed.uk) if needed.uk is not None else None
        if (
            days(scenario.weeks_on_treatment) > 0
            and needed.uk is not None
            and limit.routine is not None
            and uk_stronger(needed.uk, limit.routine)
            and brief is not None
            and days(brief[1]) <= 7
        ):
            # a course of days (an infant's or toddler's face, neck, folds): the stronger steroid already used
            # in this flare counts towards it, so a fresh one would run past it: step down (a consultant's
            # review found 4 days of a potent steroid on a toddler's neck, then a new 3-5-day moderate course)
            return Requirement(uk=limit.routine, word=None, rule="step_down")
        return needed
    past = course_done if not step_up else used_too_long
    if past(steroid, limit, scenario.weeks_on_treatment):
        routine = limit.routine or limit.strongest_asked
        if uk_stronger(steroid.uk, routine):
            return Requirement(uk=routine, word=None, rule="step_down")
        return (
            needed
            if not needed.met_by(steroid) and step_up
            else Requirement(uk=steroid.uk, word=steroid.word, rule="continue")
        )
    if needed.matched and uk_stronger(steroid.uk, needed.uk):
        return needed
    if needed.met_by(steroid) or not step_up:
        if course_done(steroid, limit, scenario.weeks_on_treatment) and uk_stronger(steroid.uk, limit.routine):
            # a short course given whole (NICE CG57: a moderate steroid on a child's face for 3-5 days only)
            # is not started again, however the trial fell short: it steps down, as its course says
            return Requirement(uk=limit.routine or steroid.uk, word=None, rule="step_down")
        return Requirement(uk=steroid.uk, word=steroid.word, rule="continue")
    return needed


def steroid_therapies(requirement: Requirement | None, content: Content) -> list[str]:
    """The steroid therapy for a requirement: the one with the documents' word, or the weakest-named one
    of its UK class (never a maintenance regimen)."""
    if requirement is None:
        return []
    if requirement.offer is not None and not requirement.capped:
        return [requirement.offer]
    pool = [
        t
        for t in content.therapies.values()
        if t.therapy_class == "topical_corticosteroid" and not t.long_term and t.potency_uk is not None
    ]
    if requirement.word is not None:
        same = [t for t in pool if t.potency_us == requirement.word]
        if same:
            return [same[0].id]
    same_class = sorted(
        (t for t in pool if t.potency_uk == requirement.uk),
        key=lambda t: POTENCY_RANK[t.potency_us] if t.potency_us else 0,
    )
    return [same_class[0].id] if same_class else []
