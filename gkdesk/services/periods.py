"""Reporting periods: open a plan's quarter with its deadline, close it, reopen it, list them.

A period is named the way staff say it, ``2021Q1``; the plan is found by its year, and
``plan_id`` is needed only when two plans share that year.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gkdesk.db import Database
from gkdesk.errors import ClosedPeriodError, ConflictError, NotFoundError, UserError
from gkdesk.models import Period, Plan, Submission
from gkdesk.models.base import utcnow
from gkdesk.records import PeriodRow
from gkdesk.services.obligations import obligations, obligations_by_plan
from gkdesk.services.units import log_change

_CODE = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])\s*$")
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


def parse_code(code: str) -> tuple[int, int]:
    """``"2021Q1"`` → (2021, 1); a clear message for anything else."""
    m = _CODE.match(code)
    if not m:
        raise UserError(
            f"报送期“{code}”的写法不对，应写成 年份Q季度，如 2021Q1。", code="bad_period", period=code
        )
    return int(m.group(1)), int(m.group(2))


def period_title(year: int, quarter: int) -> str:
    return f"{year}年第{QUARTER_NAMES[quarter]}季度"


def _plan_for_year(s: Session, year: int, plan_id: int | None) -> Plan:
    if plan_id is not None:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的计划。", plan_id=plan_id)
        return plan
    plans = list(s.scalars(select(Plan).where(Plan.year == year).order_by(Plan.id)))
    if not plans:
        raise NotFoundError(f"没有 {year} 年的计划，请先导入该年的工作要点。", year=year)
    if len(plans) > 1:
        ids = "、".join(str(p.id) for p in plans)
        raise UserError(
            f"{year} 年有 {len(plans)} 个计划（编号 {ids}），请在窗口上方选择计划（命令行加 --plan 编号）。",
            code="ambiguous_plan",
            year=year,
        )
    return plans[0]


def find_period(s: Session, code: str, plan_id: int | None = None) -> Period:
    """The period ``code`` of the plan for its year (or of ``plan_id``)."""
    year, quarter = parse_code(code)
    query = select(Period).where(Period.year == year, Period.quarter == quarter)
    if plan_id is not None:
        query = query.where(Period.plan_id == plan_id)
    periods = list(s.scalars(query.order_by(Period.id)))
    if not periods:
        raise NotFoundError(
            f"{period_title(year, quarter)}（{year}Q{quarter}）还没有开启，"
            "请先在“季度报送”页点“新建季度”开启"
            f"（或命令 gkdesk period open {year}Q{quarter} --deadline 日期）。",
            period=code,
        )
    if len(periods) > 1:
        ids = "、".join(str(p.plan_id) for p in periods)
        raise UserError(
            f"{year}Q{quarter} 在多个计划（编号 {ids}）中都已开启，"
            "请在窗口上方选择计划（命令行加 --plan 编号）。",
            code="ambiguous_plan",
            period=code,
        )
    return periods[0]


def ensure_open(period: Period) -> None:
    if period.closed:
        raise ClosedPeriodError(
            f"{period_title(period.year, period.quarter)}已关闭，不能再修改。如需修改，请先重新开启该季度"
            f"（“季度报送”页的“重新开启”，或命令 gkdesk period reopen {period.code}）。",
            period=period.code,
        )


def open_period(
    db: Database, code: str, deadline: date, *, plan_id: int | None = None, who: str = ""
) -> PeriodRow:
    """Open a quarter (or change the deadline of an open one)."""
    year, quarter = parse_code(code)
    with db.unit_of_work() as uow:
        s = uow.session
        plan = _plan_for_year(s, year, plan_id)
        if plan.year is not None and plan.year != year:
            raise ConflictError(
                f"计划 {plan.id} 是 {plan.year} 年的，不能开启 {year}Q{quarter}。", plan_id=plan.id
            )
        period = s.scalar(select(Period).where(Period.plan_id == plan.id, Period.quarter == quarter))
        if period is None:
            period = Period(plan_id=plan.id, year=year, quarter=quarter, deadline=deadline)
            s.add(period)
            # The plan's scoring rules are fixed now, so a later gkdesk default cannot move them.
            from gkdesk.services.review import keep_rubric_copy

            keep_rubric_copy(s, plan.id, who)
            log_change(s, "period.open", f"{period.code} 截止 {deadline.isoformat()}", who)
        else:
            ensure_open(period)
            if period.deadline != deadline:
                log_change(
                    s,
                    "period.deadline",
                    f"{period.code} 截止 {period.deadline.isoformat()} → {deadline.isoformat()}",
                    who,
                )
                period.deadline = deadline
        s.flush()
        row = _row(s, period, plan)
        uow.commit()
    return row


def set_closed(
    db: Database, code: str, closed: bool, *, plan_id: int | None = None, who: str = ""
) -> PeriodRow:
    with db.unit_of_work() as uow:
        s = uow.session
        period = find_period(s, code, plan_id)
        if period.closed != closed:
            # review imports this module, so it is imported here, when a period changes state.
            from gkdesk.services.review import freeze_scores, thaw_scores

            if closed:
                freeze_scores(s, period)
            else:
                thaw_scores(s, period)
            period.closed = closed
            period.closed_at = utcnow() if closed else None
            log_change(s, "period.close" if closed else "period.reopen", period.code, who)
        row = _row(s, period, s.get_one(Plan, period.plan_id))
        uow.commit()
    return row


def list_periods(db: Database) -> list[PeriodRow]:
    """Every plan's quarters, by year and quarter, with the units owing and those that reported.

    A fixed number of queries however many quarters and plans there are: the obligations depend
    on the plan (its tasks and the unit register), not on the quarter, so each plan's are worked
    out once; the reporting units of every quarter come from one query.
    """
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        periods = s.scalars(select(Period).order_by(Period.year, Period.quarter, Period.plan_id)).all()
        if not periods:
            return []
        plan_ids = {p.plan_id for p in periods}
        plans = {plan.id: plan for plan in s.scalars(select(Plan).where(Plan.id.in_(plan_ids)))}
        owed = {plan_id: set(duties) for plan_id, duties in obligations_by_plan(s, plan_ids).items()}
        reporting: dict[int, set[int]] = {}
        for period_id, unit_id in s.execute(select(Submission.period_id, Submission.unit_id).distinct()):
            reporting.setdefault(period_id, set()).add(unit_id)
        return [
            _period_row(
                p,
                plans[p.plan_id],
                units_expected=len(owed[p.plan_id]),
                units_reported=len(reporting.get(p.id, set()) & owed[p.plan_id]),
            )
            for p in periods
        ]


def _period_row(period: Period, plan: Plan, *, units_expected: int, units_reported: int) -> PeriodRow:
    return PeriodRow(
        id=period.id,
        plan_id=plan.id,
        plan_title=plan.title,
        code=period.code,
        year=period.year,
        quarter=period.quarter,
        deadline=period.deadline.isoformat(),
        closed=period.closed,
        units_expected=units_expected,
        units_reported=units_reported,
    )


def _row(s: Session, period: Period, plan: Plan) -> PeriodRow:
    owed = obligations(s, plan.id)
    reporting = (
        set(s.scalars(select(Submission.unit_id).where(Submission.period_id == period.id).distinct()))
        if period.id is not None
        else set()
    )
    return _period_row(period, plan, units_expected=len(owed), units_reported=len(reporting & set(owed)))
