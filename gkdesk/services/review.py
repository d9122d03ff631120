"""The quarterly review: each plan's rubric, the office's manual entries, and the scores.

Scores are always recomputed from the stored data (reports, arrival dates, manual entries) by
the pure engine in ``gkdesk.scoring``, except for a closed period, whose scores were frozen when
it was closed and stay as they were until it is reopened.
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gkdesk.config import resource_path
from gkdesk.db import Database
from gkdesk.errors import ConflictError, NotFoundError, UserError
from gkdesk.models import (
    EvidenceFile,
    Period,
    Plan,
    PlanRubric,
    Report,
    ScoreEntry,
    ScoreSnapshot,
    Task,
    Unit,
)
from gkdesk.records import Rubric, ScoreEntryRow, ScoreSheet, UnitScore
from gkdesk.scoring.engine import (
    BONUS,
    PENALTY,
    VETO,
    Entry,
    TaskFact,
    UnitFacts,
    annual_rubric,
    roll_up,
    score_all,
)
from gkdesk.scoring.rubric_file import read_rubric, rubric_from_dict, rubric_text, rubric_to_dict
from gkdesk.scoring.snapshot import score_from_dict, score_to_dict
from gkdesk.services.obligations import obligations
from gkdesk.services.periods import ensure_open, find_period, period_title
from gkdesk.services.reports import current_reports, fields_of, first_received
from gkdesk.services.settings import get_settings, settings_in
from gkdesk.services.tracking import calendar_from
from gkdesk.services.units import find_unit, log_change

UNCATEGORISED = "未分类"


def chinese_date(day: date) -> str:
    """ "2021年4月8日": Arabic digits without leading zeros, as 公文 dates are written."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- rubric ---------------------------------------------------------------------------------------


def default_rubric() -> Rubric:
    return read_rubric(resource_path("rubric_default.toml"))


def resolve_plan(s: Session, plan_id: int | None) -> Plan:
    if plan_id is not None:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的计划。", plan_id=plan_id)
        return plan
    plans = s.scalars(select(Plan).order_by(Plan.id)).all()
    if not plans:
        raise NotFoundError("还没有导入任何计划。")
    if len(plans) > 1:
        ids = "、".join(f"{p.id}（{p.year or '年份未知'}）" for p in plans)
        raise UserError(
            f"有多个计划（{ids}），请在窗口上方选择计划（命令行加 --plan 编号）。", code="ambiguous_plan"
        )
    return plans[0]


def rubric_for(s: Session, plan_id: int) -> Rubric:
    stored = s.get(PlanRubric, plan_id)
    if stored is None:
        return default_rubric()
    return rubric_from_dict(json.loads(stored.content))


def keep_rubric_copy(s: Session, plan_id: int, who: str = "") -> None:
    """Give the plan its own copy of the default rubric, if it has none yet."""
    if s.get(PlanRubric, plan_id) is None:
        content = json.dumps(rubric_to_dict(default_rubric()), ensure_ascii=False)
        s.add(PlanRubric(plan_id=plan_id, content=content, updated_by=who))


def get_rubric(db: Database, plan_id: int | None = None) -> tuple[int, Rubric]:
    with db.unit_of_work(read_only=True) as uow:
        plan = resolve_plan(uow.session, plan_id)
        return plan.id, rubric_for(uow.session, plan.id)


def export_rubric(db: Database, path: Path, plan_id: int | None = None) -> Path:
    _, rubric = get_rubric(db, plan_id)
    try:
        path.write_text(rubric_text(rubric, suffix=path.suffix), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"无法写入“{path}”：{exc.strerror or exc}", code="write_failed") from None
    return path


def set_rubric(db: Database, rubric: Rubric, plan_id: int | None = None, *, who: str = "") -> int:
    """Store ``rubric`` as the plan's own copy; open periods are scored with it from now on."""
    with db.unit_of_work() as uow:
        s = uow.session
        plan = resolve_plan(s, plan_id)
        content = json.dumps(rubric_to_dict(rubric), ensure_ascii=False)
        stored = s.get(PlanRubric, plan.id)
        if stored is None:
            s.add(PlanRubric(plan_id=plan.id, content=content, updated_by=who))
        else:
            stored.content = content
            stored.updated_by = who
        log_change(s, "rubric.set", f"计划 {plan.id}：{rubric.name}", who)
        uow.commit()
        return plan.id


def import_rubric(db: Database, path: Path, plan_id: int | None = None, *, who: str = "") -> int:
    return set_rubric(db, read_rubric(path), plan_id, who=who)


# --- manual entries -------------------------------------------------------------------------------


