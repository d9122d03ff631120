"""Document-wide settings of a 公文: the Normal style, page setup, sections and page numbers.

Portrait A4 pages with margins 37/35/28/26 mm and a 579-twip line grid; landscape sections for
wide annex tables; "— N —" footers at the outer edge (right on odd pages, left on even ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from gkdesk.exporters import gongwen_xml as x
from gkdesk.exporters.gongwen_xml import (
    BODY_SZ,
    CHAR_SMALL,
    CONDENSE,
    FANGSONG,
    LATIN,
    LINE,
    SMALL_SZ,
    SONGTI,
)

TRAILING_LINE = 20  # twips: an empty paragraph Word needs after a table is made 1 pt high


@dataclass(frozen=True, slots=True)
class PageSetup:
    landscape: bool
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    header_mm: float  # no header is written; 15 mm is the GONGWEN.md default
    footer_mm: float  # page bottom to the foot of the page-number line


PORTRAIT = PageSetup(False, (37, 35, 28, 26), 15, 25)
# Landscape pages keep the portrait type area on the sheet, turned clockwise so the table head sits
# on the binding edge (GB/T 9704 §10: 横表 表头在订口一边): top 28 (was left), right 37 (was top),
# bottom 26 (was right), left 35 (was bottom); a 225 × 156 mm type area. The page number stays
# 10 mm under the type area as on portrait pages: 35 − 25 = 10, so the footer distance is 16 mm.
LANDSCAPE = PageSetup(True, (28, 26, 35, 37), 15, 16)
PORTRAIT_FOOTER = Mm(PORTRAIT.footer_mm).twips  # the number line's foot above the sheet's lower edge


def setup_styles(document: Document) -> None:
    """Normal = 仿宋_GB2312 / Times New Roman 三号, exact 579, condensed 0.3 pt; the document
    defaults too, so blank lines and anything unstyled measure like body text."""
    lang = {"w:val": "en-US", "w:eastAsia": "zh-CN"}  # Chinese line breaking (no 。 at a line start)
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        x.set_rpr_fonts(defaults, FANGSONG, LATIN)
        x.set_rpr_size(defaults, BODY_SZ)
        x.set_child(defaults, "w:lang", x.RPR_ORDER, lang)
    normal = document.styles["Normal"]
    rPr = normal.element.get_or_add_rPr()
    x.set_rpr_fonts(rPr, FANGSONG, LATIN)
    x.set_rpr_char_spacing(rPr, CONDENSE)
    x.set_rpr_size(rPr, BODY_SZ)
    x.set_child(rPr, "w:lang", x.RPR_ORDER, lang)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Twips(0)
    pf.line_spacing = Twips(LINE)  # python-docx writes lineRule="exact" for a Length
    # A page holds 22 lines: widow control would end pages at 21 to keep paragraph ends together.
    pf.widow_control = False
    pPr = normal.element.get_or_add_pPr()
    # Lines keep their own exact 579 spacing instead of snapping to the grid: LibreOffice would give
    # a 二号 title line two grid rows and swallow the red rule's compensation; Word ignores the grid
    # for exact spacing anyway, so both lay out alike.
    x.set_child(pPr, "w:snapToGrid", x.PPR_ORDER, {"w:val": "0"})
    # No automatic extra space between Chinese and digits/Latin, which would push characters off
    # the grid (LibreOffice ignores these two and spaces "2021 年" a little anyway).
    x.set_child(pPr, "w:autoSpaceDE", x.PPR_ORDER, {"w:val": "0"})
    x.set_child(pPr, "w:autoSpaceDN", x.PPR_ORDER, {"w:val": "0"})
    # "1" is Word's default (a final ，。 may hang in the margin, the usual look of a Word 公文). It is
    # written out because LibreOffice reads the flag inverted (writerfilter: hanging = value == 0):
    # absent or "0", it hangs punctuation as a 29th character; "1" keeps lines at 28 characters.
    x.set_child(pPr, "w:overflowPunct", x.PPR_ORDER, {"w:val": "1"})
    # East Asian line-breaking rules on (Word's default, written out so nothing can switch it off):
    # an opening bracket or quote "（《“" never ends a line, "，。）" never starts one.
    x.set_child(pPr, "w:kinsoku", x.PPR_ORDER, {"w:val": "1"})
    x.set_chinese_line_breaking(document.settings.element)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    document.settings.odd_and_even_pages_header_footer = True


def apply_page(section: Section, page: PageSetup) -> None:
    x.set_page(
        section,
        landscape=page.landscape,
        margins_mm=page.margins_mm,
        header_mm=page.header_mm,
        footer_mm=page.footer_mm,
    )
    x.set_doc_grid(section, LINE)


def start_section(document: Document, page: PageSetup) -> Section:
    """End the current section and start a new one, on a new page, with ``page``'s setup.

    python-docx's ``add_section`` adds an empty paragraph to carry the old section's properties:
    a stray line that can spill onto a page of its own. They go on the last paragraph instead, or
    on a 1 pt paragraph when the section ends with a table (a table cannot carry them).
    """
    body = document.element.body
    sentinel = body.get_or_add_sectPr()
    last = sentinel.getprevious()
    if last is None or last.tag != qn("w:p"):
        paragraph = document.add_paragraph()
        x.set_line_spacing(paragraph, TRAILING_LINE)
        last = paragraph._p
    last.set_sectPr(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    section = Section(sentinel, document.part)
    section.start_type = WD_SECTION.NEW_PAGE
    apply_page(section, page)
    return section


def end_with_paragraph(document: Document) -> None:
    """Word wants a paragraph between a final table and the section properties."""
    last = document.element.body.get_or_add_sectPr().getprevious()
    if last is None or last.tag != qn("w:p"):
        x.set_line_spacing(document.add_paragraph(), TRAILING_LINE)


FooterKind = Literal["portrait", "landscape", "none"]
NUMBER_LINE = 364  # twips: a single-spaced 四号 line (14 pt × 1.3)


def add_footers(section: Section, kind: FooterKind = "portrait", *, shape_id: int = 1000) -> None:
    """Page numbers "— N —" in 宋体 四号: odd pages at the right, even pages at the left, one
    character in from the edge of the type area.

    Every section gets footers of its own rather than inheriting the previous section's, so the
    numbers show in landscape sections whatever the reader makes of inherited footers.

    ``landscape``: GB/T 9704 §9 keeps the page number of a landscape (横排) table page where it is
    on the other pages, i.e. at the foot of the sheet held upright. The landscape page is the sheet
    turned clockwise (its head on the binding edge, see ``LANDSCAPE``), so that foot is the
    landscape page's left edge: the number goes there in a text box turned 90°, 7 mm outside the
    type area like the portrait number; an odd page's number at the sheet's right (the landscape
    page's bottom), an even page's at its left (the landscape page's top).
    ``none``: no number (the 版记 page after a blank page, GB/T 9704 §7.5). ``shape_id`` and the
    next number name the two text boxes (unique in the document).
    """
    for n, (footer, align, left, right) in enumerate(
        (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, 0, CHAR_SMALL),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, CHAR_SMALL, 0),
        )
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        x.set_line_spacing(paragraph, None)
        if kind == "none":
            continue
        if kind == "landscape":
            _rotated_number(section, paragraph, align, left, right, shape_id=shape_id + n)
            continue
        x.set_indent(paragraph, left=left, right=right)
        x.set_alignment(paragraph, align)
        x.add_page_field(paragraph, lambda p: x.style_run(p.add_run(), SONGTI, SONGTI, SMALL_SZ))


def _rotated_number(
    section: Section,
    footer_paragraph: Paragraph,
    align: WD_ALIGN_PARAGRAPH,
    left: int,
    right: int,
    shape_id: int,
) -> None:
    """The landscape page's number: a text box along the left edge, the portrait footer turned."""
    assert section.top_margin is not None and section.bottom_margin is not None
    assert section.page_height is not None and section.footer_distance is not None
    holder = docx.Document().add_paragraph()  # built apart, then moved into the text box
    x.set_line_spacing(holder, None)
    x.set_indent(holder, left=left, right=right)
    x.set_alignment(holder, align)
    x.add_page_field(holder, lambda p: x.style_run(p.add_run(), SONGTI, SONGTI, SMALL_SZ))
    paragraph_xml = etree.tostring(holder._p, encoding="unicode")
    top, bottom = section.top_margin.twips, section.bottom_margin.twips
    box = x.rotated_text_box(
        paragraph_xml,
        x=PORTRAIT_FOOTER,
        y=top,
        width=NUMBER_LINE,
        height=section.page_height.twips - top - bottom,
        shape_id=shape_id,
    )
    footer_paragraph._p.append(box)
