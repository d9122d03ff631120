"""Read a PDF that has a text layer into ``Block`` records, as ``read_docx`` reads a Word file.

Entry point: ``read_pdf(path, password=None)``. A PDF only knows positioned glyphs, so the
structure the Word file had is rebuilt from geometry:

* Paragraphs. Each printed line is one run of words. Lines are joined into one paragraph unless
  the next line is indented (the 2-character first-line indent of official documents), the
  font size changes, or the previous line stopped short: a line-breaking engine only wraps when
  the next unbreakable piece (one CJK character with the punctuation that may not start a line,
  or one Latin word) does not fit, so if it would have fitted, the paragraph ended there. A
  centred title that wraps is the one exception to the indent rule.
* Tables come from pdfplumber's ruling-line table finder, run only on pages that draw lines or
  rectangles. Rows are laid on a grid of column boundaries so that every row has one entry per
  grid column, with ``merged`` flags as the Word reader gives them. A table that runs on at the
  top of the next page keeps its index, and a row split by the page break is joined again.
* Running headers, footers and page numbers in the top and bottom margins are left out.

Text is taken from ``extract_words`` (what ``extract_text`` is built on) so that reading costs
about what pdfplumber's own text extraction does; characters are looked at only for the first
piece of each line and for font names. pdfminer puts spaces between CJK and Latin text that the
source did not have; they are dropped, and a space is kept only between two Latin words.

Whatever the bytes, the only exceptions that leave this module are ``BadFileError`` and its
subclass ``PasswordRequiredError``, with one-line messages meant for office staff.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect, PDFXRefFallback
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from gkdesk.errors import BadFileError, PasswordRequiredError
from gkdesk.importers.limits import DEFAULT_LIMITS
from gkdesk.records import Block

__all__ = ["MAX_PAGES", "read_pdf"]

MAX_PAGES = DEFAULT_LIMITS.max_pdf_pages  # counted before any page is read

# Share of the page height, from the top or the bottom edge, where running headers, footers and
# page numbers live. Body text of an official document starts about 37 mm (13 %) down.
_MARGIN_ZONE = 0.13
# How far (in font sizes) a line must start right of the text's left edge to count as indented.
_INDENT = 0.75
# Tolerance, in points, for "the same x" of table column boundaries and page margins.
_SNAP = 2.0

_CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
    "\u2010-\u2027\u2030-\u205e]"
)
# Characters that may not end a line (so they travel with the next one) and that may not start
# one (so they travel with the previous one), per the usual CJK line-breaking rules.
_OPENERS = frozenset("（(《〈【[「『〔{<＜〖")
_CLOSERS = frozenset("，。、；：！？）)》〉】]」』〕},.;:!?%％…—·・〗>＞")
_QUOTES = frozenset("“”‘’\"'")
_SENTENCE_END = frozenset("。！？!?")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～·•_]*\d{1,3}[-—–－~～·•_]*"
    r"|第\d{1,3}页(?:共\d{1,3}页)?"
    r"|共\d{1,3}页第\d{1,3}页"
    r"|\d{1,3}/\d{1,3}"
    r"|(?:page)?\d{1,3}(?:of\d{1,3})?)$",
    re.IGNORECASE,
)
# A list number that opens a paragraph: "1.", "（一）", "3、" …
_NUMERAL = "[0-9一二三四五六七八九十百]{1,3}"
_LABEL = re.compile(f"^(?:[（(]?{_NUMERAL}[)）]|{_NUMERAL}[.．、])")
# The line a continued table may carry above its rest on the next page.
_CONTINUED = re.compile(r"^(?:续表|续上表|接上表)[\d一二三四五六七八九十]{0,3}[:：]?$")
# 黑体 by any name: SimHei, STHeiti, YaHei, 方正黑体 (FZHTJW), 方正大黑 (FZDHTJW) …
_BOLD_FONT = re.compile(r"bold|black|heavy|hei|demi|黑|fz[a-z]*ht", re.IGNORECASE)

Word = dict[str, Any]  # a pdfplumber word with its ``chars``


def read_pdf(path: Path, password: str | None = None) -> list[Block]:
    """The paragraphs and table rows of a PDF with a text layer, in reading order.

    Raises ``PasswordRequiredError`` for an encrypted file opened without ``password`` and
    ``BadFileError`` for anything else that cannot be read (including scans without text).
    """
    path = Path(path)
    name = path.name
    _check_file(path)
    try:
        handle = path.open("rb")
        head = handle.read(1024)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with handle:
        if b"%PDF-" not in head:
            raise BadFileError(
                f"{name} 不是有效的 PDF 文件，可能已损坏，或是改了扩展名的其他文件。", file=str(path)
            )
        handle.seek(0)
        pdf = _open(handle, path, password)
        try:
            try:
                truncated = _truncated(handle, pdf)
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if truncated:
                raise _damaged(path)
            pages = _read_pages(pdf, path)
        finally:
            # ``pdf.close()`` walks the page tree again, which may be what is broken; the file
            # handle is closed by the ``with`` and the caches go with ``pdf``.
            pdf.flush_cache()
    return _Assembler(pages).blocks()


# --- file level ------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise BadFileError(f"找不到文件：{name}", file=str(path))
    if path.is_dir():
        raise BadFileError(f"{name} 是文件夹，请选择一个 PDF 文件。", file=str(path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if size == 0:
        raise BadFileError(f"{name} 是空文件，没有任何内容。", file=str(path))


def _unreadable(path: Path, exc: OSError) -> BadFileError:
    if isinstance(exc, PermissionError):
        return BadFileError(
            f"无法读取 {path.name}：没有权限，或文件正被其他程序占用。请关闭该文件后再导入。",
            file=str(path),
        )
    return BadFileError(f"无法读取 {path.name}：{exc.strerror or exc}", file=str(path))


def _damaged(path: Path) -> BadFileError:
    return BadFileError(
        f"{path.name} 已损坏或不完整，无法读取。请重新下载，或从原文件重新导出 PDF 后再导入。",
        file=str(path),
    )


def _open(handle: Any, path: Path, password: str | None) -> Any:
    name = path.name
    try:
        return pdfplumber.open(handle, password=password or "")
    except Exception as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            if not password:
                raise PasswordRequiredError(
                    f"{name} 已加密，请输入打开密码后再导入。", file=str(path)
                ) from None
            raise BadFileError(
                f"{name} 的密码不正确，请核对后重新输入。", code="wrong_password", file=str(path)
            ) from None
        if isinstance(cause, PDFEncryptionError):
            raise BadFileError(
                f"{name} 的加密方式不受支持，请在 PDF 阅读器中取消密码后再导入。", file=str(path)
            ) from exc
        # pdfminer raises PDFSyntaxError, PSEOF, KeyError, TypeError … on damaged bytes.
        raise _damaged(path) from exc


def _truncated(handle: Any, pdf: Any) -> bool:
    """Whether the file stops short, as an interrupted download or copy does.

    pdfminer rebuilds a lost cross-reference table by scanning the file and may then read only
    the pages that arrived; a cut-off file also lacks the end-of-file marker.
    """
    if not any(isinstance(xref, PDFXRefFallback) for xref in pdf.doc.xrefs):
        return False
    handle.seek(0, 2)
    handle.seek(max(0, handle.tell() - 2048))
    tail: bytes = handle.read()
    return b"%%EOF" not in tail


def _read_pages(pdf: Any, path: Path) -> list[_Page]:
    name = path.name
    try:
        pdf_pages = pdf.pages
        count = len(pdf_pages)
    except Exception as exc:
        raise _damaged(path) from exc
    if count == 0:
        raise BadFileError(f"{name} 没有任何页面。", file=str(path))
    if count > MAX_PAGES:
        raise BadFileError(
            f"{name} 有 {count} 页，超过 {MAX_PAGES} 页，作为一份工作要点太大，无法导入。"
            "请只导出工作要点所在的页面后再导入。",
            file=str(path),
            code="too_large",
            limit="max_pdf_pages",
        )
    pages: list[_Page] = []
    for index, page in enumerate(pdf_pages):
        try:
            raw = _RawPage.load(page)
        except Exception as exc:
            raise _damaged(path) from exc
        finally:
            page.close()
        pages.append(_build_page(index, raw))
    words = sum(p.words for p in pages)
    if words == 0:
        raise BadFileError(
            f"{name} 是扫描件或纯图片 PDF，没有文字层，无法直接导入。"
            "请先用 OCR（文字识别）软件转换成文字，或重新录入为 Word 文档后再导入。",
            file=str(path),
        )
    if sum(p.garbled for p in pages) * 2 > words:
        raise BadFileError(
            f"{name} 的文字无法提取（字体没有文字编码，复制出来是乱码）。"
            "请先用 OCR（文字识别）软件转换成文字，或重新录入为 Word 文档后再导入。",
            file=str(path),
        )
    return pages


@dataclass(slots=True)
class _RawPage:
    """What pdfplumber gives for one page; everything after this works on plain data."""

    width: float
    height: float
    words: list[Word]
    tables: list[list[tuple[float, float, float, float]]]  # cell boxes of each table

    @classmethod
    def load(cls, page: Page) -> _RawPage:
        # Grouping words by font (``extra_attrs``) would triple the cost of this call; fonts are
        # looked up from the words' characters instead.
        words = page.extract_words(return_chars=True)
        tables: list[list[tuple[float, float, float, float]]] = []
        # The table finder is the costly part; without ruling lines it has nothing to find.
        if words and (page.lines or page.rects or page.curves):
            tables = [table.cells for table in page.find_tables()]
        return cls(float(page.width), float(page.height), words, tables)


# --- one page --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One printed line of body text."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    bold: bool
    lead: float  # width of the unbreakable piece the line starts with


@dataclass(slots=True)
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""


@dataclass(slots=True)
class _TablePart:
    """The piece of a table printed on one page."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    cells: list[_Cell]
    row_tops: list[float]


