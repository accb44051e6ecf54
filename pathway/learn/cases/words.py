"""The words of the generated cases' choices: one short action per stage for the student to pick,
the same steps as nouns for the reasons, and the small phrases (frequency, duration, "was"/"were")
that the reasons and vignettes are built from."""

from __future__ import annotations

# What a student reads: one short action per stage (unique, of similar length, no doses).
CHOICE_TEXT = {
    "eczema_herpeticum": "Start aciclovir at once, by mouth or into a vein",
    "treat_infection": "Give an oral anti-staphylococcal antibiotic alongside the steroid",
    "verify_adequacy": "Check the steroid trial: potency, twice daily, 2 weeks, adherence",
    "complicating_factors": "Look for complicating factors: contact allergy, diagnosis, triggers",
    "wet_wrap": "Add wet-wrap therapy over the topical steroid",
    "topical_calcineurin_inhibitor": "Add a topical calcineurin inhibitor twice daily",
    "newer_topicals": "Try one of the newer non-steroidal creams",
    "phototherapy": "Start a course of narrowband UVB phototherapy",
    "systemic": "Move on to systemic treatment",
    "specialist_referral": "Refer to a dermatologist rather than escalate here",
    "maintenance": "Switch to proactive maintenance to prevent flares",
}
# The same steps as a noun phrase, for reasons ("Wet wraps were already tried ...").
NOUN = {
    "wet_wrap": ("Wet wraps", True),
    "topical_calcineurin_inhibitor": ("A topical calcineurin inhibitor", False),
    "newer_topicals": ("The newer non-steroidal creams", True),
    "phototherapy": ("Phototherapy", False),
    "systemic": ("Systemic treatment", False),
}
PLURAL = ("wet_wrap", "newer_topicals")
SHORT = {
    "wet_wrap": "wet wraps",
    "topical_calcineurin_inhibitor": "a topical calcineurin inhibitor",
    "newer_topicals": "the newer non-steroidal creams",
    "phototherapy": "phototherapy",
    "systemic": "systemic treatment",
    "specialist_referral": "a specialist referral",
    "eczema_herpeticum": "aciclovir for eczema herpeticum",
    "treat_infection": "treating the bacterial infection",
    "verify_adequacy": "checking the steroid trial",
    "complicating_factors": "looking for complicating factors",
    "maintenance": "proactive maintenance",
}
ESCALATION = ("wet_wrap", "topical_calcineurin_inhibitor", "newer_topicals", "phototherapy", "systemic")
RED_FLAGS = ("eczema_herpeticum", "treat_infection")
COMPLICATING_SIGNS = ("contact_dermatitis_suspected", "atypical_presentation")
FREQUENCY = {0: "not at all", 1: "once a day", 2: "twice a day", 3: "three times a day", 4: "four times a day"}


def were(stage: str) -> str:
    noun, plural = NOUN[stage]
    return f"{noun} {'were' if plural else 'was'}"


def are(stage: str) -> str:
    noun, plural = NOUN[stage]
    return f"{noun} {'are' if plural else 'is'}"


def comes(stage: str) -> str:
    return f"{SHORT[stage]} {'come' if stage in PLURAL else 'comes'}"


def doc_label(document: str) -> str:
    return "document " + document.removeprefix("doc_")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]
