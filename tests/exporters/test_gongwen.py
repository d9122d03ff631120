"""write_gongwen: the 公文 layout of GB/T 9704, checked by reading the written .docx back.

One long notice (body filling several pages, 一、（一）and bold third-level headings, 文号, 主送,
a portrait and a landscape annex table, 署名, 日期, 附注 and 版记) is written once per module; the
tests read its XML parts (document.xml, styles.xml, settings.xml, the footers) with lxml and its
sections with python-docx. The numbers come from /work/shared/spec/GONGWEN.md: page and margins in
twips, the 579-twip line grid with runs condensed 0.3 pt (§0), fonts by ``w:eastAsia``, "— N —"
footers at the outer edge of odd and even pages. The pure helpers (dates, 署名/日期 indents, the
附件说明 lines) are tested directly; the atomic write by overwriting and by a rename that fails.

When LibreOffice, pdftotext and pdftoppm are installed the notice is also rendered: the shared grid
tool must find 22 lines × 28 characters on the body pages, and every page must show its number.
Set GKDESK_RENDER_DIR to keep the PDF and the page images for looking at.

The three real notices (报送通知, 催报通知, 考核通报) are built from small hand-made records and
checked for their titles, annex titles and the landscape ranking table.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from lxml import etree

from gkdesk.errors import UserError
from gkdesk.exporters import gongwen
from gkdesk.exporters.gongwen import (
    annex_list_lines,
    build_document,
    clean_title,
    normalize_date,
    signature_indents,
    write_gongwen,
)
from gkdesk.exporters.gongwen_xml import PPR_ORDER, RPR_ORDER, SECTPR_ORDER, TBLPR_ORDER, TRPR_ORDER
from gkdesk.exporters.notices import remind_notice, report_notice, result_notice
from gkdesk.records import (
    DutyRow,
    GongwenAnnex,
    GongwenDoc,
    GongwenRole,
    GongwenTable,
    ItemScore,
    MissingRow,
    NoticeHeader,
    RemindNotice,
    ReportNotice,
    ResultNotice,
    Rubric,
    RubricItem,
    ScoreSheet,
    UnitScore,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W_NS, "r": R_NS}


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag or attribute: w("eastAsia") → {ns}eastAsia."""
    return f"{{{W_NS}}}{tag}"


def short(tag: str) -> str:
    """ "{ns}spacing" → "w:spacing" (the spelling of the writer's schema-order tuples)."""
    return "w:" + tag.split("}", 1)[1] if tag.startswith(f"{{{W_NS}}}") else tag


# --- the sample notice -------------------------------------------------------------------------------

# Deterministic plain Chinese (no digits, no Latin): every line of a full page holds 28 characters.
PHRASES = (
    "为深入贯彻落实政务公开工作要求",
    "进一步提升政务公开标准化规范化水平",
    "各单位要结合工作实际认真梳理本单位承担的重点任务",
    "明确责任分工细化工作措施",
    "确保各项任务按期保质完成",
    "对工作中遇到的困难和问题要及时研究解决",
    "重大事项及时请示报告",
    "切实做到件件有着落事事有回音",
)
TITLE = "关于做好政务公开重点工作进展情况\n报送工作的通知"
DOC_NUMBER = "青政办函〔2021〕12号"
SIGNATURE = "青禾市人民政府办公室"
PORTRAIT_HEADERS = ("序号", "单位", "工作任务", "完成时限")
WIDE_HEADERS = ("序号", "单位名称", *(f"{n}得分" for n in "甲乙丙丁戊己庚辛"), "总分", "排名")
WIDE_ROWS = 40


def paragraph_text(seed: int) -> str:
    """Paragraph number ``seed``: five to seven sentences of three phrases joined by "，" (long
    paragraphs, so that page breaks fall inside them and the body pages fill all 22 lines)."""
    parts = []
    for s in range(5 + seed % 3):
        k = seed * 5 + s * 3
        parts.append("，".join(PHRASES[(k + i) % len(PHRASES)] for i in range(3)) + "。")
    return "".join(parts)


BODY: tuple[tuple[GongwenRole, str], ...] = (
    ("p", "根据全市政务公开工作安排，为及时掌握各项重点任务落实进展，现将有关事项通知如下："),
    ("h1", "一、总体要求"),
    ("p", paragraph_text(0)),
    ("h2", "（一）加强组织领导"),
    ("p", paragraph_text(1)),
    ("h3", "一是明确责任分工"),
    ("p", paragraph_text(2)),
    ("p", paragraph_text(3)),
    ("h1", "二、重点任务"),
    ("h2", "（二）推进重点领域信息公开"),
    ("p", paragraph_text(4)),
    ("h3", "二是细化工作措施"),
    ("p", paragraph_text(5)),
    ("p", paragraph_text(6)),
    ("h1", "三、有关要求"),
    ("p", paragraph_text(7)),
    ("p", paragraph_text(8)),
    ("p", paragraph_text(9)),
)

PORTRAIT_TABLE = GongwenTable(
    PORTRAIT_HEADERS,
    tuple(
        (str(i), unit, "推进财政预决算公开", "年底前")
        for i, unit in enumerate(("市财政局", "市教育局", "市民政局", "市卫生健康委"), start=1)
    ),
    numeric=(0,),
)
WIDE_TABLE = GongwenTable(
    WIDE_HEADERS,
    tuple(
        (str(r), f"第{r}考核单位", *(str((r * 7 + c * 3) % 20) for c in range(8)), str(r * 3), str(r))
        for r in range(1, WIDE_ROWS + 1)
    ),
    numeric=(0, *range(2, len(WIDE_HEADERS))),
)
PORTRAIT_ANNEX_TITLE = "政务公开重点任务分工清单"
WIDE_ANNEX_TITLE = "政务公开工作考核得分排名表"

