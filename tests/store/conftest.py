"""One fresh database per test, on SQLite (a WAL file in a temporary folder) and on PostgreSQL.

PostgreSQL runs when ``TEST_DATABASE_URL`` is set (``.ci/run`` sets it); each test gets its own
schema, reached through ``search_path``, dropped afterwards. Without it the PostgreSQL cases skip,
except under ``CI=true``, where a missing database is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from pathway.store.db import forget_engine, make_engine

BACKENDS = ("sqlite", "postgresql")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def postgresql_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        if in_ci():
            pytest.fail("CI is set but TEST_DATABASE_URL is not: .ci/run should start PostgreSQL and export it")
        pytest.skip("PostgreSQL tests run when TEST_DATABASE_URL=postgresql+psycopg://... is set")
    return url


@pytest.fixture(scope="session")
def postgresql_admin() -> Iterator[Engine]:
    engine = create_engine(postgresql_admin_url(), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        yield url
        forget_engine(url)
        return
    admin: Engine = request.getfixturevalue("postgresql_admin")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgresql_admin_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    yield rendered
    forget_engine(rendered)
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def engine(database_url: str) -> Engine:
    """The process's engine on a fresh, migrated database."""
    return make_engine(database_url)
