"""The visible sheet of the quarterly fill-in template: what a unit clerk fills, prints and stamps.

Layout (the returned-file reader finds columns by header text, so only the headers are fixed)::

    1  title                                        (merged, 方正小标宋 18)
    2  请于2026年4月10日前报送                         (merged: the reporting deadline)
    3  填报单位（盖章）：{单位}           填报日期：[    ]
    4  任务编号 工作任务 责任类型 牵头单位 完成时限 进展情况 … 备注 ‖ 上季度填报情况（供参考）
       一、{板块}                                     (a band row whenever the section changes)
       one row per task: A–E locked, F–K for the unit (unlocked), L grey and locked
       单位主要负责同志审核签字：     填报人：[    ]  联系电话：[    ]
       填表说明 1–5

Printing: A4 landscape, columns A–K only (last quarter's answer is for reading on screen, not
for the stamped copy), row 4 repeated on every page, page numbers and the unit in the footer.
A–K add up to about 110 of Excel's width units, so the page prints at 100 % where Excel's usual
Calibri metric applies, and at no less than 96 % (10.5 pt body text) where the application falls
back to a wider font for the metric, as LibreOffice and WPS do on Linux without Calibri. Task
rows get no height, so the spreadsheet program grows them with whatever the unit types.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.xlsx_style import (
    BODY_FONT,
    CENTER,
    GREY_FILL,
    HEADING_FONT,
    LEFT,
    THIN,
    THIN_BORDER,
    TITLE_FONT,
    TOP_CENTER,
    TOP_WRAP,
    UNLOCKED,
    CellStyle,
    StyleCache,
    cjk_font,
    display_width,
    fitted_height,
    header_footer_text,
    merge_styled,
    set_widths,
    setup_print,
    write_text,
)
from gkdesk.records import ROLE_LABELS, STATUSES, TemplateRow, TemplateSpec

HEADER_ROW = 4
FIRST_BODY_ROW = 5
FREEZE_AT = "C5"  # rows 1–4 and 任务编号/工作任务 stay in view while scrolling
SIGNATURE = "单位主要负责同志审核签字："
PREVIOUS_HEADER = "上季度填报情况（供参考）"
PAGE_NUMBERS = "第 &P 页 共 &N 页"
SIDE_MARGIN = 0.4  # inches
HEADER_HEIGHT = 32  # two lines of 黑体 11: the longest header in the narrowest column
BAND_HEIGHT = 20
DATE_HINT = "　　年　　月　　日"  # in the 填报日期 cell: typed over, or filled in by hand on paper

# (header, width) of the printed columns, in Excel's units (a CJK character of the 11 pt body
# is about 2.1 of them): A–E filled by gkdesk, F–K by the unit.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("任务编号", 5),
    ("工作任务", 20),
    ("责任类型", 5),
    ("牵头单位", 7.5),
    ("完成时限", 7),
    ("进展情况", 25),
    ("存在问题", 10),
    ("下步计划", 10),
    ("完成状态", 7),
    ("佐证材料", 8.5),
    ("备注", 5),
)
PREVIOUS_WIDTH = 48  # on screen only; wide, so that it does not make the rows taller than needed
STATUS_COLUMN = 9  # I: 完成状态
ROLE_COLUMN = 3  # C: 责任类型
PRINTED = len(COLUMNS)  # columns A..K

NOTES = (
    "填表说明：1. “完成状态”请从下拉列表中选择：" + "、".join(STATUSES) + "。",
    "2. “进展情况”写本季度实际做了哪些工作、取得了什么成效，尽量用数据说明（如发布信息条数、办理件数），"
    "不要照抄任务内容；没有问题的，“存在问题”填“无”。",
    "3. 完成状态为“已完成”的，须在“佐证材料”中写明材料名称（文件名、文号或网页链接），并随表报送。",
    "4. 任务编号、工作任务等预先填好的内容和表格结构请勿改动，不要增删行列或工作表，以免无法导入。"
    "填好后保存为 Excel 文件（.xlsx）报送；打印件经单位主要负责同志审核签字并加盖公章。",
)

_BODY_FONT = cjk_font(BODY_FONT, 11)
_UNDERLINE = Border(bottom=THIN)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=False)
_TITLE_STYLE = CellStyle(font=cjk_font(TITLE_FONT, 18), alignment=CENTER)
_DEADLINE_STYLE = CellStyle(font=cjk_font(HEADING_FONT, 12), alignment=CENTER)
_INFO_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=LEFT)
_LABEL_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=_RIGHT)
_INPUT_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=LEFT, border=_UNDERLINE, protection=UNLOCKED)
# Row 3 sits right on the table, whose top border would swallow an underline.
_DATE_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=LEFT, protection=UNLOCKED)
_HEADER_STYLE = CellStyle(font=cjk_font(HEADING_FONT, 11), alignment=CENTER, border=THIN_BORDER)
_HEADER_GREY_STYLE = CellStyle(
    font=cjk_font(HEADING_FONT, 11), alignment=CENTER, border=THIN_BORDER, fill=GREY_FILL
)
_SECTION_STYLE = CellStyle(
    font=cjk_font(HEADING_FONT, 11),
    alignment=Alignment(vertical="center", wrap_text=True),
    border=THIN_BORDER,
)
_BODY_CENTER_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_CENTER, border=THIN_BORDER)
_BODY_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_WRAP, border=THIN_BORDER)
_UNIT_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_WRAP, border=THIN_BORDER, protection=UNLOCKED)
_UNIT_CENTER_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_CENTER, border=THIN_BORDER, protection=UNLOCKED)
_PREVIOUS_STYLE = CellStyle(
    font=cjk_font(BODY_FONT, 11, color="404040"), alignment=TOP_WRAP, border=THIN_BORDER, fill=GREY_FILL
)
_NOTE_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_WRAP)

# How each column's body cell looks, A..K.
_BODY_STYLES = (
    _BODY_CENTER_STYLE,  # 任务编号
    _BODY_STYLE,
    _BODY_CENTER_STYLE,  # 责任类型
    _BODY_STYLE,
    _BODY_CENTER_STYLE,  # 完成时限
    _UNIT_STYLE,
    _UNIT_STYLE,
    _UNIT_STYLE,
    _UNIT_CENTER_STYLE,  # 完成状态
    _UNIT_STYLE,
    _UNIT_STYLE,
)


def deadline_line(deadline: str) -> str:
    """The deadline line for an ISO date (请于2021年4月5日前报送); "" when there is none."""
    try:
        day = date.fromisoformat(deadline)
    except ValueError:
        return ""
    return f"请于{day.year}年{day.month}月{day.day}日前报送"


def spans_from_right(widths: Sequence[float], minimums: Sequence[float]) -> list[tuple[int, int]]:
    """1-based inclusive column spans for pieces of a line laid out from the right edge: each piece
    after the first takes columns until it is at least its minimum width, the first gets the rest.

    The labels and entry cells of row 3 and the signature row must sit on column boundaries of
    a table laid out for the tasks; this finds boundaries that leave each piece enough room."""
    spans: list[tuple[int, int]] = []
    end = len(widths)
    for need in reversed(minimums[1:]):
        start = end
        while sum(widths[start - 1 : end]) < need and start > 2:
            start -= 1
        spans.append((start, end))
        end = start - 1
    if end < 1:
        raise ValueError("the line does not fit the columns")
    spans.append((1, end))
    return spans[::-1]


def write_task_sheet(
    ws: Worksheet, spec: TemplateSpec, styles: StyleCache, *, title: str, footer: str, previous: list[str]
) -> None:
    """Fill ``ws`` with the unit's tasks under ``title``; ``footer`` names the unit and quarter
    on every printed page; ``previous`` is last quarter's answer per row, or empty when no row
    has one (then there is no grey column)."""
    widths = [width for _, width in COLUMNS]
    set_widths(ws, widths + ([PREVIOUS_WIDTH] if previous else []))

    _merged_line(ws, styles, 1, title, _TITLE_STYLE)
    ws.row_dimensions[1].height = _title_height(title, sum(widths))
    _merged_line(ws, styles, 2, deadline_line(spec.deadline), _DEADLINE_STYLE)
    ws.row_dimensions[2].height = 22 if spec.deadline else 8
    (date_col,) = _label_line(
        ws, styles, 3, widths, f"填报单位（盖章）：{spec.unit_name}", ("填报日期：", 14)
    )
    write_text(ws.cell(3, date_col), DATE_HINT)
    for col in range(date_col, PRINTED + 1):
        styles.apply(ws.cell(3, col), _DATE_STYLE)
    ws.row_dimensions[3].height = 30  # room for the stamp's upper edge

    headers = [name for name, _ in COLUMNS] + ([PREVIOUS_HEADER] if previous else [])
    for col, name in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col)
        write_text(cell, name)
        styles.apply(cell, _HEADER_GREY_STYLE if col > PRINTED else _HEADER_STYLE)
    ws.row_dimensions[HEADER_ROW].height = HEADER_HEIGHT

    task_rows = _write_body(ws, spec.rows, styles, previous)
    signature_row = (task_rows[-1] if task_rows else HEADER_ROW) + 1
    _label_line(ws, styles, signature_row, widths, SIGNATURE, ("填报人：", 12), ("联系电话：", 16))
    ws.row_dimensions[signature_row].height = 40  # a handwritten signature
    _write_notes(ws, styles, signature_row + 1, sum(widths))

    _add_validations(ws, task_rows)
    _protect(ws)
    ws.freeze_panes = FREEZE_AT
    setup_print(ws, f"{HEADER_ROW}:{HEADER_ROW}", side_margin=SIDE_MARGIN)
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{signature_row + len(NOTES)}"
    # Pages after the first repeat only the column headers; the footer still says whose they are.
    ws.oddFooter.left.text = header_footer_text(footer)
    ws.oddFooter.center.text = PAGE_NUMBERS
    for part in (ws.oddFooter.left, ws.oddFooter.center):
        part.size = 11


def _title_height(title: str, total_width: float) -> float:
    lines = max(1, math.ceil(display_width(title) * 18 / 11 / max(1.0, total_width - 4)))
    return round(lines * 18 * 1.4 + 10, 1)


def _merged_line(ws: Worksheet, styles: StyleCache, row: int, text: str, style: CellStyle) -> None:
    """``text`` across the printed columns A–K."""
    write_text(ws.cell(row, 1), text)
    for col in range(1, PRINTED + 1):  # every cell, so borders run the whole width
        styles.apply(ws.cell(row, col), style)
    merge_styled(ws, row, 1, PRINTED)


def _label_line(
    ws: Worksheet, styles: StyleCache, row: int, widths: list[float], first: str, *pairs: tuple[str, float]
) -> list[int]:
    """``first`` on the left, then for each (label, entry width) a right-aligned label and an
    underlined entry cell the unit may type in, all ending at the right edge; returns the
    entry cells' columns."""
    minimums: list[float] = [0]
    for label, entry in pairs:
        minimums += [display_width(label) * 1.15 + 1, entry]
    spans = spans_from_right(widths, minimums)
    texts = [first] + [text for label, _ in pairs for text in (label, "")]
    line_styles = [_INFO_STYLE] + [_LABEL_STYLE, _INPUT_STYLE] * len(pairs)
    for (start, end), text, style in zip(spans, texts, line_styles, strict=True):
        write_text(ws.cell(row, start), text)
        for col in range(start, end + 1):  # every cell, so the underline runs the whole span
            styles.apply(ws.cell(row, col), style)
        if end > start:
            merge_styled(ws, row, start, end)
    return [start for start, _ in spans[2::2]]


