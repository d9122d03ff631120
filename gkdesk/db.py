"""Engines, sessions and the unit of work; bringing a database up to this program's schema.

``open_database(url)`` is the one way in: it connects, creates a new database through the
migrations (never ``create_all``), backs up and upgrades an older one, and refuses one written by
a newer gkdesk. SQLite and PostgreSQL (psycopg 3) are both first-class.

SQLite notes. Every connection gets WAL, ``foreign_keys=ON`` and a busy timeout. The sqlite3
module's legacy transaction handling is switched off and SQLAlchemy emits ``BEGIN`` itself, so
DDL is transactional (a failed migration leaves the file as it was) and SAVEPOINTs
(``session.begin_nested()``) really nest. Transactions start with ``BEGIN IMMEDIATE``: a
transaction that reads and then writes while another thread commits would otherwise fail at
once with "database is locked" (the busy timeout cannot help a stale read snapshot). Pure reads
should use ``Database.unit_of_work(read_only=True)``, which begins DEFERRED and so runs alongside
a writer; on PostgreSQL it opens a READ ONLY transaction.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from gkdesk import config
from gkdesk.errors import UserError
from gkdesk.models import Base

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Any fixed 64-bit number; all gkdesk clients sharing one PostgreSQL database take this lock so
# that two of them starting at once do not both try to upgrade it.
_PG_MIGRATION_LOCK_KEY = 0x676B_6465_736B

SchemaStatus = Literal["new", "current", "older", "newer"]

# Execution option marking connections of read-only units of work (see Database.unit_of_work).
READ_ONLY_OPTION = "gkdesk_read_only"


# --------------------------------------------------------------------------- engines


def normalize_url(url: str) -> str:
    """A plain path becomes a SQLite URL; ``postgresql://`` and ``postgres://`` use psycopg 3."""
    parsed = make_url(config.as_database_url(url))
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL with any password masked, fit for logs and the status bar."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # URI form; not used by gkdesk itself
        return None
    return Path(url.database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (see _on_sqlite_begin); must precede any statement.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")  # an in-memory database answers "memory"; fine
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    if not conn.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN DEFERRED" if options.get(READ_ONLY_OPTION) else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLAlchemy URL or SQLite file path) with gkdesk's connection setup."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        sqlite_file = _sqlite_file(parsed)
        if sqlite_file is not None:
            # SQLite creates the file but not its folder (e.g. the first run under a new home).
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    # A desktop program sits idle for hours; a server may have dropped the connection meanwhile.
    return create_engine(url, pool_pre_ping=True)


# --------------------------------------------------------------------------- unit of work


class UnitOfWork:
    """One business transaction: ``with UnitOfWork(factory) as uow: ...; uow.commit()``.

    Leaving the block rolls back whatever was not committed (so an exception, or simply
    forgetting ``commit()``, stores nothing) and always closes the session. Objects loaded before
    the last commit stay readable afterwards; build records from anything loaded later inside
    the block, since the closing rollback expires it.
    """

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork.session used outside its 'with' block")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("UnitOfWork is not re-entrant; make a new one")
        self._session = self._session_factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            session.rollback()
        finally:
            session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


# --------------------------------------------------------------------------- migrations


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the migrations shipped inside the package (no alembic.ini needed).

    With ``connection``, the migrations run on it, inside whatever transaction it has open.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revisions() -> set[str]:
    """The revisions this program's schema is at."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _status_of(connection: Connection, script: ScriptDirectory) -> SchemaStatus:
    inspector = inspect(connection)
    if not inspector.has_table("alembic_version"):
        ours = set(inspector.get_table_names()) & set(Base.metadata.tables)
        if ours:
            raise UserError(
                "数据库中已有 gkdesk 的数据表，但没有版本记录，无法自动升级。请确认打开的是正确的数据库。",
                code="db_unversioned",
                tables=sorted(ours),
            )
        return "new"
    current = set(MigrationContext.configure(connection).get_current_heads())
    for revision in current:
        try:
            script.revision_map.get_revision(revision)
        except ResolutionError:
            return "newer"
    return "current" if current == set(script.get_heads()) else "older"


def schema_status(engine: Engine) -> SchemaStatus:
    """Where the database stands relative to this program's migrations (it is not changed)."""
    with engine.connect() as conn:
        return _status_of(conn, ScriptDirectory.from_config(alembic_config()))


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction, set up for schema changes; commits when the block ends cleanly.

    On SQLite, foreign keys are off meanwhile (batch migrations copy and drop tables, and dropping
    a referenced table with keys on would cascade-delete the rows that point at it), and checked
    before commit. On PostgreSQL, an advisory lock keeps concurrent upgrades apart.
    """
    with engine.connect() as conn:
        is_sqlite = conn.dialect.name == "sqlite"
        # PRAGMA foreign_keys is ignored inside a transaction, so it goes straight to the driver
        # before SQLAlchemy begins one.
        driver = conn.connection.driver_connection
        if is_sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK_KEY})
                yield conn
                if is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows with dangling foreign keys: {broken[:10]}")
        finally:
            if is_sqlite:
                driver.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def upgrade(engine: Engine, *, paths: config.AppPaths | None = None) -> Path | None:
    """Bring the database to this program's schema; returns the backup made first, if any.

    A new database is created by the migrations. One at an older revision is first backed up
    (SQLite only; a PostgreSQL server's administrator backs it up with pg_dump). One at a revision
    this program does not know was written by a newer gkdesk and is refused.
    """
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        status = _status_of(conn, script)
    if status == "newer":
        raise UserError("数据库版本比本程序新，请升级 gkdesk。", code="db_too_new")
    if status == "current":
        return None
    backup: Path | None = None
    if status == "older":
        if engine.dialect.name == "sqlite":
            backup = _backup_before_upgrade(engine, paths or config.paths())
            log.info("database backed up to %s before upgrading", backup)
        else:
            log.warning("upgrading %s without a backup (use pg_dump)", display_url(str(engine.url)))
    with migration_connection(engine) as conn:
        command.upgrade(alembic_config(conn), "head")
    return backup


# --------------------------------------------------------------------------- backups


def _timestamp() -> str:
    return f"{datetime.now():%Y%m%d-%H%M%S}"


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def _sqlite_backup(engine: Engine, dest: Path) -> Path:
    """Copy a live SQLite database with the online backup API (consistent even while in use)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    partial.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            # A backup is one self-contained file that can be opened from read-only media.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        raw.close()
    os.replace(partial, dest)  # a half-written backup never carries the final name
    return dest


def _backup_before_upgrade(engine: Engine, paths: config.AppPaths) -> Path:
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    dest = _free_name(paths.backups_dir, f"gkdesk-{_timestamp()}-before-upgrade", ".sqlite")
    return _sqlite_backup(engine, dest)


# --------------------------------------------------------------------------- database


@dataclass(eq=False)
class Database:
    """An open, migrated database: the engine, its session factory, and backup."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    upgrade_backup: Path | None = field(default=None)  # set when opening backed up an older schema

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def sqlite_file(self) -> Path | None:
        return _sqlite_file(make_url(self.url))

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work on this database.

        ``read_only=True`` is for pure reads (lists, searches, exports): on SQLite it does not
        take the write lock, so it neither waits for nor blocks a writer; on PostgreSQL the
        server refuses any write in it.
        """
        if not read_only:
            return UnitOfWork(self.session_factory)
        return UnitOfWork(partial(self.session_factory, bind=self._reader))

    @cached_property
    def _reader(self) -> Engine:
        # Shares the engine's pool; only how its transactions begin differs.
        return self.engine.execution_options(**{READ_ONLY_OPTION: True, "postgresql_readonly": True})

    def backup(self, dest: Path) -> Path:
        """Copy the database to ``dest`` (a file, or a folder to put a timestamped file in)."""
        if not self.is_sqlite:
            raise UserError(
                "PostgreSQL 数据库请由管理员用 pg_dump 备份，本程序只能备份 SQLite 数据库文件。",
                code="backup_unsupported",
            )
        dest = Path(dest).expanduser()
        if dest.is_dir():
            dest = _free_name(dest, f"gkdesk-{_timestamp()}", ".sqlite")
        live = self.sqlite_file
        if live is not None and dest.absolute() == live.absolute():
            raise UserError("备份文件不能是正在使用的数据库文件本身。", code="backup_onto_itself")
        return _sqlite_backup(self.engine, dest)

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()


def open_database(url: str, *, paths: config.AppPaths | None = None) -> Database:
    """Connect to ``url``, bring it to this program's schema, and return it ready for use.

    ``paths`` says where an upgrade backup goes (default: ``config.paths()``).
    Raises ``UserError`` when the database cannot be reached or was written by a newer gkdesk.
    """
    url = normalize_url(url)
    engine = make_engine(url)
    try:
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except DBAPIError as exc:
            raise UserError(
                f"无法打开数据库 {display_url(url)}：{exc.orig}",
                code="db_unreachable",
                url=display_url(url),
            ) from exc
        backup = upgrade(engine, paths=paths)
    except BaseException:
        engine.dispose()
        raise
    # Services build their records from ORM objects after commit; keeping the loaded state
    # saves a reload round trip for each of them.
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(url=url, engine=engine, session_factory=factory, upgrade_backup=backup)
