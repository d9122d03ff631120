"""The 考核评分表 workbook (``score_book`` + ``score_detail``): layout, formulas, printing, saving.

Every number in the sample sheet below is worked out by hand in the comments, on the default
rubric (报送时效 15, 报送质量 15, 任务落实 50, 日常公开工作 20; 加分 ≤ 5; 牵头 1.0 / 配合 0.5;
已完成 1.0, 按序时推进 0.8, 滞后 0.4, 未启动 and 未报送 0; 优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 60).
The structural tests read the file back with openpyxl. When LibreOffice is installed, the
workbook is recalculated by it and every 得分, 加分, 扣分, 合计, 总分, 排名 and 等次 must equal the
hand-computed ``UnitScore`` values; without LibreOffice those tests skip.

Summary columns (k = 4 items): A 序号, B 单位名称, C 单位类别, D–G items, H 加分, I 扣分, J 总分,
K 排名, L 等次, M 备注. Detail rows: 4–7 items, 8 加分, 9 扣分, 10 合计, 11 blank, 12 table B
header, 13… tasks; scores in G, the net deduction in F.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.errors import UserError
from gkdesk.exporters.score_book import (
    book_title,
    build_score_book,
    grade_formula,
    sheet_names,
    summary_title,
    write_score_book,
)
from gkdesk.exporters.score_detail import (
    DetailLayout,
    factor_formula,
    period_heading,
    weight_formula,
)
from gkdesk.records import Grade, ItemScore, Rubric, ScoreLine, ScoreSheet, TaskLine, UnitScore
from gkdesk.scoring.engine import annual_rubric, rank_and_grade
from gkdesk.services.review import default_rubric

RUBRIC = default_rubric()
SUMMARY = "汇总排名表"
A, B = "县市区", "市直部门"
FACTOR = {"已完成": 1.0, "按序时推进": 0.8, "滞后": 0.4, "未启动": 0.0, "未报送": 0.0}
ITEM_NAMES = {"1": "报送时效", "2": "报送质量", "3": "任务落实", "4": "日常公开工作"}
ITEM_MAX = {"1": 15.0, "2": 15.0, "3": 50.0, "4": 20.0}

SLASH_UNIT = "丙区/开发区管委会"
SLASH_SHEET = "丙区／开发区管委会"  # "/" is forbidden in sheet names: swapped for its full-width form
LONG_UNIT = "市政务服务和大数据管理局（市政务公开领导小组办公室、市政府网站管理中心）"  # 36 characters
LONG_SHEET = "市政务服务和大数据管理局（市政务公开领导小组办公室、市政府网站"  # its first 31
FORMULA_REASON = '=HYPERLINK("http://example.com","网站栏目长期未更新")'
VETO_REASON = "弄虚作假，虚报任务完成情况"


def item(code: str, points: float, *lines: tuple[str, float]) -> ItemScore:
    return ItemScore(code, ITEM_NAMES[code], ITEM_MAX[code], points, tuple(ScoreLine(r, p) for r, p in lines))


def task(seq: int, title: str, role: str, status: str, note: str = "") -> TaskLine:
    weight = 1.0 if role == "lead" else 0.5
    return TaskLine(seq, title, role, weight, status, FACTOR[status], note)  # type: ignore[arg-type]


def lines(*pairs: tuple[str, float]) -> tuple[ScoreLine, ...]:
    return tuple(ScoreLine(r, p) for r, p in pairs)


# --- 县市区 -------------------------------------------------------------------------------------

# 甲县: on time 15; one 已完成 task without evidence −1 → 14;
# tasks: 牵头 已完成 (1×1) + 牵头 按序时推进 (1×0.8) + 配合 滞后 (0.5×0.4 = 0.2)
#   → Σw = 2.5, Σw·s = 2.0, 50 × 2.0 / 2.5 = 40.0;
# 日常 −1 → 19; 加分 2 + 3 + 2 = 7, capped at 5; no 扣分.
# Total 15 + 14 + 40 + 19 + 5 = 93.0 → 优秀; first in 县市区.
JIA = UnitScore(
    unit="甲县人民政府",
    category=A,
    items=(
        item("1", 15.0),
        item("2", 14.0, ("第1项标为已完成但无佐证材料", -1)),
        item("3", 40.0),
        item("4", 19.0, ("主动公开及时规范：政策文件未在规定时限内公开", -1)),
    ),
    bonus=5.0,
    penalty=0.0,
    total=93.0,
    rank=1,
    grade="优秀",
    bonus_lines=lines(("经验做法被省政府采用", 2), ("受到市政府表扬", 3), ("经验做法被市政府推广", 2)),
    tasks=(
        task(1, "推进财政预决算公开", "lead", "已完成"),
        task(2, "做好重大建设项目信息公开", "lead", "按序时推进"),
        task(5, "以图解方式解读政策", "co", "滞后"),
    ),
)

# 乙县: 2 working days late −5 → 10; quality 15;
# tasks: 牵头 已完成 (1) + 配合 按序时推进 (0.5×0.8 = 0.4) → Σw = 1.5, Σw·s = 1.4,
#   50 × 1.4 / 1.5 = 46.666… → 46.7;
# 日常 −1 → 19; 加分 1; 扣分 1.
# Total 10 + 15 + 46.7 + 19 + 1 − 1 = 90.7 → 优秀; ties with 丙区 for second place.
YI = UnitScore(
    unit="乙县人民政府",
    category=A,
    items=(
        item("1", 10.0, ("逾期 2 个工作日", -5)),
        item("2", 15.0),
        item("3", 46.7),
        item("4", 19.0, ("平台栏目维护：栏目长期未更新", -1)),
    ),
    bonus=1.0,
    penalty=1.0,
    total=90.7,
    rank=2,
    grade="优秀",
    bonus_lines=lines(("受到市政府办公室表扬", 1)),
    penalty_lines=lines(("被市政府办公室通报批评", -1)),
    workdays_late=2,
    tasks=(
        task(1, "推进财政预决算公开", "lead", "已完成"),
        task(2, "做好重大建设项目信息公开", "co", "按序时推进"),
    ),
)

# 丙区/开发区管委会: 15; 15;
# tasks: three 牵头, 已完成 1 + 按序时推进 0.8 + 滞后 0.4 → Σw = 3, Σw·s = 2.2,
#   50 × 2.2 / 3 = 36.666… → 36.7;
# 日常 −1 → 19; 加分 2 + 3 = 5.
# Total 15 + 15 + 36.7 + 19 + 5 = 90.7 → 优秀; ties with 乙县 (both rank 2).
BING = UnitScore(
    unit=SLASH_UNIT,
    category=A,
    items=(
        item("1", 15.0),
        item("2", 15.0),
        item("3", 36.7),
        item("4", 19.0, ("依申请公开办理：答复超期", -1)),
    ),
    bonus=5.0,
    penalty=0.0,
    total=90.7,
    rank=2,
    grade="优秀",
    bonus_lines=lines(("经验做法被市政府推广", 2), ("受到市政府表扬", 3)),
    tasks=(
        task(1, "推进财政预决算公开", "lead", "已完成"),
        task(3, "推进重点民生领域信息公开", "lead", "按序时推进"),
        task(7, "开展政府开放日活动", "lead", "滞后"),
    ),
)

# 丁县: not reported: 报送时效 −15 → 0; 报送质量 −15 → 0;
# tasks: 牵头 未报送 + 配合 未报送 → Σw = 1.5, Σw·s = 0 → 0.0; 日常 20.
# Total 0 + 0 + 0 + 20 = 20.0 → 较差; fourth in 县市区.
DING = UnitScore(
    unit="丁县人民政府",
    category=A,
    items=(
        item("1", 0.0, ("未报送", -15)),
        item("2", 0.0, ("未报送，无法评价报送质量", -15)),
        item("3", 0.0),
        item("4", 20.0),
    ),
    bonus=0.0,
    penalty=0.0,
    total=20.0,
    rank=4,
    grade="较差",
    reported=False,
    tasks=(
        task(1, "推进财政预决算公开", "lead", "未报送"),
        task(2, "做好重大建设项目信息公开", "co", "未报送"),
    ),
)

# --- 市直部门 -----------------------------------------------------------------------------------

# 市财政局: no task assigned: 15; 15; 日常 −2 → 18; 任务落实 = the other items 15 + 15 + 18 = 48;
# 扣分 3. Total 15 + 15 + 48 + 18 − 3 = 93.0 → 优秀; first in 市直部门 (ties 甲县 overall).
CAIZHENG = UnitScore(
    unit="市财政局",
    category=B,
    items=(
        item("1", 15.0),
        item("2", 15.0),
        item("3", 48.0, ("无承担任务，按其他项目得分折算", 0)),
        item("4", 18.0, ("政策解读和回应关切：解读材料未同步发布", -2)),
    ),
    bonus=0.0,
    penalty=3.0,
    total=93.0,
    rank=1,
    grade="优秀",
    penalty_lines=lines(("被市政府通报批评", -3)),
)

# 市审计局 (单项否决): 15; 15;
# tasks: 牵头 已完成 (1) + 配合 滞后 (0.5×0.4 = 0.2) → Σw = 1.5, Σw·s = 1.2, 50 × 1.2 / 1.5 = 40.0;
# 日常 20; 扣分 6. Total 15 + 15 + 40 + 20 − 6 = 84.0 → would be 良好, but the veto makes it 不合格;
# second in 市直部门 (rank ignores the veto).
SHENJI = UnitScore(
    unit="市审计局",
    category=B,
    items=(item("1", 15.0), item("2", 15.0), item("3", 40.0), item("4", 20.0)),
    bonus=0.0,
    penalty=6.0,
    total=84.0,
    rank=2,
    grade="不合格",
    penalty_lines=lines(("因保密审查不严泄露个人信息", -6)),
    veto=VETO_REASON,
    tasks=(
        task(4, "做好审计结果公开", "lead", "已完成"),
        task(2, "做好重大建设项目信息公开", "co", "滞后"),
    ),
)

# The long-named unit: 15; 报送质量 −1 −2 −15 = −18, more than the 15 the item has → stops at 0;
# tasks: two 牵头 已完成 → 50 × 2 / 2 = 50.0; 日常 −2 (a reason typed as "=HYPERLINK(…)") → 18.
# Total 15 + 0 + 50 + 18 = 83.0 → 良好; third in 市直部门.
LONG = UnitScore(
    unit=LONG_UNIT,
    category=B,
    items=(
        item("1", 15.0),
        item(
            "2",
            0.0,
            ("第1项缺填进展情况或完成状态", -1),
            ("第2项进展情况空泛，未反映实际进展", -2),
            ("核定调整：弄虚作假，该项得0分", -15),
        ),
        item("3", 50.0),
        item("4", 18.0, (FORMULA_REASON, -2)),
    ),
    bonus=0.0,
    penalty=0.0,
    total=83.0,
    rank=3,
    grade="良好",
    tasks=(
        task(6, "加强政府网站建设", "lead", "已完成"),
        task(8, "推进政务服务事项公开", "lead", "已完成", "佐证材料已补交"),
    ),
)

# Ranking order within category, categories in register order.
UNITS = (JIA, YI, BING, DING, CAIZHENG, SHENJI, LONG)
SHEET_NAMES = [
    "甲县人民政府",
    "乙县人民政府",
    SLASH_SHEET,
    "丁县人民政府",
    "市财政局",
    "市审计局",
    LONG_SHEET,
]
# rank_by_category = False: 93.0 93.0 | 90.7 90.7 | 84.0 | 83.0 | 20.0 → 1 1 3 3 5 6 7.
OVERALL_RANKS = {
    "甲县人民政府": 1,
    "市财政局": 1,
    "乙县人民政府": 3,
    SLASH_UNIT: 3,
    "市审计局": 5,
    LONG_UNIT: 6,
    "丁县人民政府": 7,
}
LAST_ROW = 4 + len(UNITS) - 1  # 10

SUMMARY_HEADERS = [
    "序号",
    "单位名称",
    "单位类别",
    "报送时效(15)",
    "报送质量(15)",
    "任务落实(50)",
    "日常公开工作(20)",
    "加分",
    "扣分",
    "总分",
    "排名",
    "等次",
    "备注",
]
TABLE_A = ["序号", "考核项目", "考核内容及评分标准", "分值", "扣(加)分事由", "扣(加)分", "得分", "备注"]
TABLE_B = ["序号", "任务编号", "工作任务", "责任类型", "权重", "完成状态", "状态系数", "加权得分", "核定意见"]
GRADE_L4 = (
    '=IF(ISNUMBER(SEARCH("单项否决",M4)),"不合格",'
    'IF(J4>=90,"优秀",IF(J4>=80,"良好",IF(J4>=60,"一般","较差"))))'
)
FOOTER = "第 &P 页，共 &N 页"


def make_sheet(units: tuple[UnitScore, ...] = UNITS, rubric: Rubric = RUBRIC) -> ScoreSheet:
    return ScoreSheet(
        period_title="2021年第一季度",
        year=2021,
        quarter=1,
        office="某市人民政府办公室",
        made_on="2021年4月20日",
        rubric=rubric,
        units=units,
    )


def overall_sheet() -> ScoreSheet:
    rubric = replace(RUBRIC, rank_by_category=False)
    ranked = [replace(u, rank=OVERALL_RANKS[u.unit]) for u in UNITS]
    order = sorted(range(len(ranked)), key=lambda i: (ranked[i].rank, i))
    return make_sheet(tuple(ranked[i] for i in order), rubric)


def annual_sheet() -> ScoreSheet:
    """The year's review: items are the quarters' means (manual items, no tasks).

    甲县: 15, 14.5, 43.4, 19.5, 加分 2.5, 扣分 0 → 94.9 → 优秀, rank 1.
    乙县: 12.5, 15, 45.1, 18, 加分 0.5, 扣分 0.5 → 90.6 → 优秀, rank 2.
    """

    def mean_item(code: str, points: float) -> ItemScore:
        return item(code, points, ("4 个季度平均", round(points - ITEM_MAX[code], 1)))

    def unit(
        name: str, pts: tuple[float, ...], bonus: float, penalty: float, total: float, rank: int
    ) -> UnitScore:
        return UnitScore(
            unit=name,
            category=A,
            items=tuple(mean_item(str(i), p) for i, p in enumerate(pts, start=1)),
            bonus=bonus,
            penalty=penalty,
            total=total,
            rank=rank,
            grade="优秀",
            bonus_lines=lines(("4 个季度平均", bonus)) if bonus else (),
            penalty_lines=lines(("4 个季度平均", -penalty)) if penalty else (),
        )

    return ScoreSheet(
        period_title="2021年度",
        year=2021,
        quarter=0,
        office="某市人民政府办公室",
        made_on="2022年1月10日",
        rubric=annual_rubric(RUBRIC),
        units=(
            unit("甲县人民政府", (15, 14.5, 43.4, 19.5), 2.5, 0.0, 94.9, 1),
            unit("乙县人民政府", (12.5, 15, 45.1, 18), 0.5, 0.5, 90.6, 2),
        ),
    )


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_score_book(make_sheet(), tmp_path_factory.mktemp("book") / "2021年第一季度考核评分表.xlsx")


@pytest.fixture(scope="module")
def book(book_path: Path) -> Workbook:
    return load_workbook(book_path)


def sheet_xml(path: Path, title: str) -> str:
    """The XML of the worksheet called ``title``, found through workbook.xml and its rels."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    with zipfile.ZipFile(path) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rid = next(
            s.get(f"{{{ns['r']}}}id")
            for s in workbook.iterfind("m:sheets/m:sheet", ns)
            if s.get("name") == title
        )
        target = next(r.get("Target") for r in rels.iterfind("p:Relationship", ns) if r.get("Id") == rid)
        assert target is not None
        name = target.lstrip("/") if target.startswith("/xl/") else f"xl/{target}"
        return z.read(name).decode("utf-8")


