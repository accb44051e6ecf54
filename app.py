"""Eczema Ladder: the one page list (ui/site.py) as ``st.navigation``, and what every page shares, done
once here: page config, style, content, the shared scenario read from the link, the notice, the link's
notices, and the scenario written back into the address after the page has run."""

import streamlit as st

from ui import errors, state, style
from ui.common import ICON, get_content, notice
from ui.navigation import frame, info_of, menu, phone_menu
from ui.safe import show_link_notices

# The favicon is a local file: a page's Material icon as the favicon would make the browser fetch it from
# Google. Set before the page list (the first load) and after it (st.navigation resets the layout, and on a
# rerun the favicon). The sidebar starts open on a wide screen and closed on a narrow one ("auto"; a page
# may close it, e.g. the presenter's); on a narrow screen the menu is also a popover in the header, which
# closes on every page it opens (ui/navigation.py).
st.set_page_config(page_title="Eczema Ladder", page_icon=str(ICON), layout="wide", initial_sidebar_state="auto")
page = st.navigation(menu(), position="sidebar")
info = info_of(page)
st.set_page_config(
    page_title=f"{page.title} · Eczema Ladder", page_icon=str(ICON), layout="wide", initial_sidebar_state="auto"
)
style.inject()
content = get_content()
state.init_scenario(info.params)
state.on_page(info.url_path)
phone_menu(info.url_path)
notice(content)
show_link_notices(state.take_url_notices())
with frame(), errors.page_guard():  # no traceback reaches a visitor: a plain message and a reference
    page.run()
state.sync_url(info.params)