def _write_body(
    ws: Worksheet, rows: Sequence[TemplateRow], styles: StyleCache, previous: list[str]
) -> list[int]:
    """The section bands and task rows; returns the sheet rows holding tasks."""
    task_rows: list[int] = []
    row_no = FIRST_BODY_ROW
    section = None
    for index, row in enumerate(rows):
        if row.section and row.section != section:
            _merged_line(ws, styles, row_no, row.section, _SECTION_STYLE)
            if previous:
                styles.apply(ws.cell(row_no, PRINTED + 1), _PREVIOUS_STYLE)
            ws.row_dimensions[row_no].height = BAND_HEIGHT
            row_no += 1
        section = row.section
        values = (row.code, row.title, ROLE_LABELS.get(row.role, row.role), row.lead_names, row.deadline)
        for col, value in enumerate(values, start=1):
            write_text(ws.cell(row_no, col), value)
        for col, style in enumerate(_BODY_STYLES, start=1):
            styles.apply(ws.cell(row_no, col), style)
        if previous:
            cell = ws.cell(row_no, PRINTED + 1)
            write_text(cell, previous[index])
            styles.apply(cell, _PREVIOUS_STYLE)
        # No height on purpose: a fixed one would cut off what the unit types.
        task_rows.append(row_no)
        row_no += 1
    return task_rows


