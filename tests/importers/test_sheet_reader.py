"""read_sheet: grid-aligned rows and merge flags, title paragraphs, values as shown, errors, bombs, corpus."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook

from gkdesk.errors import BadFileError, PasswordRequiredError
from gkdesk.importers import office_files
from gkdesk.importers.docx_reader import read_docx
from gkdesk.importers.sheet_reader import read_sheet
from gkdesk.records import Block
from tests.corpus import CORPUS

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORPUS_TABLES = [
    "chizhou_xfj_table",
    "huainan_mzj2024_table",
    "linqu_fengong",
    "pengjiang_mzj2021_table",
    "yongzhou2021_table",
]


# --- building workbooks ----------------------------------------------------------------------


def write_xlsx(
    path: Path,
    sheets: list[tuple[str, str, str]],
    *,
    styles: str = '<cellXfs count="1"><xf numFmtId="0"/></cellXfs>',
    shared: str | None = None,
) -> Path:
    """A hand-made package: ``sheets`` are (name, inner XML of <worksheet>, state or "")."""
    rels = [
        f'<Relationship Id="rId{i + 1}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    ]
    rels.append(f'<Relationship Id="rIdS" Type="{REL_NS}/styles" Target="styles.xml"/>')
    parts: dict[str, str] = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG_NS}"><Relationship Id="r1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN_NS}">{styles}</styleSheet>',
    }
    if shared is not None:
        rels.append(f'<Relationship Id="rIdT" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}">{shared}</sst>'
    sheet_tags = "".join(
        f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (f' state="{state}"/>' if state else "/>")
        for i, (name, _, state) in enumerate(sheets)
    )
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheet_tags}</sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG_NS}">{"".join(rels)}</Relationships>'
    for i, (_, xml, _) in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = f'<worksheet xmlns="{MAIN_NS}">{xml}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def sheet_data(*rows: str, merges: tuple[str, ...] = ()) -> str:
    merge_xml = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    return f"<sheetData>{''.join(rows)}</sheetData>" + (
        f"<mergeCells>{merge_xml}</mergeCells>" if merges else ""
    )


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows_of(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "row"]


def cells_of(blocks: list[Block]) -> list[tuple[str, ...]]:
    return [b.cells for b in blocks if b.kind == "row"]


def flags_of(blocks: list[Block]) -> list[tuple[str, ...]]:
    return [b.merged for b in blocks if b.kind == "row"]


def paras_of(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kind == "para"]


def task_table() -> Workbook:
    """A small 任务分工表 with the shapes that matter: title, merged header, merged unit cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分工"
    ws["A1"] = "某县2024年政务公开重点工作任务分工"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["序号", "工作任务", None, "责任单位", "完成时限"])
    ws.merge_cells("B3:C3")
    ws.append(["一、推进决策公开"])
    ws.merge_cells("A4:E4")
    ws.append([1, "做好规划公开。", "细化分工", "县发改局", "2024年6月底前"])
    ws.append([2, "做好政策解读。", "细化分工", None, "长期坚持"])
    ws.append([3, "做好预算公开。", "细化分工", None, "持续推进"])
    ws.merge_cells("D5:D7")
    return wb


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


# --- tables, merges and paragraphs -------------------------------------------------------------


def test_merged_cells_are_flagged_up_and_left(tmp_path: Path) -> None:
    blocks = read_sheet(save(task_table(), tmp_path / "分工.xlsx"))
    assert paras_of(blocks) == ["某县2024年政务公开重点工作任务分工"]
    assert blocks[0].kind == "para"
    rows = rows_of(blocks)
    assert [r.cells for r in rows] == [
        ("序号", "工作任务", "", "责任单位", "完成时限"),
        ("一、推进决策公开", "", "", "", ""),
        ("1", "做好规划公开。", "细化分工", "县发改局", "2024年6月底前"),
        ("2", "做好政策解读。", "细化分工", "", "长期坚持"),
        ("3", "做好预算公开。", "细化分工", "", "持续推进"),
    ]
    assert [r.merged for r in rows] == [
        ("", "", "left", "", ""),
        ("", "left", "left", "left", "left"),
        ("", "", "", "", ""),
        ("", "", "", "up", ""),
        ("", "", "", "up", ""),
    ]
    # The text holds only the cells of their own, as the Word reader does.
    assert rows[0].text == "序号\t工作任务\t责任单位\t完成时限"
    assert rows[1].text == "一、推进决策公开"
    assert rows[3].text == "2\t做好政策解读。\t细化分工\t长期坚持"
    assert {r.table for r in rows} == {0}


