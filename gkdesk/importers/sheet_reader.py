"""Read a spreadsheet holding a 任务分工表 into ``Block`` records, the way the Word reader reads a table.

Entry point: ``read_sheet(path, password=None)``. Every visible worksheet with content is one
table: its rows become ``Block("row", …)`` with grid-aligned cells and merge flags (see
``Block.merged``), its leading one-value rows (the plan's title, "附件1") become paragraphs.
Hidden sheets and hidden rows are left out, as a clerk looking at the file would not see them
(hidden columns are kept: a task table hides none, and its grid must match the Word table's).

Values come from python-calamine (Rust, so several times faster than openpyxl, and it returns the
cached result of a formula, never the formula). What calamine does not tell — hidden rows, merged
ranges of an .ods, the number format of a cell in an .xlsx — is read by a light pass over the
file's own structure: the sheet XML with lxml for .xlsx, content.xml for .ods, the BIFF records
for .xls. That pass also runs *before* calamine, because calamine allocates the full rectangle
between the first and the last cell holding a value: two cells at A1 and XFD1048576 make it ask
for 512 GB and abort the whole process, which no ``except`` can catch.

.xls/.et work through calamine as well; a file it cannot read (WPS's own formats, very old
Excel, a web page saved as .xls) is converted with LibreOffice when that is installed. Encrypted
files are decrypted with msoffcrypto. Whatever the bytes, the only exceptions that leave this
module are ``BadFileError`` and its subclass ``PasswordRequiredError``, with one line in Chinese
naming the file.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import msoffcrypto
import olefile
from lxml import etree
from msoffcrypto.format.xls97 import Xls97File
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from gkdesk.errors import BadFileError
from gkdesk.importers.limits import DEFAULT_LIMITS, check_zip
from gkdesk.importers.office_files import ask_password, convert, decrypt, wrong_password
from gkdesk.records import Block

__all__ = ["read_sheet"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK"
_MB = 1024 * 1024
_MAX_FILE_BYTES = 200 * _MB
# Unpacked sizes come from limits.py (check_zip names the part in its message); they are
# repeated here for the bounded inflater, which counts the true size of each part it unpacks.
_MAX_PART_BYTES = DEFAULT_LIMITS.max_part_bytes
_MAX_SMALL_PART_BYTES = 16 * _MB  # workbook.xml, relationships, manifest
_MAX_TOTAL_BYTES = DEFAULT_LIMITS.max_total_bytes
_MAX_RATIO = DEFAULT_LIMITS.max_ratio
_RATIO_CHECKED_ABOVE = DEFAULT_LIMITS.ratio_checked_above  # small XML parts compress very well
_MAX_ROWS = 100_000
_MAX_CELLS = 3_000_000  # the rectangle calamine fills: 32 bytes a cell on its side
_MAX_MERGE_REACH = 64  # columns a merged cell may add right of the last value
_LAST_COLUMNS = frozenset({255, 1023, 16383})  # IV in .xls, AMJ in old .ods, XFD
_LEGACY_SUFFIXES = frozenset({".xls", ".xlt", ".et", ".ett"})
_WPS_SUFFIXES = frozenset({".et", ".ett"})
_TRUE = frozenset({"1", "true", "on"})
_VELVET = "VelvetSweatshop"  # Excel's built-in password for "protected" but openable .xls files

_SPREADSHEET_NS_END = ("/spreadsheetml/2006/main", "/ooxml/spreadsheetml/main")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def read_sheet(path: Path, password: str | None = None) -> list[Block]:
    """The title paragraphs and table rows of every visible worksheet, sheet by sheet.

    Raises ``PasswordRequiredError`` for an encrypted file opened without ``password`` and
    ``BadFileError`` for anything else that cannot be read (message in Chinese, ``file`` param).
    """
    path = Path(path)
    name = path.name
    try:
        data = _load(path)
        sheets = _read_bytes(data, name, path.suffix.lower(), password, decrypted=False)
        blocks: list[Block] = []
        table = 0
        for sheet in sheets:
            found = _sheet_blocks(sheet, table, name)
            if any(b.kind == "row" for b in found):
                table += 1
            blocks += found
        if not blocks:
            raise BadFileError(f"{name} 中没有任何内容：可见的工作表都是空的。", code="empty")
        return blocks
    except BadFileError as exc:
        exc.params.setdefault("file", str(path))
        raise
    except Exception as exc:
        # The bytes are untrusted: any failure of a library on them means the file is unusable.
        # The cause stays chained for the log.
        raise BadFileError(
            f"{name} 无法读取，文件可能已损坏。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            code="corrupt",
            file=str(path),
        ) from exc


# --- file level ------------------------------------------------------------------------------


def _load(path: Path) -> bytes:
    name = path.name
    try:
        if path.is_dir():
            raise BadFileError(f"{name} 是文件夹，不是表格文件。", code="wrong_format")
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise BadFileError(
                f"{name} 超过 {_MAX_FILE_BYTES // _MB} MB，文件过大，无法导入。"
                "请只保留任务分工表另存后再导入。",
                code="too_large",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BadFileError(f"找不到文件：{name}", code="missing") from None
    except PermissionError:
        raise BadFileError(
            f"无法读取 {name}：没有权限，或文件正被 Excel/WPS 等程序占用。请关闭该文件后再导入。",
            code="unreadable",
        ) from None
    except OSError as exc:
        raise BadFileError(f"无法读取 {name}：{exc.strerror or exc}", code="unreadable") from None


def _not_sheet(name: str) -> BadFileError:
    return BadFileError(
        f"{name} 不是有效的表格文件（.xlsx/.xls/.et/.ods），可能已损坏、只下载了一部分，"
        "或是改了扩展名的其他文件。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
        code="corrupt",
    )


def _too_large(name: str) -> BadFileError:
    return BadFileError(
        f"{name} 过大或已损坏（解压后的内容异常庞大），无法导入。请只保留任务分工表另存后再导入。",
        code="too_large",
    )


def _read_bytes(
    data: bytes, name: str, suffix: str, password: str | None, *, decrypted: bool
) -> list[_Sheet]:
    if not data:
        raise BadFileError(f"{name} 是空文件，没有任何内容。", code="empty")
    if data.startswith(_OLE_MAGIC):
        return _read_ole(data, name, suffix, password, decrypted=decrypted)
    if data.startswith(_ZIP_MAGIC):
        return _read_zip(data, name, suffix)
    if suffix in _LEGACY_SUFFIXES:
        # A web page or an XML spreadsheet saved under an Excel/WPS name: LibreOffice reads those.
        return _read_zip(_convert(data, name, suffix), name, ".xlsx")
    raise _not_sheet(name)


def _read_ole(data: bytes, name: str, suffix: str, password: str | None, *, decrypted: bool) -> list[_Sheet]:
    """An OLE compound file: an encrypted workbook of any kind, or an old binary .xls/.et."""
    office: Any = None
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = bool(office.is_encrypted())
    except Exception:
        # msoffcrypto and olefile refuse containers they do not know (WPS files, damaged .xls);
        # calamine or LibreOffice may still read them.
        encrypted = False
    if not encrypted:
        return _read_xls(data, name, suffix)
    if decrypted:
        raise _not_sheet(name)
    plain = None
    if isinstance(office, Xls97File):
        plain = decrypt(office, _VELVET, name, "Excel", quiet=True)
    if plain is None:
        if password is None:
            raise ask_password(name)
        if not password:
            raise wrong_password(name)
        plain = decrypt(office, password, name, "Excel")
    assert plain is not None
    return _read_bytes(plain, name, suffix, None, decrypted=True)


def _convert(data: bytes, name: str, ext: str) -> bytes:
    """Convert a workbook calamine cannot read to .xlsx bytes with LibreOffice, if it is installed."""
    wps = ext in _WPS_SUFFIXES
    kind = " WPS 表格格式" if wps else "旧版 Excel 格式"  # a space between Chinese and WPS
    save_as = (
        "请在 WPS 中“另存为”.xlsx 后再导入。" if wps else "请用 Excel 或 WPS 打开后“另存为”.xlsx 再导入。"
    )
    return convert(data, name, ext or ".xls", "xlsx", kind=kind, save_as=save_as)


# --- what every format yields ------------------------------------------------------------------


@dataclass(slots=True)
class _Sheet:
    """One visible worksheet: calamine's values and what the structure pass found."""

    values: list[list[Any]]  # calamine's rectangle, its top-left cell at (top, left)
    top: int
    left: int
    merges: list[tuple[int, int, int, int]]  # first row, first col, last row, last col; 0-based
    hidden: list[tuple[int, int]]  # ranges of hidden rows, inclusive
    formats: dict[tuple[int, int], _Format] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    date1904: bool = False