# --- The sample itself -------------------------------------------------------------------------


def test_the_hand_computed_sample_is_consistent() -> None:
    """Guards the comments above: totals add up, bonus is capped, ranks and grades are the engine's."""
    for u in UNITS:
        assert u.bonus == min(5, sum(line.points for line in u.bonus_lines))
        assert u.penalty == -sum(line.points for line in u.penalty_lines)
        assert u.total == round(sum(i.points for i in u.items) + u.bonus - u.penalty, 1)
        for i in u.items:
            if i.code != "3":
                assert i.points == max(0, min(i.max_points, i.max_points + sum(x.points for x in i.lines)))
    unranked = [replace(u, rank=0, grade="") for u in UNITS]
    assert rank_and_grade(RUBRIC, unranked) == list(UNITS)
    overall = replace(RUBRIC, rank_by_category=False)
    assert {u.unit: u.rank for u in rank_and_grade(overall, unranked)} == OVERALL_RANKS
    assert list(overall_sheet().units) == rank_and_grade(overall, unranked)


# --- Small helpers -----------------------------------------------------------------------------


def test_sheet_names_are_valid_unique_and_short() -> None:
    units = [LONG_UNIT, LONG_UNIT, "a/b", "a／b", "History", SUMMARY, "'x'", "  ", "[A]:*?\\", "甲  县"]
    names = sheet_names(units)
    assert names == [
        LONG_SHEET,
        LONG_SHEET[:29] + "~2",
        "a／b",
        "a／b~2",
        "History~2",  # Excel keeps "History" for itself
        SUMMARY + "~2",  # the summary sheet's name is taken
        "x",
        "单位",
        "【A】：＊？＼",
        "甲 县",
    ]
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert sheet_names(["市财政局", "市财政局", "市财政局"]) == ["市财政局", "市财政局~2", "市财政局~3"]


