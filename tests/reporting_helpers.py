"""Filling returned templates the way units do, for the reporting tests."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from openpyxl import load_workbook

from gkdesk.exporters.xlsx_style import write_text

SHEET = "进展情况报送表"
# Column of each unit field in the template (H..M).
COLUMNS = {"progress": 8, "problems": 9, "next_steps": 10, "status": 11, "evidence": 12, "remarks": 13}
Answer = Mapping[str, str]
FORMULA = "formula:"  # an answer starting with this is written as a real formula


def fill(src: Path, answer: Callable[[str, str], Answer | None], dest: Path | None = None) -> Path:
    """Write ``answer(code, title)`` into every task row of ``src`` (saved to ``dest`` or in place)."""
    wb = load_workbook(src)
    ws = wb[SHEET]
    for row in range(4, ws.max_row + 1):
        code = ws.cell(row, 2).value
        if code is None:
            continue
        values = answer(str(code), str(ws.cell(row, 4).value or ""))
        for field, value in (values or {}).items():
            cell = ws.cell(row, COLUMNS[field])
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
    rows = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value is not None]
    values = [[ws.cell(r, c).value for c in range(1, 14)] for r in rows]
    for r, vals in zip(rows, reversed(values), strict=True):
        for c, v in enumerate(vals, start=1):
            ws.cell(r, c).value = v
    ws.insert_rows(rows[0] + 1)
    wb.save(path)


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
