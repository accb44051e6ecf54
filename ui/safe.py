"""Text that comes from outside the app (a link, a nickname, any input) is data, never markup.

One helper, :func:`plain`, turns such text into inert Markdown: every character Markdown, Streamlit
(emoji shortcodes, colour directives, LaTeX) or HTML could act on is escaped, control characters
are made visible, and long text is cut. Notices about a link use it for the link's own text.
"""

from __future__ import annotations

import re

import streamlit as st

from pathway.clinical.urlstate import LinkNotice, shorten

# ASCII punctuation CommonMark lets a backslash escape, which covers links, images, emphasis, code,
# headings, lists, tables, HTML (<, >, &), Streamlit's :emoji: / :red[...] (":") and LaTeX ("$").
_MARKDOWN_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# GitHub-flavoured Markdown turns bare "https://...", "www." and "name@host" into links even when their
# punctuation is escaped; a zero-width space inside each pattern keeps them plain text.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=w)(?=ww\.)|(?=@)")
_ZWSP = "\u200b"


def plain(text: object, limit: int | None = 40) -> str:
    """``text`` as inert Markdown: shown exactly as typed (cut to ``limit`` characters), never acted on."""
    value = str(text)
    if limit is not None:
        value = shorten(value, limit)
    value = _CONTROL.sub("\N{REPLACEMENT CHARACTER}", value)
    value = _AUTOLINK.sub(_ZWSP, value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


_ESCAPED = re.compile(r"""\\([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def markdown_to_text(markdown: str) -> str:
    """An app message built with :func:`plain` pieces, back as the text it shows (for a view that sets
    text, not Markdown): escapes and the zero-width spaces undone."""
    return _ESCAPED.sub(r"\1", markdown).replace(_ZWSP, "")


def quoted(text: object, limit: int | None = 40) -> str:
    return f"“{plain(text, limit)}”"


def notice_text(notice: LinkNotice) -> str:
    """The notice's own words with the link's text put in, escaped."""
    return notice.message.format(name=quoted(notice.name), value=quoted(notice.value or ""))


def show_link_notices(notices: list[LinkNotice]) -> None:
    for notice in notices:
        st.warning(notice_text(notice), icon=":material/link_off:")
