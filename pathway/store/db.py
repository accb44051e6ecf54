"""Where the database is, and one ready engine per database per process.

``make_engine()`` is all a page needs: it picks the database (``DATABASE_URL``, else an embedded
SQLite file under ``data/``), configures it (``transactions.py``) and brings its schema up to date
(``migrations.py``) the first time, then returns the same engine on every later call.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine

from pathway.store.migrations import migrate
from pathway.store.transactions import build_engine

REPO_ROOT = Path(__file__).resolve().parents[2]
SQLITE_FILE_NAME = "eczema_ladder.sqlite3"

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def data_folder() -> Path:
    """``ECZEMA_LADDER_DATA`` if set, else ``data/`` under the repository root (git-ignored)."""
    override = os.environ.get("ECZEMA_LADDER_DATA", "").strip()
    return Path(override).expanduser() if override else REPO_ROOT / "data"


def database_url() -> str:
    """``DATABASE_URL`` if set, else the embedded SQLite file in :func:`data_folder`.

    Hosting platforms hand out ``postgres://`` or ``postgresql://`` URLs; both are read as
    PostgreSQL through psycopg 3, the driver this app installs.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{data_folder() / SQLITE_FILE_NAME}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None) -> Engine:
    """The process's engine for ``url`` (default :func:`database_url`), migrated on first use.

    The SQLite folder is created here, on first use. Thread-safe: concurrent first calls build
    and migrate one engine.
    """
    url = url or database_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = build_engine(url)
            try:
                migrate(engine)
            except BaseException:
                engine.dispose()
                raise
            _engines[url] = engine
        return engine


def forget_engine(url: str | None = None) -> None:
    """Close the cached engine's connections and drop it, as a new process would start afresh."""
    url = url or database_url()
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()
