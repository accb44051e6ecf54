"""The app's own stylesheet (static, written here: never text from a user or the content).

On narrow screens: touch targets of at least 44 px (slider thumbs, buttons, checkboxes, select boxes),
a smaller page title, the page menu in the header, and the explorer's live result bar kept at the top while
the controls move (a bar of one height, so the controls under it never move).
"""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
/* Keyed on the app's own st-key-* classes, HTML elements and ARIA roles where that is possible; the
   rules that need Streamlit's internal data-testid attributes or the structure of its widgets are
   checked in a real browser (tests/e2e/test_style_selectors.py), so a Streamlit upgrade that changes
   one fails a test instead of silently dropping the rule. */
/* Captions: Streamlit draws them at opacity 0.6, which fades any colour below 4.5:1 (2.8:1 with this
   theme). Full opacity and a grey of 6.0:1 on white, 5.4:1 on the sidebar's #eef4f7. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #56656d; }
/* A multiselect with a choice made shrinks its text field to 12 px: keep a 24 px target (WCAG 2.5.8). */
[data-testid="stMultiSelect"] input[role="combobox"] { min-width: 24px !important; }
.st-key-live_result { background: #ffffff; }
[data-testid="stLayoutWrapper"]:has(> .st-key-live_result) { background: #ffffff; }
/* The explorer's one-line result above its controls keeps one height whatever it says (room for two lines,
   the text held to them; the full result is further down), and so does the severity band's line under the
   slider: moving a control never moves the controls (ui/controls.py, pages/2_Scenario_explorer.py). */
.st-key-live_result { min-height: 3.4rem; max-height: 3.4rem; justify-content: center; overflow: hidden; }
.st-key-live_result p {
  margin: 0; line-height: 1.5; overflow: hidden;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2;
}
.st-key-band_line { min-height: 2.9rem; }
/* The page menu for narrow screens (ui/navigation.py): only where Streamlit's sidebar would cover the page
   (below its 768 px breakpoint), in the header's free space beside the app menu; above the header, under an
   open sidebar (whose close button it would otherwise hide). */
.st-key-page_menu { display: none; }
@media (max-width: 767.98px) {
  .st-key-page_menu { display: flex; position: fixed; top: 0.5rem; right: 3.25rem; z-index: 999990; width: auto; }
  .st-key-page_menu button { min-height: 44px; }
}
@media (max-width: 640px) {
  h1 { font-size: 1.9rem !important; padding-top: 0.25rem !important; }
  /* slider thumbs: a 44 px touch target around a 24 px visible knob */
  [data-testid="stSlider"] div:has(> div > input[type="range"]) {
    width: 44px !important; height: 44px !important; box-sizing: border-box;
    border: 10px solid transparent !important; background-clip: padding-box !important;
  }
  [data-testid="stSlider"] { padding-top: 6px; padding-bottom: 6px; }
  button { min-height: 44px; }
  label:has(input[type="checkbox"]), label:has(input[type="radio"]) { min-height: 44px; align-items: center; }
  [role="group"]:has(input[role="combobox"]) { min-height: 44px; }
  summary { min-height: 44px; }
  /* with 44 px buttons an element's toolbar (a table's is always shown on touch screens, a chart's after
     a tap) would cover the table's header row or the chart's title: keep it slim (48 px), lift it clear
     of the element, and make room above tables for it */
  [data-testid="stBaseButton-elementToolbar"] { min-width: 44px; min-height: 44px; }
  [data-testid="stElementToolbar"] { padding-top: 0 !important; padding-bottom: 0 !important; top: -48px !important; }
  [data-testid="stElementToolbarButtonContainer"] { padding-top: 2px !important; padding-bottom: 2px !important; }
  [data-testid="stDataFrame"] > [data-testid="stElementToolbar"] { top: -52px !important; }
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"] > [data-testid="stElementToolbar"]) {
    margin-top: 36px;
  }
  /* the live result's wrapper is a child of the page's column, so it can stay at the top */
  [data-testid="stLayoutWrapper"]:has(> .st-key-live_result) {
    position: sticky; top: 3.75rem; z-index: 100; padding: 4px 0; border-bottom: 1px solid #d0dbe1;
  }
}
</style>
"""


def inject() -> None:
    st.html(CSS)


# Projector: body text of 24 pt (32 px) and more at 1920x1080, one slide filling the screen.
PROJECTOR_CSS = """
<style>
.st-key-slide p, .st-key-slide li { font-size: 32px; line-height: 1.35; }
.st-key-slide h1 { font-size: 56px !important; line-height: 1.15; }
.st-key-slide h2 { font-size: 44px !important; }
.st-key-slide_sources p, .st-key-slide_more p { font-size: 24px; }
.st-key-slide button p, .st-key-presenter_bar button p { font-size: 24px; }
/* the flowchart fits the screen's height (one slide, no scrolling) */
.st-key-slide_flowchart svg { max-height: 74vh; width: auto; max-width: 100%; }
/* charts drawn at 2/3 of the width and zoomed 1.5 times: their 12-16 px text reads as 18-24 px */
[class*="st-key-slide_chart_"] { width: 66.6% !important; zoom: 1.5; }
.st-key-slide_counter p { font-size: 28px; font-weight: 600; }
.st-key-poll_panel p { font-size: 24px; }
.st-key-join_code p { font-size: 96px; font-weight: 700; letter-spacing: 0.08em; line-height: 1.1; }
.st-key-live_count p { font-size: 40px; font-weight: 600; }
.st-key-join_link p, .st-key-join_heading p { font-size: 28px; }
/* the presenter view's small copy of what the projector shows: the slide whole, beside the notes */
.st-key-preview h1 { font-size: 30px !important; line-height: 1.2; padding-top: 0 !important; }
.st-key-preview p, .st-key-preview li { font-size: 16px; }
.st-key-preview_join img { height: 110px !important; width: auto !important; }
.st-key-preview_join_code p { font-size: 28px; font-weight: 700; letter-spacing: 0.06em; }
.st-key-preview_chart img { max-height: 300px; width: auto !important; max-width: 100%; }
.st-key-preview_flowchart svg { max-height: 320px; width: auto; max-width: 100%; }
/* the key shown on the presenter view's primary button: white on its blue (Streamlit's pale blue is 3.1:1) */
.st-key-room_advance kbd { color: #ffffff !important; opacity: 1 !important; }
</style>
"""

# Phone poll: answer buttons that wrap long choices, text aligned left like a list.
PHONE_POLL_CSS = """
<style>
[class*="st-key-join_"] button { justify-content: flex-start; text-align: left; min-height: 52px; }
[class*="st-key-join_"] button > div,
[class*="st-key-join_"] button > div > span { justify-content: flex-start; width: 100%; }
[class*="st-key-join_"] button p { font-size: 18px; white-space: normal; text-align: left; }
.st-key-room_beacon { display: none; } /* the room's beacon draws nothing (ui/room_beacon.py) */
</style>
"""


# A lecture room's projector: Streamlit's header, menu and page padding gone, and every size in viewport
# height units, so one slide fits any projector as reveal.js scales one canvas (1024x768 to 3840x2160):
# body text 3.8vh (at least the 3.5% a room needs), the title 6.5vh, pictures capped to the height left.
ROOM_CSS = """
<style>
header[data-testid="stHeader"], section[data-testid="stSidebar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 3vh 4vw 1vh 4vw !important; max-width: 100% !important; }
.st-key-app_notice { display: none; }
.st-key-projector { gap: 1.6vh; }
.st-key-projector h1 { font-size: 6.5vh !important; line-height: 1.15; padding: 0 0 1vh 0 !important; }
.st-key-projector p, .st-key-projector li { font-size: 3.8vh !important; line-height: 1.3; }
.st-key-projector li { margin-bottom: 0.6vh; }
.st-key-projector_sources p { font-size: 2.4vh !important; }
/* a question slide holds a vignette and its choices: a little smaller, still above 3.5% */
.st-key-projector_question p, .st-key-projector_question li {
  font-size: 3.55vh !important; line-height: 1.25;
}
.st-key-projector_join { align-items: center; gap: 0.8vh; }
.st-key-projector_join_code p {
  font-size: 7vh !important; font-weight: 700; letter-spacing: 0.06em; line-height: 1; white-space: nowrap;
}
.st-key-projector_join img { height: 24vh !important; width: auto !important; }
.st-key-projector_join_link p { font-size: 2.6vh !important; overflow-wrap: anywhere; }
.st-key-projector_count p { font-size: 4.5vh !important; font-weight: 600; }
.st-key-projector_chart img { height: 66vh !important; width: auto !important; max-width: 100%; object-fit: contain; }
.st-key-projector_flowchart svg { max-height: 72vh; width: auto; max-width: 100%; }
.st-key-projector_result { max-height: 40vh; }
.st-key-projector_black {
  position: fixed; inset: 0; z-index: 1000000; background: #000000; color: #000000;
}
.st-key-projector_black p { color: #000000; }
</style>
"""


def room() -> None:
    """The projector's full-screen slide (its own classes: the other pages' rules stay as they are)."""
    st.html(ROOM_CSS)


def projector() -> None:
    """Big type for presenter mode (its own classes: the other pages' rules stay as they are)."""
    st.html(PROJECTOR_CSS)


def phone_poll() -> None:
    st.html(PHONE_POLL_CSS)
