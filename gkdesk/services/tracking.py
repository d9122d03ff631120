"""Who has not reported, who reported late, and each task's 红黄绿 state in a period.

Lateness is counted in working days (see ``workdays``) from the period's deadline to the day the
unit's first accepted submission arrived; a later correction does not make a unit late.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Literal

from sqlalchemy import select

from gkdesk.db import Database
from gkdesk.models import Period, Report, Task, Unit
from gkdesk.records import MissingReport, TaskStatus
from gkdesk.services.obligations import duties_by_task, obligations
from gkdesk.services.periods import find_period
from gkdesk.services.reports import current_reports, first_received
from gkdesk.services.settings import get_settings
from gkdesk.services.workdays import WorkCalendar


def calendar_from(settings: dict[str, Any]) -> WorkCalendar:
    return WorkCalendar(settings.get("holidays", []), settings.get("workdays", []))


def missing(db: Database, period_code: str, *, plan_id: int | None = None) -> MissingReport:
    settings = get_settings(db)
    calendar = calendar_from(settings)
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        owed = obligations(s, period.plan_id)
        names = {u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_(owed)))}
        current = current_reports(s, period.id)
        first = first_received(s, period.id)
        absent, incomplete, late = [], [], []
        for unit_id, duties in owed.items():
            lacking = tuple(d.seq for d in duties if (unit_id, d.task_id) not in current)
            if lacking:
                absent.append((names[unit_id], lacking))
            empty = tuple(
                d.seq
                for d in duties
                if (r := current.get((unit_id, d.task_id))) is not None and (not r.status or not r.progress)
            )
            if empty:
                incomplete.append((names[unit_id], empty))
            arrived = first.get(unit_id)
            if arrived is not None and arrived > period.deadline:
                days = calendar.workdays_between(period.deadline, arrived)
                if days > 0:
                    late.append((names[unit_id], days))
    return MissingReport(tuple(absent), tuple(late), tuple(incomplete))


def task_states(
    db: Database, period_code: str, *, plan_id: int | None = None, as_of: date | None = None
) -> list[TaskStatus]:
    """Each task's 红黄绿 state on ``as_of`` (default today), with the reason in Chinese.

    red: a unit reports 滞后; the task's deadline has passed and it is not done; or a unit has not
    reported after the reporting deadline. yellow: the deadline is within ``status_yellow_days``
    and it is not done; a unit has not reported yet (before the reporting deadline); a unit
    reports 未启动 (or red, per ``status_not_started``). green otherwise.
    """
    settings = get_settings(db)
    today = as_of or date.today()
    yellow_days = int(settings["status_yellow_days"])
    not_started_state: Literal["yellow", "red"] = (
        "red" if settings["status_not_started"] == "red" else "yellow"
    )
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        tasks = s.scalars(select(Task).where(Task.plan_id == period.plan_id).order_by(Task.seq)).all()
        by_task = duties_by_task(obligations(s, period.plan_id))
        unit_ids = {u for entries in by_task.values() for u, _ in entries}
        names = {u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
        current = current_reports(s, period.id)
        return [
            _state(t, by_task.get(t.id, []), current, names, period, today, yellow_days, not_started_state)
            for t in tasks
        ]


def _names(ids: list[int], names: dict[int, str], limit: int = 3) -> str:
    shown = "、".join(names[i] for i in ids[:limit])
    return shown + (f"等 {len(ids)} 个单位" if len(ids) > limit else "")


def _state(
    task: Task,
    entries: list[tuple[int, str]],
    current: dict[tuple[int, int], Report],
    names: dict[int, str],
    period: Period,
    today: date,
    yellow_days: int,
    not_started_state: Literal["yellow", "red"],
) -> TaskStatus:
    def result(state: Literal["green", "yellow", "red"], reason: str) -> TaskStatus:
        return TaskStatus(task.seq, task.title, state, reason, task.id)

    reports = {u: current[(u, task.id)] for u, _ in entries if (u, task.id) in current}
    statuses: dict[str, list[int]] = defaultdict(list)
    for u, r in reports.items():
        statuses[r.status].append(u)
    absent = [u for u, _ in entries if u not in reports]
    leads = [u for u, role in entries if role == "lead"] or [u for u, _ in entries]
    done = bool(leads) and all(u in reports and reports[u].status == "已完成" for u in leads)
    deadline = task.deadline_date
    after_reporting = today > period.deadline

    if not entries:
        if deadline is not None and deadline < today:
            return result("red", f"未明确责任单位，完成时限（{deadline.isoformat()}）已过")
        return result("yellow", "未明确责任单位，无人报送")
    if statuses.get("滞后"):
        return result("red", f"{_names(statuses['滞后'], names)}报告进展滞后")
    if deadline is not None and deadline < today and not done:
        return result("red", f"已过完成时限（{deadline.isoformat()}），尚未完成")
    if absent and after_reporting:
        return result("red", f"{_names(absent, names)}逾期未报送")
    if statuses.get("未启动"):
        return result(not_started_state, f"{_names(statuses['未启动'], names)}报告尚未启动")
    if deadline is not None and not done and (deadline - today).days <= yellow_days:
        return result("yellow", f"距完成时限（{deadline.isoformat()}）不足 {yellow_days} 天，尚未完成")
    if absent:
        if reports:
            return result("yellow", f"已有单位报送，{_names(absent, names)}尚未报送")
        return result("yellow", "尚未报送（报送截止日前）")
    if done:
        return result("green", "已完成")
    return result("green", "按序时推进")
