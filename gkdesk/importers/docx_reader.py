"""Read a Word document into ``Block`` records: paragraphs and table rows in body order.

Entry point: ``read_docx(path, password=None)``. A .docx is opened with ``zipfile`` and its parts
are parsed with plain lxml; python-docx proxies are not used because walking them is several
times slower than python-docx's own ``Document()``, and the whole import has to stay within twice
that. For the same reason ``styles.xml`` (often 350 KB of table styles nobody uses) is only
scanned, and just the styles the document refers to are parsed.

Old formats (.doc, .wps, .rtf) go through LibreOffice when it is installed. Encrypted files are
decrypted with msoffcrypto. Whatever the bytes, the only exceptions that leave this module are
``BadFileError`` and its subclass ``PasswordRequiredError``, with messages meant for office staff.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import msoffcrypto
from lxml import etree

from gkdesk.errors import BadFileError
from gkdesk.importers.limits import DEFAULT_LIMITS, check_zip, mb
from gkdesk.importers.numbering import Numbering, NumberingState
from gkdesk.importers.office_files import ask_password, convert, decrypt, wrong_password
from gkdesk.records import Block

__all__ = ["read_docx"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
M_STRICT_NS = "http://purl.oclc.org/ooxml/officeDocument/math"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LEGACY_SUFFIXES = frozenset({".doc", ".dot", ".wps", ".wpt", ".rtf"})
_XML_DEPTH = 256  # libxml2's nesting limit without XML_PARSE_HUGE, which stays off
_FULL_PARSE_STYLES_BELOW = 64 * 1024
_OFF = frozenset({"0", "false", "off"})
_HEADING_NAME = re.compile(r"^\s*(?:heading|标题)\s*([1-9])\s*$", re.IGNORECASE)
# python-docx shows these built-in names capitalised; keep to the same spelling.
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {i}": f"Heading {i}" for i in range(1, 10)
}


def read_docx(path: Path, password: str | None = None) -> list[Block]:
    """The paragraphs and table rows of a Word document, in body order.

    Raises ``PasswordRequiredError`` for an encrypted file opened without ``password`` and
    ``BadFileError`` for anything else that cannot be read.
    """
    path = Path(path)
    data = _load(path)
    return _read_bytes(data, path.name, path.suffix.lower(), password, decrypted=False)


# --- file level ------------------------------------------------------------------------------


def _load(path: Path) -> bytes:
    name = path.name
    try:
        if path.is_dir():
            raise BadFileError(f"{name} 是文件夹，不是 Word 文档。", path=str(path))
        # The whole file is read into memory (and an encrypted one decrypted there), so its own
        # size is bounded too: no package can hold more than it may unpack to.
        size = path.stat().st_size
        if size > DEFAULT_LIMITS.max_total_bytes:
            raise BadFileError(
                f"文件 {name} 过大（约 {mb(size)}，上限 {mb(DEFAULT_LIMITS.max_total_bytes)}），"
                "可能已损坏或不是正常的 Word 文档。",
                path=str(path),
                code="too_large",
                limit="max_total_bytes",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BadFileError(f"找不到文件：{name}", path=str(path)) from None
    except PermissionError:
        raise BadFileError(
            f"无法读取 {name}：没有权限，或文件正被 Word/WPS 等程序占用。请关闭该文件后再导入。",
            path=str(path),
        ) from None
    except OSError as exc:
        raise BadFileError(f"无法读取 {name}：{exc.strerror or exc}", path=str(path)) from None


def _not_docx(name: str) -> BadFileError:
    return BadFileError(
        f"{name} 不是有效的 Word 文档（.docx），可能已损坏，或是改了扩展名的其他文件。"
        "请用 Word 或 WPS 打开后另存为 .docx 再导入。"
    )


def _too_deep(name: str, found: str) -> BadFileError:
    limit = DEFAULT_LIMITS.max_table_depth
    return BadFileError(
        f"文件 {name} 的表格嵌套过深（{found}，表格套表格上限 {limit} 层），"
        "可能已损坏或不是正常的 Word 文档。请把嵌套的表格拆开后再导入。",
        code="too_deep",
        limit="max_table_depth",
    )


def _read_bytes(data: bytes, name: str, suffix: str, password: str | None, *, decrypted: bool) -> list[Block]:
    if not data:
        raise BadFileError(f"{name} 是空文件，没有任何内容。")
    if data.startswith(_OLE_MAGIC):
        return _read_ole(data, name, suffix, password, decrypted=decrypted)
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _read_package(data, name)
    if suffix in _LEGACY_SUFFIXES or data.lstrip()[:5] == b"{\\rtf":
        ext = ".rtf" if data.lstrip()[:5] == b"{\\rtf" else suffix
        return _read_package(_convert_legacy(data, name, ext), name)
    raise _not_docx(name)


def _read_ole(data: bytes, name: str, suffix: str, password: str | None, *, decrypted: bool) -> list[Block]:
    """An OLE compound file: an encrypted Office file, or an old binary .doc/.wps."""
    office: Any = None
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = bool(office.is_encrypted())
    except Exception:
        # msoffcrypto and olefile raise many kinds of errors on containers they do not know
        # (WPS files, damaged .doc); LibreOffice may still read them.
        encrypted = False
    if not encrypted:
        ext = suffix if suffix in _LEGACY_SUFFIXES else ".doc"
        return _read_package(_convert_legacy(data, name, ext), name)
    if decrypted:
        raise _not_docx(name)
    if password is None:
        raise ask_password(name)
    if not password:
        raise wrong_password(name)
    plain = decrypt(office, password, name, "Word")
    assert plain is not None
    return _read_bytes(plain, name, suffix, None, decrypted=True)


def _convert_legacy(data: bytes, name: str, ext: str) -> bytes:
    """Convert an old Word/WPS/RTF file to .docx bytes with LibreOffice, if it is installed."""
    save_as = "请在 Word 或 WPS 中“另存为”.docx 后再导入。"
    return convert(data, name, ext or ".doc", "docx", kind="旧版 Word/WPS 格式", save_as=save_as)


def _read_package(data: bytes, name: str) -> list[Block]:
    # The central directory first: a bomb is refused before a byte of it is inflated. This also
    # covers decrypted and LibreOffice-converted bytes, which arrive here too.
    check_zip(data, name=name)
    try:
        package = _Package(data, name)
        return _DocumentReader(package).read()
    except BadFileError:
        raise
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise _too_deep(name, f"XML 超过 {_XML_DEPTH} 层") from exc
        raise _not_docx(name) from exc
    except RecursionError as exc:
        raise _too_deep(name, "层数超出程序能处理的范围") from exc
    except Exception as exc:
        # The bytes are untrusted: any failure while unzipping or walking them (zip, zlib, lxml,
        # a missing part, a value of the wrong kind) means the file is unusable. The cause stays
        # chained for the log.
        raise _not_docx(name) from exc


# --- package ---------------------------------------------------------------------------------


def _xml_parser() -> etree.XMLParser:
    # One per document: lxml parsers must not be shared between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


class _Package:
    """The zip container: part lookup and relationship targets."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.parser = _xml_parser()
        # Some producers write "\" or a leading "/" or odd case in part names.
        self._names = {n.replace("\\", "/").lstrip("/").lower(): n for n in self.zip.namelist()}

    def read(self, part: str) -> bytes | None:
        real = self._names.get(part.lstrip("/").lower())
        if real is None:
            return None
        if self.zip.getinfo(real).file_size > DEFAULT_LIMITS.max_xml_part_bytes:
            # check_zip has refused this already; kept so no caller can skip that check.
            check_zip(self.zip, name=self.name)
        return self.zip.read(real)

    def parse(self, part: str) -> etree._Element | None:
        data = self.read(part)
        return None if data is None else etree.fromstring(data, self.parser)

    def relationships(self, source: str) -> dict[str, str]:
        """Relationship type (its last path segment, e.g. ``styles``) → target part name."""
        folder, base = posixpath.split(source)
        root = self.parse(posixpath.join(folder, "_rels", base + ".rels"))
        targets: dict[str, str] = {}
        if root is None:
            return targets
        for rel in root.iter(f"{{{REL_NS}}}Relationship"):
            kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            target = rel.get("Target")
            if not kind or not target or rel.get("TargetMode") == "External" or kind in targets:
                continue
            target = unquote(target)
            part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            targets[kind] = posixpath.normpath(part)
        return targets


