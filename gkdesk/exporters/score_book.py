"""The 考核评分表 workbook: the 汇总排名表 first, then one score sheet per unit (``score_detail``).

Summary sheet "汇总排名表", for a rubric with k top-level items (k = 4: columns D–G)::

    row 1     title, merged across every column
    row 2     制表单位 (left half, merged) | 制表日期 (right half, merged)
    row 3     序号 | 单位名称 | 单位类别 | "{item}({max})" × k | 加分 | 扣分 | 总分 | 排名 | 等次 | 备注
    rows 4..  one per unit, in the order given

    A  1..n                         B  unit             C  category
    D.. one per item: ='{sheet}'!G{item row}            then
    加分 ='{sheet}'!G{bonus row}     扣分 ='{sheet}'!G{penalty row}
    总分 =ROUND(SUM(D4:G4)+H4-I4,1)
    排名 =COUNTIFS($C$4:$C$n,C4,$J$4:$J$n,">"&J4)+1   (=RANK(J4,$J$4:$J$n,0) when not by category)
    等次 nested IF over the rubric's grades, the 单项否决 check on 备注 first
    备注 "单项否决：{reason}" or empty

Every number is a live formula, so an edited deduction on a unit's sheet flows into its total,
rank and grade; gkdesk never reads the numbers back (it keeps its own). openpyxl stores no
cached values, so ``fullCalcOnLoad`` makes Excel, WPS and LibreOffice compute on opening.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.errors import UserError
from gkdesk.exporters.score_detail import (
    FOOTER,
    HEADER_STYLE,
    INFO_RIGHT_STYLE,
    INFO_STYLE,
    NUMBER_STYLE,
    SCORE_STYLE,
    TEXT_CENTER_STYLE,
    TEXT_STYLE,
    TITLE_STYLE,
    TOTAL_STYLE,
    DetailLayout,
    formula_text,
    number_literal,
    period_heading,
    write_detail_sheet,
)
from gkdesk.exporters.xlsx_style import (
    CellStyle,
    StyleCache,
    fitted_height,
    save_atomically,
    set_widths,
    setup_print,
    write_text,
)
from gkdesk.records import Rubric, ScoreSheet

SUMMARY_TITLE = "汇总排名表"
HEADER_ROW = 3
FIRST_ROW = 4
FREEZE_AT = "C4"
VETO_MARK = "单项否决"
MAX_SHEET_NAME = 31
# Characters Excel refuses in a sheet name, swapped for their full-width look-alikes.
_SHEET_NAME_SWAPS = str.maketrans(
    {"[": "【", "]": "】", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"}
)
_SPACE = re.compile(r"\s+")
_RESERVED = {"history"}  # Excel keeps this name for its change history

_GOOD_FILL = PatternFill(fill_type="solid", start_color="C6EFCE", end_color="C6EFCE")
_BAD_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
_GRADE_STYLE = CellStyle(
    font=Font(name="黑体", size=11, charset=134),
    alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    border=TEXT_CENTER_STYLE.border,
)
_UNIT_STYLE = TEXT_STYLE
_RANK_STYLE = NUMBER_STYLE


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def sheet_names(units: Iterable[str], reserved: Iterable[str] = (SUMMARY_TITLE,)) -> list[str]:
    """A valid, unique sheet name per unit, in order: Excel's forbidden characters swapped for
    full-width ones, at most 31 characters, and "~2", "~3"… appended to repeats (case-blind)."""
    taken = {name.casefold() for name in reserved} | _RESERVED
    names: list[str] = []
    for unit in units:
        base = _SPACE.sub(" ", unit.translate(_SHEET_NAME_SWAPS)).strip().strip("'").strip() or "单位"
        name = _cut(base, MAX_SHEET_NAME).rstrip("'")
        n = 1
        while name.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            name = _cut(base, MAX_SHEET_NAME - len(suffix)).rstrip("'") + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def book_title(sheet: ScoreSheet) -> str:
    return f"{period_heading(sheet)}政务公开工作考核评分表"


def summary_title(sheet: ScoreSheet) -> str:
    return f"{sheet.period_title}政务公开工作考核得分汇总表"


def grade_formula(rubric: Rubric, total: str, note: str) -> str:
    """`=IF(ISNUMBER(SEARCH("单项否决",M4)),"不合格",IF(J4>=90,"优秀",…,"较差"))`."""
    grades = sorted(rubric.grades, key=lambda g: g.min_total, reverse=True)
    if not grades:
        expression = '""'
    else:
        expression = formula_text(grades[-1].name)
        for grade in reversed(grades[:-1]):
            expression = (
                f"IF({total}>={number_literal(grade.min_total)},{formula_text(grade.name)},{expression})"
            )
    veto = f"ISNUMBER(SEARCH({formula_text(VETO_MARK)},{note}))"
    return f"=IF({veto},{formula_text(rubric.veto_grade)},{expression})"


def write_score_book(sheet: ScoreSheet, path: Path) -> Path:
    """Write the score workbook for ``sheet`` at ``path``, atomically; returns ``path``."""
    path = Path(path)
    workbook = build_score_book(sheet)
    try:
        return save_atomically(path, lambda temp: workbook.save(temp))
    except PermissionError:
        raise UserError(
            f"文件“{path}”正在被 Excel 或 WPS 打开，请关闭后重试。", code="file_locked", path=str(path)
        ) from None


def build_score_book(sheet: ScoreSheet) -> Workbook:
    workbook = Workbook()
    styles = StyleCache(workbook)
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY_TITLE
    names = sheet_names(unit.unit for unit in sheet.units)
    layouts: list[DetailLayout] = []
    for unit, name in zip(sheet.units, names, strict=True):
        layouts.append(write_detail_sheet(workbook.create_sheet(name), sheet, unit, styles))
    _write_summary(summary, sheet, names, layouts, styles)
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    props = workbook.properties
    props.title = book_title(sheet)
    props.subject = sheet.rubric.name
    props.creator = "gkdesk"
    props.lastModifiedBy = "gkdesk"
    return workbook


def _write_summary(
    ws: Worksheet, sheet: ScoreSheet, names: list[str], layouts: list[DetailLayout], styles: StyleCache
) -> None:
    rubric = sheet.rubric
    k = len(rubric.items)
    headers = [
        "序号",
        "单位名称",
        "单位类别",
        *(f"{item.name}({item.max_points:g})" for item in rubric.items),
        "加分",
        "扣分",
        "总分",
        "排名",
        "等次",
        "备注",
    ]
    ncols = len(headers)
    col = {name: 4 + k + i for i, name in enumerate(("加分", "扣分", "总分", "排名", "等次", "备注"))}
    letter = {name: get_column_letter(c) for name, c in col.items()}
    set_widths(ws, [6, 24, 10, *([11] * k), 7, 7, 8, 6, 8, 22])

    write_text(ws.cell(1, 1), summary_title(sheet))
    styles.apply(ws.cell(1, 1), TITLE_STYLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 36
    split = max(1, ncols // 2)
    write_text(ws.cell(2, 1), f"制表单位：{sheet.office}")
    write_text(ws.cell(2, split + 1), f"制表日期：{sheet.made_on}")
    styles.apply(ws.cell(2, 1), INFO_STYLE)
    styles.apply(ws.cell(2, split + 1), INFO_RIGHT_STYLE)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=split)
    ws.merge_cells(start_row=2, start_column=split + 1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 24
    for c, name in enumerate(headers, start=1):
        write_text(ws.cell(HEADER_ROW, c), name)
        styles.apply(ws.cell(HEADER_ROW, c), HEADER_STYLE)
    ws.row_dimensions[HEADER_ROW].height = 36

    last = FIRST_ROW + len(sheet.units) - 1
    first_item, last_item = get_column_letter(4), get_column_letter(3 + k)
    tot, note = letter["总分"], letter["备注"]
    for i, (unit, name, layout) in enumerate(zip(sheet.units, names, layouts, strict=True)):
        r = FIRST_ROW + i
        ref = quote_sheetname(name)
        ws.cell(r, 1).value = i + 1
        write_text(ws.cell(r, 2), unit.unit)
        write_text(ws.cell(r, 3), unit.category)
        for c, item_row in enumerate(layout.item_rows, start=4):
            ws.cell(r, c).value = f"={ref}!G{item_row}"
        ws.cell(r, col["加分"]).value = f"={ref}!G{layout.bonus_row}"
        ws.cell(r, col["扣分"]).value = f"={ref}!G{layout.penalty_row}"
        items = f"SUM({first_item}{r}:{last_item}{r})" if k else "0"
        ws.cell(r, col["总分"]).value = f"=ROUND({items}+{letter['加分']}{r}-{letter['扣分']}{r},1)"
        totals = f"${tot}${FIRST_ROW}:${tot}${last}"
        if rubric.rank_by_category:
            rank = f'=COUNTIFS($C${FIRST_ROW}:$C${last},C{r},{totals},">"&{tot}{r})+1'
        else:
            rank = f"=RANK({tot}{r},{totals},0)"
        ws.cell(r, col["排名"]).value = rank
        ws.cell(r, col["等次"]).value = grade_formula(rubric, f"{tot}{r}", f"{note}{r}")
        write_text(ws.cell(r, col["备注"]), f"{VETO_MARK}：{unit.veto}" if unit.veto else "")
        looks = [
            TEXT_CENTER_STYLE,
            _UNIT_STYLE,
            TEXT_CENTER_STYLE,
            *([SCORE_STYLE] * k),
            SCORE_STYLE,
            SCORE_STYLE,
            TOTAL_STYLE,
            _RANK_STYLE,
            _GRADE_STYLE,
            TEXT_STYLE,
        ]
        for c, look in enumerate(looks, start=1):
            styles.apply(ws.cell(r, c), look)
        ws.row_dimensions[r].height = fitted_height(
            [(unit.unit, 24), (unit.category, 10), (ws.cell(r, col["备注"]).value or "", 22)]
        )

    if sheet.units:
        _add_validations(ws, sheet, last)
        _add_grade_fill(ws, rubric, f"{letter['等次']}{FIRST_ROW}:{letter['等次']}{last}")
    ws.freeze_panes = FREEZE_AT
    setup_print(ws, f"1:{HEADER_ROW}", landscape=True)
    ws.page_setup.blackAndWhite = True  # the grade colours are for the screen only
    ws.oddFooter.center.text = FOOTER


def _add_validations(ws: Worksheet, sheet: ScoreSheet, last: int) -> None:
    for c, item in enumerate(sheet.rubric.items, start=4):
        column = get_column_letter(c)
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=number_literal(item.max_points),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=item.name,
            error=f"{item.name}的得分应在 0 到 {item.max_points:g} 之间。",
        )
        validation.add(f"{column}{FIRST_ROW}:{column}{last}")
        ws.add_data_validation(validation)
    categories = list(dict.fromkeys(u.category for u in sheet.units if u.category))
    usable = [c for c in categories if "," not in c and '"' not in c]
    listed = ",".join(usable)
    if usable and len(listed) <= 255:  # Excel's limit for a typed-in list
        validation = DataValidation(
            type="list",
            formula1=f'"{listed}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="单位类别",
            error="请从下拉列表中选择单位类别。",
        )
        validation.add(f"C{FIRST_ROW}:C{last}")
        ws.add_data_validation(validation)


def _add_grade_fill(ws: Worksheet, rubric: Rubric, cells: str) -> None:
    grades = sorted(rubric.grades, key=lambda g: g.min_total, reverse=True)
    if not grades:
        return
    ws.conditional_formatting.add(
        cells, CellIsRule(operator="equal", formula=[formula_text(grades[0].name)], fill=_GOOD_FILL)
    )
    for bad in dict.fromkeys((grades[-1].name, rubric.veto_grade)):
        if bad != grades[0].name:
            ws.conditional_formatting.add(
                cells, CellIsRule(operator="equal", formula=[formula_text(bad)], fill=_BAD_FILL)
            )