def test_a_block_merged_down_and_across(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["类别", "任务", "单位", "时限"])
    ws.append(["甲", "任务一", "共同单位", None])
    ws.append([None, "任务二", None, None])
    ws.merge_cells("C2:D3")
    ws.merge_cells("A2:A3")
    blocks = read_sheet(save(wb, tmp_path / "块.xlsx"))
    assert cells_of(blocks)[1:] == [("甲", "任务一", "共同单位", ""), ("", "任务二", "", "")]
    assert flags_of(blocks)[1:] == [("", "", "", "left"), ("up", "", "up", "up")]


def test_leading_single_value_rows_become_paragraphs(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "附件1"
    ws["A2"] = "  某市2024年政务公开工作要点任务分工表  "  # alone in A1-style, not merged
    ws.append([])
    ws.append(["序号", "重点任务", "牵头单位"])
    ws.append(["一、深化公开"])  # after the header: stays a row
    ws.append([1, "任务", "市政府办"])
    second = wb.create_sheet("第二张")
    second["B2"] = "第二张表的标题"
    second.merge_cells("B2:D2")
    second.append([None, "任务", "单位", "时限"])
    second.append([None, "任务甲", "县委办", "年底前"])
    blocks = read_sheet(save(wb, tmp_path / "标题.xlsx"))
    assert [(b.kind, b.text, b.table) for b in blocks] == [
        ("para", "附件1", -1),
        ("para", "某市2024年政务公开工作要点任务分工表", -1),
        ("row", "序号\t重点任务\t牵头单位", 0),
        ("row", "一、深化公开\t\t", 0),  # a plain cell, not merged: its empty neighbours count
        ("row", "1\t任务\t市政府办", 0),
        ("para", "第二张表的标题", -1),
        ("row", "任务\t单位\t时限", 1),
        ("row", "任务甲\t县委办\t年底前", 1),
    ]
    # Cells run from the first to the last used column: B..D on the second sheet.
    assert rows_of(blocks)[-1].cells == ("任务甲", "县委办", "年底前")
    assert rows_of(blocks)[1].cells == ("一、深化公开", "", "")


def test_grid_width_follows_the_table_not_the_title(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "很宽的标题"
    ws.merge_cells("A1:H1")
    ws.append(["任务", "具体要求"])
    ws.merge_cells("B2:C2")  # a header spanning a column nothing else uses
    ws.append(["甲", "要求"])
    ws.append(["一、整行合并的章节"])
    ws.merge_cells("A4:XFD4")  # the whole row selected and merged: not a table 16384 wide
    blocks = read_sheet(save(wb, tmp_path / "宽.xlsx"))
    assert cells_of(blocks) == [("任务", "具体要求", ""), ("甲", "要求", ""), ("一、整行合并的章节", "", "")]
    assert flags_of(blocks) == [("", "", "left"), ("", "", ""), ("", "left", "left")]


def test_empty_rows_are_skipped_and_line_breaks_kept(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["任务", "单位"])
    ws.append([None, None])
    ws.append(["  第一行\n第二行  ", "\t县委办 "])
    blocks = read_sheet(save(wb, tmp_path / "换行.xlsx"))
    assert cells_of(blocks) == [("任务", "单位"), ("第一行\n第二行", "县委办")]


# --- values as a clerk sees them ------------------------------------------------------------------


def test_numbers_and_dates_as_displayed(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "值"])
    values: list[tuple[object, str | None]] = [
        (1.0, None),
        (3, None),
        (1.5, None),
        (0.1 + 0.2, None),
        (0.256, "0%"),
        (0.125, "0.00%"),
        (1234567.891, "#,##0.00"),
        (7, "000"),
        (2.5, "0.0#"),
        (-3.5, "0.00;(0.00)"),
        (5, '"第"0"项"'),
        (date(2021, 6, 30), "yyyy-mm-dd"),
        (date(2021, 6, 30), 'yyyy"年"m"月"d"日"'),
        (date(2021, 6, 30), "m月d日"),
        (datetime(2021, 6, 30, 14, 5), "yyyy/m/d h:mm"),
        (datetime(2021, 6, 30), "[$-F800]dddd, mmmm dd, yyyy"),  # not simple: the default form
        (True, None),
    ]
    for i, (value, fmt) in enumerate(values, start=2):
        ws.cell(row=i, column=1, value=i - 1)
        cell = ws.cell(row=i, column=2, value=value)
        if fmt:
            cell.number_format = fmt
    blocks = read_sheet(save(wb, tmp_path / "数值.xlsx"))
    shown = [row[1] for row in cells_of(blocks)[1:]]
    assert shown == [
        "1",
        "3",
        "1.5",
        "0.3",
        "26%",
        "12.50%",
        "1,234,567.89",
        "007",
        "2.5",
        "(3.50)",
        "第5项",
        "2021-06-30",
        "2021年6月30日",
        "6月30日",
        "2021/6/30 14:05",
        "2021年6月30日",
        "TRUE",
    ]
    assert [row[0] for row in cells_of(blocks)[1:]] == [str(i) for i in range(1, len(values) + 1)]


def test_built_in_date_formats_show_the_chinese_date(tmp_path: Path) -> None:
    # 14 is "m/d/yyyy" in name only (its look depends on the locale); 31 and 58 are the Chinese
    # built-ins "yyyy年m月d日" and "m月d日"; 21 is "h:mm:ss". 44377 is 30 June 2021.
    styles = (
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/>'
        '<xf numFmtId="58"/><xf numFmtId="21"/></cellXfs>'
    )
    row = (
        '<row r="2"><c r="A2" s="1"><v>44377</v></c><c r="B2" s="2"><v>44377</v></c>'
        '<c r="C2" s="3"><v>44377</v></c><c r="D2" s="4"><v>0.5</v></c><c r="E2"><v>44377</v></c></row>'
    )
    header = '<row r="1">' + "".join(inline(f"{c}1", c) for c in "ABCDE") + "</row>"
    path = write_xlsx(tmp_path / "日期.xlsx", [("表", sheet_data(header, row), "")], styles=styles)
    assert cells_of(read_sheet(path))[1] == (
        "2021年6月30日",
        "2021年6月30日",
        "2021年6月30日",
        "12:00:00",
        "44377",
    )


def test_formulas_give_their_cached_value(tmp_path: Path) -> None:
    rows = (
        '<row r="1">'
        + inline("A1", "甲")
        + inline("B1", "乙")
        + inline("C1", "丙")
        + inline("D1", "丁")
        + "</row>",
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c>'
        '<c r="B2" t="str"><f>A1&amp;"方案"</f><v>甲方案</v></c>'
        '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="D2"><f t="shared" ref="D2:D3" si="0">A2*10</f><v>20</v></c></row>',
        '<row r="3"><c r="A3"><f>SUM(A2:A2)</f><v>2</v></c>'
        '<c r="D3"><f t="shared" si="0"/><v>30</v></c></row>',
    )
    path = write_xlsx(tmp_path / "公式.xlsx", [("表", sheet_data(*rows), "")])
    assert cells_of(read_sheet(path))[1:] == [("2", "甲方案", "#DIV/0!", "20"), ("2", "", "", "30")]


def test_formula_text_never_appears(tmp_path: Path) -> None:
    # openpyxl writes formulas without a cached value (it cannot compute): the cell is empty.
    wb = Workbook()
    ws = wb.active
    ws.append(["任务", "合计"])
    ws.append(["甲", "=SUM(1,2)"])
    ws.append(["乙", '=CONCATENATE("县","委")'])
    blocks = read_sheet(save(wb, tmp_path / "公式.xlsx"))
    assert cells_of(blocks) == [("任务", "合计"), ("甲", ""), ("乙", "")]
    assert not any("SUM" in b.text or "=" in b.text for b in blocks)


# --- hidden things --------------------------------------------------------------------------------


def test_hidden_sheets_and_rows_are_skipped(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["任务", "单位"])
    ws.append(["看得见", "县委办"])
    ws.append(["隐藏的行", "县政府办"])
    ws.append(["也看得见", "县财政局"])
    ws.row_dimensions[3].hidden = True
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "隐藏的表"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("深度隐藏")
    very.append(["深度", "隐藏"])
    very.sheet_state = "veryHidden"
    visible = wb.create_sheet("第二张")
    visible.append(["任务", "单位"])
    visible.append(["乙", "县教育局"])
    blocks = read_sheet(save(wb, tmp_path / "隐藏.xlsx"))
    assert [(b.text, b.table) for b in blocks] == [
        ("任务\t单位", 0),
        ("看得见\t县委办", 0),
        ("也看得见\t县财政局", 0),
        ("任务\t单位", 1),
        ("乙\t县教育局", 1),
    ]


def test_a_merged_cell_whose_first_row_is_hidden_shows_in_the_next(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["单位", "任务"])
    ws.append(["县委办", "一"])
    ws.append([None, "二"])
    ws.append([None, "三"])
    ws.merge_cells("A2:A4")
    ws.row_dimensions[2].hidden = True
    blocks = read_sheet(save(wb, tmp_path / "隐藏合并.xlsx"))
    assert cells_of(blocks) == [("单位", "任务"), ("县委办", "二"), ("", "三")]
    assert flags_of(blocks) == [("", ""), ("", ""), ("up", "")]


# --- bad files ------------------------------------------------------------------------------------


def test_empty_workbook_is_refused(tmp_path: Path) -> None:
    path = save(Workbook(), tmp_path / "空表.xlsx")
    with pytest.raises(BadFileError, match=re.escape("空表.xlsx 中没有任何内容")) as caught:
        read_sheet(path)
    assert caught.value.code == "empty"
    assert caught.value.params["file"] == str(path)


def test_workbook_with_content_only_on_hidden_sheets_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "只在隐藏表里"
    wb.active.sheet_state = "hidden"
    wb.create_sheet("可见但空")
    with pytest.raises(BadFileError, match="没有任何内容"):
        read_sheet(save(wb, tmp_path / "隐.xlsx"))


def _truncated(tmp_path: Path) -> Path:
    full = save(task_table(), tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "截断.xlsx"
    path.write_bytes(full[: len(full) // 2])
    return path


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "乱码.xlsx"
    path.write_bytes(b"this is not a workbook at all")
    return path


def _zero(tmp_path: Path) -> Path:
    path = tmp_path / "零字节.xlsx"
    path.write_bytes(b"")
    return path


def _word(tmp_path: Path) -> Path:
    path = tmp_path / "改名.xlsx"
    docx.Document().save(str(path))
    return path


def _damaged_part(tmp_path: Path) -> Path:
    path = save(task_table(), tmp_path / "损坏.xlsx")
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10 : start + 40] = bytes(30)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "不存在.xlsx", "找不到文件：不存在.xlsx"),
        (lambda tmp: tmp, "是文件夹"),
        (_zero, "零字节.xlsx 是空文件"),
        (_garbage, "乱码.xlsx 不是有效的表格文件"),
        (_truncated, "截断.xlsx 不是有效的表格文件"),
        (_damaged_part, "损坏.xlsx"),
        (_word, "改名.xlsx 是 Word 文档"),
    ],
    ids=["missing", "folder", "zero-bytes", "garbage", "truncated", "damaged-part", "word"],
)
def test_unreadable_files_give_one_chinese_line(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(BadFileError) as caught:
        read_sheet(path)
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert caught.value.params["file"] == str(path)


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    plain = save(task_table(), tmp_path / "plain.xlsx")
    out = io.BytesIO()
    with plain.open("rb") as f:
        OOXMLFile(f).encrypt("正确密码1", out)
    path = tmp_path / "加密.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_encrypted_workbook_needs_a_password(encrypted: Path) -> None:
    with pytest.raises(PasswordRequiredError, match=re.escape("加密.xlsx 设有打开密码")):
        read_sheet(encrypted)


@pytest.mark.parametrize("password", ["错误", ""])
def test_encrypted_workbook_with_a_wrong_password(encrypted: Path, password: str) -> None:
    with pytest.raises(BadFileError, match=re.escape("加密.xlsx 的密码不正确")) as caught:
        read_sheet(encrypted, password)
    assert caught.value.code == "wrong_password"


def test_encrypted_workbook_with_the_right_password(encrypted: Path, tmp_path: Path) -> None:
    blocks = read_sheet(encrypted, "正确密码1")
    assert blocks == read_sheet(tmp_path / "plain.xlsx")
    assert paras_of(blocks) == ["某县2024年政务公开重点工作任务分工"]


# --- size bombs -----------------------------------------------------------------------------------


def _with_sheet_bytes(tmp_path: Path, name: str, body: bytes) -> Path:
    """A valid workbook whose sheet part is ``body``."""
    base = write_xlsx(tmp_path / "base.xlsx", [("表", "<sheetData/>", "")])
    path = tmp_path / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = body if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            out.writestr(info.filename, data)
    return path


def _sheet_with_padding(padding: int) -> bytes:
    head = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">{inline("A1", "甲")}'
    return head.encode() + b" " * padding + b"</row></sheetData></worksheet>"


def _patch_sizes(path: Path, part: str, size: int, crc: int) -> None:
    """Make the zip headers of ``part`` claim ``size`` bytes with checksum ``crc``."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at, crc_at, name_at, name_len_at in (
        (b"PK\x03\x04", 22, 14, 30, 26),
        (b"PK\x01\x02", 24, 16, 46, 28),
    ):
        at = data.find(signature)
        while at >= 0:
            (length,) = struct.unpack_from("<H", data, at + name_len_at)
            if data[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, size)
                struct.pack_into("<I", data, at + crc_at, crc)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_highly_compressed_part_is_refused_quickly(tmp_path: Path) -> None:
    path = _with_sheet_bytes(tmp_path, "炸弹.xlsx", _sheet_with_padding(24 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    start = time.perf_counter()
    # check_zip (limits.py) refuses it from the central directory, naming the part and the limit.
    with pytest.raises(
        BadFileError, match=re.escape("文件 炸弹.xlsx 解压后过大（xl/worksheets/sheet1.xml")
    ) as caught:
        read_sheet(path)
    assert caught.value.code == "too_large"
    assert time.perf_counter() - start < 1.0


def test_part_declared_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = _with_sheet_bytes(tmp_path, "巨大.xlsx", _sheet_with_padding(100))
    _patch_sizes(path, "xl/worksheets/sheet1.xml", 300 * 1024 * 1024, 0)
    with pytest.raises(BadFileError, match=re.escape("文件 巨大.xlsx 解压后过大（xl/worksheets/sheet1.xml")):
        read_sheet(path)


def test_part_that_unpacks_to_more_than_it_declares_is_refused(tmp_path: Path) -> None:
    # zipfile stops at the declared size and would not notice; calamine's unzipper would not stop.
    body = _sheet_with_padding(30 * 1024 * 1024)
    path = _with_sheet_bytes(tmp_path, "说谎.xlsx", body)
    _patch_sizes(path, "xl/worksheets/sheet1.xml", 2000, zlib.crc32(body[:2000]))
    assert len(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")) == 2000
    start = time.perf_counter()
    with pytest.raises(BadFileError, match=re.escape("说谎.xlsx 过大或已损坏")):
        read_sheet(path)
    assert time.perf_counter() - start < 1.0


def test_more_than_100000_rows_is_refused(tmp_path: Path) -> None:
    rows = sheet_data(
        f'<row r="1">{inline("A1", "甲")}</row>', f'<row r="100002">{inline("A100002", "乙")}</row>'
    )
    path = write_xlsx(tmp_path / "十万行.xlsx", [("表", rows, "")])
    with pytest.raises(BadFileError, match=re.escape("十万行.xlsx 的表格超过 10 万行")) as caught:
        read_sheet(path)
    assert caught.value.code == "too_large"


@pytest.mark.parametrize(
    "cells",
    [
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="e"><v>#N/A</v></c></row>',
        # The row says 1, the cell's own address says otherwise: calamine goes by the address.
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row>',
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
        '<row r="2000"><c r="A2000"><v>1</v></c></row>',
    ],
    ids=["far-rows", "address-lies", "wide"],
)
def test_cells_far_apart_are_refused_before_calamine_allocates(tmp_path: Path, cells: str) -> None:
    # Calamine would allocate the whole rectangle and abort the process (not an exception), so
    # this runs in a child process: a failure must not take the test session down with it.
    path = write_xlsx(tmp_path / "远.xlsx", [("表", f"<sheetData>{cells}</sheetData>", "")])
    code = (
        "import sys\n"
        "from gkdesk.errors import BadFileError\n"
        "from gkdesk.importers.sheet_reader import read_sheet\n"
        "try:\n"
        f"    read_sheet({str(path)!r})\n"
        "except BadFileError as e:\n"
        "    print(e.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "too_large"


# --- other formats --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsm", ".xltx", ".et"])
def test_other_names_of_the_same_format(tmp_path: Path, suffix: str) -> None:
    reference = read_sheet(save(task_table(), tmp_path / "分工.xlsx"))
    renamed = tmp_path / f"分工{suffix}"
    shutil.copy(tmp_path / "分工.xlsx", renamed)
    assert read_sheet(renamed) == reference


def _fake_ole(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"not really a compound file")
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("旧表.xls", "旧表.xls 是旧版 Excel 格式，无法直接读取"),
        ("表格.et", "表格.et 是 WPS 表格格式，无法直接读取"),
    ],
)
def test_unreadable_old_format_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    monkeypatch.setattr(office_files.shutil, "which", lambda _name: None)
    with pytest.raises(BadFileError, match=re.escape(message)) as caught:
        read_sheet(_fake_ole(tmp_path / name))
    assert caught.value.code == "old_format"


@pytest.mark.skipif(os.name == "nt", reason="the fake soffice is a POSIX script")
def test_unreadable_old_format_is_converted_with_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = save(task_table(), tmp_path / "converted.xlsx")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, shutil, sys\n"
        "args = sys.argv[1:]\n"
        "assert '--headless' in args and args[args.index('--convert-to') + 1] == 'xlsx'\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "source = pathlib.Path(args[-1])\n"
        f"shutil.copy({str(converted)!r}, out / (source.stem + '.xlsx'))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert read_sheet(_fake_ole(tmp_path / "旧版.et")) == read_sheet(converted)

    script.write_text(f"#!{sys.executable}\nimport sys\nsys.exit(1)\n", encoding="utf-8")
    with pytest.raises(BadFileError, match=re.escape("坏的.xls 是旧版 Excel 格式，自动转换失败")):
        read_sheet(_fake_ole(tmp_path / "坏的.xls"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_xls_and_ods_read_like_the_xlsx(tmp_path: Path) -> None:
    wb = task_table()
    ws = wb.active
    ws.append([4, "隐藏的任务", "细化分工", "县委办", "年底前"])
    ws.row_dimensions[8].hidden = True
    ws.append([5, "最后的任务", "细化分工", "县委办", "年底前"])
    wb.create_sheet("隐藏表")["A1"] = "不该出现"
    wb["隐藏表"].sheet_state = "hidden"
    source = save(wb, tmp_path / "source.xlsx")
    expected = read_sheet(source)
    assert "隐藏的任务" not in "".join(b.text for b in expected)
    profile = (tmp_path / "profile").as_uri()
    for fmt in ("xls", "ods"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
             "--outdir", str(tmp_path), str(source)],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
        assert read_sheet(tmp_path / f"source.{fmt}") == expected, fmt


# --- never a traceback --------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".xls", ".ods"]))
def test_arbitrary_bytes_raise_only_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, suffix: str
) -> None:
    monkeypatch.setattr(office_files.shutil, "which", lambda _name: None)
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(BadFileError):
        read_sheet(path)


XML_PIECES = st.sampled_from(
    [
        "<row>", "</row>", '<row r="3" hidden="1">', '<row r="0">', '<row r="x">', "<c>", "</c>",
        '<c r="B2">', '<c r="ZZZZ9">', '<c r="A1" t="s">', '<c t="e">', '<c t="d">', '<c s="7">',
        "<v>1</v>", "<v>x</v>", "<v>0</v>", "<v>1e308</v>", "<v>2021-06-30T00:00:00</v>",
        '<is><t>文字</t></is>', "<f>1+1</f>", "<sheetData>", "</sheetData>", "<mergeCells>",
        "</mergeCells>", '<mergeCell ref="A1:B2"/>', '<mergeCell ref="B1:A9"/>', '<mergeCell ref="A1"/>',
        '<mergeCell ref="A1:XFD1048576"/>', "&amp;", "<", ">", '"',
    ]
)  # fmt: skip
STYLE_PIECES = st.sampled_from(
    [
        '<xf numFmtId="14"/>', '<xf numFmtId="10"/>', '<xf numFmtId="-1"/>', '<xf numFmtId="176"/>',
        '<numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;"/></numFmts>',
        '<numFmts><numFmt numFmtId="176" formatCode="[&gt;100]0;0.0;;@"/></numFmts>',
        '<numFmts><numFmt numFmtId="176" formatCode="0.0E+00&quot;"/></numFmts>',
        "<cellXfs>", "</cellXfs>",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.lists(XML_PIECES, max_size=40).map("".join),
    styles=st.lists(STYLE_PIECES, max_size=8).map("".join),
    wrap=st.booleans(),
)
def test_random_workbooks_raise_only_bad_file(tmp_path: Path, body: str, styles: str, wrap: bool) -> None:
    sheet = f"<sheetData>{body}</sheetData>" if wrap else body
    path = write_xlsx(tmp_path / "random.xlsx", [("表", sheet, "")], styles=f"<cellXfs>{styles}</cellXfs>")
    try:
        blocks = read_sheet(path)
    except BadFileError:
        return
    assert all(isinstance(b, Block) for b in blocks)
    assert all(len(b.cells) == len(b.merged) for b in blocks)


# --- corpus -------------------------------------------------------------------------------------


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not present")
    return path


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("stem", CORPUS_TABLES)
def test_corpus_rows_match_the_word_twin(stem: str) -> None:
    sheet_blocks = read_sheet(corpus(f"{stem}.xlsx"))
    word_blocks = read_docx(corpus(f"{stem}.docx"))

    def rows(blocks: list[Block]) -> list[tuple[tuple[str, ...], tuple[str, ...], int]]:
        return [(tuple(_norm(c) for c in b.cells), b.merged, b.table) for b in blocks if b.kind == "row"]

    assert rows(sheet_blocks) == rows(word_blocks)
    # The plan's title, printed above the table, is a paragraph in both.
    first_row = next(i for i, b in enumerate(sheet_blocks) if b.kind == "row")
    word_first_row = next(i for i, b in enumerate(word_blocks) if b.kind == "row")
    assert [_norm(b.text) for b in sheet_blocks[:first_row]] == [
        _norm(b.text) for b in word_blocks[:word_first_row]
    ]
    assert all(b.kind == "row" for b in sheet_blocks[first_row:])


def test_corpus_merged_unit_cell_is_recognisable() -> None:
    rows = rows_of(read_sheet(corpus("pengjiang_mzj2021_table.xlsx")))
    covered = [r for r in rows if r.merged[2] == "up"]
    assert len(covered) == 3 and all(r.cells[2] == "" for r in covered)
    anchor = rows[rows.index(covered[0]) - 1]
    assert anchor.cells[2] == "办公室、各股室" and anchor.merged[2] == ""


def test_reader_is_within_twice_openpyxl_read_only() -> None:
    # The goal: at most 2× openpyxl's read-only load plus iterating every row's values, measured
    # side by side. min() of several runs keeps a busy machine from failing the test.
    path = corpus("linqu_fengong.xlsx")

    def openpyxl_read() -> None:
        wb = load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()

    def best(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(9):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    best(lambda: read_sheet(path))
    ours = best(lambda: read_sheet(path))
    theirs = best(openpyxl_read)
    assert ours <= 2 * theirs, f"read_sheet {ours * 1000:.1f} ms vs openpyxl {theirs * 1000:.1f} ms"
