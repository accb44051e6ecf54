"""The clinical stem of a generated case, written from a scenario in plain English.

Only facts of the scenario go in (age, site, SCORAD with its parts and band, the steroid trial, what
was tried, signs, quality of life, phototherapy access, immune status, weight); the seed's generator
picks between a few wordings so that cases do not all read the same. A steroid is named with its
class on both scales, as the content gives it.
"""

from __future__ import annotations

import random

from pathway.clinical.base import UK_WORDS
from pathway.clinical.content import Content
from pathway.clinical.scenario import Scenario
from pathway.clinical.steroids import steroid_in_use
from pathway.clinical.trace import weeks_text
from pathway.learn.cases.patient import ScoradParts
from pathway.learn.cases.words import FREQUENCY

SITE_WORDS = {
    "face": "{pos} face",
    "neck": "{pos} neck",
    "flexures": "the creases of {pos} elbows and knees",
    "genitals": "{pos} genital skin",
    "hands": "{pos} hands",
    "trunk": "{pos} trunk",
    "back": "{pos} back",
    "limbs": "{pos} arms and legs",
}
TRIED_WORDS = {
    "wet_wrap": "wet-wrap therapy",
    "topical_calcineurin_inhibitor": "a topical calcineurin inhibitor",
    "newer_topicals": "a newer non-steroidal cream",
    "phototherapy": "a course of narrowband UVB phototherapy",
}


class Person:
    """Pronouns and nouns for the patient (sex is only a matter of wording here)."""

    def __init__(self, age_years: float, female: bool):
        self.female = female
        self.age_years = age_years
        self.she = "she" if female else "he"
        self.her = "her" if female else "his"
        self.her_obj = "her" if female else "him"

    @property
    def young(self) -> bool:
        """Treatment is given by the parents."""
        return self.age_years < 12

    @property
    def noun(self) -> str:
        if self.age_years < 18:
            return "girl" if self.female else "boy"
        return "woman" if self.female else "man"

    @property
    def age(self) -> str:
        months = round(self.age_years * 12)
        if months < 24:
            return f"{months}-month-old"
        return f"{self.age_years:g}-year-old"


def _article(word: str) -> str:
    sounds_like_vowel = word.startswith(("8", "11-", "18-", "11 ")) or word[:1] in "aeiou"
    return "An" if sounds_like_vowel else "A"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _opening(p: Person, s: Scenario, parts: ScoradParts, rng: random.Random) -> str:
    site = SITE_WORDS[s.site].format(pos=p.her)
    if parts.widespread:
        site = f"much of {p.her} body, worst on {site}"
    who = f"{_article(p.age)} {p.age} {p.noun}"
    if p.young:
        templates = [
            f"{who} is brought in by {p.her} parents with atopic dermatitis on {site}.",
            f"{who} with atopic dermatitis on {site} is seen with {p.her} parents.",
            f"{who} has atopic dermatitis affecting {site}.",
        ]
    else:
        templates = [
            f"{who} has atopic dermatitis on {site}.",
            f"{who} is seen with atopic dermatitis affecting {site}.",
            f"{who} attends with atopic dermatitis on {site}.",
        ]
    return rng.choice(templates)


def _severity(p: Person, s: Scenario, band: str, clear: bool, parts: ScoradParts, rng: random.Random) -> str:
    detail = (
        f"extent {parts.extent}% of the body surface, intensity {parts.intensity} of 18, itch and sleep "
        f"loss {parts.symptoms} of 20"
    )
    if clear:
        return rng.choice(
            [
                f"The SCORAD today is {s.scorad:g} ({detail}), in the clear range.",
                f"On examination the skin is in the clear range (SCORAD {s.scorad:g}: {detail}).",
            ]
        )
    return rng.choice(
        [
            f"The SCORAD today is {s.scorad:g} ({detail}): {band} disease.",
            f"On examination the SCORAD is {s.scorad:g} ({detail}), in the {band} band.",
            f"{_cap(p.her)} SCORAD is {s.scorad:g} ({detail}), which the tool's bands call {band}.",
        ]
    )


