"""read_returned: identification, rows, formulas, tampering, re-saved files and bad inputs.

The tests that fill a template run on both layouts ever sent out: the current one (written here)
and the first one (tests/data/template-2021Q1-layout1.xlsx, written by gkdesk before the layout
changed: 序号 in A, the header on row 3, no section rows), since units return old files too.
Cells are found by header text and task code, as a unit finds them.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.errors import BadFileError, PasswordRequiredError
from gkdesk.exporters.report_template import template_file_name, write_report_template
from gkdesk.exporters.xlsx_style import write_text
from gkdesk.importers import returned_xlsx
from gkdesk.importers.returned_xlsx import (
    UNIT_HEADERS,
    cell_text,
    normalise_code,
    normalise_id,
    read_returned,
)
from gkdesk.records import ReportFields, ReturnedFile, ReturnedRow, TemplateRow, TemplateSpec
from tests.exporters.test_report_template import sample_spec
from tests.reporting_helpers import layout, task_rows, unmerge_below

SHEET = "进展情况报送表"

# What the unit writes in H..M for each task code.
ANSWERS: dict[str, tuple[str, str, str, str, str, str]] = {
    "1": ("已公开2020年决算", "无", "继续推进", "已完成", "决算公开截图.png", ""),
    "2": ("配合做好项目信息公开", "", "", " 序时推进 ", "", "见附件"),
    "5": ("制作图解3篇", "解读质量不高", "加强培训", "按序时推进", "", ""),
    "7": ("", "", "", "未启动", "", "下季度开展"),
    "12": ("网站改版方案已报审", "", "", "滞后", "", ""),
}
EXPECTED_FIELDS = {
    "1": ReportFields("已完成", "已公开2020年决算", "无", "继续推进", "决算公开截图.png", ""),
    "2": ReportFields("按序时推进", "配合做好项目信息公开", "", "", "", "见附件"),
    "5": ReportFields("按序时推进", "制作图解3篇", "解读质量不高", "加强培训", "", ""),
    "7": ReportFields("未启动", "", "", "", "", "下季度开展"),
    "12": ReportFields("滞后", "网站改版方案已报审", "", "", "", ""),
}
TASK_IDS = {"1": 41, "2": 42, "5": 43, "7": 44, "12": 45}


LAYOUT1 = Path(__file__).parent.parent / "data" / "template-2021Q1-layout1.xlsx"
FILE_NAME = "市财政局-2021Q1-进展情况报送表.xlsx"


def template(tmp_path: Path, **kwargs: object) -> Path:
    spec = sample_spec(**kwargs)  # type: ignore[arg-type]
    folder = tmp_path / "issued"
    folder.mkdir(exist_ok=True)
    return write_report_template(spec, folder / template_file_name(spec))


@pytest.fixture(params=["current", "layout1"])
def issued(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The sample template as gkdesk writes it now, and as it wrote it before."""
    if request.param == "current":
        return template(tmp_path)
    folder = tmp_path / "issued"
    folder.mkdir()
    return Path(shutil.copy(LAYOUT1, folder / FILE_NAME))


def edit(path: Path, change: Callable[..., None], dest: Path | None = None) -> Path:
    """Open ``path`` as a unit would, apply ``change(workbook)``, save (to ``dest`` if given)."""
    wb = load_workbook(path)
    change(wb)
    target = dest or path
    wb.save(target)
    return target


def cell(ws: Worksheet, code: str, header: str) -> Cell:
    """The cell of task ``code`` under ``header``."""
    return ws.cell(task_rows(ws)[code], layout(ws)[1][header])


def fill(wb: object) -> None:
    ws = wb[SHEET]  # type: ignore[index]
    for code in task_rows(ws):
        for header, value in zip(UNIT_HEADERS, ANSWERS[code], strict=True):
            cell(ws, code, header).value = value or None


@pytest.fixture
def filled(issued: Path) -> Path:
    return edit(issued, fill)


def by_code(result: ReturnedFile) -> dict[str, ReturnedRow]:
    return {row.code: row for row in result.rows}


def sheet_rows(path: Path) -> dict[str, int]:
    return task_rows(load_workbook(path)[SHEET])


# --- identification and rows --------------------------------------------------------------------


