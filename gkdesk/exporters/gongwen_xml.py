"""Low-level OOXML helpers for the 公文 writer (``gongwen.py``): what python-docx has no API for.

python-docx covers alignment, indents, line spacing and page setup, but not East Asian fonts
(``w:rFonts/@w:eastAsia``), character spacing, paragraph borders, fields, table borders, repeated
header rows, the document grid or per-section footers. Those are written here as raw elements.

Word, WPS and LibreOffice open a file without a repair prompt only when every child of ``w:pPr``,
``w:rPr``, ``w:tblPr`` and ``w:sectPr`` comes in schema order and appears once, so every element is
placed with :func:`set_child`, which replaces an existing child and inserts before its successors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# --- 公文 fonts and sizes (GONGWEN.md §1), shared by gongwen.py and gongwen_tables.py ---------------
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"  # digits and Latin letters, the office habit
RED = "FF0000"
LINE = 579  # twips: 22 lines fill the 225 mm type area
BODY_SZ, TITLE_SZ, SMALL_SZ, TABLE_SZ = 32, 44, 28, 24  # half-points: 三号, 二号, 四号, 小四
CONDENSE = -6  # twips of character spacing: 28 condensed 16 pt characters fit the 156 mm line
CHAR = 320  # one 三号 character, twips
CHAR_SMALL = 280  # one 四号 character (版记, page numbers)
TWO_CHARS = 2 * CHAR

# Schema order (ISO/IEC 29500 CT_PPrBase + CT_PPr) of the paragraph properties.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# Schema order of the run properties (CT_RPr / EG_RPrBase).
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip
SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
    "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
    "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
    "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
BORDER_ORDER = ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar")
TABLE_BORDER_ORDER = ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV")

# Characters XML 1.0 cannot hold; python-docx refuses them, and they do occur in pasted text.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def clean_text(text: str) -> str:
    """``text`` without characters that would make python-docx (and Word) reject the file."""
    return _ILLEGAL_XML.sub("", text)


def set_child(
    parent: etree._Element, tag: str, order: Sequence[str], attrs: dict[str, str] | None = None
) -> etree._Element:
    """Replace ``parent``'s ``tag`` child by a fresh one with ``attrs``, placed in schema ``order``
    (before the first child whose tag comes later in ``order``)."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag, attrs={qn(k): v for k, v in (attrs or {}).items()})
    successors = {qn(t) for t in order[order.index(tag) + 1 :]}
    for existing in parent:
        if existing.tag in successors:
            existing.addprevious(child)
            break
    else:
        parent.append(child)
    return child


# --- runs ------------------------------------------------------------------------------------------


