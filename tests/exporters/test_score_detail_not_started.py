"""Tasks left out of the 任务落实 average (未启动 on a task due in a later quarter) in the score
workbook: the sheet shows the status the unit reported and the rule applied, and its formulas,
recalculated by LibreOffice, give the engine's numbers — also when every task is left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.exporters.score_book import write_score_book
from gkdesk.records import ReportFields, Role, ScoreSheet
from gkdesk.scoring.engine import TaskFact, UnitFacts, score_all
from gkdesk.services.review import default_rubric
from tests.exporters.test_score_book import check_numbers, recalculated
from tests.reporting_helpers import resave_with_libreoffice, soffice

RUBRIC = default_rubric()
PROGRESS = "已制定工作方案，召开专题会议部署，正在组织实施。"


def fact(seq: int, status: str | None, role: Role = "lead", *, due: bool = True) -> TaskFact:
    report = None if status is None else ReportFields(status=status, progress=PROGRESS, evidence="材料.pdf")
    return TaskFact(seq, f"第{seq}项重点工作任务", role, due, report)


# 甲: 50 × (1 + 0.5·0.8) / 1.5 = 46.7 (task 3 left out) → 15 + 15 + 46.7 + 20 = 96.7
# 乙: every task left out, 2 working days late: 10 + 15 + 20 = 45 → 10 + 15 + 45 + 20 = 90.0
# 丙: 未启动 on due tasks: 50 × (1·0.4 + 1·0) / 2 = 10.0 → 60.0; a co task left out
FACTS = [
    UnitFacts(
        "甲县", "县市区", (fact(1, "已完成"), fact(2, "按序时推进", "co"), fact(3, "未启动", due=False)), 0
    ),
    UnitFacts("乙县", "县市区", (fact(1, "未启动", due=False), fact(4, "未启动", "co", due=False)), 2),
    UnitFacts("丙县", "县市区", (fact(1, "滞后"), fact(5, "未启动"), fact(6, "未启动", "co", due=False)), 0),
]


def make_sheet() -> ScoreSheet:
    units = tuple(score_all(RUBRIC, FACTS))
    return ScoreSheet("2021年第一季度", 2021, 1, "某市人民政府办公室", "2021年4月20日", RUBRIC, units)


def test_the_hand_worked_totals() -> None:
    assert {u.unit: (u.items[2].points, u.total, u.rank) for u in make_sheet().units} == {
        "甲县": (46.7, 96.7, 1),
        "乙县": (45.0, 90.0, 2),
        "丙县": (10.0, 60.0, 3),
    }


def test_left_out_rows_say_so(tmp_path: Path) -> None:
    wb = load_workbook(write_score_book(make_sheet(), tmp_path / "book.xlsx"))
    jia = wb["甲县"]
    assert [jia[f"F{r}"].value for r in (13, 14, 15)] == ["已完成", "按序时推进", "未启动"]
    assert jia["E15"].value == '=IF(F15="未启动",0,IF(D15="牵头",1,0.5))'
    assert jia["I15"].value == "未启动（截止在后续季度，本季度不计）"
    yi = wb["乙县"]
    assert yi["E6"].value == "所有任务截止在后续季度且未启动，按其他项目得分折算"
    assert yi["E14"].value == '=IF(F14="未启动",0,IF(D14="牵头",1,0.5))'
    bing = wb["丙县"]
    assert [bing[f"I{r}"].value for r in (13, 14, 15)] == [
        "滞后 → 0.4",
        "未启动 → 0",
        "未启动（截止在后续季度，本季度不计）",
    ]


def test_libreoffice_gives_the_engines_numbers(tmp_path: Path) -> None:
    check_numbers(recalculated(make_sheet(), tmp_path), make_sheet(), ["甲县", "乙县", "丙县"])


def test_a_status_edited_in_the_sheet_brings_the_task_back(tmp_path: Path) -> None:
    """Staff who correct a left-out row to 按序时推进 in Excel get it counted again."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = write_score_book(make_sheet(), tmp_path / "book.xlsx")
    wb = load_workbook(path)
    wb["甲县"]["F15"].value = "按序时推进"
    wb.save(path)
    resave_with_libreoffice(path, tmp_path)
    jia = load_workbook(path, data_only=True)["甲县"]
    # 50 × (1·1 + 0.5·0.8 + 1·0.8) / 2.5 = 44.0 → 15 + 15 + 44 + 20 = 94.0
    assert (jia["E15"].value, jia["G6"].value, jia["G10"].value) == (1, 44, 94)
