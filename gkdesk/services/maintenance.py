"""Keeping the database safe: backups, restoring one, and trying another database before using it.

``backup`` copies the open SQLite database into the backups folder under a timestamped name
(never over an older backup); ``list_backups`` lists that folder. ``restore`` puts a backup in
place of the SQLite file a URL names, after keeping a safety copy of what was there: the caller
disposes its open ``Database`` first, restores, and then tells the user to restart the program.
``test_connection`` tries a SQLite file or a PostgreSQL server and says in Chinese what it found.

PostgreSQL databases are backed up and restored by the server's administrator (pg_dump).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from gkdesk.config import AppPaths, as_database_url
from gkdesk.db import Database, display_url, schema_status
from gkdesk.errors import UserError

BACKUP_SUFFIX = ".sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10
CONNECT_TIMEOUT_S = 5  # a server that does not answer should not keep the user waiting long
PG_BACKUP_HINT = "PostgreSQL 数据库请由服务器管理员用 pg_dump 备份和恢复，本程序只备份 SQLite 数据库文件。"
PG_URL_EXAMPLE = "postgresql://用户名:密码@服务器地址/数据库名"

BackupKind = Literal["manual", "daily", "before-upgrade", "before-restore", "before-merge"]
KIND_LABELS: dict[str, str] = {
    "manual": "手动备份",
    "daily": "每日自动备份",
    "before-upgrade": "升级前自动备份",
    "before-restore": "恢复前自动备份",
    "before-merge": "合并单位前自动备份",
}


@dataclass(frozen=True, slots=True)
class BackupRow:
    """One backup file in the backups folder."""

    path: Path
    name: str
    modified: datetime  # local time the file was written
    size: int  # bytes
    kind: BackupKind

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


# --------------------------------------------------------------------------- backups


def backup(db: Database, paths: AppPaths) -> Path:
    """Copy the open database to ``gkdesk-YYYYMMDD-HHMMSS.sqlite`` in the backups folder."""
    if not db.is_sqlite:
        raise UserError(PG_BACKUP_HINT, code="backup_unsupported")
    try:
        paths.backups_dir.mkdir(parents=True, exist_ok=True)
        # Given a folder, Database.backup picks a timestamped name that no existing file has.
        return db.backup(paths.backups_dir)
    except OSError as exc:
        raise UserError(
            f"无法写入备份文件夹“{paths.backups_dir}”：{exc.strerror or exc}", code="backup_failed"
        ) from None


def _kind_of(name: str) -> BackupKind:
    if "before-upgrade" in name:
        return "before-upgrade"
    if "before-restore" in name:
        return "before-restore"
    if "before-merge" in name:
        return "before-merge"
    if "-daily" in name:
        return "daily"
    return "manual"


def list_backups(paths: AppPaths) -> list[BackupRow]:
    """Every backup in the backups folder, newest first (half-written ``.part`` files left out)."""
    if not paths.backups_dir.is_dir():
        return []
    rows = []
    for path in paths.backups_dir.iterdir():
        if path.suffix.lower() != BACKUP_SUFFIX or not path.is_file():
            continue
        try:
            stat = path.stat()
        except OSError:  # deleted meanwhile
            continue
        rows.append(
            BackupRow(
                path=path,
                name=path.name,
                modified=datetime.fromtimestamp(stat.st_mtime),
                size=stat.st_size,
                kind=_kind_of(path.stem),
            )
        )
    # The name carries the second it was taken; it breaks ties between files of one second.
    rows.sort(key=lambda r: (r.modified, r.name), reverse=True)
    return rows


# --------------------------------------------------------------------------- restore


def _sqlite_file_of(url: str) -> Path:
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite":
        raise UserError(
            "只能恢复 SQLite 数据库文件。PostgreSQL 数据库请由服务器管理员用 pg_restore 恢复。",
            code="restore_unsupported",
        )
    if parsed.database in (None, "", ":memory:") or parsed.database.startswith("file:"):
        raise UserError("当前数据库不是一个数据库文件，无法从备份恢复。", code="restore_unsupported")
    return Path(parsed.database)


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}{BACKUP_SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{BACKUP_SUFFIX}"
        n += 1
    return candidate


class _Busy(Exception):
    pass


_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


def _backup_api(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """``source.backup(target)``, but giving up after ``BUSY_TIMEOUT_S`` when a file stays locked.

    The sqlite3 module retries a busy step forever; raising from the progress callback is the
    only way to stop it, and another program writing to the file must not hang the window.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (_SQLITE_BUSY, _SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _Busy()

    try:
        source.backup(target, progress=progress, sleep=0.05)
    except _Busy:
        raise sqlite3.OperationalError("database is locked") from None


def _copy_sqlite(source: Path, dest: Path) -> Path:
    """A consistent copy of ``source`` (including what is still in its WAL) as one file at ``dest``."""
    partial = dest.with_name(dest.name + ".part")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    try:
        target = sqlite3.connect(partial)
        try:
            _backup_api(src, target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.replace(partial, dest)  # a half-written copy never carries the final name
    return dest


def _safety_copy(live: Path, dest: Path) -> Path:
    """``_copy_sqlite``, or for a damaged file (the usual reason to restore) a plain byte copy."""
    try:
        return _copy_sqlite(live, dest)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
            raise
        dest.with_name(dest.name + ".part").unlink(missing_ok=True)
        shutil.copyfile(live, dest)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
        return dest


def check_backup_file(path: Path) -> None:
    """Refuse (``UserError``) anything that is not a readable gkdesk database this program can open."""
    name = path.name
    if not path.is_file():
        raise UserError(f"找不到备份文件“{path}”。", code="backup_missing")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"无法读取“{name}”：{exc.strerror or exc}", code="backup_unreadable") from None
    if header != SQLITE_HEADER:
        raise UserError(f"“{name}”不是 gkdesk 的数据库备份（不是 SQLite 数据库文件）。", code="not_a_backup")
    engine = create_engine(f"sqlite:///{path.absolute().as_posix()}")
    try:
        with engine.connect() as conn:
            check = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if check != "ok":
            raise UserError(f"备份文件“{name}”已损坏，不能用来恢复。", code="backup_damaged")
        status = schema_status(engine)
    except DBAPIError:
        raise UserError(
            f"备份文件“{name}”已损坏或不是数据库文件，不能用来恢复。", code="backup_damaged"
        ) from None
    finally:
        engine.dispose()
    if status == "new":
        raise UserError(f"“{name}”不是 gkdesk 的数据库备份（其中没有 gkdesk 的数据）。", code="not_a_backup")
    if status == "newer":
        raise UserError(
            f"“{name}”由较新版本的 gkdesk 建立，本程序打不开它。请先升级 gkdesk 再恢复。",
            code="backup_too_new",
        )


def restore(url: str, backup_file: Path, paths: AppPaths) -> Path | None:
    """Put ``backup_file`` in place of the SQLite database ``url`` names; returns the safety copy.

    The database as it was is first copied to ``gkdesk-…-before-restore.sqlite`` in the backups
    folder (None is returned only when there was no database file to keep). The caller must
    have disposed its open ``Database`` on this file, and the program must restart afterwards.
    The backup is written into the live file with SQLite's backup API in one step, so the file
    is never half replaced and its WAL stays consistent.
    """
    live = _sqlite_file_of(url)
    backup_file = Path(backup_file)
    check_backup_file(backup_file)
    if live.exists() and os.path.samefile(live, backup_file):
        raise UserError("所选的备份文件就是正在使用的数据库文件本身。", code="restore_onto_itself")
    safety: Path | None = None
    try:
        if live.exists():
            paths.backups_dir.mkdir(parents=True, exist_ok=True)
            stem = f"gkdesk-{datetime.now():%Y%m%d-%H%M%S}-before-restore"
            safety = _safety_copy(live, _free_name(paths.backups_dir, stem))
        live.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(backup_file, timeout=BUSY_TIMEOUT_S)
        try:
            target = sqlite3.connect(live, timeout=BUSY_TIMEOUT_S)
            try:
                _backup_api(source, target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise UserError(
                "数据库正被其他程序或其他电脑使用，无法恢复。请关闭其他正在使用它的 gkdesk 后重试。",
                code="db_busy",
            ) from None
        raise UserError(f"恢复失败：{exc}", code="restore_failed") from None
    except OSError as exc:
        raise UserError(f"恢复失败：{exc.strerror or exc}", code="restore_failed") from None
    return safety


# --------------------------------------------------------------------------- connection test


def _parse(url: str) -> URL:
    text = url.strip()
    if not text:
        raise UserError(
            f"请填写数据库：SQLite 数据库文件的位置，或 PostgreSQL 地址（{PG_URL_EXAMPLE}）。",
            code="bad_url",
        )
    try:
        parsed = make_url(as_database_url(text))
    except (ArgumentError, ValueError):
        raise UserError(
            f"数据库地址“{text}”的写法不对。PostgreSQL 地址应写成 {PG_URL_EXAMPLE}。", code="bad_url"
        ) from None
    # Not normalize_url: that refuses other backends, and test_connection words that itself.
    if parsed.get_backend_name() in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe_url(url: str) -> str:
    """A database as the office reads it: a SQLite file's path, or the URL with the password masked."""
    try:
        parsed = _parse(url)
    except UserError:
        return url
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return "内存数据库（仅供试用）"
        return f"SQLite 数据库文件 {Path(parsed.database)}"
    return display_url(parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=False))


def _schema_note(engine: Engine) -> str:
    status = schema_status(engine)
    if status == "newer":
        raise UserError(
            "连接成功，但这个数据库由较新版本的 gkdesk 建立，本程序不能使用它。请先升级 gkdesk。",
            code="db_too_new",
        )
    return {
        "new": "其中还没有 gkdesk 的数据，使用时会自动建立。",
        "older": "其中的数据由较早版本的 gkdesk 建立，使用时会自动升级。",
        "current": "其中已有 gkdesk 的数据，版本与本程序一致。",
    }[status]


def _pg_reason(exc: DBAPIError) -> str:
    """The server's complaint in words the office understands (the original text is kept after it)."""
    raw = str(exc.orig).strip()
    low = raw.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        reason = "用户名或密码不对"
    elif "does not exist" in low and "database" in low:
        reason = "服务器上没有这个数据库，请让管理员先建立"
    elif "does not exist" in low and "role" in low:
        reason = "服务器上没有这个用户"
    elif "timeout" in low or "timed out" in low:
        reason = "连接超时，服务器没有响应（地址不对，或被防火墙挡住）"
    elif "refused" in low:
        reason = "服务器拒绝连接（地址或端口不对，或数据库服务没有启动）"
    elif "could not translate host name" in low or "name or service not known" in low:
        reason = "找不到这个服务器地址"
    elif "permission denied" in low:
        reason = "这个用户没有使用该数据库的权限"
    else:
        reason = "连接失败"
    first_line = raw.splitlines()[0] if raw else ""
    return f"{reason}。（详细信息：{first_line}）" if first_line else f"{reason}。"


def test_connection(url: str) -> str:
    """Try the database ``url`` names (a SQLite file path or URL, or a PostgreSQL URL).

    Returns a Chinese sentence saying what was found; raises ``UserError`` with the reason when
    it cannot be used. Nothing is created or changed: a SQLite file that does not exist yet is
    reported as such, not made.
    """
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    shown = describe_url(url)
    if backend == "sqlite":
        return _test_sqlite(parsed)
    if backend != "postgresql":
        raise UserError(
            f"不支持这种数据库（{parsed.drivername}）。"
            f"请使用 SQLite 数据库文件或 PostgreSQL（{PG_URL_EXAMPLE}）。",
            code="bad_url",
        )
    try:
        engine = create_engine(parsed, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    except (ImportError, NoSuchModuleError):
        raise UserError(
            "本程序没有安装 PostgreSQL 驱动（psycopg），无法连接 PostgreSQL。"
            '请安装带 PostgreSQL 支持的 gkdesk（pip install "gkdesk[pg]"），或改用 SQLite 数据库文件。',
            code="pg_driver_missing",
        ) from None
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            version = str(conn.exec_driver_sql("SHOW server_version").scalar() or "").split(" ")[0]
        note = _schema_note(engine)
    except DBAPIError as exc:
        raise UserError(f"无法连接 {shown}：{_pg_reason(exc)}", code="db_unreachable") from None
    finally:
        engine.dispose()
    where = f"{parsed.host or '本机'}{f':{parsed.port}' if parsed.port else ''}"
    return f"连接成功：PostgreSQL {version}（服务器 {where}，数据库 {parsed.database}）。{note}"


def _test_sqlite(parsed: URL) -> str:
    if parsed.database in (None, "", ":memory:"):
        return "这是一个内存数据库，关闭程序后数据即消失，只能用于试用。"
    path = Path(parsed.database)
    if not path.exists():
        if not path.parent.is_dir():
            raise UserError(f"文件夹“{path.parent}”不存在，请先建立或换一个位置。", code="bad_folder")
        return f"文件“{path}”还不存在。使用此数据库后，程序会在这里新建一个空的数据库。"
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请选择或填写数据库文件。", code="bad_url")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"无法读取“{path}”：{exc.strerror or exc}", code="db_unreachable") from None
    if header and header != SQLITE_HEADER:
        raise UserError(f"“{path.name}”不是 SQLite 数据库文件。", code="db_unreachable")
    engine = create_engine(parsed)
    try:
        with engine.connect() as conn:
            version = str(conn.exec_driver_sql("SELECT sqlite_version()").scalar())
        note = _schema_note(engine)
    except DBAPIError as exc:
        raise UserError(f"无法打开“{path.name}”：{exc.orig}", code="db_unreachable") from None
    finally:
        engine.dispose()
    return f"连接成功：SQLite {version} 数据库文件“{path}”。{note}"