def test_titles_and_period_heading() -> None:
    sheet = make_sheet()
    assert period_heading(sheet) == "2021年第一季度"
    assert book_title(sheet) == "2021年第一季度政务公开工作考核评分表"
    assert summary_title(sheet) == "2021年第一季度政务公开工作考核得分汇总表"
    assert period_heading(replace(sheet, quarter=4, period_title="x")) == "2021年第四季度"
    annual = annual_sheet()
    assert period_heading(annual) == "2021年度"
    assert book_title(annual) == "2021年度政务公开工作考核评分表"
    assert summary_title(annual) == "2021年度政务公开工作考核得分汇总表"


def test_formula_builders_follow_the_rubric() -> None:
    assert weight_formula(RUBRIC, 13) == '=IF(D13="牵头",1,0.5)'
    assert factor_formula(RUBRIC, 13) == '=IF(F13="已完成",1,IF(F13="按序时推进",0.8,IF(F13="滞后",0.4,0)))'
    assert grade_formula(RUBRIC, "J4", "M4") == GRADE_L4
    custom = replace(
        RUBRIC,
        lead_weight=1.5,
        co_weight=0.25,
        status_factors=(("完成", 1.0), ("未启动", 0.0), ("推进中", 0.65)),
        grades=(Grade("合格", 60.5), Grade("不合格", 0), Grade("优", 95)),
        veto_grade='否"决',
    )
    assert weight_formula(custom, 5) == '=IF(D5="牵头",1.5,0.25)'
    # Zero factors need no branch: anything unlisted is 0 anyway.
    assert factor_formula(custom, 5) == '=IF(F5="完成",1,IF(F5="推进中",0.65,0))'
    # Grades sorted by threshold, highest first; quotes doubled inside formula strings.
    assert grade_formula(custom, "J9", "M9") == (
        '=IF(ISNUMBER(SEARCH("单项否决",M9)),"否""决",IF(J9>=95,"优",IF(J9>=60.5,"合格","不合格")))'
    )


