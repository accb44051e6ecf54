"""The one scenario shared by every page: session state, mirrored into the URL."""

from __future__ import annotations

import streamlit as st

from pathway.clinical.scenario import Scenario
from pathway.clinical.urlstate import LinkNotice, params_from_scenario, scenario_from_params

SCENARIO = "scenario"
NOTICES = "url_notices"
# Query parameters that pages use for themselves (not scenario settings): the walkthrough's step, the
# explorer's case; the self-test pages' private resume key, an authored question and a generated case's seed;
# the presenter's slide, running order and poll code; a phone's join code and voter token.
PAGE_PARAMS = frozenset({"step", "case", "key", "item", "seed", "slide", "order", "code", "voter"})


def init_scenario() -> None:
    """Once per session: read the scenario from the URL (a reload starts a new session)."""
    if SCENARIO in st.session_state:
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params.keys()}
    scenario, notices = scenario_from_params(params, allowed_extra=PAGE_PARAMS, products=_products())
    st.session_state[SCENARIO] = scenario
    st.session_state[NOTICES] = notices


def _products() -> frozenset[str]:
    from pathway.clinical.engine import default_content

    return frozenset(default_content().products)


WIDGET_PREFIX = "w_"


def entered_page(page: str) -> None:
    """On arriving at another page, forget the scenario widgets' values.

    Streamlit ties a widget's state to the page that drew it, so the same key on another page
    would start from its default; dropping the keys lets every page seed its controls from the
    one shared scenario instead.
    """
    if st.session_state.get("_page") == page:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del st.session_state[key]
    st.session_state["_page"] = page


def take_url_notices() -> list[LinkNotice]:
    """Notices about ignored link settings, shown once (on the first page the link opens)."""
    return st.session_state.pop(NOTICES, [])


def current() -> Scenario:
    return st.session_state[SCENARIO]


def set_current(scenario: Scenario) -> None:
    st.session_state[SCENARIO] = scenario


def update(**changes) -> Scenario:
    scenario = current().model_copy(update=changes)
    scenario = Scenario.model_validate(scenario.model_dump())
    set_current(scenario)
    return scenario


def sync_url(**page_params: str) -> dict[str, str]:
    """Write the scenario (and this page's own parameters) into the URL; returns what was written."""
    params = params_from_scenario(current())
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