@dataclass(slots=True)
class _Page:
    index: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_TablePart]
    words: int
    garbled: int


def _build_page(index: int, raw: _RawPage) -> _Page:
    free: list[Word] = []
    # A single column is a frame round the page or a boxed or shaded paragraph far more often
    # than a real table.
    parts = [
        _new_part(index, cells)
        for cells in raw.tables
        if len(_snap_values([c[0] for c in cells])) > 1 and math.isfinite(sum(map(sum, cells)))
    ]
    grids = [_cell_grid(part) for part in parts]
    cell_words: list[list[list[Word]]] = [[[] for _ in part.cells] for part in parts]
    garbled = 0
    for word in raw.words:
        if "(cid:" in word["text"]:
            garbled += 1
        if not math.isfinite(word["x0"] + word["x1"] + word["top"] + word["bottom"]):
            continue  # damaged drawing commands: the word has no place on the page
        cx = (word["x0"] + word["x1"]) / 2
        cy = (word["top"] + word["bottom"]) / 2
        for t, part in enumerate(parts):
            if part.x0 <= cx <= part.x1 and part.top <= cy <= part.bottom:
                at = _cell_at(part, grids[t], cx, cy)
                if at is not None:
                    cell_words[t][at].append(word)
                    break
        else:
            # Rotated text outside tables is a watermark or a stamp, not body text.
            if word["upright"]:
                free.append(word)
    for part, per_cell in zip(parts, cell_words, strict=True):
        for cell, words in zip(part.cells, per_cell, strict=True):
            if words:
                cell.text = _join_lines([_line_text(line) for line in _group_lines(words)])
    lines = [_make_line(index, line) for line in _group_lines(free)]
    return _Page(index, raw.width, raw.height, lines, parts, len(raw.words), garbled)