def _steroid_phrase(s: Scenario, content: Content) -> str:
    """The steroid with its class on both scales: the product when named, else the documents' word."""
    steroid = steroid_in_use(s, content)
    if steroid.product is not None:
        product = steroid.product
        us = f"US class {product.us_class}" if product.us_class[:1].isdigit() else product.us_class
        return f"{product.name} ({UK_WORDS[product.uk]} on the UK scale; {us})"
    word = content.potency_words[s.tcs_potency]
    return (
        f"a {word.label} topical steroid, no product named ({word.label.split('-')[0]} in the documents' US "
        f"words; {UK_WORDS[word.uk]} on the UK scale)"
    )


def _steroid(p: Person, s: Scenario, content: Content, rng: random.Random) -> str:
    who = f"{_cap(p.her)} parents have" if p.young else f"{_cap(p.she)} has"
    if s.tcs_potency == "none" and s.tcs_product is None:
        return rng.choice(
            [
                f"{who} been using only emollients, with no topical steroid.",
                "No topical steroid has been used so far, only emollients.",
            ]
        )
    return (
        f"{who} been applying {_steroid_phrase(s, content)} {FREQUENCY[s.applications_per_day]} for "
        f"{weeks_text(s.weeks_on_treatment)}."
    )


def _adherence(p: Person, s: Scenario, rng: random.Random) -> str:
    if s.adherence_confirmed:
        if p.young:
            return rng.choice(
                [
                    "The amount used and the parents' routine have been checked: they miss no applications.",
                    "At review the parents showed that they use enough cream and miss no applications.",
                ]
            )
        return rng.choice(
            [
                f"Adherence has been checked: {p.she} uses enough cream and misses no applications.",
                f"At review {p.she} showed that {p.she} uses enough cream and misses no applications.",
            ]
        )
    return rng.choice(
        [
            "Nobody has yet checked how much cream is used or how often applications are missed.",
            "How much cream is actually used, and how often, has not been checked.",
        ]
    )


def _tried(p: Person, s: Scenario, rng: random.Random) -> str | None:
    if not s.tried:
        return None
    items = [TRIED_WORDS[t] for t in s.tried]
    verb = "was" if len(items) == 1 else "were"
    if s.controlled:
        return f"Earlier in this flare {_join(items)} {verb} also used."
    return rng.choice(
        [
            f"{_cap(_join(items))} {verb} already tried without success.",
            f"Earlier, {_join(items)} {verb} tried without success.",
        ]
    )


def _signs(p: Person, s: Scenario, rng: random.Random) -> list[str]:
    out = []
    if "eczema_herpeticum" in s.signs:
        out.append(
            rng.choice(
                [
                    "Over the last few days clusters of small blisters and punched-out erosions have appeared in the "
                    "eczema.",
                    f"{_cap(p.she)} now has painful clusters of small blisters and several shallow, "
                    "punched-out erosions.",
                ]
            )
        )
    if "bacterial_infection" in s.signs:
        out.append(
            rng.choice(
                [
                    "The patches have become weeping, with honey-coloured crusts.",
                    "There is new crusting and weeping, with a few pustules.",
                ]
            )
        )
    if "infection_not_settling" in s.signs:
        out.append("An antibiotic course for the infected eczema has not settled it.")
    if "recurrent_infections" in s.signs:
        out.append(f"{_cap(p.she)} has had several skin infections over the past year.")
    if "erythroderma" in s.signs:
        out.append(f"{_cap(p.her)} skin is now red and inflamed over almost all of {p.her} body.")
    if "contact_dermatitis_suspected" in s.signs:
        worse = ["Previously stable dermatitis has deteriorated over the last few weeks."]
        if p.age_years >= 2:
            worse.append("The dermatitis had been stable for a long time but has recently got worse.")
        out.append(rng.choice(worse))
    if "atypical_presentation" in s.signs:
        if p.age_years >= 18 and rng.random() < 0.6:
            out.append("The eczema first appeared only in adult life.")
        else:
            out.append("The distribution of the rash is unusual for atopic dermatitis.")
    return out


