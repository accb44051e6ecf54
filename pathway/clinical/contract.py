"""What the engine needs of the content: the ids it names, checked by ``pathway validate``.

Both the loader (to report a missing id as a content problem) and the engine import this module,
so neither imports the other.
"""

from __future__ import annotations

ADEQUATE_WEEKS = 2
REFERRAL_WEEKS = 4
STEROID_TRIAL_TIMELINE = "tcs_trial"  # replaced by the allowed course where courses are limited
LONG_POTENT_WEEKS = 4  # beyond the 2-4 weeks document 000 gives a potent steroid to work
SYSTEMIC_IMMUNOMODULATORS = ("cyclosporine", "azathioprine", "methotrexate", "mycophenolate")
ALWAYS_AVOID = ("oral_antihistamines", "systemic_corticosteroid_maintenance", "topical_antimicrobials")
TCI_IDS = ("tacrolimus_0.1", "tacrolimus_0.03", "pimecrolimus_1")
PHOTOTHERAPY_IDS = ("nb_uvb", "bb_uvb", "uva")

# Rule and therapy ids the engine relies on; `pathway validate` checks they exist in the content.
REQUIRED_RULES = (
    "band",
    "herpeticum_first",
    "herpeticum_with_infection",
    "infection_before_escalation",
    "infection_continue_tcs",
    "infection_nice",
    "controlled_maintenance",
    "maintenance_phototherapy",
    "adequacy_frequency",
    "adequacy_duration",
    "adequacy_adherence",
    "adequacy_confirmed",
    "contact_dermatitis",
    "atypical_presentation",
    "no_complicating_factors",
    "already_tried",
    "phototherapy_no_access",
    "topicals_exhausted_review",
    "limit_excluded",
    "severity_excluded",
    "weight_based_dose",
    "alternative_other_document",
    "skin_clear",
    "potency_capped",
    "potency_too_strong",
    "potency_brief_only",
    "potency_outside_sources",
    "fallback_other_document",
    "specialist_only_next",
    "dose_capped",
    "child_dose_by_specialist",
    "avoid_conflict",
    "adequacy_duration_course",
    "course_too_long",
    "long_potent_use",
    "controlled_but_active",
    "assumed_defaults",
    "specialist_rung_skipped",
    "potency_word_assumed",
    "frequency_above_twice",
    "very_potent_face",
    "erythroderma_first",
    "next_if_no_response",
    "adequacy_potency_limit",
    "next_for_this_patient",
    "past_the_trial",
    "infection_not_settling",
    "infection_continue_tcs_stepped",
    "erythroderma_check",
    "potency_word_conflict",
    "adequacy_potency_adolescent",
    "systemic_not_for_genitals",
    "scorad_beyond_site",
    "infection_continue_tcs_course_done",
    "course_given_step_down",
    "too_strong_counts_toward_course",
)
REQUIRED_THERAPIES = (
    "emollients",
    "tcs_mild",
    "tcs_moderate",
    "tcs_medium",
    "tcs_high",
    "wet_wrap",
    *TCI_IDS,
    "ruxolitinib_cream",
    "crisaborole",
    *PHOTOTHERAPY_IDS,
    "dupilumab",
    *SYSTEMIC_IMMUNOMODULATORS,
    "patch_testing",
    "proactive_tcs",
    "proactive_tacrolimus",
)
REQUIRED_RED_FLAGS = ("eczema_herpeticum", "erythroderma", "infection_not_settling", "bacterial_infection")
REQUIRED_REFERRAL = (
    "severe_infection",
    "no_improvement_4_weeks",
    "needs_phototherapy_or_systemic",
    "patch_testing",
    "doubtful_diagnosis",
    "recurrent_infections",
    "specialist_only_treatment",
    "infant_failed_trial",
    "potency_beyond_limit",
    "ladder_exhausted",
    "outside_sources",
    "erythroderma",
    "severe_not_settling_child",
    "infection_not_settling_child",
    "infection_not_settling",
    "erythroderma_possible",
)
REQUIRED_AVOID = (
    *ALWAYS_AVOID,
    "tci_during_phototherapy",
    "long_term_high_potency_tcs",
    "wet_wrap_beyond_14_days",
    "continuous_tci",
)
REQUIRED_TIMELINES = (STEROID_TRIAL_TIMELINE,)
