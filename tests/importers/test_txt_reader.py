"""Tests of the .txt importer: encoding detection, line → block rules, refusal of bad files."""

from __future__ import annotations

import codecs
import io
import random
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.errors import BadFileError
from gkdesk.importers.txt_reader import decode_text, lines_to_blocks, read_txt
from gkdesk.parsing.clean import clean_text
from gkdesk.records import Block

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    return path


@pytest.fixture(scope="module")
def yongzhou_text() -> str:
    return corpus_file("yongzhou2021.txt").read_text(encoding="utf-8")


TRADITIONAL_SAMPLE = (
    "2020年山東政務公開工作要點\n"
    "聚焦中心工作加強信息公開。推進多渠道公開重大決策部署進展及落實情況。\n"
    "推進決策公開，各級政府要制定發布重大行政決策事項目錄、標準。\n"
)


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16-le+bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if how == "utf-16-be+bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if how == "utf-32":  # Python writes a BOM
        return text.encode("utf-32")
    return text.encode(how)


ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "gb18030",
    "gbk",
    "utf-16-le+bom",
    "utf-16-le",
    "utf-16-be+bom",
    "utf-16-be",
    "utf-32",
]


@pytest.mark.parametrize("how", ENCODINGS)
def test_decode_every_encoding_of_corpus_text(yongzhou_text: str, how: str) -> None:
    assert decode_text(_encode(yongzhou_text, how), "yongzhou2021.txt") == yongzhou_text


@pytest.mark.parametrize("how", ["gbk", "utf-16-le", "utf-8-sig"])
def test_read_txt_same_blocks_whatever_the_encoding(tmp_path: Path, yongzhou_text: str, how: str) -> None:
    reference = read_txt(corpus_file("yongzhou2021.txt"))
    path = tmp_path / "yongzhou.txt"
    path.write_bytes(_encode(yongzhou_text.replace("\n", "\r\n"), how))
    assert read_txt(path) == reference


@pytest.mark.parametrize("how", ["gbk", "gb18030", "utf-16-le"])
def test_every_corpus_file_round_trips(how: str) -> None:
    for name in ("linqu_fengong.txt", "shanxi2017.txt", "gansu2017.txt", "guobanfa2019_54.txt"):
        text = corpus_file(name).read_text(encoding="utf-8")
        assert decode_text(text.encode(how)) == text, name


def test_big5_traditional_text() -> None:
    data = TRADITIONAL_SAMPLE.encode("big5")
    # Big5 bytes also decode as GB18030 (into rare characters); the reader must not fall for it.
    data.decode("gb18030")
    assert decode_text(data) == TRADITIONAL_SAMPLE


def test_traditional_text_saved_as_gbk_stays_gbk() -> None:
    assert decode_text(TRADITIONAL_SAMPLE.encode("gbk")) == TRADITIONAL_SAMPLE


@pytest.mark.parametrize(
    "text", ["政务公开", "一、总体要求", "牵头单位：县编办", "(一)推进决策公开", "附件", "县", "2021年"]
)
def test_short_gbk_texts(text: str) -> None:
    assert decode_text(text.encode("gbk")) == text


def test_utf16_without_bom_and_without_ascii() -> None:
    text = "永州市政务公开工作要点一、紧扣开好局起好步深化政务公开（一）做好战略实施信息公开。"
    assert decode_text(text.encode("utf-16-le")) == text
    assert decode_text(text.encode("utf-16-be")) == text


def test_utf8_with_a_damaged_byte_is_still_utf8() -> None:
    text = "聚焦中心工作加强信息公开。推进多渠道公开重大决策部署进展及落实情况。" * 20
    data = text.encode("utf-8")
    damaged = data[:99] + b"\xff" + data[99:]  # between two characters
    decoded = decode_text(damaged)
    assert decoded.replace("\ufffd", "") == text


def test_newlines_and_invisible_characters_normalized() -> None:
    data = "一\r\n二\r三\u2028四\x0b五\x0c六\n".encode()
    assert decode_text(data) == "一\n二\n三\n四\n五\n六\n"
    data = "政\x00务\u200b公\u200c开\u200d工\u2060作\ufeff要点\xa0全文\x07".encode()
    assert decode_text(data) == "政务公开工作要点 全文"


def test_empty_and_bom_only() -> None:
    assert decode_text(b"") == ""
    assert decode_text(codecs.BOM_UTF8) == ""
    assert decode_text(codecs.BOM_UTF16_LE) == ""


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_decode_text_never_raises(data: bytes) -> None:
    assert isinstance(decode_text(data), str)


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=300),
    st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "utf-32"]),
    st.binary(max_size=20),
)
def test_decode_text_never_raises_on_damaged_text(text: str, encoding: str, junk: bytes) -> None:
    data = text.encode(encoding, "replace")
    cut = len(data) // 2
    assert isinstance(decode_text(data[:cut] + junk + data[cut:]), str)


# --------------------------------------------------------------------------------------------
# Lines → blocks
# --------------------------------------------------------------------------------------------


