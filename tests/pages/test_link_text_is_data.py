"""Text from a link is data, never markup: every parameter of every page, fed Markdown links, images,
HTML, Streamlit directives, LaTeX and control characters, comes back escaped in plain-words notices."""

from __future__ import annotations

import re

import pytest
from app_helpers import PAGES, open_direct, texts

from pathway.clinical.urlstate import PARAMS
from ui.safe import plain

PAYLOADS = {
    "markdown_link": "[Log in again](https://example.com)",
    "image": "![x](https://example.com/p.png)",
    "html": "<img src=https://example.com/p.png onerror=alert(1)><b>hi</b>",
    "directive": ":red[alarm] :material/home: $x^2$",
    "control": "a\x07b\u202eevil\nline",
}
PAGE_PARAMS = {"pages/1_Walkthrough.py": ["step"], "pages/2_Scenario_explorer.py": ["case"]}
# Active Markdown/HTML that must never appear unescaped: a link or image, an HTML tag, a directive.
ACTIVE = re.compile(r"(?<!\\)\]\((?!\\)|(?<!\\)<[a-zA-Z/]|(?<!\\):red(?<!\\)\[|(?<!\\)\$x")


def _shown(at) -> list[str]:
    return texts(at.warning) + texts(at.error) + texts(at.info)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_every_parameter_of_every_page_shows_link_text_escaped(page, kind):
    payload = PAYLOADS[kind]
    names = list(PARAMS) + PAGE_PARAMS.get(page, [])
    # every known parameter gets the payload as its value; the payload is also a parameter name
    at = open_direct(page, **dict.fromkeys(names, payload), **{payload: "1"})
    assert not at.exception, [e.message for e in at.exception]
    shown = _shown(at)
    for message in shown:
        assert not ACTIVE.search(message), message
        assert not any(ch in message for ch in "\x07\u202e\n" if ch in payload), repr(message)
    notices = [m for m in shown if "link" in m.lower()]
    scenario_names = [n for n in names if n in PARAMS and n not in ("signs", "tried")]
    for name in scenario_names + PAGE_PARAMS.get(page, []):
        assert any(f"“{plain(name)}”" in m for m in notices), (name, notices)
    assert any(plain(payload) in m for m in notices), "the bad name is shown, escaped"


def test_one_plain_notice_per_parameter_and_no_validator_wording():
    at = open_direct("pages/2_Scenario_explorer.py", scorad="abc", age="-4", signs="foo,eczema_herpeticum")
    notices = texts(at.warning)
    link_notices = [n for n in notices if "The link" in n]
    assert len(link_notices) == 3, link_notices
    for notice in link_notices:
        assert "ignored" not in notice and "Input should" not in notice and ".0:" not in notice
    # the valid sign was kept: the herpeticum banner shows
    assert any("RED FLAG" in e for e in texts(at.error))
