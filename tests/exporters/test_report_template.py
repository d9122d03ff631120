"""write_report_template: layout, protection, validations, printing, the hidden sheet, file names.

How the file prints (font size, rows growing with long answers) is checked with LibreOffice in
test_template_print.py.
"""

from __future__ import annotations

import re
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.report_template import (
    previous_text,
    template_checksum,
    template_file_name,
    write_report_template,
)
from gkdesk.exporters.report_template_sheet import spans_from_right
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


PREVIOUS = "上季度填报情况（供参考）"
HEADERS = [
    "任务编号", "工作任务", "责任类型", "牵头单位", "完成时限",
    "进展情况", "存在问题", "下步计划", "完成状态", "佐证材料", "备注",
]  # fmt: skip
# The sample's rows: 5 一 / 6 task 1 / 7 task 2 / 8 二 / 9 task 5 / 10 task 7 / 11 三 / 12 task 12,
# 13 the signature line, 14–17 the 填表说明.
BANDS = {5: "一、重点领域信息公开", 8: "二、政策解读", 11: "三、平台建设"}
TASK_ROWS = {"1": 6, "2": 7, "5": 9, "7": 10, "12": 12}
SIGNATURE_ROW = 13


def cell_with(ws: Worksheet, row: int, text: str) -> int:
    """The column of the cell in ``row`` holding exactly ``text``."""
    (column,) = [c.column for c in ws[row] if c.value == text]
    return column