NOTICE = GongwenDoc(
    title=TITLE,
    body=BODY,
    recipients="各县（市、区）人民政府，市直各有关单位",
    doc_number=DOC_NUMBER,
    annexes=(
        GongwenAnnex(PORTRAIT_ANNEX_TITLE, table=PORTRAIT_TABLE),
        GongwenAnnex(WIDE_ANNEX_TITLE, table=WIDE_TABLE, landscape=True),
    ),
    signature=SIGNATURE,
    date="2021-04-08",
    note="联系人：张三，联系电话：一二三四五六七",
    copy_to="市政府领导，市委办公室",
    printed_by=SIGNATURE,
    printed_on="2021年04月08日",
)


# --- reading a .docx back ---------------------------------------------------------------------------


@dataclasses.dataclass
class Docx:
    """The parsed XML parts of a written .docx."""

    path: Path
    parts: dict[str, etree._Element]

    @property
    def document(self) -> etree._Element:
        return self.parts["word/document.xml"]

    @property
    def body(self) -> etree._Element:
        return self.document.find(w("body"))

    @property
    def footers(self) -> dict[str, etree._Element]:
        return {name: root for name, root in self.parts.items() if re.fullmatch(r"word/footer\d+\.xml", name)}

    def footer(self, sect_pr: etree._Element, kind: str) -> etree._Element:
        """The footer part a section's ``w:footerReference`` of type ``kind`` points at."""
        refs = sect_pr.findall(f"w:footerReference[@w:type='{kind}']", NS)
        assert len(refs) == 1, f"section has {len(refs)} {kind} footer references"
        rel_id = refs[0].get(f"{{{R_NS}}}id")
        rels = self.parts["word/_rels/document.xml.rels"]
        target = rels.find(f"{{{PKG_REL_NS}}}Relationship[@Id='{rel_id}']").get("Target")
        return self.parts["word/" + target]

    def paragraphs(self) -> list[etree._Element]:
        return self.body.findall(".//w:p", NS)

    def paragraph(self, text: str) -> etree._Element:
        """The only paragraph of document.xml whose text is ``text``."""
        found = [p for p in self.paragraphs() if ptext(p) == text]
        assert len(found) == 1, f"{len(found)} paragraphs read {text!r}"
        return found[0]

    def sections(self) -> list[tuple[etree._Element, list[etree._Element]]]:
        """(sectPr, top-level body elements) per section, in order."""
        result: list[tuple[etree._Element, list[etree._Element]]] = []
        current: list[etree._Element] = []
        for child in self.body:
            if child.tag == w("sectPr"):
                result.append((child, current))
                break
            current.append(child)
            inner = child.find("w:pPr/w:sectPr", NS) if child.tag == w("p") else None
            if inner is not None:
                result.append((inner, current))
                current = []
        return result

    def tables(self) -> list[etree._Element]:
        return self.body.findall("w:tbl", NS)

    def table_with_headers(self, headers: tuple[str, ...]) -> etree._Element:
        found = [t for t in self.tables() if row_texts(t.find("w:tr", NS)) == list(headers)]
        assert len(found) == 1, f"{len(found)} tables with the header row {headers}"
        return found[0]


def read_docx(path: Path) -> Docx:
    with zipfile.ZipFile(path) as z:
        parts = {
            name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith((".xml", ".rels"))
        }
    return Docx(path, parts)


def ptext(p: etree._Element) -> str:
    """A paragraph's text: its ``w:t`` strings, ``w:tab`` as a tab, ``w:br`` as a newline."""
    out = []
    for el in p.iter(w("t"), w("tab"), w("br")):
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.getparent().tag == w("r"):  # a w:tab inside w:tabs (pPr) is a tab stop, not text
            out.append("\t" if el.tag == w("tab") else "\n")
    return "".join(out)


def row_texts(tr: etree._Element) -> list[str]:
    return ["".join(ptext(p) for p in tc.findall("w:p", NS)) for tc in tr.findall("w:tc", NS)]


def runs(el: etree._Element) -> list[etree._Element]:
    return el.findall(".//w:r", NS)


def run_font(r: etree._Element) -> str | None:
    fonts = r.find("w:rPr/w:rFonts", NS)
    return None if fonts is None else fonts.get(w("eastAsia"))


def run_size(r: etree._Element) -> int | None:
    sz = r.find("w:rPr/w:sz", NS)
    return None if sz is None else int(sz.get(w("val")))


def is_on(el: etree._Element | None) -> bool:
    """An OOXML on/off property: present and not explicitly switched off."""
    return el is not None and el.get(w("val"), "true") not in ("0", "false", "off")


def ppr_attr(p: etree._Element, child: str, attr: str) -> str | None:
    el = p.find(f"w:pPr/w:{child}", NS)
    return None if el is None else el.get(w(attr))


def ppr_int(p: etree._Element, child: str, attr: str) -> int:
    value = ppr_attr(p, child, attr)
    assert value is not None, f"no w:{child}/@w:{attr}"
    return int(value)


def twips_of_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


@pytest.fixture(scope="module")
def notice_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gongwen(NOTICE, tmp_path_factory.mktemp("gongwen") / "gongwen-sample.docx")


@pytest.fixture(scope="module")
def notice(notice_path: Path) -> Docx:
    return read_docx(notice_path)


# --- page setup ---------------------------------------------------------------------------------------


def test_portrait_pages_are_a4_with_the_gbt9704_margins_and_footer_distance(notice: Docx) -> None:
    sections = notice.sections()
    assert len(sections) == 3  # body + portrait annex, landscape annex, 版记
    for index in (0, 2):
        sect_pr = sections[index][0]
        pg_sz = sect_pr.find("w:pgSz", NS)
        assert (pg_sz.get(w("w")), pg_sz.get(w("h"))) == ("11906", "16838")
        assert pg_sz.get(w("orient")) in (None, "portrait")
        mar = sect_pr.find("w:pgMar", NS)
        assert {k: int(mar.get(w(k))) for k in ("top", "bottom", "left", "right")} == {
            "top": 2098,
            "bottom": 1984,
            "left": 1587,
            "right": 1474,
        }
        assert abs(int(mar.get(w("header"))) - twips_of_mm(15)) <= 1
        assert abs(int(mar.get(w("footer"))) - twips_of_mm(25)) <= 1
        assert int(mar.get(w("gutter"), "0")) == 0


