"""Database layer: opening and migrating, SQLite pragmas, the unit of work, backups, the models,
and where config looks for the home folder, the database and the settings.

Tests taking ``database`` or ``db_url`` run on SQLite and, when GKDESK_TEST_PG is set, PostgreSQL.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, delete, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import selectinload

from gkdesk import config, db
from gkdesk.db import Database, UnitOfWork, make_engine, migration_connection, open_database
from gkdesk.errors import UserError
from gkdesk.models import Base, ChangeLog, Plan, Task, TaskUnit, Unit, UnitAlias, UnitGroupMember

REPO = Path(__file__).resolve().parent.parent
OUR_TABLES = set(Base.metadata.tables)
HEAD = max(db.head_revisions())  # one head: the newest migration


def _tables(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names())


def _version(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def _downgrade(url: str, target: str) -> None:
    engine = make_engine(url)
    try:
        with migration_connection(engine) as conn:
            command.downgrade(db.alembic_config(conn), target)
    finally:
        engine.dispose()


def _add_plan(database: Database) -> int:
    """A plan with two tasks naming three units (one as lead of both); returns the plan id."""
    with database.unit_of_work() as uow:
        s = uow.session
        fgw, czj, xzf = Unit(name="市发展改革委"), Unit(name="市财政局"), Unit(name="某县人民政府")
        fgw.aliases.append(UnitAlias(alias="市发改委"))
        plan = Plan(
            year=2024,
            title="2024年政务公开工作要点",
            source_name="要点.docx",
            source_sha256="ab" * 32,
            layout="paragraphs",
        )
        # Appended out of order: Plan.tasks must come back ordered by seq.
        t2 = Task(seq=2, label="2.", section="一、总体 / （一）", title="第二项", text="第二项全文")
        t1 = Task(
            seq=1,
            label="1.",
            section="一、总体",
            title="第一项",
            text="第一项全文",
            deadline_text="2024年6月底前",
            deadline_date=date(2024, 6, 30),
        )
        plan.tasks.extend([t2, t1])
        t1.units.extend(
            [
                TaskUnit(unit=czj, role="co", printed_name="市财政局", position=1),
                TaskUnit(unit=fgw, role="lead", printed_name="市发改委", position=0),
            ]
        )
        t2.units.extend(
            [
                TaskUnit(unit=fgw, role="lead", printed_name="市发展改革委", position=0),
                TaskUnit(unit=xzf, role="co", printed_name="各县市区政府", position=1),
            ]
        )
        s.add(plan)
        uow.commit()
        return plan.id


# --------------------------------------------------------------------------- opening and migrating


def test_new_database_is_created_by_migration(database: Database) -> None:
    assert _tables(database) == OUR_TABLES | {"alembic_version"}
    assert _version(database.url) == db.head_revisions() == {HEAD}
    assert db.schema_status(database.engine) == "current"
    assert database.upgrade_backup is None


def test_reopening_a_current_database_changes_nothing(db_url: str, home: Path) -> None:
    open_database(db_url).dispose()
    _add_plan(first := open_database(db_url))
    first.dispose()
    with open_database(db_url) as again:
        assert again.upgrade_backup is None
        with again.unit_of_work() as uow:
            assert uow.session.scalar(select(func.count()).select_from(Task)) == 2
    assert not config.paths().backups_dir.exists()


def test_default_database_is_a_sqlite_file_under_home(home: Path) -> None:
    paths = config.paths()
    with open_database(config.database_url(paths), paths=paths) as database:
        assert database.is_sqlite
        assert database.sqlite_file == home / "data" / "gkdesk.sqlite"
    assert (home / "data" / "gkdesk.sqlite").is_file()


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path: Path, home: Path) -> None:
    with open_database(str(tmp_path / "plain-path.sqlite")) as database:
        # Two connections at once, so the second is a fresh one from the pool.
        first, second = database.engine.raw_connection(), database.engine.raw_connection()
        try:
            for raw in (first, second):
                pragma = raw.driver_connection.execute  # type: ignore[union-attr]
                assert pragma("PRAGMA journal_mode").fetchone() == ("wal",)
                assert pragma("PRAGMA foreign_keys").fetchone() == (1,)
                assert pragma("PRAGMA busy_timeout").fetchone() == (db.SQLITE_BUSY_TIMEOUT_MS,)
        finally:
            first.close()
            second.close()


def test_savepoints_nest_on_every_backend(database: Database) -> None:
    # On SQLite this holds only because SQLAlchemy, not the sqlite3 module, emits BEGIN.
    with database.unit_of_work() as uow:
        uow.session.add(Unit(name="外层"))
        uow.session.flush()
        with uow.session.begin_nested() as inner:
            uow.session.add(Unit(name="内层"))
            uow.session.flush()
            inner.rollback()
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Unit.name)).all() == ["外层"]


def test_older_database_is_backed_up_then_upgraded(db_url: str, home: Path) -> None:
    open_database(db_url).dispose()
    _downgrade(db_url, "base")  # an existing gkdesk database, at a revision older than head
    engine = make_engine(db_url)
    try:
        assert db.schema_status(engine) == "older"
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()

    with open_database(db_url) as database:
        assert _tables(database) == OUR_TABLES | {"alembic_version"}
        assert _version(db_url) == {HEAD}
        backup = database.upgrade_backup
        if database.is_sqlite:
            assert backup is not None and backup.parent == config.paths().backups_dir
            assert re.fullmatch(r"gkdesk-\d{8}-\d{6}-before-upgrade\.sqlite", backup.name)
            with sqlite3.connect(backup) as old:
                names = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert names == {"alembic_version"}  # the state before the upgrade
        else:
            assert backup is None  # PostgreSQL is backed up with pg_dump by its administrator


@pytest.fixture
def updated_migrations(tmp_path: Path) -> Path:
    """This program's migrations plus a test-only revision 9999 after head, as if gkdesk were updated."""
    scripts = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_test_only.py").write_text(
        '"""Test only: adds a table and a column."""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        'revision = "9999"\n'
        f'down_revision = "{HEAD}"\n'
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    op.create_table("test_only", sa.Column("id", sa.Integer(), primary_key=True))\n'
        '    with op.batch_alter_table("units") as batch:\n'
        '        batch.add_column(sa.Column("test_note", sa.String(20), server_default="x"))\n\n\n'
        "def downgrade() -> None:\n"
        '    with op.batch_alter_table("units") as batch:\n'
        '        batch.drop_column("test_note")\n'
        '    op.drop_table("test_only")\n',
        encoding="utf-8",
    )
    return scripts


