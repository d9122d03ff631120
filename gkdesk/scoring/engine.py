"""The scoring engine: a quarter's facts for each unit → item scores, total, rank, grade.

Pure and deterministic: the same facts and rubric always give the same numbers, and they are the
numbers the Excel score book's formulas produce (decimal arithmetic, half-up rounding to one
decimal, deductions that stop at an item's maximum: 扣完为止). Each item's ``lines`` add up to its
change from full marks (children capped at their own maximum add a compensating line), so the
workbook's 扣(加)分 column reproduces the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from gkdesk.records import (
    STATUSES,
    ItemScore,
    ReportFields,
    Role,
    Rubric,
    RubricItem,
    ScoreLine,
    TaskLine,
    UnitScore,
)

NOT_REPORTED = "未报送"
NO_STATUS = "未填状态"  # the unit sent the row without a valid 完成状态
NOT_STARTED = "未启动"
NOT_YET_DUE = "未启动（截止在后续季度，本季度不计）"
ALL_NOT_YET_DUE = "所有任务截止在后续季度且未启动，按其他项目得分折算"
NO_TASKS = "无承担任务，按其他项目得分折算"
BONUS, PENALTY, VETO = "bonus", "penalty", "veto"


@dataclass(frozen=True, slots=True)
class TaskFact:
    seq: int
    title: str
    role: Role
    due: bool  # no deadline (due every quarter), or a deadline within or before this period
    report: ReportFields | None  # the unit's current report, None when it sent none
    has_files: bool = False  # evidence files were attached by hand


@dataclass(frozen=True, slots=True)
class Entry:
    """An office's manual entry: a deduction (<0) or addition on an item, 加分, 扣分 or 否决."""

    item: str  # an item or child code, or bonus / penalty / veto
    points: float
    reason: str
    id: int = 0


@dataclass(frozen=True, slots=True)
class UnitFacts:
    unit: str
    category: str
    tasks: tuple[TaskFact, ...]
    workdays_late: int | None  # None: not reported at all
    entries: tuple[Entry, ...] = ()