# --- styles ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ParaStyle:
    style_id: str
    name: str
    heading: int
    num_id: int | None
    ilvl: int | None
    bold: bool | None
    hidden: bool | None


@dataclass(frozen=True, slots=True)
class _CharStyle:
    bold: bool | None
    hidden: bool | None


_NO_PARA_STYLE = _ParaStyle("", "", 0, None, None, None, None)


class _Styles:
    """The styles part, parsed only as far as the document needs it.

    In a big ``styles.xml`` a byte scan notes where each ``w:style`` starts, and a style is
    parsed (wrapped in the original root tag, so every namespace declaration is there) when a
    paragraph or run first refers to it. Anything unusual about the file falls back to parsing
    it whole.
    """

    def __init__(self, data: bytes | None, parser: etree.XMLParser) -> None:
        self._parser = parser
        self._data = b""
        self._starts: dict[str, int] = {}
        self._close = b""
        self._elements: dict[str, etree._Element] = {}
        self._wrap = (b"", b"")
        self._para: dict[str | None, _ParaStyle] = {}
        self._char: dict[str, _CharStyle] = {}
        self.default_id: str | None = None
        self.w = _Tags(W_NS)
        defaults: etree._Element | None = None
        if data:
            scanned = self._scan(data) if len(data) >= _FULL_PARSE_STYLES_BELOW else None
            defaults = scanned if scanned is not None else self._parse_whole(data)
        self.default_bold: bool | None = None
        self.default_hidden: bool | None = None
        if defaults is not None:
            rpr = defaults.find(f"{self.w.rPrDefault}/{self.w.rPr}")
            if rpr is not None:
                self.default_bold, self.default_hidden, _ = _run_props(rpr, self.w)

    def _parse_whole(self, data: bytes) -> etree._Element | None:
        root = etree.fromstring(data, self._parser)
        self.w = _Tags(_namespace(root))
        w = self.w
        for el in root:
            if el.tag == w.style:
                style_id = el.get(w.styleId)
                if style_id is None or style_id in self._elements:
                    continue
                self._elements[style_id] = el
                if self.default_id is None and _is_default_para(el.get(w.type), el.get(w.default)):
                    self.default_id = style_id
        return root.find(w.docDefaults)

    def _scan(self, data: bytes) -> etree._Element | None:
        """Index where each ``w:style`` starts; return the parsed ``w:docDefaults``, None on failure."""
        head = data[:200]
        if b"encoding" in head and not re.search(rb"encoding\s*=\s*[\"']utf-?8[\"']", head, re.IGNORECASE):
            return None
        root_match = re.search(rb"<([A-Za-z_][\w.-]*):styles[\s>]", data)
        if root_match is None:
            return None
        root_end = data.find(b">", root_match.end() - 1)
        if root_end < 0 or data[root_end - 1 : root_end] == b"/":
            return None
        prefix = root_match.group(1)
        self._wrap = (data[root_match.start() : root_end + 1], b"</" + prefix + b":styles>")
        probe = etree.fromstring(self._wrap[0] + self._wrap[1], self._parser)
        if _namespace(probe) not in (W_NS, W_STRICT_NS):
            return None
        self.w = _Tags(_namespace(probe))
        p = re.escape(prefix)
        style_tag = re.compile(rb"<" + p + rb":style(\s[^>]*)?>")
        style_id = re.compile(rb"\s" + p + rb":styleId\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
        type_para = re.compile(rb"\s" + p + rb":type\s*=\s*[\"']paragraph[\"']")
        default_on = re.compile(rb"\s" + p + rb":default\s*=\s*[\"']\s*(?:1|true|on)\s*[\"']", re.IGNORECASE)
        starts: dict[str, int] = {}
        for match in style_tag.finditer(data, root_end):
            attrs = match.group(1) or b""
            found = style_id.search(attrs)
            if found is None:
                continue
            raw = found.group(1) if found.group(1) is not None else found.group(2)
            key = raw.decode("utf-8")
            if "&" in key:
                key = html.unescape(key)
            if key in starts:
                continue
            starts[key] = match.start()
            if self.default_id is None and type_para.search(attrs) and default_on.search(attrs):
                self.default_id = key
        self._data = data
        self._starts = starts
        self._close = b"</" + prefix + b":style>"
        dd_start = data.find(b"<" + prefix + b":docDefaults", root_end)
        dd_close = b"</" + prefix + b":docDefaults>"
        dd_end = data.find(dd_close, dd_start) if dd_start >= 0 else -1
        if dd_end < 0:
            # No docDefaults element: an empty stand-in keeps the scan result.
            return etree.Element(self.w.docDefaults)
        return self._parse_chunk(data[dd_start : dd_end + len(dd_close)])

    def _parse_chunk(self, chunk: bytes) -> etree._Element:
        return etree.fromstring(self._wrap[0] + chunk + self._wrap[1], self._parser)[0]

    def element(self, style_id: str) -> etree._Element | None:
        el = self._elements.get(style_id)
        if el is None and style_id in self._starts:
            start = self._starts.pop(style_id)
            tag_end = self._data.find(b">", start)
            if self._data[tag_end - 1 : tag_end] == b"/":
                end = tag_end + 1
            else:
                # Styles do not nest, so the first closing tag after the start is this style's.
                end = self._data.find(self._close, tag_end)
                end = len(self._data) if end < 0 else end + len(self._close)
            el = self._elements[style_id] = self._parse_chunk(self._data[start:end])
        return el

    def ids(self) -> Iterator[str]:
        yield from self._elements
        yield from self._starts

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < 32:
            seen.add(style_id)
            el = self.element(style_id)
            if el is None:
                break
            chain.append(el)
            based = el.find(self.w.basedOn)
            style_id = based.get(self.w.val) if based is not None else None
        return chain

    def paragraph(self, style_id: str | None) -> _ParaStyle:
        """The resolved paragraph style; an unknown or missing id means the default style."""
        key = style_id
        cached = self._para.get(key)
        if cached is not None:
            return cached
        w = self.w
        chain = self._chain(style_id) if style_id else []
        if not chain and self.default_id:
            style_id = self.default_id
            chain = self._chain(style_id)
        if not chain:
            result = _NO_PARA_STYLE
        else:
            first = chain[0]
            name_el = first.find(w.name)
            raw_name = name_el.get(w.val, "") if name_el is not None else ""
            name = _UI_NAMES.get(raw_name, raw_name or (style_id or ""))
            heading: int | None = None
            num: tuple[int | None, int | None] | None = None
            bold: bool | None = None
            hidden: bool | None = None
            for el in chain:
                ppr = el.find(w.pPr)
                if ppr is not None:
                    if heading is None:
                        outline = ppr.find(w.outlineLvl)
                        if outline is not None:
                            heading = _outline_level(outline.get(w.val))
                    numpr = ppr.find(w.numPr) if num is None else None
                    if numpr is not None:
                        num_id, ilvl = _num_pr(numpr, w)
                        if num_id is not None:
                            num = (num_id, ilvl)
                if heading is None:
                    name_el = el.find(w.name)
                    found = _HEADING_NAME.match(name_el.get(w.val, "")) if name_el is not None else None
                    if found:
                        heading = int(found.group(1))
                rpr = el.find(w.rPr)
                if rpr is not None:
                    b, v, _ = _run_props(rpr, w)
                    bold = b if bold is None else bold
                    hidden = v if hidden is None else hidden
            result = _ParaStyle(
                style_id or "",
                name,
                heading or 0,
                num[0] if num else None,
                num[1] if num else None,
                bold,
                hidden,
            )
        self._para[key] = result
        return result

    def character(self, style_id: str) -> _CharStyle:
        cached = self._char.get(style_id)
        if cached is not None:
            return cached
        bold: bool | None = None
        hidden: bool | None = None
        for el in self._chain(style_id):
            rpr = el.find(self.w.rPr)
            if rpr is not None:
                b, v, _ = _run_props(rpr, self.w)
                bold = b if bold is None else bold
                hidden = v if hidden is None else hidden
        result = _CharStyle(bold, hidden)
        self._char[style_id] = result
        return result


class _StyleNumIds(Mapping[str, int]):
    """numbering-style id → the ``w:numId`` of its ``w:numPr``, looked up only when asked."""

    def __init__(self, styles: _Styles) -> None:
        self._styles = styles

    def __getitem__(self, style_id: str) -> int:
        el = self._styles.element(style_id)
        numpr = el.find(f"{self._styles.w.pPr}/{self._styles.w.numPr}") if el is not None else None
        num_id = _num_pr(numpr, self._styles.w)[0] if numpr is not None else None
        if num_id is None:
            raise KeyError(style_id)
        return num_id

    def __iter__(self) -> Iterator[str]:
        return self._styles.ids()

    def __len__(self) -> int:
        return sum(1 for _ in self._styles.ids())


# --- document walk ---------------------------------------------------------------------------


_TAG_NAMES = (
    "body", "p", "r", "t", "tab", "ptab", "br", "cr", "sym", "noBreakHyphen", "fldChar", "pPr",
    "rPr", "pStyle", "numPr", "numId", "ilvl", "outlineLvl", "b", "vanish", "rStyle", "moveFrom",
    "tbl", "tr", "tc", "tcPr", "trPr", "gridSpan", "gridBefore", "vMerge", "hMerge", "sdt", "sdtContent",
    "sdtPr", "sdtEndPr", "customXml", "txbxContent", "ruby", "rubyBase", "style", "styleId", "type",
    "default", "name", "basedOn", "docDefaults", "rPrDefault", "val", "fldCharType", "char"
)  # fmt: skip


class _Tags:
    """Clark-notation names of the WordprocessingML tags and attributes the reader looks at."""

    def __init__(self, ns: str) -> None:
        q = f"{{{ns}}}"
        for local in _TAG_NAMES:
            setattr(self, local, q + local)
        self.delete = q + "del"
        self.math_ns = M_STRICT_NS if ns == W_STRICT_NS else M_NS

    # Declared for the type checker; filled in by __init__.
    body: str
    p: str
    r: str
    t: str
    tab: str
    ptab: str
    br: str
    cr: str
    sym: str
    noBreakHyphen: str
    fldChar: str
    pPr: str
    rPr: str
    pStyle: str
    numPr: str
    numId: str
    ilvl: str
    outlineLvl: str
    b: str
    vanish: str
    rStyle: str
    moveFrom: str
    tbl: str
    tr: str
    tc: str
    tcPr: str
    trPr: str
    gridSpan: str
    gridBefore: str
    vMerge: str
    hMerge: str
    sdt: str
    sdtContent: str
    sdtPr: str
    sdtEndPr: str
    customXml: str
    txbxContent: str
    ruby: str
    rubyBase: str
    style: str
    styleId: str
    type: str
    default: str
    name: str
    basedOn: str
    docDefaults: str
    rPrDefault: str
    val: str
    fldCharType: str
    char: str


_MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_MC_FALLBACK = f"{{{MC_NS}}}Fallback"
_MC_CHOICE = f"{{{MC_NS}}}Choice"


class _DocumentReader:
    def __init__(self, package: _Package) -> None:
        self.package = package
        self.blocks: list[Block] = []
        self._tables = 0
        self._table_depth = 0  # tables open around the one being read (cells holding tables)
        # Open complex fields, innermost last: False while in the field code, True in its result.
        self._fields: list[bool] = []
        self._in_code = 0
        self._para_bold: bool | None = False
        self._para_hidden: bool | None = False
        self._nonbold = False
        self._track_bold = False

    def read(self) -> list[Block]:
        package = self.package
        main = package.relationships("").get("officeDocument", "word/document.xml")
        data = package.read(main)
        if data is None and main != "word/document.xml":
            main = "word/document.xml"
            data = package.read(main)
        if data is None:
            raise BadFileError(
                f"{package.name} 中没有正文部分（word/document.xml），不是有效的 Word 文档。"
                "请用 Word 或 WPS 打开后另存为 .docx 再导入。"
            )
        root = etree.fromstring(data, package.parser)
        ns = _namespace(root)
        if ns not in (W_NS, W_STRICT_NS) or root.tag != f"{{{ns}}}document":
            raise _not_docx(package.name)
        w = self.w = _Tags(ns)
        self._math_t = f"{{{w.math_ns}}}t"
        self._math_skip = frozenset(f"{{{w.math_ns}}}{local}" for local in ("rPr", "ctrlPr"))
        rels = package.relationships(main)
        styles_part = rels.get("styles")
        numbering_part = rels.get("numbering")
        self.styles = _Styles(package.read(styles_part) if styles_part else None, package.parser)
        numbering_xml = package.read(numbering_part) if numbering_part else None
        self.numbering = Numbering.from_xml(numbering_xml, _StyleNumIds(self.styles))
        self.counters = NumberingState(self.numbering)
        # Inline elements whose content is never displayed text of the paragraph.
        self._skip_inline = frozenset(
            {w.pPr, w.rPr, w.delete, w.moveFrom, w.sdtPr, w.sdtEndPr, w.txbxContent}
        )
        self._block_wrappers = frozenset({w.sdt, w.sdtContent, w.customXml})
        body = root.find(w.body)
        if body is not None:
            self._body(body)
        return self.blocks

    # body and tables

    def _body(self, parent: etree._Element) -> None:
        w = self.w
        for child in parent:
            tag = child.tag
            if tag == w.p:
                self._body_paragraph(child)
            elif tag == w.tbl:
                self._body_table(child)
            elif tag in self._block_wrappers:
                self._body(child)
            elif tag == _MC_ALTERNATE:
                chosen = _choose(child)
                if chosen is not None:
                    self._body(chosen)

    def _body_paragraph(self, p: etree._Element) -> None:
        label, text, style, heading, bold = self._paragraph(p, track_bold=True)
        if text.strip():
            self.blocks.append(
                Block(
                    "para",
                    label + text,
                    style=style.name,
                    heading_level=heading,
                    bold=bold,
                    auto_label=label,
                )
            )

    def _body_table(self, tbl: etree._Element) -> None:
        index = self._tables
        self._tables += 1
        for cells, merged in self._table_rows(tbl):
            if any(cells):
                text = "\t".join(c for c, m in zip(cells, merged, strict=True) if not m)
                self.blocks.append(Block("row", text, cells=cells, table=index, merged=merged))

    def _children(self, parent: etree._Element, tag: str) -> Iterator[etree._Element]:
        """Children with ``tag``, looking through content controls and custom XML wrappers."""
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in self._block_wrappers:
                yield from self._children(child, tag)

    def _table_rows(self, tbl: etree._Element) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Each row as grid-aligned cell texts and merge flags (see ``Block.merged``).

        Tables in cells recurse through here; the depth is bounded so a file of tables nested
        hundreds deep gets a message naming the limit, not a RecursionError or a libxml2 error.
        """
        self._table_depth += 1
        try:
            if self._table_depth > DEFAULT_LIMITS.max_table_depth:
                raise _too_deep(self.package.name, f"至少 {self._table_depth} 层")
            return self._grid_rows(tbl)
        finally:
            self._table_depth -= 1

    def _grid_rows(self, tbl: etree._Element) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        w = self.w
        grid: list[list[tuple[str, str]]] = []  # per row, per grid column: (text, flag)
        for tr in self._children(tbl, w.tr):
            col = 0
            tcs: list[etree._Element] = []
            for child in tr:
                tag = child.tag
                if tag == w.tc:
                    tcs.append(child)
                elif tag == w.trPr:
                    before = child.find(w.gridBefore)
                    if before is not None:
                        col = max(0, min(_int(before.get(w.val)) or 0, 1000))
                elif tag in self._block_wrappers:
                    tcs.extend(self._children(child, w.tc))
            row: list[tuple[str, str]] = [("", "")] * col
            above = grid[-1] if grid else []
            for tc in tcs:
                span = 1
                vmerge: str | None = None
                hmerge: str | None = None
                tcpr = tc[0] if len(tc) else None
                if tcpr is not None and tcpr.tag == w.tcPr:
                    for prop in tcpr:
                        tag = prop.tag
                        if tag == w.gridSpan:
                            span = max(1, min(_int(prop.get(w.val)) or 1, 1000))
                        elif tag == w.vMerge:
                            vmerge = prop.get(w.val) or "continue"
                        elif tag == w.hMerge:
                            hmerge = prop.get(w.val) or "continue"
                if hmerge == "continue" and row:
                    # Legacy horizontal merge: these columns belong to the cell on their left.
                    row += [("", "left")] * span
                elif vmerge == "continue" and col < len(above) and (above[col][0] or above[col][1]):
                    row += [("", "up")] * span
                else:
                    row += [(self._cell_text(tc), "")] + [("", "left")] * (span - 1)
                col += span
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        out = []
        for row in grid:
            row = row + [("", "")] * (width - len(row))
            out.append((tuple(t for t, _ in row), tuple(f for _, f in row)))
        return out

    def _cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        self._cell_parts(tc, parts)
        return "\n".join(parts).strip()

    def _cell_parts(self, parent: etree._Element, parts: list[str]) -> None:
        w = self.w
        for child in parent:
            tag = child.tag
            if tag == w.p:
                label, text, _, _, _ = self._paragraph(child, track_bold=False)
                if text.strip():
                    parts.append((label + text).strip())
            elif tag == w.tbl:
                lines = [
                    "\t".join(c for c, m in zip(cells, merged, strict=True) if not m)
                    for cells, merged in self._table_rows(child)
                    if any(cells)
                ]
                if lines:
                    parts.append("\n".join(lines))
            elif tag in self._block_wrappers:
                self._cell_parts(child, parts)

    # paragraphs

    def _paragraph(self, p: etree._Element, *, track_bold: bool) -> tuple[str, str, _ParaStyle, int, bool]:
        """Label, text, style, heading level and all-bold flag of one paragraph."""
        w = self.w
        style_id: str | None = None
        num_id: int | None = None
        ilvl: int | None = None
        outline: int | None = None
        mark_deleted = False
        # Indexing beats find(): the schema puts pPr first, and find() is slow in lxml.
        ppr = p[0] if len(p) else None
        if ppr is not None and ppr.tag == w.pPr:
            for prop in ppr:
                tag = prop.tag
                if tag == w.pStyle:
                    style_id = prop.get(w.val)
                elif tag == w.numPr:
                    num_id, ilvl = _num_pr(prop, w)
                elif tag == w.outlineLvl:
                    outline = _outline_level(prop.get(w.val))
                elif tag == w.rPr:
                    mark_deleted = prop.find(w.delete) is not None
        styles = self.styles
        style = styles.paragraph(style_id)
        self._para_bold = style.bold if style.bold is not None else styles.default_bold
        self._para_hidden = style.hidden if style.hidden is not None else styles.default_hidden
        self._nonbold = False
        self._track_bold = track_bold
        out: list[str] = []
        self._inline(p, out)
        if self._in_code:
            # A field code never runs past its paragraph in a sane file; show what follows.
            self._fields = [True] * len(self._fields)
            self._in_code = 0
        text = "".join(out)

        if num_id is None:
            num_id = style.num_id
        if ilvl is None and num_id is not None and num_id == style.num_id:
            ilvl = style.ilvl
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style.style_id)
        label = ""
        if num_id and not (mark_deleted and not text.strip()):
            label = self.counters.next_label(num_id, ilvl or 0)
        heading = outline if outline is not None else style.heading
        return label, text, style, heading, track_bold and not self._nonbold

    def _inline(self, parent: etree._Element, out: list[str]) -> None:
        w = self.w
        for child in parent:
            tag = child.tag
            if tag == w.r:
                self._run(child, out)
            elif tag in self._skip_inline or not isinstance(tag, str):
                continue
            elif tag == _MC_ALTERNATE:
                chosen = _choose(child)
                if chosen is not None:
                    self._inline(chosen, out)
            elif tag == self._math_t:
                if not self._in_code and child.text:
                    out.append(child.text)
            elif tag not in self._math_skip:
                # ins, moveTo, hyperlink, smartTag, sdt, fldSimple, dir, bdo, math … hold runs.
                self._inline(child, out)

    def _run(self, r: etree._Element, out: list[str]) -> None:
        w = self.w
        start = len(out)
        props: etree._Element | None = None
        for child in r:
            tag = child.tag
            if tag == w.t:
                if not self._in_code and child.text:
                    out.append(child.text)
            elif tag == w.rPr:
                props = child
            elif tag == w.tab or tag == w.ptab:
                if not self._in_code:
                    out.append("\t")
            elif tag == w.br:
                if not self._in_code and child.get(w.type) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == w.cr:
                if not self._in_code:
                    out.append("\n")
            elif tag == w.noBreakHyphen:
                if not self._in_code:
                    out.append("-")
            elif tag == w.fldChar:
                self._field(child.get(w.fldCharType))
            elif tag == w.sym:
                if not self._in_code:
                    out.append(_symbol(child.get(w.char)))
            elif tag == w.ruby:
                base = child.find(w.rubyBase)
                if base is not None:
                    self._inline(base, out)
            elif tag == _MC_ALTERNATE:
                chosen = _choose(child)
                if chosen is not None:
                    self._run(chosen, out)
        if len(out) == start:
            return
        bold = self._para_bold
        hidden = self._para_hidden
        if props is not None:
            direct_bold, direct_hidden, char_style = _run_props(props, w)
            if char_style:
                cs = self.styles.character(char_style)
                bold = cs.bold if cs.bold is not None else bold
                hidden = cs.hidden if cs.hidden is not None else hidden
            bold = direct_bold if direct_bold is not None else bold
            hidden = direct_hidden if direct_hidden is not None else hidden
        if hidden:
            del out[start:]
        elif self._track_bold and not bold and not self._nonbold:
            self._nonbold = any(piece.strip() for piece in out[start:])

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(False)
            self._in_code += 1
        elif kind == "separate":
            if self._fields and not self._fields[-1]:
                self._fields[-1] = True
                self._in_code -= 1
        elif kind == "end" and self._fields and not self._fields.pop():
            self._in_code -= 1


# --- helpers ---------------------------------------------------------------------------------


def _namespace(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _choose(alternate: etree._Element) -> etree._Element | None:
    """The branch of ``mc:AlternateContent`` a basic consumer shows: the fallback, else the first choice."""
    fallback = alternate.find(_MC_FALLBACK)
    return fallback if fallback is not None else alternate.find(_MC_CHOICE)


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _run_props(rpr: etree._Element, w: _Tags) -> tuple[bool | None, bool | None, str | None]:
    """Direct bold, hidden and character style id of a ``w:rPr``."""
    bold = hidden = None
    char_style = None
    for prop in rpr:
        tag = prop.tag
        if tag == w.b:
            value = prop.get(w.val)
            bold = value is None or value.strip().lower() not in _OFF
        elif tag == w.vanish:
            value = prop.get(w.val)
            hidden = value is None or value.strip().lower() not in _OFF
        elif tag == w.rStyle:
            char_style = prop.get(w.val)
    return bold, hidden, char_style


def _num_pr(numpr: etree._Element, w: _Tags) -> tuple[int | None, int | None]:
    num_id = ilvl = None
    for prop in numpr:
        if prop.tag == w.numId:
            num_id = _int(prop.get(w.val))
        elif prop.tag == w.ilvl:
            ilvl = _int(prop.get(w.val))
    return num_id, ilvl


def _outline_level(value: str | None) -> int:
    """Heading level of a ``w:outlineLvl`` value: 0 → 1 … 8 → 9; 9 (body text) → 0."""
    level = _int(value)
    return level + 1 if level is not None and 0 <= level <= 8 else 0


def _is_default_para(kind: str | None, default: str | None) -> bool:
    return kind == "paragraph" and default is not None and default.strip().lower() in ("1", "true", "on")


def _symbol(code: str | None) -> str:
    """The character of a ``w:sym``; symbol-font code points (U+F000…) have no plain-text form."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xE000 <= value <= 0xF8FF or not 0x20 <= value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return ""
    return chr(value)
