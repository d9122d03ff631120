"""Pick the reader for a document by its extension and, when that is unknown, by its first bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from gkdesk.errors import BadFileError
from gkdesk.formats import HIDDEN_SHEET, SHEET_TITLE
from gkdesk.records import Block

WORD_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".doc", ".wps", ".rtf", ".wpt", ".dot"})
SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xls", ".et", ".ett", ".ods"})
PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".tsv"})
DOCUMENT_SUFFIXES = WORD_SUFFIXES | SHEET_SUFFIXES | PDF_SUFFIXES | TEXT_SUFFIXES
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_PDF = b"%PDF"

SUPPORTED = (
    "Word 文档（.docx，安装 LibreOffice 后也可导入 .doc/.wps）、Excel 表格（.xlsx/.xls/.et）、"
    "PDF 文件（带文字的 .pdf）或文本文件（.txt）"
)


def read_document(path: Path, password: str | None = None) -> list[Block]:
    """The blocks of a .docx/.doc/.wps/.xlsx/.xls/.et/.pdf/.txt file; ``BadFileError`` for anything
    unreadable."""
    if not path.exists():
        raise BadFileError(f"找不到文件：{path.name}", file=str(path))
    if path.is_dir():
        raise BadFileError(f"{path.name} 是文件夹，请选择一个文件。", file=str(path))
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        return _word(path, password)
    if suffix in SHEET_SUFFIXES:
        return _sheet(path, password)
    if suffix in PDF_SUFFIXES:
        return _pdf(path, password)
    if suffix in TEXT_SUFFIXES:
        return _text(path)
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise BadFileError(f"无法读取 {path.name}：{exc.strerror or exc}", file=str(path)) from exc
    if head == _PDF:
        return _pdf(path, password)
    if head == _ZIP:
        return _sheet(path, password) if _is_workbook(path) else _word(path, password)
    if head == _OLE:
        return _word(path, password)
    if suffix in {".ppt", ".pptx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif"}:
        raise BadFileError(f"{path.name} 的格式不能导入，请使用{SUPPORTED}。", file=str(path))
    return _text(path)


def is_report_template(path: Path) -> bool:
    """Whether ``path`` is one of gkdesk's own fill-in 报送表 (it carries the hidden sheet), as
    opposed to a 任务分工表 to import. Cheap: reads the workbook part only."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return False
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 2_000_000:
                return False
            workbook = z.read(info)
        return any(f'name="{n}"'.encode() in workbook for n in (HIDDEN_SHEET, SHEET_TITLE))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False


def _is_workbook(path: Path) -> bool:
    """A zip package whose parts are a workbook (xl/…, or an OpenDocument spreadsheet)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if "mimetype" in names:
                return b"spreadsheet" in z.read("mimetype")[:100]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False
    return any(n.startswith("xl/") for n in names)


# The readers are imported when first needed: ``gkdesk parse x.txt`` never loads pdfplumber.
def _word(path: Path, password: str | None) -> list[Block]:
    from gkdesk.importers.docx_reader import read_docx

    return read_docx(path, password)


def _sheet(path: Path, password: str | None) -> list[Block]:
    from gkdesk.importers.sheet_reader import read_sheet

    return read_sheet(path, password)


def _pdf(path: Path, password: str | None) -> list[Block]:
    from gkdesk.importers.pdf_reader import read_pdf

    return read_pdf(path, password)


def _text(path: Path) -> list[Block]:
    from gkdesk.importers.txt_reader import read_txt

    return read_txt(path)
