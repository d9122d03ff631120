"""write_report_template: layout, protection, validations, printing, the hidden sheet, file names."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.report_template import (
    template_checksum,
    template_file_name,
    write_report_template,
)
from gkdesk.exporters.xlsx_style import CellStyle, StyleCache, cjk_font, write_text
from gkdesk.records import ReportFields, TemplateRow, TemplateSpec

LAST_QUARTER = ReportFields(
    status="按序时推进", progress="已完成方案起草", problems="经费不足", next_steps="报审后印发"
)


def sample_rows(previous: bool = True) -> tuple[TemplateRow, ...]:
    return (
        TemplateRow(
            41, "1", "一、重点领域信息公开", "推进财政预决算公开", "lead", "市财政局", "2021年6月底前"
        ),
        TemplateRow(
            42,
            "2",
            "一、重点领域信息公开",
            "做好重大建设项目信息公开",
            "co",
            "市发展改革委、市住房城乡建设委",
            "",
            previous=LAST_QUARTER if previous else None,
        ),
        TemplateRow(
            43,
            "5",
            "二、政策解读",
            '=HYPERLINK("http://x")以图解方式解读政策',
            "lead",
            "市财政局",
            "持续推进",
        ),
        TemplateRow(44, "7", "二、政策解读", "开展政府开放日活动", "lead", "市财政局", "2021年10月"),
        TemplateRow(45, "12", "三、平台建设", "加强政府网站建设", "lead", "市财政局", "2021年12月底前"),
    )


def sample_spec(
    *, unit_name: str = "市财政局", previous: bool = True, deadline: str = "2021-04-05", quarter: int = 1
) -> TemplateSpec:
    return TemplateSpec(
        plan_id=3,
        plan_title="2021年全市政务公开工作要点",
        year=2021,
        quarter=quarter,
        unit_id=7,
        unit_name=unit_name,
        rows=sample_rows(previous),
        deadline=deadline,
        previous_period="2020Q4" if previous else "",
    )


@pytest.fixture
def written(tmp_path: Path) -> Path:
    return write_report_template(sample_spec(), tmp_path / "t.xlsx")


def sheet_xml(path: Path, sheet: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")


def test_titles_merges_and_header(written: Path) -> None:
    wb = load_workbook(written)
    assert wb.sheetnames == ["进展情况报送表", "_gkdesk"]
    ws = wb["进展情况报送表"]
    assert ws["A1"].value == "市财政局2021年第一季度政务公开重点工作进展情况报送表"
    assert ws["A1"].font.name == "方正小标宋简体" and ws["A1"].font.size == 18
    assert ws["A1"].alignment.horizontal == "center"
    assert ws.row_dimensions[1].height == 36
    assert ws["A2"].value == "填报单位（盖章）：市财政局（请于4月5日前报送）"
    assert ws["G2"].value == "填报人：　　联系电话：　　填报日期：　年　月　日"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # With a previous answer there is a column N, and the merges reach it.
    assert {"A1:N1", "A2:F2", "G2:N2", "A9:N9"} <= merged
    headers = [ws.cell(3, c).value for c in range(1, 15)]
    assert headers == [
        "序号", "任务编号", "所属板块", "工作任务", "责任类型", "牵头单位", "完成时限",
        "进展情况", "存在问题", "下步计划", "完成状态", "佐证材料", "备注", "上季度填报情况（供参考）",
    ]  # fmt: skip
    assert ws["C3"].font.name == "黑体" and ws["C3"].alignment.wrap_text
    assert ws["C3"].border.left.style == "thin"
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMN"}
    assert widths == {
        "A": 6, "B": 10, "C": 18, "D": 40, "E": 8, "F": 14, "G": 10,
        "H": 40, "I": 24, "J": 24, "K": 10, "L": 24, "M": 12, "N": 36,
    }  # fmt: skip
    assert wb.properties.creator == "gkdesk"
    assert wb.properties.title == ws["A1"].value


def test_body_rows_and_signature(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    body = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(4, 9)]
    assert body[0] == [
        "1",
        "1",
        "一、重点领域信息公开",
        "推进财政预决算公开",
        "牵头",
        "市财政局",
        "2021年6月底前",
    ]
    assert body[1][4] == "配合" and body[1][6] is None
    assert [row[0] for row in body] == ["1", "2", "3", "4", "5"]
    assert [row[1] for row in body] == ["1", "2", "5", "7", "12"]
    assert all(ws.cell(r, c).value is None for r in range(4, 9) for c in range(8, 14))
    assert ws["N5"].value == "【按序时推进】已完成方案起草；问题：经费不足；下步：报审后印发"
    assert ws["N4"].value is None
    assert ws["N5"].fill.fgColor.rgb.endswith("F2F2F2") and ws["N5"].protection.locked
    cell = ws["D4"]
    assert cell.font.name == "仿宋_GB2312" and cell.font.size == 11
    assert cell.alignment.vertical == "top" and cell.alignment.wrap_text
    for r in range(3, 9):
        for c in range(1, 15):
            assert ws.cell(r, c).border.bottom.style == "thin", ws.cell(r, c).coordinate
    assert ws["A9"].value == "单位主要负责同志审核签字：　　　　"
    assert ws.max_row == 9


def test_locking_and_protection(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    for r in range(4, 9):
        assert all(ws.cell(r, c).protection.locked for c in range(1, 8))
        assert not any(ws.cell(r, c).protection.locked for c in range(8, 14))
        assert ws.cell(r, 14).protection.locked
    assert ws.protection.sheet
    assert ws.protection.formatRows is False and ws.protection.formatColumns is False
    assert ws.protection.selectLockedCells is False and ws.protection.selectUnlockedCells is False


def test_data_validations_cover_the_body(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    by_formula = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    role = by_formula['"牵头,配合"']
    status = by_formula['"已完成,按序时推进,滞后,未启动"']
    assert str(role.sqref) == "E4:E8"
    cells = {c for rng in status.sqref.ranges for c in rng.cells}
    assert all((r, 11) in cells for r in range(4, 9))
    assert (9, 11) not in cells  # the merged signature row
    assert (59, 11) in cells  # spare rows a unit may add
    assert status.type == "list" and status.allow_blank and status.showErrorMessage
    assert status.error and "已完成" in status.error
    assert not status.showDropDown  # True would hide the arrow


def test_print_setup_and_panes(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    assert ws.freeze_panes == "F4"
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.horizontalCentered
    xml = sheet_xml(written)
    assert 'fitToHeight="0"' in xml and 'fitToWidth="1"' in xml


def test_hidden_sheet(written: Path) -> None:
    wb = load_workbook(written)
    hidden = wb["_gkdesk"]
    assert hidden.sheet_state == "hidden"
    pairs = {hidden.cell(r, 1).value: hidden.cell(r, 2).value for r in range(1, 10)}
    spec = sample_spec()
    expected_sum = template_checksum(
        3, "2021Q1", 7, "市财政局", [(r.code, r.task_id, r.role) for r in spec.rows]
    )
    assert pairs == {
        "format": "gkdesk-report-template",
        "version": 1,
        "plan_id": 3,
        "plan_title": "2021年全市政务公开工作要点",
        "period": "2021Q1",
        "unit_id": 7,
        "unit_name": "市财政局",
        "deadline": "2021-04-05",
        "checksum": expected_sum,
    }
    assert re.fullmatch(r"[0-9a-f]{16}", expected_sum)
    assert hidden["A10"].value is None
    table = [[hidden.cell(r, c).value for c in range(1, 4)] for r in range(11, 17)]
    assert table == [
        ["code", "task_id", "role"],
        ["1", 41, "lead"],
        ["2", 42, "co"],
        ["5", 43, "lead"],
        ["7", 44, "lead"],
        ["12", 45, "lead"],
    ]


def test_checksum_depends_on_every_identifying_field() -> None:
    base = ("1", 41, "lead")
    reference = template_checksum(3, "2021Q1", 7, "市财政局", [base])
    assert template_checksum(3, "2021Q1", 7, "市财政局", [base]) == reference
    variants = [
        template_checksum(4, "2021Q1", 7, "市财政局", [base]),
        template_checksum(3, "2021Q2", 7, "市财政局", [base]),
        template_checksum(3, "2021Q1", 8, "市财政局", [base]),
        template_checksum(3, "2021Q1", 7, "市税务局", [base]),
        template_checksum(3, "2021Q1", 7, "市财政局", [("1", 41, "co")]),
        template_checksum(3, "2021Q1", 7, "市财政局", [("2", 41, "lead")]),
        template_checksum(3, "2021Q1", 7, "市财政局", []),
        template_checksum(3, "2021Q1", 7, "市财政局", [base], version=2),
    ]
    assert reference not in variants and len(set(variants)) == len(variants)


def test_without_previous_answers_there_is_no_column_n(tmp_path: Path) -> None:
    path = write_report_template(sample_spec(previous=False, deadline=""), tmp_path / "t.xlsx")
    ws = load_workbook(path)["进展情况报送表"]
    assert ws.max_column == 13
    assert ws["A2"].value == "填报单位（盖章）：市财政局"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:M1", "A2:F2", "G2:M2", "A9:M9"} == merged


@pytest.mark.parametrize(("quarter", "numeral"), [(2, "二"), (3, "三"), (4, "四")])
def test_quarter_in_chinese_numerals(tmp_path: Path, quarter: int, numeral: str) -> None:
    path = write_report_template(sample_spec(quarter=quarter), tmp_path / "t.xlsx")
    assert load_workbook(path).active["A1"].value.startswith(f"市财政局2021年第{numeral}季度")  # type: ignore[union-attr]


def test_deadline_digits_have_no_leading_zeros(tmp_path: Path) -> None:
    path = write_report_template(sample_spec(deadline="2021-10-09"), tmp_path / "t.xlsx")
    assert load_workbook(path).active["A2"].value.endswith("（请于10月9日前报送）")  # type: ignore[union-attr]


def test_file_name_is_sanitised(tmp_path: Path) -> None:
    spec = sample_spec(unit_name='a/b:c*d?"e<f>g|h\\i\tj')
    assert template_file_name(spec) == "a_b_c_d__e_f_g_h_i_j-2021Q1-进展情况报送表.xlsx"
    assert template_file_name(sample_spec()) == "市财政局-2021Q1-进展情况报送表.xlsx"
    # A folder as the target: the file gets its standard name inside it.
    path = write_report_template(spec, tmp_path)
    assert path == tmp_path / template_file_name(spec) and path.is_file()
    # The real name is kept inside the file.
    assert load_workbook(path)["_gkdesk"]["B7"].value == 'a/b:c*d?"e<f>g|h\\i\tj'


def test_writing_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")

    def fail(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", fail)
    with pytest.raises(OSError):
        write_report_template(sample_spec(), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    samples = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "#N/A", '=HYPERLINK("http://x","y")']
    for i, text in enumerate(samples, start=1):
        write_text(ws.cell(i, 1), text)
    write_text(ws.cell(len(samples) + 1, 1), "控制\x07字符")
    path = tmp_path / "text.xlsx"
    wb.save(path)
    xml = sheet_xml(path)
    assert "<f>" not in xml and "<f " not in xml
    reloaded = load_workbook(path).active
    assert reloaded is not None
    for i, text in enumerate(samples, start=1):
        assert reloaded.cell(i, 1).value == text and reloaded.cell(i, 1).data_type == "s"
    assert reloaded.cell(len(samples) + 1, 1).value == "控制字符"


def test_template_titles_that_look_like_formulas_stay_text(written: Path) -> None:
    xml = sheet_xml(written)
    assert "<f>" not in xml and "<f " not in xml
    assert load_workbook(written).active["D6"].value.startswith("=HYPERLINK")  # type: ignore[union-attr]


def test_style_cache_reuses_styles() -> None:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    style = CellStyle(font=cjk_font("黑体", 11))
    cache = StyleCache(wb)
    for r in range(1, 4):
        cache.apply(ws.cell(r, 1), style)
    assert ws["A3"].font.name == "黑体" and ws["A3"].number_format == "@"
    assert ws["A1"].style_id == ws["A3"].style_id
    with pytest.raises(ValueError):
        cache.apply(Workbook().active.cell(1, 1), style)  # type: ignore[union-attr]


def test_rejects_a_bad_quarter(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_report_template(sample_spec(quarter=5), tmp_path / "t.xlsx")


def test_writing_150_templates_is_fast(tmp_path: Path) -> None:
    rows = tuple(
        TemplateRow(100 + i, str(i + 1), "一、板块", "推进某项工作" * 8, "lead", "市财政局", "2021年底前")
        for i in range(20)
    )
    spec = TemplateSpec(3, "要点", 2021, 1, 7, "市财政局", rows, "2021-04-05")
    started = time.perf_counter()
    for i in range(30):
        write_report_template(spec, tmp_path / f"{i}.xlsx")
    per_file = (time.perf_counter() - started) / 30
    # 150 files must take well under 15 s; a generous bound keeps slow CI machines green.
    assert per_file * 150 < 10, f"{per_file * 1000:.1f} ms per file"
