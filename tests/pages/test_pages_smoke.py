"""Every page renders without an exception, shows the education notice and has no error box."""

import pytest
from app_helpers import PAGES, all_text, open_direct, open_page

from tools.browser import url_path


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_notice(page):
    at = open_page(page)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert "For education only" in all_text(at)
    assert "content v" in all_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_survives_bad_link_parameters(page):
    at = open_direct(page, scorad="500", site="elbow", bogus="1")
    assert not at.exception, [e.message for e in at.exception]
    notices = [w.value for w in at.warning]
    assert any("“scorad” is “500”, but it must be a number from 0 to 103" in n for n in notices), notices
    assert any("“site” is “elbow”, but it must be one of face, neck" in n for n in notices), notices
    assert any("“bogus” is not a setting of this tool" in n for n in notices), notices


def test_broken_content_shows_problems_not_a_traceback(tmp_path, monkeypatch):
    import shutil

    from app_helpers import ROOT

    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "content" / "steps.yaml").write_text("steps: [\n", encoding="utf-8")
    monkeypatch.setenv("ECZEMA_LADDER_CONTENT", str(tmp_path / "content"))
    at = open_direct("app.py")
    assert not at.exception
    assert any("did not load" in e.value for e in at.error)
    assert any("steps.yaml: line" in c.value for c in at.code)


def test_the_page_list_holds_every_page_file_once_with_a_readable_name_and_its_old_address():
    from app_helpers import ROOT

    from ui.site import PAGES as SITE

    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    assert sorted(page.file for page in SITE) == files
    assert next(page.title for page in SITE) == "Home" and all(page.title[:1].isupper() for page in SITE)
    urls = [url_path(page.file) for page in SITE]
    assert urls[0] == "/" and len(set(urls)) == len(urls)
    # the addresses of Streamlit's folder layout, so every link made before the page list still opens
    assert urls[1:] == [
        "/Walkthrough",
        "/Scenario_explorer",
        "/Timelines",
        "/Evidence",
        "/Drug_reference",
        "/Severity_scores",
        "/Sources_and_fact_check",
        "/Practice",
        "/Follow_a_patient",
        "/Exam",
        "/Progress",
        "/Presenter",
        "/Projector",
        "/Join_poll",
        "/Item_statistics",
    ]


def test_home_sends_each_audience_to_its_own_pages():
    at = open_page("app.py")
    main_links = {link.proto.label: link.proto.page for link in at.main.get("page_link")}
    assert main_links["Open the scenario explorer"] == "Scenario_explorer"
    assert main_links["Practise questions"] == "Practice"
    assert main_links["Sit a timed exam"] == "Exam"
    assert main_links["Open presenter mode"] == "Presenter"
    assert main_links["Join a class poll"] == "Join_poll"


def test_no_page_icon_is_fetched_from_outside_the_app():
    """Streamlit may show a page's menu icon as the tab's favicon for a moment; a Material icon there is
    fetched from fonts.gstatic.com (a request to Google from every student's phone, and a failure
    offline), so the menu's icons are emoji, drawn in the browser."""
    from ui.site import PAGES as SITE

    assert [page.title for page in SITE if page.icon.startswith(":")] == []
    assert all(page.icon.strip() for page in SITE)