def set_rpr_fonts(rPr: etree._Element, east_asia: str, latin: str) -> None:
    """Fonts of a ``w:rPr`` (run or style): ``w:eastAsia`` for Chinese, ``w:ascii``/``w:hAnsi``
    for Latin letters and digits. Theme attributes are dropped because they beat explicit names."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = set_child(rPr, "w:rFonts", RPR_ORDER)
    for attr in _THEME_FONT_ATTRS:
        rFonts.attrib.pop(qn(attr), None)
    rFonts.set(qn("w:ascii"), latin)
    rFonts.set(qn("w:hAnsi"), latin)
    rFonts.set(qn("w:eastAsia"), east_asia)
    rFonts.set(qn("w:cs"), latin)
    # Quotes, dashes and ellipses are "ambiguous" characters: the hint makes Word take them from the
    # Chinese font (full width), so “引号” and —— keep their place in the 28-character grid.
    rFonts.set(qn("w:hint"), "eastAsia")


def set_rpr_size(rPr: etree._Element, half_points: int) -> None:
    """``w:sz`` and ``w:szCs`` (half-points: 32 = 三号 16 pt)."""
    set_child(rPr, "w:sz", RPR_ORDER, {"w:val": str(half_points)})
    set_child(rPr, "w:szCs", RPR_ORDER, {"w:val": str(half_points)})


def set_rpr_char_spacing(rPr: etree._Element, twips: int) -> None:
    """Character spacing (``w:spacing`` in ``w:rPr``, twips; -6 = condensed 0.3 pt)."""
    set_child(rPr, "w:spacing", RPR_ORDER, {"w:val": str(twips)})


def style_run(
    run: Run,
    east_asia: str,
    latin: str,
    half_points: int,
    *,
    bold: bool = False,
    color: str | None = None,
    char_spacing: int | None = None,
) -> Run:
    """Give ``run`` its full font description; every run the writer makes goes through here."""
    rPr = run._r.get_or_add_rPr()
    set_rpr_fonts(rPr, east_asia, latin)
    if bold:
        run.font.bold = True
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    if char_spacing is not None:
        set_rpr_char_spacing(rPr, char_spacing)
    set_rpr_size(rPr, half_points)
    return run


def text_width_twips(text: str, half_points: int, char_spacing: int = 0) -> int:
    """Approximate width of ``text``: Chinese and full-width characters 1 em, the rest (Times New
    Roman digits and letters) half an em, plus the character spacing after each character."""
    em = half_points * 10  # twips: 16 pt = 320
    return sum((em if unicodedata.east_asian_width(ch) in "WF" else em // 2) + char_spacing for ch in text)


# --- paragraphs ------------------------------------------------------------------------------------


def set_line_spacing(paragraph: Paragraph, exact_twips: int | None) -> None:
    """Exact line spacing (``exact_twips``) or single spacing (``None``), 0 before and after."""
    pf = paragraph.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact_twips is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Twips(exact_twips)


def set_indent(
    paragraph: Paragraph,
    *,
    left: int = 0,
    right: int = 0,
    first_line: int = 0,
    hanging: int = 0,
    first_line_chars: int | None = None,
) -> None:
    """``w:ind`` in twips. ``first_line_chars`` (hundredths of a character) makes Word show the
    indent as "2 字符"; Word prefers it over ``w:firstLine`` when both are present."""
    attrs = {"w:left": str(left), "w:right": str(right)}
    if hanging:
        attrs["w:hanging"] = str(hanging)
    else:
        attrs["w:firstLine"] = str(first_line)
    if first_line_chars is not None:
        attrs["w:firstLineChars"] = str(first_line_chars)
    set_child(paragraph._p.get_or_add_pPr(), "w:ind", PPR_ORDER, attrs)


def set_alignment(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.paragraph_format.alignment = alignment


def set_paragraph_flag(paragraph: Paragraph, tag: str, on: bool) -> None:
    """An on/off paragraph property written explicitly (``w:val="0"`` turns a style's default off)."""
    set_child(paragraph._p.get_or_add_pPr(), tag, PPR_ORDER, {"w:val": "1" if on else "0"})


def add_paragraph_border(
    paragraph: Paragraph, side: str, *, size: int, color: str = "000000", space: int = 0
) -> None:
    """A single-line ``w:pBdr`` edge. ``size`` is in eighths of a point, ``space`` in points."""
    pPr = paragraph._p.get_or_add_pPr()
    pBdr = pPr.find(qn("w:pBdr"))
    if pBdr is None:
        pBdr = set_child(pPr, "w:pBdr", PPR_ORDER)
    attrs = {"w:val": "single", "w:sz": str(size), "w:space": str(space), "w:color": color}
    set_child(pBdr, f"w:{side}", BORDER_ORDER, attrs)


def add_right_tab(paragraph: Paragraph, position_twips: int) -> None:
    pPr = paragraph._p.get_or_add_pPr()
    tabs = set_child(pPr, "w:tabs", PPR_ORDER)
    tabs.append(OxmlElement("w:tab", attrs={qn("w:val"): "right", qn("w:pos"): str(position_twips)}))


def add_page_field(paragraph: Paragraph, make_run: Callable[[Paragraph], Run]) -> None:
    """Append "— " + PAGE field + " —" to ``paragraph``; ``make_run(paragraph)`` returns a styled run.

    There is no field API in python-docx; each ``w:fldChar`` and the ``w:instrText`` get a run of
    their own, which is the form Word itself writes. The cached result "1" is what a reader shows
    before it updates fields (Word and LibreOffice update PAGE on layout).
    """
    make_run(paragraph).text = "— "
    make_run(paragraph)._r.append(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", attrs={qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    make_run(paragraph)._r.append(instr)
    make_run(paragraph)._r.append(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    make_run(paragraph).text = "1"
    make_run(paragraph)._r.append(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))
    make_run(paragraph).text = " —"


# --- tables ----------------------------------------------------------------------------------------


def set_table_borders(table: Table, sizes: dict[str, int | None]) -> None:
    """``w:tblBorders``: ``sizes`` maps top/left/bottom/right/insideH/insideV to eighths of a
    point, or None for no line."""
    tblPr = table._tbl.tblPr
    borders = set_child(tblPr, "w:tblBorders", TBLPR_ORDER)
    for side in TABLE_BORDER_ORDER:
        size = sizes.get(side.removeprefix("w:"))
        attrs = (
            {"w:val": "nil"}
            if size is None
            else {"w:val": "single", "w:sz": str(size), "w:space": "0", "w:color": "000000"}
        )
        borders.append(OxmlElement(side, attrs={qn(k): v for k, v in attrs.items()}))


def set_table_geometry(table: Table, widths: Sequence[int], *, cell_margin_lr: int | None = None) -> None:
    """Fixed layout, centred, total width ``sum(widths)`` twips, one grid column per width."""
    tblPr = table._tbl.tblPr
    total = sum(widths)
    set_child(tblPr, "w:tblW", TBLPR_ORDER, {"w:w": str(total), "w:type": "dxa"})
    set_child(tblPr, "w:jc", TBLPR_ORDER, {"w:val": "center"})
    set_child(tblPr, "w:tblInd", TBLPR_ORDER, {"w:w": "0", "w:type": "dxa"})
    # Fixed layout: Word and LibreOffice keep the given widths instead of fitting them to content.
    set_child(tblPr, "w:tblLayout", TBLPR_ORDER, {"w:type": "fixed"})
    if cell_margin_lr is not None:
        mar = set_child(tblPr, "w:tblCellMar", TBLPR_ORDER)
        for side in ("w:top", "w:left", "w:bottom", "w:right"):
            value = cell_margin_lr if side in ("w:left", "w:right") else 0
            mar.append(OxmlElement(side, attrs={qn("w:w"): str(value), qn("w:type"): "dxa"}))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)


def set_row_properties(row_tr: etree._Element, *, header: bool, min_height: int | None) -> None:
    """Row flags: never split a row across pages; repeat the header row (``w:tblHeader``) on
    every page; an optional minimum height in twips."""
    trPr = row_tr.get_or_add_trPr()
    set_child(trPr, "w:cantSplit", TRPR_ORDER)
    if min_height is not None:
        set_child(trPr, "w:trHeight", TRPR_ORDER, {"w:val": str(min_height), "w:hRule": "atLeast"})
    if header:
        set_child(trPr, "w:tblHeader", TRPR_ORDER)


# --- sections --------------------------------------------------------------------------------------


def set_page(
    section: Section,
    *,
    landscape: bool,
    margins_mm: tuple[float, float, float, float],
    header_mm: float,
    footer_mm: float,
) -> None:
    """A4 in the given orientation; ``margins_mm`` = (top, bottom, left, right)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Mm(210), Mm(297)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(header_mm), Mm(footer_mm)
    section.gutter = Mm(0)


def set_doc_grid(section: Section, line_pitch: int) -> None:
    """``<w:docGrid w:type="lines" w:linePitch=…/>``: a line grid only (GONGWEN.md §0: Word's
    ``linesAndChars`` grid halves the characters per line in LibreOffice)."""
    set_child(section._sectPr, "w:docGrid", SECTPR_ORDER, {"w:type": "lines", "w:linePitch": str(line_pitch)})


def text_width(section: Section) -> int:
    """Width of the type area in twips."""
    assert section.page_width is not None
    assert section.left_margin is not None and section.right_margin is not None
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def set_section_start(section: Section, start: str) -> None:
    """``w:type``: how the section starts (nextPage, evenPage, oddPage, continuous)."""
    set_child(section._sectPr, "w:type", SECTPR_ORDER, {"w:val": start})


# --- Chinese line breaking (settings.xml) ------------------------------------------------------------

# Word's lists for Simplified Chinese: characters that may not end a line (opening brackets and
# quotes) and characters that may not start one (closing punctuation).
NO_LINE_END_CHARS = "$(£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
NO_LINE_START_CHARS = (
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～￠"
)
SETTINGS_ORDER = (
    "w:defaultTabStop", "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
    "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
    "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
    "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults",
    "w:footnotePr", "w:endnotePr", "w:compat",
)  # fmt: skip


def set_chinese_line_breaking(settings: etree._Element) -> None:
    """Kinsoku for zh-CN spelled out in settings.xml (an opening "（《“" never ends a line, a
    closing "，。）" never starts one), and lines ending in a manual line break not stretched
    across the line (``doNotExpandShiftReturn``): a justified line cut short by a break would
    otherwise be letter-spaced ("按 序 时 推 进")."""
    for tag in ("w:noLineBreaksAfter", "w:noLineBreaksBefore"):
        chars = NO_LINE_END_CHARS if tag == "w:noLineBreaksAfter" else NO_LINE_START_CHARS
        set_child(settings, tag, SETTINGS_ORDER, {"w:lang": "zh-CN", "w:val": chars})
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = set_child(settings, "w:compat", SETTINGS_ORDER)
    for old in compat.findall(qn("w:doNotUseEastAsianBreakRules")):
        compat.remove(old)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


# --- floating tables and text boxes ------------------------------------------------------------------


def float_table_at_foot(table: Table, left_twips: int) -> None:
    """Pin ``table`` to the foot of the type area of the page its anchor (the next paragraph) is on.

    Horizontally the position is given from the page edge: LibreOffice turns a floating table into
    a frame only when text could flow beside it, which it judges against the page width for
    page-relative tables, so a table as wide as the type area stays floating there too."""
    tblPr = table._tbl.tblPr
    set_child(
        tblPr,
        "w:tblpPr",
        TBLPR_ORDER,
        {
            "w:leftFromText": "0",
            "w:rightFromText": "0",
            "w:topFromText": "0",
            "w:bottomFromText": "0",
            "w:vertAnchor": "margin",
            "w:horzAnchor": "page",
            "w:tblpX": str(left_twips),
            "w:tblpYSpec": "bottom",
        },
    )
    set_child(tblPr, "w:tblOverlap", TBLPR_ORDER, {"w:val": "never"})
    jc = tblPr.find(qn("w:jc"))
    if jc is not None:
        tblPr.remove(jc)


EMU_PER_TWIP = 635
_WPS_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}


def rotated_text_box(
    paragraph_xml: str, *, x: int, y: int, width: int, height: int, shape_id: int
) -> etree._Element:
    """A run holding a borderless text box at (``x``, ``y``) twips from the page's top-left
    corner, ``width`` × ``height`` twips, whose text is turned 90° clockwise (``vert="vert"``).
    ``paragraph_xml`` is one ``w:p`` (in the w namespace) for its content."""
    e = EMU_PER_TWIP
    # The run holding the drawing names its fonts too, as every run of the notice does.
    holder_rpr = '<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/></w:rPr>'
    ns = " ".join(f'xmlns:{k}="{v}"' for k, v in _WPS_NS.items())
    w_ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        f"<w:r {w_ns} {ns}>{holder_rpr}<w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x * e}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y * e}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width * e}" cy="{height * e}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{shape_id}" name="页码{shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{width * e}" cy="{height * e}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{paragraph_xml}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" '
        'anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    return parse_xml(xml)
