"""The quarterly fill-in template ("进展情况报送表") sent to every unit.

One visible sheet lists the unit's tasks (see ``report_template_sheet`` for its layout); a
``veryHidden`` sheet ``_gkdesk`` says which plan, period, unit and tasks the file was issued for,
sealed with a checksum so that a returned file can be matched back without guessing, and an
edited hidden sheet is noticed. The workbook structure is protected, so the hidden sheet cannot
be shown, and the task sheet cannot be renamed or deleted, from Excel's or WPS's menus.

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

from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.report_template_sheet import FIRST_BODY_ROW, HEADER_ROW, write_task_sheet
from gkdesk.exporters.xlsx_style import StyleCache, save_atomically, write_text
from gkdesk.formats import (
    FORMAT_NAME,
    HIDDEN_SHEET,
    SHEET_TITLE,
    TEMPLATE_VERSION,
    fitted_file_name,
    template_checksum,
)
from gkdesk.records import ReportFields, TemplateSpec

__all__ = [
    "FIRST_BODY_ROW",
    "HEADER_ROW",
    "build_workbook",
    "previous_text",
    "report_title",
    "spec_checksum",
    "template_checksum",
    "template_file_name",
    "write_report_template",
]

CN_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


def template_file_name(spec: TemplateSpec, folder: Path | None = None) -> str:
    """``{单位}-{年}Q{季}-进展情况报送表.xlsx``, safe as a Windows file name; a very long unit name
    is shortened to fit the file systems and, in ``folder``, Windows' path limit (``fitted_file_name``)."""
    return fitted_file_name(spec.unit_name, f"-{spec.period_code}-{SHEET_TITLE}.xlsx", folder)


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
    """Last quarter's answer for the grey column, as sentences:
    "【按序时推进】进展：…。问题：…。下步：…。"."""
    if fields is None:
        return ""
    if fields.blank:
        return "（上季度未填写）"
    parts = [
        f"{label}：{_sentence(text)}"
        for label, text in (("进展", fields.progress), ("问题", fields.problems), ("下步", fields.next_steps))
        if text.strip()
    ]
    text = "".join(parts)
    return f"【{fields.status}】{text}" if fields.status else text


_CLOSING = "。！？!?…"
_TRAILING = "；;，,、：: \t\n\u3000"


def _sentence(text: str) -> str:
    """``text`` ending in exactly one full stop: units end answers with 。 or ；, or nothing."""
    text = text.strip().rstrip(_TRAILING)
    return text if text.endswith(tuple(_CLOSING)) else text + "。"


def write_report_template(spec: TemplateSpec, path: Path) -> Path:
    """Write ``spec`` as a fill-in workbook at ``path`` (or, when ``path`` is an existing folder,
    at ``path / template_file_name(spec)``), atomically; returns the file written."""
    if spec.quarter not in CN_QUARTERS:
        raise ValueError(f"quarter must be 1..4, not {spec.quarter!r}")
    path = Path(path)
    if path.is_dir():
        path = path / template_file_name(spec, path)
    workbook = build_workbook(spec)
    return save_atomically(path, lambda temp: workbook.save(temp))


def build_workbook(spec: TemplateSpec) -> Workbook:
    workbook = Workbook()
    styles = StyleCache(workbook)
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET_TITLE
    title = report_title(spec)
    with_previous = any(row.previous is not None for row in spec.rows)
    write_task_sheet(
        ws,
        spec,
        styles,
        title=title,
        footer=f"{spec.unit_name} {spec.year}年第{CN_QUARTERS[spec.quarter]}季度",
        previous=[previous_text(row.previous) for row in spec.rows] if with_previous else [],
    )
    _write_hidden_sheet(workbook.create_sheet(HIDDEN_SHEET), spec)
    workbook.active = 0
    # Without a password, like the sheet protection: it keeps honest hands off, and the office can
    # still lift it. The reader does not depend on either.
    workbook.security = WorkbookProtection(lockStructure=True)
    props = workbook.properties
    props.title = title
    props.subject = spec.plan_title
    props.creator = "gkdesk"
    props.lastModifiedBy = "gkdesk"
    props.keywords = f"{FORMAT_NAME} {spec.period_code}"
    return workbook


def _write_hidden_sheet(ws: Worksheet, spec: TemplateSpec) -> None:
    ws.sheet_state = "veryHidden"  # not listed by Excel's or WPS's "Unhide"
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