def test_upgrade_keeps_data_and_backs_it_up_first(
    db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch, updated_migrations: Path
) -> None:
    with open_database(db_url) as current:
        plan_id = _add_plan(current)
    monkeypatch.setattr(db, "MIGRATIONS_DIR", updated_migrations)
    assert db.head_revisions() == {"9999"}

    with open_database(db_url) as upgraded:
        assert _version(db_url) == {"9999"}
        assert "test_only" in _tables(upgraded)
        with upgraded.unit_of_work() as uow:
            # On SQLite, batch mode rebuilt "units" (which three tables reference) with data intact.
            plan = uow.session.get_one(Plan, plan_id)
            assert [len(t.units) for t in plan.tasks] == [2, 2]
            assert uow.session.scalars(select(UnitAlias.alias)).all() == ["市发改委"]
            assert uow.session.scalars(text("SELECT DISTINCT test_note FROM units")).all() == ["x"]
        if upgraded.is_sqlite:
            assert upgraded.upgrade_backup is not None
            with sqlite3.connect(upgraded.upgrade_backup) as old:
                assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
                assert old.execute("SELECT count(*) FROM task_units").fetchone() == (4,)
        else:
            assert upgraded.upgrade_backup is None


def test_newer_database_is_refused(db_url: str, home: Path) -> None:
    open_database(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))
    engine.dispose()
    with pytest.raises(UserError) as caught:
        open_database(db_url)
    assert caught.value.code == "db_too_new"
    assert str(caught.value) == "数据库版本比本程序新，请升级 gkdesk。"
    assert _version(db_url) == {"f00dfeedbeef"}  # left untouched