def test_every_section_has_a_lines_grid_of_579_twips(notice: Docx) -> None:
    for sect_pr, _ in notice.sections():
        grids = sect_pr.findall("w:docGrid", NS)
        assert len(grids) == 1
        assert grids[0].get(w("type")) == "lines"
        assert grids[0].get(w("linePitch")) == "579"
        assert grids[0].get(w("charSpace")) is None  # Word's linesAndChars recipe breaks LibreOffice


def test_the_wide_annex_is_a_landscape_section_with_swapped_page_size(notice: Docx) -> None:
    sect_pr, elements = notice.sections()[1]
    pg_sz = sect_pr.find("w:pgSz", NS)
    assert pg_sz.get(w("orient")) == "landscape"
    assert (pg_sz.get(w("w")), pg_sz.get(w("h"))) == ("16838", "11906")
    mar = sect_pr.find("w:pgMar", NS)
    margins = {k: int(mar.get(w(k))) for k in ("top", "bottom", "left", "right")}
    # The portrait type area turned on the sheet: 225 mm wide, 156 mm high.
    assert 16838 - margins["left"] - margins["right"] == 16838 - 2098 - 1984
    assert 11906 - margins["top"] - margins["bottom"] == 11906 - 1587 - 1474
    # The wide table, and only it, is in this section; python-docx agrees on the orientation.
    wide = notice.table_with_headers(WIDE_HEADERS)
    assert wide in elements
    assert notice.table_with_headers(PORTRAIT_HEADERS) not in elements
    sections = docx.Document(str(notice.path)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert (sections[1].page_width or 0) > (sections[1].page_height or 0)


def test_the_banji_follows_the_landscape_annex_on_a_portrait_page(notice: Docx) -> None:
    sect_pr, elements = notice.sections()[2]
    assert sect_pr.find("w:pgSz", NS).get(w("orient")) in (None, "portrait")
    banji = [el for el in elements if el.tag == w("tbl")]
    assert len(banji) == 1
    texts = [row_texts(tr)[0] for tr in banji[0].findall("w:tr", NS)]
    assert texts == ["抄送：市政府领导，市委办公室。", f"{SIGNATURE}\t2021年4月8日印发"]


# --- fonts ------------------------------------------------------------------------------------------


def test_every_run_in_the_body_and_the_footers_names_an_east_asian_font(notice: Docx) -> None:
    parts = {"word/document.xml": notice.document, **notice.footers}
    assert len(parts) == 1 + 6  # two footers for each of the three sections
    numbered = 0
    for name, root in parts.items():
        all_runs = runs(root)
        numbered += bool(all_runs)
        missing = [ptext(r) or etree.tostring(r)[:80] for r in all_runs if not run_font(r)]
        assert not missing, f"{name}: runs without w:eastAsia: {missing[:5]}"
    assert numbered >= 1 + 4  # the 版记's footers may be empty (after a blank page)


def test_normal_style_is_fangsong_sanhao_condensed_on_exact_579_lines(notice: Docx) -> None:
    styles = notice.parts["word/styles.xml"]
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    rpr = normal.find("w:rPr", NS)
    assert rpr.find("w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert rpr.find("w:rFonts", NS).get(w("ascii")) == "Times New Roman"
    assert rpr.find("w:sz", NS).get(w("val")) == "32"
    assert rpr.find("w:spacing", NS).get(w("val")) == "-6"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")


def test_title_runs_are_xiaobiaosong_erhao_and_keep_the_line_split(notice: Docx) -> None:
    title = notice.paragraph(TITLE)
    assert ppr_attr(title, "jc", "val") == "center"
    title_runs = [r for r in runs(title) if ptext(r)]
    assert len(title_runs) == 2
    for r in title_runs:
        assert run_font(r) == "方正小标宋简体"
        assert run_size(r) == 44
    assert clean_title(TITLE) == TITLE.replace("\n", "")


@pytest.mark.parametrize(
    ("text", "font", "bold"),
    [
        ("一、总体要求", "黑体", False),
        ("（一）加强组织领导", "楷体_GB2312", False),
        ("一是明确责任分工", "仿宋_GB2312", True),
    ],
    ids=["h1-heiti", "h2-kaiti", "h3-bold-fangsong"],
)
def test_headings_use_the_font_of_their_level(notice: Docx, text: str, font: str, bold: bool) -> None:
    p = notice.paragraph(text)
    (r,) = runs(p)
    assert run_font(r) == font
    assert run_size(r) == 32
    assert is_on(r.find("w:rPr/w:b", NS)) is bold
    assert ppr_attr(p, "ind", "firstLine") == "640"


def test_recipients_line_is_flush_left_and_ends_with_a_full_width_colon(notice: Docx) -> None:
    p = notice.paragraph("各县（市、区）人民政府，市直各有关单位：")
    assert ppr_attr(p, "ind", "firstLine") in (None, "0")
    assert ppr_attr(p, "ind", "left") in (None, "0")


# --- spacing ----------------------------------------------------------------------------------------


def test_body_paragraphs_are_exact_579_with_a_two_character_first_line_indent(notice: Docx) -> None:
    body_texts = [text for role, text in BODY if role == "p"]
    assert len(body_texts) >= 10
    for text in body_texts:
        p = notice.paragraph(text)
        assert ppr_attr(p, "spacing", "line") == "579"
        assert ppr_attr(p, "spacing", "lineRule") == "exact"
        assert ppr_attr(p, "ind", "firstLine") == "640"
        assert ppr_attr(p, "jc", "val") == "both"
        for r in runs(p):
            assert run_font(r) == "仿宋_GB2312"
            assert r.find("w:rPr/w:spacing", NS).get(w("val")) == "-6"


def test_annex_table_cells_are_not_on_the_579_grid(notice: Docx) -> None:
    for headers in (PORTRAIT_HEADERS, WIDE_HEADERS):
        table = notice.table_with_headers(headers)
        cell_paragraphs = table.findall(".//w:tc/w:p", NS)
        assert len(cell_paragraphs) >= len(headers) * 2
        for p in cell_paragraphs:
            exact_579 = (
                ppr_attr(p, "spacing", "lineRule") == "exact" and ppr_attr(p, "spacing", "line") == "579"
            )
            assert not exact_579


# --- footers ------------------------------------------------------------------------------------------


def test_odd_and_even_footers_are_switched_on(notice: Docx) -> None:
    assert notice.parts["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None


def page_number_runs(footer: etree._Element) -> list[str]:
    """The footer's runs as tokens: text, "begin", "instr:PAGE", "separate", "end"."""
    tokens = []
    for r in runs(footer):
        for el in r:
            if el.tag == w("t"):
                tokens.append(el.text or "")
            elif el.tag == w("fldChar"):
                tokens.append(el.get(w("fldCharType")))
            elif el.tag == w("instrText"):
                tokens.append("instr:" + (el.text or "").strip())
    return tokens


def number_paragraph(footer: etree._Element) -> etree._Element:
    """The paragraph holding the PAGE field: the footer's own, or the one in its text box."""
    (p,) = [
        p
        for p in footer.findall(".//w:p", NS)
        if p.find(".//w:instrText", NS) is not None and p.find(".//w:p", NS) is None
    ]
    return p


def assert_page_number_footer(footer: etree._Element, align: str, indent_side: str) -> None:
    p = number_paragraph(footer)
    assert ppr_attr(p, "jc", "val") == align
    assert ppr_attr(p, "ind", indent_side) == "280"
    other = "left" if indent_side == "right" else "right"
    assert ppr_attr(p, "ind", other) in (None, "0")
    tokens = page_number_runs(p)
    assert tokens[0] == "— "
    assert tokens[-1] == " —"
    assert tokens[1:4] == ["begin", "instr:PAGE", "separate"]
    assert tokens[-2] == "end"
    assert all(t.isdigit() for t in tokens[4:-2])  # the cached result, shown before an update
    for r in p.findall("w:r", NS):
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert {fonts.get(w(a)) for a in ("eastAsia", "ascii", "hAnsi")} == {"宋体"}
        assert run_size(r) == 28


def numbered_sections(notice: Docx) -> list[etree._Element]:
    """Every section but the 版记's own, which is numbered unless it follows a blank page."""
    return [sect_pr for sect_pr, _ in notice.sections()[:-1]]


def test_every_section_has_a_right_aligned_odd_footer_with_the_page_number(notice: Docx) -> None:
    for sect_pr in numbered_sections(notice):
        assert_page_number_footer(notice.footer(sect_pr, "default"), "right", "right")


def test_every_section_has_a_left_aligned_even_footer_with_the_page_number(notice: Docx) -> None:
    for sect_pr in numbered_sections(notice):
        assert_page_number_footer(notice.footer(sect_pr, "even"), "left", "left")


def test_the_banji_after_a_landscape_annex_starts_a_portrait_section_on_an_even_page(notice: Docx) -> None:
    sect_pr, _ = notice.sections()[-1]
    assert sect_pr.find("w:type", NS).get(w("val")) == "evenPage"
    numbered = [
        notice.footer(sect_pr, kind).find(".//w:instrText", NS) is not None for kind in ("default", "even")
    ]
    assert numbered in ([True, True], [False, False])


def test_landscape_page_numbers_are_turned_at_the_foot_of_the_upright_sheet(notice: Docx) -> None:
    """GB/T 9704 §9: a landscape page keeps its number where the portrait pages have it, at the
    foot of the sheet held upright: the landscape page's left edge, text turned 90°."""
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    landscape = notice.sections()[1][0]
    for kind in ("default", "even"):
        footer = notice.footer(landscape, kind)
        anchor = footer.find(f".//{wp}anchor")
        assert anchor is not None
        h = anchor.find(f"{wp}positionH")
        assert h.get("relativeFrom") == "page"
        # 25 mm in from the landscape page's left edge: the portrait footer distance.
        assert abs(int(h.find(f"{wp}posOffset").text) - 25 * 36000) < 36000
        body_pr = footer.find(".//{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}bodyPr")
        assert body_pr.get("vert") == "vert"


def test_the_landscape_section_has_its_own_page_number_footers(notice: Docx) -> None:
    sections = notice.sections()
    landscape = sections[1][0]
    first = sections[0][0]
    for kind in ("default", "even"):
        footer = notice.footer(landscape, kind)
        assert footer is not notice.footer(first, kind)
        assert "instr:PAGE" in page_number_runs(footer)


# --- 版头: 文号, red rule, letterhead ------------------------------------------------------------------


def test_the_doc_number_is_centred_above_a_red_rule(notice: Docx) -> None:
    p = notice.paragraph(DOC_NUMBER)
    assert ppr_attr(p, "jc", "val") == "center"
    bottom = p.find("w:pPr/w:pBdr/w:bottom", NS)
    assert bottom is not None
    assert bottom.get(w("val")) == "single"
    assert bottom.get(w("color")).upper() == "FF0000"
    assert int(bottom.get(w("sz"))) >= 8
    # The rule sits under the number: no other paragraph of the head draws one.
    bordered = [ptext(q) for q in notice.paragraphs() if q.find("w:pPr/w:pBdr", NS) is not None]
    assert bordered == [DOC_NUMBER]


def test_without_a_letterhead_the_doc_number_is_the_first_text_and_nothing_is_red(notice: Docx) -> None:
    texts = [ptext(p) for p in notice.paragraphs() if ptext(p)]
    assert texts[0] == DOC_NUMBER
    assert not notice.document.findall(".//w:r/w:rPr/w:color", NS)


def test_a_letterhead_is_a_red_centred_xiaobiaosong_line_above_the_doc_number(tmp_path: Path) -> None:
    letterhead = "青禾市人民政府办公室文件"
    path = write_gongwen(dataclasses.replace(NOTICE, letterhead=letterhead), tmp_path / "红头.docx")
    doc = read_docx(path)
    first = next(p for p in doc.paragraphs() if ptext(p))
    assert ptext(first) == letterhead
    assert ppr_attr(first, "jc", "val") == "center"
    assert ppr_int(first, "spacing", "before") > 0  # room for the 35 mm above the letterhead
    for r in runs(first):
        assert r.find("w:rPr/w:color", NS).get(w("val")).upper() == "FF0000"
        assert run_font(r) == "方正小标宋简体"
        assert run_size(r) in range(44, 73)
    texts = [ptext(p) for p in doc.paragraphs() if ptext(p)]
    assert texts[1] == DOC_NUMBER


# --- annexes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers", [PORTRAIT_HEADERS, WIDE_HEADERS], ids=["portrait-table", "landscape-table"]
)
def test_annex_tables_repeat_a_header_row_and_have_half_point_borders(
    notice: Docx, headers: tuple[str, ...]
) -> None:
    table = notice.table_with_headers(headers)
    rows = table.findall("w:tr", NS)
    assert is_on(rows[0].find("w:trPr/w:tblHeader", NS))
    assert all(not is_on(tr.find("w:trPr/w:tblHeader", NS)) for tr in rows[1:])
    borders = table.find("w:tblPr/w:tblBorders", NS)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = borders.find(f"w:{side}", NS)
        assert (edge.get(w("val")), edge.get(w("sz"))) == ("single", "4"), side
    for r in runs(rows[0]):
        assert run_font(r) == "黑体"


def test_the_wide_annex_table_holds_every_row_and_column(notice: Docx) -> None:
    table = notice.table_with_headers(WIDE_HEADERS)
    rows = table.findall("w:tr", NS)
    assert len(WIDE_HEADERS) == 12
    assert len(rows) == 1 + WIDE_ROWS
    assert [row_texts(tr) for tr in rows[1:]] == [list(r) for r in WIDE_TABLE.rows]
    grid = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 12
    assert sum(grid) == 16838 - 1984 - 2098  # the landscape type area


@pytest.mark.parametrize(
    ("headers", "table"), [(PORTRAIT_HEADERS, PORTRAIT_TABLE), (WIDE_HEADERS, WIDE_TABLE)]
)
def test_numeric_columns_are_centred_and_text_columns_left(
    notice: Docx, headers: tuple[str, ...], table: GongwenTable
) -> None:
    tbl = notice.table_with_headers(headers)
    for tr in tbl.findall("w:tr", NS)[1:]:
        for c, tc in enumerate(tr.findall("w:tc", NS)):
            expected = "center" if c in table.numeric else "left"
            assert ppr_attr(tc.find("w:p", NS), "jc", "val") == expected, (headers[c], expected)
            assert tc.find("w:tcPr/w:vAlign", NS).get(w("val")) == "center"


def test_annexes_start_with_a_numbered_heiti_label_then_the_title(notice: Docx) -> None:
    texts = [ptext(p) for p in notice.paragraphs() if ptext(p)]
    for number, title in ((1, PORTRAIT_ANNEX_TITLE), (2, WIDE_ANNEX_TITLE)):
        label = notice.paragraph(f"附件{number}")
        assert [run_font(r) for r in runs(label)] == ["黑体"]
        assert texts[texts.index(f"附件{number}") + 1] == title
        title_p = notice.paragraph(title)
        assert [(run_font(r), run_size(r)) for r in runs(title_p)] == [("方正小标宋简体", 44)]
    # The portrait annex shares the body's section, so it needs a page break of its own.
    assert is_on(notice.paragraph("附件1").find("w:pPr/w:pageBreakBefore", NS))


def test_the_annex_list_hangs_so_later_lines_start_after_the_label(notice: Docx) -> None:
    first = notice.paragraph(f"附件：1.{PORTRAIT_ANNEX_TITLE}")
    second = notice.paragraph(f"2.{WIDE_ANNEX_TITLE}")
    left, hanging = ppr_int(first, "ind", "left"), ppr_int(first, "ind", "hanging")
    assert left - hanging == 640  # "附件：" starts two characters in, like the body text
    assert hanging == 3 * 320  # the width of "附件：" (GONGWEN.md §1: left 1600, hanging 960)
    assert ppr_int(second, "ind", "left") == left
    assert ppr_attr(second, "ind", "hanging") in (None, "0")
    assert ppr_attr(second, "ind", "firstLine") in (None, "0")


def label_width_twips(p: etree._Element, label: str) -> int:
    """Width of the paragraph's first ``len(label)`` characters as laid out: one em each (they are
    full-width) plus the character spacing of the run they sit in."""
    width, seen = 0, 0
    for r in runs(p):
        rpr = r.find("w:rPr", NS)
        em = int(rpr.find("w:sz", NS).get(w("val"))) * 10
        spacing_el = rpr.find("w:spacing", NS)
        spacing = int(spacing_el.get(w("val"))) if spacing_el is not None else 0
        for ch in ptext(r):
            if seen == len(label):
                return width
            assert ch == label[seen]
            width += em + spacing
            seen += 1
    return width


def test_the_annex_list_hanging_matches_the_condensed_width_of_the_label(notice: Docx) -> None:
    first = notice.paragraph(f"附件：1.{PORTRAIT_ANNEX_TITLE}")
    assert ppr_int(first, "ind", "hanging") == label_width_twips(first, "附件：")


def test_annex_list_lines_number_several_annexes_and_drop_final_punctuation() -> None:
    annexes = (GongwenAnnex("甲表。"), GongwenAnnex("乙\n表"), GongwenAnnex("丙表；"))
    assert annex_list_lines(annexes) == ["附件：1.甲表", "2.乙表", "3.丙表"]


def test_a_single_annex_is_listed_and_labelled_without_a_number(tmp_path: Path) -> None:
    annex = GongwenAnnex("未报送单位名单", table=PORTRAIT_TABLE)
    assert annex_list_lines((annex,)) == ["附件：未报送单位名单"]
    doc = read_docx(write_gongwen(dataclasses.replace(NOTICE, annexes=(annex,)), tmp_path / "单附件.docx"))
    texts = [ptext(p) for p in doc.paragraphs()]
    assert "附件：未报送单位名单" in texts
    assert "附件" in texts
    assert not any(re.fullmatch(r"附件\d+|附件：1\..*", t) for t in texts)
    orientations = [s.find("w:pgSz", NS).get(w("orient")) for s, _ in doc.sections()]
    assert "landscape" not in orientations  # no landscape annex: portrait throughout


# --- 署名 and 成文日期 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-04-08", "2021年4月8日"),
        ("2021年04月08日", "2021年4月8日"),
        ("2021/4/8", "2021年4月8日"),
        (" 2021.12.31 ", "2021年12月31日"),
        ("2021年4月8日", "2021年4月8日"),
        ("二〇二一年四月八日", "二〇二一年四月八日"),
    ],
)
def test_normalize_date_writes_arabic_digits_without_zero_padding(raw: str, expected: str) -> None:
    assert normalize_date(raw) == expected


