"""Page tests never touch the real database: each test gets its own SQLite file (``DATABASE_URL``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from pathway.store.db import forget_engine, make_engine


@pytest.fixture(autouse=True)
def learner_database(tmp_path, monkeypatch) -> Iterator[str]:
    """A fresh, empty database for this test (its URL); closed and forgotten afterwards."""
    url = f"sqlite:///{tmp_path / 'selftest.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ECZEMA_LADDER_DATA", str(tmp_path / "data"))
    yield url
    forget_engine(url)


@pytest.fixture
def database(learner_database: str) -> Engine:
    """The engine the pages use, on this test's own database."""
    return make_engine(learner_database)