def test_unversioned_database_with_our_tables_is_refused(db_url: str, home: Path) -> None:
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    engine.dispose()
    with pytest.raises(UserError) as caught:
        open_database(db_url)
    assert caught.value.code == "db_unversioned"


def test_unreachable_or_foreign_database_is_a_user_error(tmp_path: Path, home: Path) -> None:
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_bytes(b"this is not a database, just some bytes " * 100)
    with pytest.raises(UserError) as caught:
        open_database(str(not_a_db))
    assert caught.value.code == "db_unreachable"
    with pytest.raises(UserError) as caught:
        open_database("postgresql://nobody:secret@127.0.0.1:1/gkdesk?connect_timeout=2")
    assert caught.value.code == "db_unreachable"
    assert "secret" not in str(caught.value)


def _sqlite_aware_default_compare(
    context: Any,
    inspected: Any,
    metadata: Any,
    inspected_default: str | None,
    _meta: Any,
    rendered: str | None,
) -> bool | None:
    # Alembic reads SQLite's DEFAULT '' back as "('')" but renders the model's as "", and reports
    # a difference that is not one; compare the bare values there, defer to Alembic elsewhere.
    if context.dialect.name != "sqlite":
        return None

    def bare(value: str | None) -> str:
        value = (value or "").strip()
        while value.startswith("(") and value.endswith(")"):
            value = value[1:-1].strip()
        if len(value) >= 2 and value[0] == value[-1] == "'":
            value = value[1:-1]
        return value.lower()

    return bare(inspected_default) != bare(rendered)


def test_migrated_schema_matches_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": _sqlite_aware_default_compare}
        )
        assert compare_metadata(context, Base.metadata) == []


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_developer_alembic_ini_upgrades_and_finds_no_model_drift(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    target = tmp_path / "dev.sqlite"
    monkeypatch.setenv("GKDESK_DB", str(target))
    cfg = Config(str(REPO / "alembic.ini"))
    command.upgrade(cfg, "head")
    assert _version(config.sqlite_url(target)) == {HEAD}
    command.check(cfg)  # what `alembic revision --autogenerate` would find: nothing


def test_downgrade_to_base_and_back(db_url: str, home: Path) -> None:
    open_database(db_url).dispose()
    _downgrade(db_url, "base")
    with open_database(db_url) as database:
        assert _tables(database) == OUR_TABLES | {"alembic_version"}


# --------------------------------------------------------------------------- unit of work


def test_unit_of_work_rolls_back_unless_committed(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.session.add(Unit(name="未提交"))
        uow.session.flush()
    with pytest.raises(RuntimeError, match="boom"), UnitOfWork(database.session_factory) as uow:
        uow.session.add(Unit(name="出错"))
        uow.commit()
        uow.session.add(Unit(name="提交之后又改"))
        uow.session.flush()
        raise RuntimeError("boom")
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Unit.name)).all() == ["出错"]


def test_unit_of_work_closes_and_guards_its_session(database: Database) -> None:
    uow = database.unit_of_work()
    with pytest.raises(RuntimeError):
        _ = uow.session
    with uow:
        session = uow.session
        unit = Unit(name="甲")
        session.add(unit)
        uow.commit()
    assert (unit.id, unit.name) == (1, "甲")  # readable after the block (expire_on_commit=False)
    assert not session.in_transaction()
    with pytest.raises(RuntimeError):
        _ = uow.session


def test_read_then_write_units_of_work_in_parallel_threads(database: Database) -> None:
    # The pattern of most services (look something up, then write); on SQLite this fails with
    # "database is locked" unless write transactions begin IMMEDIATE.
    def work(worker: int) -> None:
        for i in range(10):
            with database.unit_of_work() as uow:
                n = uow.session.scalar(select(func.count()).select_from(Unit))
                uow.session.add(Unit(name=f"单位{worker}-{i}-{n}"))
                uow.commit()
            with database.unit_of_work(read_only=True) as uow:
                uow.session.scalars(select(Unit.name)).all()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    with database.unit_of_work(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Unit)) == 40


