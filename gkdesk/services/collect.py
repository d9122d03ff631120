"""Collecting returned templates: identify each file, check it row by row, store it or refuse it.

Every file is its own transaction: a file with a blocking error stores nothing (unless the
user asks for ``partial``), and whatever happens to one file never touches another. The hidden
sheet says whose file it is, so a renamed file is still recognised, and another unit's file
under this unit's name is caught.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gkdesk.db import Database
from gkdesk.debris import is_debris
from gkdesk.errors import NotFoundError, UserError
from gkdesk.importers.returned_xlsx import read_returned
from gkdesk.models import Period, Plan, Submission, Task, Unit
from gkdesk.records import CollectResult, ReturnedFile, ReturnedRow
from gkdesk.services.obligations import Duty, obligations
from gkdesk.services.periods import ensure_open, find_period, parse_code, period_title
from gkdesk.services.progress import CancelledFn, ProgressFn, Ticker
from gkdesk.services.reports import Answer, check_fields, current_by_task, store_answers
from gkdesk.services.units import find_unit, log_change

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".xltx"}
Outcome = Literal["accepted", "unchanged", "replaced", "refused"]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders searched for spreadsheets (older files first, so a correction wins)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # A killed gkdesk run's half-written files and staging folders are never returns.
            inside = [
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES and not is_debris(p, path)
            ]
            found.extend(sorted(inside, key=lambda p: (p.stat().st_mtime, p.name)))
        else:
            found.append(path)
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(os.path.normcase(str(p.absolute())), p)
    return list(unique.values())


def collect(
    db: Database,
    period_code: str,
    paths: Sequence[Path],
    *,
    plan_id: int | None = None,
    received: date | None = None,
    partial: bool = False,
    who: str = "",
    max_length: int = 3000,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[CollectResult]:
    """Check and store every returned file; one result per file, in the order processed.

    All files are stored in one transaction, each file inside its own savepoint: a refused file
    leaves no trace, and cancelling (``cancelled()`` returning True) undoes the whole batch.
    """
    files = expand_paths(paths)
    ticker = Ticker(len(files), progress, cancelled)
    results: list[CollectResult] = []
    with db.unit_of_work() as uow:
        s = uow.session
        batch = _Batch.load(s, find_period(s, period_code, plan_id), max_length)
        for path in files:
            ticker.check()
            results.append(_collect_one(s, batch, path, received or date.today(), partial, who))
            ticker.step(path.name)
        ticker.check()
        uow.commit()
    return results


@dataclass(slots=True)
class _Batch:
    """What every file of one collect run is checked against, loaded once."""

    period: Period
    duties: dict[int, list[Duty]]
    tasks: dict[int, Task]
    by_code: dict[str, int]
    max_length: int

    @classmethod
    def load(cls, s: Session, period: Period, max_length: int) -> _Batch:
        tasks = {t.id: t for t in s.scalars(select(Task).where(Task.plan_id == period.plan_id))}
        return cls(
            period=period,
            duties=obligations(s, period.plan_id),
            tasks=tasks,
            by_code={str(t.seq): t.id for t in tasks.values()},
            max_length=max_length,
        )


def _collect_one(
    s: Session, batch: _Batch, path: Path, received: date, partial: bool, who: str
) -> CollectResult:
    try:
        returned = read_returned(path)
    except UserError as exc:
        return CollectResult(path.name, None, "refused", 0, (exc.message,))
    period = batch.period
    try:
        ensure_open(period)
        unit = _identify(s, period, returned)
    except UserError as exc:
        return CollectResult(returned.name, returned.unit_name, "refused", 0, (exc.message,))
    check = _check_rows(batch, unit, returned)
    warnings = returned.warnings + tuple(check.warnings)

    def outcome(result: Outcome, rows: int, errors: Sequence[str]) -> CollectResult:
        return CollectResult(returned.name, unit.name, result, rows, tuple(errors), warnings)

    if not any(not row.fields.blank for row in returned.rows):
        return outcome("refused", 0, ("报送表是空白的，没有填写任何内容。",))
    if check.errors and (not partial or not check.answers):
        return outcome("refused", 0, check.errors)
    same_file = s.scalar(
        select(Submission.id).where(
            Submission.period_id == period.id,
            Submission.unit_id == unit.id,
            Submission.sha256 == returned.sha256,
        )
    )
    if same_file is not None:
        # The very file stored before: storing it again could undo a correction sent since.
        return outcome("unchanged", len(check.answers), check.errors)
    had_reports = bool(current_by_task(s, period.id, unit.id))
    submission = Submission(
        period_id=period.id,
        unit_id=unit.id,
        kind="file",
        file_name=returned.name,
        sha256=returned.sha256,
        received_on=received,
        entered_by=who,
        rows=len(check.answers),
    )
    with s.begin_nested():
        written, superseded = store_answers(s, period, unit, check.answers, submission)
        if written == 0:
            return outcome("unchanged", len(check.answers), check.errors)
        result: Outcome = "replaced" if had_reports and superseded else "accepted"
        log_change(
            s,
            "report.collect",
            f"{period.code} {unit.name}：{returned.name}（{len(check.answers)} 行，{result}）",
            who,
        )
    return outcome(result, len(check.answers), check.errors)


def _identify(s: Session, period: Period, returned: ReturnedFile) -> Unit:
    here = period_title(period.year, period.quarter)
    if returned.identified_by == "none" or returned.period_code is None:
        raise UserError(
            "认不出这是哪个单位、哪个季度的报送表。请使用 gkdesk 下发的模板填报（不要另建表格）。",
            code="unidentified",
        )
    if returned.checksum_ok is False:
        raise UserError(
            "报送表中用于识别的隐藏信息被改动过，无法确认来源。请让报送单位使用下发的原模板重新填报。",
            code="tampered",
        )
    if returned.plan_id is not None and returned.plan_id != period.plan_id:
        plan = s.get(Plan, returned.plan_id)
        which = f"“{plan.title}”" if plan is not None else f"编号 {returned.plan_id} 的计划"
        raise UserError(f"这是{which}的报送表，不是本次收取的计划。", code="other_plan")
    year, quarter = parse_code(returned.period_code)
    if (year, quarter) != (period.year, period.quarter):
        raise UserError(
            f"这是{period_title(year, quarter)}的报送表，本次收取的是{here}。"
            "请让报送单位用本季度模板重新填报。",
            code="other_period",
        )
    unit = s.get(Unit, returned.unit_id) if returned.unit_id is not None else None
    if unit is None or (returned.unit_name and unit.name != returned.unit_name):
        # The unit may have been renamed or merged since the template went out: go by name/alias.
        if not returned.unit_name:
            raise UserError("报送表中没有填报单位名称。", code="unknown_unit")
        try:
            unit = find_unit(s, returned.unit_name)
        except NotFoundError:
            raise UserError(
                f"单位名册中没有“{returned.unit_name}”。请先在单位名册中添加该单位或别名。",
                code="unknown_unit",
            ) from None
    return unit


@dataclass(slots=True)
class _Check:
    answers: list[Answer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _check_rows(batch: _Batch, unit: Unit, returned: ReturnedFile) -> _Check:
    duties: dict[int, Duty] = {d.task_id: d for d in batch.duties.get(unit.id, [])}
    tasks, by_code, max_length = batch.tasks, batch.by_code, batch.max_length
    by_title = {t.title: t.id for t in tasks.values() if t.id in duties}
    check = _Check()
    seen: dict[int, int] = {}
    for row in returned.rows:
        task_id = _task_of(row, by_code, by_title)
        where = f"第 {row.sheet_row} 行"
        if task_id is None or task_id not in duties:
            name = f"“{row.title[:30]}”" if row.title else f"编号 {row.code}"
            check.errors.append(f"{where}：任务{name}不是本单位本季度应报送的任务。")
            continue
        if task_id in seen:
            check.errors.append(f"{where}：与第 {seen[task_id]} 行是同一项任务，只能填一行。")
            continue
        seen[task_id] = row.sheet_row
        if row.fields.blank:
            check.errors.append(f"{where}（第 {tasks[task_id].seq} 项任务）：没有填写。")
            continue
        fields = check_fields(row.fields, max_length)
        problems = [f"“{name}”是公式，请改为文字" for name in row.formulas] + fields.problems
        if problems:
            check.errors.append(f"{where}（第 {tasks[task_id].seq} 项任务）：{'；'.join(problems)}。")
        if row.formulas or fields.blocking:
            continue  # only empty required cells can be kept (as incomplete, with --partial)
        if row.fields.status == "已完成" and not row.fields.evidence:
            check.warnings.append(f"{where}：标为已完成，但没有填写佐证材料。")
        check.answers.append(Answer(task_id, duties[task_id].role, row.fields))
    for task_id, duty in duties.items():
        if task_id not in seen:
            check.errors.append(f"表中缺少第 {duty.seq} 项任务（{tasks[task_id].title[:30]}）。")
    return check


def _task_of(row: ReturnedRow, by_code: dict[str, int], by_title: dict[str, int]) -> int | None:
    if row.task_id is not None:
        return row.task_id
    return by_code.get(row.code.strip()) or by_title.get(row.title.strip())