def merged_span(ws: Worksheet, row: int, column: int) -> tuple[int, int]:
    """(first, last) column of the merged range starting at (row, column), or the cell alone."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row == row and merged.min_col == column:
            return merged.min_col, merged.max_col
    return column, column


def width_of(ws: Worksheet, first: int, last: int) -> float:
    return sum(ws.column_dimensions[get_column_letter(c)].width for c in range(first, last + 1))


def test_title_deadline_and_unit_lines(written: Path) -> None:
    wb = load_workbook(written)
    assert wb.sheetnames == ["进展情况报送表", "_gkdesk"]
    ws = wb["进展情况报送表"]
    assert ws["A1"].value == "市财政局2021年第一季度政务公开重点工作进展情况报送表"
    assert ws["A1"].font.name == "方正小标宋简体" and ws["A1"].font.size == 18
    assert ws["A1"].alignment.horizontal == "center"
    assert ws.row_dimensions[1].height >= 30
    # The deadline on a line of its own, with the year, not hidden in the stamp line.
    assert ws["A2"].value == "请于2021年4月5日前报送"
    assert ws["A2"].alignment.horizontal == "center" and ws["A2"].font.name == "黑体"
    assert ws["A3"].value == "填报单位（盖章）：市财政局"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # The lines span the printed columns A–K; the grey column L is for the screen only.
    assert {"A1:K1", "A2:K2"} <= merged
    assert wb.properties.creator == "gkdesk"
    assert wb.properties.title == ws["A1"].value


def test_the_filing_date_has_its_own_unlocked_cell(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    label = cell_with(ws, 3, "填报日期：")
    assert ws.cell(3, label).alignment.horizontal == "right" and ws.cell(3, label).protection.locked
    entry = merged_span(ws, 3, label)[1] + 1
    first, last = merged_span(ws, 3, entry)
    assert last == 11 and width_of(ws, first, last) >= 14  # room for 2021年4月30日
    assert ws.cell(3, entry).value == "　　年　　月　　日"  # typed over, or filled in by hand
    assert not ws.cell(3, entry).protection.locked
    # The unit's line keeps everything left of the label.
    assert merged_span(ws, 3, 1) == (1, label - 1)


def test_header_and_widths_fit_one_a4_landscape_page(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    assert [ws.cell(4, c).value for c in range(1, 13)] == [*HEADERS, PREVIOUS]
    assert ws["B4"].font.name == "黑体" and ws["B4"].alignment.wrap_text
    assert ws["B4"].border.left.style == "thin"
    assert ws["L4"].fill.fgColor.rgb.endswith("F2F2F2")
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 12)]
    # About 110 units: at 100 % in Excel (7 px a unit) and ≥ 96 % where a wider fallback font
    # sets the unit (LibreOffice without Calibri: 7 pt a unit); checked in test_template_print.
    assert 100 <= sum(widths) <= 112
    assert widths[5] == max(widths)  # 进展情况 is the widest column
    assert ws.column_dimensions["L"].width >= 40


def test_sections_are_band_rows_and_tasks_follow(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row, section in BANDS.items():
        assert ws.cell(row, 1).value == section
        assert f"A{row}:K{row}" in merged
        assert ws.cell(row, 1).font.name == "黑体" and ws.cell(row, 11).border.right.style == "thin"
    body = {code: [ws.cell(row, c).value for c in range(1, 6)] for code, row in TASK_ROWS.items()}
    assert body["1"] == ["1", "推进财政预决算公开", "牵头", "市财政局", "2021年6月底前"]
    assert body["2"][2] == "配合" and body["2"][4] is None
    assert [v[0] for v in body.values()] == ["1", "2", "5", "7", "12"]
    assert all(ws.cell(r, c).value is None for r in TASK_ROWS.values() for c in range(6, 12))
    cell = ws["B6"]
    assert cell.font.name == "仿宋_GB2312" and cell.font.size == 11
    assert cell.alignment.vertical == "top" and cell.alignment.wrap_text
    for r in range(4, SIGNATURE_ROW):
        for c in range(1, 13):
            assert ws.cell(r, c).border.bottom.style == "thin", ws.cell(r, c).coordinate


def test_last_quarters_answer_in_the_grey_column(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    assert ws["L7"].value == "【按序时推进】进展：已完成方案起草。问题：经费不足。下步：报审后印发。"
    assert ws["L6"].value is None
    assert ws["L7"].fill.fgColor.rgb.endswith("F2F2F2") and ws["L7"].protection.locked
    assert ws["L7"].font.size == 11


def test_task_rows_have_no_fixed_height(written: Path) -> None:
    """A fixed height cuts off what the unit types; without one the program grows the row."""
    xml = sheet_xml(written)
    for row in TASK_ROWS.values():
        (tag,) = re.findall(rf'<row r="{row}"[^>]*>', xml)
        assert "ht=" not in tag and "customHeight" not in tag, tag
    # Merged lines are never grown by Excel or LibreOffice, so they get a height.
    for row in (1, 2, 3, 4, *BANDS, SIGNATURE_ROW):
        assert 'customHeight="1"' in re.findall(rf'<row r="{row}"[^>]*>', xml)[0]


def test_signature_line_with_room_for_who_filled_it_in(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    assert ws.cell(SIGNATURE_ROW, 1).value == "单位主要负责同志审核签字："
    assert ws.row_dimensions[SIGNATURE_ROW].height >= 36  # a handwritten signature
    for label, room in (("填报人：", 12), ("联系电话：", 16)):
        column = cell_with(ws, SIGNATURE_ROW, label)
        assert ws.cell(SIGNATURE_ROW, column).alignment.horizontal == "right"
        entry = merged_span(ws, SIGNATURE_ROW, column)[1] + 1
        first, last = merged_span(ws, SIGNATURE_ROW, entry)
        assert width_of(ws, first, last) >= room
        cells = [ws.cell(SIGNATURE_ROW, c) for c in range(first, last + 1)]
        assert all(not c.protection.locked and c.border.bottom.style == "thin" for c in cells)
        assert cells[0].value is None
    assert cell_with(ws, SIGNATURE_ROW, "联系电话：") > cell_with(ws, SIGNATURE_ROW, "填报人：")
    assert merged_span(ws, SIGNATURE_ROW, cell_with(ws, SIGNATURE_ROW, "联系电话：") + 2)[1] <= 11


def test_filling_rules_below_the_signature(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    notes = [ws.cell(r, 1).value for r in range(SIGNATURE_ROW + 1, ws.max_row + 1)]
    assert len(notes) == 4 and notes[0].startswith("填表说明：1. ")
    assert [n[:2] for n in notes[1:]] == ["2.", "3.", "4."]
    text = "".join(notes)
    for words in ("下拉列表", "不要照抄任务内容", "“已完成”的，须在“佐证材料”", "请勿改动", "工作表"):
        assert words in text, words
    assert ws.max_row == SIGNATURE_ROW + 4
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert all(f"A{r}:K{r}" in merged for r in range(14, 18))
    # Merged cells do not grow with their text: the longer rules get two lines.
    assert ws.row_dimensions[15].height > ws.row_dimensions[16].height


def test_locking_and_protection(written: Path) -> None:
    wb = load_workbook(written)
    ws = wb["进展情况报送表"]
    for r in TASK_ROWS.values():
        assert all(ws.cell(r, c).protection.locked for c in range(1, 6))
        assert not any(ws.cell(r, c).protection.locked for c in range(6, 12))
        assert ws.cell(r, 12).protection.locked
    for r in (1, 2, 4, *BANDS):
        assert all(ws.cell(r, c).protection.locked for c in range(1, 12))
    assert ws.protection.sheet
    assert ws.protection.formatRows is False and ws.protection.formatColumns is False
    assert ws.protection.selectLockedCells is False and ws.protection.selectUnlockedCells is False
    # Sheets cannot be added, deleted, renamed or shown from the menus.
    assert wb.security is not None and wb.security.lockStructure
    assert "<workbookProtection" in zipfile.ZipFile(written).read("xl/workbook.xml").decode()


def test_data_validations_cover_the_task_rows_only(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    by_formula = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    role = by_formula['"牵头,配合"']
    status = by_formula['"已完成,按序时推进,滞后,未启动"']
    assert str(role.sqref) == "C6:C7 C9:C10 C12"
    assert str(status.sqref) == "I6:I7 I9:I10 I12"  # not the merged band and signature rows
    assert status.type == "list" and status.allow_blank and status.showErrorMessage
    assert status.error and "已完成" in status.error
    assert not status.showDropDown  # True would hide the arrow


def test_print_setup_and_panes(written: Path) -> None:
    ws = load_workbook(written)["进展情况报送表"]
    assert ws.freeze_panes == "C5"
    assert ws.print_title_rows == "$4:$4"  # the column headers on every page
    assert ws.print_area == "'进展情况报送表'!$A$1:$K$17"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.horizontalCentered
    assert ws.page_margins.left == ws.page_margins.right == 0.4
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.oddFooter.left.text == "市财政局 2021年第一季度"
    xml = sheet_xml(written)
    assert 'fitToHeight="0"' in xml and 'fitToWidth="1"' in xml


def test_an_ampersand_in_the_unit_name_stays_text_in_the_footer(tmp_path: Path) -> None:
    path = write_report_template(sample_spec(unit_name="A&B局"), tmp_path / "t.xlsx")
    assert load_workbook(path).active.oddFooter.left.text == "A&&B局 2021年第一季度"  # type: ignore[union-attr]


def test_hidden_sheet(written: Path) -> None:
    wb = load_workbook(written)
    hidden = wb["_gkdesk"]
    assert hidden.sheet_state == "veryHidden"  # not offered by Excel's or WPS's "Unhide"
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


def test_without_previous_answers_there_is_no_grey_column(tmp_path: Path) -> None:
    path = write_report_template(sample_spec(previous=False, deadline=""), tmp_path / "t.xlsx")
    ws = load_workbook(path)["进展情况报送表"]
    assert ws.max_column == 11
    assert ws["A2"].value is None and ws.row_dimensions[2].height < 10  # no deadline: no line
    assert ws["A3"].value == "填报单位（盖章）：市财政局"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:K1", "A2:K2", "A5:K5", "A14:K14"} <= merged
    assert all(m.max_col <= 11 for m in ws.merged_cells.ranges)


def test_a_plan_without_sections_has_no_band_rows(tmp_path: Path) -> None:
    rows = tuple(replace(r, section="") for r in sample_rows())
    path = write_report_template(replace(sample_spec(), rows=rows), tmp_path / "t.xlsx")
    ws = load_workbook(path)["进展情况报送表"]
    assert [ws.cell(r, 1).value for r in range(5, 10)] == ["1", "2", "5", "7", "12"]
    assert ws["A10"].value == "单位主要负责同志审核签字："


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (LAST_QUARTER, "【按序时推进】进展：已完成方案起草。问题：经费不足。下步：报审后印发。"),
        # Whatever the unit ended with, each part ends in exactly one full stop: no "。；".
        (
            ReportFields("已完成", "已印发方案。", "无；", "巩固成果，", "", ""),
            "【已完成】进展：已印发方案。问题：无。下步：巩固成果。",
        ),
        (ReportFields("滞后", "进度慢！", "", " ", "", ""), "【滞后】进展：进度慢！"),
        (ReportFields("", "只有进展", "", "", "", ""), "进展：只有进展。"),
        (ReportFields(status="未启动"), "【未启动】"),
        (ReportFields(evidence="截图.png"), ""),  # only evidence: nothing to repeat
        (ReportFields(), "（上季度未填写）"),
        (None, ""),
    ],
)
def test_previous_text_joins_the_fields_as_sentences(fields: ReportFields | None, text: str) -> None:
    assert previous_text(fields) == text
    assert "。；" not in previous_text(fields) and "。。" not in previous_text(fields)


@pytest.mark.parametrize(("quarter", "numeral"), [(2, "二"), (3, "三"), (4, "四")])
def test_quarter_in_chinese_numerals(tmp_path: Path, quarter: int, numeral: str) -> None:
    path = write_report_template(sample_spec(quarter=quarter), tmp_path / "t.xlsx")
    assert load_workbook(path).active["A1"].value.startswith(f"市财政局2021年第{numeral}季度")  # type: ignore[union-attr]


def test_deadline_digits_have_no_leading_zeros(tmp_path: Path) -> None:
    path = write_report_template(sample_spec(deadline="2021-10-09"), tmp_path / "t.xlsx")
    assert load_workbook(path).active["A2"].value == "请于2021年10月9日前报送"  # type: ignore[union-attr]


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
    assert load_workbook(written).active["B9"].value.startswith("=HYPERLINK")  # type: ignore[union-attr]


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


def test_label_spans_are_laid_out_from_the_right_edge() -> None:
    # Each piece takes columns from the right until it has its room; the first gets the rest.
    assert spans_from_right([5, 20, 5, 7, 8, 4], [0, 9, 10]) == [(1, 2), (3, 4), (5, 6)]
    assert spans_from_right([10, 10, 10], [0, 5]) == [(1, 2), (3, 3)]
    with pytest.raises(ValueError):
        spans_from_right([10, 10], [0, 5, 5])
