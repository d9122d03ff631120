"""Shared fixtures: an isolated app home and a freshly migrated database per test.

Every test that takes ``database`` (or ``db_url``) runs on SQLite, and again on PostgreSQL when
``GKDESK_TEST_PG`` holds an admin URL (``.ci/run`` starts a throwaway server and sets it). Each
PostgreSQL test gets its own database, created and dropped around it.
"""

from __future__ import annotations

import os

# Before anything can import Qt: tests never open real windows.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from gkdesk.db import Database, open_database

PG_ENV = "GKDESK_TEST_PG"
_BACKENDS = ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GKDESK_HOME points at an empty folder; GKDESK_DB is unset."""
    root = tmp_path / "gkdesk-home"
    monkeypatch.setenv("GKDESK_HOME", str(root))
    monkeypatch.delenv("GKDESK_DB", raising=False)
    return root


def _pg_admin_url() -> str:
    url = make_url(os.environ[PG_ENV])
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'test.sqlite').as_posix()}"
        return

    import psycopg  # only needed, and only installed with the dev group, for PostgreSQL runs

    admin = make_url(_pg_admin_url())
    name = f"gkdesk_test_{uuid.uuid4().hex[:16]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            # FORCE: a test that failed midway may have left a connection open.
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database(db_url: str, home: Path) -> Iterator[Database]:
    """An opened, fully migrated database; disposed afterwards."""
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.dispose()
