"""Engines, sessions and the unit of work; bringing a database up to this program's schema.

``open_database(url)`` is the one way in: it connects, creates a new database through the
migrations (never ``create_all``), backs up and upgrades an older one, and refuses one written by
a newer gkdesk. SQLite and PostgreSQL (psycopg 3) are both first-class.

SQLite notes. The file is switched to WAL once (the mode is stored in the file), so readers never
wait for a writer; every connection gets ``foreign_keys=ON`` and a busy timeout after which a
second writer gets a Chinese ``DatabaseBusyError``. WAL needs shared memory between the programs
using the file, so a SQLite file on a network share must be used by one computer at a time
(several computers share a PostgreSQL database instead). The sqlite3
module's legacy transaction handling is switched off and SQLAlchemy emits ``BEGIN`` itself, so
DDL is transactional (a failed migration leaves the file as it was) and SAVEPOINTs
(``session.begin_nested()``) really nest. Transactions start with ``BEGIN IMMEDIATE``: a
transaction that reads and then writes while another thread commits would otherwise fail at
once with "database is locked" (the busy timeout cannot help a stale read snapshot). Pure reads
should use ``Database.unit_of_work(read_only=True)``, which begins DEFERRED and so runs alongside
a writer; on PostgreSQL it opens a READ ONLY transaction.

Opening only reads unless the schema really needs creating or upgrading, so ``gkdesk plans`` works
while ``gkdesk collect`` writes. Given the app's ``paths``, the first open of a SQLite file each
day runs ``PRAGMA quick_check`` and then copies the file into the backups folder (the last
``DAILY_BACKUPS_KEPT`` are kept); a damaged file is refused with the newest backup named.
Errors the office can act on are translated wherever they happen (the engine's ``handle_error``
hook): a busy database, a damaged file, and two people saving the same report at once.
PostgreSQL connections give up after ``PG_CONNECT_TIMEOUT_S`` and probe idle sockets.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
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
from sqlalchemy.engine import URL, ExceptionContext
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gkdesk import config
from gkdesk.errors import ConflictError, DatabaseBusyError, DatabaseDamagedError, UserError
from gkdesk.models import Base

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Module constants rather than literals so tests (and a support engineer) can shorten them.
SQLITE_BUSY_TIMEOUT_MS = 10_000  # how long a second writer waits before being told to retry
PG_CONNECT_TIMEOUT_S = 10  # a server that accepts but never answers must not hang the window
DAILY_BACKUPS_KEPT = 30
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
SQLITE_HEADER = b"SQLite format 3\x00"
# Characters Windows forbids in file names: a "path" holding them is a typo, not a database.
_BAD_NAME_CHARS = re.compile(r'[<>:"|?*\x00-\x1f]')
BUSY_MESSAGE = "另一项操作正在写入数据库（例如正在收取报送文件），请稍后再试。"
REPORT_CLASH_MESSAGE = "这条报送刚被其他人（或另一项操作）同时保存过，本次保存未生效。请刷新后再试。"
# Any fixed 64-bit number; all gkdesk clients sharing one PostgreSQL database take this lock so
# that two of them starting at once do not both try to upgrade it.
_PG_MIGRATION_LOCK_KEY = 0x676B_6465_736B

SchemaStatus = Literal["new", "current", "older", "newer"]

# Execution option marking connections of read-only units of work (see Database.unit_of_work).
READ_ONLY_OPTION = "gkdesk_read_only"


# --------------------------------------------------------------------------- engines


def normalize_url(url: str) -> str:
    """A plain path becomes a SQLite URL; ``postgresql://`` and ``postgres://`` use psycopg 3.

    Anything else (``mysql://…``, a mistyped scheme, an unparsable URL) is a ``UserError``: its
    driver is not installed and the office could not act on an ImportError.
    """
    try:
        parsed = make_url(config.as_database_url(url))
    except (ArgumentError, ValueError):
        raise UserError(
            f"数据库地址“{url.strip()}”的写法不对。请使用 SQLite 文件路径或 postgresql://用户名@服务器/数据库名。",
            code="bad_url",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend not in ("sqlite", "postgresql"):
        raise UserError(
            f"不支持的数据库类型 {backend}，请使用 SQLite 文件路径或 postgresql://…",
            code="bad_url",
            backend=backend,
        )
    if backend == "postgresql":
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


def check_sqlite_path(path: Path, *, may_create_folder: bool = False) -> None:
    """Refuse a SQLite "path" that is surely a typo before SQLite creates a file by that name.

    An existing file is taken as it is. A new one must end in .sqlite/.sqlite3/.db, have no
    character Windows forbids in its name, and go into a folder that exists (``--db "::::"`` or a
    misspelt folder must not leave a stray empty database behind). ``may_create_folder`` is for
    gkdesk's own default file, whose folder the first run creates.
    """
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请给出数据库文件的位置。", code="bad_url", path=str(path))
    if path.exists():
        return
    if _BAD_NAME_CHARS.search(path.name) or path.suffix.lower() not in SQLITE_SUFFIXES:
        raise UserError(
            f"“{path.name}”不像数据库文件的位置。新建的 SQLite 数据库文件名应以 "
            f'{"、".join(SQLITE_SUFFIXES)} 结尾，且不含 < > : " | ? * 等字符；'
            "PostgreSQL 数据库请写成 postgresql://用户名@服务器/数据库名。",
            code="bad_url",
            path=str(path),
        )
    if not may_create_folder and not path.parent.is_dir():
        raise UserError(
            f"文件夹“{path.parent}”不存在，无法在那里新建数据库文件。请先建立该文件夹或换一个位置。",
            code="bad_folder",
            path=str(path),
        )


def _on_sqlite_connect(dbapi_connection: Any, _record: Any, *, busy_timeout_ms: int) -> None:
    # Hand transaction control to SQLAlchemy (see _on_sqlite_begin); must precede any statement.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # WAL is stored in the file: switch only once. Switching needs the file to itself, so a
        # busy file is simply left for a later open rather than failing this one.
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                log.warning("could not switch the database to WAL yet: %s", exc)
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    if not conn.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN DEFERRED" if options.get(READ_ONLY_OPTION) else "BEGIN IMMEDIATE")


def _is_report_clash(orig: BaseException) -> bool:
    """Whether a unique violation is uq_reports_current: two current answers for one task and unit."""
    constraint = getattr(getattr(orig, "diag", None), "constraint_name", None)  # psycopg
    if constraint is not None:
        return bool(constraint == "uq_reports_current")
    # SQLite names the columns, not the index; no other unique index of reports has these.
    return "reports.period_id, reports.task_id, reports.unit_id" in str(orig)


def _translate_error(ctx: ExceptionContext, *, backups_dir: Path | None = None) -> BaseException | None:
    """The office's version of a database error it can act on (None leaves the error as it is)."""
    orig = ctx.original_exception
    text_ = str(orig).lower()
    if isinstance(orig, sqlite3.OperationalError) and ("locked" in text_ or "busy" in text_):
        return DatabaseBusyError(BUSY_MESSAGE)
    if isinstance(orig, sqlite3.DatabaseError) and ("malformed" in text_ or "not a database" in text_):
        url = ctx.engine.url if ctx.engine is not None else None
        file = _sqlite_file(url) if url is not None else None
        return damaged_error(file, backups_dir)
    if isinstance(ctx.sqlalchemy_exception, IntegrityError) and _is_report_clash(orig):
        return ConflictError(REPORT_CLASH_MESSAGE, code="report_clash")
    return None


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int | None = None,
    connect_timeout_s: int | None = None,
    backups_dir: Path | None = None,
) -> Engine:
    """An engine for ``url`` (SQLAlchemy URL or SQLite file path) with gkdesk's connection setup.

    The timeouts default to ``SQLITE_BUSY_TIMEOUT_MS`` and ``PG_CONNECT_TIMEOUT_S``;
    ``backups_dir`` is named in the message about a damaged SQLite file.
    """
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        sqlite_file = _sqlite_file(parsed)
        if sqlite_file is not None:
            # SQLite creates the file but not its folder (e.g. the first run under a new home).
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        busy = SQLITE_BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        event.listen(engine, "connect", partial(_on_sqlite_connect, busy_timeout_ms=busy))
        event.listen(engine, "begin", _on_sqlite_begin)
    else:
        timeout = PG_CONNECT_TIMEOUT_S if connect_timeout_s is None else connect_timeout_s
        # No statement_timeout: a long collect or export is legitimate and must not be cut off.
        # Keepalives notice a server that vanished mid-query instead of waiting for TCP's hours.
        connect_args = {
            "connect_timeout": timeout,
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
        # A desktop program sits idle for hours; a server may have dropped the connection meanwhile.
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "handle_error", partial(_translate_error, backups_dir=backups_dir))
    return engine


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


