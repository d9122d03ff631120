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

import contextlib
import os
import re
import tempfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gkdesk.errors import UserError
from gkdesk.exporters import gongwen_xml as x
from gkdesk.exporters.gongwen_page import (
    LANDSCAPE,
    PORTRAIT,
    PageSetup,
    add_footers,
    apply_page,
    end_with_paragraph,
    setup_styles,
    start_section,
)
from gkdesk.exporters.gongwen_tables import add_annex_table, add_banji_table
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
        fd, name = tempfile.mkstemp(prefix=".~gkdesk-", suffix=".docx", dir=path.parent)
    except PermissionError as exc:
        raise UserError(
            f"无法在文件夹“{path.parent}”中保存文件，请检查权限或换一个位置。",
            code="folder_not_writable",
            path=str(path),
        ) from exc
    os.close(fd)
    temp = Path(name)
    try:
        document.save(str(temp))
        # mkstemp makes the file private (0600); give it the mode an ordinary save would.
        with contextlib.suppress(OSError):
            os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
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
    for section in document.sections:
        add_footers(section)
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
        """Each line of a title as a run, joined by line breaks (the office splits long titles)."""
        parts = [part.strip() for part in x.clean_text(text).splitlines() if part.strip()] or [""]
        for i, part in enumerate(parts):
            run = self.run(paragraph, part, font, size)
            if i < len(parts) - 1:
                run.add_break()

    # 版头 and 主体

    def head(self, doc: GongwenDoc) -> None:
        """Letterhead, 发文字号 with the red rule, the title and the 主送 line."""
        if doc.letterhead:
            name = x.clean_text(doc.letterhead).strip()
            # As large as fits one line (22–36 pt); the line is a little taller than the type.
            size_pt = max(22, min(36, x.text_width(self.section) // 20 // max(1, len(name))))
            line = size_pt * 25
            p = self.paragraph(WD_ALIGN_PARAGRAPH.CENTER, line=line)
            # Exact spacing puts the extra line height above the type: take it off the 35 mm.
            p.paragraph_format.space_before = Twips(max(0, LETTERHEAD_TOP - (line - size_pt * 20) // 2))
            self.run(p, name, XIAOBIAOSONG, size_pt * 2, color=RED, spacing=0)
            self.blank()
            self.blank()
        if doc.doc_number or doc.letterhead:
            p = self.paragraph(WD_ALIGN_PARAGRAPH.CENTER)
            if doc.doc_number:
                self.run(p, doc.doc_number.strip(), FANGSONG, BODY_SZ)
            x.add_paragraph_border(p, "bottom", size=RED_RULE_SZ, color=RED, space=RED_RULE_SPACE)
            # The rule adds its space and width below the line; the next blank line gives them back,
            # so the title and everything after stay on the 579-twip grid.
            self.blank(LINE - RED_RULE_SPACE * 20 - RED_RULE_SZ * 20 // 8)
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
            self.run(self.paragraph(WD_ALIGN_PARAGRAPH.JUSTIFY), recipients)

    def body(self, role: str, text: str) -> None:
        """正文 and headings 一、（一）1.（1）: all 三号, two characters in, justified."""
        font, bold = _ROLE_FONTS.get(role, _ROLE_FONTS["p"])
        p = self.paragraph(first_line=TWO_CHARS, first_line_chars=200)
        if role in ("h1", "h2"):
            p.paragraph_format.keep_with_next = True  # never a heading alone at a page foot
        self.run(p, text, font, bold=bold)

    def closing(self, doc: GongwenDoc) -> None:
        """附件说明, 署名, 成文日期, 附注.

        They are chained to the last body paragraph with keep-with-next, so the signature never
        starts a page without body text above it (GB/T 9704 §7.3.5 asks the same of a seal).
        """
        chain: list[Paragraph] = []
        last = self.document.element.body.get_or_add_sectPr().getprevious()
        if last is not None and last.tag == qn("w:p"):
            chain.append(Paragraph(last, self.document._body))
        if doc.annexes:
            chain.append(self.blank())
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
            chain.append(self.blank())
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
            add_annex_table(self.document, annex.table, x.text_width(self.section))

    # sections and 版记

    @property
    def section(self) -> Section:
        return self.document.sections[-1]

    def new_section(self, page: PageSetup) -> None:
        start_section(self.document, page)
        self.page = page

    def banji(self, doc: GongwenDoc) -> None:
        """The 版记 on the last page, after the annexes (GB/T 9704 §8.3); a portrait page."""
        copy_to = x.clean_text(doc.copy_to).strip().removeprefix("抄送：").removeprefix("抄送:")
        if copy_to:
            copy_to = "抄送：" + copy_to.rstrip("。.，,；; ") + "。"
        printed_by = x.clean_text(doc.printed_by).strip()
        printed_on = normalize_date(x.clean_text(doc.printed_on))
        printed = f"{printed_by}\t{printed_on}印发" if printed_on else printed_by
        if self.page.landscape:
            self.new_section(PORTRAIT)
        else:
            self.blank()  # at least a line between the text and the first rule
        add_banji_table(self.document, copy_to, printed, x.text_width(self.section))
