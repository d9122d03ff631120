"""The quarterly fill-in template ("进展情况报送表") sent to every unit.

One visible sheet lists the unit's tasks (columns A–G pre-filled and locked, H–M for the unit,
an optional grey column N with last quarter's answer); a hidden sheet ``_gkdesk`` says which
plan, period, unit and tasks the file was issued for, sealed with a checksum so that a returned
file can be matched back without guessing, and an edited hidden sheet is noticed.

Hidden sheet layout (column A key, column B value)::

    format      gkdesk-report-template
    version     1
    plan_id     12            (number)
    plan_title  …
    period      2021Q1
    unit_id     7             (number)
    unit_name   …
    deadline    2021-04-10    ("" when none)
    checksum    16 hex digits (see ``template_checksum``)
    (blank row)
    code        task_id   role
    3           41        lead      (code as text, task_id a number, one row per task)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.xlsx_style import (
    BODY_FONT,
    CENTER,
    GREY_FILL,
    HEADING_FONT,
    LEFT,
    THIN_BORDER,
    TITLE_FONT,
    TOP_CENTER,
    TOP_WRAP,
    UNLOCKED,
    CellStyle,
    StyleCache,
    cjk_font,
    fitted_height,
    save_atomically,
    set_widths,
    setup_print,
    write_text,
)
from gkdesk.formats import (
    FORMAT_NAME,
    HIDDEN_SHEET,
    ILLEGAL_IN_FILE_NAMES,
    SHEET_TITLE,
    TEMPLATE_VERSION,
    template_checksum,
)
from gkdesk.records import ROLE_LABELS, STATUSES, ReportFields, TemplateSpec

HEADER_ROW = 3
FIRST_BODY_ROW = 4
FREEZE_AT = "F4"
SPARE_ROWS = 50  # the 完成状态 drop-down also covers rows a unit might add below the list
SIGNATURE = "单位主要负责同志审核签字：　　　　"
PREVIOUS_HEADER = "上季度填报情况（供参考）"

# (header, width): A–G are filled by gkdesk, H–M by the unit.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("任务编号", 10),
    ("所属板块", 18),
    ("工作任务", 40),
    ("责任类型", 8),
    ("牵头单位", 14),
    ("完成时限", 10),
    ("进展情况", 40),
    ("存在问题", 24),
    ("下步计划", 24),
    ("完成状态", 10),
    ("佐证材料", 24),
    ("备注", 12),
)
PREVIOUS_WIDTH = 36
FIRST_UNIT_COLUMN = 8  # H
STATUS_COLUMN = 11  # K
ROLE_COLUMN = 5  # E
LEFT_PART_END = 6  # row 2: A2:F2 is the unit, G2:last the person filling in

CN_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}

_TITLE_STYLE = CellStyle(font=cjk_font(TITLE_FONT, 18), alignment=CENTER)
_INFO_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=LEFT)
_HEADER_STYLE = CellStyle(font=cjk_font(HEADING_FONT, 11), alignment=CENTER, border=THIN_BORDER)
_HEADER_GREY_STYLE = CellStyle(
    font=cjk_font(HEADING_FONT, 11), alignment=CENTER, border=THIN_BORDER, fill=GREY_FILL
)
_BODY_FONT = cjk_font(BODY_FONT, 11)
_BODY_CENTER_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_CENTER, border=THIN_BORDER)
_BODY_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_WRAP, border=THIN_BORDER)
_UNIT_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_WRAP, border=THIN_BORDER, protection=UNLOCKED)
_UNIT_CENTER_STYLE = CellStyle(font=_BODY_FONT, alignment=TOP_CENTER, border=THIN_BORDER, protection=UNLOCKED)
_PREVIOUS_STYLE = CellStyle(
    font=cjk_font(BODY_FONT, 10, color="595959"), alignment=TOP_WRAP, border=THIN_BORDER, fill=GREY_FILL
)
_SIGNATURE_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=LEFT)

# Per column of the body, A..M: how the cell looks.
_BODY_STYLES = (
    _BODY_CENTER_STYLE,  # 序号
    _BODY_CENTER_STYLE,  # 任务编号
    _BODY_STYLE,
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


def template_file_name(spec: TemplateSpec) -> str:
    """``{单位}-{年}Q{季}-进展情况报送表.xlsx``, safe as a Windows file name."""
    unit = ILLEGAL_IN_FILE_NAMES.sub("_", spec.unit_name.strip()) or "_"
    return f"{unit}-{spec.period_code}-{SHEET_TITLE}.xlsx"


def spec_checksum(spec: TemplateSpec) -> str:
    return template_checksum(
        spec.plan_id,
        spec.period_code,
        spec.unit_id,
        spec.unit_name,
        ((row.code, row.task_id, row.role) for row in spec.rows),
    )


def report_title(spec: TemplateSpec) -> str:
    return f"{spec.unit_name}{spec.year}年第{CN_QUARTERS[spec.quarter]}季度政务公开重点工作进展情况报送表"


def previous_text(fields: ReportFields | None) -> str:
    """Last quarter's answer as one line for column N: "【按序时推进】进展…；问题：…；下步：…"."""
    if fields is None:
        return ""
    if fields.blank:
        return "（上季度未填写）"
    parts = [f"【{fields.status}】{fields.progress}" if fields.status else fields.progress]
    if fields.problems:
        parts.append(f"问题：{fields.problems}")
    if fields.next_steps:
        parts.append(f"下步：{fields.next_steps}")
    return "；".join(p for p in parts if p)