def test_the_written_date_and_printed_on_are_normalised(notice: Docx) -> None:
    texts = [ptext(p) for p in notice.paragraphs()]
    assert "2021年4月8日" in texts
    assert "2021-04-08" not in "".join(texts)
    assert "2021年04月08日" not in "".join(texts)


# Widths as the docstring measures them, condensed 6 twips a character: a Chinese character is
# 320 − 6 = 314 twips, a Times New Roman digit 160 − 6 = 154; "2021年4月8日" = 3 × 314 + 6 × 154 = 1866.
DATE = "2021年4月8日"
DATE_WIDTH = 3 * 314 + 6 * 154


def test_a_long_signature_keeps_two_characters_right_and_the_date_starts_two_characters_in() -> None:
    sig_right, date_right = signature_indents(SIGNATURE, DATE)  # 10 characters: 3140 twips
    assert sig_right == 640
    assert date_right == 10 * 314 - DATE_WIDTH  # 1274
    # The date's first character sits two characters right of the signature's first one.
    assert (-date_right - DATE_WIDTH) - (-sig_right - 10 * 314) == 640


def test_a_short_signature_moves_left_so_the_date_ends_two_characters_from_the_margin() -> None:
    sig_right, date_right = signature_indents("办公室", DATE)  # 3 characters: 942 twips
    assert date_right == 640
    assert sig_right == 2 * 640 + DATE_WIDTH - 3 * 314  # 2204
    assert (-date_right - DATE_WIDTH) - (-sig_right - 3 * 314) == 640


