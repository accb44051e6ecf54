"""The app's database engine: one per database URL per process, migrated on first use.

Only the pages that store call :func:`database`; the others never touch the database. When it cannot be
used (down, locked, full), the first query fails with an error that app.py's guard (``ui/errors.py``)
turns into "Saving is paused ..." and a retry; connections are checked before use
(``pathway.store.transactions``), so the app recovers by itself when the database is back.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine, text

from pathway.store.db import database_url, make_engine
from pathway.store.transactions import database_unavailable, read_transaction


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)  # a failure is not cached: the next call tries again


def database() -> Engine:
    """The engine for ``DATABASE_URL`` (else the embedded SQLite file), shared by every session."""
    return _engine(database_url())


def reachable() -> bool:
    """Whether the database answers now (and is migrated): one ``SELECT 1``."""
    try:
        with read_transaction(database()) as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        if database_unavailable(error):
            return False
        raise
    return True