def _item_codes(rubric: Rubric) -> dict[str, str]:
    codes = {i.code: i.name for i in rubric.items}
    codes.update({c.code: c.name for i in rubric.items for c in i.children})
    codes.update({BONUS: "加分", PENALTY: "扣分", VETO: "单项否决"})
    return codes


def add_entry(
    db: Database,
    period_code: str,
    *,
    unit_name: str,
    item: str,
    points: float,
    reason: str,
    plan_id: int | None = None,
    who: str = "",
) -> int:
    """Record a manual score (who and when are kept); returns its id."""
    reason = reason.strip()
    if not reason:
        raise UserError("请写明扣分或加分的理由。", code="reason_required")
    with db.unit_of_work() as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        ensure_open(period)
        rubric = rubric_for(s, period.plan_id)
        codes = _item_codes(rubric)
        item = {"加分": BONUS, "扣分": PENALTY, "否决": VETO, "单项否决": VETO}.get(item, item)
        if item not in codes:
            known = "、".join(f"{c}（{n}）" for c, n in codes.items())
            raise UserError(f"考核细则中没有项目“{item}”。可用：{known}", code="unknown_item")
        unit = find_unit(s, unit_name)
        if unit.id not in obligations(s, period.plan_id):
            raise ConflictError(f"“{unit.name}”在本计划中没有任务，不参加本季度考核。", unit=unit.name)
        entry = ScoreEntry(
            period_id=period.id, unit_id=unit.id, item=item, points=points, reason=reason, who=who
        )
        s.add(entry)
        s.flush()
        log_change(s, "score.set", f"{period.code} {unit.name} {codes[item]} {points:+g}：{reason}", who)
        uow.commit()
        return entry.id


def remove_entry(db: Database, entry_id: int, *, who: str = "") -> None:
    with db.unit_of_work() as uow:
        s = uow.session
        entry = s.get(ScoreEntry, entry_id)
        if entry is None:
            raise NotFoundError(f"没有编号为 {entry_id} 的评分记录。", entry_id=entry_id)
        ensure_open(s.get_one(Period, entry.period_id))
        log_change(
            s, "score.remove", f"删除评分记录 {entry_id}：{entry.item} {entry.points:+g} {entry.reason}", who
        )
        s.delete(entry)
        uow.commit()


# --- scores ---------------------------------------------------------------------------------------


def _quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def unit_facts(s: Session, period: Period, db_settings: dict[str, object]) -> list[UnitFacts]:
    """What the engine needs for every unit that owes reports in the period, in register order."""
    work_calendar = calendar_from(db_settings)
    owed = obligations(s, period.plan_id)
    units = {u.id: u for u in s.scalars(select(Unit).where(Unit.id.in_(owed)))}
    tasks = {t.id: t for t in s.scalars(select(Task).where(Task.plan_id == period.plan_id))}
    current = current_reports(s, period.id)
    with_files = set(
        s.scalars(
            select(Report.id).join(EvidenceFile).where(Report.period_id == period.id, Report.is_current)
        )
    )
    first = first_received(s, period.id)
    entries: dict[int, list[Entry]] = defaultdict(list)
    for e in s.scalars(select(ScoreEntry).where(ScoreEntry.period_id == period.id).order_by(ScoreEntry.id)):
        entries[e.unit_id].append(Entry(e.item, float(e.points), e.reason, e.id))
    end = _quarter_end(period.year, period.quarter)
    facts = []
    for unit_id, duties in owed.items():
        arrived = first.get(unit_id)
        late = None if arrived is None else work_calendar.workdays_between(period.deadline, arrived)
        task_facts = []
        for duty in duties:
            task = tasks[duty.task_id]
            report = current.get((unit_id, task.id))
            task_facts.append(
                TaskFact(
                    seq=task.seq,
                    title=task.title,
                    role="lead" if duty.role == "lead" else "co",
                    # A task without a deadline is due every quarter (RUBRIC.md item 3).
                    due=task.deadline_date is None or task.deadline_date <= end,
                    report=fields_of(report) if report is not None else None,
                    has_files=report is not None and report.id in with_files,
                )
            )
        unit = units[unit_id]
        facts.append(
            UnitFacts(
                unit.name, unit.category or UNCATEGORISED, tuple(task_facts), late, tuple(entries[unit_id])
            )
        )
    return facts


def _sheet(
    period_title_text: str,
    year: int,
    quarter: int,
    rubric: Rubric,
    units: list[UnitScore],
    office: str,
    day: date | None,
) -> ScoreSheet:
    """``day`` is the 制表日期 (today when not given)."""
    made_on = chinese_date(day or date.today())
    return ScoreSheet(period_title_text, year, quarter, office, made_on, rubric, tuple(units))