def test_detail_layout_rows() -> None:
    three = DetailLayout.for_items(4, 3)
    assert three.item_rows == (4, 5, 6, 7)
    assert (three.bonus_row, three.penalty_row, three.total_row) == (8, 9, 10)
    assert (three.task_header_row, three.first_task_row, three.last_task_row) == (12, 13, 15)
    none = DetailLayout.for_items(4, 0)
    assert (none.first_task_row, none.last_task_row) == (13, 13)  # one placeholder row
    two = DetailLayout.for_items(2, 1)
    assert (two.item_rows, two.bonus_row, two.total_row, two.task_header_row) == ((4, 5), 6, 8, 10)


# --- The workbook as written -------------------------------------------------------------------


def test_sheets_properties_and_calculation(book: Workbook) -> None:
    assert book.sheetnames == [SUMMARY, *SHEET_NAMES]
    assert book.active is not None and book.active.title == SUMMARY
    assert book.calculation.fullCalcOnLoad is True
    assert book.properties.title == "2021年第一季度政务公开工作考核评分表"
    assert book.properties.creator == "gkdesk"


def test_summary_title_rows_and_header(book: Workbook) -> None:
    ws = book[SUMMARY]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:M1", "A2:F2", "G2:M2"} <= merged
    assert ws["A1"].value == "2021年第一季度政务公开工作考核得分汇总表"
    assert ws["A2"].value == "制表单位：某市人民政府办公室"
    assert ws["G2"].value == "制表日期：2021年4月20日"
    assert [ws.cell(3, c).value for c in range(1, 14)] == SUMMARY_HEADERS
    assert ws.cell(3, 14).value is None
    assert ws.max_row == LAST_ROW