def _reading(engine: Engine) -> Engine:
    """The engine with transactions that only read: on SQLite they do not take the write lock."""
    return engine.execution_options(**{READ_ONLY_OPTION: True, "postgresql_readonly": True})


def schema_status(engine: Engine) -> SchemaStatus:
    """Where the database stands relative to this program's migrations (it is not changed)."""
    with _reading(engine).connect() as conn:
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
    # Looking is read-only: only a real upgrade takes the write lock (a current database opens
    # while another gkdesk is writing to it).
    with _reading(engine).connect() as conn:
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


def newest_backup(backups_dir: Path | None) -> Path | None:
    """The most recent finished backup in ``backups_dir`` (names start with the time they were taken)."""
    if backups_dir is None or not backups_dir.is_dir():
        return None
    found = [p for p in backups_dir.glob("*.sqlite") if p.is_file()]
    return max(found, key=lambda p: (p.stat().st_mtime, p.name), default=None)


def _restore_advice(backups_dir: Path | None) -> tuple[str, Path | None]:
    newest = newest_backup(backups_dir)
    if newest is None:
        where = f"（备份文件夹“{backups_dir}”中没有备份）" if backups_dir is not None else ""
        return f"没有找到可用的备份{where}，请联系技术人员修复，不要继续使用这个文件。", None
    taken = datetime.fromtimestamp(newest.stat().st_mtime)
    return (
        f"最近的备份是“{newest}”（{taken:%Y-%m-%d %H:%M}）。请在 设置 → 备份与恢复 中选择它恢复，"
        f'或运行 gkdesk restore "{newest}"。'
    ), newest


