"""The two tables of a 公文: an annex's data table and the 版记 (抄送/印发 between rules).

Annex tables span the type area (156 mm portrait, 225 mm landscape), have single 0.5 pt borders
everywhere, a 黑体 header row repeated on every page (``w:tblHeader``), 小四 text centred
vertically, numbers centred, and single line spacing: the 579-twip body grid would make every row
28.95 pt tall.
"""

from __future__ import annotations

import copy
import math
import unicodedata
from collections.abc import Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from gkdesk.exporters import gongwen_xml as x
from gkdesk.records import GongwenTable

TABLE_BORDER_SZ = 4  # eighths of a point: 0.5 pt
THICK_RULE_SZ, THIN_RULE_SZ = 8, 6  # 版记 rules: 0.35 mm and 0.25 mm (GB/T 9704 §7.4.1)
ROW_MIN_HEIGHT = 454  # twips (8 mm): rows stay readable when a cell holds one short line
UNIT = x.TABLE_SZ * 10 // 2  # twips per half-width character at 小四 (120)
CELL_PADDING = 2 * 108 + 2 * UNIT  # the default cell margins, plus air for one character
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CONTENT_CAP = 24  # half-width units: a column never asks for more than 12 Chinese characters


def column_widths(table: GongwenTable, total: int) -> list[int]:
    """Column widths (twips) that add up to ``total``.

    ``widths_mm`` when given (scaled to fit). Otherwise each column asks for its longest cell
    (capped) and, ideally, its header on one line; if that does not fit, headers may wrap to two
    lines; if even that does not fit, everything shrinks in proportion. Widths by header length
    alone would give a 单位 column two characters' room for the longest names of the table.
    """
    n = len(table.headers)
    if len(table.widths_mm) == n and all(w > 0 for w in table.widths_mm):
        return _fill([float(w) for w in table.widths_mm], total)
    need: list[float] = []
    prefer: list[float] = []
    for i, header in enumerate(table.headers):
        cells = [row[i] for row in table.rows if i < len(row)]
        content = min(CONTENT_CAP, max((_display_width(c) for c in cells), default=0))
        head = _display_width(header)
        two_lines = min(head, max(4, 2 * math.ceil(head / 4)))  # half the header, whole characters
        need.append(max(content, two_lines) * UNIT + CELL_PADDING)
        prefer.append(max(content, head) * UNIT + CELL_PADDING)
    if sum(prefer) <= total:
        return _fill(prefer, total)
    if sum(need) <= total:
        spare = total - sum(need)
        wants = [p - q for p, q in zip(prefer, need, strict=True)]
        return _fill([q + spare * w / sum(wants) for q, w in zip(need, wants, strict=True)], total)
    return _fill(need, total)


def _fill(weights: Sequence[float], total: int) -> list[int]:
    """Integer widths in proportion to ``weights`` adding up to exactly ``total``."""
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _display_width(text: str) -> int:
    """Half-width units of the longest line of ``text`` (Chinese characters count two)."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def add_annex_table(document: Document, data: GongwenTable, width: int) -> Table | None:
    """Append the annex table, ``width`` twips wide; None when it has no columns."""
    ncols = len(data.headers)
    if ncols == 0:
        return None
    if any(len(row) > ncols for row in data.rows):
        raise ValueError("a table row has more cells than the table has headers")
    table = document.add_table(rows=2, cols=ncols)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    x.set_table_borders(table, dict.fromkeys(sides, TABLE_BORDER_SZ))
    x.set_table_geometry(table, column_widths(data, width))
    header_row, prototype = table.rows
    _style_row(header_row, data.headers, data.numeric, header=True)
    # Styling each cell through python-docx costs ~1 ms; a 2,000-row task list would take
    # seconds. Every body row looks the same, so one styled row is copied and only its texts change.
    _style_row(prototype, ["字"] * ncols, data.numeric, header=False)
    proto = prototype._tr
    tbl = table._tbl
    for values in data.rows:
        texts = [x.clean_text(str(v)) for v in values] + [""] * (ncols - len(values))
        if any("\n" in t or "\t" in t for t in texts):
            row = table.add_row()  # rare: keep python-docx's handling of breaks and tabs
            _style_row(row, texts, data.numeric, header=False)
            continue
        tr = copy.deepcopy(proto)
        for t_el, text in zip(tr.iter(qn("w:t")), texts, strict=True):
            t_el.text = text
            t_el.set(XML_SPACE, "preserve")
        tbl.append(tr)
    tbl.remove(proto)
    return table


def _style_row(row: _Row, values: Sequence[str], numeric: Sequence[int], *, header: bool) -> None:
    x.set_row_properties(row._tr, header=header, min_height=ROW_MIN_HEIGHT)
    for c, cell in enumerate(row.cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        centred = header or c in numeric
        p = cell.paragraphs[0]
        x.set_line_spacing(p, None)
        x.set_paragraph_flag(p, "w:snapToGrid", False)
        x.set_indent(p)
        x.set_alignment(p, WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT)
        text = x.clean_text(str(values[c])) if c < len(values) else ""
        font = x.HEITI if header else x.FANGSONG
        x.style_run(p.add_run(text), font, x.LATIN, x.TABLE_SZ, char_spacing=0)


def add_banji_table(document: Document, copy_to: str, printed: str, width: int) -> Table:
    """The 版记: "抄送：…。" and "印发机关\t日期印发" between full-width rules, thick above and
    below, thin between (GB/T 9704 §7.4).

    A one-column table draws the rules: paragraph borders stop at the one-character indents, but
    the standard wants them as wide as the type area. It stays in the text flow: a floating table
    pinned to the foot of the page would be placed by Word but not by LibreOffice, which lays a
    full-width floating table out as an ordinary one.
    """
    lines = [(text, is_copy) for text, is_copy in ((copy_to, True), (printed, False)) if text]
    table = document.add_table(rows=len(lines), cols=1)
    x.set_table_borders(table, {"top": THICK_RULE_SZ, "bottom": THICK_RULE_SZ, "insideH": THIN_RULE_SZ})
    x.set_table_geometry(table, [width], cell_margin_lr=0)
    for row, (text, is_copy) in zip(table.rows, lines, strict=True):
        x.set_row_properties(row._tr, header=False, min_height=None)
        cell = row.cells[0]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _banji_line(cell.paragraphs[0], text, is_copy, width)
    return table


def _banji_line(p: Paragraph, text: str, is_copy: bool, width: int) -> None:
    x.set_line_spacing(p, x.LINE)
    if is_copy:  # one character in on both sides; wrapped lines start after "抄送："
        x.set_indent(p, left=4 * x.CHAR_SMALL, right=x.CHAR_SMALL, hanging=3 * x.CHAR_SMALL)
    else:  # 印发机关 one character in from the left, "…印发" one character in from the right
        x.set_indent(p, left=x.CHAR_SMALL, right=x.CHAR_SMALL)
        x.add_right_tab(p, width - x.CHAR_SMALL)
    x.set_alignment(p, WD_ALIGN_PARAGRAPH.LEFT)
    # Not condensed: 四号 text is off the body grid, and "抄送：" must measure 3 × 280 twips.
    x.style_run(p.add_run(text), x.FANGSONG, x.LATIN, x.SMALL_SZ, char_spacing=0)
