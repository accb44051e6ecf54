"""A copy button that works on touch screens (the code block's own copy icon only shows on hover).

The button lives in a component iframe (which may write to the clipboard); it copies with the
Clipboard API and falls back to a selected text area for pages served over plain http.
"""

from __future__ import annotations

import json

import streamlit as st

_TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body{margin:0;font-family:"Source Sans Pro",sans-serif}
button{min-height:44px;min-width:44px;padding:0 16px;border:1px solid #0b6e99;border-radius:8px;
background:#fff;color:#0b5a7d;font-size:16px;cursor:pointer}
button:focus-visible{outline:3px solid #0b6e99;outline-offset:2px}
span{margin-left:10px;font-size:15px;color:#1b2a33}
</style></head><body><button id="copy" type="button">Copy link</button><span id="status" role="status"></span>
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


def copy_button(text: str) -> None:
    """A 44 px "Copy link" button that puts ``text`` on the clipboard."""
    literal = json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    st.iframe(_TEMPLATE.replace("__TEXT__", literal), height=52, alt="Copy the share link")
