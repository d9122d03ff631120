"""The three Word notices of a quarter, filled from the database and the office's settings.

``write_notice`` gathers what each notice says (who owes what, who has not reported, the
scores, the rubric's numbers), hands it to ``exporters.notices`` for the words and to
``exporters.gongwen`` for the layout. Issuing the 报送通知 records its 文号 and date on the
period once its files are written, so the 催报通知 and the 考核通报 can cite it. A 文号 that is
not written the GB/T 9704 way ("[2021]", "018号") is refused with the corrected form.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gkdesk.db import Database
from gkdesk.debris import FOLDER_STAND_IN, new_folder
from gkdesk.errors import UserError
from gkdesk.exporters.gongwen import doc_number_problem, write_gongwen
from gkdesk.exporters.notices import remind_notice, report_notice, result_notice
from gkdesk.formats import fitted_file_name
from gkdesk.models import Period, Plan, Report, Task, TaskUnit, Unit
from gkdesk.records import (
    LETTERHEAD_MODES,
    STATUSES,
    DutyRow,
    GongwenDoc,
    LetterheadMode,
    MissingRow,
    NoticeHeader,
    NoticeTask,
    RemindNotice,
    ReportNotice,
    ResultNotice,
    RubricItem,
)
from gkdesk.scoring.engine import left_out
from gkdesk.services.obligations import obligations
from gkdesk.services.outputs import put_back, set_aside
from gkdesk.services.periods import find_period, period_title
from gkdesk.services.progress import CancelledFn, ProgressFn, Ticker
from gkdesk.services.review import chinese_date, period_scores, rubric_for
from gkdesk.services.settings import settings_in
from gkdesk.services.tracking import calendar_from, missing
from gkdesk.services.units import log_change

NoticeKind = Literal["report", "remind", "result"]
# A stand-in as long as the staging folder's name, to fit the copies' names in it.
_STAGING_LIKE = FOLDER_STAND_IN


_COMPLETE_NUMBER = re.compile(r"〔\d{4}〕\d+号$")


def check_doc_number(number: str) -> None:
    """Refuse a 文号 not written as GB/T 9704 wants, proposing the corrected form."""
    problem = doc_number_problem(number)
    if problem:
        raise UserError(problem, code="bad_doc_number", number=number)


def citable(number: str) -> str:
    """The 文号 as another notice may cite it: "" while its serial is still blank."""
    return number if _COMPLETE_NUMBER.search(number.strip()) else ""


def _header(settings: dict[str, Any], year: int, day: date, number: str | None) -> NoticeHeader:
    prefix = str(settings.get("doc_prefix") or "")
    if number is None:
        # The serial number is the office's to give; leave its place blank for them to fill in.
        number = f"{prefix}〔{year}〕　号" if prefix else ""
    number = number.strip()
    check_doc_number(number)
    office = str(settings.get("office_name") or "")
    mode = str(settings.get("letterhead_mode") or "red")
    if mode not in dict(LETTERHEAD_MODES):
        mode = "red"
    return NoticeHeader(
        office=office,
        doc_number=number,
        recipients=str(settings.get("recipients") or "各有关单位"),
        signature=str(settings.get("signature") or office),
        date=chinese_date(day),
        contacts=str(settings.get("contacts") or ""),
        send_method=str(settings.get("send_method") or ""),
        # The red head reads the setting, else the office's name (信函式 公文 head).
        letterhead=str(settings.get("letterhead") or office),
        copy_to=str(settings.get("copy_to") or ""),
        letterhead_mode=cast(LetterheadMode, mode),
    )


def _timeliness(s: Session, plan_id: int) -> RubricItem | None:
    return next((i for i in rubric_for(s, plan_id).items if i.rule == "timeliness"), None)


def _tasks(s: Session, plan_id: int) -> tuple[NoticeTask, ...]:
    tasks = s.scalars(
        select(Task)
        .where(Task.plan_id == plan_id)
        .order_by(Task.seq)
        .options(selectinload(Task.units).selectinload(TaskUnit.unit))
    )
    return tuple(
        NoticeTask(
            t.seq,
            t.title,
            "、".join(link.unit.name for link in t.units if link.role == "lead"),
            "、".join(link.unit.name for link in t.units if link.role == "co"),
            t.deadline_text or "",
        )
        for t in tasks
    )


def _report_title(period: Period) -> str:
    return f"关于报送{period_title(period.year, period.quarter)}政务公开重点工作进展情况的通知"


def _duties(s: Session, period: Period) -> tuple[DutyRow, ...]:
    owed = obligations(s, period.plan_id)
    units = {u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_(owed)))}
    tasks = {
        t.id: t
        for t in s.scalars(
            select(Task)
            .where(Task.plan_id == period.plan_id)
            .options(selectinload(Task.units).selectinload(TaskUnit.unit))
        )
    }
    rows = []
    for unit_id, duties in owed.items():
        for d in duties:
            t = tasks[d.task_id]
            lead = "、".join(link.unit.name for link in t.units if link.role == "lead")
            rows.append(
                DutyRow(
                    units[unit_id],
                    t.seq,
                    t.title,
                    "lead" if d.role == "lead" else "co",
                    lead,
                    t.deadline_text or "",
                )
            )
    return tuple(rows)


def write_notice(
    db: Database,
    kind: NoticeKind,
    period_code: str,
    out: Path,
    *,
    plan_id: int | None = None,
    day: date | None = None,
    number: str | None = None,
    new_deadline: date | None = None,
    per_unit_dir: Path | None = None,
    who: str = "",
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[Path]:
    """Write one notice (and, for the 报送通知, optionally one copy per unit); returns the files.

    ``day`` is the 成文日期 of every file written (default today). The 报送通知 records its 文号
    and date on the period only after all its files are written: the per-unit copies go to a
    staging folder first and are moved into ``per_unit_dir`` once all of them exist."""
    today = day or date.today()
    if kind == "result":
        return [_write_result(db, period_code, out, plan_id, today, number)]
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        settings = settings_in(s)
        period = find_period(s, period_code, plan_id)
        header = _header(settings, period.year, today, number)
        code, period_id = period.code, period.id
        if kind == "report":
            plan = s.get_one(Plan, period.plan_id)
            notice = ReportNotice(
                header,
                period.year,
                period.quarter,
                plan.title,
                chinese_date(period.deadline),
                _duties(s, period),
                len(obligations(s, period.plan_id)),
                tasks=_tasks(s, period.plan_id),
                timeliness=_timeliness(s, period.plan_id),
            )
            docs: list[tuple[Path, GongwenDoc]] = [(out, report_notice(notice))]
            if per_unit_dir is not None:
                for unit in dict.fromkeys(d.unit for d in notice.duties):
                    # Each copy is written in the staging folder first: its path must fit there.
                    name = fitted_file_name(
                        unit, f"-{period.code}-报送通知.docx", per_unit_dir / _STAGING_LIKE
                    )
                    path = per_unit_dir / name
                    docs.append((path, report_notice(notice, unit=unit)))
        else:
            remind = _remind(db, s, period, header, today, new_deadline, settings)
            if not remind.missing and not remind.incomplete:
                raise UserError(
                    f"{period_title(period.year, period.quarter)}所有单位都已报送且填报完整，不需要催报。",
                    code="nothing_to_remind",
                )
            docs = [(out, remind_notice(remind))]
    written = _write_all(docs, per_unit_dir, progress, cancelled)
    if kind == "report":
        with db.unit_of_work() as uow:
            period = uow.session.get_one(Period, period_id)
            period.notice_number = header.doc_number
            period.notice_date = today
            log_change(uow.session, "notice.report", f"{code} {header.doc_number}".strip(), who)
            uow.commit()
    return written


def _write_all(
    docs: list[tuple[Path, GongwenDoc]],
    per_unit_dir: Path | None,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> list[Path]:
    """Write every file; the per-unit copies (all but the first) through a staging folder, so a
    failure or a cancel leaves no half set behind and nothing is recorded. The old copies are set
    aside before the notice is written: one still open in Word stops the run with nothing replaced."""
    ticker = Ticker(len(docs), progress, cancelled)
    main_path, main_doc = docs[0]
    _make_folder(main_path.parent)
    staging: Path | None = None
    staged: list[tuple[Path, Path]] = []
    try:
        if per_unit_dir is not None and len(docs) > 1:
            _make_folder(per_unit_dir)
            try:
                staging = new_folder(per_unit_dir)
            except OSError:
                raise UserError(
                    f"无法在文件夹“{per_unit_dir}”中保存文件，请检查权限或换一个位置。",
                    code="folder_not_writable",
                ) from None
        for path, doc in docs[1:]:
            ticker.check()
            assert staging is not None
            staged.append((write_gongwen(doc, staging / path.name), path))
            ticker.step(path.name)
        ticker.check()
        moved = set_aside([final for _, final in staged], staging / "old", _locked) if staging else []
        try:
            written = [write_gongwen(main_doc, main_path)]
            ticker.step(main_path.name)
        except BaseException:
            put_back(moved)
            raise
        for temp, final in staged:
            try:
                os.replace(temp, final)
            except PermissionError as exc:
                put_back(moved)  # the old copies are in the staging folder, about to be deleted
                raise _locked(final) from exc
            except OSError as exc:
                put_back(moved)
                message = f"无法保存文件“{final}”：{exc.strerror or exc}"
                raise UserError(message, code="bad_folder", path=str(final)) from exc
            written.append(final)
        return written
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _locked(path: Path) -> UserError:
    message = f"文件“{path.name}”正在被 Word 或 WPS 打开，请关闭后重试。"
    return UserError(message, code="file_locked", path=str(path))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹“{folder}”：{exc.strerror or exc}", code="bad_folder") from None


def _remind(
    db: Database,
    s: Session,
    period: Period,
    header: NoticeHeader,
    today: date,
    new_deadline: date | None,
    settings: dict[str, Any],
) -> RemindNotice:
    gone = missing(db, period.code, plan_id=period.plan_id)
    owed = obligations(s, period.plan_id)
    names = {u.id: u.name for u in s.scalars(select(Unit).where(Unit.id.in_(owed)))}
    counts = {names[u]: len(d) for u, d in owed.items()}
    missing_rows = tuple(
        MissingRow(
            unit,
            counts[unit],
            counts[unit] - len(seqs),
            "未报送" if len(seqs) == counts[unit] else "部分未报",
        )
        for unit, seqs in gone.missing
    )
    incomplete = tuple(
        MissingRow(unit, counts[unit], counts[unit], "报送不完整") for unit, _ in gone.incomplete
    )
    deadline = new_deadline or calendar_from(settings).add_workdays(today, 3)
    return RemindNotice(
        header=header,
        year=period.year,
        quarter=period.quarter,
        first_title=_report_title(period),
        first_number=citable(period.notice_number or ""),
        first_deadline=chinese_date(period.deadline),
        as_of=chinese_date(today),
        new_deadline=chinese_date(deadline),
        missing=missing_rows,
        incomplete=incomplete,
        timeliness=_timeliness(s, period.plan_id),
    )


def _write_result(
    db: Database, period_code: str, out: Path, plan_id: int | None, today: date, number: str | None
) -> Path:
    sheet = period_scores(db, period_code, plan_id=plan_id, day=today)
    gone = missing(db, period_code, plan_id=plan_id)
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        settings = settings_in(s)
        period = find_period(s, period_code, plan_id)
        header = _header(settings, period.year, today, number)
        first_title = _report_title(period)
        first_number = citable(period.notice_number or "")
        owed = obligations(s, period.plan_id)
        leads: dict[int, list[int]] = {}
        for unit_id, duties in owed.items():
            for d in duties:
                if d.role == "lead":
                    leads.setdefault(d.task_id, []).append(unit_id)
        current = {
            (r.unit_id, r.task_id): r
            for r in s.scalars(select(Report).where(Report.period_id == period.id, Report.is_current))
        }
        status_of_task: Counter[str] = Counter()
        for task_id, unit_ids in leads.items():
            statuses = [current[(u, task_id)].status for u in unit_ids if (u, task_id) in current]
            status_of_task[max(statuses, key=STATUSES.index) if statuses else "未报送"] += 1
    units = sheet.units
    no_evidence = tuple(
        u.unit for u in units if any("无佐证材料" in line.reason for i in u.items for line in i.lines)
    )
    # A 未启动 on a task due in a later quarter is not lagging: the rubric leaves it out too.
    lagging = tuple(
        u.unit for u in units if any(t.status in ("滞后", "未启动") and not left_out(t) for t in u.tasks)
    )
    notice = ResultNotice(
        header=header,
        sheet=sheet,
        first_title=first_title,
        units=len(units),
        reported=sum(1 for u in units if u.reported),
        on_time=sum(1 for u in units if u.reported and u.workdays_late == 0),
        status_counts=tuple((st, status_of_task[st]) for st in (*STATUSES, "未报送")),
        late_units=tuple(unit for unit, _ in gone.late),
        missing_units=tuple(unit for unit, seqs in gone.missing),
        no_evidence_units=no_evidence,
        lagging_units=lagging,
        first_number=first_number,
    )
    _make_folder(out.parent)
    return write_gongwen(result_notice(notice), out)