def damaged_error(file: Path | None, backups_dir: Path | None) -> DatabaseDamagedError:
    """The message for a damaged SQLite file: which backup to restore, and how."""
    what = f"数据库文件“{file}”" if file is not None else "数据库文件"
    advice, newest = _restore_advice(backups_dir)
    return DatabaseDamagedError(
        f"{what}已损坏，无法使用。{advice}",
        file=str(file) if file else "",
        backup=str(newest) if newest else "",
    )


def _daily_tag(file: Path) -> str:
    # gkdesk's own file keeps the plain name; another file's stem tells its backups apart.
    stem = re.sub(r"[^\w]+", "_", file.stem)
    return "" if stem == "gkdesk" else f"-{stem}"


def daily_check(engine: Engine, file: Path, backups_dir: Path, *, today: date | None = None) -> Path | None:
    """On the first open of the day: ``quick_check`` the file, then back it up; returns the backup.

    "First of the day" means no daily backup of this file dated today exists yet. A damaged file
    raises ``DatabaseDamagedError`` and gets no backup, so good backups are never rotated out by
    copies of a broken file (and it is checked again at every open until restored). A backup
    that cannot be written (full disk, read-only folder) is logged; the office can still work.
    """
    today = today or date.today()
    tag = _daily_tag(file)
    if backups_dir.is_dir() and any(backups_dir.glob(f"gkdesk-{today:%Y%m%d}-*-daily{tag}.sqlite")):
        return None
    # quick_check reads every page (about 0.07 s for 60 MB from the cache), hence once a day;
    # later damage still surfaces as DatabaseDamagedError through _translate_error.
    with _reading(engine).connect() as conn:
        result = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        log.error("quick_check of %s failed: %s", file, result[:5])
        raise damaged_error(file, backups_dir)
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        stamp = f"{today:%Y%m%d}-{datetime.now():%H%M%S}"
        dest = _sqlite_backup(engine, _free_name(backups_dir, f"gkdesk-{stamp}-daily{tag}", ".sqlite"))
    except (OSError, sqlite3.Error) as exc:
        log.warning("daily backup of %s into %s failed: %s", file, backups_dir, exc)
        return None
    dailies = sorted(backups_dir.glob(f"gkdesk-*-daily{tag}.sqlite"), key=lambda p: p.name)
    for old in dailies[:-DAILY_BACKUPS_KEPT]:
        try:
            old.unlink()
        except OSError as exc:  # e.g. opened in another program; try again tomorrow
            log.warning("could not remove old daily backup %s: %s", old, exc)
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
    daily_backup: Path | None = field(default=None)  # set when this open made the day's backup
    backups_dir: Path | None = field(default=None)  # where automatic safety copies go, if anywhere

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
        return _reading(self.engine)

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

    def backup_before(self, action: str) -> Path | None:
        """A safety copy ``gkdesk-…-before-<action>.sqlite`` before a change that is hard to undo.

        Only for a SQLite file opened with the app's paths; returns None otherwise.
        """
        if not self.is_sqlite or self.sqlite_file is None or self.backups_dir is None:
            return None
        try:
            self.backups_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"无法写入备份文件夹“{self.backups_dir}”：{exc.strerror or exc}", code="backup_failed"
            ) from None
        dest = _free_name(self.backups_dir, f"gkdesk-{_timestamp()}-before-{action}", ".sqlite")
        return _sqlite_backup(self.engine, dest)

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()


