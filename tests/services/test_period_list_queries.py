"""The quarter list works out each plan's obligations once and counts reports in a few queries.

``list_periods`` used to run ``obligations`` (slow on a big plan) and one submissions query for
every quarter of every plan. The old implementation is kept here as the reference: the rows must
stay exactly the same, and the number of SQL statements must not grow with quarters or plans.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from gkdesk.db import Database
from gkdesk.models import Period, Plan, Submission
from gkdesk.records import PeriodRow, ReportFields
from gkdesk.services import obligations as obligations_module
from gkdesk.services import periods as periods_module
from gkdesk.services.obligations import obligations
from gkdesk.services.periods import list_periods, open_period, set_closed
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import set_report
from gkdesk.services.units import set_group_members

PLAN = """\
某市{year}年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（市发改委牵头，市财政局配合）
（二）乙任务。做好乙项工作。（市财政局牵头）
（三）丙任务。做好丙项工作。（各县市区人民政府牵头）
（四）丁任务。做好丁项工作。（市商务局牵头，市发改委配合）
"""
DEADLINES = {1: date(2021, 4, 15), 2: date(2021, 7, 15), 3: date(2021, 10, 15), 4: date(2022, 1, 15)}


# --------------------------------------------------------------------------- the old implementation


def _old_row(s: Session, period: Period, plan: Plan) -> PeriodRow:
    owed = obligations(s, plan.id)
    reporting = (
        set(s.scalars(select(Submission.unit_id).where(Submission.period_id == period.id).distinct()))
        if period.id is not None
        else set()
    )
    return PeriodRow(
        id=period.id,
        plan_id=plan.id,
        plan_title=plan.title,
        code=period.code,
        year=period.year,
        quarter=period.quarter,
        deadline=period.deadline.isoformat(),
        closed=period.closed,
        units_expected=len(owed),
        units_reported=len(reporting & set(owed)),
    )


def old_list_periods(db: Database) -> list[PeriodRow]:
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        periods = s.scalars(select(Period).order_by(Period.year, Period.quarter, Period.plan_id)).all()
        return [_old_row(s, p, s.get_one(Plan, p.plan_id)) for p in periods]


# --------------------------------------------------------------------------- helpers


def make_plan(db: Database, tmp_path: Path, year: int, *, extra: str = "") -> int:
    path = tmp_path / f"要点{year}-{len(list(tmp_path.glob('*.txt')))}.txt"
    path.write_text(PLAN.format(year=year) + extra, encoding="utf-8")
    return import_plan(db, path, year=year).plan_id


def open_quarters(db: Database, plan_id: int, year: int, quarters: range) -> None:
    for q in quarters:
        deadline = DEADLINES[q].replace(year=DEADLINES[q].year + year - 2021)
        open_period(db, f"{year}Q{q}", deadline, plan_id=plan_id)


def report(db: Database, plan_id: int, code: str, seq: int, unit: str) -> None:
    set_report(
        db,
        code,
        task_seq=seq,
        unit_name=unit,
        fields=ReportFields(status="按序时推进", progress="按计划推进。"),
        received=date(2021, 4, 10),
        plan_id=plan_id,
    )


@contextmanager
def counting_statements(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often list_periods asks for obligations, one plan or several at a time."""
    counts = {"obligations": 0, "obligations_by_plan": 0}
    one, several = periods_module.obligations, periods_module.obligations_by_plan

    def counted_one(s: Session, plan_id: int) -> Any:
        counts["obligations"] += 1
        return one(s, plan_id)

    def counted_several(s: Session, plan_ids: Any) -> Any:
        counts["obligations_by_plan"] += 1
        return several(s, plan_ids)

    monkeypatch.setattr(periods_module, "obligations", counted_one)
    monkeypatch.setattr(periods_module, "obligations_by_plan", counted_several)
    return counts


# --------------------------------------------------------------------------- tests


