"""Scores of a fixed quarter, every number worked out by hand below.

Six units in two categories, five tasks, 2021Q1 due Thursday 2021-04-15. The default rubric:
报送时效 15 (late 1–3 working days −5), 报送质量 15 (−1 missing cell, −2 empty content, −1 missing
evidence for 已完成), 任务落实 50 (50·Σw·f/Σw; lead 1.0, co 0.5; 已完成 1, 按序时推进 0.8, 滞后 0.4,
未启动/未报送 0), 日常公开工作 20 (4.1 8 / 4.2 4 / 4.3 4 / 4.4 4), 加分 ≤ 5, 扣分 uncapped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.db import Database
from gkdesk.errors import ClosedPeriodError, UserError
from gkdesk.records import ReportFields
from gkdesk.services.collect import collect
from gkdesk.services.periods import open_period, set_closed
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.services.reports import set_report
from gkdesk.services.review import (
    add_entry,
    annual_scores,
    default_rubric,
    export_scores,
    period_scores,
    remove_entry,
    set_rubric,
)
from gkdesk.services.templates import write_templates
from gkdesk.services.units import update_unit
from tests.reporting_helpers import fill, resave_with_libreoffice, soffice

PLAN = """\
示范市2021年政务公开工作要点
一、重点任务
（一）做好财政预决算公开。按要求公开预决算信息。（甲县人民政府牵头，市财政局配合）
（二）推进重大项目信息公开。及时公开项目审批和实施信息。（乙县人民政府牵头，甲县人民政府、市商务局配合）
（三）推进政务公开标准化建设。完善基层政务公开标准目录。（丙县人民政府牵头，乙县人民政府配合）
（四）加强涉企政策公开。集中公开涉企政策。（市财政局牵头，市商务局配合）
（五）做好行政执法信息公开。落实行政执法公示制度。（市司法局牵头，丙县人民政府配合）
"""
COUNTY, CITY = "县市区", "市直部门"
ON_TIME, TWO_DAYS_LATE = date(2021, 4, 15), date(2021, 4, 19)  # Fri 16 and Mon 19 are working days


def report(
    db: Database, seq: int, unit: str, status: str, received: date, period: str = "2021Q1", **more: str
) -> None:
    progress = more.pop("progress", f"{unit}已召开专题会议部署，完成阶段目标。")
    set_report(
        db,
        period,
        task_seq=seq,
        unit_name=unit,
        fields=ReportFields(status=status, progress=progress, **more),
        received=received,
    )


@pytest.fixture
def quarter(database: Database, tmp_path: Path) -> Database:
    db = database
    src = tmp_path / "plan.txt"
    src.write_text(PLAN, encoding="utf-8")
    import_plan(db, src)
    for unit in ("甲县人民政府", "乙县人民政府", "丙县人民政府"):
        update_unit(db, unit, category=COUNTY)
    for unit in ("市财政局", "市商务局", "市司法局"):
        update_unit(db, unit, category=CITY)
    open_period(db, "2021Q1", date(2021, 4, 15))

    # 甲县: on time, everything filled, two commendations (+3 +3, capped at 5).
    report(db, 1, "甲县人民政府", "已完成", ON_TIME, evidence="预决算公开截图.pdf")
    report(db, 2, "甲县人民政府", "按序时推进", ON_TIME)
    add_entry(
        db, "2021Q1", unit_name="甲县人民政府", item="bonus", points=3, reason="经验做法被省政府办公厅推广"
    )
    add_entry(db, "2021Q1", unit_name="甲县人民政府", item="加分", points=3, reason="受到市政府通报表扬")
    # 乙县: two working days late; 已完成 without evidence; cooperating task 滞后.
    report(db, 2, "乙县人民政府", "已完成", TWO_DAYS_LATE)
    report(db, 3, "乙县人民政府", "滞后", TWO_DAYS_LATE, problems="资金未到位")
    # 丙县: returns its file with one row's 进展情况 empty (taken with --partial), another row
    # merely restating the task; criticised once in a 通报 (−3).
    title3 = next(t.title for t in list_tasks(db, 1) if t.seq == 3)
    out = tmp_path / "templates"
    write_templates(db, "2021Q1", out, unit_name="丙县人民政府")

    def answers(code: str, title: str) -> dict[str, str]:
        if code == "3":
            return {"status": "按序时推进", "progress": title3}
        return {"status": "按序时推进", "progress": ""}

    path = fill(out / "丙县人民政府-2021Q1-进展情况报送表.xlsx", answers)
    (result,) = collect(db, "2021Q1", [path], received=ON_TIME, partial=True)
    assert result.result == "accepted" and "未填写进展情况" in result.errors[0]
    add_entry(db, "2021Q1", unit_name="丙县人民政府", item="penalty", points=-3, reason="被市政府通报批评")
    # 市财政局: on time, complete — but a 单项否决 (泄密).
    report(db, 1, "市财政局", "按序时推进", ON_TIME)
    report(db, 4, "市财政局", "已完成", ON_TIME, evidence="政策汇编.pdf")
    add_entry(db, "2021Q1", unit_name="市财政局", item="veto", points=0, reason="保密审查不严，泄露个人信息")
    # 市商务局: never reports; three −2 deductions on 4.2 (max 4) stop at zero (扣完为止).
    for n in range(3):
        add_entry(
            db,
            "2021Q1",
            unit_name="市商务局",
            item="4.2",
            points=-2,
            reason=f"解读材料未同步发布（第{n + 1}次）",
        )
    # 市司法局: on time, its one lead task 滞后.
    report(db, 5, "市司法局", "滞后", ON_TIME)
    return db


EXPECTED = {
    # unit: (category, items 1-4, bonus, penalty, total, rank, grade)
    # 甲县: 15, 15, 50·(1·1 + 0.5·0.8)/(1 + 0.5) = 50·1.4/1.5 = 46.67 → 46.7, 20; 加分 min(5, 6) = 5
    #       total 15 + 15 + 46.7 + 20 + 5 = 101.7
    "甲县人民政府": (COUNTY, {"1": 15, "2": 15, "3": 46.7, "4": 20}, 5, 0, 101.7, 1, "优秀"),
    # 乙县: 15 − 5 (2 working days late) = 10; 15 − 1 (已完成, no evidence) = 14;
    #       50·(1·1 + 0.5·0.4)/1.5 = 50·1.2/1.5 = 40.0; 20 → 84.0
    "乙县人民政府": (COUNTY, {"1": 10, "2": 14, "3": 40, "4": 20}, 0, 0, 84.0, 2, "良好"),
    # 丙县: 15; 15 − 2 (restates task 3) − 1 (task 5 进展情况 empty) = 12;
    #       50·(1·0.8 + 0.5·0.8)/1.5 = 40.0; 20; 扣分 3 → 15 + 12 + 40 + 20 − 3 = 84.0 (ties 乙县: rank 2)
    "丙县人民政府": (COUNTY, {"1": 15, "2": 12, "3": 40, "4": 20}, 0, 3, 84.0, 2, "良好"),
    # 市财政局: 15, 15, 50·(0.5·0.8 + 1·1)/1.5 = 46.7, 20 → 96.7, first of its category, but 单项否决
    "市财政局": (CITY, {"1": 15, "2": 15, "3": 46.7, "4": 20}, 0, 0, 96.7, 1, "不合格"),
    # 市司法局: 15, 15, 50·(1·0.4)/1 = 20.0, 20 → 70.0
    "市司法局": (CITY, {"1": 15, "2": 15, "3": 20, "4": 20}, 0, 0, 70.0, 2, "一般"),
    # 市商务局: not reported: 0, 0 (nothing to assess), 0 (both tasks 未报送), 20 − 4 (4.2 capped) = 16 → 16.0
    "市商务局": (CITY, {"1": 0, "2": 0, "3": 0, "4": 16}, 0, 0, 16.0, 3, "较差"),
}


def test_every_score_matches_the_hand_worked_numbers(quarter: Database) -> None:
    sheet = period_scores(quarter, "2021Q1")
    got = {
        s.unit: (
            s.category,
            {i.code: i.points for i in s.items},
            s.bonus,
            s.penalty,
            s.total,
            s.rank,
            s.grade,
        )
        for s in sheet.units
    }
    assert got == EXPECTED
    # Order: categories as the register lists them, then rank, ties in register order.
    assert [s.unit for s in sheet.units] == list(EXPECTED)
    assert sheet.period_title == "2021年第一季度"


def test_json_shape(quarter: Database) -> None:
    first = period_scores(quarter, "2021Q1").units[0].to_json()
    tasks = first.pop("tasks")
    assert tasks and set(tasks[0]) == {"seq", "role", "status", "factor", "note"}
    assert all(t["factor"] in (0, 0.4, 0.8, 1.0) and t["role"] in ("lead", "co") for t in tasks)
    assert first == {
        "unit": "甲县人民政府",
        "category": COUNTY,
        "items": {"1": 15, "2": 15, "3": 46.7, "4": 20},
        "bonus": 5,
        "penalty": 0,
        "total": 101.7,
        "rank": 1,
        "grade": "优秀",
    }


def test_reasons_are_kept_for_the_detail_sheet(quarter: Database) -> None:
    scores = {s.unit: s for s in period_scores(quarter, "2021Q1").units}
    late = scores["乙县人民政府"].items[0]
    assert [(line.reason, line.points) for line in late.lines] == [("逾期 2 个工作日", -5)]
    daily = scores["市商务局"].items[3]
    assert sum(line.points for line in daily.lines) == -4  # 3 × −2, then +2 back: 扣完为止
    assert [t.status for t in scores["市商务局"].tasks] == ["未报送", "未报送"]
    assert scores["市财政局"].veto == "保密审查不严，泄露个人信息"


def test_a_manual_change_moves_the_rank(quarter: Database) -> None:
    entry = add_entry(
        quarter, "2021Q1", unit_name="丙县人民政府", item="4.1", points=-1, reason="信息发布不及时"
    )
    scores = {s.unit: s for s in period_scores(quarter, "2021Q1").units}
    assert (scores["丙县人民政府"].total, scores["丙县人民政府"].rank) == (83.0, 3)
    assert scores["乙县人民政府"].rank == 2
    remove_entry(quarter, entry)
    scores = {s.unit: s for s in period_scores(quarter, "2021Q1").units}
    assert scores["丙县人民政府"].rank == 2


def test_bad_entries_are_refused(quarter: Database) -> None:
    with pytest.raises(UserError, match="理由"):
        add_entry(quarter, "2021Q1", unit_name="市司法局", item="4.1", points=-1, reason="  ")
    with pytest.raises(UserError, match="没有项目"):
        add_entry(quarter, "2021Q1", unit_name="市司法局", item="9", points=-1, reason="x")


def test_a_closed_period_keeps_its_scores_frozen(quarter: Database) -> None:
    before = period_scores(quarter, "2021Q1")
    set_closed(quarter, "2021Q1", True)
    with pytest.raises(ClosedPeriodError):
        add_entry(quarter, "2021Q1", unit_name="市司法局", item="4.1", points=-1, reason="x")
    # A rubric edited after closing leaves the closed quarter alone.
    set_rubric(quarter, replace(default_rubric(), co_weight=1.0))
    assert period_scores(quarter, "2021Q1").units == before.units
    set_closed(quarter, "2021Q1", False)
    reopened = {s.unit: s.total for s in period_scores(quarter, "2021Q1").units}
    # co weight 1.0 now: 甲县 50·(1 + 0.8)/2 = 45.0 → 15 + 15 + 45 + 20 + 5 = 100.0
    assert reopened["甲县人民政府"] == 100.0


def test_the_year_rolls_up_as_the_mean_of_its_quarters(quarter: Database) -> None:
    open_period(quarter, "2021Q2", date(2021, 7, 15))
    for seq in (1, 2):
        report(quarter, seq, "甲县人民政府", "已完成", date(2021, 7, 15), "2021Q2", evidence="材料.pdf")
    year = {s.unit: s for s in annual_scores(quarter, 2021).units}
    # 甲县 Q2: 15, 15, 50·(1 + 0.5)/1.5 = 50, 20, no bonus → 100.0; Q1 items 15, 15, 46.7, 20, bonus 5.
    # Means: 15, 15, (46.7 + 50)/2 = 48.35 → 48.4, 20; bonus 2.5 → total 100.9
    jia = year["甲县人民政府"]
    assert [i.points for i in jia.items] == [15, 15, 48.4, 20]
    assert (jia.bonus, jia.total, jia.rank, jia.grade) == (2.5, 100.9, 1, "优秀")
    # 市商务局 reported in neither quarter: Q2 has 0, 0, 0, 20 → means 0, 0, 0, 18.0
    assert [i.points for i in year["市商务局"].items] == [0, 0, 0, 18]
    assert period_scores(quarter, "2021").period_title == "2021年度"


def test_the_exported_workbook_computes_the_same_numbers(quarter: Database, tmp_path: Path) -> None:
    """LibreOffice recalculates the exported 考核评分表: every total, rank and grade equals gkdesk's."""
    path = export_scores(quarter, "2021Q1", tmp_path / "scores.xlsx")
    assert str(load_workbook(path)["汇总排名表"]["J4"].value).startswith("=ROUND(SUM(")
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    resave_with_libreoffice(path, tmp_path)
    summary = load_workbook(path, data_only=True)["汇总排名表"]
    got = {
        summary[f"B{r}"].value: (
            round(summary[f"J{r}"].value, 1),
            summary[f"K{r}"].value,
            summary[f"L{r}"].value,
        )
        for r in range(4, 4 + len(EXPECTED))
    }
    assert got == {unit: (e[4], e[5], e[6]) for unit, e in EXPECTED.items()}