def _quality_of_life(p: Person, s: Scenario, rng: random.Random) -> str:
    if p.age_years < 1:
        if s.qol_impact:
            return f"The itch is waking {p.her_obj} every night and the whole family is exhausted."
        return f"{_cap(p.she)} is feeding and sleeping well."
    if p.age_years < 5:
        if s.qol_impact:
            return f"The itch wakes {p.her_obj} most nights and is wearing the whole family out."
        return f"{_cap(p.she)} is sleeping and playing well."
    if p.age_years < 18:
        if s.qol_impact:
            return rng.choice(
                [
                    f"The itch keeps {p.her_obj} awake and {p.she} is missing school.",
                    f"The eczema is affecting {p.her} sleep, schoolwork and friendships.",
                ]
            )
        return "School, sleep and play are largely unaffected."
    if s.qol_impact:
        return rng.choice(
            [
                f"The eczema is affecting {p.her} work, sleep and relationships.",
                f"{_cap(p.she)} says the itch is disrupting {p.her} work and home life.",
            ]
        )
    return rng.choice(
        [
            f"It has little effect on {p.her} work or relationships.",
            f"{_cap(p.she)} says it does not much affect {p.her} work or daily life.",
        ]
    )


def _access(p: Person, s: Scenario, rng: random.Random) -> str | None:
    if "phototherapy" in s.tried or s.controlled:
        return None
    if not s.phototherapy_access:
        return rng.choice(
            [
                "The family lives too far from a phototherapy unit to attend 2-3 times a week."
                if p.young
                else f"{_cap(p.she)} lives too far from a phototherapy unit to attend 2-3 times a week.",
                "There is no phototherapy unit within practical reach.",
            ]
        )
    if p.age_years >= 18 or (p.age_years >= 12 and rng.random() < 0.3):
        return "A phototherapy unit is within easy reach."
    return None


def _health(p: Person, s: Scenario, rng: random.Random) -> str | None:
    if s.immunocompromised:
        return rng.choice([f"{_cap(p.she)} is immunocompromised.", f"Of note, {p.she} is immunocompromised."])
    return f"{_cap(p.she)} is otherwise well." if rng.random() < 0.4 else None


def write_stem(s: Scenario, band: str, clear: bool, parts: ScoradParts, content: Content, rng: random.Random) -> str:
    """The vignette. ``band`` is the engine's severity band; ``clear`` says SCORAD is in the clear range;
    ``parts`` are the SCORAD's parts."""
    p = Person(s.age_years, female=rng.random() < 0.5)
    lines: list[str | None] = [_opening(p, s, parts, rng)]
    severity = _severity(p, s, band, clear, parts, rng)
    early = rng.random() < 0.4
    if early:
        lines.append(severity)
    lines.append(_steroid(p, s, content, rng))
    if s.tcs_potency != "none" or s.tcs_product is not None:
        lines.append(_adherence(p, s, rng))
    if s.controlled:
        lines.append(
            rng.choice(["The eczema is now well controlled.", "With this the eczema has come under good control."])
        )
    lines.append(_tried(p, s, rng))
    lines += _signs(p, s, rng)
    if not early:
        lines.append(severity)
    if not (s.controlled or clear):  # the impact of active disease
        lines.append(_quality_of_life(p, s, rng))
    lines += [_access(p, s, rng), _health(p, s, rng)]
    if s.weight_kg is not None:
        lines.append(f"{_cap(p.she)} weighs {s.weight_kg:g} kg.")
    return " ".join(line for line in lines if line)
