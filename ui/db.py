"""The app's database engine: one per database URL per process, migrated on first use."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from pathway.store.db import database_url, make_engine


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


def database() -> Engine:
    """The engine for ``DATABASE_URL`` (else the embedded SQLite file), shared by every session."""
    return _engine(database_url())
