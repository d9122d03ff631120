"""Who reports on what: every unit a task names, with groups expanded to their members.

The lead reports on the whole task, a cooperating unit on its own part. A group unit
(各县市区人民政府) stands for its registered members; a group without members reports itself.
A unit named twice on one task (directly and through a group) owes one report, in the stronger role.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gkdesk.models import Task, TaskUnit, Unit


@dataclass(frozen=True, slots=True)
class Duty:
    task_id: int
    seq: int
    role: str  # "lead" | "co"


def _reporters(unit: Unit, seen: frozenset[int] = frozenset()) -> list[Unit]:
    """The units that report for ``unit``: itself, or its members (groups may nest)."""
    if not unit.is_group or not unit.members:
        return [unit] if unit.active else []
    found: list[Unit] = []
    for member in unit.members:
        if member.id in seen:
            continue
        found.extend(_reporters(member, seen | {unit.id}))
    return found


def obligations(s: Session, plan_id: int) -> dict[int, list[Duty]]:
    """unit id → its duties in the plan, tasks in order; units ordered by the register's order."""
    tasks = s.scalars(
        select(Task)
        .where(Task.plan_id == plan_id)
        .order_by(Task.seq)
        .options(selectinload(Task.units).selectinload(TaskUnit.unit).selectinload(Unit.members))
    ).all()
    return _duties(tasks)


def obligations_by_plan(s: Session, plan_ids: Iterable[int]) -> dict[int, dict[int, list[Duty]]]:
    """plan id → ``obligations(s, plan_id)``, for several plans with one set of queries."""
    ids = sorted(set(plan_ids))
    by_plan: dict[int, list[Task]] = {plan_id: [] for plan_id in ids}
    if ids:
        tasks = s.scalars(
            select(Task)
            .where(Task.plan_id.in_(ids))
            .order_by(Task.plan_id, Task.seq)
            .options(selectinload(Task.units).selectinload(TaskUnit.unit).selectinload(Unit.members))
        ).all()
        for task in tasks:
            by_plan[task.plan_id].append(task)
    return {plan_id: _duties(tasks) for plan_id, tasks in by_plan.items()}


def _duties(tasks: Sequence[Task]) -> dict[int, list[Duty]]:
    """The obligations of one plan from its tasks, given in ``seq`` order."""
    units: dict[int, Unit] = {}
    duties: dict[int, dict[int, Duty]] = {}
    for task in tasks:
        for link in task.units:
            for unit in _reporters(link.unit):
                units[unit.id] = unit
                per_unit = duties.setdefault(unit.id, {})
                known = per_unit.get(task.id)
                if known is None or (known.role == "co" and link.role == "lead"):
                    per_unit[task.id] = Duty(task.id, task.seq, link.role)
    ordered = sorted(units.values(), key=lambda u: (u.sort_order, u.id))
    return {u.id: sorted(duties[u.id].values(), key=lambda d: d.seq) for u in ordered}


def duties_by_task(owed: dict[int, list[Duty]]) -> dict[int, list[tuple[int, str]]]:
    """task id → [(unit id, role)], leads first, in register order."""
    by_task: dict[int, list[tuple[int, str]]] = {}
    for unit_id, duties in owed.items():
        for d in duties:
            by_task.setdefault(d.task_id, []).append((unit_id, d.role))
    for entries in by_task.values():
        entries.sort(key=lambda e: e[1] != "lead")
    return by_task
