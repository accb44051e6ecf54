"""Scenario explorer: move the sliders, tick signs, and watch the next step change."""

import streamlit as st

from pathway.clinical.urlstate import LinkNotice
from pathway.present.handout import handout_filename, handout_html, handout_markdown
from ui import recommendation_view as view
from ui import state
from ui.common import get_content, recommendation_for
from ui.controls import scenario_controls
from ui.errors import guarded
from ui.first_use import case_banner, case_picker, load_case, start_here
from ui.navigation import framed
from ui.safe import show_link_notices
from ui.share import copy_button

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()

# ?case=<id> opens a teaching case (once per session, like the rest of the link)
if "case_link_read" not in st.session_state:
    st.session_state["case_link_read"] = True
    wanted = st.query_params.get("case")
    if wanted is not None and wanted in content.cases:
        load_case(content, wanted)
    elif wanted is not None:
        show_link_notices(
            [
                LinkNotice(
                    "case",
                    wanted,
                    "The link's {name} is {value}, which is not one of the "
                    "teaching cases; the scenario from the rest of the link is shown.",
                )
            ]
        )

st.title("Scenario explorer", anchor=False)  # no heading link: one Tab stop fewer before the controls


def share_and_handout(scenario, rec) -> None:
    """The share link and the handout downloads, drawn only while their expander is open: they are
    read once in a while, and a slider move then sends one element instead of eleven."""
    box = st.expander(
        "Share this scenario or print a handout", icon=":material/share:", key="share_open", on_change="rerun"
    )
    if not box.open:
        return
    link_col, handout_col = box.columns([3, 2])
    with link_col:
        st.markdown("**Share this scenario**")
        st.caption("The link opens the same scenario; the settings also work after any other page's address.")
        link = state.share_link()
        st.code(link, language=None, wrap_lines=True)
        copy_button(link)
    with handout_col:
        st.markdown("**Handout for this scenario**")
        # Callables: the handout is only built when someone clicks, not on every rerun.
        st.download_button(
            "Download handout (HTML, printable)",
            lambda: handout_html(scenario, rec, content),
            file_name=handout_filename(rec, content, "html"),
            mime="text/html",
            key="dl_html",
            on_click="ignore",
            icon=":material/print:",
        )
        st.download_button(
            "Download handout (Markdown)",
            lambda: handout_markdown(scenario, rec, content),
            file_name=handout_filename(rec, content, "md"),
            mime="text/markdown",
            key="dl_md",
            on_click="ignore",
            icon=":material/description:",
        )


@st.fragment
@guarded  # a failure in its own reruns: a plain message here (ui/errors.py)
def explorer() -> None:
    """Everything the scenario changes. A control moved in here reruns only this part of the page
    (not the page set-up, menu and title), which keeps a lecture hall of reruns cheap.

    The one-line result and the controls come first, so a phone shows both without scrolling; everything
    that comes and goes with the scenario (the start-here box, a case's notes, red flags, the trial
    checklist) is drawn below the controls, so moving a control never moves the controls themselves. The
    line above them keeps its height whatever it says (ui/style.py)."""
    live = st.container(key="live_result")  # filled once the controls have been read, so it shows this move
    scenario = scenario_controls(content)
    rec = recommendation_for(scenario, content)
    with live:
        view.live_result(rec, content)
    start_here(content)
    case_banner(content)
    view.red_flag_banner(rec, content)
    view.stage_header(rec, content)

    case_picker(content)
    view.option_grid(rec.options, content)
    view.alternatives(rec, content)
    view.referral(rec, content)
    view.warnings(rec, content)
    view.why(rec, content)
    view.pitfalls_and_avoid(rec, content)
    view.timeline(rec, scenario, content)

    share_and_handout(scenario, rec)
    state.sync_url()


explorer()
