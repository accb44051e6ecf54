"""Eczema Ladder: the one page list (ui/site.py) as ``st.navigation``, and what every page shares, done
once here: page config, style, content, the shared scenario read from the link, the notice, the link's
notices, and the scenario written back into the address after the page has run."""

import streamlit as st

from ui import state, style
from ui.common import ICON, get_content, notice
from ui.navigation import frame, info_of, menu
from ui.safe import show_link_notices

# The favicon is a local file: a page's Material icon as the favicon would make the browser fetch it from
# Google. Set before the page list (the first load) and after it (st.navigation resets the layout, and on a
# rerun the favicon).
st.set_page_config(page_title="Eczema Ladder", page_icon=str(ICON), layout="wide")
page = st.navigation(menu(), position="sidebar")
info = info_of(page)
st.set_page_config(page_title=f"{page.title} · Eczema Ladder", page_icon=str(ICON), layout="wide")
style.inject()
content = get_content()
state.init_scenario(info.params)
state.on_page(info.url_path)
notice(content)
show_link_notices(state.take_url_notices())
with frame():
    page.run()
state.sync_url(info.params)
