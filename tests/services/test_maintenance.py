"""Backups, restoring one, and trying a database before using it (gkdesk.services.maintenance).

Tests taking ``database`` or ``db_url`` run on SQLite and, in CI, again on PostgreSQL, where a
backup is refused with the pg_dump hint and the connection test names the server's version.
Restoring is SQLite only: a backup is put into the live file after a safety copy is kept.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import pytest

from gkdesk.config import AppPaths, paths, sqlite_url
from gkdesk.db import Database, open_database
from gkdesk.errors import UserError
from gkdesk.services import maintenance
from gkdesk.services.settings import get_settings, set_setting


@pytest.fixture
def app_paths(home: Path) -> AppPaths:
    return paths(home).ensure()


def sqlite_db(tmp_path: Path, name: str = "live.sqlite") -> Database:
    return open_database(sqlite_url(tmp_path / name))


# --------------------------------------------------------------------------- backup


def test_backup_makes_a_new_timestamped_file_every_time(database: Database, app_paths: AppPaths) -> None:
    if database.dialect == "postgresql":
        with pytest.raises(UserError, match="pg_dump"):
            maintenance.backup(database, app_paths)
        assert maintenance.list_backups(app_paths) == []
        return
    set_setting(database, "office_name", "青禾市人民政府办公室")
    first = maintenance.backup(database, app_paths)
    second = maintenance.backup(database, app_paths)  # same second: must not overwrite the first
    assert first.parent == second.parent == app_paths.backups_dir
    assert re.fullmatch(r"gkdesk-\d{8}-\d{6}\.sqlite", first.name)
    assert first != second and first.exists() and second.exists()
    with open_database(sqlite_url(second)) as copy:
        assert get_settings(copy)["office_name"] == "青禾市人民政府办公室"
    rows = maintenance.list_backups(app_paths)
    assert {r.path for r in rows} == {first, second}
    assert all(r.kind == "manual" and r.kind_label == "手动备份" and r.size > 0 for r in rows)
    assert rows == sorted(rows, key=lambda r: (r.modified, r.name), reverse=True)


def test_list_backups_names_each_kind_and_skips_other_files(app_paths: AppPaths) -> None:
    assert maintenance.list_backups(paths(app_paths.home / "nowhere")) == []
    folder = app_paths.backups_dir
    for name in (
        "gkdesk-20260410-090000.sqlite",
        "gkdesk-20260411-090000-before-upgrade.sqlite",
        "gkdesk-20260412-090000-before-restore.sqlite",
        "gkdesk-20260413-090000.sqlite.part",  # a backup still being written
        "说明.txt",
    ):
        (folder / name).write_bytes(b"x")
    kinds = {r.name: r.kind_label for r in maintenance.list_backups(app_paths)}
    assert kinds == {
        "gkdesk-20260410-090000.sqlite": "手动备份",
        "gkdesk-20260411-090000-before-upgrade.sqlite": "升级前自动备份",
        "gkdesk-20260412-090000-before-restore.sqlite": "恢复前自动备份",
    }


# --------------------------------------------------------------------------- restore


def test_restore_puts_the_backup_in_place_and_keeps_a_safety_copy(
    tmp_path: Path, app_paths: AppPaths
) -> None:
    db = sqlite_db(tmp_path)
    set_setting(db, "office_name", "备份时的名称")
    backup = maintenance.backup(db, app_paths)
    set_setting(db, "office_name", "恢复前的名称")
    db.dispose()  # what the window does before restoring

    safety = maintenance.restore(db.url, backup, app_paths)

    assert safety is not None and safety.parent == app_paths.backups_dir
    assert re.fullmatch(r"gkdesk-\d{8}-\d{6}-before-restore\.sqlite", safety.name)
    # The same Database object reconnects to the restored file.
    assert get_settings(db)["office_name"] == "备份时的名称"
    db.dispose()
    with open_database(db.url) as again:
        assert get_settings(again)["office_name"] == "备份时的名称"
    with open_database(sqlite_url(safety)) as kept:
        assert get_settings(kept)["office_name"] == "恢复前的名称"
    assert backup.exists()  # the backup itself is left as it was
    assert {r.kind for r in maintenance.list_backups(app_paths)} == {"manual", "before-restore"}


def test_restore_refuses_what_is_not_a_gkdesk_backup(tmp_path: Path, app_paths: AppPaths) -> None:
    db = sqlite_db(tmp_path)
    set_setting(db, "office_name", "原来的名称")
    db.dispose()
    text = tmp_path / "笔记.sqlite"
    text.write_text("不是数据库" * 100, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    cases = [
        (tmp_path / "missing.sqlite", "找不到备份文件"),
        (text, "不是 SQLite 数据库文件"),
        (other, "没有 gkdesk 的数据"),
        (tmp_path / "live.sqlite", "就是正在使用的数据库文件本身"),
    ]
    for path, message in cases:
        with pytest.raises(UserError, match=message):
            maintenance.restore(db.url, path, app_paths)
    assert maintenance.list_backups(app_paths) == []  # nothing was touched, not even a safety copy
    with open_database(db.url) as again:
        assert get_settings(again)["office_name"] == "原来的名称"


def test_restore_refuses_a_backup_from_a_newer_gkdesk(tmp_path: Path, app_paths: AppPaths) -> None:
    db = sqlite_db(tmp_path)
    backup = maintenance.backup(db, app_paths)
    db.dispose()
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    with pytest.raises(UserError, match="较新版本"):
        maintenance.restore(db.url, backup, app_paths)


def test_restore_refuses_a_postgresql_url(app_paths: AppPaths, tmp_path: Path) -> None:
    db = sqlite_db(tmp_path)
    backup = maintenance.backup(db, app_paths)
    db.dispose()
    with pytest.raises(UserError, match="pg_restore"):
        maintenance.restore("postgresql://u@h/d", backup, app_paths)


def test_restore_waits_for_no_one_and_says_the_database_is_busy(
    tmp_path: Path, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sqlite_db(tmp_path)
    set_setting(db, "office_name", "原来的名称")
    backup = maintenance.backup(db, app_paths)
    db.dispose()
    monkeypatch.setattr(maintenance, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(tmp_path / "live.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another gkdesk in the middle of writing
        with pytest.raises(UserError, match="正被其他程序或其他电脑使用"):
            maintenance.restore(db.url, backup, app_paths)
    finally:
        other.execute("ROLLBACK")
        other.close()


# --------------------------------------------------------------------------- connection test


def test_connection_to_the_test_database_succeeds(db_url: str, database: Database) -> None:
    message = maintenance.test_connection(db_url)
    assert message.startswith("连接成功")
    assert "版本与本程序一致" in message
    if database.dialect == "postgresql":
        assert re.search(r"PostgreSQL \d+", message)
    else:
        assert "SQLite 3." in message


def test_connection_to_sqlite_files(tmp_path: Path) -> None:
    new = tmp_path / "新数据库.sqlite"
    assert "还不存在" in maintenance.test_connection(str(new))
    assert not new.exists()  # trying a database creates nothing
    with pytest.raises(UserError, match=r"文件夹.*不存在"):
        maintenance.test_connection(str(tmp_path / "没有这个文件夹" / "x.sqlite"))
    text = tmp_path / "notes.sqlite"
    text.write_text("hello " * 50, encoding="utf-8")
    with pytest.raises(UserError, match="不是 SQLite 数据库文件"):
        maintenance.test_connection(str(text))
    empty = tmp_path / "empty.sqlite"
    with sqlite3.connect(empty) as conn:
        conn.execute("CREATE TABLE other (x)")
    conn.close()
    assert "还没有 gkdesk 的数据" in maintenance.test_connection(sqlite_url(empty))


def test_connection_refuses_bad_addresses_in_chinese() -> None:
    with pytest.raises(UserError, match="请填写数据库"):
        maintenance.test_connection("   ")
    with pytest.raises(UserError, match="不支持这种数据库"):
        maintenance.test_connection("mysql://u@h/d")
    with pytest.raises(UserError, match="写法不对"):
        maintenance.test_connection("postgresql://u@h:port/d")


def test_connection_to_an_unreachable_server_says_why_without_the_password() -> None:
    with pytest.raises(UserError) as caught:
        maintenance.test_connection("postgresql://nobody:secret@127.0.0.1:1/x")
    message = caught.value.message
    assert message.startswith("无法连接 postgresql://nobody:***@127.0.0.1:1/x")
    assert "服务器拒绝连接" in message
    assert "secret" not in message


def test_connection_without_the_postgresql_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a computer without the [pg] extra
    with pytest.raises(UserError, match="没有安装 PostgreSQL 驱动（psycopg）") as caught:
        maintenance.test_connection("postgresql://u:p@server/gkdesk")
    assert caught.value.code == "pg_driver_missing"


def test_describe_url_is_what_the_office_reads() -> None:
    assert maintenance.describe_url("postgresql://u:secret@h:5432/d") == "postgresql://u:***@h:5432/d"
    described = maintenance.describe_url(sqlite_url("/data/gkdesk.sqlite"))
    assert described.startswith("SQLite 数据库文件 ") and described.endswith("gkdesk.sqlite")
