"""The one scenario shared by every page: session state, mirrored into the URL."""

from __future__ import annotations

import streamlit as st

from pathway.clinical.scenario import Scenario
from pathway.clinical.urlstate import LinkNotice, params_from_scenario, scenario_from_params
from ui.site import EVERY_PAGE_PARAM

SCENARIO = "scenario"
NOTICES = "url_notices"


def init_scenario(page_params: frozenset[str] = EVERY_PAGE_PARAM) -> None:
    """Once per session: read the scenario from the URL (a reload starts a new session). The page's own
    parameters (ui/site.py) are not scenario settings and raise no notice."""
    if SCENARIO in st.session_state:
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    scenario, notices = scenario_from_params(params, allowed_extra=page_params, products=_products())
    st.session_state[SCENARIO] = scenario
    st.session_state[NOTICES] = notices


def _products() -> frozenset[str]:
    from pathway.clinical.engine import default_content

    return frozenset(default_content().products)


WIDGET_PREFIX = "w_"
PAGE = "_page"


def on_page(url_path: str) -> None:
    """Arriving at another page, let its scenario controls start from the shared scenario: Streamlit keeps
    a widget's value with the page that drew it, so the same key on another page would otherwise start
    from a stale or default value."""
    if st.session_state.get(PAGE) == url_path:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del st.session_state[key]
    st.session_state[PAGE] = url_path


def take_url_notices() -> list[LinkNotice]:
    """Notices about ignored link settings, shown once (on the first page the link opens)."""
    return st.session_state.pop(NOTICES, [])


def current() -> Scenario:
    """The shared scenario (read from the link on the session's first run)."""
    if SCENARIO not in st.session_state:  # a page run on its own, as tests do
        init_scenario()
    return st.session_state[SCENARIO]


def set_current(scenario: Scenario) -> None:
    st.session_state[SCENARIO] = scenario


def update(**changes) -> Scenario:
    scenario = current().model_copy(update=changes)
    scenario = Scenario.model_validate(scenario.model_dump())
    set_current(scenario)
    return scenario


def sync_url(keep: frozenset[str] = frozenset(), /, **page_params: str | None) -> dict[str, str]:
    """Write the scenario into the URL with this page's own parameters (``page_params``, and those in
    ``keep`` already in the address); anything else goes. Returns what was written. app.py calls it
    after every page with the page's parameter names; a page or a fragment may call it sooner."""
    params = params_from_scenario(current())
    params.update({k: st.query_params[k] for k in keep if k in st.query_params})
    params.update({k: v for k, v in page_params.items() if v is not None})
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)
    return params


def share_query() -> str:
    params = params_from_scenario(current())
    return "&".join(f"{k}={v}" for k, v in params.items())


def share_link() -> str:
    """The full link to this page with the current scenario (just the query when the URL is unknown)."""
    query = share_query()
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # no browser session (tests, bare mode)
        base = ""
    return f"{base}?{query}" if query else (base or "(default scenario: no settings)")
