"""Pick the reader for a document by its extension and, when that is unknown, by its first bytes."""

from __future__ import annotations

from pathlib import Path

from gkdesk.errors import BadFileError
from gkdesk.importers.docx_reader import read_docx
from gkdesk.importers.txt_reader import read_txt
from gkdesk.records import Block

_WORD = {".docx", ".docm", ".dotx", ".doc", ".wps", ".rtf", ".wpt", ".dot"}
_TEXT = {".txt", ".text", ".md", ".csv", ".tsv"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"

SUPPORTED = "Word 文档（.docx，安装 LibreOffice 后也可导入 .doc/.wps）或文本文件（.txt）"


def read_document(path: Path, password: str | None = None) -> list[Block]:
    """The blocks of a .docx/.doc/.wps/.txt file; ``BadFileError`` for anything unreadable."""
    if not path.exists():
        raise BadFileError(f"找不到文件：{path.name}", file=str(path))
    if path.is_dir():
        raise BadFileError(f"{path.name} 是文件夹，请选择一个文件。", file=str(path))
    suffix = path.suffix.lower()
    if suffix in _WORD:
        return read_docx(path, password)
    if suffix in _TEXT:
        return read_txt(path)
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise BadFileError(f"无法读取 {path.name}：{exc.strerror or exc}", file=str(path)) from exc
    if head in (_ZIP, _OLE):
        return read_docx(path, password)
    if suffix in {".pdf", ".xls", ".xlsx", ".ppt", ".pptx", ".png", ".jpg", ".jpeg"}:
        raise BadFileError(f"{path.name} 的格式不能导入，请使用{SUPPORTED}。", file=str(path))
    return read_txt(path)
