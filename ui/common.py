"""What the pages share: the content (loaded once per process), a recommendation memoised per scenario,
the education notice, and the stage icons and class labels they show."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from pathway.clinical.content import Content, ContentError, load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import Recommendation, Scenario
from pathway.learn.bank import Question, load_bank, question_json

CONTENT_DIR_ENV = "ECZEMA_LADDER_CONTENT"
ICON = Path(__file__).resolve().parent.parent / "static" / "icon.png"


@st.cache_resource(show_spinner=False)
def _load(directory: str | None) -> Content:
    return load_content(directory)


def get_content() -> Content:
    """The validated content; on bad content, a readable list of problems and a stopped page."""
    try:
        return _load(os.environ.get(CONTENT_DIR_ENV) or None)
    except ContentError as exc:
        st.error("The clinical content did not load, so the app cannot show it. Problems found:")
        st.code("\n".join(exc.problems), language=None)
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_resource(show_spinner=False)
def _load_bank(directory: str | None, version: str) -> tuple[tuple[Question, ...], tuple[dict, ...]]:
    questions = tuple(load_bank(directory, reference_ids=set(_load(directory).references)))
    return questions, tuple(question_json(q) for q in questions)


def _bank(version: str) -> tuple[tuple[Question, ...], tuple[dict, ...]]:
    try:
        return _load_bank(os.environ.get(CONTENT_DIR_ENV) or None, version)
    except ContentError as exc:
        st.error("The question bank did not load, so questions cannot be shown. Problems found:")
        st.code("\n".join(exc.problems), language=None)
        st.stop()
        raise  # unreachable: st.stop() ends the run


def get_bank() -> tuple[Question, ...]:
    """The question bank, from the same content folder as :func:`get_content`, loaded once per process."""
    return _bank(get_content().meta.version)[0]


def get_bank_items() -> tuple[dict, ...]:
    """The bank in its public JSON shape (``question_json``), made once with it."""
    return _bank(get_content().meta.version)[1]


@st.cache_data(show_spinner=False, max_entries=512)
def _recommend(scenario_json: str, _content: Content, version: str) -> Recommendation:
    return recommend(Scenario.model_validate_json(scenario_json), _content)


def recommendation_for(scenario: Scenario, content: Content) -> Recommendation:
    """Recommendation for a scenario, memoised per scenario (reruns that change nothing are free)."""
    return _recommend(scenario.model_dump_json(), content, content.meta.version)


def notice(content: Content) -> None:
    meta = content.meta
    with st.container(key="app_notice"):  # the projector hides it (its title slide says it)
        st.caption(
            f":material/school: **For education only, not for clinical decisions.** {meta.title} · content "
            f"v{meta.version} ({meta.date}) · built from two guideline summaries; see Sources and fact-check."
        )
    with st.sidebar:
        st.caption(f"For education only · content v{meta.version} ({meta.date})")


STAGE_ICONS = {
    "eczema_herpeticum": ":material/emergency:",
    "treat_infection": ":material/coronavirus:",
    "verify_adequacy": ":material/fact_check:",
    "complicating_factors": ":material/search:",
    "wet_wrap": ":material/water_drop:",
    "topical_calcineurin_inhibitor": ":material/sanitizer:",
    "newer_topicals": ":material/new_releases:",
    "phototherapy": ":material/wb_sunny:",
    "systemic": ":material/medication:",
    "specialist_referral": ":material/forward_to_inbox:",
    "maintenance": ":material/shield:",
}


CLASS_LABELS = {"topical_jak_inhibitor": "topical JAK inhibitor", "topical_pde4_inhibitor": "topical PDE4 inhibitor"}


def class_label(therapy_class: str) -> str:
    return CLASS_LABELS.get(therapy_class, therapy_class.replace("_", " "))