def test_without_a_signature_or_date_both_indents_are_two_characters() -> None:
    assert signature_indents("", DATE) == (640, 640)
    assert signature_indents(SIGNATURE, "") == (640, 640)


def test_signature_date_and_note_close_the_body_right_aligned(notice: Docx) -> None:
    sig_right, date_right = signature_indents(SIGNATURE, DATE)
    sig, date = notice.paragraph(SIGNATURE), notice.paragraph(DATE)
    assert (ppr_attr(sig, "jc", "val"), ppr_int(sig, "ind", "right")) == ("right", sig_right)
    assert (ppr_attr(date, "jc", "val"), ppr_int(date, "ind", "right")) == ("right", date_right)
    note = notice.paragraph("（联系人：张三，联系电话：一二三四五六七）")
    assert ppr_attr(note, "ind", "firstLine") == "640"
    # In order, right after the 附件说明, and chained so the signature never opens a page alone.
    paragraphs = notice.paragraphs()
    i_sig, i_date, i_note = (paragraphs.index(p) for p in (sig, date, note))
    assert i_date == i_sig + 1
    assert i_note == i_date + 1
    assert paragraphs.index(notice.paragraph(f"2.{WIDE_ANNEX_TITLE}")) < i_sig
    assert is_on(sig.find("w:pPr/w:keepNext", NS))
    assert is_on(date.find("w:pPr/w:keepNext", NS))