def d(x: float | int | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def round1(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def clamp(x: Decimal, top: Decimal) -> Decimal:
    return max(Decimal(0), min(top, x))


def _entry_lines(entries: Iterable[Entry], code: str, prefix: str = "") -> list[ScoreLine]:
    return [ScoreLine(prefix + e.reason, e.points, e.id) for e in entries if e.item == code]


def _sum(lines: Iterable[ScoreLine]) -> Decimal:
    return sum((d(line.points) for line in lines), Decimal(0))


_PUNCT = re.compile(r"[\s，。、；：,.;:“”\"'（）()！!？?—-]+")


def _restates(progress: str, title: str, min_chars: int) -> bool:
    """Progress text that says nothing beyond the task itself (不能反映实际进展)."""
    p, t = _PUNCT.sub("", progress), _PUNCT.sub("", title)
    return len(p) < min_chars or (bool(t) and (p == t or p in t))


def _timeliness(item: RubricItem, facts: UnitFacts) -> list[ScoreLine]:
    late = facts.workdays_late
    if late is None:
        return [ScoreLine("未报送", -item.max_points)]
    if late == 0:
        return []
    short_days = item.param("late_short_days", 3)
    cut = item.param("late_short", 5) if late <= short_days else item.param("late_long", 10)
    return [ScoreLine(f"逾期 {late} 个工作日", -cut)]


def _quality(item: RubricItem, facts: UnitFacts) -> list[ScoreLine]:
    if facts.workdays_late is None:
        kept = item.param("when_missing", 0)
        return [ScoreLine("未报送，无法评价报送质量", kept - item.max_points)]
    lines: list[ScoreLine] = []
    missing_field = item.param("missing_field", 1)
    empty_content = item.param("empty_content", 2)
    missing_evidence = item.param("missing_evidence", 1)
    min_chars = int(item.param("min_progress_chars", 6))
    for t in facts.tasks:
        r = t.report
        if r is None or not r.progress or r.status not in STATUSES:
            lines.append(ScoreLine(f"第{t.seq}项缺填进展情况或完成状态", -missing_field))
            continue
        if _restates(r.progress, t.title, min_chars):
            lines.append(ScoreLine(f"第{t.seq}项进展情况空泛，未反映实际进展", -empty_content))
        if r.status == "已完成" and not r.evidence and not t.has_files:
            lines.append(ScoreLine(f"第{t.seq}项标为已完成但无佐证材料", -missing_evidence))
    return lines


def _reported_status(report: ReportFields | None) -> str:
    if report is None:
        return NOT_REPORTED
    return report.status if report.status in STATUSES else NO_STATUS


def _task_lines(rubric: Rubric, facts: UnitFacts) -> list[TaskLine]:
    """Each task with the status the unit reported and what it counts for.

    The status counts as reported, whatever the progress text says (a 未启动 with a paragraph
    of plans is still 0). The only allowance: a task whose deadline falls in a later quarter and
    that the unit reports 未启动 gets weight 0, which leaves it out of the weighted average.
    """
    out = []
    for t in facts.tasks:
        weight = rubric.lead_weight if t.role == "lead" else rubric.co_weight
        status = _reported_status(t.report)
        note = ""
        if status == NOT_STARTED and not t.due:
            weight, note = 0.0, NOT_YET_DUE
        factor = rubric.factor(status) if status in STATUSES else 0.0
        out.append(TaskLine(t.seq, t.title, t.role, weight, status, factor, note))
    return out


def left_out(task: TaskLine) -> bool:
    """Whether the task was left out of this quarter's 任务落实 average (not yet due, 未启动)."""
    return task.note == NOT_YET_DUE


def task_rule(task: TaskLine) -> str:
    """How the reported status was counted, as the score sheet and the window show it:
    "未启动 → 0", "按序时推进 → 0.8", or "未启动（截止在后续季度，本季度不计）"."""
    if left_out(task):
        return NOT_YET_DUE
    rule = f"{task.status} → {task.factor:g}"
    return f"{rule}（{task.note}）" if task.note else rule


def _manual(item: RubricItem, entries: Sequence[Entry]) -> list[ScoreLine]:
    lines = _entry_lines(entries, item.code)
    for child in item.children:
        child_lines = _entry_lines(entries, child.code, f"{child.name}：")
        net = _sum(child_lines)
        if net < -d(child.max_points):
            # The child stops at zero (扣完为止): the excess deduction does not reach the parent.
            child_lines.append(ScoreLine(f"{child.name}扣完为止", float(-d(child.max_points) - net)))
        lines += child_lines
    return lines


def score_unit(rubric: Rubric, facts: UnitFacts) -> UnitScore:
    """One unit's items, 加分, 扣分 and total; rank and grade are set by ``rank_and_grade``."""
    items: dict[str, ItemScore] = {}
    tasks_item: RubricItem | None = None
    for item in rubric.items:
        if item.rule == "tasks":
            tasks_item = item
            continue
        lines = {"timeliness": _timeliness, "quality": _quality}.get(item.rule)
        computed = lines(item, facts) if lines is not None else []
        all_lines = computed + (_manual(item, facts.entries) if item.rule == "manual" else [])
        if item.rule != "manual":
            all_lines += _entry_lines(facts.entries, item.code, "核定调整：")
        top = d(item.max_points)
        points = clamp(top + _sum(all_lines), top)
        items[item.code] = ItemScore(item.code, item.name, item.max_points, float(points), tuple(all_lines))
    task_lines = _task_lines(rubric, facts)
    if tasks_item is not None:
        top = d(tasks_item.max_points)
        weights = sum((d(t.weight) for t in task_lines), Decimal(0))
        adjust = _entry_lines(facts.entries, tasks_item.code, "核定调整：")
        if weights == 0:
            # As the rubric says for a unit without tasks: the item follows the other items.
            base = sum((d(i.points) for i in items.values()), Decimal(0))
            info = [ScoreLine(ALL_NOT_YET_DUE if any(map(left_out, task_lines)) else NO_TASKS, 0)]
        else:
            weighted = sum((d(t.weight) * d(t.factor) for t in task_lines), Decimal(0))
            base = round1(top * weighted / weights)
            info = []
        points = clamp(base + _sum(adjust), top)
        items[tasks_item.code] = ItemScore(
            tasks_item.code, tasks_item.name, tasks_item.max_points, float(points), tuple(info + adjust)
        )
    bonus_lines = tuple(ScoreLine(e.reason, abs(e.points), e.id) for e in facts.entries if e.item == BONUS)
    penalty_lines = tuple(
        ScoreLine(e.reason, -abs(e.points), e.id) for e in facts.entries if e.item == PENALTY
    )
    bonus = min(d(rubric.bonus_cap), _sum(bonus_lines))
    penalty = -_sum(penalty_lines)
    ordered = tuple(items[i.code] for i in rubric.items)
    total = round1(sum((d(i.points) for i in ordered), Decimal(0)) + bonus - penalty)
    veto = "；".join(e.reason for e in facts.entries if e.item == VETO)
    return UnitScore(
        unit=facts.unit,
        category=facts.category,
        items=ordered,
        bonus=float(bonus),
        penalty=float(penalty),
        total=float(total),
        rank=0,
        grade="",
        bonus_lines=bonus_lines,
        penalty_lines=penalty_lines,
        veto=veto,
        tasks=tuple(task_lines),
        reported=facts.workdays_late is not None,
        workdays_late=facts.workdays_late or 0,
    )


def grade_of(rubric: Rubric, total: float, veto: str = "") -> str:
    if veto:
        return rubric.veto_grade
    for g in rubric.grades:  # highest threshold first
        if d(total) >= d(g.min_total):
            return g.name
    return rubric.grades[-1].name if rubric.grades else ""


def rank_and_grade(rubric: Rubric, scores: Sequence[UnitScore]) -> list[UnitScore]:
    """Ranks within category (or overall), ties sharing a rank; ordered by category, then rank.

    Categories keep the order in which their first unit appears (the register's order). Within a
    category units are ordered by total, highest first, equal totals in their input order; a
    unit's rank is one more than the number of units of its category with a higher total
    (competition ranking: 1, 2, 2, 4). O(n log n): one sort per category.
    """
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(scores):
        groups.setdefault(s.category if rubric.rank_by_category else "", []).append(i)
    totals = [d(s.total) for s in scores]
    thresholds = [(d(g.min_total), g.name) for g in rubric.grades]  # as grade_of compares them
    out: list[UnitScore] = []
    for members in groups.values():
        # sorted() is stable, also with reverse=True: equal totals keep their input order.
        ordered = sorted(members, key=totals.__getitem__, reverse=True)
        rank = 0
        for place, i in enumerate(ordered, 1):
            if place == 1 or totals[i] != totals[ordered[place - 2]]:
                rank = place
            s = scores[i]
            out.append(_ranked(s, rank, _grade(rubric, thresholds, totals[i], s.veto)))
    return out


# dataclasses.replace(s, rank=…, grade=…), twice as fast (every UnitScore field is an init field).
_UNIT_SCORE_FIELDS = tuple(f.name for f in fields(UnitScore))
_unit_score_values = attrgetter(*_UNIT_SCORE_FIELDS)
_RANK, _GRADE = _UNIT_SCORE_FIELDS.index("rank"), _UNIT_SCORE_FIELDS.index("grade")


def _ranked(s: UnitScore, rank: int, grade: str) -> UnitScore:
    values = list(_unit_score_values(s))
    values[_RANK], values[_GRADE] = rank, grade
    return UnitScore(*values)


def _grade(rubric: Rubric, thresholds: Sequence[tuple[Decimal, str]], total: Decimal, veto: str) -> str:
    """``grade_of`` with the thresholds and the total already decimal."""
    if veto:
        return rubric.veto_grade
    for min_total, name in thresholds:  # highest threshold first
        if total >= min_total:
            return name
    return thresholds[-1][1] if thresholds else ""


def score_all(rubric: Rubric, facts: Sequence[UnitFacts]) -> list[UnitScore]:
    return rank_and_grade(rubric, [score_unit(rubric, f) for f in facts])


def annual_rubric(rubric: Rubric) -> Rubric:
    """The year's rubric: every item becomes an office item whose lines carry the quarters' mean."""
    return replace(rubric, items=tuple(replace(i, rule="manual", children=()) for i in rubric.items))


def roll_up(rubric: Rubric, quarters: Sequence[Sequence[UnitScore]]) -> list[UnitScore]:
    """The annual review: per unit, the mean of its quarters' item scores, 加分 and 扣分.

    Means are rounded to one decimal and the total is their sum, so the annual workbook's
    formulas reproduce it. A unit is averaged over the quarters it was scored in.
    """
    by_unit: dict[str, list[UnitScore]] = {}
    for quarter in quarters:
        for s in quarter:
            by_unit.setdefault(s.unit, []).append(s)
    out = []
    for unit, scores in by_unit.items():
        n = Decimal(len(scores))
        items = []
        for k, item in enumerate(rubric.items):
            mean = round1(sum((d(s.items[k].points) for s in scores), Decimal(0)) / n)
            line = ScoreLine(f"{len(scores)} 个季度平均", float(mean - d(item.max_points)))
            items.append(ItemScore(item.code, item.name, item.max_points, float(mean), (line,)))
        bonus = round1(sum((d(s.bonus) for s in scores), Decimal(0)) / n)
        penalty = round1(sum((d(s.penalty) for s in scores), Decimal(0)) / n)
        total = round1(sum((d(i.points) for i in items), Decimal(0)) + bonus - penalty)
        vetoes = "；".join(s.veto for s in scores if s.veto)
        out.append(
            UnitScore(
                unit=unit,
                category=scores[-1].category,
                items=tuple(items),
                bonus=float(bonus),
                penalty=float(penalty),
                total=float(total),
                rank=0,
                grade="",
                bonus_lines=(ScoreLine(f"{len(scores)} 个季度平均", float(bonus)),) if bonus else (),
                penalty_lines=(ScoreLine(f"{len(scores)} 个季度平均", float(-penalty)),) if penalty else (),
                veto=vetoes,
                reported=all(s.reported for s in scores),
            )
        )
    return rank_and_grade(rubric, out)
