"""Plain-text (.txt) importer: guess the encoding, then turn lines into ``Block`` objects.

Encodings are tried in the order that is right for Chinese office files: a BOM wins; then UTF-16/32
without a BOM (recognised by the NUL bytes ASCII characters leave at odd or even offsets); strict
UTF-8; GB18030 (a superset of GBK and GB2312, what Notepad saved as "ANSI" on a Chinese Windows);
Big5; charset-normalizer's guess; and UTF-8 with replacement characters as the last resort. Big5
bytes nearly always also decode as GB18030 — into rare characters — so a GB18030 result is only
trusted when most of its characters are common ones.

Lines become paragraphs, except lines with a tab between non-empty parts: those are rows of a table
copied out of Word or Excel. Consecutive rows share a table index; a chapter line such as
"一、围绕深化改革推进公开" standing between rows is a merged chapter row of that table. Excel's quoting
of cells that contain line breaks or quotes ("Unicode 文本" export) is undone.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from gkdesk.errors import BadFileError
from gkdesk.importers.limits import DEFAULT_LIMITS, mb
from gkdesk.records import Block

__all__ = ["decode_text", "lines_to_blocks", "read_txt"]

_log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE starts with the UTF-16 LE BOM, so it must be tested first.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "Word/Excel(.docx/.xlsx) 或压缩包"),
    (b"PK\x05\x06", "压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word/Excel(.doc/.xls)"),
    (b"%PDF-", "PDF"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG", "图片"),
    (b"\xff\xd8\xff", "图片"),
    (b"GIF8", "图片"),
    (b"Rar!", "压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "压缩包"),
    (b"\x1f\x8b", "压缩包"),
)

# Line separators become "\n" (\x0b is Word's manual line break, \x0c its page break); NUL, other
# control characters and zero-width characters go; the NBSP family becomes a plain space. Regexes
# rather than str.translate with a dict, which runs per character in Python.
_LINE_BREAK_RE = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_DROP_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ODD_SPACE_RE = re.compile("[\u00a0\u2007\u202f]")

# What makes a file "not text": C0/C1 controls other than the usual white space, and U+FFFD.
_BINARY_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_DAMAGE_RE = re.compile(r"\ufffd(?:[^\n]{0,8}?\ufffd)*")


def _is_common(ch: str) -> bool:
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        pass
    else:
        # Level-1 hanzi (the 3755 most frequent) and the symbol rows.
        return len(b) == 2 and (0xB0A1 <= (b[0] << 8 | b[1]) <= 0xD7F9 or b[0] <= 0xA9)
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    # Big5 level-1 hanzi and its symbol rows.
    return len(b) == 2 and (0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E or b[0] <= 0xA3)


def _common_share(text: str) -> float:
    """Share of the non-ASCII characters (first 600) that are common Chinese characters or symbols.

    Real text scores ~1.0 whether simplified or traditional; Big5 read as GB18030 (or the reverse,
    or UTF-16 read as either) scores ~0.5 because it lands on rare characters.
    """
    total = common = 0
    for m in _NON_ASCII_RE.finditer(text):
        ch = m[0]
        total += 1
        common += _is_common(ch)
        if total >= 600:
            break
    return common / total if total else 1.0


def _binary_share(text: str) -> float:
    sample = text[:16384]
    if not sample:
        return 0.0
    return len(_BINARY_CHAR_RE.findall(sample)) / len(sample)


def _try_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-16/32 without a BOM, told by where ASCII characters leave their NUL bytes."""
    head = data[:65536]
    n = len(head)
    if n < 2:
        return None
    candidates: list[str] = []
    if len(data) % 4 == 0 and head[3::4].count(0) == len(head[3::4]) and head[2::4].count(0) * 2 > n // 4:
        candidates.append("utf-32-le")
    if len(data) % 4 == 0 and head[0::4].count(0) == len(head[0::4]) and head[1::4].count(0) * 2 > n // 4:
        candidates.append("utf-32-be")
    if len(data) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        # ASCII in UTF-16 LE is "x\0": NULs at odd offsets; in BE at even ones. Hanzi such as
        # 一 (U+4E00) put a few NULs on the other side too, so only a clear majority decides the
        # order, and the decoded text has to look like text either way.
        if odd > 3 * even:
            candidates += ["utf-16-le", "utf-16-be"]
        elif even > 3 * odd:
            candidates += ["utf-16-be", "utf-16-le"]
        else:
            candidates += ["utf-16-le", "utf-16-be"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _binary_share(text) < 0.01 and _common_share(text) >= 0.6:
            return text, enc
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    try:
        best = from_bytes(data).best()
    except Exception:  # its heuristics must never turn a readable file into a crash
        _log.debug("charset-normalizer failed", exc_info=True)
        return None
    if best is None:
        return None
    return str(best), str(best.encoding)


def _decode_raw(data: bytes) -> tuple[str, str]:
    """Decode without any clean-up; returns (text, encoding name)."""
    if not data:
        return "", "empty"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace"), enc + " (BOM)"
    if b"\x00" in data[:65536]:
        wide = _try_wide(data)
        if wide is not None:
            return wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    candidates: list[tuple[float, str, str]] = []
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        share = _common_share(text)
        if share >= 0.9:
            return text, "gb18030"
        candidates.append((share, text, "gb18030"))

    # A UTF-8 file with a few damaged bytes is still UTF-8.
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") <= max(2, len(text) // 1000):
        return text, "utf-8 (damaged)"

    # Likewise a GBK/GB18030 file with a stray byte (a truncated copy, one character mangled by a
    # mail gateway) is still GBK: accept it when the damage is at most 1 in 1,000 characters and the
    # rest reads as common Chinese, as it would not if the file were Big5 or UTF-16.
    # A stray byte inside a two-byte character throws the decoder off until the next ASCII byte,
    # leaving a short cluster of U+FFFD: a cluster counts as one damaged spot.
    text = data.decode("gb18030", "replace")
    spots = len(_DAMAGE_RE.findall(text))
    if spots <= max(2, len(text) // 1000) and _common_share(text) >= 0.9:
        _log.warning("decoded as GB18030 with %d damaged spot(s) replaced by U+FFFD", spots)
        return text, "gb18030 (damaged)"

    wide_encodings = ("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ()
    for enc in ("big5", *wide_encodings):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _binary_share(text) < 0.01:
            candidates.append((_common_share(text), text, enc))
    best = max(candidates, key=lambda c: c[0], default=None)
    if best is not None and best[0] >= 0.6:
        return best[1], best[2]

    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    if best is not None:
        return best[1], best[2]
    return data.decode("utf-8", "replace"), "utf-8 (replace)"


def _normalize(text: str) -> str:
    return _ODD_SPACE_RE.sub(" ", _DROP_RE.sub("", _LINE_BREAK_RE.sub("\n", text)))


def decode_text(data: bytes, name: str = "") -> str:
    """Decode the bytes of a text file whatever its encoding, with newlines normalised to "\\n".

    Never raises: undecodable bytes end up as U+FFFD. NUL, zero-width characters and stray control
    characters are dropped, NBSP becomes a space. ``name`` only labels the debug log.
    """
    text, enc = _decode_raw(data)
    _log.debug("%s: decoded as %s", name or "<bytes>", enc)
    return _normalize(text)


# ---------------------------------------------------------------------------------------------
# Lines → blocks
# ---------------------------------------------------------------------------------------------

_CHAPTER_RE = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]+\s*[、．.]"
    r"|[(（]\s*[一二三四五六七八九十百零〇]+\s*[)）]"
    r"|第[一二三四五六七八九十百零〇\d]+\s*[部分章节篇])"
)
_HEADER_TEXT = (
    "序号 编号 序 重点任务 工作任务 任务 主要任务 具体任务 工作内容 任务内容 工作事项 牵头单位 牵头部门 "
    "责任单位 责任部门 配合单位 配合部门 协办单位 责任领导 完成时限 完成时间 时间要求 时限要求 备注"
)
_HEADER_WORDS = frozenset(_HEADER_TEXT.split())

_PARA, _ROW, _TAB1 = "para", "row", "tab1"


@dataclass(slots=True)
class _Line:
    kind: str  # _PARA, _ROW (≥ 2 non-empty cells) or _TAB1 (tabs, one non-empty cell)
    text: str  # paragraph text, stripped
    parts: list[str]  # stripped tab-separated parts, empty ones included; [] for paragraphs
    quoted: bool = False  # came from Excel's quoted-cell syntax


def _strip_cell(cell: str) -> str:
    if "\n" not in cell:
        return cell.strip()
    return "\n".join(p for p in (line.strip() for line in cell.split("\n")) if p)


def _parse_quoted(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """Parse an Excel-style tab-separated record starting at ``lines[i]`` in which cells that contain
    line breaks, tabs or quotes are written as "…" with "" for a quote. Returns the cells and the
    index after the record, or None when the text does not follow that syntax."""
    cells: list[str] = []
    line, j, pos = lines[i], i, 0
    limit = min(len(lines), i + 20)
    while True:
        if pos < len(line) and line[pos] == '"':
            buf: list[str] = []
            pos += 1
            while True:
                q = line.find('"', pos)
                if q < 0:
                    if "\t" in line[pos:]:
                        # A tab after an unclosed quote is more likely the next cell than part of
                        # a cell spanning lines: this is not Excel quoting after all.
                        return None
                    buf.append(line[pos:])
                    j += 1
                    if j >= limit:
                        return None
                    buf.append("\n")
                    line, pos = lines[j], 0
                    continue
                buf.append(line[pos:q])
                if line.startswith('"', q + 1):
                    buf.append('"')
                    pos = q + 2
                    continue
                pos = q + 1
                break
            cells.append("".join(buf))
            if pos < len(line) and line[pos] != "\t":
                return None
        else:
            end = line.find("\t", pos)
            end = len(line) if end < 0 else end
            cells.append(line[pos:end])
            pos = end
        if pos >= len(line):
            return cells, j + 1
        pos += 1  # the tab


def _split_lines(text: str) -> list[_Line]:
    """Split into classified lines, dropping blank ones."""
    raw = text.split("\n")
    out: list[_Line] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        if "\t" not in line:
            i += 1
            stripped = line.strip()
            if stripped:
                out.append(_Line(_PARA, stripped, []))
            continue
        parts: list[str] | None = None
        quoted = False
        if '"' in line:
            parsed = _parse_quoted(raw, i)
            if parsed is not None and (parsed[1] > i + 1 or any(p.startswith('"') for p in line.split("\t"))):
                parts, i, quoted = parsed[0], parsed[1], True
        if parts is None:
            parts = line.split("\t")
            i += 1
        parts = [_strip_cell(p) for p in parts]
        filled = [p for p in parts if p]
        if not filled:
            continue
        if len(filled) == 1 and not quoted and "\t" not in filled[0]:
            out.append(_Line(_TAB1, filled[0], parts))
        else:
            out.append(_Line(_ROW, "", parts, quoted))
    return out


def _is_chapter(line: _Line) -> bool:
    return line.kind == _PARA and len(line.text) <= 60 and _CHAPTER_RE.match(line.text) is not None


def _is_header(parts: list[str]) -> bool:
    filled = [re.sub(r"\s+", "", p) for p in parts if p]
    if not filled or filled[0][:1].isdigit():
        return False
    return sum(p in _HEADER_WORDS for p in filled) >= 2


def _table_membership(lines: list[_Line]) -> list[bool]:
    """Which lines belong to a table (rows, and chapter or tab-padded lines placed among rows)."""
    n = len(lines)

    def candidate(k: int) -> bool:
        return lines[k].kind == _TAB1 or _is_chapter(lines[k])

    # Nearest line on each side that is not itself a candidate: its kind decides.
    prev_anchor: list[int] = [-1] * n
    next_anchor: list[int] = [-1] * n
    last = -1
    for k in range(n):
        prev_anchor[k] = last
        if not candidate(k):
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        next_anchor[k] = last
        if not candidate(k):
            last = k

    def is_row(k: int) -> bool:
        return k >= 0 and lines[k].kind == _ROW

    member = [False] * n
    for k, line in enumerate(lines):
        if line.kind == _ROW:
            member[k] = True
            continue
        before, after = is_row(prev_anchor[k]), is_row(next_anchor[k])
        if line.kind == _TAB1 and line.parts[0]:
            # "一、…\t\t\t": a merged row whose other cells came out empty.
            member[k] = before or after
        elif line.kind == _TAB1:
            # "\t\t正文" is an indented paragraph unless it sits among rows.
            member[k] = before and after
        elif _is_chapter(line):
            # A chapter line among rows is a merged chapter row, unless the rows after it start
            # a new table with its own header.
            member[k] = before and after and not _is_header(lines[next_anchor[k]].parts)
    return member


def _row_cells(line: _Line, width: int) -> tuple[str, ...]:
    parts = list(line.parts)
    if line.kind == _TAB1 and parts[0]:
        return (parts[0],)
    if width == 0:
        # The first row of a table: outer empty cells are indentation or stray tabs.
        while parts and not parts[0]:
            parts.pop(0)
    # Empty cells keep their position up to the table's width (a blank 配合单位 or 完成时限 cell
    # must not shift the cells after it); beyond it they are stray tabs.
    while parts and not parts[-1] and len(parts) > max(width, 1):
        parts.pop()
    while parts and not parts[0] and len(parts) > max(width, 1):
        parts.pop(0)
    if width == 0:
        while parts and not parts[-1]:
            parts.pop()
    return tuple(parts)


def lines_to_blocks(text: str) -> list[Block]:
    """Turn decoded text into paragraph and row blocks (see the module docstring)."""
    lines = _split_lines(text)
    member = _table_membership(lines)
    blocks: list[Block] = []
    table = -1
    width = 0
    in_table = False
    for line, is_member in zip(lines, member, strict=True):
        if not is_member:
            in_table = False
            text_ = line.text if line.kind == _PARA else "".join(line.parts).strip()
            blocks.append(Block(kind="para", text=text_))
            continue
        if not in_table:
            table += 1
            width = 0
            in_table = True
        if line.kind == _PARA:
            cells: tuple[str, ...] = (line.text,)
        else:
            cells = _row_cells(line, width)
            if len(cells) > 1:
                width = max(width, len(cells))
        blocks.append(Block(kind="row", text="\t".join(cells), cells=cells, table=table))
    return blocks


def read_txt(path: Path | str | os.PathLike[str]) -> list[Block]:
    """Read a .txt file into blocks; ``[]`` when it holds no text.

    Raises BadFileError for a missing or unreadable file and for a binary file renamed .txt.
    """
    path = Path(path)
    name = path.name
    limit = DEFAULT_LIMITS.max_txt_bytes
    try:
        # The size before the bytes: parsing costs seconds a MB, so a huge text is refused at once.
        size = path.stat().st_size
        if size > limit:
            raise BadFileError(
                f"文件 {name} 过大（约 {mb(size)}，文本文件上限 {mb(limit)}），不像是一份工作要点。"
                "请只保留工作要点的正文后再导入。",
                file=str(path),
                code="too_large",
                limit="max_txt_bytes",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadFileError(f"找不到文件：{name}", file=str(path)) from None
    except IsADirectoryError:
        raise BadFileError(f"{name} 是文件夹，不是文件", file=str(path)) from None
    except PermissionError:
        raise BadFileError(f"无法打开 {name}：没有读取权限，或文件正被其他程序占用", file=str(path)) from None
    except OSError as e:
        raise BadFileError(f"无法读取 {name}：{e.strerror or e}", file=str(path)) from None

    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BadFileError(f"{name} 不是文本文件（看起来是{what}），请按它的实际格式导入", file=str(path))
    raw, enc = _decode_raw(data)
    _log.debug("%s: decoded as %s", name, enc)
    if _binary_share(raw) > 0.02:
        raise BadFileError(f"{name} 不是文本文件，请在原程序中另存为 .txt 或 .docx 后再导入", file=str(path))
    return lines_to_blocks(_normalize(raw))
