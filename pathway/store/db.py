"""Where the database is, and one ready engine per database per process.

``make_engine()`` is all a page needs: it picks the database (``DATABASE_URL``, else an embedded
SQLite file under ``data/``), configures it (``transactions.py``) and brings its schema up to date
(``migrations.py``) the first time, then returns the same engine on every later call.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from pathway.store.migrations import migrate
from pathway.store.transactions import build_engine, sqlite_file

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


URL_SHAPE = "sqlite:///PATH/TO/FILE.sqlite3 or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"


def settings_problems() -> list[str]:
    """What is wrong with where the database is, one line each naming the setting (empty: all fine).

    ``make run`` and ``make serve`` ask this (``python -m pathway check-settings``) before serving a
    page: a malformed ``DATABASE_URL``, a database or driver this app cannot use, a data folder that
    cannot be written. Nothing here connects: a database that is down at start-up is not a settings
    problem (the pages that store say so, and recover when it is back).
    """
    given = os.environ.get("DATABASE_URL", "").strip()
    url = database_url()
    if given:
        setting = "DATABASE_URL"
    elif os.environ.get("ECZEMA_LADDER_DATA", "").strip():
        setting = "ECZEMA_LADDER_DATA"
    else:
        setting = "data folder"
    if given:
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError) as error:
            # the value is not echoed: a URL holds the database password
            why = " (its port is not a number)" if isinstance(error, ValueError) and "int()" in str(error) else ""
            return [f"DATABASE_URL: not a database URL{why}; expected {URL_SHAPE}"]
        backend = parsed.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            return [f"DATABASE_URL: unsupported database {backend!r}; expected {URL_SHAPE}"]
        try:
            dialect = parsed.get_dialect()
            dialect.import_dbapi()
        except (NoSuchModuleError, ImportError):
            return [
                f"DATABASE_URL: unknown or missing database driver {parsed.drivername!r}; use sqlite:/// or "
                "postgresql:// (psycopg 3, installed with the app)"
            ]
        if dialect.is_async:
            return [f"DATABASE_URL: {parsed.drivername!r} is an asyncio driver; use postgresql:// (psycopg 3)"]
    try:
        path = sqlite_file(url)
    except ValueError as error:
        return [f"{setting}: {error}"]
    if path is None:
        return []
    problem = _unwritable(path)
    return [f"{setting}: {problem}"] if problem else []


def _unwritable(path: Path) -> str | None:
    """Why the SQLite file ``path`` could not be created or written, or None. SQLite in WAL mode also
    writes two files beside the database, so its folder must be writable too."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{folder} is not a folder (the SQLite database is kept there)"
    except OSError as error:
        return f"cannot create the folder {folder} for the SQLite database ({error.strerror})"
    if not folder.is_dir():
        return f"{folder} is not a folder (the SQLite database is kept there)"
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"cannot write in {folder}, where the SQLite database is kept ({error.strerror})"
    if path.exists():
        if not path.is_file():
            return f"{path} is not a file (the SQLite database)"
        try:
            with path.open("r+b"):
                pass
        except OSError as error:
            return f"cannot write the SQLite database {path} ({error.strerror})"
    return None


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
