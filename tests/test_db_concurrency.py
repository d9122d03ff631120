"""Several gkdesk programs on one database at once.

SQLite: a long write (``gkdesk collect``) must not stop anyone from opening the file and reading
it, and a second writer waits the busy timeout and then gets one Chinese line, not "database is
locked". Both backends: two saves of the same report racing end in a ``ConflictError`` for the
later one, never an IntegrityError of uq_reports_current, and leave one current report.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from gkdesk import config
from gkdesk.cli import main
from gkdesk.db import BUSY_MESSAGE, Database, open_database
from gkdesk.errors import ConflictError, DatabaseBusyError
from gkdesk.models import Period, Report, Submission, Task, Unit
from gkdesk.records import ReportFields
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import FIELD_NAMES, Answer, set_report, store_answers

PLAN = """\
示范市2021年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头）
"""
FIELDS = ReportFields(status="按序时推进", progress="已完成初稿。", problems="无", next_steps="继续推进。")


def _prepare(database: Database, tmp_path: Path) -> None:
    plan = tmp_path / "要点.txt"
    plan.write_text(PLAN, encoding="utf-8")
    import_plan(database, plan, year=2021)
    open_period(database, "2021Q1", date(2021, 4, 15))


@pytest.fixture
def sqlite_db(tmp_path: Path, home: Path) -> Path:
    file = tmp_path / "shared.sqlite"
    with open_database(str(file)) as database:
        _prepare(database, tmp_path)
    return file


def _hold_write_lock(file: Path) -> sqlite3.Connection:
    """Another program in the middle of a long write transaction (as collect is)."""
    writer = sqlite3.connect(file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE units SET name = name")
    return writer


def test_readers_open_and_list_while_another_program_writes(
    sqlite_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = _hold_write_lock(sqlite_db)
    try:
        started = time.monotonic()
        opened = open_database(str(sqlite_db), paths=config.paths(), busy_timeout_ms=5_000)
        with opened as database, database.unit_of_work(read_only=True) as uow:
            assert uow.session.scalars(select(Unit.name)).all() == ["市司法局"]
        assert main(["--db", str(sqlite_db), "plans"]) == 0
        assert "2021" in capsys.readouterr().out
        # Neither the open (with its daily check and backup) nor the list waited for the writer.
        assert time.monotonic() - started < 4
    finally:
        writer.rollback()
        writer.close()


def test_a_second_writer_waits_then_gets_one_chinese_line(sqlite_db: Path) -> None:
    writer = _hold_write_lock(sqlite_db)
    try:
        with open_database(str(sqlite_db), busy_timeout_ms=300) as database:
            started = time.monotonic()
            with pytest.raises(DatabaseBusyError) as caught:
                set_report(database, "2021Q1", task_seq=1, unit_name="市司法局", fields=FIELDS)
            waited = time.monotonic() - started
            assert caught.value.message == BUSY_MESSAGE
            assert 0.25 < waited < 3
    finally:
        writer.rollback()
        writer.close()
    with open_database(str(sqlite_db)) as database, database.unit_of_work(read_only=True) as uow:
        assert uow.session.scalars(select(Report)).all() == []  # nothing half-written


def test_the_cli_prints_the_busy_message_without_a_traceback(
    sqlite_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gkdesk.db.SQLITE_BUSY_TIMEOUT_MS", 200)
    writer = _hold_write_lock(sqlite_db)
    try:
        code = main(["--db", str(sqlite_db), "units", "alias", "司法局", "市司法局"])
    finally:
        writer.rollback()
        writer.close()
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"错误：{BUSY_MESSAGE}"


def _current(database: Database) -> list[Report]:
    with database.unit_of_work(read_only=True) as uow:
        return list(uow.session.scalars(select(Report).where(Report.is_current)))


def test_a_duplicate_current_report_is_a_conflict_not_an_integrity_error(
    database: Database, tmp_path: Path
) -> None:
    _prepare(database, tmp_path)
    set_report(database, "2021Q1", task_seq=1, unit_name="市司法局", fields=FIELDS)
    with database.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
        s = uow.session
        old = s.scalars(select(Report)).one()
        s.add(
            Report(
                period_id=old.period_id,
                task_id=old.task_id,
                unit_id=old.unit_id,
                submission_id=old.submission_id,
                role=old.role,
                received_on=old.received_on,
                version=2,
                is_current=True,
                **{name: getattr(old, name) for name in FIELD_NAMES},
            )
        )
        uow.commit()
    assert caught.value.code == "report_clash"
    assert len(_current(database)) == 1


def test_two_saves_racing_on_one_report(database: Database, tmp_path: Path) -> None:
    """The later save gets a ConflictError (PostgreSQL) or simply waits and supersedes (SQLite)."""
    _prepare(database, tmp_path)
    outcome: list[BaseException | None] = []
    with database.unit_of_work() as first:
        s = first.session
        period = s.scalars(select(Period)).one()
        unit = s.scalars(select(Unit)).one()
        task = s.scalars(select(Task)).one()
        submission = Submission(
            period_id=period.id, unit_id=unit.id, kind="manual", file_name="x", received_on=date(2021, 4, 1)
        )

        store_answers(s, period, unit, [Answer(task.id, "lead", FIELDS, ())], submission)  # flushed

        def second() -> None:
            try:
                set_report(database, "2021Q1", task_seq=1, unit_name="市司法局", fields=FIELDS)
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        racer = threading.Thread(target=second)
        racer.start()
        time.sleep(0.7)  # the second save is now waiting on the first (row lock or write lock)
        first.commit()
    racer.join(30)
    assert not racer.is_alive()
    if database.is_sqlite:
        assert outcome == [None]  # BEGIN IMMEDIATE serialises: it saw the first and superseded it
    else:
        assert isinstance(outcome[0], ConflictError), outcome
        assert outcome[0].code == "report_clash"
    assert len(_current(database)) == 1