def _deadline_note(deadline: str) -> str:
    try:
        day = date.fromisoformat(deadline)
    except ValueError:
        return ""
    return f"（请于{day.month}月{day.day}日前报送）"


def write_report_template(spec: TemplateSpec, path: Path) -> Path:
    """Write ``spec`` as a fill-in workbook at ``path`` (or, when ``path`` is an existing folder,
    at ``path / template_file_name(spec)``), atomically; returns the file written."""
    if spec.quarter not in CN_QUARTERS:
        raise ValueError(f"quarter must be 1..4, not {spec.quarter!r}")
    path = Path(path)
    if path.is_dir():
        path = path / template_file_name(spec)
    workbook = build_workbook(spec)
    return save_atomically(path, lambda temp: workbook.save(temp))


def build_workbook(spec: TemplateSpec) -> Workbook:
    workbook = Workbook()
    styles = StyleCache(workbook)
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET_TITLE
    _write_task_sheet(ws, spec, styles)
    _write_hidden_sheet(workbook.create_sheet(HIDDEN_SHEET), spec)
    workbook.active = 0
    props = workbook.properties
    props.title = report_title(spec)
    props.subject = spec.plan_title
    props.creator = "gkdesk"
    props.lastModifiedBy = "gkdesk"
    props.keywords = f"{FORMAT_NAME} {spec.period_code}"
    return workbook


