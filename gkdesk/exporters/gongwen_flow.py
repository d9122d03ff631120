"""An estimate of where the pages of a written 公文 break, read from its own OOXML.

The writer needs to know a few things only the layout knows: on which page the text ends and
how much room is left there (the 版记 goes to the foot of the last page, which must be even), and
which table rows start a page (a category heading must not end one, a table's last row must not
sit alone on the next). Every line of a notice has an exact height (579 twips in the body, exact
spacing in table cells, rows of a minimum height), so pages can be counted without a layout
engine: this module walks the body of a python-docx document and fills pages as Word does.

What it models: sections and their page sizes and start types (next page, even page), exact and
single line spacing, space before/after, paragraph borders, page breaks before, keep-with-next
chains (the first paragraph may split, the rest moves whole), line breaking of Chinese text with
half-width Latin/digit words kept whole and the kinsoku rules (an opening bracket never ends a line,
closing punctuation may hang in the margin), tables with fixed column widths, rows that cannot
split, minimum row heights and repeated header rows. Floating tables take no room in the flow.

It is an estimate: a reader with other font metrics may wrap a line differently, so callers leave
a margin of a few lines wherever a wrong guess would matter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

SINGLE_FACTOR = 1.3  # single line spacing as a multiple of the font size (仿宋/宋体 and their stand-ins)
DEFAULT_SZ = 32  # half-points: the Normal style's 三号
CELL_MARGIN = 108  # twips: Word's default left/right cell margin
CELL_SLACK = 60  # twips: a cell is taken as a little narrower, as LibreOffice wraps a little sooner
ROW_BORDER = 10  # twips: the 0.5 pt rule between rows
# LibreOffice puts a little space between Chinese and Latin/digits whatever the file says (about a
# quarter of a 三号 character); counted everywhere, so the estimate errs towards more lines.
AUTOSPACE = 80
CLOSING = set("，。、；：！？）》」』】〕”’…%,.;:!?)]}·")
OPENING = set("（《「『【〔“‘([{")


@dataclass
class Placed:
    """Where a body element landed: its first and last page (1-based) and the height used on the
    last page after it (twips from the top of the type area)."""

    first_page: int
    last_page: int
    end_y: int
    rows: list[int] = field(default_factory=list)  # tables: the page of each row


@dataclass
class Flow:
    pages: int  # pages in the document
    end_y: int  # height used on the last page
    page_height: int  # type-area height of the last page
    landscape: bool  # the last page is landscape
    placed: dict[etree._Element, Placed] = field(default_factory=dict)  # element → where it went

    @property
    def room(self) -> int:
        """Free height at the foot of the last page, twips."""
        return self.page_height - self.end_y


@dataclass
class _Geometry:
    width: int
    height: int
    landscape: bool
    start: str  # nextPage, evenPage, oddPage, continuous


def estimate(document: Document) -> Flow:
    """Lay the body out page by page; see the module docstring for what is modelled."""
    body = document.element.body
    sections: list[tuple[list[etree._Element], etree._Element]] = []
    current: list[etree._Element] = []
    for child in body:
        if child.tag == qn("w:sectPr"):
            sections.append((current, child))
            current = []
            continue
        current.append(child)
        inner = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if child.tag == qn("w:p") else None
        if inner is not None:
            sections.append((current, inner))
            current = []
    if current:
        sections.append((current, body.get_or_add_sectPr()))
    pager = _Pager()
    for index, (elements, sect_pr) in enumerate(sections):
        geometry = _geometry(sect_pr)
        pager.start_section(geometry, first=index == 0)
        pager.place_all(elements)
    return Flow(pager.page, pager.y, pager.geometry.height, pager.geometry.landscape, pager.placed)


def _geometry(sect_pr: etree._Element) -> _Geometry:
    size = sect_pr.find(qn("w:pgSz"))
    margins = sect_pr.find(qn("w:pgMar"))
    kind = sect_pr.find(qn("w:type"))
    w = int(size.get(qn("w:w"))) if size is not None else 11906
    h = int(size.get(qn("w:h"))) if size is not None else 16838

    def margin(name: str, default: int) -> int:
        return int(margins.get(qn(f"w:{name}"), default)) if margins is not None else default

    return _Geometry(
        width=w - margin("left", 1800) - margin("right", 1800),
        height=h - margin("top", 1440) - margin("bottom", 1440),
        landscape=w > h,
        start=kind.get(qn("w:val"), "nextPage") if kind is not None else "nextPage",
    )


class _Pager:
    def __init__(self) -> None:
        self.page = 1
        self.y = 0
        self.geometry = _Geometry(0, 1, False, "nextPage")
        self.placed: dict[etree._Element, Placed] = {}

    # pages

    def start_section(self, geometry: _Geometry, *, first: bool) -> None:
        self.geometry = geometry
        if first or geometry.start == "continuous":
            return
        self.new_page()
        if (geometry.start == "evenPage" and self.page % 2) or (
            geometry.start == "oddPage" and not self.page % 2
        ):
            self.new_page()

    def new_page(self) -> None:
        self.page += 1
        self.y = 0

    def fits(self, height: int) -> bool:
        return self.y + height <= self.geometry.height or self.y == 0

    def put(self, height: int) -> None:
        """One unbreakable block, on a new page when it does not fit on this one."""
        if not self.fits(height):
            self.new_page()
        self.y += height

    # elements

    def place_all(self, elements: list[etree._Element]) -> None:
        i = 0
        while i < len(elements):
            el = elements[i]
            if el.tag == qn("w:p") and _keep_next(el):
                j = i
                while j < len(elements) and elements[j].tag == qn("w:p") and _keep_next(elements[j]):
                    j += 1
                chain = (
                    elements[i : j + 1]
                    if j < len(elements) and elements[j].tag == qn("w:p")
                    else elements[i:j]
                )
                self.place_chain(chain)
                i += len(chain)
            elif el.tag == qn("w:p"):
                self.place_paragraph(el)
                i += 1
            elif el.tag == qn("w:tbl"):
                self.place_table(el)
                i += 1
            else:
                i += 1

    def _record(self, el: etree._Element, first_page: int, rows: list[int] | None = None) -> None:
        self.placed[el] = Placed(first_page, self.page, self.y, rows or [])

    def place_paragraph(self, p: etree._Element, lines: list[int] | None = None) -> None:
        if _page_break_before(p) and self.y > 0:
            self.new_page()
        lines = lines if lines is not None else paragraph_lines(p, self.geometry.width)
        first = None
        for height in lines:
            self.put(height)
            first = first or self.page
        self._record(p, first or self.page)

    def place_chain(self, chain: list[etree._Element]) -> None:
        """Keep-with-next: the first paragraph may split, the rest moves as one block."""
        if len(chain) == 1:
            self.place_paragraph(chain[0])
            return
        head = chain[0]
        if _page_break_before(head) and self.y > 0:
            self.new_page()
        head_lines = paragraph_lines(head, self.geometry.width)
        rest = [paragraph_lines(p, self.geometry.width) for p in chain[1:]]
        block = head_lines[-1:] + [h for lines in rest[:-1] for h in lines] + rest[-1][:1]
        if sum(block) > self.geometry.height:  # longer than a page: Word gives up keeping it
            for p in chain:
                self.place_paragraph(p)
            return
        first = None
        for height in head_lines[:-1]:
            self.put(height)
            first = first or self.page
        if not self.fits(sum(block)):
            self.new_page()
        start = self.page
        for k, p in enumerate(chain):
            lines = head_lines[-1:] if k == 0 else rest[k - 1]
            for height in lines:
                self.put(height)
            self._record(p, first or start if k == 0 else start)

    def place_table(self, tbl: etree._Element) -> None:
        tbl_pr = tbl.find(qn("w:tblPr"))
        if tbl_pr is not None and tbl_pr.find(qn("w:tblpPr")) is not None:
            return  # floating (the 版记): placed by its own anchor, outside the flow
        widths = [int(g.get(qn("w:w"), "0")) for g in tbl.iter(qn("w:gridCol"))]
        rows = tbl.findall(qn("w:tr"))
        heights = [row_height(tr, widths) for tr in rows]
        header = 0
        for tr in rows:
            if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
                break
            header += 1
        header_height = sum(heights[:header])
        pages: list[int] = []
        first = None
        for k, height in enumerate(heights):
            if not self.fits(height):
                self.new_page()
                if k >= header:
                    self.y += header_height  # the header rows repeat at the top of the page
            self.y += height
            pages.append(self.page)
            first = first or self.page
        self._record(tbl, first or self.page, pages)


# --- measuring ------------------------------------------------------------------------------------


def _keep_next(p: etree._Element) -> bool:
    return _flag(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}"))


def _page_break_before(p: etree._Element) -> bool:
    return _flag(p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}"))


def _flag(el: etree._Element | None) -> bool:
    return el is not None and el.get(qn("w:val"), "1") not in ("0", "false", "off")


def _int(el: etree._Element | None, attr: str, default: int = 0) -> int:
    if el is None:
        return default
    value = el.get(qn(f"w:{attr}"))
    return int(value) if value not in (None, "") else default


def paragraph_lines(p: etree._Element, width: int) -> list[int]:
    """The heights (twips) of a paragraph's lines, space before on the first, space after and a
    bottom border on the last."""
    ppr = p.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    ind = ppr.find(qn("w:ind")) if ppr is not None else None
    chunks = _chunks(p)
    size = max((sz for _, sz, _ in chunks), default=DEFAULT_SZ)
    rule = spacing.get(qn("w:lineRule"), "auto") if spacing is not None else "auto"
    line = _int(spacing, "line", 240)
    if rule == "exact":
        height = line
    elif rule == "atLeast":
        height = max(line, round(size * 10 * SINGLE_FACTOR))
    else:
        height = round(size * 10 * SINGLE_FACTOR * line / 240)
    left, right = _int(ind, "left") + _int(ind, "start"), _int(ind, "right") + _int(ind, "end")
    first = _int(ind, "firstLine") - _int(ind, "hanging")
    count = count_lines(chunks, width - left - right, first)
    heights = [height] * count
    heights[0] += _int(spacing, "before")
    heights[-1] += _int(spacing, "after")
    border = ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") if ppr is not None else None
    if border is not None and border.get(qn("w:val")) not in ("nil", "none"):
        heights[-1] += _int(border, "space") * 20 + _int(border, "sz") * 20 // 8
    return heights


def _chunks(p: etree._Element) -> list[tuple[str, int, int]]:
    """(text, half-points, character spacing) per run; a line break is "\\n"."""
    out = []
    for r in p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        size = _int(rpr.find(qn("w:sz")) if rpr is not None else None, "val", DEFAULT_SZ)
        spacing = _int(rpr.find(qn("w:spacing")) if rpr is not None else None, "val", 0)
        text = []
        for el in r:
            if el.tag == qn("w:t"):
                text.append(el.text or "")
            elif el.tag == qn("w:br"):
                text.append("\n")
            elif el.tag == qn("w:tab"):
                text.append("\t")
        out.append(("".join(text), size, spacing))
    return out


def char_width(ch: str, half_points: int, spacing: int) -> int:
    """Twips: full-width characters one em, the rest half an em, plus the run's spacing."""
    em = half_points * 10
    return (em if unicodedata.east_asian_width(ch) in "WFA" and ord(ch) > 0x2000 else em // 2) + spacing


def count_lines(chunks: list[tuple[str, int, int]], width: int, first_indent: int = 0) -> int:
    """Lines a paragraph takes at ``width`` twips: greedy filling, Latin words and digit runs kept
    whole, an opening bracket carried to the next line, closing punctuation hanging."""
    words: list[tuple[str, int]] = []  # (text, width); "\n" = forced break
    for text, size, spacing in chunks:
        buffer, buffer_width = "", 0
        for ch in text:
            if ch.isascii() and (ch.isalnum() or ch in ".-%/:@_+"):
                buffer += ch
                buffer_width += char_width(ch, size, spacing)
                continue
            if buffer:
                words.append((buffer, buffer_width))
                buffer, buffer_width = "", 0
            words.append((ch, 0 if ch == "\n" else char_width(ch, size, spacing)))
        if buffer:
            words.append((buffer, buffer_width))
    lines, x, limit = 1, 0, width - first_indent
    last = ""
    for k, (text, w) in enumerate(words):
        if k and text[0].isascii() != words[k - 1][0][0].isascii() and "\n" not in (text, words[k - 1][0]):
            w += AUTOSPACE  # LibreOffice spaces Chinese from Latin letters and digits
        if text == "\n":
            lines, x, limit, last = lines + 1, 0, width, ""
            continue
        if x + w > limit and x > 0:
            if text in CLOSING:  # hangs in the margin
                x += w
                last = text
                continue
            lines += 1
            carried = char_width(last, DEFAULT_SZ, 0) if last in OPENING else 0
            x, limit = carried, width
        x += w
        last = text
    return lines


def row_height(tr: etree._Element, widths: list[int]) -> int:
    """A table row: its tallest cell (paragraph lines plus top/bottom margins) or its minimum height."""
    tr_pr = tr.find(qn("w:trPr"))
    h_el = tr_pr.find(qn("w:trHeight")) if tr_pr is not None else None
    minimum = _int(h_el, "val") if h_el is not None else 0
    rule = h_el.get(qn("w:hRule"), "atLeast") if h_el is not None else "atLeast"
    if rule == "exact":
        return minimum
    tallest, column = 0, 0
    for tc in tr.findall(qn("w:tc")):
        tc_pr = tc.find(qn("w:tcPr"))
        span = _int(tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None, "val", 1)
        width = sum(widths[column : column + span]) - 2 * CELL_MARGIN - CELL_SLACK
        column += span
        content = sum(sum(paragraph_lines(p, max(width, 200))) for p in tc.findall(qn("w:p")))
        tallest = max(tallest, content)
    return max(minimum, tallest) + ROW_BORDER