def _unreachable(url: str, exc: DBAPIError) -> UserError:
    reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    low = reason.lower()
    if "timeout" in low or "timed out" in low:
        reason = f"连接超时，服务器没有响应（地址不对、网络不通或被防火墙挡住）。（详细信息：{reason}）"
    return UserError(
        f"无法打开数据库 {display_url(url)}：{reason}", code="db_unreachable", url=display_url(url)
    )


def open_database(
    url: str,
    *,
    paths: config.AppPaths | None = None,
    busy_timeout_ms: int | None = None,
    connect_timeout_s: int | None = None,
) -> Database:
    """Connect to ``url``, bring it to this program's schema, and return it ready for use.

    ``paths`` says where an upgrade backup goes (default: ``config.paths()``). Passing it (the CLI
    and the window do) also turns on the daily check and backup of a SQLite file (``daily_check``)
    and the safety copies of ``Database.backup_before``. Opening takes no write lock unless the
    schema must be created or upgraded. Raises ``UserError`` when the database cannot be reached,
    is damaged, is not a database, or was written by a newer gkdesk.
    """
    url = normalize_url(url)
    app_paths = paths or config.paths()
    file = _sqlite_file(make_url(url))
    if file is not None:
        _check_header(file, app_paths.backups_dir)
    backups_dir = paths.backups_dir if paths is not None else None
    engine = make_engine(
        url, busy_timeout_ms=busy_timeout_ms, connect_timeout_s=connect_timeout_s, backups_dir=backups_dir
    )
    daily: Path | None = None
    try:
        try:
            with _reading(engine).connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except DBAPIError as exc:
            raise _unreachable(url, exc) from exc
        backup = upgrade(engine, paths=app_paths)
        if file is not None and backups_dir is not None:
            daily = daily_check(engine, file, backups_dir)
    except BaseException:
        engine.dispose()
        raise
    # Services build their records from ORM objects after commit; keeping the loaded state
    # saves a reload round trip for each of them.
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(
        url=url,
        engine=engine,
        session_factory=factory,
        upgrade_backup=backup,
        daily_backup=daily,
        backups_dir=backups_dir,
    )


def _check_header(file: Path, backups_dir: Path) -> None:
    """An existing file must be a SQLite database (or empty, as a just-created one is)."""
    try:
        with file.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"无法读取数据库文件“{file}”：{exc.strerror or exc}", code="db_unreachable") from None
    if not header:
        return
    if header != SQLITE_HEADER:
        # Either the wrong file was named or its first page is destroyed; say both.
        advice, _ = _restore_advice(backups_dir)
        raise UserError(
            f"“{file}”不是 SQLite 数据库文件，请检查 --db 或“设置”中的数据库位置。"
            f"如果它原本就是 gkdesk 的数据库，说明文件已损坏：{advice}",
            code="db_unreachable",
            path=str(file),
        )
