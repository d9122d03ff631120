"""Small openpyxl helpers shared by every workbook gkdesk writes.

Style objects are built once (``CellStyle``) and applied to many cells: openpyxl hashes a style
object every time it is assigned, so creating fresh ``Font``/``Border`` objects per cell is what
makes naive writers slow. ``write_text`` keeps user text as text even when it looks like a
formula, and ``setup_print`` gives the A4 landscape, one-page-wide layout offices print with.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.debris import new_file
from gkdesk.errors import UserError

# GB2312: a hint that makes Excel pick the CJK face for every character of these fonts.
GB2312_CHARSET = 134
MAX_CELL_CHARS = 32767  # Excel refuses to open (asks to repair) a file with a longer cell

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"


def cjk_font(name: str, size: float, *, bold: bool = False, color: str | None = None) -> Font:
    return Font(name=name, size=size, bold=bold, color=color, charset=GB2312_CHARSET)


THIN = Side(style="thin", color="000000")
THIN_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
GREY_FILL = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
NO_FILL = PatternFill()
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
TOP_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)


@dataclass(frozen=True)
class CellStyle:
    """Everything a cell's look is made of; create once, apply to any number of cells."""

    font: Font
    alignment: Alignment = TOP_WRAP
    border: Border = NO_BORDER
    fill: PatternFill = NO_FILL
    protection: Protection = LOCKED
    number_format: str = "@"  # text: what a unit types stays as typed (no 1-2 → date)


class StyleCache:
    """Applies ``CellStyle``s to the cells of one workbook, registering each style only once.

    The first cell of a style goes through openpyxl's public setters; later cells copy the
    resulting style indices, which is what openpyxl itself does when copying a style.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._arrays: dict[int, tuple[CellStyle, StyleArray]] = {}

    def apply(self, cell: Cell | MergedCell, style: CellStyle) -> None:
        if cell.parent.parent is not self._workbook:
            raise ValueError("the cell belongs to another workbook")
        known = self._arrays.get(id(style))
        if known is not None and known[0] is style:
            cell._style = StyleArray(known[1])
            return
        cell.font = style.font
        cell.alignment = style.alignment
        cell.border = style.border
        cell.fill = style.fill
        cell.protection = style.protection
        cell.number_format = style.number_format
        # Keeping the style object alive in the cache keeps its id() from being reused.
        self._arrays[id(style)] = (style, StyleArray(cell._style))


def clean_text(value: Any) -> str:
    """``value`` as text Excel accepts: control characters dropped, overlong text cut."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_CHARS]


def write_text(cell: Cell | MergedCell, value: Any) -> None:
    """Store ``value`` as a text cell, never as a formula or error value.

    openpyxl turns a string starting with "=" into a formula and "#N/A" into an error; text from
    a user or a database must not become executable, so the type is forced back to string.
    """
    text = clean_text(value)
    if not text:
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"


def merge_styled(ws: Worksheet, row: int, first_col: int, last_col: int) -> None:
    """Merge columns ``first_col``..``last_col`` of ``row``, whose cells are already styled.

    ``Worksheet.merge_cells`` replaces the covered cells and copies the first cell's border onto
    each edge cell, a few milliseconds a range; cells styled one by one (``StyleCache``) already
    carry their borders, which is also how Excel stores a merged range.
    """
    ws.merged_cells.add(
        MergedCellRange(ws, f"{get_column_letter(first_col)}{row}:{get_column_letter(last_col)}{row}")
    )


def set_widths(ws: Worksheet, widths: Mapping[str, float] | list[float]) -> None:
    """Column widths in Excel's character units, by letter or left to right from column A."""
    items = (
        widths.items()
        if isinstance(widths, Mapping)
        else ((get_column_letter(i), w) for i, w in enumerate(widths, start=1))
    )
    for letter, width in items:
        ws.column_dimensions[letter].width = width


def setup_print(
    ws: Worksheet,
    title_rows: str | None = "1:3",
    *,
    landscape: bool = True,
    paper_size: int = 9,
    side_margin: float = 0.5,
) -> None:
    """A4 (paper size 9), one page wide and as many pages tall as needed, centred, with
    ``title_rows`` repeated on every page; ``side_margin`` is the left and right margin in inches."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup = ws.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = paper_size
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left = margins.right = side_margin
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows


def header_footer_text(text: str) -> str:
    """``text`` for a printed page header or footer, where "&" starts a code and must be doubled."""
    return clean_text(text).replace("&", "&&")


def save_atomically(path: Path, save: Callable[[Path], None]) -> Path:
    """Call ``save(temp)`` on a temporary file next to ``path``, then move it into place, so a
    reader never sees a half-written workbook and a failed write leaves the old file intact.

    A folder the user may not write in is a ``UserError`` here, so that a ``PermissionError`` from
    ``save`` or the final move means the file itself is held (open in Excel on Windows)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = new_file(path.parent, path.suffix or ".tmp")
    except PermissionError:
        raise UserError(
            f"无法在文件夹“{path.parent}”中保存文件，请检查权限或换一个位置。",
            code="folder_not_writable",
            path=str(path),
        ) from None
    try:
        save(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def display_width(text: str) -> int:
    """Width in Excel column units at the body font: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fitted_height(cells: Iterable[tuple[str, float]], *, font_size: float = 11, min_lines: int = 1) -> float:
    """A row height (points) that shows every (text, column width) pair wrapped in full.

    Neither openpyxl nor LibreOffice sizes wrapped rows on opening, so the writer must; this errs
    on the tall side, since a clipped task title is worse than some white space.
    """
    lines = min_lines
    for text, width in cells:
        capacity = max(1.0, width - 1.5)
        needed = sum(max(1, math.ceil(display_width(part) / capacity)) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return round(lines * font_size * 1.4 + 4, 1)
