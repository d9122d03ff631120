"""Storing reports: one unit's answers on its tasks in a period, by file or by hand, with history.

``store_answers`` is the one way reports are written: an unchanged answer is left alone, a changed
one supersedes the current report (which is kept, not current), so nothing a unit sent is lost.
``set_report`` is the hand-entry path (a unit phones in); evidence files are copied into the
evidence folder under their sha256.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gkdesk.db import Database
from gkdesk.errors import BadFileError, ConflictError, NotFoundError, UserError
from gkdesk.formats import ILLEGAL_IN_FILE_NAMES
from gkdesk.models import EvidenceFile, Period, Report, Submission, Task, Unit
from gkdesk.models.base import utcnow
from gkdesk.records import STATUSES, ReportFields, ReportRow
from gkdesk.services.obligations import obligations
from gkdesk.services.periods import ensure_open, find_period
from gkdesk.services.units import find_unit, log_change

FIELD_NAMES = ("status", "progress", "problems", "next_steps", "evidence", "remarks")
MANUAL_SOURCE = "手工录入"


@dataclass(frozen=True, slots=True)
class Answer:
    task_id: int
    role: str
    fields: ReportFields
    files: tuple[Path, ...] = ()


def fields_of(report: Report) -> ReportFields:
    return ReportFields(**{name: getattr(report, name) for name in FIELD_NAMES})


def current_reports(s: Session, period_id: int) -> dict[tuple[int, int], Report]:
    """Every current report of a period, by (unit id, task id)."""
    reports = s.scalars(select(Report).where(Report.period_id == period_id, Report.is_current))
    return {(r.unit_id, r.task_id): r for r in reports}


def first_received(s: Session, period_id: int) -> dict[int, date]:
    """unit id → the day its first accepted submission of the period arrived (lateness counts from it)."""
    rows = s.execute(
        select(Submission.unit_id, func.min(Submission.received_on))
        .where(Submission.period_id == period_id)
        .group_by(Submission.unit_id)
    )
    return {unit_id: day for unit_id, day in rows}


def current_by_task(s: Session, period_id: int, unit_id: int) -> dict[int, Report]:
    reports = s.scalars(
        select(Report).where(Report.period_id == period_id, Report.unit_id == unit_id, Report.is_current)
    )
    return {r.task_id: r for r in reports}


def store_answers(
    s: Session,
    period: Period,
    unit: Unit,
    answers: Sequence[Answer],
    submission: Submission,
    *,
    evidence_dir: Path | None = None,
) -> tuple[int, int]:
    """Write the answers; returns (new reports, of which superseded an earlier one)."""
    current = current_by_task(s, period.id, unit.id)
    changed: list[tuple[Answer, Report | None]] = []
    for answer in answers:
        old = current.get(answer.task_id)
        if old is not None and fields_of(old) == answer.fields and not answer.files:
            continue
        changed.append((answer, old))
    if not changed:
        return 0, 0
    s.add(submission)
    now = utcnow()
    for _, old in changed:
        if old is not None:
            old.is_current = False
            old.superseded_at = now
    # The old rows must stop being current before the new ones exist (partial unique index).
    s.flush()
    for answer, old in changed:
        report = Report(
            period_id=period.id,
            task_id=answer.task_id,
            unit_id=unit.id,
            submission=submission,
            role=answer.role,
            received_on=submission.received_on,
            version=(old.version + 1) if old is not None else 1,
            is_current=True,
            **{name: getattr(answer.fields, name) for name in FIELD_NAMES},
        )
        if old is not None and not answer.files:
            # A newer answer without new files keeps the files sent before.
            report.files = [
                EvidenceFile(sha256=f.sha256, original_name=f.original_name, size=f.size) for f in old.files
            ]
        for path in answer.files:
            if evidence_dir is None:
                raise AssertionError("evidence files need an evidence folder")
            report.files.append(store_evidence(path, evidence_dir))
        s.add(report)
    s.flush()
    return len(changed), sum(1 for _, old in changed if old is not None)


def safe_name(name: str) -> str:
    """A file name as sent, made harmless: no folders, no characters Windows forbids, not empty."""
    base = ILLEGAL_IN_FILE_NAMES.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    if len(base) > 200:
        # Keep the extension (it says what the file is); shorten the rest.
        suffix = Path(base).suffix if len(Path(base).suffix) <= 11 else ""
        base = base[: 200 - len(suffix)].rstrip(" .") + suffix
    return base or "未命名文件"


def evidence_path(evidence_dir: Path, sha256: str, original_name: str) -> Path:
    """Where a stored evidence file lives: named by its hash only, so no name can leave the folder."""
    suffix = Path(safe_name(original_name)).suffix.lower()
    if not re.fullmatch(r"\.[0-9a-z]{1,10}", suffix):
        suffix = ""
    return evidence_dir / sha256[:2] / f"{sha256}{suffix}"


def store_evidence(path: Path, evidence_dir: Path) -> EvidenceFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadFileError(f"无法读取佐证材料“{path.name}”：{exc.strerror or exc}", path=str(path)) from None
    sha = hashlib.sha256(data).hexdigest()
    dest = evidence_path(evidence_dir, sha, path.name)
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".part")
        shutil.copyfile(path, tmp)
        tmp.replace(dest)
    return EvidenceFile(sha256=sha, original_name=safe_name(path.name), size=len(data))


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """What is wrong with an answer, in Chinese. ``blocking`` problems make it unstorable; an
    answer with only ``missing`` required cells may still be kept, as incomplete (``--partial``)."""

    missing: tuple[str, ...]
    blocking: tuple[str, ...]

    @property
    def problems(self) -> list[str]:
        return [*self.missing, *self.blocking]


LENGTH_CHECKED = (
    ("progress", "进展情况"),
    ("problems", "存在问题"),
    ("next_steps", "下步计划"),
    ("evidence", "佐证材料"),
    ("remarks", "备注"),
)


def check_fields(fields: ReportFields, max_length: int) -> FieldCheck:
    missing = []
    blocking = []
    if not fields.status:
        missing.append("未选择完成状态")
    elif fields.status not in STATUSES:
        blocking.append(f"完成状态“{fields.status}”不在可选项（{'、'.join(STATUSES)}）中")
    if not fields.progress:
        missing.append("未填写进展情况")
    blocking += [
        f"“{label}”超过 {max_length} 字"
        for name, label in LENGTH_CHECKED
        if len(getattr(fields, name)) > max_length
    ]
    return FieldCheck(tuple(missing), tuple(blocking))


def set_report(
    db: Database,
    period_code: str,
    *,
    task_seq: int,
    unit_name: str,
    fields: ReportFields,
    evidence_files: Sequence[Path] = (),
    received: date | None = None,
    who: str = "",
    plan_id: int | None = None,
    evidence_dir: Path | None = None,
    expected_version: int | None = None,
    max_length: int = 3000,
) -> ReportRow:
    """Record one unit's answer on one task by hand; the previous answer stays in the history.

    ``expected_version`` (the version the user was looking at) makes a concurrent edit by
    someone else a ``ConflictError`` instead of a silent overwrite.
    """
    fields = ReportFields(**{n: getattr(fields, n).strip() for n in FIELD_NAMES})
    if not fields.evidence and evidence_files:
        fields = ReportFields(
            **{
                **{n: getattr(fields, n) for n in FIELD_NAMES},
                "evidence": "、".join(p.name for p in evidence_files),
            }
        )
    problems = check_fields(fields, max_length).problems
    if problems:
        raise UserError("；".join(problems) + "。", code="bad_report")
    for path in evidence_files:
        if not path.is_file():
            raise BadFileError(f"找不到佐证材料文件：{path}", path=str(path))
    with db.unit_of_work() as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        ensure_open(period)
        unit = find_unit(s, unit_name)
        task = s.scalar(select(Task).where(Task.plan_id == period.plan_id, Task.seq == task_seq))
        if task is None:
            raise NotFoundError(f"计划中没有第 {task_seq} 项任务。", seq=task_seq)
        duty = next(
            (d for d in obligations(s, period.plan_id).get(unit.id, []) if d.task_id == task.id), None
        )
        if duty is None:
            raise ConflictError(
                f"“{unit.name}”不承担第 {task_seq} 项任务（既不牵头也不配合），不能为它录入进展。",
                unit=unit.name,
                seq=task_seq,
            )
        old = current_by_task(s, period.id, unit.id).get(task.id)
        if expected_version is not None and (old.version if old else 0) != expected_version:
            raise ConflictError(
                "这条报送刚被其他人修改过，请刷新后再改，以免覆盖对方的内容。", code="stale_report"
            )
        submission = Submission(
            period_id=period.id,
            unit_id=unit.id,
            kind="manual",
            file_name=MANUAL_SOURCE,
            received_on=received or date.today(),
            entered_by=who,
            rows=1,
        )
        store_answers(
            s,
            period,
            unit,
            [Answer(task.id, duty.role, fields, tuple(evidence_files))],
            submission,
            evidence_dir=evidence_dir,
        )
        log_change(s, "report.set", f"{period.code} 第{task_seq}项 {unit.name}：{fields.status}", who)
        current = current_by_task(s, period.id, unit.id)[task.id]
        row = report_row(s, current, period, task, unit)
        uow.commit()
    return row


def report_row(s: Session, r: Report, period: Period, task: Task, unit: Unit) -> ReportRow:
    sub = r.submission
    return ReportRow(
        id=r.id,
        period=period.code,
        task_id=task.id,
        seq=task.seq,
        title=task.title,
        unit=unit.name,
        role="lead" if r.role == "lead" else "co",
        fields=fields_of(r),
        received_on=r.received_on.isoformat(),
        source=sub.file_name if sub.kind == "file" else MANUAL_SOURCE,
        entered_by=sub.entered_by,
        version=r.version,
        evidence_files=tuple(f.original_name for f in r.files),
    )


def list_reports(
    db: Database,
    period_code: str,
    *,
    plan_id: int | None = None,
    unit_name: str | None = None,
    task_seq: int | None = None,
    history: bool = False,
) -> list[ReportRow]:
    """Reports of a period (current only unless ``history``), by task then register order."""
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        query = (
            select(Report, Task, Unit)
            .join(Task, Report.task_id == Task.id)
            .join(Unit, Report.unit_id == Unit.id)
            .where(Report.period_id == period.id)
        )
        if not history:
            query = query.where(Report.is_current)
        if unit_name is not None:
            query = query.where(Report.unit_id == find_unit(s, unit_name).id)
        if task_seq is not None:
            query = query.where(Task.seq == task_seq)
        query = query.order_by(Task.seq, Unit.sort_order, Unit.id, Report.version)
        return [report_row(s, r, period, t, u) for r, t, u in s.execute(query)]


def task_history(db: Database, task_id: int) -> list[ReportRow]:
    """Every current report on one task, in every period (oldest period first), for the task's detail."""
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        query = (
            select(Report, Period, Task, Unit)
            .join(Period, Report.period_id == Period.id)
            .join(Task, Report.task_id == Task.id)
            .join(Unit, Report.unit_id == Unit.id)
            .where(Report.task_id == task_id, Report.is_current)
            .order_by(Period.year, Period.quarter, Report.role.desc(), Unit.sort_order, Unit.id)
        )
        return [report_row(s, r, p, t, u) for r, p, t, u in s.execute(query)]
