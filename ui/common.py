"""Set-up every page calls first: page config, content (loaded once per process), notice, sidebar."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from streamlit.errors import StreamlitAPIException

from pathway.clinical.content import Content, ContentError, load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import Recommendation, Scenario
from ui import nodelay, state, style
from ui.safe import show_link_notices

nodelay.enable()  # replies leave at once instead of waiting ~40 ms for a delayed ACK (see ui/nodelay.py)

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


@st.cache_data(show_spinner=False, max_entries=512)
def _recommend(scenario_json: str, _content: Content, version: str) -> Recommendation:
    return recommend(Scenario.model_validate_json(scenario_json), _content)


def recommendation_for(scenario: Scenario, content: Content) -> Recommendation:
    """Recommendation for a scenario, memoised per scenario (reruns that change nothing are free)."""
    return _recommend(scenario.model_dump_json(), content, content.meta.version)


def page_setup(title: str, icon: str) -> Content:
    """Call first on every page: config, content, the shared scenario from the URL, the notice."""
    # the favicon is a local file: a Material icon here would make the browser fetch it from Google
    st.set_page_config(page_title=f"{title} · Eczema Ladder", page_icon=str(ICON), layout="wide")
    style.inject()
    content = get_content()
    state.init_scenario()
    state.entered_page(title)
    navigation()
    notice(content)
    show_link_notices(state.take_url_notices())
    return content


# (file, label, icon) in menu order; tests check this lists every file in pages/.
NAV = (
    ("app.py", "Home", ":material/home:"),
    ("pages/1_Walkthrough.py", "Walkthrough", ":material/stairs:"),
    ("pages/2_Scenario_explorer.py", "Scenario explorer", ":material/science:"),
    ("pages/3_Timelines.py", "Timelines", ":material/timeline:"),
    ("pages/4_Evidence.py", "Evidence", ":material/bar_chart:"),
    ("pages/5_Drug_reference.py", "Drug reference", ":material/medication:"),
    ("pages/6_Severity_scores.py", "Severity scores", ":material/calculate:"),
    ("pages/7_Sources_and_fact_check.py", "Sources and fact-check", ":material/menu_book:"),
    ("pages/8_Practice.py", "Practice questions", ":material/quiz:"),
    ("pages/9_Exam.py", "Exam", ":material/timer:"),
    ("pages/10_Progress.py", "My progress", ":material/monitoring:"),
    ("pages/11_Presenter.py", "Presenter mode", ":material/co_present:"),
    ("pages/12_Join_poll.py", "Join a class poll", ":material/how_to_vote:"),
)


REPO_ROOT = Path(__file__).resolve().parent.parent


@st.cache_resource(show_spinner=False)
def _menu_pages() -> tuple:
    """The menu's pages as ``st.Page`` objects, made once per process. A link to a page object is
    a lookup; a link to a file path resolves that path on disk on every run (13 links cost about
    5 ms of each page's first run, a third of what opening the join page costs the server)."""
    return tuple(st.Page(REPO_ROOT / path, title=label, icon=icon, default=path == "app.py")
                 for path, label, icon in NAV)


def navigation() -> None:
    """The page menu at the top of the sidebar."""
    with st.sidebar:
        for page in _menu_pages():
            try:
                st.page_link(page)
            except StreamlitAPIException:
                # a page run on its own as the entry script (AppTest) has no app to link into
                return
        st.divider()


def notice(content: Content) -> None:
    meta = content.meta
    st.caption(
        f":material/school: **For education only, not for clinical decisions.** {meta.title} · content "
        f"v{meta.version} ({meta.date}) · built from two guideline summaries; see Sources and fact-check."
    )
    with st.sidebar:
        st.caption(f"For education only · content v{meta.version} ({meta.date})")


STAGE_ICONS = {
    "eczema_herpeticum": ":material/emergency:", "treat_infection": ":material/coronavirus:",
    "verify_adequacy": ":material/fact_check:", "complicating_factors": ":material/search:",
    "wet_wrap": ":material/water_drop:", "topical_calcineurin_inhibitor": ":material/sanitizer:",
    "newer_topicals": ":material/new_releases:", "phototherapy": ":material/wb_sunny:",
    "systemic": ":material/medication:", "specialist_referral": ":material/forward_to_inbox:",
    "maintenance": ":material/shield:",
}


CLASS_LABELS = {"topical_jak_inhibitor": "topical JAK inhibitor", "topical_pde4_inhibitor": "topical PDE4 inhibitor"}


def class_label(therapy_class: str) -> str:
    return CLASS_LABELS.get(therapy_class, therapy_class.replace("_", " "))
