"""read_docx: body order, text rules, Word numbering, tables, styles, errors and the corpus."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile

from gkdesk.errors import BadFileError, PasswordRequiredError
from gkdesk.importers import docx_reader, office_files
from gkdesk.importers.docx_reader import read_docx
from gkdesk.records import Block

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.docx"))


# --- building documents ----------------------------------------------------------------------


def p(text: str = "", *, num: tuple[int, int] | None = None, style: str | None = None, ppr: str = "") -> str:
    """A paragraph; ``text`` may be plain text (one run) or raw run XML starting with "<"."""
    props = ppr
    if style:
        props = f'<w:pStyle w:val="{style}"/>' + props
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    runs = (
        text
        if text.startswith("<")
        else (f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>" if text else "")
    )
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def add_body(doc: docx.document.Document, body_xml: str) -> None:
    sect = doc.element.body.sectPr
    for el in list(parse_xml(f"<w:body {W}>{body_xml}</w:body>")):
        sect.addprevious(el)


def set_numbering(doc: docx.document.Document, xml: str) -> None:
    doc.part.numbering_part._element = parse_xml(f"<w:numbering {W}>{xml}</w:numbering>")


def add_styles(doc: docx.document.Document, xml: str) -> None:
    for el in list(parse_xml(f"<w:styles {W}>{xml}</w:styles>")):
        doc.styles.element.append(el)


def save(doc: docx.document.Document, tmp_path: Path, name: str = "plan.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


def build(tmp_path: Path, body: str, *, numbering: str | None = None, styles: str = "") -> Path:
    doc = docx.Document()
    add_body(doc, body)
    if numbering is not None:
        set_numbering(doc, numbering)
    if styles:
        add_styles(doc, styles)
    return save(doc, tmp_path)


def lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


PLAN_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "chineseCounting", "(%1)")
    + lvl(1, "decimal", "%2.")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
    + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type='
    '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def write_zip(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


# --- numbering -------------------------------------------------------------------------------


def test_plan_numbering_labels_are_prepended_and_empty_items_still_count(tmp_path: Path) -> None:
    body = "".join(
        [
            p("工作要点"),
            p("推进决策公开", num=(1, 0)),
            p("任务甲", num=(1, 1)),
            p("", num=(1, 1)),  # an empty numbered paragraph: counted, not emitted
            p("任务乙", num=(1, 1)),
            p("推进执行公开", num=(1, 0)),
            p("任务丙", num=(1, 1)),
            p("不编号", num=(0, 0)),
        ]
    )
    blocks = read_docx(build(tmp_path, body, numbering=PLAN_NUMBERING))
    assert texts(blocks) == [
        "工作要点",
        "(一)推进决策公开",
        "1.任务甲",
        "3.任务乙",
        "(二)推进执行公开",
        "1.任务丙",
        "不编号",
    ]
    assert [b.auto_label for b in blocks] == ["", "(一)", "1.", "3.", "(二)", "1.", ""]
    assert all(b.kind == "para" and b.table == -1 for b in blocks)


def test_start_override_restarts_and_nums_of_one_list_share_counters(tmp_path: Path) -> None:
    body = "".join(
        [
            p("甲", num=(1, 0)),
            p("乙", num=(1, 0)),
            p("丙", num=(2, 0)),  # another num of the same abstract list continues: (三)
            p("丁", num=(3, 0)),  # startOverride: restarts at (一)
            p("戊", num=(3, 0)),
            p("己", num=(1, 0)),  # the shared counter goes on
        ]
    )
    blocks = read_docx(build(tmp_path, body, numbering=PLAN_NUMBERING))
    assert texts(blocks) == ["(一)甲", "(二)乙", "(三)丙", "(一)丁", "(二)戊", "(三)己"]


def test_chinese_counting_labels_past_ten(tmp_path: Path) -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "chineseCounting", "%1、")
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = "".join(p(f"第{i}项", num=(1, 0)) for i in range(1, 101))
    labels = [b.auto_label for b in read_docx(build(tmp_path, body, numbering=numbering))]
    assert len(labels) == 100
    assert [labels[i - 1] for i in (1, 10, 11, 20, 21, 99, 100)] == [
        "一、",
        "十、",
        "十一、",
        "二十、",
        "二十一、",
        "九十九、",
        "一百、",
    ]


def test_numbering_from_heading_styles(tmp_path: Path) -> None:
    doc = docx.Document()
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "chineseCounting", "%1、", '<w:pStyle w:val="Heading1"/>')
        + lvl(1, "chineseCounting", "(%2)", '<w:pStyle w:val="Heading2"/>')
        + lvl(2, "decimal", "%3.", '<w:pStyle w:val="Heading3"/>')
        + '</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>'
    )
    set_numbering(doc, numbering)
    for style_id, ilvl in (("Heading1", "0"), ("Heading2", "1"), ("Heading3", None)):
        ppr = doc.styles.element.get_by_id(style_id).get_or_add_pPr()
        # Heading3 names no level: Word takes the level whose pStyle is Heading3.
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr.append(parse_xml(f'<w:numPr {W}>{level}<w:numId w:val="4"/></w:numPr>'))
    doc.add_heading("推进决策公开", 1)
    doc.add_heading("完善制度", 2)
    doc.add_heading("细化任务", 3)
    doc.add_heading("加强解读", 2)
    doc.add_heading("推进执行公开", 1)
    doc.add_heading("公开进展", 2)
    off = doc.add_heading("附件", 1)
    off._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="0"/></w:numPr>'))
    blocks = read_docx(save(doc, tmp_path))
    assert texts(blocks) == [
        "一、推进决策公开",
        "(一)完善制度",
        "1.细化任务",
        "(二)加强解读",
        "二、推进执行公开",
        "(一)公开进展",
        "附件",
    ]
    assert [b.heading_level for b in blocks] == [1, 2, 3, 2, 1, 2, 1]
    assert blocks[0].style == "Heading 1"
    assert blocks[0].auto_label == "一、"


# --- tables ----------------------------------------------------------------------------------


def test_table_rows_resolve_merged_cells(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("附件：任务分工")
    table = doc.add_table(rows=7, cols=4)
    for i, name in enumerate(["序号", "重点任务", "牵头单位", "完成时限"]):
        table.cell(0, i).text = name
    table.cell(1, 0).text = "一、深化政务公开"
    table.cell(1, 0).merge(table.cell(1, 3))
    for row, (seq, task) in enumerate([("1", "任务一"), ("2", "任务二"), ("3", "任务三")], start=2):
        table.cell(row, 0).text = seq
        table.cell(row, 1).text = task
        table.cell(row, 3).text = "长期坚持"
    table.cell(2, 2).text = "市政府办公室"
    table.cell(2, 2).merge(table.cell(4, 2))  # one unit cell merged down over three task rows
    # row 5 stays empty and is skipped
    table.cell(6, 0).text = "4"
    cell = table.cell(6, 1)
    cell.text = "任务四。"
    cell.add_paragraph("第二段")
    nested = cell.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "内表甲"
    nested.cell(0, 1).text = "内表乙"
    table.cell(6, 2).text = "市发改委"
    doc.add_paragraph("正文继续")
    second = doc.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "二表"
    blocks = read_docx(save(doc, tmp_path))

    assert [(b.kind, b.table) for b in blocks] == [("para", -1)] + [("row", 0)] * 6 + [
        ("para", -1),
        ("row", 1),
    ]
    rows = [(b.cells, b.merged) for b in blocks if b.table == 0]
    assert rows == [
        (("序号", "重点任务", "牵头单位", "完成时限"), ("", "", "", "")),
        (("一、深化政务公开", "", "", ""), ("", "left", "left", "left")),
        (("1", "任务一", "市政府办公室", "长期坚持"), ("", "", "", "")),
        (("2", "任务二", "", "长期坚持"), ("", "", "up", "")),
        (("3", "任务三", "", "长期坚持"), ("", "", "up", "")),
        (("4", "任务四。\n第二段\n内表甲\t内表乙", "市发改委", ""), ("", "", "", "")),
    ]
    # a row's text holds its own cells only, not the ones merged cells cover
    assert blocks[4].text == "2\t任务二\t长期坚持"
    assert blocks[2].text == "一、深化政务公开"
    assert blocks[-1].cells == ("二表", "")


def test_numbered_paragraphs_inside_cells_keep_their_labels(tmp_path: Path) -> None:
    doc = docx.Document()
    set_numbering(doc, PLAN_NUMBERING)
    add_body(doc, p("正文", num=(1, 0)))
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0)._tc.append(parse_xml(p("细项", num=(1, 1)).replace("<w:p>", f"<w:p {W}>", 1)))
    add_body(doc, p("下一条", num=(1, 0)))
    blocks = read_docx(save(doc, tmp_path))
    assert blocks[1].cells == ("1.细项", "")
    assert texts(blocks)[2] == "(二)下一条"


def test_grid_before_keeps_vertical_merges_in_their_column(tmp_path: Path) -> None:
    def tc(text: str, extra: str = "") -> str:
        return f"<w:tc><w:tcPr>{extra}</w:tcPr>{p(text)}</w:tc>"

    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    span2, span3 = '<w:gridSpan w:val="2"/>', '<w:gridSpan w:val="3"/>'
    table = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{tc('a')}{tc('单位', restart)}{tc('c')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{tc("", cont)}{tc("d")}</w:tr>'
        f"<w:tr>{tc('x', span3)}</w:tr>"
        f"<w:tr>{tc('宽', span2)}{tc('牵头', restart)}</w:tr>"
        f"<w:tr>{tc('e')}{tc('f')}{tc('', cont)}</w:tr>"
        "</w:tbl>"
    )
    blocks = read_docx(build(tmp_path, table))
    assert [(b.cells, b.merged) for b in blocks] == [
        (("a", "单位", "c"), ("", "", "")),
        (("", "", "d"), ("", "up", "")),
        (("x", "", ""), ("", "left", "left")),
        (("宽", "", "牵头"), ("", "left", "")),
        (("e", "f", ""), ("", "", "up")),
    ]


# --- text, styles, bold ----------------------------------------------------------------------


def test_visible_text_rules(tmp_path: Path) -> None:
    textbox = (
        "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    alternate = (
        "<w:r><mc:AlternateContent xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'>"
        "<mc:Choice Requires='wps'><w:drawing/></mc:Choice><mc:Fallback>" + textbox[5:-6] + "</mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    field = (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>7</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )
    nested_field = (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>MERGEFIELD x</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>内层结果</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r><w:r><w:instrText> = 1 是 否</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>是</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )
    body = "".join(
        [
            p("<w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
              "<w:del><w:r><w:t>误写的删除</w:t><w:tab/></w:r></w:del>"
              "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
              "<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>移来</w:t></w:r></w:moveTo>"),
            p(f"<w:r><w:t>第</w:t></w:r>{field}<w:r><w:t>页</w:t></w:r>"),
            p(nested_field),
            p("<w:fldSimple w:instr=' DATE '><w:r><w:t>2021年</w:t></w:r></w:fldSimple>"),
            p(f"<w:r><w:t>正文</w:t></w:r>{textbox}{alternate}"),
            p("<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:br w:type='page'/>"
              "<w:noBreakHyphen/><w:sym w:font='Symbol' w:char='2605'/>"
              "<w:sym w:font='Wingdings' w:char='F0FC'/></w:r>"),
            p("<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val='0'/></w:rPr>"
              "<w:t>可见</w:t></w:r>"),
            p("<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:smartTag><w:r><w:t>标记</w:t></w:r>"
              "</w:smartTag><w:sdt><w:sdtPr><w:alias w:val='别名'/></w:sdtPr>"
              "<w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>"),
            p("<w:r><w:rPr><w:vanish/></w:rPr><w:t>只有隐藏文字</w:t></w:r>"),
            p("<w:r><w:t xml:space='preserve'>   </w:t></w:r>"),
            "<w:sdt><w:sdtContent>" + p("控件段落") + "</w:sdtContent></w:sdt>",
            "<w:customXml><w:p><w:r><w:t>自定义</w:t></w:r></w:p></w:customXml>",
        ]
    )  # fmt: skip
    assert texts(read_docx(build(tmp_path, body))) == [
        "保留插入移来",
        "第7页",
        "是",
        "2021年",
        "正文",
        "甲\t乙\n丙-★",
        "可见",
        "链接标记控件",
        "控件段落",
        "自定义",
    ]


def test_bold_detection(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph().add_run("全部加粗").bold = True
    mixed = doc.add_paragraph()
    mixed.add_run("一、").bold = True
    mixed.add_run("部分加粗")
    spaced = doc.add_paragraph()
    spaced.add_run("  ")
    spaced.add_run("空格不算").bold = True
    doc.add_heading("样式加粗", 1)
    doc.add_heading("", 1).add_run("关闭加粗").bold = False
    doc.add_paragraph().add_run("字符样式", style="Strong")
    doc.add_paragraph("普通")
    blocks = read_docx(save(doc, tmp_path))
    assert [(b.text.strip(), b.bold) for b in blocks] == [
        ("全部加粗", True),
        ("一、部分加粗", False),
        ("空格不算", True),
        ("样式加粗", True),
        ("关闭加粗", False),
        ("字符样式", True),
        ("普通", False),
    ]


def test_bold_from_document_defaults(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.styles.element.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr").append(
        parse_xml(f"<w:b {W}/>")
    )
    doc.add_paragraph("默认加粗")
    doc.add_paragraph().add_run("取消").bold = False
    blocks = read_docx(save(doc, tmp_path))
    assert [b.bold for b in blocks] == [True, False]


def test_heading_levels_and_style_names(tmp_path: Path) -> None:
    doc = docx.Document()
    add_styles(
        doc,
        '<w:style w:type="paragraph" w:styleId="zh2"><w:name w:val="标题 2"/>'
        '<w:basedOn w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="MyChapter"><w:name w:val="我的章标题"/>'
        '<w:basedOn w:val="Heading1"/></w:style>',
    )
    doc.add_heading("标题一", 1)
    doc.add_heading("标题二", 2)
    doc.add_paragraph("文档标题", style="Title")
    add_body(
        doc,
        p("大纲级别", ppr='<w:outlineLvl w:val="2"/>')
        + p("正文级别", style="Heading1", ppr='<w:outlineLvl w:val="9"/>')
        + p("中文样式", style="zh2")
        + p("继承样式", style="MyChapter")
        + p("未知样式", style="NoSuchStyle"),
    )
    blocks = read_docx(save(doc, tmp_path))
    assert [(b.text, b.style, b.heading_level) for b in blocks] == [
        ("标题一", "Heading 1", 1),
        ("标题二", "Heading 2", 2),
        ("文档标题", "Title", 0),
        ("大纲级别", "Normal", 3),
        ("正文级别", "Heading 1", 0),
        ("中文样式", "标题 2", 2),
        ("继承样式", "我的章标题", 1),
        ("未知样式", "Normal", 0),
    ]


def test_style_scan_matches_a_full_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS_FILES:
        pytest.skip("corpus not present")
    scanned = [read_docx(path) for path in CORPUS_FILES]
    monkeypatch.setattr(docx_reader, "_FULL_PARSE_STYLES_BELOW", 10**12)
    assert [read_docx(path) for path in CORPUS_FILES] == scanned


def test_hand_made_package_with_small_styles_and_strict_namespace(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    )
    styles = (
        f'<w:styles xmlns:w="{strict}"><w:style w:type="paragraph" w:default="1" w:styleId="a">'
        '<w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1">'
        '<w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
        "<w:rPr><w:b/></w:rPr></w:style></w:styles>"
    )
    document = (
        f'<w:document xmlns:w="{strict}"><w:body><w:p><w:pPr><w:pStyle w:val="1"/></w:pPr>'
        "<w:r><w:t>一、总体要求</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"
    )
    path = write_zip(
        tmp_path / "strict.docx",
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": PACKAGE_RELS,
            "word/_rels/document.xml.rels": rels,
            "word/document.xml": document,
            "word/styles.xml": styles,
        },
    )
    assert read_docx(path) == [
        Block("para", "一、总体要求", style="Heading 1", heading_level=1, bold=True),
        Block("para", "正文", style="Normal"),
    ]


# --- errors ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadFileError, match=re.escape("找不到文件：没有.docx")):
        read_docx(tmp_path / "没有.docx")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "假的.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(BadFileError, match=re.escape("假的.docx 不是有效的 Word 文档")) as info:
        read_docx(path)
    assert type(info.value) is BadFileError


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.docx"
    path.write_bytes(b"")
    with pytest.raises(BadFileError, match="空文件"):
        read_docx(path)


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "缺正文.docx", {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS}
    )
    with pytest.raises(BadFileError, match=re.escape("缺正文.docx 中没有正文部分")):
        read_docx(path)


def test_other_office_file_renamed(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "表格.docx",
        {"_rels/.rels": PACKAGE_RELS, "word/document.xml": '<workbook xmlns="urn:x"/>'},
    )
    with pytest.raises(BadFileError, match="不是有效的 Word 文档"):
        read_docx(path)


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    plain = build(tmp_path, p("机密内容"))
    out = io.BytesIO()
    with plain.open("rb") as f:
        OOXMLFile(f).encrypt("密码123", out)
    path = tmp_path / "加密.docx"
    path.write_bytes(out.getvalue())
    return path


def test_encrypted_file_needs_a_password(encrypted: Path) -> None:
    with pytest.raises(PasswordRequiredError, match=re.escape("加密.docx 设有打开密码")):
        read_docx(encrypted)


def test_encrypted_file_with_the_right_password(encrypted: Path) -> None:
    assert texts(read_docx(encrypted, password="密码123")) == ["机密内容"]


@pytest.mark.parametrize("password", ["错误", ""])
def test_encrypted_file_with_a_wrong_password(encrypted: Path, password: str) -> None:
    with pytest.raises(BadFileError, match="密码不正确") as info:
        read_docx(encrypted, password=password)
    assert not isinstance(info.value, PasswordRequiredError)


def fake_ole(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"not really a compound file")
    return path


@pytest.mark.parametrize("name", ["旧版.doc", "旧版.wps", "改名.docx"])
def test_old_binary_format_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(office_files.shutil, "which", lambda _name: None)
    with pytest.raises(
        BadFileError,
        match=re.escape(f"{name} 是旧版 Word/WPS 格式，无法直接读取。请在 Word 或 WPS 中“另存为”.docx"),
    ):
        read_docx(fake_ole(tmp_path / name))


def test_rtf_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_files.shutil, "which", lambda _name: None)
    path = tmp_path / "格式.rtf"
    path.write_bytes(b"{\\rtf1\\ansi hello}")
    with pytest.raises(BadFileError, match="旧版 Word/WPS 格式"):
        read_docx(path)


@pytest.mark.skipif(os.name == "nt", reason="the fake soffice is a POSIX script")
def test_old_format_is_converted_with_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    converted = build(tmp_path, p("转换后的内容"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, shutil, sys\n"
        "args = sys.argv[1:]\n"
        "assert '--headless' in args and args[args.index('--convert-to') + 1] == 'docx'\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "source = pathlib.Path(args[-1])\n"
        f"shutil.copy({str(converted)!r}, out / (source.stem + '.docx'))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert texts(read_docx(fake_ole(tmp_path / "旧版.doc"))) == ["转换后的内容"]

    script.write_text(f"#!{sys.executable}\nimport sys\nsys.exit(1)\n", encoding="utf-8")
    with pytest.raises(BadFileError, match="自动转换失败"):
        read_docx(fake_ole(tmp_path / "坏的.doc"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_bad_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.docx"
    path.write_bytes(data)
    with contextlib.suppress(BadFileError):
        read_docx(path)


XML_PIECES = st.sampled_from(
    [
        "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "文字", "<w:tbl>", "</w:tbl>", "<w:tr>",
        "</w:tr>", "<w:tc>", "</w:tc>", "<w:tcPr><w:vMerge/></w:tcPr>", '<w:gridSpan w:val="x"/>',
        '<w:tcPr><w:gridSpan w:val="99999999"/></w:tcPr>', '<w:pPr><w:numPr><w:numId w:val="1"/>'
        '<w:ilvl w:val="-3"/></w:numPr></w:pPr>', '<w:pStyle w:val="Heading1"/>', "<w:body>", "</w:body>",
        '<w:fldChar w:fldCharType="begin"/>', '<w:fldChar w:fldCharType="end"/>', "<w:sdt>", "<w:sdtContent>",
        '<w:sym w:char="zz"/>', '<w:sym w:char="110000"/>', '<w:outlineLvl w:val="99"/>', "<w:br/>", "&amp;",
        "<", ">", '"',
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.lists(XML_PIECES, max_size=40).map("".join),
    numbering=st.one_of(st.none(), st.binary(max_size=200), st.lists(XML_PIECES, max_size=10).map("".join)),
    wrap=st.booleans(),
)
def test_random_packages_raise_only_bad_file(
    tmp_path: Path, body: str, numbering: object, wrap: bool
) -> None:
    document = f"<w:document {W}><w:body>{body}</w:body></w:document>" if wrap else body
    parts: dict[str, bytes | str] = {"_rels/.rels": PACKAGE_RELS, "word/document.xml": document}
    if numbering is not None:
        numbering_xml = (
            numbering if isinstance(numbering, bytes) else f"<w:numbering {W}>{numbering}</w:numbering>"
        )
        parts["word/numbering.xml"] = numbering_xml
        parts["word/_rels/document.xml.rels"] = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Target="numbering.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"/>'
            "</Relationships>"
        )
    path = write_zip(tmp_path / "random.docx", parts)
    try:
        blocks = read_docx(path)
    except BadFileError:
        return
    assert all(isinstance(b, Block) for b in blocks)


# --- corpus ----------------------------------------------------------------------------------


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not present")
    return path


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_text_matches_the_plain_text_twin(path: Path) -> None:
    blocks = read_docx(path)
    lines = [line.strip() for b in blocks for line in b.text.split("\n") if line.strip()]
    twin = path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    assert lines == [line.strip() for line in twin if line.strip()]
    assert all(b.text.strip() for b in blocks)


def test_corpus_table_layout() -> None:
    blocks = read_docx(corpus("yongzhou2021_table.docx"))
    rows = [b for b in blocks if b.kind == "row"]
    assert rows[0].cells[0].startswith("序号")
    assert rows[0].cells == ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
    chapters = [r for r in rows if r.cells[0].startswith(("一、", "二、", "三、"))]
    assert chapters and all(r.cells[1:] == ("",) * 4 and r.merged == ("",) + ("left",) * 4 for r in chapters)
    tasks = [r for r in rows if r.cells[0].isdigit()]
    assert [r.cells[0] for r in tasks] == [str(i) for i in range(1, 19)]
    assert all(len(r.cells) == 5 and r.table == 0 for r in tasks)


def test_corpus_headings() -> None:
    blocks = read_docx(corpus("linqu_fangan.docx"))
    levels = {b.heading_level for b in blocks}
    assert {1, 2} <= levels
    assert all(b.style == "Heading 1" for b in blocks if b.heading_level == 1)
    assert blocks[0].text == "全面推进政务公开工作的实施方案" and blocks[0].bold


def test_reader_is_faster_than_python_docx() -> None:
    # The whole import may take at most twice python-docx's Document(); the reader alone should
    # stay well under that. min() of several runs keeps a busy machine from failing the test.
    path = corpus("linqu_fengong.docx")

    def timed(fn: Callable[[], object]) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    timed(lambda: read_docx(path))
    # Alternating the two keeps a burst of load from another process off one side only.
    rounds = [(timed(lambda: read_docx(path)), timed(lambda: docx.Document(str(path)))) for _ in range(11)]
    ours = min(r[0] for r in rounds)
    theirs = min(r[1] for r in rounds)
    assert ours <= 1.5 * theirs, f"read_docx {ours * 1000:.1f} ms vs Document() {theirs * 1000:.1f} ms"