def _new_part(page: int, boxes: list[tuple[float, float, float, float]]) -> _TablePart:
    cells = [_Cell(*box) for box in boxes]
    return _TablePart(
        page,
        min(c.x0 for c in cells),
        min(c.top for c in cells),
        max(c.x1 for c in cells),
        max(c.bottom for c in cells),
        cells,
        _snap_values(c.top for c in cells),
    )


def _snap_values(values: Iterator[float] | list[float]) -> list[float]:
    """Sorted distinct values, treating values within ``_SNAP`` of each other as one."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


def _index(sorted_values: list[float], value: float) -> int:
    """Index of the last value at or below ``value`` (with tolerance), -1 when none."""
    return bisect.bisect_right(sorted_values, value + _SNAP) - 1


def _cell_grid(part: _TablePart, cols: list[float] | None = None) -> list[list[int | None]]:
    """For each row and column of the part, the index of the cell covering it."""
    xs = cols if cols is not None else _snap_values(c.x0 for c in part.cells)
    ys = part.row_tops
    grid: list[list[int | None]] = [[None] * len(xs) for _ in ys]
    for i, cell in enumerate(part.cells):
        r0 = max(_index(ys, cell.top), 0)
        r1 = max(bisect.bisect_left(ys, cell.bottom - _SNAP), r0 + 1)
        c0 = max(_index(xs, cell.x0), 0)
        c1 = max(bisect.bisect_left(xs, cell.x1 - _SNAP), c0 + 1)
        for r in range(r0, min(r1, len(ys))):
            row = grid[r]
            for c in range(c0, min(c1, len(xs))):
                row[c] = i
    return grid


def _cell_at(part: _TablePart, grid: list[list[int | None]], x: float, y: float) -> int | None:
    r = bisect.bisect_right(part.row_tops, y) - 1
    if r < 0:
        return None
    row = grid[r]
    # A row has few cells: take the one whose box holds x, else one the word overhangs a little.
    best: int | None = None
    for cell in row:
        if cell is not None:
            c = part.cells[cell]
            if c.x0 - _SNAP <= x <= c.x1 + _SNAP:
                best = cell
                if c.x0 <= x <= c.x1:
                    return cell
    return best


def _group_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    current: list[Word] = []
    top = bottom = 0.0
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if current and word["top"] < top + 0.6 * (bottom - top):
            current.append(word)
            bottom = max(bottom, word["bottom"])
        else:
            if current:
                lines.append(current)
            current = [word]
            top, bottom = word["top"], word["bottom"]
    if current:
        lines.append(current)
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def _line_text(words: list[Word]) -> str:
    parts: list[str] = []
    prev: Word | None = None
    for word in words:
        text = word["text"]
        if prev is not None and parts:
            gap = (word["x0"] - prev["x1"]) / max(1.0, word["bottom"] - word["top"])
            if (gap > 0.15 and _space_between(parts[-1], text)) or (
                gap > 0.25 and _ideographs(parts[-1], text)
            ):
                # Between two ideographs only a gap of a whole space is one: "市住建局 市商务局"
                # lists units; LibreOffice's narrower CJK/Latin autospace ("2024 年") is not.
                parts.append(" ")
        parts.append(text)
        prev = word
    return "".join(parts).translate(_IDEOGRAPHS)


def _make_line(page: int, words: list[Word]) -> _Line:
    return _Line(
        page,
        words[0]["x0"],
        max(w["x1"] for w in words),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        # A horizontal glyph's box is as tall as its font size.
        round(max(w["bottom"] - w["top"] for w in words) * 2) / 2,
        _line_text(words),
        all(_is_bold(font) for font in {c["fontname"] for w in words for c in w["chars"]}),
        _lead_width(words),
    )


def _lead_width(words: list[Word]) -> float:
    """Width of the piece a line starts with that a line break could not have split."""
    first = words[0]["chars"][0]
    last = first
    for n, word in enumerate(words):
        if n and word["x0"] - words[n - 1]["x1"] > 0.15 * (word["bottom"] - word["top"]):
            break  # a space: lines may always break there
        for char in word["chars"]:
            if char is not first:
                if not _can_break(last["text"], char["text"]):
                    last = char
                    continue
                return float(last["x1"] - first["x0"])
    return float(last["x1"] - first["x0"])


def _can_break(a: str, b: str) -> bool:
    """Whether a line may wrap between characters ``a`` and ``b``.

    A small part of Unicode line breaking (UAX #14) as LibreOffice and Word apply it to Chinese
    text: not after an opening bracket, not before a closing one or a comma, not on either side
    of a quotation mark, not inside a Latin word or number, and (as LibreOffice was seen to do)
    not between closing punctuation and a number ("。2018年", "〔2016〕138号").
    """
    if a in _OPENERS or b in _CLOSERS or a in _QUOTES or b in _QUOTES:
        return False
    b_word = b in "([" or _is_latin_word_char(b)
    return not (b_word and (a in _CLOSERS or _is_latin_word_char(a)))


# --- text helpers ----------------------------------------------------------------------------


def _is_latin_word_char(ch: str) -> bool:
    return ch.isalnum() and not _CJK.match(ch)


def _ideographs(left: str, right: str) -> bool:
    return bool(left and right) and "\u4e00" <= left[-1] <= "\u9fff" and "\u4e00" <= right[0] <= "\u9fff"


def _space_between(left: str, right: str) -> bool:
    """Whether a gap between ``left`` and ``right`` is a real space (Latin words on both sides)."""
    if not left or not right:
        return False
    a = left[-1]
    b = right[0]
    if not (_is_latin_word_char(b) or b in "(["):
        return False
    if _is_latin_word_char(a):
        return True
    # "Hello, world" keeps its space; "工作,2021年" (ASCII comma in CJK text) does not.
    return a in ",.;:!?)]" and len(left) > 1 and _is_latin_word_char(left[-2])


def _join_lines(texts: Sequence[str]) -> str:
    out = ""
    for text in texts:
        if not text:
            continue
        if out and _space_between(out, text) and not out.endswith("-"):
            out += " "
        out += text
    return out


_bold_cache: dict[str, bool] = {}


def _is_bold(fontname: str) -> bool:
    cached = _bold_cache.get(fontname)
    if cached is None:
        name = fontname.split("+", 1)[-1]
        if not name.isascii():
            # Chinese font names come through as their raw GBK or UTF-8 bytes.
            raw = name.encode("latin-1", "replace")
            for codec in ("gbk", "utf-8"):
                try:
                    name = raw.decode(codec)
                    break
                except UnicodeDecodeError:
                    continue
        cached = bool(_BOLD_FONT.search(name))
        _bold_cache[fontname] = cached
    return cached


# Some producers map ideographs to look-alike Kangxi radicals or compatibility ideographs ("⼀"
# U+2F00 for "一"); NFKC folds them back, but NFKC of whole text would also turn full-width
# punctuation half-width, which the Word reader keeps.
_IDEOGRAPHS = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for block in (range(0x2E80, 0x2FE0), range(0xF900, 0xFB00))
    for cp in block
    if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the whole document ----------------------------------------------------------------------


@dataclass(slots=True)
class _Area:
    """The text area of pages of one size: where full lines start and end."""

    left: float
    right: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


@dataclass(slots=True)
class _Table:
    """A table as printed over one or more pages."""

    index: int
    parts: list[_TablePart]


_Row = list[tuple[str, str, int]]  # per grid column: text, merge flag, cell id


class _Assembler:
    """Turns the pages' lines and table parts into blocks."""

    def __init__(self, pages: list[_Page]) -> None:
        self.pages = pages
        _drop_furniture(pages)
        self.areas = _text_areas(pages)
        sizes = Counter(ln.size for p in pages for ln in p.lines)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 0.0
        self.pitch = _line_pitches(pages)

    def blocks(self) -> list[Block]:
        out: list[Block | _Table] = []  # tables are expanded once all their parts are known
        para: list[_Line] = []
        joins: list[str] = []
        tables = 0
        last_table: _Table | None = None  # the table that ended the page before
        para_key: tuple[int, int] | None = None

        def flush() -> None:
            nonlocal para, joins
            if para:
                out.append(_paragraph(para, joins))
            para, joins = [], []

        for page in self.pages:
            key = _size_key(page)
            if key != para_key:
                flush()  # a paragraph may run on to the next page, not to a page of another size
            para_key = key
            area = self.areas[key]
            items: list[tuple[float, int, _Line | _TablePart]] = [(ln.top, 0, ln) for ln in page.lines]
            items += [(t.top, 1, t) for t in page.tables]
            items.sort(key=lambda item: (item[0], item[1]))
            page_top = True  # nothing but a "续表" line yet on this page
            for _, _, item in items:
                if isinstance(item, _Line):
                    if page_top and last_table is not None and _CONTINUED.match(_plain(item.text)):
                        continue  # "续表" heads the rest of the table the page before ended with
                    page_top = False
                    join = _continues(para, item, area, self.body_size, self.pitch) if para else None
                    if join is None:
                        flush()
                        para = [item]
                    else:
                        para.append(item)
                        joins.append(join)
                    last_table = None
                    continue
                flush()
                if page_top and last_table is not None and _continues_table(last_table, item):
                    last_table.parts.append(item)
                else:
                    last_table = _Table(tables, [item])
                    tables += 1
                    out.append(last_table)
                page_top = False
            if not items or not isinstance(items[-1][2], _TablePart):
                last_table = None
        flush()
        blocks: list[Block] = []
        for entry in out:
            if isinstance(entry, _Table):
                blocks.extend(_table_blocks(entry))
            else:
                blocks.append(entry)
        return blocks


def _size_key(page: _Page) -> tuple[int, int]:
    return round(page.width), round(page.height)


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove running headers, footers and page numbers from the pages' lines."""
    candidates: list[tuple[_Line, str]] = []  # each line with "top" or "bottom"
    for page in pages:
        lines = sorted(page.lines, key=lambda ln: ln.top)
        top_limit = page.height * _MARGIN_ZONE
        bottom_limit = page.height * (1 - _MARGIN_ZONE)
        table_top = min((t.top for t in page.tables), default=page.height)
        table_bottom = max((t.bottom for t in page.tables), default=0.0)
        # Only the outermost lines, and only beyond any table: furniture is outside the body.
        for line in lines[:2]:
            if line.bottom <= top_limit and line.bottom <= table_top:
                candidates.append((line, "top"))
        for line in lines[-2:] if len(lines) > 2 else lines[len(lines) // 2 :]:
            if line.top >= bottom_limit and line.top >= table_bottom:
                candidates.append((line, "bottom"))
    if not candidates:
        return
    # A running header or footer: the same words (numbers aside) at the same height on
    # several pages.
    tops: dict[tuple[str, str], list[float]] = {}
    keyed: list[tuple[_Line, tuple[str, str], str]] = []
    for line, where in candidates:
        text = _plain(line.text)
        key = (where, re.sub(r"\d+", "#", text))
        tops.setdefault(key, []).append(line.top)
        keyed.append((line, key, text))
    for values in tops.values():
        values.sort()
    needed = max(2, (len(pages) + 2) // 3)
    drop: set[int] = set()
    for line, key, text in keyed:
        values = tops[key]
        same_place = bisect.bisect_right(values, line.top + 3) - bisect.bisect_left(values, line.top - 3)
        if _PAGE_NUMBER.match(text) or same_place >= needed:
            drop.add(id(line))
    if drop:
        for page in pages:
            page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _text_areas(pages: list[_Page]) -> dict[tuple[int, int], _Area]:
    """The left and right edges of the text on pages of each size."""
    groups: dict[tuple[int, int], list[_Page]] = {}
    for page in pages:
        groups.setdefault(_size_key(page), []).append(page)
    areas: dict[tuple[int, int], _Area] = {}
    for key, group in groups.items():
        lines = [ln for p in group for ln in p.lines]
        tables = [t for p in group for t in p.tables]
        width = group[0].width
        if not lines:
            areas[key] = _Area(0.0, width)
            continue
        starts = Counter(round(ln.x0) for ln in lines)
        shared = [x for x, n in starts.items() if n + starts.get(x - 1, 0) + starts.get(x + 1, 0) >= 2]
        min_x0 = min(ln.x0 for ln in lines)
        max_x1 = max(ln.x1 for ln in lines)
        if shared:
            left = max(min(shared) - 1.0, min_x0)
            right = max_x1
            size = Counter(ln.size for ln in lines).most_common(1)[0][0]
            centred = _right_from_centred(lines, left, width)
            if centred > right + 0.5 * size:
                # No body line came near the right edge (a sheet of short lines), but a
                # centred title shows where it is.
                right = centred
            elif sum(1 for ln in lines if ln.x1 > right - 0.6 * size) < 2:
                # Official documents have a right margin no wider than the left one.
                right = max(right, width - left)
        elif tables:
            left = min(min(t.x0 for t in tables), min_x0)
            right = max(max(t.x1 for t in tables), max_x1)
        else:
            left = min_x0
            right = max(max_x1, width - left)
        areas[key] = _Area(left, right)
    return areas


def _right_from_centred(lines: list[_Line], left: float, width: float) -> float:
    """The right edge implied by lines centred on the text area, 0 when there are none.

    A title is centred between the two edges: lines that start at different places yet share
    their middle, near the middle of the page, are centred, and the edges are as far from it.
    """
    by_middle: dict[int, list[float]] = {}
    for ln in lines:
        middle = (ln.x0 + ln.x1) / 2
        if ln.x0 > left + _INDENT * ln.size and abs(middle - width / 2) < 0.1 * width:
            by_middle.setdefault(round(middle), []).append(ln.x0)
    best = (0, 0.0)
    for middle, starts in by_middle.items():
        near = starts + by_middle.get(middle - 1, []) + by_middle.get(middle + 1, [])
        if max(near) - min(near) > 8:
            best = max(best, (len(near), float(middle)))
    return 2 * best[1] - left if best[0] else 0.0


def _centered(line: _Line, area: _Area) -> bool:
    left_gap = line.x0 - area.left
    right_gap = area.right - line.x1
    return left_gap > -1 and right_gap > -1 and abs(left_gap - right_gap) <= max(4.0, 0.4 * line.size)


def _line_pitches(pages: list[_Page]) -> dict[float, float]:
    """The usual distance from one line to the next, for each font size."""
    seen: dict[float, Counter[float]] = {}
    for page in pages:
        lines = sorted(page.lines, key=lambda ln: ln.top)
        for prev, line in pairwise(lines):
            step = line.top - prev.top
            if prev.size == line.size and 0 < step < 3 * line.size:
                seen.setdefault(line.size, Counter())[round(step * 2) / 2] += 1
    # Two or three lines are no evidence of what is usual.
    return {size: step for size, steps in seen.items() for step, n in steps.most_common(1) if n >= 3}


def _continues(
    para: list[_Line], line: _Line, area: _Area, body_size: float, pitch: dict[float, float]
) -> str | None:
    """How ``line`` carries on the paragraph whose lines so far are ``para``.

    None when it starts a new paragraph, else the text to put between the lines: "" for a
    wrapped line, "\n" for a title whose author broke the line by hand.
    """
    prev = para[-1]
    if abs(prev.size - line.size) > 0.5:
        return None
    if prev.page == line.page:
        # A blank line or paragraph spacing: wrapped lines follow at the usual distance.
        step = pitch.get(line.size)
        if line.top - prev.bottom > 2 * line.size or (step and line.top - prev.top > 1.6 * step):
            return None
    size = line.size
    indented = line.x0 > area.left + _INDENT * size
    # A centred title over several lines: each sits on the middle of the text area.
    title = (
        indented
        and prev.bold == line.bold
        and _centered(prev, area)
        and _centered(line, area)
        and all(_centered(ln, area) for ln in para)
    )
    room = area.right - prev.x1 + (prev.x0 - area.left if title else 0.0)
    if line.lead + 0.1 * size < room:
        # The previous line stopped although this line's first piece would have fitted: the
        # paragraph ended there, or a title's line was broken by hand. Titles stand out from
        # the body by size and follow each other at the normal line distance.
        if title and size > body_size + 0.5 and line.top - prev.bottom < size:
            return "\n"
        return None
    if title:
        return ""
    if len(para) > 1:
        # Lines after the first keep to the paragraph's own left edge (deeper for a hanging or
        # block indent); only a line that starts further right begins a new paragraph.
        indented = line.x0 > para[1].x0 + _INDENT * size
    elif (
        indented
        and prev.x0 < area.left + _SNAP
        and line.x0 < area.left + 6 * size
        and _LABEL.match(prev.text)
    ):
        # Word's hanging indent: the number at the margin, the text and its next lines under
        # the first word after it.
        return ""
    return None if indented else ""


def _paragraph(lines: list[_Line], joins: list[str]) -> Block:
    parts = [lines[0].text]
    for line, join in zip(lines[1:], joins, strict=True):
        parts.append(join if join else (" " if _space_between(parts[-1], line.text) else ""))
        parts.append(line.text)
    return Block("para", "".join(parts), bold=all(ln.bold for ln in lines))


# --- tables ----------------------------------------------------------------------------------


def _continues_table(table: _Table, part: _TablePart) -> bool:
    """Whether ``part``, first on its page, continues ``table``, which ended the page before."""
    last = table.parts[-1]
    if part.page != last.page + 1:
        return False
    if abs(part.x0 - last.x0) > _SNAP * 1.5 or abs(part.x1 - last.x1) > _SNAP * 1.5:
        return False
    mine = _snap_values([c.x0 for c in part.cells])
    theirs = _snap_values([c.x0 for p in table.parts for c in p.cells])
    fewer, more = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
    return all(any(abs(x - y) <= _SNAP for y in more) for x in fewer)


def _table_blocks(table: _Table) -> list[Block]:
    cols = _snap_values([c.x0 for p in table.parts for c in p.cells])
    rows: list[_Row] = []
    header: list[str] | None = None
    for n, part in enumerate(table.parts):
        part_rows = _part_rows(part, cols, id_base=n * 100_000)
        if not part_rows:
            continue
        if header is None:
            header = [_plain(t) for t, _, _ in part_rows[0]]
        elif rows:
            start = 1 if [_plain(t) for t, _, _ in part_rows[0]] == header else 0
            if start < len(part_rows):
                if _is_split_row(rows[-1], part_rows[start]) or _is_cut_row(rows, part_rows[start]):
                    _join_split_row(rows, part_rows.pop(start))
                elif start < len(part_rows):
                    _carry_merges(rows[-1], part_rows, start)
        rows.extend(part_rows)
    blocks: list[Block] = []
    for row in rows:
        cells = tuple(t for t, _, _ in row)
        if not any(cells):
            continue
        merged = tuple(f for _, f, _ in row)
        text = "\t".join(t for t, f, _ in row if not f)
        blocks.append(Block("row", text, cells=cells, table=table.index, merged=merged))
    return blocks


def _part_rows(part: _TablePart, cols: list[float], id_base: int) -> list[_Row]:
    grid = _cell_grid(part, cols)
    origin: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None and cell not in origin:
                origin[cell] = (r, c)
    rows: list[_Row] = []
    for r, row in enumerate(grid):
        out: _Row = []
        for c, cell in enumerate(row):
            if cell is None:
                out.append(("", "", -1))
                continue
            text = part.cells[cell].text
            r0, c0 = origin[cell]
            if (r0, c0) == (r, c):
                out.append((text, "", id_base + cell))
            elif r0 < r:
                # As the Word reader does: a merged-down cell with nothing in it reads as a run of
                # empty cells of their own.
                flag = "up" if text else ("" if c == c0 else "left")
                out.append(("", flag, id_base + cell))
            else:
                out.append(("", "left", id_base + cell))
        rows.append(out)
    return rows


def _carry_merges(last: _Row, part_rows: list[_Row], start: int) -> None:
    """Mark cells that continue, on the new page, a cell merged down across the page break.

    The printed continuation of such a cell is an empty cell; it is taken as covered when it is
    itself merged over several rows or when the cell was already covering rows on the page before.
    """
    first = part_rows[start]
    for c, (text, flag, cell_id) in enumerate(first):
        if text or flag or cell_id < 0 or c >= len(last):
            continue
        above_text, above_flag, _ = last[c]
        if above_flag == "left" or not (above_text or above_flag):
            continue
        spans = sum(1 for row in part_rows[start:] if row[c][2] == cell_id)
        if spans < 2 and above_flag != "up":
            continue
        for row in part_rows[start:]:
            for k, entry in enumerate(row):
                if entry[2] == cell_id:
                    row[k] = ("", "up", cell_id)


def _is_split_row(last: _Row, first: _Row) -> bool:
    """Whether ``first`` (top of a page) is the rest of ``last`` (bottom of the page before).

    The rest of a row broken by the page has nothing in the label columns left of the main
    text, carries on the main text where a sentence was cut short, and has nothing in some
    column that was already complete on the page before (a unit, a deadline). A new row that
    merely lacks a number has those columns filled.
    """
    filled = [c for c, (text, flag, _) in enumerate(last) if text and not flag]
    if not filled or len(first) != len(last):
        return False
    main = max(filled, key=lambda c: len(last[c][0]))
    text, flag, _ = first[main]
    if flag or not text or last[main][0][-1] in _SENTENCE_END:
        return False
    if any(first[c][0] for c in range(main)):
        return False
    return any(not first[c][0] and not first[c][1] for c in filled if c != main)


_ITEM_NUMBER = re.compile(
    r"^\s*(?:\d{1,3}[.．、]|[(（]\d{1,3}[)）]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])"
)
_OPEN_BRACKETS = "(（《“【〔["
_CLOSE_BRACKETS = ")）》”】〕]"


def _is_cut_row(rows: list[_Row], first: _Row) -> bool:
    """The other way a row broken by the page shows: every cell goes on at the top of the next
    page. It is a cut when the text column's cells all open with an item number but this one
    does not, or when a cell on the page before stops inside brackets ("省编办(省审改")."""
    last = rows[-1]
    if len(first) != len(last):
        return False
    going_on = [c for c, (text, flag, _) in enumerate(first) if text and not flag]
    if not going_on or any(not last[c][0] or last[c][1] for c in going_on):
        return False
    if any(last[c][0][-1] in _SENTENCE_END for c in going_on):
        return False
    main = max(going_on, key=lambda c: len(last[c][0]))
    numbered = [row[main][0] for row in rows if row[main][0] and not row[main][1]]
    unnumbered_rest = (
        len(numbered) >= 2
        and all(_ITEM_NUMBER.match(t) for t in numbered[-3:])
        and not _ITEM_NUMBER.match(first[main][0])
    )
    inside_brackets = any(
        sum(last[c][0].count(o) for o in _OPEN_BRACKETS) > sum(last[c][0].count(x) for x in _CLOSE_BRACKETS)
        for c in going_on
    )
    return unnumbered_rest or inside_brackets


def _join_split_row(rows: list[_Row], first: _Row) -> None:
    """Join ``first``, the rest of a row broken by the page, onto the last of ``rows``."""
    last = rows[-1]
    joined: _Row = []
    for c, ((a, flag, cell_id), (b, _, _)) in enumerate(zip(last, first, strict=True)):
        if b and flag == "up":
            # The rest of a cell merged down from an earlier row: its text belongs there.
            for row in reversed(rows):
                text, origin_flag, origin_id = row[c]
                if origin_id == cell_id and not origin_flag:
                    row[c] = (_join_lines([text, b]), "", cell_id)
                    break
            else:
                a, flag = b, ""
        elif b and flag == "left":
            k = max((k for k, entry in enumerate(joined) if entry[2] == cell_id and not entry[1]), default=-1)
            if k >= 0:
                joined[k] = (_join_lines([joined[k][0], b]), "", cell_id)
            else:
                a, flag = b, ""
        elif b:
            a = _join_lines([a, b])
        joined.append((a, flag, cell_id))
    rows[-1] = joined