def _compute(s: Session, period: Period, db_settings: dict[str, object]) -> tuple[Rubric, list[UnitScore]]:
    rubric = rubric_for(s, period.plan_id)
    if period.closed:
        snapshot = s.get(ScoreSnapshot, period.id)
        if snapshot is not None:
            data = json.loads(snapshot.content)
            return rubric_from_dict(data["rubric"]), [score_from_dict(u) for u in data["units"]]
    return rubric, score_all(rubric, unit_facts(s, period, db_settings))


def period_scores(
    db: Database, period_code: str, *, plan_id: int | None = None, day: date | None = None
) -> ScoreSheet:
    """Every unit's scores for a quarter, ranked; or the year's roll-up when given just a year.

    ``day`` is the sheet's 制表日期 (default today)."""
    db_settings = get_settings(db)
    office = str(db_settings.get("office_name") or "")
    code = period_code.strip()
    if code.isdigit() and len(code) == 4:
        return annual_scores(db, int(code), plan_id=plan_id, day=day)
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        period = find_period(s, code, plan_id)
        rubric, units = _compute(s, period, db_settings)
        title = period_title(period.year, period.quarter)
        return _sheet(title, period.year, period.quarter, rubric, units, office, day)


def annual_scores(
    db: Database,
    year: int,
    *,
    plan_id: int | None = None,
    as_of: date | None = None,
    day: date | None = None,
) -> ScoreSheet:
    """The year's roll-up over its quarters that are closed or past their reporting deadline
    (on ``as_of``, default today); ``day`` is the sheet's 制表日期 (default today)."""
    db_settings = get_settings(db)
    today = as_of or date.today()
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        query = select(Period).where(Period.year == year)
        if plan_id is not None:
            query = query.where(Period.plan_id == plan_id)
        periods = s.scalars(query.order_by(Period.quarter)).all()
        if not periods:
            raise NotFoundError(f"{year} 年还没有开启任何报送期，无法年度汇总。", year=year)
        periods = [p for p in periods if p.closed or p.deadline < today]
        if not periods:
            raise UserError(f"{year} 年还没有已截止或已关闭的季度，暂不能年度汇总。", code="no_quarters")
        if len({p.plan_id for p in periods}) > 1:
            raise UserError(
                f"{year} 年有多个计划的报送期，请在窗口上方选择计划（命令行加 --plan 编号）。",
                code="ambiguous_plan",
            )
        rubric = rubric_for(s, periods[0].plan_id)
        units = roll_up(rubric, [_compute(s, period, db_settings)[1] for period in periods])
        office = str(db_settings.get("office_name") or "")
        return _sheet(f"{year}年度", year, 0, annual_rubric(rubric), units, office, day)


def freeze_scores(s: Session, period: Period) -> None:
    """Called when a period closes: its scores are stored and from then on read back, not recomputed."""
    db_settings = settings_in(s)
    rubric = rubric_for(s, period.plan_id)
    units = score_all(rubric, unit_facts(s, period, db_settings))
    content = json.dumps(
        {"rubric": rubric_to_dict(rubric), "units": [score_to_dict(u) for u in units]}, ensure_ascii=False
    )
    existing = s.get(ScoreSnapshot, period.id)
    if existing is None:
        s.add(ScoreSnapshot(period_id=period.id, content=content))
    else:
        existing.content = content


def thaw_scores(s: Session, period: Period) -> None:
    existing = s.get(ScoreSnapshot, period.id)
    if existing is not None:
        s.delete(existing)


def export_scores(
    db: Database, period_code: str, out: Path, *, plan_id: int | None = None, day: date | None = None
) -> Path:
    """The Excel 考核评分表 of a quarter (or of a year, given ``2021``), dated ``day`` (制表日期,
    default today)."""
    from gkdesk.exporters.score_book import write_score_book

    return write_score_book(period_scores(db, period_code, plan_id=plan_id, day=day), out)


# --- the office's manual entries, as stored ------------------------------------------------------------


def score_entries(db: Database, period_code: str, *, plan_id: int | None = None) -> list[ScoreEntryRow]:
    """Every manual entry of the quarter, oldest first."""
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        period = find_period(s, period_code, plan_id)
        rows = s.execute(
            select(ScoreEntry, Unit.name)
            .join(Unit, Unit.id == ScoreEntry.unit_id)
            .where(ScoreEntry.period_id == period.id)
            .order_by(ScoreEntry.id)
        ).all()
        return [ScoreEntryRow(e.id, name, e.item, float(e.points), e.reason, e.who, e.at) for e, name in rows]
