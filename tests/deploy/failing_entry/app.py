"""Test-only entry (tests/deploy/test_faults_server.py), never in the page list: app.py itself, with a page
and a fragment that fail on purpose when the link asks (``?fail=page`` or ``?fail=fragment``)."""

import runpy
from pathlib import Path

import streamlit as st

import ui.navigation
import ui.recommendation_view

_framed, _stage_header = ui.navigation.framed, ui.recommendation_view.stage_header


def _fails(where: str) -> None:
    if st.query_params.get("fail"):  # kept for the session: app.py drops the parameter from the address
        st.session_state["_fail_on_purpose"] = st.query_params["fail"]
    if st.session_state.get("_fail_on_purpose") == where:
        raise RuntimeError(f"failed on purpose ({where}) in /srv/not/for/visitors.py")


def framed() -> None:
    _framed()
    _fails("page")


def stage_header(*args, **kwargs) -> None:
    _fails("fragment")
    _stage_header(*args, **kwargs)


ui.navigation.framed = framed
ui.recommendation_view.stage_header = stage_header
runpy.run_path(str(Path(__file__).resolve().parents[3] / "app.py"), run_name="__main__")