def test_summary_rows_link_to_the_detail_sheets(book: Workbook) -> None:
    ws = book[SUMMARY]
    for i, (u, name) in enumerate(zip(UNITS, SHEET_NAMES, strict=True)):
        r = 4 + i
        assert ws[f"A{r}"].value == i + 1
        assert (ws[f"B{r}"].value, ws[f"C{r}"].value) == (u.unit, u.category)
        for col, detail_row in zip("DEFGHI", (4, 5, 6, 7, 8, 9), strict=True):
            assert ws[f"{col}{r}"].value == f"='{name}'!G{detail_row}"
        assert ws[f"J{r}"].value == f"=ROUND(SUM(D{r}:G{r})+H{r}-I{r},1)"
        assert ws[f"K{r}"].value == f'=COUNTIFS($C$4:$C$10,C{r},$J$4:$J$10,">"&J{r})+1'
        assert ws[f"L{r}"].value == GRADE_L4.replace("M4", f"M{r}").replace("J4", f"J{r}")
        assert ws[f"M{r}"].value == (f"单项否决：{VETO_REASON}" if u is SHENJI else None)
    assert ws["D6"].value == f"='{SLASH_SHEET}'!G4"
    assert ws["D10"].value == f"='{LONG_SHEET}'!G4"


def test_summary_validations(book: Workbook) -> None:
    ws = book[SUMMARY]
    found = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert set(found) == {"D4:D10", "E4:E10", "F4:F10", "G4:G10", "C4:C10"}
    for col, top in zip("DEFG", ("15", "15", "50", "20"), strict=True):
        dv = found[f"{col}4:{col}10"]
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", top)
        assert dv.showErrorMessage
    category = found["C4:C10"]
    assert category.type == "list"
    assert category.formula1 == '"县市区,市直部门"'
    assert not category.showDropDown  # True would hide the arrow


def test_summary_freeze_print_and_footer(book: Workbook) -> None:
    ws = book[SUMMARY]
    assert ws.freeze_panes == "C4"
    assert ws.print_title_rows == "$1:$3"
    setup = ws.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert setup.blackAndWhite is True
    assert ws.oddFooter.center.text == FOOTER
    fills = {str(rng.sqref) for rng in ws.conditional_formatting}
    assert fills == {"L4:L10"}


def test_detail_sheet_head_and_printing(book: Workbook) -> None:
    for u, name in zip(UNITS, SHEET_NAMES, strict=True):
        ws = book[name]
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert {"A1:I1", "A2:I2", "H3:I3"} | {f"H{r}:I{r}" for r in range(4, 11)} <= merged
        assert ws["A1"].value == "2021年第一季度政务公开工作考核评分表"
        assert ws["A2"].value == f"被考核单位：{u.unit}　单位类别：{u.category}　考核人：　　考核日期："
        assert [ws.cell(3, c).value for c in range(1, 9)] == TABLE_A
        assert [ws.cell(r, 2).value for r in range(4, 11)] == [
            "报送时效",
            "报送质量",
            "任务落实",
            "日常公开工作",
            "加分",
            "扣分",
            "合计",
        ]
        assert [ws.cell(r, 4).value for r in range(4, 9)] == [15, 15, 50, 20, 5]
        assert ws["D9"].value is None
        assert ws["D10"].value == "=SUM(D4:D7)"
        assert all(ws.cell(11, c).value is None for c in range(1, 10))
        assert [ws.cell(12, c).value for c in range(1, 10)] == TABLE_B
        assert ws.freeze_panes == "A3"
        # Table B's header repeats on the pages after the first (which starts at row 1).
        assert ws.print_title_rows == "$12:$12"
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert setup.blackAndWhite is True
        assert ws.oddFooter.center.text == FOOTER
        assert ws.oddFooter.left.text == u.unit  # pages after the first do not repeat rows 1–2