# --- schema order ---------------------------------------------------------------------------------------


ORDERS = {
    "pPr": PPR_ORDER,
    "rPr": RPR_ORDER,
    "tblPr": TBLPR_ORDER,
    "trPr": TRPR_ORDER,
    "sectPr": SECTPR_ORDER,
}


def property_elements(notice: Docx) -> Iterator[tuple[str, etree._Element]]:
    names = ["word/document.xml", *notice.footers]
    for name in names:
        for kind in ORDERS:
            for el in notice.parts[name].iter(w(kind)):
                yield name, el
    normal = notice.parts["word/styles.xml"].find("w:style[@w:styleId='Normal']", NS)
    for kind in ("pPr", "rPr"):
        yield "Normal style", normal.find(f"w:{kind}", NS)


def test_no_property_element_appears_twice_in_a_ppr_rpr_tblpr_trpr_or_sectpr(notice: Docx) -> None:
    checked = 0
    for name, el in property_elements(notice):
        tags = [short(c.tag) for c in el if short(c.tag) != "w:footerReference"]
        dupes = {t for t in tags if tags.count(t) > 1}
        assert not dupes, f"{name}: {short(el.tag)} repeats {dupes}"
        checked += 1
    assert checked > 100


def test_property_elements_come_in_schema_order(notice: Docx) -> None:
    for name, el in property_elements(notice):
        order = ORDERS[el.tag.split("}", 1)[1]]
        positions = [order.index(short(c.tag)) for c in el if short(c.tag) in order]
        assert positions == sorted(positions), f"{name}: {[short(c.tag) for c in el]}"


# --- atomic write -----------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".~gkdesk-")]


def test_writing_over_an_existing_file_replaces_it(tmp_path: Path) -> None:
    target = tmp_path / "通知.docx"
    target.write_bytes(b"an old file that is not a docx")
    assert write_gongwen(NOTICE, target) == target
    doc = read_docx(target)
    assert ptext(doc.paragraph(TITLE)) == TITLE
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["通知.docx"]


