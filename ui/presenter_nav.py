"""Moving through the lecture: the running order and the slide from the URL, the buttons and keys.

The slide in view is kept by id in the session (so changing the running order keeps it when it is
still there) and written back to the URL as ``?slide=<id>``, with ``?order=`` when the presenter
picked the slides, so the address bar always holds a link to this very slide.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from pathway.present.slides import Slide, find_slide
from ui.errors import in_callback
from ui.presenter_links import order_param, parse_order
from ui.safe import quoted

SLIDE_ID = "presenter_slide_id"
SHOWN = "presenter_shown"  # bullets shown on the slide in view
ONE_BY_ONE = "presenter_one_by_one"  # toggle: reveal bullets one at a time
ORDER_PICK = "presenter_order_pick"  # the running order multiselect
ALL_AT_ONCE_KINDS = ("question", "title", "poll_qr")


def running_order(all_slides: Sequence[Slide]) -> tuple[list[Slide], str | None, list[str]]:
    """The slides in the order of ``?order=``, that parameter as it should read, and unknown names."""
    ids = [s.id for s in all_slides]
    order, unknown = parse_order(st.query_params.get("order"), ids)
    by_id = {s.id: s for s in all_slides}
    return [by_id[i] for i in order], order_param(order, ids), unknown


def order_notice(unknown: list[str]) -> str:
    names = ", ".join(quoted(name) for name in unknown[:5]) + (" and more" if len(unknown) > 5 else "")
    return f"Not slides of this lecture, so left out of the running order: {names}."


def bullets_for(slide: Slide) -> int:
    """How many bullets a slide starts with: none when they are revealed one by one."""
    if slide.kind in ALL_AT_ONCE_KINDS or not st.session_state.get(ONE_BY_ONE, True):
        return len(slide.bullets)
    return 0


def current(slides: Sequence[Slide]) -> tuple[int, str | None]:
    """The position of the slide in view; the first visit reads ``?slide=`` (a number or a name)."""
    ids = [s.id for s in slides]
    kept = st.session_state.get(SLIDE_ID)
    if kept in ids:
        return ids.index(kept), None
    notice = None
    if kept is None:
        index, notice = find_slide(list(slides), st.query_params.get("slide"))
    else:
        index = 0  # the slide in view left the running order
    go_to(slides[index], shown=None)
    return index, notice


def go_to(slide: Slide, shown: int | None = None) -> None:
    st.session_state[SLIDE_ID] = slide.id
    st.session_state[SHOWN] = bullets_for(slide) if shown is None else shown


@in_callback
def _move(slides: Sequence[Slide], index: int, delta: int) -> None:
    target = max(0, min(len(slides) - 1, index + delta))
    # going back shows the earlier slide whole, as it was left
    go_to(slides[target], shown=len(slides[target].bullets) if delta < 0 else None)


@in_callback
def _reveal(slide: Slide) -> None:
    st.session_state[SHOWN] = min(len(slide.bullets), st.session_state.get(SHOWN, 0) + 1)


def shown(slide: Slide) -> int:
    return min(len(slide.bullets), st.session_state.get(SHOWN, len(slide.bullets)))


def nav_bar(slides: Sequence[Slide], index: int) -> None:
    """Counter, previous, reveal the next point, next; arrow keys do the same."""
    slide = slides[index]
    with st.container(key="slide_counter", width="content"):
        st.markdown(f"{index + 1} / {len(slides)}")
    st.button(
        "Previous",
        icon=":material/arrow_back:",
        shortcut="Left",
        disabled=index == 0,
        on_click=_move,
        args=(slides, index, -1),
        key="presenter_prev",
    )
    hidden = len(slide.bullets) - shown(slide)
    st.button(
        f"Next point ({hidden} left)" if hidden else "All points shown",
        icon=":material/arrow_downward:",
        shortcut="Down",
        disabled=hidden == 0,
        on_click=_reveal,
        args=(slide,),
        key="presenter_reveal",
    )
    st.button(
        "Next",
        icon=":material/arrow_forward:",
        shortcut="Right",
        type="primary",
        disabled=index == len(slides) - 1,
        on_click=_move,
        args=(slides, index, 1),
        key="presenter_next",
    )


def sync_url(slide: Slide, order: str | None, code: str | None) -> None:
    """The address bar as a link to this slide (and this running order and poll)."""
    wanted = {"slide": slide.id, "order": order, "code": code}
    for name, value in wanted.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value