def test_rows_are_the_same_as_before(database: Database, tmp_path: Path) -> None:
    assert list_periods(database) == old_list_periods(database) == []
    first = make_plan(database, tmp_path, 2021)
    second = make_plan(database, tmp_path, 2022, extra="（五）戊任务。做好戊项工作。（市统计局牵头）\n")
    # A second plan of 2021 (a different text: the same file is stored once) with one quarter.
    same_year = make_plan(database, tmp_path, 2021, extra="（五）己任务。做好己项工作。（市发改委牵头）\n")
    set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府"])
    open_quarters(database, first, 2021, range(1, 5))
    open_quarters(database, second, 2022, range(1, 4))
    open_quarters(database, same_year, 2021, range(2, 3))
    assert len({first, second, same_year}) == 3
    assert list_periods(database) == old_list_periods(database)

    report(database, first, "2021Q1", 1, "市发改委")
    report(database, first, "2021Q1", 1, "市财政局")
    report(database, first, "2021Q1", 2, "市财政局")  # one unit, two tasks: counted once
    report(database, first, "2021Q2", 3, "甲县人民政府")
    report(database, first, "2021Q4", 4, "市商务局")
    report(database, second, "2022Q1", 5, "市统计局")
    report(database, second, "2022Q2", 3, "乙县人民政府")
    report(database, second, "2022Q2", 4, "市发改委")
    report(database, same_year, "2021Q2", 1, "市发改委")
    set_closed(database, "2021Q4", True, plan_id=first)

    rows = list_periods(database)
    assert rows == old_list_periods(database)
    assert [(r.plan_id, r.code) for r in rows] == [
        (first, "2021Q1"),
        (first, "2021Q2"),
        (same_year, "2021Q2"),
        (first, "2021Q3"),
        (first, "2021Q4"),
        (second, "2022Q1"),
        (second, "2022Q2"),
        (second, "2022Q3"),
    ]
    assert [(r.units_expected, r.units_reported) for r in rows] == [
        (5, 2),
        (5, 1),
        (5, 1),
        (5, 0),
        (5, 1),
        (6, 1),
        (6, 2),
        (6, 0),
    ]

    # A change to the register moves every quarter of every plan, as before.
    set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府", "丙县人民政府"])
    rows = list_periods(database)
    assert rows == old_list_periods(database)
    assert [r.units_expected for r in rows] == [6, 6, 6, 6, 6, 7, 7, 7]


def test_the_statement_count_does_not_grow_with_quarters_or_plans(
    database: Database, tmp_path: Path, calls: dict[str, int]
) -> None:
    def measure() -> tuple[int, int]:
        calls["obligations"] = calls["obligations_by_plan"] = 0
        with counting_statements(database) as statements:
            rows = list_periods(database)
        assert calls["obligations"] == 0 and calls["obligations_by_plan"] == 1
        return len(rows), len(statements)

    first = make_plan(database, tmp_path, 2021)
    set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府"])
    open_quarters(database, first, 2021, range(1, 3))
    report(database, first, "2021Q1", 1, "市发改委")
    quarters, statements = measure()
    assert quarters == 2

    open_quarters(database, first, 2021, range(3, 5))
    second = make_plan(database, tmp_path, 2022)
    open_quarters(database, second, 2022, range(1, 5))
    report(database, second, "2022Q3", 3, "乙县人民政府")
    assert measure() == (8, statements)

    third = make_plan(database, tmp_path, 2023, extra="（五）戊任务。做好戊项工作。（市统计局牵头）\n")
    open_quarters(database, third, 2023, range(1, 5))
    assert measure() == (12, statements)

    # The old way, for the record: obligations once per quarter, and more statements each time.
    with counting_statements(database) as old_statements:
        old_list_periods(database)
    assert len(old_statements) > statements


def test_obligations_by_plan_matches_obligations(database: Database, tmp_path: Path) -> None:
    first = make_plan(database, tmp_path, 2021)
    second = make_plan(database, tmp_path, 2022, extra="（五）戊任务。做好戊项工作。（市统计局牵头）\n")
    set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府"])
    with database.unit_of_work(read_only=True) as uow:
        s = uow.session
        together = obligations_module.obligations_by_plan(s, [second, first, 999])
        assert together == {
            first: obligations(s, first),
            second: obligations(s, second),
            999: {},
        }
        assert list(together[first]) == list(obligations(s, first))  # the register's order
        assert obligations_module.obligations_by_plan(s, []) == {}
