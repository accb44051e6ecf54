"""The app's database engine: one per database URL per process, migrated on first use."""

from __future__ import annotations

import os

import streamlit as st
from sqlalchemy import Engine

from pathway.store.db import make_engine


@st.cache_resource(show_spinner=False)
def _engine(url: str | None) -> Engine:
    return make_engine(url)


def database() -> Engine:
    """The engine for ``DATABASE_URL`` (else the embedded SQLite file), shared by every session."""
    return _engine(os.environ.get("DATABASE_URL") or None)
