"""Engines and transactions for SQLite and PostgreSQL.

Every write goes through :func:`write_transaction`. On SQLite it starts with ``BEGIN IMMEDIATE``,
which takes the database's single write lock at the start (waiting up to the busy timeout), so two
writers can never both hold a read snapshot and then deadlock trying to upgrade it; that is the
"database is locked" error a plain deferred ``BEGIN`` gives under load. Reads go through
:func:`read_transaction`, a deferred ``BEGIN`` that in WAL mode never blocks and is never blocked.
On PostgreSQL both are ordinary READ COMMITTED transactions; code that reads then writes a row takes
a row lock (``SELECT ... FOR UPDATE``) or writes with one atomic statement.

This follows SQLAlchemy's recipe for pysqlite transaction handling: the driver's own ``BEGIN`` is
switched off (``isolation_level = None`` on connect) and the engine's ``begin`` event sends ours.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_SECONDS = 10.0
# Execution option that marks a connection's next transaction as read-only (deferred BEGIN).
READ_ONLY_OPTION = "eczema_ladder_read_only"


def is_postgresql(engine_or_connection: Engine | Connection) -> bool:
    return engine_or_connection.dialect.name == "postgresql"


def upsert_into(connection: Connection, table: Table) -> Any:
    """The dialect's ``INSERT`` (``sqlite.insert`` or ``postgresql.insert``), which has
    ``on_conflict_do_update`` and ``on_conflict_do_nothing``: one atomic statement on both."""
    dialect_insert = postgresql.insert if is_postgresql(connection) else sqlite.insert
    return dialect_insert(table)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
        raise ValueError(
            "SQLite needs a file path (sqlite:///path/to/file.sqlite3): an in-memory database "
            "is not shared between connections"
        )
    return Path(parsed.database)


def build_engine(url: str) -> Engine:
    """A new, configured engine (not cached; see ``pathway.store.db.make_engine``)."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        return _postgresql_engine(url)
    raise ValueError(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql+psycopg://...")


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_file(url)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        pool_size=8,
        max_overflow=8,
        pool_timeout=60,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # The driver must not send BEGIN itself: _begin_sqlite_transaction does, with the right mode.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first, so that switching a new file to WAL waits for a concurrent opener.
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # NORMAL is safe from corruption in WAL mode; a power cut may lose the last commits.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
    connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def _postgresql_engine(url: str) -> Engine:
    return create_engine(
        url,
        pool_size=5,
        max_overflow=10,
        pool_timeout=30,
        pool_pre_ping=True,  # survive a database restart or an idle connection closed by a proxy
        pool_recycle=1800,
        connect_args={"connect_timeout": 10, "application_name": "eczema-ladder"},
    )


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that may write; commits on success, rolls back on any exception."""
    with engine.begin() as connection:
        yield connection


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction. On SQLite (WAL) a consistent snapshot that neither waits for
    writers nor makes them wait; on PostgreSQL an ordinary READ COMMITTED transaction."""
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})
        with connection.begin():
            yield connection