def test_read_only_unit_of_work_runs_beside_a_writer(database: Database) -> None:
    with database.unit_of_work() as writer:
        writer.session.add(Unit(name="写入中"))
        writer.session.flush()  # holds SQLite's write lock from here on
        started = time.monotonic()
        with database.unit_of_work(read_only=True) as reader:
            assert reader.session.scalar(select(func.count()).select_from(Unit)) == 0
        assert time.monotonic() - started < 2  # did not wait for the writer
        writer.commit()
    with database.unit_of_work(read_only=True) as reader:
        assert reader.session.scalars(select(Unit.name)).all() == ["写入中"]
        if database.dialect == "postgresql":
            reader.session.add(Unit(name="不该写入"))
            with pytest.raises(DBAPIError, match="read-only"):
                reader.session.flush()


# --------------------------------------------------------------------------- models


def test_plan_tasks_and_units_round_trip(database: Database) -> None:
    plan_id = _add_plan(database)
    with database.unit_of_work() as uow:
        plan = uow.session.scalars(
            select(Plan)
            .where(Plan.id == plan_id)
            .options(selectinload(Plan.tasks).selectinload(Task.units).selectinload(TaskUnit.unit))
        ).one()
        assert [t.seq for t in plan.tasks] == [1, 2]
        first = plan.tasks[0]
        assert [(u.role, u.unit.name, u.printed_name) for u in first.units] == [
            ("lead", "市发展改革委", "市发改委"),
            ("co", "市财政局", "市财政局"),
        ]
        assert first.deadline_date == date(2024, 6, 30)
        assert plan.note == ""
        assert plan.imported_at.tzinfo is not None
        assert abs(plan.imported_at - datetime.now(UTC)) < timedelta(minutes=5)
        fgw = uow.session.scalars(select(Unit).where(Unit.name == "市发展改革委")).one()
        assert [a.alias for a in fgw.aliases] == ["市发改委"]
        assert len(fgw.task_links) == 2
        assert (fgw.short_name, fgw.category, fgw.sort_order, fgw.active, fgw.is_group) == (
            "",
            "",
            0,
            True,
            False,
        )


def test_server_defaults_fill_rows_inserted_without_the_orm(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(text("INSERT INTO units (name) VALUES ('裸插入')"))
        conn.execute(text("INSERT INTO change_log (action) VALUES ('test')"))
    with database.unit_of_work() as uow:
        unit = uow.session.scalars(select(Unit)).one()
        assert (unit.short_name, unit.sort_order, unit.active, unit.is_group) == ("", 0, True, False)
        assert abs(unit.created_at - datetime.now(UTC)) < timedelta(minutes=5)
        entry = uow.session.scalars(select(ChangeLog)).one()
        assert (entry.who, entry.detail, entry.at.tzinfo) == ("", "", UTC)


def test_deleting_a_plan_removes_its_tasks_and_task_units_but_never_units(database: Database) -> None:
    first, second = _add_plan(database), None
    with database.unit_of_work() as uow:
        uow.session.delete(uow.session.get_one(Plan, first))  # through the ORM
        uow.commit()
    with database.unit_of_work() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Task)) == 0
        assert s.scalar(select(func.count()).select_from(TaskUnit)) == 0
        assert s.scalar(select(func.count()).select_from(Unit)) == 3
        assert s.scalar(select(func.count()).select_from(UnitAlias)) == 1
        plan = Plan(title="再来一份", source_name="b.txt", source_sha256="cd" * 32, layout="table")
        task = Task(seq=1, label="1", section="", title="t", text="t")
        task.units.append(TaskUnit(unit=s.scalars(select(Unit)).first(), role="lead", printed_name="x"))
        plan.tasks.append(task)
        s.add(plan)
        uow.commit()
        second = plan.id
    with database.unit_of_work() as uow:
        uow.session.execute(delete(Plan).where(Plan.id == second))  # in the database (ON DELETE CASCADE)
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(TaskUnit)) == 0
        assert uow.session.scalar(select(func.count()).select_from(Unit)) == 3


