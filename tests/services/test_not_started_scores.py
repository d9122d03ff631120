"""The 未启动 rule (RUBRIC.md item 3) end to end: deadlines read from the plan decide which tasks
are due in a quarter; the exported workbook, recalculated by LibreOffice, gives gkdesk's numbers;
``export scores --date`` dates the summary.

The plan: 甲县 leads task 1 (完成时限 2021年3月底前), task 2 (2021年6月底前) and task 3 (长期坚持,
no date) and cooperates on task 4 (no 完成时限); 乙县 cooperates on task 2 and leads task 4.
Everyone reports on time with full rows, so 报送时效 15, 报送质量 15 and 日常 20 throughout.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.cli import main
from gkdesk.db import Database
from gkdesk.records import ReportFields
from gkdesk.scoring.engine import left_out, task_rule
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.services.reports import set_report
from gkdesk.services.review import export_scores, period_scores
from tests.reporting_helpers import resave_with_libreoffice, soffice

PLAN = (
    "示范市2021年政务公开工作要点\n"
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    "一、推进决策公开\t\t\t\t\n"
    "1\t做好财政预决算公开。按要求公开预决算信息。\t甲县人民政府\t\t2021年3月底前\n"
    "2\t推进重大项目信息公开。及时公开项目审批和实施信息。\t甲县人民政府\t乙县人民政府\t2021年6月底前\n"
    "3\t做好政策解读。政策文件与解读材料同步发布。\t甲县人民政府\t\t长期坚持\n"
    "4\t加强政府网站管理。开展常态化监测。\t乙县人民政府\t甲县人民政府\t\n"
)
JIA, YI = "甲县人民政府", "乙县人民政府"
# A long 进展情况 on a 未启动 row: the text earns nothing, the status is what counts.
PLANS = "已制定工作方案，召开专题会议研究部署，明确责任分工和时间节点，正在组织起草相关制度文件。"


def report(db: Database, period: str, seq: int, unit: str, status: str, received: date) -> None:
    fields = ReportFields(status=status, progress=PLANS, evidence="材料.pdf" if status == "已完成" else "")
    set_report(db, period, task_seq=seq, unit_name=unit, fields=fields, received=received)


@pytest.fixture
def deadlines(database: Database, tmp_path: Path) -> Database:
    db = database
    src = tmp_path / "plan.txt"
    src.write_text(PLAN, encoding="utf-8")
    import_plan(db, src)
    open_period(db, "2021Q1", date(2021, 4, 15))
    on_time = date(2021, 4, 15)
    for seq, status in ((1, "已完成"), (2, "未启动"), (3, "未启动"), (4, "按序时推进")):
        report(db, "2021Q1", seq, JIA, status, on_time)
    report(db, "2021Q1", 2, YI, "未启动", on_time)
    report(db, "2021Q1", 4, YI, "按序时推进", on_time)
    return db


def test_the_plan_gives_the_deadlines_the_rule_reads(deadlines: Database) -> None:
    assert [(t.seq, t.deadline, t.deadline_date) for t in list_tasks(deadlines, 1)] == [
        (1, "2021年3月底前", "2021-03-31"),
        (2, "2021年6月底前", "2021-06-30"),
        (3, "长期坚持", None),
        (4, None, None),
    ]


def test_q1_counts_not_started_as_zero_unless_the_task_is_due_later(deadlines: Database) -> None:
    scores = {s.unit: s for s in period_scores(deadlines, "2021Q1").units}
    jia, yi = scores[JIA], scores[YI]
    # 甲县: task 2 (due in Q2) left out; task 3 (长期坚持: due every quarter) 未启动 → 0;
    # 50 × (1·1 + 1·0 + 0.5·0.8) / (1 + 1 + 0.5) = 50 × 1.4 / 2.5 = 28.0 → 15 + 15 + 28 + 20 = 78.0.
    # (The old rule credited both 未启动 rows 0.8: 50 × 3.0 / 3.5 = 42.9 → 92.9, 优秀.)
    assert [i.points for i in jia.items] == [15, 15, 28, 20]
    assert (jia.total, jia.grade, jia.rank) == (78.0, "一般", 2)
    assert [(t.seq, task_rule(t)) for t in jia.tasks] == [
        (1, "已完成 → 1"),
        (2, "未启动（截止在后续季度，本季度不计）"),
        (3, "未启动 → 0"),
        (4, "按序时推进 → 0.8"),
    ]
    # 乙县: its 未启动 on task 2 is left out; task 4 alone: 50 × 0.8 = 40.0 → 90.0.
    assert [i.points for i in yi.items] == [15, 15, 40, 20]
    assert (yi.total, yi.grade, yi.rank) == (90.0, "优秀", 1)
    assert [left_out(t) for t in yi.tasks] == [True, False]


def test_q2_counts_the_task_once_its_deadline_has_come(deadlines: Database) -> None:
    open_period(deadlines, "2021Q2", date(2021, 7, 15))
    for seq, status in ((1, "已完成"), (2, "未启动"), (3, "按序时推进"), (4, "按序时推进")):
        report(deadlines, "2021Q2", seq, JIA, status, date(2021, 7, 15))
    jia = next(s for s in period_scores(deadlines, "2021Q2").units if s.unit == JIA)
    # 50 × (1 + 0 + 0.8 + 0.4) / 3.5 = 50 × 2.2 / 3.5 = 31.43 → 31.4
    assert jia.items[2].points == 31.4
    assert not any(left_out(t) for t in jia.tasks)


def test_the_workbook_recalculates_to_the_engines_numbers(deadlines: Database, tmp_path: Path) -> None:
    sheet = period_scores(deadlines, "2021Q1")
    path = export_scores(deadlines, "2021Q1", tmp_path / "scores.xlsx", day=date(2021, 4, 20))
    wb = load_workbook(path)
    assert wb["汇总排名表"]["G2"].value == "制表日期：2021年4月20日"
    jia = wb[JIA]
    # Task 2 (row 14): its weight formula leaves it out while the status stays 未启动.
    assert jia["F14"].value == "未启动"
    assert jia["E14"].value == '=IF(F14="未启动",0,IF(D14="牵头",1,0.5))'
    assert jia["E15"].value == '=IF(D15="牵头",1,0.5)'
    assert [jia[f"I{r}"].value for r in range(13, 17)] == [
        "已完成 → 1",
        "未启动（截止在后续季度，本季度不计）",
        "未启动 → 0",
        "按序时推进 → 0.8",
    ]
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    resave_with_libreoffice(path, tmp_path)
    values = load_workbook(path, data_only=True)
    summary = values["汇总排名表"]
    got = {summary[f"B{r}"].value: (round(summary[f"F{r}"].value, 1), summary[f"J{r}"].value) for r in (4, 5)}
    assert got == {s.unit: (s.items[2].points, s.total) for s in sheet.units}
    assert [values[JIA][f"E{r}"].value for r in range(13, 17)] == [1, 0, 1, 0.5]


def test_export_scores_takes_a_date(
    capsys: pytest.CaptureFixture[str], deadlines: Database, tmp_path: Path
) -> None:
    out = tmp_path / "评分表.xlsx"
    code = main(
        ["--db", deadlines.url, "export", "scores", "2021Q1", "--out", str(out), "--date", "2021-04-20"]
    )
    assert code == 0 and "已生成考核评分表" in capsys.readouterr().out
    assert load_workbook(out)["汇总排名表"]["G2"].value == "制表日期：2021年4月20日"
    with pytest.raises(SystemExit) as bad:
        main(["--db", deadlines.url, "export", "scores", "2021Q1", "--out", str(out), "--date", "4月20日"])
    assert bad.value.code == 2
    assert "不是日期" in capsys.readouterr().err