def _write_task_sheet(ws: Worksheet, spec: TemplateSpec, styles: StyleCache) -> None:
    with_previous = any(row.previous is not None for row in spec.rows)
    ncols = len(COLUMNS) + (1 if with_previous else 0)
    last = get_column_letter(ncols)

    set_widths(ws, [width for _, width in COLUMNS] + ([PREVIOUS_WIDTH] if with_previous else []))

    write_text(ws.cell(1, 1), report_title(spec))
    styles.apply(ws.cell(1, 1), _TITLE_STYLE)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 36

    left = f"填报单位（盖章）：{spec.unit_name}"
    if spec.deadline:
        left += _deadline_note(spec.deadline)
    write_text(ws.cell(2, 1), left)
    write_text(ws.cell(2, LEFT_PART_END + 1), "填报人：　　联系电话：　　填报日期：　年　月　日")
    styles.apply(ws.cell(2, 1), _INFO_STYLE)
    styles.apply(ws.cell(2, LEFT_PART_END + 1), _INFO_STYLE)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=LEFT_PART_END)
    ws.merge_cells(start_row=2, start_column=LEFT_PART_END + 1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 24

    headers = [name for name, _ in COLUMNS] + ([PREVIOUS_HEADER] if with_previous else [])
    for col, name in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col)
        write_text(cell, name)
        styles.apply(cell, _HEADER_GREY_STYLE if col > len(COLUMNS) else _HEADER_STYLE)
    ws.row_dimensions[HEADER_ROW].height = 30

    row_no = FIRST_BODY_ROW
    for number, row in enumerate(spec.rows, start=1):
        values = (
            str(number),
            row.code,
            row.section,
            row.title,
            ROLE_LABELS.get(row.role, row.role),
            row.lead_names,
            row.deadline,
        )
        for col, value in enumerate(values, start=1):
            write_text(ws.cell(row_no, col), value)
        for col, style in enumerate(_BODY_STYLES, start=1):
            styles.apply(ws.cell(row_no, col), style)
        shown = [(value, width) for value, (_, width) in zip(values, COLUMNS, strict=False)]
        if with_previous:
            cell = ws.cell(row_no, ncols)
            text = previous_text(row.previous)
            write_text(cell, text)
            styles.apply(cell, _PREVIOUS_STYLE)
            shown.append((text, PREVIOUS_WIDTH))
        ws.row_dimensions[row_no].height = fitted_height(shown, min_lines=3)
        row_no += 1
    last_body = row_no - 1

    signature_row = row_no
    write_text(ws.cell(signature_row, 1), SIGNATURE)
    styles.apply(ws.cell(signature_row, 1), _SIGNATURE_STYLE)
    ws.merge_cells(start_row=signature_row, start_column=1, end_row=signature_row, end_column=ncols)
    ws.row_dimensions[signature_row].height = 36

    _add_validations(ws, last_body, signature_row)

    ws.freeze_panes = FREEZE_AT
    protection = ws.protection
    protection.sheet = True
    # In OOXML these flags mean "forbidden"; units may resize rows/columns and select anything.
    protection.formatRows = False
    protection.formatColumns = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False
    setup_print(ws, f"1:{HEADER_ROW}")


def _add_validations(ws: Worksheet, last_body: int, signature_row: int) -> None:
    role_letter = get_column_letter(ROLE_COLUMN)
    status_letter = get_column_letter(STATUS_COLUMN)
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
    spare_end = signature_row + SPARE_ROWS
    if last_body >= FIRST_BODY_ROW:
        roles.add(f"{role_letter}{FIRST_BODY_ROW}:{role_letter}{last_body}")
        statuses.add(f"{status_letter}{FIRST_BODY_ROW}:{status_letter}{last_body}")
    # The signature row is one merged cell; a drop-down there would only confuse.
    statuses.add(f"{status_letter}{signature_row + 1}:{status_letter}{spare_end}")
    for validation in (roles, statuses):
        if validation.sqref:
            ws.add_data_validation(validation)


def _write_hidden_sheet(ws: Worksheet, spec: TemplateSpec) -> None:
    ws.sheet_state = "hidden"
    pairs: list[tuple[str, str | int]] = [
        ("format", FORMAT_NAME),
        ("version", TEMPLATE_VERSION),
        ("plan_id", spec.plan_id),
        ("plan_title", spec.plan_title),
        ("period", spec.period_code),
        ("unit_id", spec.unit_id),
        ("unit_name", spec.unit_name),
        ("deadline", spec.deadline),
        ("checksum", spec_checksum(spec)),
    ]
    r = 1
    for key, value in pairs:
        ws.cell(r, 1, key)
        if isinstance(value, int):
            ws.cell(r, 2, value)
        else:
            write_text(ws.cell(r, 2), value)
        r += 1
    r += 1
    for col, name in enumerate(("code", "task_id", "role"), start=1):
        ws.cell(r, col, name)
    for row in spec.rows:
        r += 1
        write_text(ws.cell(r, 1), row.code)
        ws.cell(r, 2, row.task_id)
        ws.cell(r, 3, row.role)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40
    # Not a secret, only a hint that these cells are not for editing.
    ws.protection.sheet = True
