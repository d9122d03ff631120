"""Plans and tasks: import a parsed document, re-import a revised one, list plans and tasks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gkdesk.db import Database
from gkdesk.errors import NotFoundError, UserError
from gkdesk.models import Plan, Task, TaskUnit, UnitGroupMember
from gkdesk.parsing.columns import ColumnRole
from gkdesk.records import ImportReport, ParsedPlan, ParsedTask, ParseWarning, PlanRow, TaskRow
from gkdesk.services.documents import parse_document
from gkdesk.services.units import UnitResolver, find_unit, log_change

Progress = Callable[[int, int, str], None]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise UserError(f"无法读取 {path.name}：{exc.strerror or exc}") from exc
    return h.hexdigest()


def import_plan(
    db: Database,
    path: Path,
    *,
    year: int | None = None,
    replace: int | None = None,
    prune: bool = False,
    password: str | None = None,
    parsed: ParsedPlan | None = None,
    dry_run: bool = False,
    columns: Mapping[str, ColumnRole] | None = None,
) -> ImportReport:
    """Store the plan in ``path`` (or the already parsed, possibly user-corrected ``parsed``).

    ``dry_run`` works everything out and reports it, then stores nothing (the wizard's preview
    of what a re-import would change).

    The same file imported twice is stored once. ``replace`` updates that plan from a revised
    document: tasks matched by label and title keep their ids, new ones are added, vanished ones
    are listed and deleted only when ``prune`` is set.
    """
    sha = file_sha256(path)
    if parsed is None:
        parsed = parse_document(path, password, columns)
    with db.unit_of_work() as uow:
        s = uow.session
        if replace is None:
            same = s.scalar(select(Plan).where(Plan.source_sha256 == sha).order_by(Plan.id))
            if same is not None:
                n = s.scalar(select(func.count()).select_from(Task).where(Task.plan_id == same.id)) or 0
                return ImportReport(same.id, False, n, 0, warnings=parsed.warnings)
            plan = Plan(
                year=year or parsed.year,
                title=parsed.title or path.stem,
                source_name=path.name,
                source_sha256=sha,
                layout=parsed.layout,
            )
            s.add(plan)
            resolver = UnitResolver(s)
            for pt in parsed.tasks:
                task = _new_task(pt)
                plan.tasks.append(task)
                _link_units(task, pt, resolver)
            s.flush()
            log_change(s, "plan.import", f"{plan.title}（{path.name}，{len(parsed.tasks)} 项任务）")
            report = ImportReport(
                plan.id, True, len(parsed.tasks), len(resolver.created), warnings=_warnings(parsed, resolver)
            )
        else:
            report = _replace(s, replace, path, sha, parsed, year, prune)
        if not dry_run:
            uow.commit()
        return report


def _new_task(pt: ParsedTask) -> Task:
    return Task(
        seq=pt.seq,
        label=pt.label,
        section=pt.section,
        title=pt.title,
        text=pt.text,
        deadline_text=pt.deadline,
        deadline_date=date.fromisoformat(pt.deadline_date) if pt.deadline_date else None,
    )


def _link_units(task: Task, pt: ParsedTask, resolver: UnitResolver) -> None:
    seen: set[int] = set()
    position = 0
    for role, names in (("lead", pt.lead), ("co", pt.co)):
        for name in names:
            unit = resolver.resolve(name)
            if id(unit) in seen:
                continue  # 简称 and 全称 of one unit printed on one task
            seen.add(id(unit))
            task.units.append(TaskUnit(unit=unit, role=role, printed_name=name, position=position))
            position += 1


def _warnings(parsed: ParsedPlan, resolver: UnitResolver) -> tuple[ParseWarning, ...]:
    extra = tuple(
        ParseWarning(0, "unknown_unit", f"单位名册中原来没有“{name}”，已作为新单位加入，请核对。")
        for name in resolver.created
    )
    return parsed.warnings + extra


def _key(label: str, title: str) -> tuple[str, str]:
    return (re.sub(r"[\s()（）、.．]", "", label), re.sub(r"[\s。，,；;：:]", "", title))


def _replace(
    s: Session, plan_id: int, path: Path, sha: str, parsed: ParsedPlan, year: int | None, prune: bool
) -> ImportReport:
    plan = s.get(Plan, plan_id, options=[selectinload(Plan.tasks).selectinload(Task.units)])
    if plan is None:
        raise NotFoundError(
            f"没有编号为 {plan_id} 的计划。请在窗口上方的计划列表（或命令 gkdesk plans）查看已有计划。"
        )
    old = list(plan.tasks)
    by_key = {_key(t.label, t.title): t for t in old}
    by_title: dict[str, list[Task]] = {}
    for t in old:
        by_title.setdefault(_key("", t.title)[1], []).append(t)
    # Free every seq first: the new order may swap two tasks and seq is unique per plan.
    for t in old:
        t.seq = -t.id
    s.flush()
    resolver = UnitResolver(s)
    used: set[int] = set()
    added = updated = kept = 0
    for pt in parsed.tasks:
        k = _key(pt.label, pt.title)
        match = by_key.get(k)
        if match is None or match.id in used:
            match = next((t for t in by_title.get(k[1], []) if t.id not in used), None)
        if match is None:
            task = _new_task(pt)
            plan.tasks.append(task)
            _link_units(task, pt, resolver)
            added += 1
            continue
        used.add(match.id)
        before = _snapshot(match)
        fresh = _new_task(pt)
        for attr in ("label", "section", "title", "text", "deadline_text", "deadline_date"):
            setattr(match, attr, getattr(fresh, attr))
        match.seq = pt.seq
        match.units.clear()
        s.flush()
        _link_units(match, pt, resolver)
        s.flush()
        if _snapshot(match) == before:
            kept += 1
        else:
            updated += 1
    vanished = [t for t in old if t.id not in used]
    removed = 0
    if prune:
        for t in vanished:
            plan.tasks.remove(t)
            s.delete(t)
        removed = len(vanished)
    else:
        for i, t in enumerate(vanished, start=len(parsed.tasks) + 1):
            t.seq = i
    plan.source_name, plan.source_sha256, plan.layout = path.name, sha, parsed.layout
    plan.title = parsed.title or plan.title
    plan.year = year or parsed.year or plan.year
    s.flush()
    log_change(s, "plan.replace", f"{plan.title}：新增 {added}，修改 {updated}，删除 {removed}")
    return ImportReport(
        plan.id,
        False,
        len(parsed.tasks) + (0 if prune else len(vanished)),
        len(resolver.created),
        tasks_added=added,
        tasks_updated=updated,
        tasks_kept=kept,
        tasks_vanished=tuple(f"{t.label}{t.title}" for t in vanished),
        tasks_removed=removed,
        warnings=_warnings(parsed, resolver),
    )


def _snapshot(t: Task) -> tuple[object, ...]:
    return (
        t.label,
        t.section,
        t.title,
        t.text,
        t.deadline_text,
        t.deadline_date,
        tuple((u.unit_id, u.role) for u in t.units),
    )


def list_plans(db: Database) -> list[PlanRow]:
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        counts = dict(s.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all())
        return [
            PlanRow(
                p.id,
                p.year,
                p.title,
                p.source_name,
                p.imported_at.isoformat(timespec="seconds"),
                counts.get(p.id, 0),
            )
            for p in s.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id))
        ]


def list_tasks(db: Database, plan_id: int, *, unit: str | None = None) -> list[TaskRow]:
    """Tasks of a plan in order; with ``unit`` only those naming it or a group it belongs to."""
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(
                f"没有编号为 {plan_id} 的计划。请在窗口上方的计划列表（或命令 gkdesk plans）查看已有计划。"
            )
        query = (
            select(Task)
            .where(Task.plan_id == plan_id)
            .options(selectinload(Task.units).selectinload(TaskUnit.unit))
            .order_by(Task.seq)
        )
        if unit is not None:
            u = find_unit(s, unit)
            groups = select(UnitGroupMember.group_id).where(UnitGroupMember.member_id == u.id)
            linked = select(TaskUnit.task_id).where((TaskUnit.unit_id == u.id) | TaskUnit.unit_id.in_(groups))
            query = query.where(Task.id.in_(linked))
        return [_task_row(t) for t in s.scalars(query)]


def _task_row(t: Task) -> TaskRow:
    return TaskRow(
        id=t.id,
        plan_id=t.plan_id,
        seq=t.seq,
        label=t.label,
        section=t.section,
        title=t.title,
        lead=tuple(u.unit.name for u in t.units if u.role == "lead"),
        co=tuple(u.unit.name for u in t.units if u.role == "co"),
        deadline=t.deadline_text,
        deadline_date=t.deadline_date.isoformat() if t.deadline_date else None,
        text=t.text,
    )
