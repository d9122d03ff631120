"""Word notices (公文) laid out per GB/T 9704-2012: a ``GongwenDoc`` in, a .docx out.

The numbers come from /work/shared/spec/GONGWEN.md: A4, margins 37/35/28/26 mm, 22 lines of 28
characters (仿宋_GB2312 三号 on exact 579-twip lines, a ``lines`` document grid and runs condensed
0.3 pt, the recipe of §0 that holds in Word, WPS *and* LibreOffice), "— N —" page numbers at the
outer edge of odd and even pages, annexes on pages of their own (landscape sections for wide
tables) and the 版记 at the end. This module lays out the parts in order; ``gongwen_page`` holds
the styles, page setup, sections and footers, ``gongwen_tables`` the annex tables and the 版记,
``gongwen_xml`` the raw OOXML python-docx has no API for.

    write_gongwen(doc, Path("通知.docx"))   # atomic; a file open in Word/WPS → UserError
    build_document(doc)                      # the python-docx Document, for tests

Fonts are written by name and never embedded: a reader without 方正小标宋简体 or 仿宋_GB2312 gets
Word's substitute, as with any document the office types by hand.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.section import Section
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gkdesk.debris import new_file
from gkdesk.errors import UserError
from gkdesk.exporters import gongwen_xml as x
from gkdesk.exporters.gongwen_flow import estimate
from gkdesk.exporters.gongwen_page import (
    LANDSCAPE,
    PORTRAIT,
    TRAILING_LINE,
    FooterKind,
    PageSetup,
    add_footers,
    apply_page,
    end_with_paragraph,
    setup_styles,
    start_section,
)
from gkdesk.exporters.gongwen_tables import (
    ROW_MIN_HEIGHT,
    add_annex_table,
    add_banji_table,
    banji_height,
    set_min_row_height,
)
from gkdesk.exporters.gongwen_title import break_title
from gkdesk.exporters.gongwen_xml import (
    BODY_SZ,
    CHAR,
    CONDENSE,
    FANGSONG,
    HEITI,
    KAITI,
    LATIN,
    LINE,
    RED,
    TITLE_SZ,
    TWO_CHARS,
    XIAOBIAOSONG,
)
from gkdesk.records import GongwenAnnex, GongwenDoc

RED_RULE_SZ, RED_RULE_SPACE = 12, 7  # 1.5 pt red rule, 7 pt below the 文号 line: 4 mm under the ink
LETTERHEAD_TOP = 1984  # twips (35 mm): type-area top to the letterhead's top edge (GB/T 9704 §7.2.2)


_ROLE_FONTS = {
    "p": (FANGSONG, False),
    "h1": (HEITI, False),
    "h2": (KAITI, False),
    "h3": (FANGSONG, True),
    "h4": (FANGSONG, False),
}
_FINAL_PUNCTUATION = "。．.，,；;：:、！!？?"
_DATE = re.compile(r"^\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?\s*$")


def write_gongwen(doc: GongwenDoc, path: Path) -> Path:
    """Write ``doc`` to ``path`` atomically: a temporary file in the same folder, then a rename, so
    a reader never sees half a file and a failed write leaves the old one in place."""
    path = Path(path)
    document = build_document(doc)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = new_file(path.parent, ".docx")
    except PermissionError as exc:
        raise UserError(
            f"无法在文件夹“{path.parent}”中保存文件，请检查权限或换一个位置。",
            code="folder_not_writable",
            path=str(path),
        ) from exc
    try:
        document.save(str(temp))
        os.replace(temp, path)
    except PermissionError as exc:
        temp.unlink(missing_ok=True)
        # On Windows the rename fails while Word or WPS holds the old file open.
        raise UserError(
            f"文件“{path.name}”正在被 Word 或 WPS 打开，请关闭后重试。",
            code="file_locked",
            path=str(path),
        ) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def build_document(doc: GongwenDoc) -> Document:
    """The notice as a python-docx ``Document`` (not yet saved)."""
    document = docx.Document()
    setup_styles(document)
    apply_page(document.sections[0], PORTRAIT)
    writer = _Writer(document)
    writer.head(doc)
    for role, text in doc.body:
        writer.body(role, text)
    writer.closing(doc)
    for number, annex in enumerate(doc.annexes, start=1):
        writer.annex(annex, number if len(doc.annexes) > 1 else None)
    if doc.copy_to or doc.printed_by or doc.printed_on:
        writer.banji(doc)
    end_with_paragraph(document)
    for i, section in enumerate(document.sections):
        add_footers(section, writer.footers.get(i, "portrait"), shape_id=100 + 2 * i)
    document.core_properties.title = clean_title(doc.title)
    document.core_properties.author = x.clean_text(doc.signature)
    return document


# --- pure helpers (tested directly) -----------------------------------------------------------------


def normalize_date(text: str) -> str:
    """Dates as GB/T 9704 writes them, Arabic digits without zero padding: "2024-04-08",
    "2024/4/8" and "2024年04月08日" all become "2024年4月8日".
    Anything else (二〇二四年四月八日) is kept as written."""
    m = _DATE.match(text)
    if not m:
        return text.strip()
    year, month, day = m.groups()
    return f"{year}年{int(month)}月{int(day)}日"


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[^\d\[\]()（）〔〕【】［］{}｛｝<>《》]*?)\s*"
    r"(?P<open>[\[(（〔【［{｛<《]?)\s*(?P<year>(?:19|20)\d{2})\s*(?P<close>[\])）〕】］}｝>》]|年)?\s*"
    r"第?\s*(?P<serial>\d*)\s*(?P<blank>[\s　]*)号?$"
)


def doc_number_problem(text: str) -> str | None:
    """What is wrong with a 发文字号, in Chinese, or None when it is right (or empty).

    GB/T 9704 §7.2.4: 机关代字, the year in 六角括号 〔〕 and the serial number without leading
    zeros (不编虚位): "青政办函〔2021〕18号". "永政办函[2021]18号", "（2021）018号" and the like are
    refused with the corrected form. A blank serial ("青政办函〔2021〕　号", to be filled in by hand)
    is accepted.
    """
    raw = text.strip()
    if not raw:
        return None
    m = _DOC_NUMBER.match(raw.translate(_FULLWIDTH_DIGITS))
    if m is not None and not m.group("prefix").strip():
        serial = m.group("serial")
        tail = f"〔{m.group('year')}〕{int(serial) if serial else '　'}号"
        return (
            f"文号“{raw}”缺少机关代字，应写作“机关代字{tail}”，如“青政办函{tail}”"
            "（年份用六角括号〔〕，序号不编虚位）。"
        )
    if m is None:
        return (
            f"文号“{raw}”不合规范：应由机关代字、〔年份〕和序号组成，如“青政办函〔2021〕18号”"
            "（年份用六角括号〔〕，序号不编虚位）。"
        )
    prefix, year, serial = m.group("prefix").strip(), m.group("year"), m.group("serial")
    fixed = f"{prefix}〔{year}〕{int(serial)}号" if serial else f"{prefix}〔{year}〕　号"
    if raw == fixed or (not serial and raw.replace(" ", "　") == fixed):
        return None
    return f"文号应写作“{fixed}”（年份用六角括号〔〕，序号不编虚位），收到的是“{raw}”。"


def signature_indents(signature: str, date: str) -> tuple[int, int]:
    """Right indents (twips) of the 署名 and 成文日期 lines, both right-aligned.

    GB/T 9704 §7.3.5.2: the signature ends 2 characters from the right margin and the date's first
    character sits 2 characters right of the signature's first one; when the date is the longer,
    the date ends 2 characters from the margin and the signature moves left instead. With W the
    text width, ws/wd the widths of the two lines: the signature starts at W − 640 − ws, the date
    at W − r − wd, so r = ws − wd. Widths are measured, not counted: the date's digits are
    half-width Times New Roman, so "2024年4月8日" is 6 em wide, not 9; every character is also
    condensed 0.3 pt like the body text.
    """
    if not signature or not date:
        return TWO_CHARS, TWO_CHARS
    ws = x.text_width_twips(signature, BODY_SZ, CONDENSE)
    wd = x.text_width_twips(date, BODY_SZ, CONDENSE)
    date_right = ws - wd
    if date_right >= TWO_CHARS:
        return TWO_CHARS, date_right
    return TWO_CHARS + (TWO_CHARS - date_right), TWO_CHARS


def annex_list_lines(annexes: tuple[GongwenAnnex, ...]) -> list[str]:
    """The 附件说明 lines: "附件：1.甲" "2.乙", or "附件：甲" for a single annex; no final punctuation."""
    names = [clean_title(a.title).rstrip(_FINAL_PUNCTUATION + " 　") for a in annexes]
    if len(names) == 1:
        return [f"附件：{names[0]}"]
    return [("附件：" if i == 1 else "") + f"{i}.{name}" for i, name in enumerate(names, start=1)]


def clean_title(title: str) -> str:
    return "".join(line.strip() for line in x.clean_text(title).splitlines())


# --- the writer -------------------------------------------------------------------------------------


class _Writer:
    """Appends the parts of a notice in order; remembers the orientation of the current section."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.page = PORTRAIT
        self.footers: dict[int, FooterKind] = {}  # section index → its page numbers

    # paragraphs

    def paragraph(
        self,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
        *,
        line: int | None = LINE,
        **indent: int,
    ) -> Paragraph:
        paragraph = self.document.add_paragraph()
        x.set_line_spacing(paragraph, line)
        x.set_indent(paragraph, **indent)
        x.set_alignment(paragraph, align)
        return paragraph

    def blank(self, line: int = LINE) -> Paragraph:
        """An empty Normal line (no runs): it measures 仿宋 三号 from the style."""
        paragraph = self.document.add_paragraph()
        x.set_line_spacing(paragraph, line)
        return paragraph

    @staticmethod
    def run(
        paragraph: Paragraph,
        text: str,
        font: str = FANGSONG,
        size: int = BODY_SZ,
        *,
        bold: bool = False,
        color: str | None = None,
        spacing: int = CONDENSE,
    ) -> Run:
        run = paragraph.add_run(x.clean_text(text))
        return x.style_run(run, font, LATIN, size, bold=bold, color=color, char_spacing=spacing)

    def lines(self, paragraph: Paragraph, text: str, font: str, size: int) -> None:
        """A title as runs joined by explicit line breaks: broken between words into a trapezoid
        (``gongwen_title``), so every reader shows the same lines; "\n" in ``text`` forces a break."""
        width = x.text_width(self.section)
        parts = break_title(x.clean_text(text), width) or [""]
        for i, part in enumerate(parts):
            run = self.run(paragraph, part, font, size)
            if i < len(parts) - 1:
                run.add_break()

    # 版头 and 主体

    def head(self, doc: GongwenDoc) -> None:
        """Letterhead, 发文字号 with the red rule, the title and the 主送 line.

        ``letterhead_mode``: red — the red 发文机关标志, 35 mm below the top of the type area, two
        blank lines, the 文号 and the red rule; preprinted — the same place left empty for the head
        printed on the paper (which carries the red rule too), only the 文号 printed where it falls;
        plain — no head, the 文号 and the red rule on the first line.
        """
        mode = doc.letterhead_mode
        name = x.clean_text(doc.letterhead).strip()
        if mode == "red" and not name:
            mode = "plain"
        if mode in ("red", "preprinted"):
            # As large as fits one line (22–36 pt); the line is a little taller than the type.
            size_pt = max(
                22, min(36, x.text_width(self.section) // 20 // max(1, len(name or "某某市人民政府办公室")))
            )
            line = size_pt * 25
            p = self.paragraph(WD_ALIGN_PARAGRAPH.CENTER, line=line)
            # Exact spacing puts the extra line height above the type: take it off the 35 mm.
            p.paragraph_format.space_before = Twips(max(0, LETTERHEAD_TOP - (line - size_pt * 20) // 2))
            if mode == "red":
                self.run(p, name, XIAOBIAOSONG, size_pt * 2, color=RED, spacing=0)
            self.blank()
            self.blank()
        rule = mode != "preprinted"
        if doc.doc_number or mode != "plain":
            p = self.paragraph(WD_ALIGN_PARAGRAPH.CENTER)
            if doc.doc_number:
                self.run(p, doc.doc_number.strip(), FANGSONG, BODY_SZ)
            if rule:
                x.add_paragraph_border(p, "bottom", size=RED_RULE_SZ, color=RED, space=RED_RULE_SPACE)
            # The rule adds its space and width below the line; the next blank line gives them back,
            # so the title and everything after stay on the 579-twip grid (and sit where they sit
            # on red-head paper when the paper carries the rule).
            self.blank(LINE - RED_RULE_SPACE * 20 - RED_RULE_SZ * 20 // 8)
            if not rule:
                p.paragraph_format.space_after = Twips(RED_RULE_SPACE * 20 + RED_RULE_SZ * 20 // 8)
            self.blank()
        title = self.paragraph(WD_ALIGN_PARAGRAPH.CENTER)
        self.lines(title, doc.title, XIAOBIAOSONG, TITLE_SZ)
        self.blank()
        recipients = x.clean_text(doc.recipients).strip()
        if recipients:
            if recipients.endswith(":"):
                recipients = recipients[:-1]
            if not recipients.endswith("："):
                recipients += "："
            # Flush left: a justified one-line 主送 would be stretched when it wraps before a word.
            self.run(self.paragraph(WD_ALIGN_PARAGRAPH.LEFT), recipients)

    def body(self, role: str, text: str) -> None:
        """正文 and headings 一、（一）1.（1）: all 三号, two characters in, justified."""
        font, bold = _ROLE_FONTS.get(role, _ROLE_FONTS["p"])
        p = self.paragraph(first_line=TWO_CHARS, first_line_chars=200)
        if role in ("h1", "h2"):
            p.paragraph_format.keep_with_next = True  # never a heading alone at a page foot
        self.run(p, text, font, bold=bold)

    def closing(self, doc: GongwenDoc) -> None:
        """附件说明, 署名, 成文日期, 附注.

        They keep with the last body paragraph (keep-with-next), so the signature never starts a
        page without body text above it (GB/T 9704 §7.3.5 asks the same of a seal). That chain is
        short lines only; the body paragraph at its head may split, so when it does not fit the
        page its last line goes over with it (unless a heading keeps with that paragraph: then the
        chain starts after it). When the chain alone would leave a third of a page empty
        (the body ends a few lines above the foot), its blank lines are made half as high, as the
        standard suggests (调整行距), if that lets it stay on the page.
        """
        chain: list[Paragraph] = []
        last = self.document.element.body.get_or_add_sectPr().getprevious()
        body_end = (
            Paragraph(last, self.document._body) if last is not None and last.tag == qn("w:p") else None
        )
        before = last.getprevious() if last is not None else None
        # A paragraph kept with on both sides (a heading above keeps with it) moves as a whole in
        # LibreOffice, where Word would split it: a third of a page left empty. Such a paragraph
        # joins the chain only when the closing would otherwise start a page of its own.
        kept = (
            before is not None
            and before.tag == qn("w:p")
            and bool(Paragraph(before, self.document._body).paragraph_format.keep_with_next)
        )
        if body_end is not None and not kept:
            chain.append(body_end)
        spacers: list[Paragraph] = []
        if doc.annexes:
            spacers.append(self.blank())
            chain.append(spacers[-1])
            for i, line in enumerate(annex_list_lines(doc.annexes)):
                # "附件：" is three characters: wrapped lines (and the 2nd… annexes) start after it.
                hanging = 3 * CHAR if i == 0 else 0
                p = self.paragraph(WD_ALIGN_PARAGRAPH.LEFT, left=TWO_CHARS + 3 * CHAR, hanging=hanging)
                if i == 0 and line.startswith("附件："):
                    # The label keeps its full width so the hanging indent (3 characters) lines up.
                    self.run(p, "附件：", spacing=0)
                    line = line.removeprefix("附件：")
                self.run(p, line)
                chain.append(p)
        signature = x.clean_text(doc.signature).strip()
        date = normalize_date(x.clean_text(doc.date))
        sig_right, date_right = signature_indents(signature, date)
        if signature or date:
            spacers.append(self.blank())
            chain.append(spacers[-1])
        if signature:
            chain.append(self.paragraph(WD_ALIGN_PARAGRAPH.RIGHT, right=sig_right))
            self.run(chain[-1], signature)
        if date:
            chain.append(self.paragraph(WD_ALIGN_PARAGRAPH.RIGHT, right=date_right))
            self.run(chain[-1], date)
        note = x.clean_text(doc.note).strip()
        if note:
            if not note.startswith(("（", "(")):
                note = f"（{note}）"  # GB/T 9704 §7.3.6: 附注 goes in parentheses
            chain.append(self.paragraph(first_line=TWO_CHARS, first_line_chars=200))
            self.run(chain[-1], note)
        if len(chain) > 1:
            for p in chain[:-1]:
                p.paragraph_format.keep_with_next = True
            if body_end is not None and chain[0] is not body_end:
                flow = estimate(self.document)
                end, first = flow.placed.get(body_end._p), flow.placed.get(chain[0]._p)
                if end is not None and first is not None and first.first_page > end.last_page:
                    body_end.paragraph_format.keep_with_next = True  # no signature page without text
                    chain.insert(0, body_end)
            self._fit_closing(chain, spacers)

    def _fit_closing(self, chain: list[Paragraph], spacers: list[Paragraph]) -> None:
        """Halve the blank lines of the closing chain when that keeps it on the body's last page."""
        if not spacers or len(chain) < 2:
            return
        flow = estimate(self.document)
        head, rest = flow.placed.get(chain[0]._p), flow.placed.get(chain[1]._p)
        if head is None or rest is None or rest.first_page == head.first_page:
            return  # the chain starts on the page where the body's last paragraph starts
        for spacer in spacers:
            x.set_line_spacing(spacer, LINE // 2)
        flow = estimate(self.document)
        head, rest = flow.placed[chain[0]._p], flow.placed[chain[1]._p]
        last = flow.placed[chain[-1]._p]
        if not (rest.first_page == head.first_page and last.last_page == head.first_page):
            for spacer in spacers:  # no use: the chain moves anyway
                x.set_line_spacing(spacer, LINE)

    # 附件

    def annex(self, annex: GongwenAnnex, number: int | None) -> None:
        """An annex on new pages: "附件N", a blank line, the title, a blank line, paragraphs, table."""
        page = LANDSCAPE if annex.landscape else PORTRAIT
        new_section = page != self.page
        if new_section:
            self.new_section(page)
        label = self.paragraph(WD_ALIGN_PARAGRAPH.LEFT)
        if not new_section:  # a new section already starts a new page
            label.paragraph_format.page_break_before = True
        self.run(label, "附件" if number is None else f"附件{number}", HEITI)
        self.blank()
        self.lines(self.paragraph(WD_ALIGN_PARAGRAPH.CENTER), annex.title, XIAOBIAOSONG, TITLE_SZ)
        self.blank()
        for text in annex.paragraphs:
            self.body("p", text)
        if annex.table is not None:
            table = add_annex_table(self.document, annex.table, x.text_width(self.section))
            if table is not None:
                self._no_orphan_rows(table._tbl, annex)

    def _no_orphan_rows(self, tbl: CT_Tbl, annex: GongwenAnnex) -> None:
        """Lower the rows' minimum height a little when the table would otherwise leave a block
        heading at the foot of a page, or carry a block's (or the table's) last row alone onto a
        new page; Word also keeps those rows together by keep-with-next, LibreOffice does not."""
        assert annex.table is not None
        headings = set(annex.table.headings)
        ends = {k - 1 for k in headings if k > 0} | {len(annex.table.rows) - 1}

        def orphans() -> bool:
            rows = estimate(self.document).placed[tbl].rows[1:]  # [0] is the header row
            for k in range(1, len(rows)):
                if rows[k] != rows[k - 1] and (k - 1 in headings or k in ends):
                    return True
            return False

        table = Table(tbl, self.document._body)
        for height in (ROW_MIN_HEIGHT, 420, 400):
            set_min_row_height(table, height)
            if not orphans():
                return
        set_min_row_height(table, ROW_MIN_HEIGHT)

    # sections and 版记

    @property
    def section(self) -> Section:
        return self.document.sections[-1]

    def new_section(self, page: PageSetup) -> None:
        start_section(self.document, page)
        self.page = page
        if page.landscape:
            self.footers[len(self.document.sections) - 1] = "landscape"

    def banji(self, doc: GongwenDoc) -> None:
        """The 版记 at the foot of the last page, which is an even page (GB/T 9704 §7.4, §8.3).

        Pages are counted with ``gongwen_flow``: when the text ends on an even portrait page with
        room to spare (three lines above and below, in case a reader wraps a line differently),
        the 版记 is pinned to the foot of that page. Otherwise it goes to a portrait section that
        starts on the next even page (``evenPage``: Word and LibreOffice add a blank page when the
        text ends on an even page, whatever the count), pinned to its foot; after a blank page
        neither it nor the 版记 page is numbered (GB/T 9704 §7.5).
        """
        copy_to = x.clean_text(doc.copy_to).strip().removeprefix("抄送：").removeprefix("抄送:")
        if copy_to:
            copy_to = "抄送：" + copy_to.rstrip("。.，,；; ") + "。"
        printed_by = x.clean_text(doc.printed_by).strip()
        printed_on = normalize_date(x.clean_text(doc.printed_on))
        printed = f"{printed_by}\t{printed_on}印发" if printed_on else printed_by
        flow = estimate(self.document)
        needed = banji_height(copy_to, printed, x.text_width(self.section)) + 3 * LINE
        here = (
            not self.page.landscape and flow.pages % 2 == 0 and flow.room >= needed and flow.end_y >= 3 * LINE
        )
        if not here:
            self.new_section(PORTRAIT)
            x.set_section_start(self.section, "evenPage")
            if flow.pages % 2 == 0:  # a blank page comes first: neither page is numbered
                self.footers[len(self.document.sections) - 1] = "none"
        # A paragraph before the 版记's table: between it and a table of the text Word would join
        # the two; at the start of a section LibreOffice needs it to carry the page break.
        x.set_line_spacing(self.document.add_paragraph(), TRAILING_LINE)
        margin = self.section.left_margin
        assert margin is not None
        add_banji_table(self.document, copy_to, printed, x.text_width(self.section), margin.twips)
        x.set_line_spacing(self.document.add_paragraph(), TRAILING_LINE)  # the 版记's anchor