def test_a_locked_target_raises_file_locked_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "通知.docx"
    old = b"the file Word still holds open"
    target.write_bytes(old)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(gongwen.os, "replace", locked)
    with pytest.raises(UserError) as info:
        write_gongwen(NOTICE, target)
    assert info.value.code == "file_locked"
    assert isinstance(info.value.__cause__, PermissionError)
    assert info.value.params["path"] == str(target)
    assert "通知.docx" in info.value.message
    assert target.read_bytes() == old
    assert leftovers(tmp_path) == []


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "新建" / "子目录" / "通知.docx"
    write_gongwen(NOTICE, target)
    assert zipfile.is_zipfile(target)


def test_build_document_sets_the_title_and_author_properties() -> None:
    document = build_document(NOTICE)
    assert document.core_properties.title == clean_title(TITLE)
    assert document.core_properties.author == SIGNATURE


# --- rendering with LibreOffice ---------------------------------------------------------------------

GRID_TOOL = Path(__file__).resolve().parents[3] / "shared" / "tools" / "gongwen_grid.py"
needs_render_tools = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice (soffice) and pdftotext",
)


@needs_render_tools
@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs pdfinfo")
def test_libreoffice_lays_the_body_out_on_a_22_by_28_grid(notice_path: Path) -> None:
    if not GRID_TOOL.exists():
        pytest.skip(f"{GRID_TOOL} is not there")
    done = subprocess.run(
        [sys.executable, str(GRID_TOOL), str(notice_path), "--pages", "1-2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "22" in done.stdout
    assert "28" in done.stdout


@pytest.fixture(scope="module")
def rendered_pdf(notice_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("needs LibreOffice (soffice) and pdftotext")
    work = tmp_path_factory.mktemp("render")
    out = Path(os.environ["GKDESK_RENDER_DIR"]) if os.environ.get("GKDESK_RENDER_DIR") else work
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
            "--convert-to",
            # As the notice prints: the blank page LibreOffice inserts before an even page kept.
            'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
            "--outdir",
            str(out),
            str(notice_path),
        ],
        capture_output=True,
        timeout=300,
    )
    pdf = out / (notice_path.stem + ".pdf")
    assert pdf.exists(), "LibreOffice did not render the notice"
    return pdf


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Pages:\s+(\d+)", info)
    assert match, info
    return int(match.group(1))


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@needs_render_tools
@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs pdfinfo")
def test_every_rendered_page_shows_its_own_page_number(rendered_pdf: Path) -> None:
    """Every page but a blank page and the 版记 page after it (GB/T 9704 §7.5); landscape pages
    carry theirs turned at the left edge, which pdftotext reads as a column of its own."""
    pages = pdf_pages(rendered_pdf)
    assert pages >= 4  # two body pages at least, the portrait annex, the landscape table
    blank_before = False
    for page in range(1, pages + 1):
        text = page_text(rendered_pdf, page)
        if not text.strip():
            blank_before = True
            continue
        if "印发" in text and blank_before:
            assert not re.search(r"—\s*\d+\s*—", text)
            continue
        flat = re.sub(r"\s", "", text)
        assert re.search(rf"—\s*{page}\s*—", text) or f"—{page}—" in flat, (
            f"page {page} has no “— {page} —”:\n{text}"
        )
        blank_before = False
    assert pages % 2 == 0


@needs_render_tools
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm")
@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs pdfinfo")
def test_the_rendered_pages_can_be_kept_as_images(rendered_pdf: Path) -> None:
    prefix = rendered_pdf.parent / rendered_pdf.stem
    started = time.time() - 2  # GKDESK_RENDER_DIR may hold the images of an earlier run
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(rendered_pdf), str(prefix)], check=True, timeout=300)
    images = [
        image
        for image in rendered_pdf.parent.glob(f"{rendered_pdf.stem}-*.png")
        if image.stat().st_mtime >= started
    ]
    assert len(images) == pdf_pages(rendered_pdf)
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)