def test_round_trip(filled: Path) -> None:
    result = read_returned(filled)
    assert result.name == "市财政局-2021Q1-进展情况报送表.xlsx"
    assert result.sha256 == hashlib.sha256(filled.read_bytes()).hexdigest()
    assert result.identified_by == "hidden"
    assert (result.plan_id, result.period_code, result.unit_id, result.unit_name) == (
        3,
        "2021Q1",
        7,
        "市财政局",
    )
    assert result.checksum_ok is True
    assert result.expected == (("1", 41), ("2", 42), ("5", 43), ("7", 44), ("12", 45))
    assert result.warnings == ()
    assert [row.code for row in result.rows] == ["1", "2", "5", "7", "12"]
    assert [row.sheet_row for row in result.rows] == list(sheet_rows(filled).values())
    for row in result.rows:
        assert row.task_id == TASK_IDS[row.code]
        assert row.fields == EXPECTED_FIELDS[row.code]
        assert row.formulas == ()
    assert result.rows[0].title == "推进财政预决算公开"


def test_an_untouched_template_reads_with_blank_fields(issued: Path) -> None:
    result = read_returned(issued)
    assert len(result.rows) == 5 and all(row.fields.blank for row in result.rows)
    assert result.checksum_ok is True


def test_reordered_rows_and_inserted_blank_rows(filled: Path) -> None:
    rows = list(sheet_rows(filled).values())

    def shuffle(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        values = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in rows]
        for r, row_values in zip(rows, reversed(values), strict=True):
            for c, value in enumerate(row_values, start=1):
                ws.cell(r, c).value = value
        unmerge_below(ws, rows[0])
        ws.insert_rows(rows[2], 2)

    result = read_returned(edit(filled, shuffle))
    assert [row.code for row in result.rows] == ["12", "7", "5", "2", "1"]
    assert [row.sheet_row for row in result.rows] == rows[:2] + [r + 2 for r in rows[2:]]
    for row in result.rows:
        assert row.task_id == TASK_IDS[row.code]
        assert row.fields == EXPECTED_FIELDS[row.code]
    assert result.checksum_ok is True


