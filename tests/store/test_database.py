"""Where the database is, how engines are set up, and versioned migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event, func, inspect, select, text

from pathway.store.db import database_url, forget_engine, make_engine
from pathway.store.migrations import MIGRATIONS, MigrationStep, current_version, latest_version, migrate
from pathway.store.progress import create_learner, history, learner_for_key, record_answer
from pathway.store.schema import metadata, schema_version
from pathway.store.transactions import build_engine, read_transaction, write_transaction

ROOT = Path(__file__).resolve().parents[2]


# ---- where the database is -------------------------------------------------------------------


def test_default_database_is_a_sqlite_file_under_data(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ECZEMA_LADDER_DATA", raising=False)
    assert database_url() == f"sqlite:///{ROOT / 'data' / 'eczema_ladder.sqlite3'}"


def test_data_folder_can_be_moved_and_is_created_on_first_use(monkeypatch, tmp_path):
    folder = tmp_path / "not" / "yet"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ECZEMA_LADDER_DATA", str(folder))
    assert database_url() == f"sqlite:///{folder / 'eczema_ladder.sqlite3'}"
    assert not folder.exists()
    try:
        make_engine()
        assert (folder / "eczema_ladder.sqlite3").is_file()
    finally:
        forget_engine()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("sqlite:////srv/ladder.sqlite3", "sqlite:////srv/ladder.sqlite3"),
    ],
)
def test_database_url_from_the_environment(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url() == expected


def test_in_memory_sqlite_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="file path"):
        build_engine("sqlite://")


def test_one_engine_per_url_per_process(database_url):
    first = make_engine(database_url)
    assert make_engine(database_url) is first
    forget_engine(database_url)
    assert make_engine(database_url) is not first


# ---- SQLite settings and transactions --------------------------------------------------------


def test_sqlite_uses_wal_a_busy_timeout_and_foreign_keys(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with read_transaction(engine) as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    assert pragma == {"journal_mode": "wal", "busy_timeout": 10000, "foreign_keys": 1}


def test_sqlite_writes_begin_immediate_and_reads_begin_deferred(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda c, cur, statement, *a: sent.append(statement))
    with write_transaction(engine) as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    with read_transaction(engine) as connection:
        connection.execute(text("SELECT count(*) FROM t"))
    with write_transaction(engine) as connection:  # the pooled connection forgets the read-only mark
        connection.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()
    assert [s.split()[0] + (" " + s.split()[1] if s.startswith("BEGIN") else "") for s in sent] == [
        "BEGIN IMMEDIATE",
        "CREATE",
        "BEGIN DEFERRED",
        "SELECT",
        "BEGIN IMMEDIATE",
        "INSERT",
    ]


def test_a_failed_write_leaves_nothing_behind(engine):
    _learner, _ = create_learner(engine, "Rollback")
    with pytest.raises(RuntimeError), write_transaction(engine) as connection:
        connection.execute(text("DELETE FROM attempts"))
        connection.execute(text("UPDATE learners SET nickname = 'Changed'"))
        raise RuntimeError("boom")
    with read_transaction(engine) as connection:
        assert connection.execute(text("SELECT nickname FROM learners")).scalar() == "Rollback"


# ---- migrations ------------------------------------------------------------------------------


def _tables_and_columns(engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {name: {column["name"] for column in inspector.get_columns(name)} for name in inspector.get_table_names()}


def test_a_fresh_database_is_at_the_latest_version_with_the_current_tables(engine):
    with read_transaction(engine) as connection:
        assert current_version(connection) == latest_version() == len(MIGRATIONS)
    assert _tables_and_columns(engine) == {
        table.name: {column.name for column in table.columns} for table in metadata.sorted_tables
    }
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        built = {
            index["name"]: (tuple(index["column_names"]), bool(index["unique"]))
            for index in inspector.get_indexes(table.name)
        }
        for index in table.indexes:
            assert built.get(index.name) == (tuple(c.name for c in index.columns), bool(index.unique)), index.name


def test_migrate_again_changes_nothing(engine):
    assert migrate(engine) == latest_version()
    with read_transaction(engine) as connection:
        assert connection.execute(select(func.count()).select_from(schema_version)).scalar() == len(MIGRATIONS)


def test_a_new_step_moves_a_database_with_data_forward_and_keeps_the_data(database_url):
    engine = build_engine(database_url)
    try:
        assert migrate(engine) == len(MIGRATIONS)  # the database as released
        learner, key = create_learner(engine, "Before")
        attempt = str(uuid.uuid4())
        record_answer(
            engine,
            learner.id,
            attempt_id=attempt,
            item_id="q1",
            item_kind="question",
            topic="t",
            stage="s",
            choice_id="a",
            correct=True,
            confidence="sure",
            mode="tutor",
            seconds=4.0,
        )
        before = history(engine, learner.id)
        applied: list[int] = []

        def add_note_column(connection) -> None:
            applied.append(1)
            connection.execute(text("ALTER TABLE attempts ADD COLUMN note VARCHAR(40) DEFAULT 'none' NOT NULL"))

        later = [*MIGRATIONS, MigrationStep(len(MIGRATIONS) + 1, "attempts get a note", add_note_column)]
        assert migrate(engine, later) == len(later)
        assert migrate(engine, later) == len(later)  # idempotent: the step ran once
        assert applied == [1]
        assert learner_for_key(engine, key) == learner
        assert history(engine, learner.id) == before
        with read_transaction(engine) as connection:
            assert connection.execute(text("SELECT note FROM attempts")).scalars().all() == ["none"]
            assert current_version(connection) == len(later)
    finally:
        engine.dispose()


def test_a_failing_step_changes_nothing(database_url):
    engine = build_engine(database_url)
    try:
        migrate(engine)

        def half_done(connection) -> None:
            connection.execute(text("CREATE TABLE half_done (x INTEGER)"))
            raise RuntimeError("step failed")

        with pytest.raises(RuntimeError, match="step failed"):
            migrate(engine, [*MIGRATIONS, MigrationStep(len(MIGRATIONS) + 1, "fails", half_done)])
        assert "half_done" not in inspect(engine).get_table_names()
        with read_transaction(engine) as connection:
            assert current_version(connection) == len(MIGRATIONS)
    finally:
        engine.dispose()


def test_steps_must_be_numbered_in_order_and_code_older_than_the_database_stops(engine):
    with pytest.raises(ValueError, match="numbered"):
        migrate(engine, [MigrationStep(2, "gap", lambda connection: None)])
    with pytest.raises(RuntimeError, match="newer than this code"):
        migrate(engine, [])


_START = """
import sys
from pathway.store.db import make_engine
print("ready", flush=True)
sys.stdin.readline()  # start together
make_engine(sys.argv[1])
print("migrated", flush=True)
"""


def test_processes_starting_at_once_on_a_new_database_migrate_it_once(database_url):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _START, database_url],
            env=env,
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for process in processes:  # every process has imported everything and waits
        assert process.stdout.readline() == "ready\n", process.stderr.read()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [process.communicate(timeout=120) for process in processes]
    assert [(process.returncode, out) for process, (out, _) in zip(processes, results)] == [(0, "migrated\n")] * 3, [
        err for _, err in results
    ]
    engine = make_engine(database_url)
    with read_transaction(engine) as connection:
        versions = connection.execute(select(schema_version.c.version).order_by(schema_version.c.version)).scalars()
        assert list(versions) == [step.version for step in MIGRATIONS]
