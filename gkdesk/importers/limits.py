"""Size limits for imported documents, checked before the expensive work so a refusal takes seconds.

A damaged or hostile file must never make the import run for minutes or use gigabytes: a 762 KB
.docx whose ``word/document.xml`` unpacks to 250 MB took 207 s and 5.5 GB before these checks, a
50 MB .txt ran for 9 minutes into 332,000 tasks. Each limit is checked on numbers that cost almost
nothing to get (the zip's central directory, the file's size, the page count, the nesting depth
while walking) and is refused with one Chinese line that names the file, what was found and the
limit, so the clerk knows the file is the problem and not the program.

The defaults sit far above real documents. Measured on every file under ``tests/data`` and
``../shared/corpus`` (Dec 2026): the largest .docx unpacks to 0.87 MB in all (largest part 0.44 MB,
``stylesWithEffects.xml``; best compression ratio 32), the largest .xlsx to 0.10 MB, the largest
.txt is 31 KB, the longest PDF has 20 pages, the most tasks in one plan are 65, and no table sits
inside another (forms copied into a plan may nest one or two levels). The module is pure: no I/O
beyond reading a zip's directory, so the readers and tests can share it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gkdesk.errors import BadFileError

__all__ = ["DEFAULT_LIMITS", "Limits", "check_zip", "mb"]

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one imported document may hold. Frozen: one shared instance, no surprise edits."""

    # One unpacked zip part of any kind (pictures included, which are never unpacked by us but
    # count toward the total). 64 MB holds a full-page scan at print resolution.
    max_part_bytes: int = 64 * MB
    # One XML part (document.xml, a sheet, styles): these are parsed, at ~16 MB of memory and
    # ~0.4 s per MB (measured: a 16 MB document.xml of numbered paragraphs, 7 s and 278 MB peak
    # before the task limit refused it; 32 MB took 13 s and 519 MB). The largest real XML part is
    # 0.44 MB, so 16 MB is a 36× margin and keeps any refused file under 500 MB and ~10 s.
    max_xml_part_bytes: int = 16 * MB
    # All parts together: a document with pictures unpacks to a few MB (pictures do not grow when
    # unzipped); 200 MB leaves room for a plan pasted with scanned pages as images.
    max_total_bytes: int = 200 * MB
    # Compression ratio of one part, checked only for parts above ``ratio_checked_above``: plain XML
    # compresses 10–40× (32 at most in our documents) but a tiny repetitive part can reach 200×,
    # which is harmless while small. A multi-MB part packed over 100× is filler, not text.
    max_ratio: int = 100
    ratio_checked_above: int = 8 * MB
    # xl/sharedStrings.xml holds every distinct text of a workbook; a 任务分工表's is tens of KB.
    # calamine loads it whole into Rust strings, so it gets its own message naming the part; the
    # size is that of any other XML part.
    max_shared_strings_bytes: int = 16 * MB
    # A .txt is read whole and parsed line by line. The largest real one is 31 KB (a 100-page
    # plan would be ~150 KB). Measured worst case, one numbered paragraph a line: 2 MB took 3 s and
    # 65 MB before the task limit refused it, 19.5 MB took 25 s and 441 MB. 4 MB (130× the largest
    # real file) keeps the refusal to ~6 s and ~120 MB.
    max_txt_bytes: int = 4 * MB
    # PDF pages: the longest real plan is 20 pages; pdfplumber spends ~0.1 s a page.
    max_pdf_pages: int = 500
    # Tasks in one plan: real plans have 10–70 (the most we have seen is 65); 5,000 is a whole
    # province's 分工 list. More means the file is not a plan (a log, a data dump) and the preview
    # and the database would be swamped.
    max_tasks: int = 5_000
    # Tables inside table cells: none of our real documents nests one (forms may nest one or two).
    # Each level costs three Python frames and libxml2 gives up at 256 XML levels anyway, so 8
    # refuses early with a message naming the limit instead of "not a valid Word document".
    max_table_depth: int = 8


DEFAULT_LIMITS = Limits()


def mb(size: int) -> str:
    """A byte count for a message: "约 250 MB" style, never "0 MB" for a non-empty part."""
    if size >= 10 * MB or (size >= MB and size % MB == 0):
        return f"{size // MB} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _kind_of(names: list[str]) -> str:
    lowered = [n.lower() for n in names]
    if any(n.startswith("xl/") for n in lowered):
        return "Excel 表格"
    if any(n.startswith("word/") for n in lowered):
        return "Word 文档"
    return "Office 文件"


def check_zip(
    source: Path | bytes | zipfile.ZipFile,
    limits: Limits = DEFAULT_LIMITS,
    *,
    name: str | None = None,
) -> None:
    """Refuse a zip package whose parts would unpack too large, reading only its central directory.

    ``source`` is a path, the package's bytes (e.g. after msoffcrypto decrypted it) or an open
    ``ZipFile``; ``name`` is the file name for the message (defaults to the path's name). A zip that
    cannot be opened at all passes: the reader's own "not a valid document" message fits it better.

    The sizes checked are the ones the directory declares. A part lying about its size is still
    bounded: ``zipfile`` stops at the declared size and fails the CRC check, and the sheet reader's
    own inflater counts the true size.
    """
    if isinstance(source, Path):
        name = name or source.name
    label = name or "该文件"
    try:
        if isinstance(source, zipfile.ZipFile):
            infos = source.infolist()
        elif isinstance(source, Path):
            with zipfile.ZipFile(source) as z:
                infos = z.infolist()
        else:
            with zipfile.ZipFile(io.BytesIO(source)) as z:
                infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return
    kind = _kind_of([i.filename for i in infos])
    tail = f"可能已损坏或不是正常的 {kind}。"
    total = 0
    for info in infos:
        size = info.file_size
        part = info.filename
        total += size
        if part.replace("\\", "/").lower().endswith("sharedstrings.xml") and (
            size > limits.max_shared_strings_bytes
        ):
            raise BadFileError(
                f"文件 {label} 的共享字符串部分过大（{part} 约 {mb(size)}，"
                f"上限 {mb(limits.max_shared_strings_bytes)}），{tail}",
                code="too_large",
                limit="max_shared_strings_bytes",
            )
        xml = part.lower().endswith((".xml", ".rels"))
        limit = limits.max_xml_part_bytes if xml else limits.max_part_bytes
        if size > limit:
            raise BadFileError(
                f"文件 {label} 解压后过大（{part} 约 {mb(size)}，上限 {mb(limit)}），{tail}",
                code="too_large",
                limit="max_xml_part_bytes" if xml else "max_part_bytes",
            )
        if size > limits.ratio_checked_above and size > limits.max_ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise BadFileError(
                f"文件 {label} 的压缩比异常（{part} 由 {mb(info.compress_size)} 解压为 {mb(size)}，"
                f"约 {ratio} 倍，上限 {limits.max_ratio} 倍），{tail}",
                code="too_large",
                limit="max_ratio",
            )
        if total > limits.max_total_bytes:
            raise BadFileError(
                f"文件 {label} 解压后过大（全部内容超过 {mb(total)}，"
                f"上限 {mb(limits.max_total_bytes)}），{tail}",
                code="too_large",
                limit="max_total_bytes",
            )