def test_paragraph_document() -> None:
    blocks = read_txt(corpus_file("yongzhou2021.txt"))
    assert all(b.kind == "para" and b.table == -1 and b.cells == () for b in blocks)
    assert blocks[0].text == "永州市政务公开政务服务领导小组办公室"
    assert len(blocks) == 32  # no blank lines


def test_full_width_indent_and_blank_lines(tmp_path: Path) -> None:
    blocks = read_txt(corpus_file("shanxi2017.txt"))
    assert all(b.kind == "para" for b in blocks)
    texts = [b.text for b in blocks]
    assert "山西省全面推进政务公开工作实施方案暨2017年政务公开工作要点" in texts
    assert all(t and t == t.strip() and not t.startswith("\u3000") for t in texts)
    assert any(t.startswith("（一）推进去产能工作信息公开") for t in texts)


def test_news_document_blank_lines_dropped() -> None:
    blocks = read_txt(corpus_file("shandong2020_news.txt"))
    assert len(blocks) == 18
    assert all(b.kind == "para" and b.text for b in blocks)
    assert "\xa0" not in "".join(b.text for b in blocks)


def _rows(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "row"]


def test_linqu_fengong_table_with_chapter_rows() -> None:
    blocks = read_txt(corpus_file("linqu_fengong.txt"))
    assert blocks[0] == Block(kind="para", text="2016临朐县政务公开重点工作任务分工")
    rows = _rows(blocks)
    assert len(rows) == len(blocks) - 1
    assert {b.table for b in rows} == {0}
    assert rows[0].cells == ("序号", "工作任务", "牵头单位", "配合单位")
    data = [b for b in rows[1:] if len(b.cells) > 1]
    chapters = [b for b in rows if len(b.cells) == 1]
    assert [b.cells[0] for b in data] == [str(i) for i in range(1, 66)]
    assert all(len(b.cells) == 4 for b in data)
    assert len(chapters) == 30
    assert chapters[0].cells == ("一、围绕深化改革推进公开",)
    assert chapters[1].cells == ("(一)进一步规范权力清单和责任清单公开",)
    assert rows[1].cells == ("一、围绕深化改革推进公开",) and rows[2].cells[0].startswith("(一)")
    for b in rows:
        assert b.text == "\t".join(b.cells)
    # A blank 配合单位 cell keeps its place.
    row4 = next(b for b in data if b.cells[0] == "4")
    assert row4.cells[2] == "县政府有关部门,各镇政府、街道办事处、园(区)管委会" and row4.cells[3] == ""


def test_yongzhou_table_blank_cells_keep_their_column() -> None:
    blocks = read_txt(corpus_file("yongzhou2021_table.txt"))
    rows = _rows(blocks)
    assert blocks[0].kind == "para" and blocks[0].text == "永州市2021年政务公开工作要点任务分工表"
    assert rows[0].cells == ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
    data = [b for b in rows[1:] if len(b.cells) > 1]
    assert [b.cells[0] for b in data] == [str(i) for i in range(1, 19)]
    assert all(len(b.cells) == 5 for b in data)
    assert data[0].cells[3] == "" and data[0].cells[4] == "2021年12月底前"
    assert data[15].cells[2:] == ("公共企事业单位相应主管部门", "", "")
    assert data[16].cells[4] == "每季度"
    chapters = [b.cells[0] for b in rows if len(b.cells) == 1]
    assert chapters == [
        "一、紧扣“十四五”开好局起好步深化政务公开",
        "二、紧扣政策落地见效深化政务公开",
        "三、紧扣夯实基层基础深化政务公开",
        "四、紧扣政府信息公开条例实施深化政务公开",
        "五、强化组织保障",
    ]


def _kinds(blocks: list[Block]) -> list[tuple[str, int, tuple[str, ...] | str]]:
    return [(b.kind, b.table, b.cells if b.kind == "row" else b.text) for b in blocks]


def test_indented_paragraph_is_not_a_table() -> None:
    blocks = lines_to_blocks("\t\t正文第一段\n\t正文第二段\t\n  \u3000第三段\u3000\n")
    assert _kinds(blocks) == [("para", -1, "正文第一段"), ("para", -1, "正文第二段"), ("para", -1, "第三段")]


def test_tables_are_numbered_and_split_by_paragraphs() -> None:
    text = (
        "标题\n序号\t任务\t牵头\n1\t甲\t办公室\n\n2\t乙\t财政局\n"
        "说明文字。\n序号\t任务\t牵头\n1\t丙\t教育局\n"
    )
    assert _kinds(lines_to_blocks(text)) == [
        ("para", -1, "标题"),
        ("row", 0, ("序号", "任务", "牵头")),
        ("row", 0, ("1", "甲", "办公室")),
        ("row", 0, ("2", "乙", "财政局")),  # a blank line does not end a table
        ("para", -1, "说明文字。"),
        ("row", 1, ("序号", "任务", "牵头")),
        ("row", 1, ("1", "丙", "教育局")),
    ]