def test_a_unit_named_on_a_task_cannot_be_deleted(database: Database) -> None:
    _add_plan(database)
    with database.unit_of_work() as uow:
        uow.session.delete(uow.session.scalars(select(Unit).where(Unit.name == "市财政局")).one())
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_role_names_and_aliases_are_constrained(database: Database) -> None:
    _add_plan(database)
    with database.unit_of_work() as uow:
        task = uow.session.scalars(select(Task).where(Task.seq == 2)).one()
        task.units.append(TaskUnit(unit_id=task.units[0].unit_id, role="boss", printed_name="?", position=5))
        with pytest.raises(IntegrityError):
            uow.session.flush()
    for duplicate in (Unit(name="市财政局"), UnitAlias(alias="市发改委", unit_id=1)):
        with database.unit_of_work() as uow:
            uow.session.add(duplicate)
            with pytest.raises(IntegrityError):
                uow.session.flush()
    with database.unit_of_work() as uow:
        dup = TaskUnit(task_id=1, unit_id=1, role="lead", printed_name="again")
        uow.session.add(dup)
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_groups_and_members(database: Database) -> None:
    with database.unit_of_work() as uow:
        s = uow.session
        group = Unit(name="各县市区人民政府", is_group=True)
        a, b = Unit(name="甲县人民政府", sort_order=2), Unit(name="乙县人民政府", sort_order=1)
        group.members.extend([a, b])
        s.add(group)
        uow.commit()
        ids = (group.id, a.id, b.id)
    with database.unit_of_work() as uow:
        group = uow.session.get_one(Unit, ids[0])
        assert [m.name for m in group.members] == ["乙县人民政府", "甲县人民政府"]  # by sort_order
        assert [g.name for g in uow.session.get_one(Unit, ids[1]).groups] == ["各县市区人民政府"]
        uow.session.delete(uow.session.get_one(Unit, ids[2]))
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(UnitGroupMember.member_id)).all() == [ids[1]]


def test_datetimes_are_stored_as_utc_and_naive_ones_refused(database: Database) -> None:
    beijing = timezone(timedelta(hours=8))
    with database.unit_of_work() as uow:
        uow.session.add(ChangeLog(at=datetime(2024, 4, 1, 9, 30, tzinfo=beijing), who="张三", action="test"))
        uow.commit()
    with database.unit_of_work() as uow:
        entry = uow.session.scalars(select(ChangeLog)).one()
        assert entry.at == datetime(2024, 4, 1, 1, 30, tzinfo=UTC)
        assert entry.at.tzinfo == UTC
    with database.unit_of_work() as uow:
        uow.session.add(ChangeLog(at=datetime(2024, 4, 1, 9, 30), action="naive"))
        with pytest.raises(StatementError, match="naive datetime"):
            uow.session.flush()


def test_every_model_column_is_typed_and_named_by_convention(database: Database) -> None:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"{table.name}: unnamed constraint {constraint!r}"
        column: Column[Any]
        for column in table.columns:
            assert column.type is not None


# --------------------------------------------------------------------------- backups


def test_backup_copies_the_live_database(database: Database, tmp_path: Path) -> None:
    _add_plan(database)
    if not database.is_sqlite:
        with pytest.raises(UserError) as caught:
            database.backup(tmp_path / "x.sqlite")
        assert caught.value.code == "backup_unsupported"
        assert "pg_dump" in str(caught.value)
        return
    folder = tmp_path / "backups"
    folder.mkdir()
    in_folder = database.backup(folder)
    as_file = database.backup(tmp_path / "named.sqlite")
    assert as_file == tmp_path / "named.sqlite"
    assert in_folder.parent == folder and re.fullmatch(r"gkdesk-\d{8}-\d{6}\.sqlite", in_folder.name)
    for copy in (in_folder, as_file):
        assert not copy.with_name(copy.name + ".part").exists()
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT count(*) FROM task_units").fetchone() == (4,)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert database.sqlite_file is not None
    with pytest.raises(UserError) as caught:
        database.backup(database.sqlite_file)
    assert caught.value.code == "backup_onto_itself"


# --------------------------------------------------------------------------- config


