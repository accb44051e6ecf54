"""Engines and transactions for SQLite and PostgreSQL.

Every write goes through :func:`write_transaction`. On SQLite it starts with ``BEGIN IMMEDIATE``,
which takes the database's single write lock at the start (waiting up to the busy timeout), so two
writers can never both hold a read snapshot and then deadlock trying to upgrade it; that is the
"database is locked" error a plain deferred ``BEGIN`` gives under load. Reads go through
:func:`read_transaction`, a deferred ``BEGIN``: in WAL mode readers and the writer never wait for
each other. On PostgreSQL both are ordinary READ COMMITTED transactions; code that reads then writes
a row takes a row lock (``SELECT ... FOR UPDATE``) or writes with one atomic statement.

Waiting is first come, first served (``fair_gate.py``): for a connection, and on SQLite for the
write lock within this process.

This follows SQLAlchemy's recipe for pysqlite transaction handling: the driver's own ``BEGIN`` is
switched off (``isolation_level = None`` on connect) and the engine's ``begin`` event sends ours.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from pathway.store.fair_gate import FairGate

SQLITE_BUSY_TIMEOUT_SECONDS = 10.0
# Connections kept open (and opened beyond that under load); PostgreSQL's default limit is 100
# connections for all processes together.
POOL_SIZE = {"sqlite": 8, "postgresql": 5}
POOL_OVERFLOW = {"sqlite": 8, "postgresql": 10}
WAIT_SECONDS = 30.0  # longest wait for a connection (or, on SQLite, for the write lock)
BUSY_MESSAGE = f"the database stayed busy for {WAIT_SECONDS:.0f} s; please try again"
# Execution option that marks a connection's next transaction as read-only (deferred BEGIN).
READ_ONLY_OPTION = "eczema_ladder_read_only"
# How long to wait for PostgreSQL to answer a new connection: a server that is down refuses at once, but
# one behind a dead network link would otherwise hold the page that asked for the whole TCP timeout.
CONNECT_TIMEOUT_SECONDS = 5


class DatabaseBusy(TimeoutError):
    """No connection (or, on SQLite, no write lock) within :data:`WAIT_SECONDS`: the database is there
    but overloaded or locked by another process."""


def database_unavailable(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be used right now (down, unreachable, locked, full,
    read-only, overloaded) rather than that a query or the data is wrong: the app then says "saving is
    paused" and tries again, instead of reporting a bug.

    SQLAlchemy wraps the driver's errors: ``OperationalError`` (connection refused or lost, server shut
    down, SQLite's "database is locked", "disk is full", "readonly database"), ``InterfaceError`` (a
    closed connection), any error on a connection it found dead, and its pool's ``TimeoutError``.
    """
    if isinstance(error, DatabaseBusy | sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


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
        engine = _sqlite_engine(url)
    elif backend == "postgresql":
        engine = _postgresql_engine(url)
    else:
        raise ValueError(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql+psycopg://...")
    places = POOL_SIZE[backend] + POOL_OVERFLOW[backend]
    _connection_gates[engine] = FairGate(places, busy_message=BUSY_MESSAGE)
    return engine


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_file(url)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        pool_size=POOL_SIZE["sqlite"],
        max_overflow=POOL_OVERFLOW["sqlite"],
        pool_timeout=WAIT_SECONDS,
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
        pool_size=POOL_SIZE["postgresql"],
        max_overflow=POOL_OVERFLOW["postgresql"],
        pool_timeout=WAIT_SECONDS,
        pool_pre_ping=True,  # survive a database restart or an idle connection closed by a proxy
        pool_recycle=1800,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS, "application_name": "eczema-ladder"},
    )


# Every transaction first takes a place at its engine's gate (as many places as the pool has
# connections), and a SQLite write also the file's one writer place: see fair_gate.py for why.
_connection_gates: weakref.WeakKeyDictionary[Engine, FairGate] = weakref.WeakKeyDictionary()
_sqlite_writers: dict[str, FairGate] = {}
_sqlite_writers_guard = threading.Lock()
_held = threading.local()


def _sqlite_writer(engine: Engine) -> FairGate | None:
    """The process's single writer place for this SQLite file (None for PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return None
    name = engine.url.database or ""
    writer = _sqlite_writers.get(name)
    if writer is None:
        with _sqlite_writers_guard:  # one place per file, however its path is spelled
            path = str(Path(name).resolve())
            writer = _sqlite_writers.setdefault(path, FairGate(1, busy_message=BUSY_MESSAGE))
            _sqlite_writers[name] = writer
    return writer


@contextmanager
def _place(gate: FairGate | None) -> Iterator[None]:
    if gate is None:
        yield
        return
    if not gate.acquire(WAIT_SECONDS):
        raise DatabaseBusy(BUSY_MESSAGE)
    try:
        yield
    finally:
        gate.release()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that may write; commits on success, rolls back on any exception.

    SQLite has one writer at a time anyway. Within a process (Streamlit serves every session from
    one), writers queue in arrival order before ``BEGIN IMMEDIATE`` instead of in SQLite's busy
    handler, which retries by sleeping and can starve a writer behind a stream of others; other
    processes still wait through ``busy_timeout``. A write transaction opened inside another on the
    same SQLite file would wait for itself: it is refused at once.
    """
    writer = _sqlite_writer(engine)
    held: set[int] = _held.__dict__.setdefault("writers", set())
    if writer is not None and id(writer) in held:
        raise RuntimeError("a write transaction is already open on this SQLite database in this thread")
    with _place(writer):
        if writer is not None:
            held.add(id(writer))
        try:
            with _place(_connection_gates.get(engine)), engine.begin() as connection:
                yield connection
        finally:
            held.discard(id(writer))


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction. On SQLite (WAL) a consistent snapshot that neither waits for
    writers nor makes them wait; on PostgreSQL an ordinary READ COMMITTED transaction."""
    with _place(_connection_gates.get(engine)), engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})
        with connection.begin():
            yield connection