def _write_notes(ws: Worksheet, styles: StyleCache, first_row: int, total_width: float) -> None:
    for offset, text in enumerate(NOTES):
        row = first_row + offset
        _merged_line(ws, styles, row, text, _NOTE_STYLE)
        # Merged cells are never grown by the spreadsheet program; some slack for its metrics.
        ws.row_dimensions[row].height = fitted_height([(text, total_width - 8)])


def _add_validations(ws: Worksheet, task_rows: list[int]) -> None:
    if not task_rows:
        return
    roles = DataValidation(
        type="list",
        formula1='"' + ",".join(ROLE_LABELS[r] for r in ("lead", "co")) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="责任类型",
        error="请从下拉列表中选择：牵头 或 配合。",
    )
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="完成状态填写有误",
        error="请从下拉列表中选择：" + "、".join(STATUSES) + "。",
        promptTitle="完成状态",
        prompt="请从下拉列表中选择。",
    )
    # Section bands sit between task rows and are merged cells: only the task rows get a list.
    for first, last in _runs(task_rows):
        for validation, col in ((roles, ROLE_COLUMN), (statuses, STATUS_COLUMN)):
            letter = get_column_letter(col)
            validation.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(roles)
    ws.add_data_validation(statuses)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) pairs: [5, 6, 8] → [(5, 6), (8, 8)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _protect(ws: Worksheet) -> None:
    protection = ws.protection
    protection.sheet = True
    # In OOXML these flags mean "forbidden"; units may resize rows/columns and select anything.
    protection.formatRows = False
    protection.formatColumns = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False