def test_chapter_lines_only_between_rows() -> None:
    text = (
        "一、总体要求\n"  # before the table: a paragraph
        "序号\t任务\t牵头\n"
        "二、重点任务\n"  # between rows: a chapter row
        "（一）推进决策公开\n"
        "1\t甲\t办公室\n"
        "三、保障措施\n"  # after the last row: a paragraph again
        "各单位要高度重视。\n"
    )
    assert _kinds(lines_to_blocks(text)) == [
        ("para", -1, "一、总体要求"),
        ("row", 0, ("序号", "任务", "牵头")),
        ("row", 0, ("二、重点任务",)),
        ("row", 0, ("（一）推进决策公开",)),
        ("row", 0, ("1", "甲", "办公室")),
        ("para", -1, "三、保障措施"),
        ("para", -1, "各单位要高度重视。"),
    ]


def test_heading_of_a_second_table_is_not_a_chapter_row() -> None:
    text = "序号\t任务\t牵头\n1\t甲\t办公室\n二、第二张表\n序号\t任务\t牵头\n1\t乙\t财政局\n"
    assert _kinds(lines_to_blocks(text)) == [
        ("row", 0, ("序号", "任务", "牵头")),
        ("row", 0, ("1", "甲", "办公室")),
        ("para", -1, "二、第二张表"),
        ("row", 1, ("序号", "任务", "牵头")),
        ("row", 1, ("1", "乙", "财政局")),
    ]


def test_merged_chapter_row_with_trailing_tabs_and_positional_blank_cells() -> None:
    text = (
        "序号\t任务\t牵头\t时限\n一、重点任务\t\t\t\n1\t甲\t\t年底前\n\t\t\t长期坚持\n2\t乙\t办公室\t\t\t\n"
    )
    assert _kinds(lines_to_blocks(text)) == [
        ("row", 0, ("序号", "任务", "牵头", "时限")),
        ("row", 0, ("一、重点任务",)),
        ("row", 0, ("1", "甲", "", "年底前")),
        ("row", 0, ("", "", "", "长期坚持")),
        ("row", 0, ("2", "乙", "办公室", "")),
    ]


def test_excel_quoted_cells() -> None:
    text = (
        "序号\t任务\t牵头单位\n"
        '1\t"做好""放管服""改革\n信息公开"\t"县编办\n县财政局"\n'
        '2\t"放管服"改革\t县政府办\n'  # a Word cell that merely starts with a quote
    )
    assert _kinds(lines_to_blocks(text)) == [
        ("row", 0, ("序号", "任务", "牵头单位")),
        ("row", 0, ("1", '做好"放管服"改革\n信息公开', "县编办\n县财政局")),
        ("row", 0, ("2", '"放管服"改革', "县政府办")),
    ]


def test_unclosed_quote_does_not_swallow_rows() -> None:
    text = '序号\t任务\n1\t"互联网+政务服务”工作\n2\t乙\n3\t丙\n'
    rows = lines_to_blocks(text)
    assert [b.cells[0] for b in rows] == ["序号", "1", "2", "3"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('一、(甲)1\t\n \u3000"序号牵头。')), max_size=200))
def test_lines_to_blocks_invariants(text: str) -> None:
    blocks = lines_to_blocks(text)
    for b in blocks:
        assert b.text
        if b.kind == "para":
            assert b.table == -1 and b.cells == () and "\t" not in b.text
            assert b.text == b.text.strip()
        else:
            assert b.table >= 0 and b.cells and b.text == "\t".join(b.cells)
    tables = [b.table for b in blocks if b.kind == "row"]
    assert tables == sorted(tables)


# --------------------------------------------------------------------------------------------
# Bad files
# --------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadFileError, match=r"找不到文件：nothing\.txt"):
        read_txt(tmp_path / "nothing.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadFileError):
        read_txt(tmp_path)


def test_empty_files_give_no_blocks(tmp_path: Path) -> None:
    for i, data in enumerate([b"", b"\n\n", "\u3000 \t\r\n".encode(), codecs.BOM_UTF8]):
        path = tmp_path / f"empty{i}.txt"
        path.write_bytes(data)
        assert read_txt(path) == []


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 100)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _zip_bytes(),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        random.Random(7).randbytes(4096),
        bytes(range(32)) * 50,
    ],
    ids=["docx-zip", "png", "ole-doc", "random", "controls"],
)
def test_binary_file_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "renamed.txt"
    path.write_bytes(data)
    with pytest.raises(BadFileError, match=r"renamed\.txt 不是文本文件"):
        read_txt(path)


# --------------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------------


def test_read_and_clean_30kb_simplified_is_fast(tmp_path: Path) -> None:
    text = "".join(
        corpus_file(n).read_text(encoding="utf-8") for n in ("yongzhou2021.txt", "linqu_fangan.txt")
    )
    data = text.encode("utf-8")[:30_000].decode("utf-8", "ignore").encode("utf-8")
    path = tmp_path / "big.txt"
    path.write_bytes(data)

    def run() -> None:
        for b in read_txt(path):
            for s in b.cells or (b.text,):
                clean_text(s)

    run()
    best = min(_timed(run) for _ in range(5))
    # Typically ~1 ms; the bound leaves room for slow CI machines.
    assert best < 0.015, f"{best * 1000:.1f} ms"


def _timed(fn: object) -> float:
    assert callable(fn)
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0