@dataclass(slots=True)
class _Extent:
    """The rectangle of cells holding a value, kept small enough for calamine to allocate."""

    name: str
    top: int = -1
    bottom: int = -1
    left: int = -1
    right: int = -1

    def add(self, row: int, first_col: int, last_row: int, last_col: int) -> None:
        if self.top < 0:
            self.top, self.bottom, self.left, self.right = row, last_row, first_col, last_col
        else:
            self.top = min(self.top, row)
            self.bottom = max(self.bottom, last_row)
            self.left = min(self.left, first_col)
            self.right = max(self.right, last_col)
        rows = self.bottom - self.top + 1
        if rows > _MAX_ROWS:
            raise BadFileError(
                f"{self.name} 的表格超过 {_MAX_ROWS // 10000} 万行，文件过大或已损坏，无法导入。",
                code="too_large",
            )
        if rows * (self.right - self.left + 1) > _MAX_CELLS:
            raise BadFileError(
                f"{self.name} 的表格范围超过 {_MAX_CELLS // 10000} 万个单元格，文件过大或已损坏，无法导入。",
                code="too_large",
            )


def _calamine(data: bytes) -> CalamineWorkbook:
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _calamine_sheet(
    book: CalamineWorkbook, index: int, name: str, file_name: str
) -> tuple[list[list[Any]], int, int, Any]:
    names = book.sheet_names
    sheet = (
        book.get_sheet_by_name(name) if name and names.count(name) == 1 else book.get_sheet_by_index(index)
    )
    start = sheet.start
    if start is None:
        return [], 0, 0, None
    try:
        values = sheet.to_python(skip_empty_area=True)
    except OverflowError:
        # python-calamine turns a huge number in a duration format ([h]:mm) into a timedelta
        # Python cannot hold, and gives up on the whole sheet.
        raise BadFileError(
            f"{file_name} 的“{name}”表中有日期或时间格式的单元格数值超出范围（Excel 中显示为 ####），"
            "请改为常规格式后再导入。",
            code="corrupt",
        ) from None
    return values, start[0], start[1], sheet.merged_cell_ranges


def _merges(ranges: Any) -> list[tuple[int, int, int, int]]:
    return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges or ()]


def _xml_parser() -> etree.XMLParser:
    # One per document: lxml parsers must not be shared between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


def _pull_parser(tags: tuple[str, ...], events: tuple[str, ...] = ("end",)) -> etree.XMLPullParser:
    return etree.XMLPullParser(
        events=events,
        tag=tags,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
    )


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _int(text: str | None, default: int = 0) -> int:
    if text is None:
        return default
    try:
        return int(text.strip())
    except ValueError:
        return default


# --- zip packages ------------------------------------------------------------------------------