@needs_render_tools
@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs pdfinfo")
def test_the_wide_table_is_rendered_on_landscape_pages(rendered_pdf: Path) -> None:
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pdf_pages(rendered_pdf)), str(rendered_pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    orientation = {}
    for m in re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", sizes):
        orientation[int(m.group(1))] = float(m.group(2)) > float(m.group(3))
    landscape = [p for p, wide in orientation.items() if wide]
    assert landscape, "no landscape page"
    for page in landscape:
        assert "单位名称" in page_text(rendered_pdf, page)  # the header row repeats on each page
    assert not orientation[1] and not orientation[max(orientation)]


# --- the three real notices ---------------------------------------------------------------------------

HEADER = NoticeHeader(
    office=SIGNATURE,
    doc_number=DOC_NUMBER,
    recipients="各县（市、区）人民政府，市直各有关单位：",
    signature=SIGNATURE,
    date="2021年4月8日",
    contacts="张三，一二三四五六七",
)


def annex_titles(doc: Docx) -> list[str]:
    """The text of the paragraph two lines after each "附件…" label (label, blank, title)."""
    paragraphs = doc.body.findall("w:p", NS)
    titles = []
    for i, p in enumerate(paragraphs):
        if re.fullmatch(r"附件\d*", ptext(p)):
            assert ptext(paragraphs[i + 1]) == ""
            titles.append(ptext(paragraphs[i + 2]).replace("\n", ""))
    return titles


def title_paragraph_text(doc: Docx) -> str:
    """The first 二号 方正小标宋简体 paragraph: the notice's title."""
    for p in doc.paragraphs():
        rs = [r for r in runs(p) if ptext(r)]
        if rs and all(run_font(r) == "方正小标宋简体" and run_size(r) == 44 for r in rs):
            return ptext(p).replace("\n", "")  # broken between words by the writer
    raise AssertionError("no title")


def test_report_notice_has_its_title_and_the_template_and_task_list_annexes(tmp_path: Path) -> None:
    n = ReportNotice(
        header=HEADER,
        year=2021,
        quarter=1,
        plan_title="青禾市2021年政务公开工作要点",
        deadline="2021年4月15日",
        duties=(
            DutyRow("市财政局", 1, "推进财政预决算公开", "lead", "市财政局", "2021年6月底前"),
            DutyRow("市教育局", 2, "做好义务教育招生信息公开", "co", "市财政局、市教育局"),
        ),
        units=2,
    )
    doc = read_docx(write_gongwen(report_notice(n), tmp_path / "报送通知.docx"))
    assert title_paragraph_text(doc) == "关于报送2021年第一季度政务公开重点工作进展情况的通知"
    assert annex_titles(doc) == [
        "2021年第一季度政务公开重点工作进展情况报送表",
        "2021年政务公开重点任务分工清单",
    ]
    # One row per task with its lead and cooperating units (not one per unit × task).
    table = doc.table_with_headers(("序号", "重点任务", "牵头单位", "配合单位", "完成时限"))
    assert [row_texts(tr) for tr in table.findall("w:tr", NS)[1:]] == [
        ["1", "推进财政预决算公开", "市财政局", "—", "2021年6月底前"],
        ["2", "做好义务教育招生信息公开", "市财政局、市教育局", "市教育局", "—"],
    ]
    assert all(s.find("w:pgSz", NS).get(w("orient")) != "landscape" for s, _ in doc.sections())
    assert "附件：1.2021年第一季度政务公开重点工作进展情况报送表" in [ptext(p) for p in doc.paragraphs()]


def test_remind_notice_has_its_title_and_one_unnumbered_missing_units_annex(tmp_path: Path) -> None:
    n = RemindNotice(
        header=HEADER,
        year=2021,
        quarter=1,
        first_title="关于报送2021年第一季度政务公开重点工作进展情况的通知",
        first_number=DOC_NUMBER,
        first_deadline="2021年4月15日",
        as_of="2021年4月16日",
        new_deadline="2021年4月20日",
        missing=(MissingRow("市民政局", 3, 0), MissingRow("市卫生健康委", 2, 1)),
        incomplete=(MissingRow("市教育局", 4, 3, "报送不完整"),),
    )
    doc = read_docx(write_gongwen(remind_notice(n), tmp_path / "催报通知.docx"))
    title = "2021年第一季度政务公开重点工作进展情况未报送单位名单"
    assert title_paragraph_text(doc) == "关于催报2021年第一季度政务公开重点工作进展情况的通知"
    assert annex_titles(doc) == [title]
    texts = [ptext(p) for p in doc.paragraphs()]
    assert f"附件：{title}" in texts
    assert "市民政局、市卫生健康委：" in texts
    table = doc.table_with_headers(("序号", "单位名称", "应报任务数", "已报任务数", "未报任务数", "备注"))
    assert [row_texts(tr)[1] for tr in table.findall("w:tr", NS)[1:]] == [
        "市民政局",
        "市卫生健康委",
        "市教育局",
    ]


def score(
    unit: str, category: str, points: tuple[float, ...], total: float, rank: int, grade: str
) -> UnitScore:
    names = (("1", "报送及时性", 20.0), ("2", "报送质量", 30.0), ("3", "任务落实", 50.0))
    items = tuple(ItemScore(c, n, m, p) for (c, n, m), p in zip(names, points, strict=True))
    return UnitScore(unit, category, items, bonus=1, penalty=0, total=total, rank=rank, grade=grade)


def test_result_notice_puts_the_ranking_annex_in_a_landscape_section(tmp_path: Path) -> None:
    rubric = Rubric(
        "季度考核细则",
        (
            RubricItem("1", "报送及时性", 20, "timeliness"),
            RubricItem("2", "报送质量", 30, "quality"),
            RubricItem("3", "任务落实", 50, "tasks"),
        ),
    )
    sheet = ScoreSheet(
        period_title="2021年第一季度",
        year=2021,
        quarter=1,
        office=SIGNATURE,
        made_on="2021年4月20日",
        rubric=rubric,
        units=(
            score("市财政局", "市直单位", (20, 28, 45), 94, 1, "优秀"),
            score("市教育局", "市直单位", (18, 25, 40), 84, 2, "良好"),
            score("甲县人民政府", "县区", (10, 20, 25), 56, 1, "较差"),
        ),
    )
    n = ResultNotice(
        header=HEADER,
        sheet=sheet,
        first_title="关于报送2021年第一季度政务公开重点工作进展情况的通知",
        units=3,
        reported=3,
        on_time=2,
        status_counts=(("已完成", 3), ("按序时推进", 2), ("滞后", 1)),
        late_units=("甲县人民政府",),
    )
    doc = read_docx(write_gongwen(result_notice(n), tmp_path / "考核通报.docx"))
    assert title_paragraph_text(doc) == "关于2021年第一季度政务公开工作考核情况的通报"
    assert annex_titles(doc) == ["2021年第一季度政务公开工作考核得分排名表"]
    headers = (
        "序号",
        "单位名称",
        "报送及时性\n（20分）",
        "报送质量\n（30分）",
        "任务落实\n（50分）",
        "加分",
        "扣分",
        "总分",
        "排名",
        "等次",
    )
    table = doc.table_with_headers(headers)
    sections = doc.sections()
    holding = [sect_pr for sect_pr, elements in sections if table in elements]
    assert len(holding) == 1
    pg_sz = holding[0].find("w:pgSz", NS)
    assert pg_sz.get(w("orient")) == "landscape"
    assert int(pg_sz.get(w("w"))) > int(pg_sz.get(w("h")))
    # The label and title of the annex sit in that landscape section too; the body does not.
    landscape_elements = next(elements for sect_pr, elements in sections if sect_pr is holding[0])
    assert "附件" in [ptext(el) for el in landscape_elements if el.tag == w("p")]
    assert sections[0][0].find("w:pgSz", NS).get(w("orient")) != "landscape"
    # One block per category: a heading row across the table, then its units in rank order.
    assert [row_texts(tr)[:2] for tr in table.findall("w:tr", NS)[1:]] == [
        ["市直单位（2个）"],
        ["1", "市财政局"],
        ["2", "市教育局"],
        ["县区（1个）"],
        ["3", "甲县人民政府"],
    ]
