"""Links the app offers to share, copy or bookmark, and a copy button that works on touch screens (the code
block's own copy icon only shows on hover).

A learner's private key never goes into a link offered to share ("this question", "this scenario"):
:func:`share_link` and :func:`public_link` leave it out, and :func:`copy_button` strips it from anything
it copies unless the link is the learner's own private link (:func:`private_link`), which the pages
offer apart from every other and label as private.

The copy button lives in a component iframe (which may write to the clipboard); it copies with the
Clipboard API and falls back to a selected text area for pages served over plain http.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import unquote_plus, urlencode, urlsplit, urlunsplit

import streamlit as st

PRIVATE_PARAMS = frozenset({"key"})  # the learner's private resume key (ui/learner.py)
PAGE = "_page"  # the page on screen, as ui/state.py keeps it


def page_address() -> str:
    """This page's address without its query: the browser's, else the page's path (``/Practice``)."""
    try:
        url = st.context.url or ""
    except Exception:  # no browser session (tests, bare mode)
        url = ""
    if url:
        return url.split("?")[0].split("#")[0]
    return "/" + str(st.session_state.get(PAGE, ""))


def public_link(url: str) -> str:
    """``url`` with every private parameter (the learner's key) taken out; the rest kept as written."""
    parts = urlsplit(url)
    pairs = [p for p in parts.query.split("&") if p]
    kept = [p for p in pairs if unquote_plus(p.split("=", 1)[0]) not in PRIVATE_PARAMS]
    return url if kept == pairs else urlunsplit(parts._replace(query="&".join(kept)))


def share_link(params: Mapping[str, str]) -> str:
    """A link to this page with ``params`` (never the private key), to share or bookmark as "this"."""
    return public_link(f"{page_address()}?{urlencode(dict(params))}")


def private_link(key: str) -> str:
    """The learner's own link back to this page: it holds their private key, so it is offered only on its
    own, labelled private."""
    return f"{page_address()}?{urlencode({'key': key})}"


_TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body{margin:0;font-family:"Source Sans Pro",sans-serif}
button{min-height:44px;min-width:44px;padding:0 16px;border:1px solid #0b6e99;border-radius:8px;
background:#fff;color:#0b5a7d;font-size:16px;cursor:pointer}
button:focus-visible{outline:3px solid #0b6e99;outline-offset:2px}
span{margin-left:10px;font-size:15px;color:#1b2a33}
</style></head><body><button id="copy" type="button">__LABEL__</button><span id="status" role="status"></span>
<script>
const text = __TEXT__;
const status = document.getElementById("status");
function done(ok) { status.textContent = ok ? "Copied" : "Select the link above and copy it"; }
document.getElementById("copy").addEventListener("click", async () => {
  try { await navigator.clipboard.writeText(text); done(true); return; } catch (e) {}
  const area = document.createElement("textarea");
  area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
  document.body.appendChild(area); area.select();
  let ok = false; try { ok = document.execCommand("copy"); } catch (e) {}
  area.remove(); done(ok);
});
</script></body></html>"""


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def copy_button(text: str, *, label: str = "Copy link", private: bool = False) -> None:
    """A 44 px button that puts ``text`` on the clipboard: a shared link without the private key, unless
    ``private`` (the learner's own private link, offered on its own)."""
    text = text if private else public_link(text)
    literal = json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = _TEMPLATE.replace("__TEXT__", literal).replace("__LABEL__", _html(label))
    st.iframe(page, height=52, alt="Copy your private link" if private else "Copy the share link")
