"""Readable names for the question bank's topics and the engine's stages (labels only, no clinical claim)."""

from __future__ import annotations

from pathway.learn.bank import TOPICS

__all__ = ["STAGE_LABELS", "TOPIC_LABELS", "stage_label", "topic_label"]

TOPIC_LABELS = {
    "red_flags": "Red flags and infection",
    "adequacy": "Steroid trial adequacy",
    "wet_wraps": "Wet wraps",
    "calcineurin_inhibitors": "Calcineurin inhibitors",
    "newer_topicals": "Newer non-steroidal creams",
    "complicating_factors": "Complicating factors",
    "phototherapy": "Phototherapy",
    "systemic": "Systemic treatment",
    "maintenance": "Proactive maintenance",
    "referral": "Referral",
    "doses_and_age_limits": "Doses and age limits",
    "monitoring": "Monitoring",
    "timelines": "Timelines",
    "pitfalls": "Pitfalls",
    "source_differences": "Where the sources differ",
    "severity_scores": "Severity scores",
}
assert set(TOPIC_LABELS) == set(TOPICS), "every topic needs a label"

STAGE_LABELS = {
    "eczema_herpeticum": "Eczema herpeticum",
    "treat_infection": "Bacterial infection",
    "verify_adequacy": "Check the steroid trial",
    "complicating_factors": "Complicating factors",
    "wet_wrap": "Wet wraps",
    "topical_calcineurin_inhibitor": "Calcineurin inhibitor",
    "newer_topicals": "Newer non-steroidal creams",
    "phototherapy": "Phototherapy",
    "systemic": "Systemic treatment",
    "specialist_referral": "Specialist referral",
    "maintenance": "Proactive maintenance",
}


def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())