def test_detail_formulas(book: Workbook) -> None:
    ws = book["甲县人民政府"]
    for r in (4, 5, 7):
        assert ws[f"G{r}"].value == f"=MAX(0,MIN(D{r},D{r}-F{r}))"
    assert ws["G6"].value == (
        "=MAX(0,MIN(D6,IF(SUM(E13:E15)=0,G4+G5+G7,ROUND(D6*SUM(H13:H15)/SUM(E13:E15),1))-F6))"
    )
    assert ws["G8"].value == "=MIN(D8,F8)"
    assert ws["G9"].value == "=F9"
    assert ws["G10"].value == "=ROUND(G4+G5+G6+G7+G8-G9,1)"
    # F: the net deduction of each item's lines; the bonus lines' sum (7) is kept, G8 caps it.
    assert [ws[f"F{r}"].value for r in range(4, 10)] == [0, 1, 0, 1, 7, 0]
    assert ws["E5"].value == "第1项标为已完成但无佐证材料"
    assert ws["E8"].value == "经验做法被省政府采用；受到市政府表扬；经验做法被市政府推广"
    assert ws["H8"].value == "加分超过5分，按5分计"
    expected_tasks = [
        (1, 1, "推进财政预决算公开", "牵头", "已完成"),
        (2, 2, "做好重大建设项目信息公开", "牵头", "按序时推进"),
        (3, 5, "以图解方式解读政策", "配合", "滞后"),
    ]
    for r, (n, seq, title, role, status) in enumerate(expected_tasks, start=13):
        assert [ws.cell(r, c).value for c in (1, 2, 3, 4, 6)] == [n, seq, title, role, status]
        assert ws[f"E{r}"].value == f'=IF(D{r}="牵头",1,0.5)'
        assert ws[f"G{r}"].value == (f'=IF(F{r}="已完成",1,IF(F{r}="按序时推进",0.8,IF(F{r}="滞后",0.4,0)))')
        assert ws[f"H{r}"].value == f"=E{r}*G{r}"
    assert ws.max_row == 15

    yi = book["乙县人民政府"]
    assert [yi[f"F{r}"].value for r in range(4, 10)] == [5, 0, 0, 1, 1, 1]
    assert yi["E9"].value == "被市政府办公室通报批评"
    assert yi["G6"].value.startswith("=MAX(0,MIN(D6,IF(SUM(E13:E14)=0,")
    assert yi["H8"].value is None  # 1 ≤ 5: no capping note

    ding = book["丁县人民政府"]
    assert [ding[f"F{r}"].value for r in range(4, 8)] == [15, 15, 0, 0]
    assert [ding.cell(r, 6).value for r in (13, 14)] == ["未报送", "未报送"]

    long = book[LONG_SHEET]
    assert long["I14"].value == "已完成 → 1（佐证材料已补交）"
    # 核定意见: the reported status and the factor it counted for.
    assert [ws[f"I{r}"].value for r in (13, 14, 15)] == ["已完成 → 1", "按序时推进 → 0.8", "滞后 → 0.4"]
    assert ding["I13"].value == "未报送 → 0"


def test_a_unit_without_tasks_scores_its_other_items(book: Workbook) -> None:
    ws = book["市财政局"]
    assert ws["G6"].value == (
        "=MAX(0,MIN(D6,IF(SUM(E13:E13)=0,G4+G5+G7,ROUND(D6*SUM(H13:H13)/SUM(E13:E13),1))-F6))"
    )
    assert ws["F6"].value == 0
    assert ws["E6"].value == "无承担任务，按其他项目得分折算"
    assert [ws.cell(12, c).value for c in range(1, 10)] == TABLE_B
    assert ws["C13"].value == "（本期无考核任务）"
    assert all(ws.cell(13, c).value is None for c in (1, 2, 4, 5, 6, 7, 8, 9))
    assert ws.max_row == 13


def test_a_deduction_beyond_the_item_is_kept_in_full(book: Workbook) -> None:
    ws = book[LONG_SHEET]
    assert ws["A2"].value.startswith(f"被考核单位：{LONG_UNIT}　")  # the full name, not the sheet's
    assert ws["F5"].value == 18  # 1 + 2 + 15 > 15: G5 = MAX(0, MIN(15, 15 − 18)) = 0
    assert ws["G5"].value == "=MAX(0,MIN(D5,D5-F5))"
    assert ws["E5"].value == (
        "第1项缺填进展情况或完成状态；第2项进展情况空泛，未反映实际进展；核定调整：弄虚作假，该项得0分"
    )


def test_the_veto_is_noted_on_both_sheets(book: Workbook) -> None:
    assert book[SUMMARY]["M9"].value == f"单项否决：{VETO_REASON}"
    assert book["市审计局"]["H10"].value == f"单项否决：{VETO_REASON}"
    assert book["市审计局"]["F9"].value == 6