class _Zip:
    """The zip container with every part's size checked before anything is parsed.

    A part is unpacked here by a bounded inflater that trusts neither the declared size nor the
    compression ratio: zipfile would stop at the declared size, but calamine's own unzipper would
    go on to the end of the stream. Parts read twice (once here, once by calamine) cost a few
    milliseconds of zlib, which is cheap for knowing their true size.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self.data = data
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise _not_sheet(name) from None
        total = 0
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._checked: set[str] = set()
        for info in infos:
            size = info.file_size
            total += size
            if size > _MAX_PART_BYTES or total > _MAX_TOTAL_BYTES:
                raise _too_large(name)
            if size > _RATIO_CHECKED_ABOVE and size > _MAX_RATIO * max(info.compress_size, 1):
                raise _too_large(name)
            # Some producers write "\" or a leading "/" or odd case in part names. Two entries under
            # one name would let calamine read another part than the one checked here.
            key = info.filename.replace("\\", "/").lstrip("/").lower()
            if key in self._infos:
                raise _not_sheet(name)
            self._infos[key] = info

    def has(self, part: str) -> bool:
        return part.lstrip("/").lower() in self._infos

    def chunks(self, part: str, limit: int = _MAX_PART_BYTES) -> Iterator[bytes]:
        """The unpacked bytes of ``part`` in pieces; ``BadFileError`` when it is larger than it says."""
        info = self._infos.get(part.lstrip("/").lower())
        if info is None:
            return
        data = self.data
        offset = info.header_offset
        if info.flag_bits & 0x1 or data[offset : offset + 4] != b"PK\x03\x04":
            raise _not_sheet(self.name)
        name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
        start = offset + 30 + name_len + extra_len
        raw = memoryview(data)[start : start + info.compress_size]
        if len(raw) != info.compress_size:
            raise _not_sheet(self.name)
        expected = info.file_size
        if expected > limit:
            raise _too_large(self.name)
        crc = 0
        produced = 0
        if info.compress_type == zipfile.ZIP_STORED:
            pieces: Iterator[bytes] = (bytes(raw[i : i + _MB]) for i in range(0, len(raw), _MB))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            pieces = self._inflate(raw, expected)
        else:
            raise _not_sheet(self.name)
        for piece in pieces:
            produced += len(piece)
            if produced > expected:
                raise _too_large(self.name)
            crc = zlib.crc32(piece, crc)
            yield piece
        if produced != expected or crc != info.CRC:
            raise _not_sheet(self.name)
        self._checked.add(part.lstrip("/").lower())

    def _inflate(self, raw: memoryview, expected: int) -> Iterator[bytes]:
        inflater = zlib.decompressobj(-15)
        step = 256 * 1024
        for i in range(0, len(raw), step):
            chunk = bytes(raw[i : i + step])
            while chunk:
                # max_length bounds what one call may produce, so a bomb never sits in memory whole.
                out = inflater.decompress(chunk, _MB)
                if out:
                    yield out
                chunk = inflater.unconsumed_tail
                if len(out) == 0 and chunk:
                    raise _not_sheet(self.name)
            if inflater.eof:
                break
        rest = inflater.flush()
        if rest:
            yield rest
        if not inflater.eof and expected:
            raise _not_sheet(self.name)

    def read(self, part: str, limit: int = _MAX_SMALL_PART_BYTES) -> bytes | None:
        if not self.has(part):
            return None
        return b"".join(self.chunks(part, limit))

    def verify(self, part: str) -> None:
        for _ in self.chunks(part):
            pass

    def verify_xml(self) -> None:
        """Check the true size of every XML part not read yet: calamine may open any of them."""
        for key in self._infos:
            if key.endswith((".xml", ".rels")) and key not in self._checked:
                self.verify(key)

    def parse(self, part: str) -> etree._Element | None:
        data = self.read(part)
        return None if data is None else etree.fromstring(data, _xml_parser())

    def relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type's last path segment, target part name)."""
        folder, base = posixpath.split(source)
        root = self.parse(posixpath.join(folder, "_rels", base + ".rels"))
        found: dict[str, tuple[str, str]] = {}
        if root is None:
            return found
        for rel in root:
            if _local(rel.tag) != "Relationship":
                continue
            kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            target = rel.get("Target")
            rid = rel.get("Id") or ""
            if not target or rel.get("TargetMode") == "External":
                continue
            target = unquote(target).replace("\\", "/")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rid] = (kind, posixpath.normpath(part))
        return found


def _read_zip(data: bytes, name: str, suffix: str) -> list[_Sheet]:
    # Declared sizes first, with a message naming the part and the limit (decrypted and converted
    # bytes come through here as well); _Zip then checks the true sizes as it unpacks.
    check_zip(data, name=name)
    package = _Zip(data, name)
    if package.has("content.xml") and (package.read("mimetype") or b"").strip().startswith(_ODS_MIME):
        return _read_ods(package)
    targets = package.relationships("")
    main = next((part for kind, part in targets.values() if kind == "officeDocument"), "xl/workbook.xml")
    if not package.has(main) or main.lower().startswith(("word/", "ppt/")):
        main = "xl/workbook.xml"
    if package.has(main):
        if main.lower().endswith(".bin"):
            raise BadFileError(
                f"{name} 是 Excel 二进制工作簿（.xlsb），请用 Excel 或 WPS 打开后“另存为”.xlsx 再导入。",
                code="wrong_format",
            )
        return _read_xlsx(package, main)
    if package.has("word/document.xml"):
        raise BadFileError(f"{name} 是 Word 文档，不是表格。请按 Word 文档导入。", code="wrong_format")
    if package.has("ppt/presentation.xml"):
        raise BadFileError(f"{name} 是 PowerPoint 演示文稿，不是表格。", code="wrong_format")
    if package.has("content.xml"):
        raise BadFileError(
            f"{name} 是 OpenDocument 文本或演示文稿，不是表格。请另存为 .xlsx 再导入。", code="wrong_format"
        )
    if suffix in _WPS_SUFFIXES:
        return _read_zip(_convert(data, name, suffix), name, ".xlsx")
    raise _not_sheet(name)


# --- .xlsx -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SheetEntry:
    index: int  # in workbook order, as calamine counts
    name: str
    part: str
    visible: bool


