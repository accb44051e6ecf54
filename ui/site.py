"""The app's one page list: every page's file, menu title, icon, address and the query parameters it
reads for itself (beside the shared scenario's). ``app.py`` builds ``st.navigation`` from it; the tests,
the screenshots and the accessibility checks read it too, so a page added here is tested everywhere.

Plain data: importing this module does not import Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository: page files are relative to it


@dataclass(frozen=True)
class PageInfo:
    file: str  # relative to the repository root
    title: str
    icon: str  # an emoji: Streamlit may show the page's icon as the favicon for a moment, and a Material
    # icon there is fetched from Google (fonts.gstatic.com); an emoji is drawn in the browser
    url_path: str  # "" for the home page; kept as Streamlit's folder layout named them, so old links work
    params: frozenset[str] = frozenset()  # the page's own query parameters (not scenario settings)

    @property
    def url(self) -> str:
        return "/" + self.url_path

    @property
    def default(self) -> bool:
        return self.url_path == ""


PAGES: tuple[PageInfo, ...] = (
    PageInfo("pages/home.py", "Home", "🏠", ""),
    PageInfo("pages/1_Walkthrough.py", "Walkthrough", "🪜", "Walkthrough", frozenset({"step"})),
    PageInfo(
        "pages/2_Scenario_explorer.py",
        "Scenario explorer",
        "🔬",
        "Scenario_explorer",
        frozenset({"case"}),
    ),
    PageInfo("pages/3_Timelines.py", "Timelines", "📈", "Timelines"),
    PageInfo("pages/4_Evidence.py", "Evidence", "📊", "Evidence"),
    PageInfo("pages/5_Drug_reference.py", "Drug reference", "💊", "Drug_reference"),
    PageInfo("pages/6_Severity_scores.py", "Severity scores", "🧮", "Severity_scores"),
    PageInfo("pages/7_Sources_and_fact_check.py", "Sources and fact-check", "📚", "Sources_and_fact_check"),
    PageInfo(
        "pages/8_Practice.py", "Practice questions", "❓", "Practice", frozenset({"key", "item", "seed", "topic"})
    ),
    PageInfo(
        "pages/15_Follow_a_patient.py",
        "Follow a patient",
        "🩺",
        "Follow_a_patient",
        frozenset({"patient", "path", "mode", "key"}),
    ),
    PageInfo("pages/9_Exam.py", "Exam", "⏱️", "Exam", frozenset({"key"})),
    PageInfo("pages/10_Progress.py", "My progress", "📉", "Progress", frozenset({"key"})),
    PageInfo(
        "pages/11_Presenter.py",
        "Presenter mode",
        "🎤",
        "Presenter",
        frozenset({"slide", "order", "code", "room", "key"}),
    ),
    PageInfo("pages/13_Projector.py", "Projector", "📽️", "Projector", frozenset({"room"})),
    PageInfo(
        "pages/12_Join_poll.py",
        "Join a class poll",
        "🗳️",
        "Join_poll",
        frozenset({"code", "voter"}),
    ),
    PageInfo("pages/14_Item_statistics.py", "Item statistics", "📋", "Item_statistics"),
)
EVERY_PAGE_PARAM = frozenset().union(*(p.params for p in PAGES))


def page_for(file_or_url_path: str) -> PageInfo | None:
    """The page with this file (``pages/8_Practice.py``) or address (``Practice``, ``/Practice``)."""
    wanted = file_or_url_path.lstrip("/")
    return next((p for p in PAGES if wanted in (p.file, p.url_path)), None)
