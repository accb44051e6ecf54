"""The app's own stylesheet (static, written here: never text from a user or the content).

On narrow screens: touch targets of at least 44 px (slider thumbs, buttons, checkboxes, select boxes),
a smaller page title, and the explorer's live result bar kept at the top while the controls move.
"""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
/* Captions: Streamlit draws them at opacity 0.6, which fades any colour below 4.5:1 (2.8:1 with this
   theme). Full opacity and a grey of 6.0:1 on white, 5.4:1 on the sidebar's #eef4f7. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #56656d; }
/* A multiselect with a choice made shrinks its text field to 12 px: keep a 24 px target (WCAG 2.5.8). */
[data-testid="stMultiSelect"] input[role="combobox"] { min-width: 24px !important; }
.st-key-live_result { background: #ffffff; }
[data-testid="stLayoutWrapper"]:has(> .st-key-live_result) { background: #ffffff; }
@media (max-width: 640px) {
  h1 { font-size: 1.9rem !important; padding-top: 0.25rem !important; }
  /* slider thumbs: a 44 px touch target around a 24 px visible knob */
  [data-testid="stSlider"] div:has(> [data-testid="stSliderThumbValue"]) {
    width: 44px !important; height: 44px !important; box-sizing: border-box;
    border: 10px solid transparent !important; background-clip: padding-box !important;
  }
  [data-testid="stSlider"] { padding-top: 6px; padding-bottom: 6px; }
  button, [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"],
  [data-testid="stBaseButton-tertiary"], [data-testid="stPopover"] button { min-height: 44px; }
  [data-testid="stCheckbox"] label, [data-testid="stRadio"] label { min-height: 44px; align-items: center; }
  [data-testid="stSelectbox"] [data-baseweb="select"] > div,
  [data-testid="stMultiSelect"] [data-baseweb="select"] > div { min-height: 44px; }
  [data-testid="stExpander"] summary { min-height: 44px; }
  [data-testid="stBaseButton-elementToolbar"] { min-width: 44px; min-height: 44px; }
  /* with 44 px buttons an element's toolbar (a table's is always shown on touch screens, a chart's after
     a tap) would cover the table's header row or the chart's title: keep it slim (48 px), lift it clear
     of the element, and make room above tables for it */
  [data-testid="stElementToolbar"] { padding-top: 0 !important; padding-bottom: 0 !important; top: -48px !important; }
  [data-testid="stElementToolbarButtonContainer"] { padding-top: 2px !important; padding-bottom: 2px !important; }
  [data-testid="stDataFrame"] > [data-testid="stElementToolbar"] { top: -52px !important; }
  .stElementContainer:has([data-testid="stDataFrame"] > [data-testid="stElementToolbar"]) { margin-top: 36px; }
  /* the live result's wrapper is a child of the page's column, so it can stay at the top */
  [data-testid="stLayoutWrapper"]:has(> .st-key-live_result) {
    position: sticky; top: 3.75rem; z-index: 100; padding: 4px 0; border-bottom: 1px solid #d0dbe1;
  }
}
</style>
"""


def inject() -> None:
    st.html(CSS)
