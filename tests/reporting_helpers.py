"""Filling returned templates the way units do, for the reporting tests."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.xlsx_style import write_text

SHEET = "进展情况报送表"
# The header of each unit field in the template.
HEADERS = {
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "status": "完成状态",
    "evidence": "佐证材料",
    "remarks": "备注",
}
Answer = Mapping[str, str]
FORMULA = "formula:"  # an answer starting with this is written as a real formula


def layout(ws: Worksheet) -> tuple[int, dict[str, int]]:
    """(header row, column number by header text) of a template sheet, in either layout."""
    for row in range(1, 11):
        header = {str(c.value).strip(): c.column for c in ws[row] if c.value is not None}
        if "进展情况" in header:
            return row, header
    raise AssertionError("no header row in the first 10 rows")


def task_rows(ws: Worksheet) -> dict[str, int]:
    """Task code → sheet row, in sheet order (section bands and the rows below the table skipped)."""
    header_row, header = layout(ws)
    rows: dict[str, int] = {}
    for row in range(header_row + 1, ws.max_row + 1):
        code = ws.cell(row, header["任务编号"]).value
        if code is not None and ws.cell(row, header["工作任务"]).value is not None:
            rows[str(code)] = row
    return rows


def fill(src: Path, answer: Callable[[str, str], Answer | None], dest: Path | None = None) -> Path:
    """Write ``answer(code, title)`` into every task row of ``src`` (saved to ``dest`` or in place)."""
    wb = load_workbook(src)
    ws = wb[SHEET]
    _, header = layout(ws)
    for code, row in task_rows(ws).items():
        values = answer(code, str(ws.cell(row, header["工作任务"]).value or ""))
        for field, value in (values or {}).items():
            cell = ws.cell(row, header[HEADERS[field]])
            if isinstance(value, str) and value.startswith(FORMULA):
                cell.value = value.removeprefix(FORMULA)  # typed as a formula, the way Excel stores one
            else:
                write_text(cell, value)
    out = dest or src
    wb.save(out)
    return out


def reverse_rows_and_insert_blank(path: Path) -> None:
    """Reorder the task rows (last first) and insert an empty row among them."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    rows = list(task_rows(ws).values())
    values = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in rows]
    for r, vals in zip(rows, reversed(values), strict=True):
        for c, v in enumerate(vals, start=1):
            ws.cell(r, c).value = v
    unmerge_below(ws, rows[0])
    ws.insert_rows(rows[0] + 1)
    wb.save(path)


def unmerge_below(ws: Worksheet, row: int) -> None:
    """Drop the merged ranges below ``row``: openpyxl's insert_rows/delete_rows leave them where
    they were (Excel moves them), which would merge away the cells that moved in."""
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row > row:
            ws.unmerge_cells(str(merged))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave_with_libreoffice(path: Path, work: Path) -> Path:
    """Open and save the file with LibreOffice (as a unit on Kylin/UOS would); replaces ``path``."""
    exe = soffice()
    assert exe is not None
    out = work / "lo-out"
    out.mkdir(parents=True, exist_ok=True)
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
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = out / path.name
    assert converted.exists(), f"LibreOffice wrote nothing for {path.name}"
    shutil.move(converted, path)
    return path