def test_text_that_looks_like_a_formula_stays_text(book_path: Path, book: Workbook) -> None:
    cell = book[LONG_SHEET]["E7"]
    assert cell.value == FORMULA_REASON
    assert cell.data_type == "s"
    xml = sheet_xml(book_path, LONG_SHEET)
    e7 = ET.fromstring(xml).find(".//{*}c[@r='E7']")
    assert e7 is not None
    assert e7.get("t") in ("s", "inlineStr", "str")
    assert e7.find("{*}f") is None
    formulas = [f.text or "" for f in ET.fromstring(xml).findall(".//{*}f")]
    assert formulas  # the sheet's own formulas are there…
    assert not [f for f in formulas if "HYPERLINK" in f]  # …but the reason is not one of them
    g7 = ET.fromstring(xml).find(".//{*}c[@r='G7']/{*}f")
    assert g7 is not None and g7.text == "MAX(0,MIN(D7,D7-F7))"  # the real formula next to it


def test_overall_ranking_uses_rank(tmp_path: Path) -> None:
    path = write_score_book(overall_sheet(), tmp_path / "overall.xlsx")
    ws = load_workbook(path)[SUMMARY]
    for r in range(4, LAST_ROW + 1):
        assert ws[f"K{r}"].value == f"=RANK(J{r},$J$4:$J$10,0)"
    assert [ws[f"B{r}"].value for r in range(4, LAST_ROW + 1)] == [u.unit for u in overall_sheet().units]


def test_the_annual_workbook_has_no_task_table(tmp_path: Path) -> None:
    path = write_score_book(annual_sheet(), tmp_path / "annual.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [SUMMARY, "甲县人民政府", "乙县人民政府"]
    assert wb[SUMMARY]["A1"].value == "2021年度政务公开工作考核得分汇总表"
    assert wb[SUMMARY]["D3"].value == "报送时效(15)"
    ws = wb["甲县人民政府"]
    assert ws["A1"].value == "2021年度政务公开工作考核评分表"
    assert ws.max_row == 10  # ends with 合计: no blank row, no table B
    assert all(ws.cell(r, c).value is None for r in (11, 12, 13) for c in range(1, 10))
    # Every item, 任务落实 included, is full marks less the deduction.
    for r in range(4, 8):
        assert ws[f"G{r}"].value == f"=MAX(0,MIN(D{r},D{r}-F{r}))"
    assert [ws[f"F{r}"].value for r in range(4, 10)] == [0, 0.5, 6.6, 0.5, 2.5, 0]
    assert ws["E6"].value == "4 个季度平均"
    assert wb["乙县人民政府"]["F9"].value == 0.5
    assert ws.print_title_rows == "$1:$3"  # no task table: the title and table A's header repeat
    assert ws.page_setup.blackAndWhite is True


# --- Saving ------------------------------------------------------------------------------------


def _fail_save(self: Workbook, filename: object) -> None:
    Path(str(filename)).write_bytes(b"partial")
    raise PermissionError(13, "Permission denied", str(filename))


def _fail_replace(src: object, dst: object) -> None:
    raise PermissionError(13, "Permission denied", str(dst))


@pytest.mark.parametrize(
    "target, failing",
    [(Workbook, "save"), (os, "replace")],
    ids=["save-fails", "file-open-in-excel"],
)
def test_a_locked_file_is_a_user_error_and_the_old_file_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: object, failing: str
) -> None:
    path = tmp_path / "考核评分表.xlsx"
    path.write_bytes(b"the old workbook")
    monkeypatch.setattr(target, failing, _fail_save if failing == "save" else _fail_replace)
    with pytest.raises(UserError) as caught:
        write_score_book(make_sheet(), path)
    assert caught.value.code == "file_locked"
    assert caught.value.params["path"] == str(path)
    assert "正在被 Excel 或 WPS 打开" in caught.value.message
    monkeypatch.undo()
    assert path.read_bytes() == b"the old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["考核评分表.xlsx"]  # no temp file left


def test_writing_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "book.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"old")
    assert write_score_book(make_sheet(), path) == path
    assert load_workbook(path).sheetnames[0] == SUMMARY
    assert sorted(p.name for p in path.parent.iterdir()) == ["book.xlsx"]


def test_150_units_with_20_tasks_each_in_under_20_seconds(tmp_path: Path) -> None:
    statuses = list(FACTOR)
    units = []
    for n in range(150):
        tasks = tuple(
            task(t + 1, f"第{t + 1}项重点工作任务", "lead" if t % 3 else "co", statuses[(n + t) % 5])
            for t in range(20)
        )
        units.append(
            UnitScore(
                unit=f"第{n + 1}号单位/办公室",
                category=A if n % 2 else B,
                items=(item("1", 15.0), item("2", 15.0), item("3", 0.0), item("4", 20.0)),
                bonus=0.0,
                penalty=0.0,
                total=50.0,
                rank=1,
                grade="较差",
                tasks=tasks,
            )
        )
    start = time.perf_counter()
    path = write_score_book(make_sheet(tuple(units)), tmp_path / "big.xlsx")
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"150 × 20 took {elapsed:.1f} s"
    wb = load_workbook(path, read_only=True)
    assert len(wb.sheetnames) == 151
    assert wb.sheetnames[1] == "第1号单位／办公室"
    wb.close()


