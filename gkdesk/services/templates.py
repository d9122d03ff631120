"""The fill-in templates that go out each quarter: one .xlsx per unit, or all of them in one .zip.

Each unit's template lists its tasks (牵头 or 配合) with last quarter's answer for reference.
Files are written to a temporary folder first and moved into place at the end, so a cancelled
run leaves no half set behind, nor does an old file still open in Excel (``outputs.set_aside``).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gkdesk.db import Database
from gkdesk.debris import new_folder
from gkdesk.errors import NotFoundError, UserError
from gkdesk.exporters.report_template import template_file_name, write_report_template
from gkdesk.models import Period, Plan, Report, Task, TaskUnit, Unit
from gkdesk.records import TemplateRow, TemplateSpec
from gkdesk.services.obligations import obligations
from gkdesk.services.outputs import put_back, set_aside
from gkdesk.services.periods import find_period
from gkdesk.services.progress import CancelledFn, ProgressFn, Ticker
from gkdesk.services.reports import fields_of
from gkdesk.services.units import find_unit


def template_specs(
    db: Database, period_code: str, *, plan_id: int | None = None, unit_name: str | None = None
) -> list[TemplateSpec]:
    """One spec per unit that owes reports in the period (or just ``unit_name``), in register order."""
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        return _specs(s, period, unit_name)


def _specs(s: Session, period: Period, unit_name: str | None) -> list[TemplateSpec]:
    plan = s.get_one(Plan, period.plan_id)
    owed = obligations(s, plan.id)
    if unit_name is not None:
        unit = find_unit(s, unit_name)
        if unit.id not in owed:
            raise NotFoundError(f"“{unit.name}”在本计划中没有任务，不需要报送。", unit=unit.name)
        owed = {unit.id: owed[unit.id]}
    tasks = {
        t.id: t
        for t in s.scalars(
            select(Task)
            .where(Task.plan_id == plan.id)
            .options(selectinload(Task.units).selectinload(TaskUnit.unit))
        )
    }
    previous = s.scalar(select(Period).where(Period.plan_id == plan.id, Period.quarter == period.quarter - 1))
    answers: dict[tuple[int, int], Report] = {}
    if previous is not None:
        for r in s.scalars(select(Report).where(Report.period_id == previous.id, Report.is_current)):
            answers[(r.unit_id, r.task_id)] = r
    units = {u.id: u for u in s.scalars(select(Unit).where(Unit.id.in_(owed)))}
    specs = []
    for unit_id, duties in owed.items():
        rows = []
        for d in duties:
            task = tasks[d.task_id]
            old = answers.get((unit_id, task.id))
            rows.append(
                TemplateRow(
                    task_id=task.id,
                    code=str(task.seq),
                    section=task.section,
                    title=task.title,
                    role="lead" if d.role == "lead" else "co",
                    lead_names="、".join(link.unit.name for link in task.units if link.role == "lead"),
                    deadline=task.deadline_text or "",
                    previous=fields_of(old) if old is not None else None,
                )
            )
        specs.append(
            TemplateSpec(
                plan_id=plan.id,
                plan_title=plan.title,
                year=period.year,
                quarter=period.quarter,
                unit_id=unit_id,
                unit_name=units[unit_id].name,
                rows=tuple(rows),
                deadline=period.deadline.isoformat(),
                previous_period=previous.code if previous is not None and answers else "",
            )
        )
    return specs


def write_templates(
    db: Database,
    period_code: str,
    out_dir: Path,
    *,
    plan_id: int | None = None,
    unit_name: str | None = None,
    as_zip: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[Path]:
    """Write the templates into ``out_dir``; returns the files written (the .zip alone with ``as_zip``)."""
    specs = template_specs(db, period_code, plan_id=plan_id, unit_name=unit_name)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹“{out_dir}”：{exc.strerror or exc}", code="bad_folder") from None
    ticker = Ticker(len(specs), progress, cancelled)
    try:
        staging = new_folder(out_dir)
    except OSError:
        raise UserError(
            f"无法在文件夹“{out_dir}”中保存文件，请检查权限或换一个位置。",
            code="folder_not_writable",
        ) from None
    try:
        written = []
        used: set[str] = set()
        for spec in specs:
            ticker.check()
            # Named to fit the staging folder, the deeper of the two folders the file is written in.
            name = _unique(template_file_name(spec, staging), used)
            written.append(write_report_template(spec, staging / name))
            ticker.step(spec.unit_name)
        if as_zip:
            first = specs[0] if specs else None
            code = first.period_code if first else period_code
            archive = staging / f"{code}-进展情况报送表（{len(written)}个单位）.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in written:
                    zf.write(path, path.name)
            written = [archive]
        moved = set_aside([out_dir / path.name for path in written], staging / "old", _locked)
        try:
            return [_move(path, out_dir) for path in written]
        except BaseException:
            put_back(moved)  # the old files are in the staging folder, about to be deleted
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unique(name: str, used: set[str]) -> str:
    """Two units whose names differ only in characters a file name cannot hold get distinct files."""
    stem, suffix = name.rsplit(".", 1)
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem}（{n}）.{suffix}"
    used.add(candidate.casefold())
    return candidate


def _locked(dest: Path) -> UserError:
    return UserError(
        f"无法写入“{dest}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试。",
        code="file_locked",
        path=str(dest),
    )


def _move(path: Path, out_dir: Path) -> Path:
    dest = out_dir / path.name
    try:
        os.replace(path, dest)
    except PermissionError:
        raise _locked(dest) from None
    return dest
