"""Links for presenter mode: the app's address, the join link, the running order kept in the URL.

Pure functions (no Streamlit): a lecture is prepared as a list of links such as
``<app>/Presenter?order=overview,wet_wrap,question_q_wet_wrap_onset&slide=wet_wrap``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

from pathway.present.slides import Slide

PRESENTER_PATH = "Presenter"
JOIN_PATH = "Join_poll"
PROJECTOR_PATH = "Projector"
FALLBACK_BASE = "http://localhost:8501"


def app_base_url(page_url: str | None, headers: Mapping[str, str] | None = None) -> str:
    """The app's address without any page: from the browser's URL of this page, else the Host header."""
    if page_url:
        base = page_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        for page in (PRESENTER_PATH, JOIN_PATH, PROJECTOR_PATH):
            if base.endswith("/" + page):
                return base[: -len(page) - 1]
        return base
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    host = headers.get("x-forwarded-host") or headers.get("host")
    if host:
        scheme = headers.get("x-forwarded-proto", "http").split(",")[0].strip() or "http"
        return f"{scheme}://{host.split(',')[0].strip()}"
    return FALLBACK_BASE


def join_url(base: str, code: str) -> str:
    """The link a phone follows (or scans) to answer: ``<app>/Join_poll?code=ABC123``."""
    return f"{base}/{JOIN_PATH}?code={quote(code)}"


def parse_order(text: str | None, slide_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """The running order named by ``?order=`` (ids in the lecture, each once, as given) and the
    names it held that are not slides of this lecture. No usable id means the whole lecture."""
    if not text or not text.strip():
        return list(slide_ids), []
    known = set(slide_ids)
    order, unknown = [], []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        if name in known:
            if name not in order:
                order.append(name)
        elif name not in unknown:
            unknown.append(name)
    return (order or list(slide_ids)), unknown


def order_param(order: Sequence[str], slide_ids: Sequence[str]) -> str | None:
    """What ``?order=`` holds: None when the order is the whole lecture as built."""
    return None if list(order) == list(slide_ids) else ",".join(order)


def presenter_link(base: str, order: str | None, slide_id: str) -> str:
    query = ([f"order={quote(order, safe=',_')}"] if order else []) + [f"slide={quote(slide_id, safe='_')}"]
    return f"{base}/{PRESENTER_PATH}?" + "&".join(query)


def lecture_links(base: str, slides: Sequence[Slide], order: str | None, title: str) -> str:
    """The running order as a text file: one line per slide with its number, title and link."""
    lines = [f"{title}: running order of {len(slides)} slides", ""]
    for number, slide in enumerate(slides, start=1):
        lines.append(f"{number}. {slide.title}")
        lines.append(f"   {presenter_link(base, order, slide.id)}")
    return "\n".join(lines) + "\n"
