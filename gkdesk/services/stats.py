"""Figures for the 统计 page: how far each unit has got, the tasks' state per section, and how
punctually the units reported quarter by quarter. Read-only; nothing here changes data.

Also the office's manual score entries of a quarter with who entered them (``score_entries``): the
score sheet carries the entries it scored, but not a 单项否决's id nor who made an entry.

The counting follows the rest of gkdesk: duties come from ``obligations`` (groups expanded to
their members), a unit's report is its current one, and a unit reported on time when its first
accepted submission arrived no working day after the deadline (as the 报送时效 score counts it).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gkdesk.db import Database
from gkdesk.errors import NotFoundError
from gkdesk.models import Period, Plan, Task, Unit
from gkdesk.records import STATUSES
from gkdesk.services.obligations import duties_by_task, obligations
from gkdesk.services.periods import find_period
from gkdesk.services.reports import current_reports, first_received
from gkdesk.services.settings import get_settings
from gkdesk.services.tracking import calendar_from

NOT_REPORTED = "未报送"
# Every status a task can show on the 统计 page, in the order the chart stacks them.
TASK_STATUSES: tuple[str, ...] = (*STATUSES, NOT_REPORTED)
DONE_STATUSES = frozenset({"已完成", "按序时推进"})
NO_SECTION = "（未分板块）"


def _plan(s: Session, plan_id: int) -> Plan:
    plan = s.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的计划。", plan_id=plan_id)
    return plan


def completion_by_unit(db: Database, plan_id: int, period_code: str) -> list[tuple[str, float]]:
    """(unit, share of its tasks reported 已完成 or 按序时推进), highest first.

    Every task the unit owes counts once, as lead or cooperating unit; a task it has not reported
    on counts as not done. Units with the same share keep the register's order.
    """
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        _plan(s, plan_id)
        period = find_period(s, period_code, plan_id)
        owed = obligations(s, plan_id)
        names = {u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_(owed)))}
        status = {key: r.status for key, r in current_reports(s, period.id).items()}
        shares = []
        for unit_id, duties in owed.items():
            if not duties:
                continue
            done = sum(1 for d in duties if status.get((unit_id, d.task_id)) in DONE_STATUSES)
            shares.append((names[unit_id], done / len(duties)))
    # sorted() is stable, so equal shares stay in register order.
    return sorted(shares, key=lambda pair: -pair[1])


def first_section(section: str) -> str:
    """The chapter a task belongs to: ``"一、… / （一）…"`` → ``"一、…"``."""
    head = section.split(" / ", 1)[0].strip()
    return head or NO_SECTION


def status_by_section(db: Database, plan_id: int, period_code: str) -> list[tuple[str, dict[str, int]]]:
    """Per first-level section, in the plan's order: how many tasks stand at each status.

    A task's status is what its lead units reported (the least advanced one when several leads
    differ, as the 考核通报 counts); 未报送 when no lead has reported. A task that names no lead
    is judged by the units it does name. A status outside the four answers counts as 未报送, as
    the scoring does. Every dict has all of ``TASK_STATUSES`` as keys, zeros included.
    """
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        _plan(s, plan_id)
        period = find_period(s, period_code, plan_id)
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.seq)).all()
        by_task = duties_by_task(obligations(s, plan_id))
        status = {key: r.status for key, r in current_reports(s, period.id).items()}
        counts: dict[str, dict[str, int]] = {}
        for task in tasks:
            entries = by_task.get(task.id, [])
            leads = [u for u, role in entries if role == "lead"] or [u for u, _ in entries]
            given = [st for u in leads if (st := status.get((u, task.id))) in STATUSES]
            # STATUSES runs from most to least advanced, so max() by index is the laggard.
            task_status = max(given, key=STATUSES.index) if given else NOT_REPORTED
            row = counts.setdefault(first_section(task.section), dict.fromkeys(TASK_STATUSES, 0))
            row[task_status] += 1
    return list(counts.items())


def on_time_by_quarter(db: Database, plan_id: int) -> list[tuple[str, float, float]]:
    """(period code, share of units that reported on time, share that reported at all), per quarter.

    The shares are of the units that owe reports in the plan; a quarter whose deadline has not
    come yet simply shows who has reported so far.
    """
    work_calendar = calendar_from(get_settings(db))
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        _plan(s, plan_id)
        periods = s.scalars(select(Period).where(Period.plan_id == plan_id).order_by(Period.quarter)).all()
        owed = set(obligations(s, plan_id))
        out = []
        for period in periods:
            first = {u: day for u, day in first_received(s, period.id).items() if u in owed}
            on_time = sum(
                1 for day in first.values() if work_calendar.workdays_between(period.deadline, day) == 0
            )
            n = len(owed)
            out.append((period.code, on_time / n if n else 0.0, len(first) / n if n else 0.0))
    return out