def test_moved_columns_and_wrapped_headers_still_read(filled: Path) -> None:
    def move(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        header_row, header = layout(ws)
        progress, status = header["进展情况"], header["完成状态"]
        for r in range(header_row, ws.max_row + 1):  # swap the two columns
            a, b = ws.cell(r, progress), ws.cell(r, status)
            if not isinstance(a, MergedCell) and not isinstance(b, MergedCell):
                a.value, b.value = b.value, a.value
        ws.cell(header_row, progress).value = "完成\n状态"
        ws.cell(header_row, status).value = " 进展情况（必填）"
        ws.cell(header_row, header["任务编号"]).value = "任务 编号"

    result = read_returned(edit(filled, move))
    assert {row.code: row.fields for row in result.rows} == EXPECTED_FIELDS


def test_formulas_are_reported_and_text_that_looks_like_one_is_not(filled: Path) -> None:
    def formulas(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        cell(ws, "1", "进展情况").value = '=A1&"x"'  # openpyxl stores a string starting with "=" as a formula
        cell(ws, "1", "佐证材料").value = "=SUM(1,2)"
        write_text(
            cell(ws, "2", "存在问题"), "=1+1"
        )  # typed as text, e.g. with a leading apostrophe in Excel

    path = edit(filled, formulas)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<f>A1&amp;"x"</f>' in xml and "<f>1+1</f>" not in xml
    rows = by_code(read_returned(path))
    assert rows["1"].formulas == ("进展情况", "佐证材料")
    assert rows["1"].fields.progress == '=A1&"x"'
    assert rows["2"].formulas == ()
    assert rows["2"].fields.problems == "=1+1"


def test_openpyxl_keeps_a_text_cell_starting_with_equals_as_text(tmp_path: Path) -> None:
    """The check the reader relies on: the cell type comes from the XML, not the text."""
    path = tmp_path / "t.xlsx"
    wb = load_workbook(template(tmp_path))
    target = cell(wb[SHEET], "1", "进展情况")
    write_text(target, "=1+1")
    wb.save(path)
    for read_only in (False, True):
        ws = load_workbook(path, read_only=read_only)[SHEET]
        (found,) = next(
            iter(
                ws.iter_rows(
                    min_row=target.row, max_row=target.row, min_col=target.column, max_col=target.column
                )
            )
        )
        assert (found.value, found.data_type) == ("=1+1", "s")


def test_tampered_hidden_sheet_fails_the_checksum(filled: Path) -> None:
    def tamper(wb: object) -> None:
        wb["_gkdesk"]["B6"] = 8  # type: ignore[index]

    result = read_returned(edit(filled, tamper))
    assert result.identified_by == "hidden"
    assert result.unit_id == 8 and result.checksum_ok is False


def test_tampered_task_table_fails_the_checksum(filled: Path) -> None:
    def tamper(wb: object) -> None:
        wb["_gkdesk"]["B13"] = 99  # type: ignore[index]

    result = read_returned(edit(filled, tamper))
    assert result.checksum_ok is False
    assert by_code(result)["2"].task_id == 99


def test_ids_rewritten_as_text_or_floats_still_read(filled: Path) -> None:
    """What WPS/LibreOffice may do to numbers: 3 → "3", 7 → 7.0, code "1" → 1."""

    def retype(wb: object) -> None:
        hidden: Worksheet = wb["_gkdesk"]  # type: ignore[index]
        hidden["B2"] = "1"
        hidden["B3"] = "3"
        hidden["B6"] = 7.0
        hidden["A12"] = 1
        hidden["B12"] = "41.0"
        hidden["A13"] = 2.0
        cell(wb[SHEET], "2", "任务编号").value = "2.0"  # type: ignore[index]
        cell(wb[SHEET], "1", "任务编号").value = 1  # type: ignore[index]

    result = read_returned(edit(filled, retype))
    assert (result.plan_id, result.unit_id, result.checksum_ok) == (3, 7, True)
    assert result.expected[:2] == (("1", 41), ("2", 42))
    assert [row.task_id for row in result.rows] == [41, 42, 43, 44, 45]
    assert [row.code for row in result.rows] == ["1", "2", "5", "7", "12"]


def test_without_hidden_sheet_the_title_identifies(filled: Path) -> None:
    def drop(wb: object) -> None:
        del wb["_gkdesk"]  # type: ignore[attr-defined]

    result = read_returned(edit(filled, drop))
    assert result.identified_by == "title"
    assert (result.unit_name, result.period_code) == ("市财政局", "2021Q1")
    assert (result.plan_id, result.unit_id, result.checksum_ok, result.expected) == (None, None, None, ())
    assert [row.task_id for row in result.rows] == [None] * 5
    assert {row.code: row.fields for row in result.rows} == EXPECTED_FIELDS


def test_then_the_file_name_then_nothing(filled: Path, tmp_path: Path) -> None:
    def strip(wb: object) -> None:
        del wb["_gkdesk"]  # type: ignore[attr-defined]
        wb[SHEET]["A1"] = "进展情况表"  # type: ignore[index]

    by_name = read_returned(edit(filled, strip, tmp_path / "市税务局-2021Q3-进展情况报送表(1).xlsx"))
    assert (by_name.identified_by, by_name.unit_name, by_name.period_code) == (
        "filename",
        "市税务局",
        "2021Q3",
    )
    anonymous = read_returned(edit(filled, strip, tmp_path / "报送表.xlsx"))
    assert anonymous.identified_by == "none"
    assert (anonymous.unit_name, anonymous.period_code) == (None, None)
    assert len(anonymous.rows) == 5


def test_a_file_renamed_to_another_unit_warns(filled: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "市税务局-2021Q1-进展情况报送表.xlsx"
    shutil.copy(filled, renamed)
    result = read_returned(renamed)
    assert result.identified_by == "hidden" and result.unit_name == "市财政局"
    assert len(result.warnings) == 1
    assert "市税务局" in result.warnings[0] and "市财政局" in result.warnings[0]


def test_a_retitled_sheet_warns(filled: Path) -> None:
    def retitle(wb: object) -> None:
        wb[SHEET]["A1"] = "市税务局2021年第二季度政务公开重点工作进展情况报送表"  # type: ignore[index]

    warnings = read_returned(edit(filled, retitle)).warnings
    assert len(warnings) == 2
    assert "市税务局" in warnings[0] and "2021Q2" in warnings[1]


def test_sanitised_unit_names_in_file_names_do_not_warn(tmp_path: Path) -> None:
    result = read_returned(template(tmp_path, unit_name="a/b:c"))
    assert result.name == "a_b_c-2021Q1-进展情况报送表.xlsx"
    assert result.unit_name == "a/b:c" and result.warnings == ()


def test_rows_without_code_or_title_are_skipped_with_a_warning(filled: Path) -> None:
    last = list(sheet_rows(filled).values())[-1]

    def extra(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        unmerge_below(ws, last)
        ws.insert_rows(last + 1)
        ws.cell(last + 1, layout(ws)[1]["进展情况"]).value = "漏填编号的一行"

    result = read_returned(edit(filled, extra))
    assert len(result.rows) == 5
    assert result.warnings == (f"第 {last + 1} 行填写了内容，但没有任务编号和工作任务，已忽略。",)


def test_section_rows_are_not_tasks(tmp_path: Path) -> None:
    path = edit(template(tmp_path), fill)
    ws = load_workbook(path)[SHEET]
    bands = [r for r in range(5, 13) if str(ws.cell(r, 1).value).startswith(("一、", "二、", "三、"))]
    assert len(bands) == 3
    result = read_returned(path)
    assert [row.code for row in result.rows] == ["1", "2", "5", "7", "12"]
    assert not {row.sheet_row for row in result.rows} & set(bands)
    assert result.warnings == ()


def test_a_lone_code_is_still_a_task_row(filled: Path) -> None:
    """A row left with only its task code is the task, unanswered (not a section band)."""

    def strip(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        row = task_rows(ws)["7"]
        for c in range(1, ws.max_column + 1):
            if c != layout(ws)[1]["任务编号"]:
                ws.cell(row, c).value = None

    rows = by_code(read_returned(edit(filled, strip)))
    assert rows["7"].fields.blank and rows["7"].title == ""


def test_rows_after_the_signature_are_ignored(filled: Path) -> None:
    def below(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        row = ws.max_row + 2
        _, header = layout(ws)
        ws.cell(row, header["任务编号"]).value = "99"
        ws.cell(row, header["工作任务"]).value = "签字行下面的内容"

    assert len(read_returned(edit(filled, below)).rows) == 5


def test_the_task_sheet_is_found_by_its_header(filled: Path) -> None:
    def rename(wb: object) -> None:
        wb.create_sheet("说明", 0)  # type: ignore[attr-defined]
        wb[SHEET].title = "Sheet1"  # type: ignore[index]

    result = read_returned(edit(filled, rename))
    assert {row.code: row.fields for row in result.rows} == EXPECTED_FIELDS


def test_a_workbook_without_the_header_is_refused(tmp_path: Path, filled: Path) -> None:
    def wipe(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        header_row, _ = layout(ws)
        for c in range(1, ws.max_column + 1):
            ws.cell(header_row, c).value = None

    path = edit(filled, wipe, tmp_path / "x.xlsx")
    with pytest.raises(BadFileError, match=r"^x\.xlsx 中找不到进展情况报送表") as info:
        read_returned(path)
    assert info.value.code == "no_report_sheet"


# --- values ----------------------------------------------------------------------------------------


def test_cell_values_become_text(filled: Path) -> None:
    def values(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        cell(ws, "1", "进展情况").value = 12.0
        cell(ws, "1", "存在问题").value = 0.5
        cell(ws, "1", "下步计划").value = datetime(2021, 3, 15)
        cell(ws, "1", "佐证材料").value = date(2021, 3, 16)
        cell(ws, "1", "备注").value = "  前后空格 \n"

    fields = by_code(read_returned(edit(filled, values)))["1"].fields
    assert (fields.progress, fields.problems, fields.next_steps) == ("12", "0.5", "2021-03-15")
    assert (fields.evidence, fields.remarks) == ("2021-03-16", "前后空格")


def test_value_normalisers() -> None:
    assert [cell_text(v) for v in (None, 3, 3.0, 2.5, " a ", datetime(2021, 1, 2, 9, 30))] == [
        "", "3", "3", "2.5", "a", "2021-01-02 09:30:00",
    ]  # fmt: skip
    assert [normalise_code(v) for v in (3, 3.0, "3.0", " 3 ", "3.5", "A-1")] == [
        "3",
        "3",
        "3",
        "3",
        "3.5",
        "A-1",
    ]
    assert [normalise_id(v) for v in (7, 7.0, "7", "7.0", " 7 ", "x", 7.5, None, True)] == [
        7, 7, 7, 7, 7, None, None, None, None,
    ]  # fmt: skip


def test_reading_is_fast(tmp_path: Path) -> None:
    rows = tuple(
        TemplateRow(100 + i, str(i + 1), "一、板块", "推进某项工作" * 8, "lead", "市财政局", "2021年底前")
        for i in range(20)
    )
    spec = TemplateSpec(3, "要点", 2021, 1, 7, "市财政局", rows, "2021-04-05")
    path = write_report_template(spec, tmp_path / "t.xlsx")

    def answer(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        for code in task_rows(ws):
            for header in UNIT_HEADERS:
                cell(ws, code, header).value = (
                    "按序时推进" if header == "完成状态" else "已经开展了相关工作" * 5
                )

    edit(path, answer)
    read_returned(path)
    started = time.perf_counter()
    for _ in range(20):
        result = read_returned(path)
    per_file = (time.perf_counter() - started) / 20
    assert len(result.rows) == 20 and result.rows[-1].fields.status == "按序时推进"
    assert per_file < 0.15, f"{per_file * 1000:.1f} ms per file"


# --- bad inputs ------------------------------------------------------------------------------------


def _raises(path: Path, fragment: str, error: type[BadFileError] = BadFileError) -> BadFileError:
    with pytest.raises(error) as info:
        read_returned(path)
    message = str(info.value)
    assert path.name in message and fragment in message, message
    assert "\n" not in message
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    assert _raises(tmp_path / "无.xlsx", "找不到文件").code == "missing"


def test_excel_lock_file(tmp_path: Path, filled: Path) -> None:
    lock = tmp_path / "~$x.xlsx"
    lock.write_bytes(b"\x06user" + b"\x20" * 160)
    assert _raises(lock, "临时锁定文件").code == "lock_file"
    # Even when it happens to hold a workbook.
    shutil.copy(filled, tmp_path / "~$y.xlsx")
    _raises(tmp_path / "~$y.xlsx", "临时锁定文件")


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "旧表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert _raises(path, "另存为").code == "old_format"


@pytest.mark.parametrize("suffix", [".et", ".csv", ".docx", ".pdf", ""])
def test_other_formats(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"报送表{suffix}"
    path.write_bytes(b"a,b\n")
    assert _raises(path, "不是 Excel 报送表").code == "wrong_format"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert _raises(path, "空文件").code == "empty"


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04truncated", b"PK\x05\x06" + b"\0" * 18])
def test_corrupt_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    assert _raises(path, "不是有效的 .xlsx 文件").code == "corrupt"


def test_truncated_workbook(tmp_path: Path, filled: Path) -> None:
    path = tmp_path / "半截.xlsx"
    path.write_bytes(filled.read_bytes()[: filled.stat().st_size // 2])
    _raises(path, "半截.xlsx")


def test_a_word_document_renamed_to_xlsx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("不是表格")
    path = tmp_path / "改名.xlsx"
    document.save(str(path))
    assert _raises(path, "无法打开").code == "corrupt"


def test_ole_header_means_a_password(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    error = _raises(path, "文件设有密码，请让报送单位去掉密码后重新发送", PasswordRequiredError)
    assert error.code == "password_required"


def test_really_encrypted_workbook(tmp_path: Path, filled: Path) -> None:
    out = io.BytesIO()
    with filled.open("rb") as f:
        OOXMLFile(f).encrypt("secret", out)
    path = tmp_path / "加密.xlsx"
    path.write_bytes(out.getvalue())
    _raises(path, "文件设有密码", PasswordRequiredError)


def test_an_old_workbook_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "改名.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le"))
    assert _raises(path, "旧版 Excel 格式").code == "old_format"


def test_unexpected_errors_become_bad_file_errors(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise KeyError("xl/sharedStrings.xml")

    monkeypatch.setattr(returned_xlsx, "_find_task_sheet", boom)
    assert _raises(filled, "无法读取").code == "unreadable"


# --- a trip through LibreOffice --------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_resaved_by_libreoffice_reads_the_same(filled: Path, tmp_path: Path) -> None:
    def extras(wb: object) -> None:
        ws: Worksheet = wb[SHEET]  # type: ignore[index]
        write_text(cell(ws, "2", "存在问题"), "=1+1")
        cell(ws, "1", "佐证材料").value = 3

    edit(filled, extras)
    out = tmp_path / "lo"
    out.mkdir()
    profile = (tmp_path / "lo-profile").as_uri()
    completed = subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    resaved = out / filled.name
    assert resaved.exists(), completed.stderr.decode(errors="replace")
    assert resaved.read_bytes() != filled.read_bytes()

    before, after = read_returned(filled), read_returned(resaved)
    assert after.sha256 != before.sha256
    assert (after.identified_by, after.checksum_ok) == ("hidden", True)
    for attr in ("name", "plan_id", "period_code", "unit_id", "unit_name", "expected", "rows", "warnings"):
        assert getattr(after, attr) == getattr(before, attr), attr
    assert by_code(after)["2"].fields.problems == "=1+1" and by_code(after)["2"].formulas == ()
    assert by_code(after)["1"].fields.evidence == "3"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "报送表.xlsx"
    folder.mkdir()
    assert _raises(folder, "文件夹").code == "wrong_format"