def _read_xlsx(package: _Zip, main: str) -> list[_Sheet]:
    name = package.name
    root = package.parse(main)
    if root is None or _local(root.tag) != "workbook" or not _namespace(root).endswith(_SPREADSHEET_NS_END):
        raise _not_sheet(name)
    rels = package.relationships(main)
    date1904 = False
    entries: list[_SheetEntry] = []
    for child in root:
        local = _local(child.tag)
        if local == "workbookPr":
            date1904 = (child.get("date1904") or "").strip().lower() in _TRUE
        elif local == "sheets":
            for index, sheet in enumerate(s for s in child if _local(s.tag) == "sheet"):
                rid = next(
                    (v for k, v in sheet.attrib.items() if _local(k) == "id" and k.startswith("{")), ""
                )
                kind, part = rels.get(rid, ("", ""))
                state = (sheet.get("state") or "visible").strip()
                if kind == "worksheet" and package.has(part):
                    entries.append(_SheetEntry(index, sheet.get("name") or "", part, state == "visible"))
    styles = next((part for kind, part in rels.values() if kind == "styles"), None)
    formats = _xlsx_formats(package, styles) if styles else {}
    scans = [(entry, _scan_xlsx_sheet(package, entry.part, formats)) for entry in entries if entry.visible]
    if not any(scan.extent.top >= 0 for _, scan in scans):
        return []
    package.verify_xml()
    sheets: list[_Sheet] = []
    book = _calamine(package.data)
    try:
        for entry, scan in scans:
            if scan.extent.top < 0:
                continue  # no cell holds a value: nothing for calamine to find
            values, top, left, ranges = _calamine_sheet(book, entry.index, entry.name, name)
            sheets.append(
                _Sheet(values, top, left, _merges(ranges), scan.hidden, scan.formats, scan.errors, date1904)
            )
    finally:
        book.close()
    return sheets


@dataclass(slots=True)
class _Scan:
    extent: _Extent
    hidden: list[tuple[int, int]] = field(default_factory=list)
    formats: dict[tuple[int, int], _Format] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


_COLUMN_CACHE: dict[str, int] = {}


def _column(letters: str) -> int:
    index = _COLUMN_CACHE.get(letters)
    if index is None:
        index = 0
        for ch in letters.upper():
            index = index * 26 + ord(ch) - 64
        index -= 1
        if len(_COLUMN_CACHE) < 20000:
            _COLUMN_CACHE[letters] = index
    return index


_PLAIN_SHEET_LIMIT = 4_000_000  # bytes of sheet XML the quick path looks at in one piece
# A cell's address (rows carry digits only, merge and link ranges use ref=), and whether the
# cell tag closes itself (an empty cell, which calamine ignores).
_CELL_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')


def _scan_xlsx_sheet(package: _Zip, part: str, styles: dict[str, _Format]) -> _Scan:
    """Hidden rows, the value rectangle and the number formats that matter, in one streaming pass."""
    quick = _scan_plain_sheet(package, part) if not styles else None
    if quick is not None:
        return quick
    scan = _Scan(_Extent(package.name))
    parser = _pull_parser(("{*}row",))
    next_row = 0
    for chunk in package.chunks(part):
        parser.feed(chunk)
        for _, row in parser.read_events():
            next_row = _scan_xlsx_row(row, next_row, scan, styles)
            # Keep memory flat: drop the row and the already cleared rows before it.
            row.clear(keep_tail=True)
            parent = row.getparent()
            if parent is not None:
                while row.getprevious() is not None:
                    del parent[0]
    parser.close()
    return scan


def _scan_plain_sheet(package: _Zip, part: str) -> _Scan | None:
    """The same answer without building any XML tree, for the common sheet that hides no row,
    holds no error cell and whose numbers need no format (styles give none): only the value
    rectangle is needed, and the cell addresses give it. ``None`` when the sheet is not that
    simple, or too big to look at in one piece."""
    pieces: list[bytes] = []
    size = 0
    for chunk in package.chunks(part):
        size += len(chunk)
        if size > _PLAIN_SHEET_LIMIT:
            return None
        pieces.append(chunk)
    data = b"".join(pieces)
    if b"hidden=" in data or b't="e"' in data:
        return None
    scan = _Scan(_Extent(package.name))
    rows: dict[int, list[int]] = {}
    cells = 0
    for letters, digits, empty in _CELL_REF.findall(data):
        if empty:
            continue
        cells += 1
        col = _column(letters.decode("ascii"))
        span = rows.get(r := int(digits) - 1)
        if span is None:
            rows[r] = [col, col]
        elif col < span[0]:
            span[0] = col
        elif col > span[1]:
            span[1] = col
    if cells < data.count(b"<v>") + data.count(b"<is>"):
        return None  # cells without addresses: the streaming pass knows how to place them
    for r, (first, last) in rows.items():
        scan.extent.add(r, first, r, last)
    return scan


def _scan_xlsx_row(row: etree._Element, next_row: int, scan: _Scan, styles: dict[str, _Format]) -> int:
    r_attr = row.get("r")
    r = _int(r_attr, next_row + 1) - 1 if r_attr else next_row
    if r < 0:
        r = next_row
    if (row.get("hidden") or "").strip().lower() in _TRUE:
        if scan.hidden and scan.hidden[-1][1] == r - 1:
            scan.hidden[-1] = (scan.hidden[-1][0], r)  # a folded group: one range, not 10,000 rows
        else:
            scan.hidden.append((r, r))
    cell_tag = row.tag[:-3] + "c"  # same namespace as the row, whatever its spelling
    value_tag = row.tag[:-3] + "v"
    digits = str(r + 1)
    cut = -len(digits)
    col = 0
    first, last = 1 << 30, -1
    top = bottom = r
    for c in row:
        if c.tag != cell_tag:
            continue
        ref = c.get("r")
        cell_row = r
        if ref:
            # Nearly every address names its own row: only the column letters need looking up.
            column = _COLUMN_CACHE.get(ref[:cut]) if ref.endswith(digits) else None
            if column is not None:
                col = column
            else:
                m = _REF.match(ref)
                if m is None:
                    raise BadFileError(
                        f"{scan.extent.name} 的单元格地址异常（{ref[:20]}），文件可能已损坏。", code="corrupt"
                    )
                col = _column(m.group(1))
                cell_row = int(m.group(2)) - 1
        if len(c):
            # Calamine places a cell by its own address, so that is what bounds the rectangle.
            if col < first:
                first = col
            if col > last:
                last = col
            if cell_row != r:
                top, bottom = min(top, cell_row), max(bottom, cell_row)
            kind = c.get("t")
            if kind == "e":
                # Calamine gives an error as an empty cell; the clerk sees "#N/A", "#REF!" ….
                shown = next((v.text for v in c if v.tag == value_tag), None)
                if shown:
                    scan.errors[(cell_row, col)] = shown.strip()
            elif styles and kind in (None, "n", "d"):
                fmt = styles.get(c.get("s") or "0")
                if fmt is not None:
                    scan.formats[(cell_row, col)] = fmt
        col += 1
    if last >= 0:
        scan.extent.add(top, first, bottom, last)
    return r + 1


