"""The 统计 figures on a small plan, every number worked out by hand below.

Five tasks in two sections, four units (register order: 市发改委, 市财政局, 市商务局, 市司法局).
2021Q1 is due Thursday 2021-04-15, 2021Q2 Thursday 2021-07-15.

    一、推进决策公开  (一) 市发改委 lead, 市财政局 co     (二) 市财政局 lead, 市商务局 co
    二、加强平台建设  (三) 市商务局 lead                  (四) 市发改委 + 市商务局 lead
                      (五) 市司法局 lead
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gkdesk.db import Database
from gkdesk.errors import NotFoundError
from gkdesk.records import ReportFields
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import set_report
from gkdesk.services.review import add_entry, score_entries
from gkdesk.services.stats import (
    TASK_STATUSES,
    completion_by_unit,
    first_section,
    on_time_by_quarter,
    status_by_section,
)

PLAN = """\
某市2021年政务公开工作要点
一、推进决策公开
（一）甲任务。做好甲项工作。（市发改委牵头，市财政局配合）
（二）乙任务。做好乙项工作。（市财政局牵头，市商务局配合）
二、加强平台建设
（三）丙任务。做好丙项工作。（市商务局牵头）
（四）丁任务。做好丁项工作。（市发改委、市商务局牵头）
（五）戊任务。做好戊项工作。（市司法局牵头）
"""
SECTION_1, SECTION_2 = "一、推进决策公开", "二、加强平台建设"


def report(db: Database, seq: int, unit: str, status: str, received: date, period: str = "2021Q1") -> None:
    fields = ReportFields(status=status, progress=f"{unit}已召开专题会议部署推进。")
    set_report(db, period, task_seq=seq, unit_name=unit, fields=fields, received=received)


@pytest.fixture
def plan(database: Database, tmp_path: Path) -> int:
    db = database
    src = tmp_path / "要点.txt"
    src.write_text(PLAN, encoding="utf-8")
    plan_id = import_plan(db, src, year=2021).plan_id
    open_period(db, "2021Q1", date(2021, 4, 15))
    open_period(db, "2021Q2", date(2021, 7, 15))
    # 2021Q1
    report(db, 1, "市发改委", "已完成", date(2021, 4, 15))  # on the deadline: on time
    report(db, 4, "市发改委", "滞后", date(2021, 4, 15))
    report(db, 1, "市财政局", "按序时推进", date(2021, 4, 19))  # Fri 16, Mon 19: 2 working days late
    report(db, 2, "市财政局", "未启动", date(2021, 4, 19))
    report(db, 2, "市财政局", "按序时推进", date(2021, 4, 20))  # corrects the answer; still late
    report(db, 3, "市商务局", "已完成", date(2021, 4, 14))
    report(db, 4, "市商务局", "按序时推进", date(2021, 4, 14))
    # 市商务局 never reports on its cooperating task (二); 市司法局 sends nothing in Q1.
    # 2021Q2
    report(db, 5, "市司法局", "已完成", date(2021, 7, 15), period="2021Q2")
    report(db, 1, "市发改委", "已完成", date(2021, 7, 16), period="2021Q2")  # 1 working day late
    report(db, 4, "市发改委", "已完成", date(2021, 7, 16), period="2021Q2")  # 市商务局, also lead, is silent
    return plan_id


def test_completion_by_unit(database: Database, plan: int) -> None:
    got = completion_by_unit(database, plan, "2021Q1")
    assert got == [
        # 市财政局: (一) 按序时推进, (二) 按序时推进 (its current answer) → 2/2
        ("市财政局", 1.0),
        # 市商务局: (二) not reported, (三) 已完成, (四) 按序时推进 → 2/3
        ("市商务局", pytest.approx(2 / 3)),
        # 市发改委: (一) 已完成, (四) 滞后 → 1/2
        ("市发改委", 0.5),
        # 市司法局: nothing → 0
        ("市司法局", 0.0),
    ]
    # Q2: 市发改委 2/2, 市司法局 1/1, the others 0 — ties keep the register's order.
    assert completion_by_unit(database, plan, "2021Q2") == [
        ("市发改委", 1.0),
        ("市司法局", 1.0),
        ("市财政局", 0.0),
        ("市商务局", 0.0),
    ]


def test_status_by_section(database: Database, plan: int) -> None:
    got = status_by_section(database, plan, "2021Q1")
    zero = dict.fromkeys(TASK_STATUSES, 0)
    assert got == [
        # (一) lead 市发改委 已完成; (二) lead 市财政局 按序时推进 (its co unit's silence does not count)
        (SECTION_1, {**zero, "已完成": 1, "按序时推进": 1}),
        # (三) 已完成; (四) leads say 滞后 and 按序时推进 → the laggard, 滞后; (五) no report → 未报送
        (SECTION_2, {**zero, "已完成": 1, "滞后": 1, "未报送": 1}),
    ]
    assert list(got[0][1]) == ["已完成", "按序时推进", "滞后", "未启动", "未报送"]
    # Q2: (一) 已完成, (二) 未报送 | (三) 未报送, (四) 已完成 from 市发改委 alone, (五) 已完成
    assert status_by_section(database, plan, "2021Q2") == [
        (SECTION_1, {**zero, "已完成": 1, "未报送": 1}),
        (SECTION_2, {**zero, "已完成": 2, "未报送": 1}),
    ]


def test_on_time_by_quarter(database: Database, plan: int) -> None:
    assert on_time_by_quarter(database, plan) == [
        # Q1: 4 units owe reports; 市发改委 and 市商务局 on time, 市财政局 late, 市司法局 missing
        ("2021Q1", 0.5, 0.75),
        # Q2: 市司法局 on time, 市发改委 a day late
        ("2021Q2", 0.25, 0.5),
    ]


def test_a_plan_without_quarters_has_no_figures(database: Database, tmp_path: Path) -> None:
    src = tmp_path / "要点.txt"
    src.write_text(PLAN.replace("2021", "2022"), encoding="utf-8")
    plan_id = import_plan(database, src, year=2022).plan_id
    assert on_time_by_quarter(database, plan_id) == []
    with pytest.raises(NotFoundError):
        completion_by_unit(database, plan_id, "2022Q1")
    with pytest.raises(NotFoundError, match="计划"):
        status_by_section(database, 999, "2021Q1")


def test_first_section() -> None:
    assert first_section("一、推进决策公开 / （一）重大决策") == "一、推进决策公开"
    assert first_section("二、平台") == "二、平台"
    assert first_section("") == "（未分板块）"


def test_score_entries_name_who_and_what(database: Database, plan: int) -> None:
    first = add_entry(
        database, "2021Q1", unit_name="市商务局", item="4.1", points=-1, reason="信息发布不及时", who="张三"
    )
    veto = add_entry(database, "2021Q1", unit_name="市司法局", item="veto", points=0, reason="泄露个人信息")
    add_entry(database, "2021Q2", unit_name="市司法局", item="bonus", points=2, reason="经验被推广")
    rows = score_entries(database, "2021Q1")
    assert [(r.id, r.unit, r.item, r.points, r.reason, r.who) for r in rows] == [
        (first, "市商务局", "4.1", -1.0, "信息发布不及时", "张三"),
        (veto, "市司法局", "veto", 0.0, "泄露个人信息", ""),
    ]