def test_build_is_deterministic_in_content() -> None:
    first, second = build_score_book(make_sheet()), build_score_book(make_sheet())

    def values(wb: Workbook) -> list[list[object]]:
        return [[c.value for row in ws.iter_rows() for c in row] for ws in wb.worksheets]

    assert values(first) == values(second)


# --- Recalculated by LibreOffice ---------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculated(sheet: ScoreSheet, work: Path) -> Workbook:
    """Write ``sheet``, let LibreOffice load (and so calculate) and re-save it, read the values."""
    exe = _soffice()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    written = write_score_book(sheet, work / "考核评分表.xlsx")
    source = work / "book.xlsx"  # an ASCII name for the command line
    shutil.copyfile(written, source)
    out = work / "out"
    out.mkdir()
    profile = (work / "lo-profile").absolute().as_uri()
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out / "book.xlsx"
    assert converted.exists(), "LibreOffice wrote nothing"
    return load_workbook(converted, data_only=True)


def approx(value: float) -> object:
    return pytest.approx(round(value, 1), abs=1e-9)


def check_numbers(wb: Workbook, sheet: ScoreSheet, names: list[str]) -> None:
    summary: Worksheet = wb[SUMMARY]
    for i, (u, name) in enumerate(zip(sheet.units, names, strict=True)):
        r = 4 + i
        assert summary[f"B{r}"].value == u.unit
        got_items = [round(summary.cell(r, c).value, 1) for c in range(4, 8)]
        assert got_items == [approx(x.points) for x in u.items], u.unit
        assert round(summary[f"H{r}"].value, 1) == approx(u.bonus), u.unit
        assert round(summary[f"I{r}"].value, 1) == approx(u.penalty), u.unit
        assert round(summary[f"J{r}"].value, 1) == approx(u.total), u.unit
        assert summary[f"K{r}"].value == u.rank, u.unit
        assert summary[f"L{r}"].value == u.grade, u.unit
        detail = wb[name]
        scores = [round(detail[f"G{row}"].value, 1) for row in range(4, 11)]
        expected = [*(x.points for x in u.items), u.bonus, u.penalty, u.total]
        assert scores == [approx(x) for x in expected], name
        for t, task_line in enumerate(u.tasks):
            row = 13 + t
            assert detail[f"E{row}"].value == approx(task_line.weight), (name, row)
            assert detail[f"G{row}"].value == approx(task_line.factor), (name, row)
            assert detail[f"H{row}"].value == approx(task_line.weighted), (name, row)


@pytest.fixture(scope="module")
def by_category(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    return recalculated(make_sheet(), tmp_path_factory.mktemp("lo-category"))


def test_libreoffice_reproduces_every_number(by_category: Workbook) -> None:
    check_numbers(by_category, make_sheet(), SHEET_NAMES)


def test_libreoffice_spot_checks(by_category: Workbook) -> None:
    """The cases the sample was built for, spelled out."""
    summary = by_category[SUMMARY]
    # The tie: 乙县 and 丙区 both 90.7, both second; 丁县 is fourth, not third.
    assert [summary[f"K{r}"].value for r in range(4, 8)] == [1, 2, 2, 4]
    # 市直部门 ranks on its own: 市财政局 first although 甲县 has the same 93.0.
    assert [summary[f"K{r}"].value for r in range(8, 11)] == [1, 2, 3]
    assert summary["L9"].value == "不合格"  # 84.0 would be 良好
    assert by_category["甲县人民政府"]["G8"].value == 5  # 7 capped at 5
    assert by_category["市财政局"]["G6"].value == 48  # no tasks: 15 + 15 + 18
    assert by_category[LONG_SHEET]["G5"].value == 0  # 18 deducted from 15 stops at 0
    assert by_category["丁县人民政府"]["G13"].value == 0  # 未报送 → factor 0
    assert by_category[LONG_SHEET]["E7"].value == FORMULA_REASON  # still text after a round trip


def test_libreoffice_overall_ranking(tmp_path: Path) -> None:
    sheet = overall_sheet()
    wb = recalculated(sheet, tmp_path)
    sheet_of = {u.unit: name for u, name in zip(UNITS, SHEET_NAMES, strict=True)}
    names = [sheet_of[u.unit] for u in sheet.units]
    check_numbers(wb, sheet, names)
    summary = wb[SUMMARY]
    got = {summary[f"B{r}"].value: summary[f"K{r}"].value for r in range(4, LAST_ROW + 1)}
    assert got == OVERALL_RANKS


def test_libreoffice_annual_workbook(tmp_path: Path) -> None:
    sheet = annual_sheet()
    wb = recalculated(sheet, tmp_path)
    check_numbers(wb, sheet, ["甲县人民政府", "乙县人民政府"])