def _namespace(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


# --- number formats ----------------------------------------------------------------------------

# Built-in format ids whose code the file does not spell out (ECMA-376 18.8.30); the date and
# time ones, including the Chinese-locale ids 27–36 and 50–58, are shown in the default form.
_BUILTIN_NUMBER = {
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;(#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;(#,##0.00)",
}
_BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_BUILTIN_TIME = {20: "h:mm", 21: "h:mm:ss", 45: "mm:ss"}
_DATE_TOKEN = re.compile(r"[yYmMdDhHsS]")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass(frozen=True, slots=True)
class _Format:
    """How a number is shown: a date layout, or a fixed-point layout (``None`` parts = General)."""

    date_tokens: tuple[str, ...] | None = None  # for a date: the layout; () = the default layout
    sections: tuple[_NumberSection, ...] = ()

    @property
    def is_date(self) -> bool:
        return self.date_tokens is not None


@dataclass(frozen=True, slots=True)
class _NumberSection:
    prefix: str
    suffix: str
    general: bool  # "General"/"G/通用格式" as the number part
    has_number: bool
    int_zeros: int
    thousands: bool
    dec_min: int
    dec_max: int
    percent: int


def _xlsx_formats(package: _Zip, part: str) -> dict[str, _Format]:
    """Cell style index (as written in ``s``) → its number format, for formats that change a value."""
    codes: dict[int, str] = {}
    xf_ids: list[int] = []
    parser = _pull_parser(("{*}numFmt", "{*}cellXfs", "{*}xf"), events=("start", "end"))
    in_cell_xfs = False
    for chunk in package.chunks(part):
        parser.feed(chunk)
        for event, el in parser.read_events():
            local = _local(el.tag)
            if local == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and local == "numFmt":
                codes[_int(el.get("numFmtId"), -1)] = el.get("formatCode") or ""
            elif event == "end" and local == "xf" and in_cell_xfs:
                xf_ids.append(_int(el.get("numFmtId")))
            if event == "end":
                el.clear(keep_tail=True)
    parser.close()
    compiled: dict[int, _Format | None] = {}
    out: dict[str, _Format] = {}
    for index, num_fmt in enumerate(xf_ids):
        if num_fmt not in compiled:
            compiled[num_fmt] = _compile(num_fmt, codes.get(num_fmt))
        fmt = compiled[num_fmt]
        if fmt is not None:
            out[str(index)] = fmt
    return out


def _compile(num_fmt: int, code: str | None) -> _Format | None:
    if code is None and num_fmt in _BUILTIN_TIME:
        code = _BUILTIN_TIME[num_fmt]
    if code is None:
        if num_fmt in _BUILTIN_DATE:
            return _Format(date_tokens=())
        code = _BUILTIN_NUMBER.get(num_fmt)
        if code is None:
            return None
    sections = code.split(";")  # a ";" inside quotes is too rare in a task table to care about
    bare = _QUOTED.sub("", sections[0])
    if _DATE_TOKEN.search(bare) and "general" not in bare.lower() and "通用格式" not in bare:
        return _Format(date_tokens=_date_tokens(sections[0]))
    compiled = tuple(_number_section(s) for s in sections[:3])
    if all(s is not None for s in compiled):
        parts = tuple(s for s in compiled if s is not None)
        if len(parts) == 1 and parts[0].general and not parts[0].prefix and not parts[0].suffix:
            return None
        return _Format(sections=parts)
    return None


def _literal(code: str, start: int, stop: int) -> str:
    """The literal text of ``code[start:stop]``: quoted strings, escapes and plain characters."""
    out: list[str] = []
    i = start
    while i < stop:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            end = stop if end < 0 else end
            out.append(code[i + 1 : end])
            i = end + 1
        elif ch == "\\" and i + 1 < stop:
            out.append(code[i + 1])
            i += 2
        elif ch in "_*" and i + 1 < stop:
            i += 2  # padding and fill: layout, not text
        elif ch == "[":
            end = code.find("]", i)
            end = stop if end < 0 else end
            inner = code[i + 1 : end]
            if inner.startswith("$") and "-" in inner:
                out.append(inner[1:].split("-", 1)[0])  # [$¥-804]: the currency sign
            i = end + 1
        elif ch == "@":
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _number_section(code: str) -> _NumberSection | None:
    lower = code.lower()
    if re.search(r"\[(?!\$|red|black|green|blue|yellow|cyan|magenta|white|color)", lower):
        return None  # conditions, [DBNum1] and the like: leave them to General
    general_at = lower.find("general")
    general_len = 7
    if general_at < 0:
        general_at = code.find("G/通用格式")
        general_len = 6
    if general_at >= 0:
        return _NumberSection(
            _literal(code, 0, general_at), _literal(code, general_at + general_len, len(code)),
            True, True, 0, False, 0, 0, 0,
        )  # fmt: skip
    # The number part runs from the first to the last placeholder outside quotes and brackets.
    spans = [m.span() for m in _QUOTED.finditer(code)]

    def outside(i: int) -> bool:
        return not any(a <= i < b for a, b in spans)

    positions = [i for i, ch in enumerate(code) if ch in "0#?" and outside(i)]
    percent = sum(1 for i, ch in enumerate(code) if ch == "%" and outside(i))
    if not positions:
        text = _literal(code, 0, len(code))
        return _NumberSection(text, "", False, False, 0, False, 0, 0, percent)
    first, last = positions[0], positions[-1]
    core = code[first : last + 1]
    if any(ch in core for ch in "eE/"):
        return None  # scientific notation and fractions: General is close enough
    whole, _, decimals = core.partition(".")
    return _NumberSection(
        prefix=_literal(code, 0, first),
        suffix=_literal(code, last + 1, len(code)),
        general=False,
        has_number=True,
        int_zeros=whole.count("0"),
        thousands="," in whole,
        dec_min=decimals.count("0"),
        dec_max=sum(decimals.count(ch) for ch in "0#?"),
        percent=percent,
    )


def _date_tokens(code: str) -> tuple[str, ...]:
    """The layout of a simple date format, or () when it has anything we would show wrong."""
    tokens: list[str] = []
    i = 0
    n = len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            end = n if end < 0 else end
            tokens.append("'" + code[i + 1 : end])
            i = end + 1
        elif ch == "\\" and i + 1 < n:
            tokens.append("'" + code[i + 1])
            i += 2
        elif ch == "[":
            end = code.find("]", i)
            inner = code[i + 1 : end if end >= 0 else n].lower()
            if not inner.startswith("$-") or inner.startswith("$-f"):
                return ()  # elapsed hours, [DBNum], system long date …: use the default layout
            i = (end if end >= 0 else n) + 1
        elif ch.lower() in "ymdhs":
            j = i
            while j < n and code[j].lower() == ch.lower():
                j += 1
            tokens.append(code[i:j].lower())
            i = j
        elif ch in "_*" and i + 1 < n:
            i += 2
        elif (ch.isascii() and ch.isalpha()) or ch in "@0#?":
            return ()  # AM/PM, era, weekday, fractions of a second …
        else:
            tokens.append("'" + ch)
            i += 1
    # "m" right after an hour or right before a second is minutes.
    out: list[str] = []
    for k, token in enumerate(tokens):
        if token in ("m", "mm"):
            before = next((t for t in reversed(tokens[:k]) if not t.startswith("'")), "")
            after = next((t for t in tokens[k + 1 :] if not t.startswith("'")), "")
            if before.startswith("h") or after.startswith("s"):
                token = "n" if token == "m" else "nn"
        elif (token.startswith("m") and len(token) > 2) or (token.startswith("d") and len(token) > 2):
            return ()  # month and weekday names
        out.append(token)
    return tuple(out)


# --- cell values -------------------------------------------------------------------------------


def _text(value: Any, fmt: _Format | None, date1904: bool) -> str:
    """A cell value as a clerk sees it in Excel or WPS."""
    kind = type(value)
    if kind is str:
        text: str = value.strip()
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text
    if kind is float or kind is int:
        if fmt is not None:
            if fmt.is_date:
                moment = _serial_date(float(value), date1904)
                return _date_text(moment, fmt) if moment is not None else _general(value)
            return _number_text(value, fmt)
        return _general(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime, date, time)):
        return _date_text(value, fmt)
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if value is None:
        return ""
    return str(value).strip()


def _general(value: float) -> str:
    """Excel's General format: whole numbers plainly, others to about ten significant digits."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exponent = f"{value:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').zfill(2)}"
    return text


def _number_text(value: float, fmt: _Format) -> str:
    sections = fmt.sections
    section = sections[0]
    negative_own = False
    if value < 0 and len(sections) > 1:
        section, negative_own = sections[1], True
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    shown = abs(value) if negative_own else value
    if section.general:
        return section.prefix + _general(shown) + section.suffix
    if not section.has_number:
        return section.prefix
    try:
        number = Decimal(repr(float(shown))) * (Decimal(100) ** section.percent)
        rounded = number.quantize(Decimal(1).scaleb(-section.dec_max), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return _general(value)
    sign = "-" if rounded < 0 else ""
    body = f"{abs(rounded):{',' if section.thousands else ''}f}"
    if section.dec_max > section.dec_min:
        whole, _, decimals = body.partition(".")
        decimals = decimals[: section.dec_min] + decimals[section.dec_min :].rstrip("0")
        body = whole + ("." + decimals if decimals else "")
    whole, dot, decimals = body.partition(".")
    if section.int_zeros > 1 and not section.thousands:
        whole = whole.zfill(section.int_zeros)
    elif section.int_zeros == 0 and whole == "0":
        whole = ""  # "#" shows no digit for zero: ".5", or nothing at all
    return section.prefix + sign + whole + dot + decimals + section.suffix


def _serial_date(serial: float, date1904: bool) -> datetime | None:
    if not 0 <= serial < 2958466:
        return None
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    if not date1904 and serial < 60:
        serial += 1  # Excel counts 29 February 1900, which never was
    return base + timedelta(days=round(serial * 86400) / 86400)


def _date_text(value: date | time, fmt: _Format | None) -> str:
    tokens = fmt.date_tokens if fmt is not None else None
    if tokens:
        return _render_date(value, tokens)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.year}年{value.month}月{value.day}日 {_clock(value.time())}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return _clock(value)


def _clock(value: time) -> str:
    if value.second:
        return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
    return f"{value.hour}:{value.minute:02d}"


def _render_date(value: date | time, tokens: tuple[str, ...]) -> str:
    moment = value if isinstance(value, (date, datetime)) else None
    clock = value if isinstance(value, time) else value.time() if isinstance(value, datetime) else time(0)
    out: list[str] = []
    for token in tokens:
        if token.startswith("'"):
            out.append(token[1:])
            continue
        head = token[0]
        if head in "ymd" and moment is None:
            return _clock(clock)
        if head == "y":
            assert moment is not None
            out.append(f"{moment.year % 100:02d}" if len(token) <= 2 else str(moment.year))
        elif head == "m":
            assert moment is not None
            out.append(f"{moment.month:0{len(token)}d}")
        elif head == "d":
            assert moment is not None
            out.append(f"{moment.day:0{len(token)}d}")
        elif head == "h":
            out.append(f"{clock.hour:0{min(len(token), 2)}d}")
        elif head == "n":
            out.append(f"{clock.minute:0{len(token)}d}")
        elif head == "s":
            out.append(f"{clock.second:0{min(len(token), 2)}d}")
        else:
            out.append(token)
    return "".join(out).strip()


# --- .ods --------------------------------------------------------------------------------------


def _read_ods(package: _Zip) -> list[_Sheet]:
    name = package.name
    manifest = package.read("META-INF/manifest.xml") or b""
    if b"encryption-data" in manifest:
        raise BadFileError(
            f"{name} 设有密码，本程序无法打开加密的 .ods 文件。请在 WPS 或 LibreOffice 中取消密码后再导入。",
            code="password_required",
        )
    tables = _scan_ods(package)
    package.verify_xml()
    book = _calamine(package.data)
    sheets: list[_Sheet] = []
    try:
        metadata = book.sheets_metadata
        for index, meta in enumerate(metadata):
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            scan = tables[index] if index < len(tables) else _OdsTable(_Extent(name))
            if scan.extent.top < 0:
                continue
            values, top, left, _ = _calamine_sheet(book, index, meta.name, name)
            sheets.append(_Sheet(values, top, left, scan.merges, scan.hidden))
    finally:
        book.close()
    return sheets


@dataclass(slots=True)
class _OdsTable:
    extent: _Extent
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: list[tuple[int, int]] = field(default_factory=list)


def _scan_ods(package: _Zip) -> list[_OdsTable]:
    """Merged ranges, hidden rows and the value rectangle of every sheet in content.xml.

    Calamine reads all sheets of an .ods when the file is opened, so every sheet is bounded here,
    hidden ones too.
    """
    t = f"{{{_TABLE_NS}}}"
    value_type = f"{{{_OFFICE_NS}}}value-type"
    tag_table, tag_row = t + "table", t + "table-row"
    tag_cell, tag_covered = t + "table-cell", t + "covered-table-cell"
    rows_repeated, cols_repeated = t + "number-rows-repeated", t + "number-columns-repeated"
    rows_spanned, cols_spanned = t + "number-rows-spanned", t + "number-columns-spanned"
    visibility = t + "visibility"
    parser = _pull_parser((tag_table, tag_row, tag_cell, tag_covered), events=("start", "end"))
    tables: list[_OdsTable] = []
    depth = 0
    current: _OdsTable | None = None
    row = col = repeat = 0
    for chunk in package.chunks("content.xml"):
        parser.feed(chunk)
        for event, el in parser.read_events():
            tag = el.tag
            if tag == tag_table:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        current = _OdsTable(_Extent(package.name))
                        tables.append(current)
                        row = 0
                else:
                    depth -= 1
                    el.clear(keep_tail=True)
                continue
            if depth != 1 or current is None:
                continue
            if tag == tag_row:
                if event == "start":
                    repeat = max(1, _int(el.get(rows_repeated), 1))
                    col = 0
                    if el.get(visibility) in ("collapse", "filter"):
                        current.hidden.append((row, row + repeat - 1))
                else:
                    row += repeat
                    el.clear(keep_tail=True)
                    parent = el.getparent()
                    if parent is not None:
                        while el.getprevious() is not None:
                            del parent[0]
            elif event == "end":
                across = max(1, _int(el.get(cols_repeated), 1))
                if el.get(value_type) is not None or len(el):
                    current.extent.add(row, col, row + repeat - 1, col + across - 1)
                if tag == tag_cell:
                    down = max(1, _int(el.get(rows_spanned), 1))
                    wide = max(1, _int(el.get(cols_spanned), 1))
                    # A repeated merged cell is odd enough to be ignored rather than multiplied.
                    if (down > 1 or wide > 1) and repeat * across <= 64:
                        if len(current.merges) > _MAX_ROWS:
                            raise _too_large(package.name)
                        for r in range(row, row + repeat):
                            for c in range(col, col + across):
                                current.merges.append((r, c, r + down - 1, c + wide - 1))
                col += across
    parser.close()
    return tables


# --- .xls / .et --------------------------------------------------------------------------------

_BIFF_BOF, _BIFF_EOF, _BIFF_BOUNDSHEET, _BIFF_ROW = 0x0809, 0x000A, 0x0085, 0x0208
# Cell records start with row and column (2 bytes each); MULRK/MULBLANK end with the last column.
_BIFF_CELLS = frozenset({0x00FD, 0x0203, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6, 0x0201})
_BIFF_MULTI = frozenset({0x00BD, 0x00BE})


def _read_xls(data: bytes, name: str, suffix: str) -> list[_Sheet]:
    scans = _scan_biff(data, name)
    if scans is not None:
        try:
            return _xls_sheets(data, scans, name)
        except Exception:
            pass  # WPS's own records, Excel 5 and older, damage: LibreOffice may do better
    return _read_zip(_convert(data, name, suffix), name, ".xlsx")


def _xls_sheets(data: bytes, scans: list[list[tuple[int, int]]], name: str) -> list[_Sheet]:
    book = _calamine(data)
    sheets: list[_Sheet] = []
    try:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            values, top, left, ranges = _calamine_sheet(book, index, meta.name, name)
            if not values:
                continue
            hidden = scans[index] if index < len(scans) else []
            sheets.append(_Sheet(values, top, left, _merges(ranges), hidden))
    finally:
        book.close()
    return sheets


def _scan_biff(data: bytes, name: str) -> list[list[tuple[int, int]]] | None:
    """Per sheet, the hidden rows, from the BIFF records; None if this is not an .xls.

    Calamine reads every sheet when the workbook is opened, so every sheet's value rectangle is
    checked here, hidden ones too.
    """
    try:
        ole = olefile.OleFileIO(data)
    except Exception:
        return None
    try:
        stream_name = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream_name is None:
            return None
        if ole.get_size(stream_name) > _MAX_PART_BYTES:
            raise _too_large(name)
        stream = ole.openstream(stream_name).read()
    finally:
        ole.close()
    offsets: list[int] = []
    pos = 0
    end = len(stream)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if kind == _BIFF_BOUNDSHEET and size >= 4:
            offsets.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == _BIFF_EOF:
            break
        pos = body + size
    scans: list[list[tuple[int, int]]] = []
    budget = 4 * end  # sheet offsets may overlap in a crafted file; never walk the stream forever
    for offset in offsets:
        extent = _Extent(name)
        hidden: list[tuple[int, int]] = []
        scans.append(hidden)
        pos = offset
        depth = 0
        while pos + 4 <= end:
            kind, size = struct.unpack_from("<HH", stream, pos)
            body = pos + 4
            pos = body + size
            budget -= size + 4
            if budget < 0:
                raise BadFileError(f"{name} 的工作表数据异常，文件可能已损坏。", code="corrupt")
            if pos > end:
                break  # a cut-off last record: calamine judges the rest
            if kind == _BIFF_BOF:
                depth += 1
            elif kind == _BIFF_EOF:
                depth -= 1
                if depth <= 0:
                    break
            elif depth != 1 or body + 4 > end:
                continue
            elif kind in _BIFF_CELLS:
                row, col = struct.unpack_from("<HH", stream, body)
                extent.add(row, col, row, col)
            elif kind in _BIFF_MULTI and size >= 6:
                row, col = struct.unpack_from("<HH", stream, body)
                last = struct.unpack_from("<H", stream, body + size - 2)[0]
                extent.add(row, col, row, max(col, last))
            elif kind == _BIFF_ROW and size >= 14:
                row = struct.unpack_from("<H", stream, body)[0]
                if struct.unpack_from("<H", stream, body + 12)[0] & 0x20:
                    if hidden and hidden[-1][1] == row - 1:
                        hidden[-1] = (hidden[-1][0], row)
                    else:
                        hidden.append((row, row))
    return scans


# --- sheet to blocks ---------------------------------------------------------------------------


def _sheet_blocks(sheet: _Sheet, table: int, name: str) -> list[Block]:
    """Title paragraphs and grid-aligned rows of one worksheet."""
    values = sheet.values
    height = len(values)
    width = max((len(row) for row in values), default=0)
    if not height or not width:
        return []
    top, left = sheet.top, sheet.left
    # Calamine's rectangle ends at the last value; a merged cell may reach further right (a header
    # over two columns of which only the first is ever filled), and the grid must hold all of it.
    # A merge to the sheet's last column is a whole row merged, which says nothing of the width.
    reach = value_width = width
    for r0, c0, _, c1 in sheet.merges:
        if top <= r0 < top + height and left <= c0 < left + width and c1 not in _LAST_COLUMNS:
            reach = max(reach, c1 - left + 1)
    width = min(reach, width + _MAX_MERGE_REACH, max(width, _MAX_CELLS // height))
    formats, date1904 = sheet.formats, sheet.date1904
    texts: list[list[str]] = []
    for i, row in enumerate(values):
        # Most cells are text: strip them here rather than through a call each.
        if formats:
            r = top + i
            out = [
                v.strip() if type(v) is str and "\r" not in v else _text(v, formats.get((r, j)), date1904)
                for j, v in enumerate(row, left)
            ]
        else:
            out = [v.strip() if type(v) is str and "\r" not in v else _text(v, None, date1904) for v in row]
        if len(out) < width:
            out += [""] * (width - len(out))
        texts.append(out)
    for (at_row, at_col), error in sheet.errors.items():
        if 0 <= at_row - top < height and 0 <= at_col - left < width:
            texts[at_row - top][at_col - left] = error

    hidden: set[int] = set()
    for first, last in sheet.hidden:
        hidden.update(range(max(first - top, 0), min(last - top, height - 1) + 1))

    flags = [[""] * width for _ in range(height)]
    # Columns a merged cell holding text spans, per row: they belong to the table even if empty.
    spans: dict[int, tuple[int, int]] = {}
    budget = 2 * height * width + 1024  # sane merges never overlap; overlapping ones could loop forever
    for r0, c0, r1, c1 in sheet.merges:
        r0, r1, c0, c1 = r0 - top, r1 - top, c0 - left, c1 - left
        lo, hi = max(c0, 0), min(c1, width - 1)
        shown = [r for r in range(max(r0, 0), min(r1, height - 1) + 1) if r not in hidden]
        if not shown or lo > hi:
            continue
        budget -= len(shown) * (hi - lo + 1)
        if budget < 0:
            raise BadFileError(f"{name} 的合并单元格互相重叠，文件可能已损坏。", code="corrupt")
        inside = 0 <= r0 < height and 0 <= c0 < width
        anchor = texts[r0][c0] if inside else ""
        # Excel shows a merged cell across its visible rows even when its own first row is hidden.
        head = shown[0]
        for r in shown:
            row_texts, row_flags = texts[r], flags[r]
            for c in range(lo, hi + 1):
                row_texts[c] = ""
                row_flags[c] = "left" if r == head else "up"
        if c0 >= 0:
            texts[head][c0] = anchor
            flags[head][c0] = ""
        if anchor:
            end = min(hi, value_width - 1) if c1 + left in _LAST_COLUMNS else hi
            for r in shown:
                a, b = spans.get(r, (lo, end))
                spans[r] = (min(a, lo), max(b, end))

    blocks: list[Block] = []
    rows: list[int] = []
    for i in range(height):
        if i in hidden:
            continue
        filled = [t for t in texts[i] if t]
        if not filled:
            continue
        if not rows and len(filled) == 1:
            # Above the header: the title, "附件1", a date line. A paragraph, so the title is found.
            blocks.append(Block("para", filled[0]))
            continue
        rows.append(i)
    if not rows:
        return blocks

    lo, hi = width, -1
    for i in rows:
        used = [j for j, t in enumerate(texts[i]) if t]
        a, b = spans.get(i, (used[0], used[-1]))
        lo, hi = min(lo, used[0], a), max(hi, used[-1], b)
    for i in rows:
        cells = tuple(texts[i][lo : hi + 1])
        merged = tuple(flags[i][lo : hi + 1])
        text = "\t".join(c for c, m in zip(cells, merged, strict=True) if not m)
        blocks.append(Block("row", text, cells=cells, table=table, merged=merged))
    return blocks