def test_home_precedence_argument_then_env_then_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GKDESK_HOME", raising=False)
    assert config.paths().home == Path(platformdirs.user_data_dir("gkdesk", appauthor=False)).absolute()
    monkeypatch.setenv("GKDESK_HOME", str(tmp_path / "env"))
    assert config.paths().home == tmp_path / "env"
    assert config.paths(tmp_path / "arg").home == tmp_path / "arg"
    assert config.paths(str(tmp_path / "arg")).home == tmp_path / "arg"


def test_paths_are_all_under_home_and_created_only_by_ensure(home: Path) -> None:
    paths = config.paths()
    assert not home.exists()
    for value in (
        paths.data_dir,
        paths.db_file,
        paths.backups_dir,
        paths.evidence_dir,
        paths.logs_dir,
        paths.settings_file,
    ):
        assert value.is_relative_to(home)
    assert paths.ensure() is paths
    for folder in (paths.data_dir, paths.backups_dir, paths.evidence_dir, paths.logs_dir):
        assert folder.is_dir()
    assert not paths.db_file.exists() and not paths.settings_file.exists()


def test_database_url_precedence_flag_then_env_then_sqlite_file(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = config.paths()
    assert config.database_url(paths) == f"sqlite:///{paths.db_file.as_posix()}"
    monkeypatch.setenv("GKDESK_DB", "postgresql://u@h/env")
    assert config.database_url(paths) == "postgresql://u@h/env"
    assert config.database_url(paths, "postgresql://u@h/flag") == "postgresql://u@h/flag"
    assert config.database_url(paths, "") == "postgresql://u@h/env"  # an empty --db is no --db
    # A plain file path, relative or absolute, becomes a SQLite URL.
    monkeypatch.chdir(tmp_path)
    assert (
        config.database_url(paths, "shared.sqlite") == f"sqlite:///{(tmp_path / 'shared.sqlite').as_posix()}"
    )
    monkeypatch.setenv("GKDESK_DB", str(tmp_path / "env.sqlite"))
    assert config.database_url(paths) == f"sqlite:///{(tmp_path / 'env.sqlite').as_posix()}"
    assert config.as_database_url(":memory:") == "sqlite://"


def test_postgresql_urls_use_psycopg_3_and_passwords_stay_hidden() -> None:
    assert db.normalize_url("postgresql://u:p@h:5433/d") == "postgresql+psycopg://u:p@h:5433/d"
    assert db.normalize_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalize_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.display_url("postgresql+psycopg://u:secret@h/d") == "postgresql+psycopg://u:***@h/d"
    assert make_engine("postgresql://u@h/d").dialect.driver == "psycopg"


def test_settings_defaults_round_trip_and_damage(home: Path, caplog: pytest.LogCaptureFixture) -> None:
    paths = config.paths()
    assert config.load_settings(paths) == config.DEFAULT_SETTINGS
    settings = config.load_settings(paths)
    settings["office_name"] = "某市人民政府办公室"
    settings["from_a_newer_version"] = [1, 2]
    config.save_settings(paths, settings)
    assert "某市人民政府办公室" in paths.settings_file.read_text(
        encoding="utf-8"
    )  # readable, not \\u escapes
    assert config.load_settings(paths) == settings
    assert config.DEFAULT_SETTINGS["office_name"] == ""  # defaults never mutated

    paths.settings_file.write_text('{"office_name": 3, "doc_prefix": "某办"}', encoding="utf-8")
    assert config.load_settings(paths) == {**config.DEFAULT_SETTINGS, "doc_prefix": "某办"}

    paths.settings_file.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert config.load_settings(paths) == config.DEFAULT_SETTINGS
    assert not paths.settings_file.exists()
    assert len(list(paths.home.glob("settings.json.bad-*"))) == 1


def test_resource_path_finds_shipped_files_and_rejects_escapes() -> None:
    shipped = sorted(p for p in (REPO / "resources").rglob("*") if p.is_file())
    for path in shipped[:5]:
        assert config.resource_path(path.relative_to(REPO / "resources").as_posix()) == path
    with pytest.raises(FileNotFoundError):
        config.resource_path("no-such-resource.txt")
    with pytest.raises(ValueError):
        config.resource_path("../pyproject.toml")
