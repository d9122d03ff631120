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
HEADER_PADDING = 2 * 108 + UNIT // 2  # the cell margins and a quarter of a character of air
SHORT_CELL = 8  # half-width units: "100.0", "按序时推进" stay on one line
CELL_LINE = 400  # twips: exact 20 pt lines in cells (GONGWEN.md), the same in every reader


def column_widths(table: GongwenTable, total: int) -> list[int]:
    """Column widths (twips) that add up to ``total``.

    ``widths_mm`` when given (scaled to fit). Otherwise every column is at least as wide as its
    header's longest line, so a header word never breaks ("序/号", "责任类/型"); a header meant to
    take two lines says so with "\n". The rest of the width is handed out a character at a time to
    the column where it saves the most lines over the whole table (the task titles rather than a
    unit list that wraps in one row only); what no column needs any more is shared in proportion
    to the columns' longest cells. Only when the headers alone do not fit does everything shrink.
    """
    n = len(table.headers)
    if len(table.widths_mm) == n and all(w > 0 for w in table.widths_mm):
        return _fill([float(w) for w in table.widths_mm], total)
    headings = set(table.headings)
    body = [row for k, row in enumerate(table.rows) if k not in headings]
    cells = [[_display_width(str(row[i])) if i < len(row) else 0.0 for i in range(n)] for row in body]
    widths = [_display_width(h, header=True) * UNIT + HEADER_PADDING for h in table.headers]
    if sum(widths) > total:
        return _fill(widths, total)
    # Short cells (numbers, ranks, grades, 牵头/配合) never wrap.
    for i in range(n):
        short = max((row[i] for row in cells if row[i] <= SHORT_CELL), default=0.0)
        widths[i] = max(widths[i], (short + 1) * UNIT + HEADER_PADDING)
    if sum(widths) > total:
        widths = [_display_width(h, header=True) * UNIT + HEADER_PADDING for h in table.headers]
    step = 2 * UNIT  # one Chinese character

    def lines(text: float, width: float) -> int:
        room = max(1.0, (width - CELL_PADDING + UNIT) / UNIT)
        return max(1, math.ceil(text / room - 1e-9))

    def height(widths: list[float]) -> int:
        """Rows' lines (the table's height), then all cells' lines: a step that only shortens
        cells still counts, so the hand-out does not stall when no row gets shorter yet."""
        counts = [[lines(row[i], widths[i]) for i in range(n)] for row in cells]
        return sum(max(c) for c in counts) * 10_000 + sum(map(sum, counts))

    current = height(widths)
    while sum(widths) + step <= total:
        # The column where the width buys the most, per character: looking several characters
        # ahead, since a cell only gets a line shorter once its whole line fits.
        best, best_rate, best_k = -1, 0.0, 0
        for i in range(n):
            for k in range(1, int((total - sum(widths)) // step) + 1):
                trial = widths.copy()
                trial[i] += k * step
                rate = (current - height(trial)) / k
                if rate > best_rate:
                    best, best_rate, best_k = i, rate, k
        if best < 0:
            break
        widths[best] += best_k * step
        current = height(widths)
    longest = [max((row[i] for row in cells), default=0.0) * UNIT + CELL_PADDING for i in range(n)]
    return (
        _fill([w + 1e-3 * longest[i] for i, w in enumerate(widths)], total)
        if sum(widths) >= total
        else (
            _fill(
                [w + (total - sum(widths)) * longest[i] / sum(longest) for i, w in enumerate(widths)], total
            )
        )
    )


def _fill(weights: Sequence[float], total: int) -> list[int]:
    """Integer widths in proportion to ``weights`` adding up to exactly ``total``."""
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _display_width(text: str, *, header: bool = False) -> float:
    """Half-width units of the longest line of ``text`` (Chinese characters count two). Header
    text is 黑体, whose digits and brackets are a little wider than the 仿宋 cells'."""
    half = 1.2 if header else 1.0
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else half for ch in line)
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
    rows = table.rows
    for k in sorted(set(data.headings)):
        if 0 <= k < len(data.rows):
            _make_heading(rows[k + 1], str(data.rows[k][0]) if data.rows[k] else "")
    _keep_ends_together(table, data)
    return table


def _make_heading(row: _Row, text: str) -> None:
    """A block heading: one merged cell across the table, 黑体, kept with the row below."""
    first, last = row.cells[0], row.cells[-1]
    cell = first.merge(last) if first is not last else first
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    x.set_alignment(p, WD_ALIGN_PARAGRAPH.LEFT)
    x.style_run(p.add_run(x.clean_text(text)), x.HEITI, x.LATIN, x.TABLE_SZ, char_spacing=0)
    p.paragraph_format.keep_with_next = True


def _keep_ends_together(table: Table, data: GongwenTable) -> None:
    """Word keeps a row with the next one when its paragraphs keep with the next: the last two
    rows of each block (and of the table) stay together, so no row is left alone on a page."""
    rows = table.rows
    ends = {k - 1 for k in data.headings if k > 0} | {len(data.rows) - 1}
    for end in ends:
        if end >= 1 and end - 1 not in set(data.headings):
            for cell in rows[end].cells:  # rows[end] is data row end - 1 (row 0 is the header)
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def set_min_row_height(table: Table, twips: int) -> None:
    """Every row's minimum height (the annex writer lowers it so a table ends without an orphan)."""
    for tr in table._tbl.findall(qn("w:tr")):
        trPr = tr.get_or_add_trPr()
        x.set_child(trPr, "w:trHeight", x.TRPR_ORDER, {"w:val": str(twips), "w:hRule": "atLeast"})


def _style_row(row: _Row, values: Sequence[str], numeric: Sequence[int], *, header: bool) -> None:
    x.set_row_properties(row._tr, header=header, min_height=ROW_MIN_HEIGHT)
    for c, cell in enumerate(row.cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        centred = header or c in numeric
        p = cell.paragraphs[0]
        x.set_line_spacing(p, CELL_LINE)
        x.set_paragraph_flag(p, "w:snapToGrid", False)
        x.set_indent(p)
        x.set_alignment(p, WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT)
        text = x.clean_text(str(values[c])) if c < len(values) else ""
        font = x.HEITI if header else x.FANGSONG
        x.style_run(p.add_run(text), font, x.LATIN, x.TABLE_SZ, char_spacing=0)


def add_banji_table(document: Document, copy_to: str, printed: str, width: int, left: int) -> Table:
    """The 版记: "抄送：…。" and "印发机关\t日期印发" between full-width rules, thick above and
    below, thin between (GB/T 9704 §7.4), pinned to the foot of the type area (``left`` = the left
    margin, twips) of the page its anchor paragraph (the next one) is on.

    A one-column table draws the rules: paragraph borders stop at the one-character indents, but
    the standard wants them as wide as the type area.
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
    x.float_table_at_foot(table, left)
    return table


def banji_height(copy_to: str, printed: str, width: int) -> int:
    """Twips the 版记 takes: its lines (the 抄送 line may wrap after "抄送：") and the rules."""
    height = 0
    if copy_to:
        chars = sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in copy_to)
        per_line = max(1, (width - 5 * x.CHAR_SMALL) // x.CHAR_SMALL)
        height += -(-int(chars - 3) // per_line) * x.LINE
    if printed:
        height += x.LINE
    return height + 2 * THICK_RULE_SZ * 20 // 8 + THIN_RULE_SZ * 20 // 8


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
