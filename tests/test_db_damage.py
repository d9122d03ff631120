"""A damaged SQLite file and the automatic backups that make it recoverable.

The first open of the day checks the file (``PRAGMA quick_check``) and copies it into the backups
folder, keeping the last 30 daily copies; a damaged file is refused with one Chinese line naming
the newest backup and how to restore it, by the window and by every CLI command, and
``gkdesk restore`` brings the backup back. A merge of units is preceded by a safety copy.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gkdesk import config, db
from gkdesk.cli import main
from gkdesk.db import open_database
from gkdesk.errors import DatabaseDamagedError
from gkdesk.models import Task
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.units import merge_units

PLAN = "示范市2021年政务公开工作要点\n一、推进决策公开\n" + "".join(
    f"（{n}）第{n}项任务，做好重大决策预公开和政策解读工作{'。' * 40}（市司法局牵头，市发改委配合）\n"
    for n in range(1, 120)
)


@pytest.fixture
def live(tmp_path: Path, home: Path) -> Path:
    """A gkdesk database with a plan and a period, opened once today (so one daily backup exists)."""
    file = tmp_path / "gkdesk.sqlite"
    plan = tmp_path / "要点.txt"
    plan.write_text(PLAN, encoding="utf-8")
    with open_database(str(file), paths=config.paths()) as database:
        assert database.daily_backup is not None
        import_plan(database, plan, year=2021)
        open_period(database, "2021Q1", date(2021, 4, 15))
    return file


def _damage(file: Path) -> None:
    data = bytearray(file.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 8, pages
    for n in range(2, pages - 2, 2):  # every other page in the middle: b-tree pages become garbage
        data[n * page : (n + 1) * page] = b"\xa5" * page
    file.write_bytes(bytes(data))


def test_the_daily_backup_is_made_once_a_day_and_the_last_30_are_kept(live: Path) -> None:
    backups = config.paths().backups_dir
    (first,) = backups.glob("*-daily.sqlite")
    with open_database(str(live), paths=config.paths()) as again:
        assert again.daily_backup is None  # the second open of the day neither checks nor copies
    for day in range(1, 40):
        (backups / f"gkdesk-201901{day % 28 + 1:02d}-{day:06d}-daily.sqlite").write_bytes(b"old")
    with open_database(str(live), paths=config.paths()) as database:
        made = db.daily_check(database.engine, live, backups, today=date(2099, 1, 1))
    assert made is not None and made.name.startswith("gkdesk-20990101-")
    dailies = sorted(p.name for p in backups.glob("*-daily.sqlite"))
    assert len(dailies) == db.DAILY_BACKUPS_KEPT
    assert dailies[-2:] == [first.name, made.name]
    with open_database(str(made)) as copy, copy.unit_of_work(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Task)) == 119


def test_a_damaged_file_names_the_newest_backup(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = live.with_name("copy.sqlite")
    shutil.copyfile(live, damaged)
    _damage(damaged)
    newest = db.newest_backup(config.paths().backups_dir)
    assert newest is not None
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(str(damaged), paths=config.paths())
    assert str(newest) in caught.value.message and "设置 → 备份与恢复" in caught.value.message
    assert not list(config.paths().backups_dir.glob("*-daily-copy.sqlite"))  # no copy of a broken file
    for command in (["missing", "2021Q1"], ["period", "list"]):
        assert main(["--db", str(damaged), *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "已损坏" in err and str(newest) in err, err


def test_damage_found_later_by_a_query_gives_the_same_message(live: Path) -> None:
    with open_database(str(live), paths=config.paths()) as database:
        _damage(live)
        database.engine.dispose()  # forget the cached pages
        with pytest.raises(DatabaseDamagedError), database.unit_of_work(read_only=True) as uow:
            uow.session.scalars(select(Task)).all()


def test_restore_brings_a_damaged_file_back(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    newest = db.newest_backup(config.paths().backups_dir)
    _damage(live)
    assert main(["--db", str(live), "restore", str(newest)]) == 0
    assert "恢复前的数据库已另存为" in capsys.readouterr().out
    assert list(config.paths().backups_dir.glob("*-before-restore.sqlite"))
    with (
        open_database(str(live), paths=config.paths()) as database,
        database.unit_of_work(read_only=True) as uow,
    ):
        assert uow.session.scalar(select(func.count()).select_from(Task)) == 0  # as backed up


def test_a_merge_of_units_is_preceded_by_a_backup(live: Path) -> None:
    with open_database(str(live), paths=config.paths()) as database:
        merge_units(database, "市发改委", "市司法局", dry_run=True)
        assert not list(config.paths().backups_dir.glob("*-before-merge.sqlite"))
        merge_units(database, "市发改委", "市司法局")
    assert len(list(config.paths().backups_dir.glob("*-before-merge.sqlite"))) == 1
