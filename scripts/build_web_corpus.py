"""Build Word (and, for table documents, Excel) copies of the web test corpus from its text files.

For every ``<name>.txt`` in ``tests/data/web_corpus`` (or only the names given on the command
line) this writes ``<name>.docx``, and ``<name>.xlsx`` when the text holds a table:

    cd /work/main && .venv/bin/python scripts/build_web_corpus.py [names...]

How the text is read
    * A line with a TAB is a table row, cells separated by TAB. A merged cell appears in its first
      row only; the rows below it show an empty cell there.
    * A line without a TAB that sits between table rows (the next non-empty line is a table row)
      is a chapter row spanning the whole table, as is a row whose only filled cell is the first.
    * The first row of a table is its header. Other lines are paragraphs; blank lines are dropped.

``<name>.build.json`` (optional) describes the merged cells the text cannot show, one object per
table in order::

    {"tables": [{"merge_down_columns": [0, 3], "header_spans": [1, 2, 1, 1]}]}

``merge_down_columns``: 0-based columns whose empty cells below a filled cell belong to that cell
(merged down; a chapter row stops the merge). ``header_spans``: how many columns each header
cell spans when the header row has fewer cells than the body rows.

The .docx is A4 with 公文-like styling: title lines centred in a large bold font, "一、" chapter
headings bold (黑体), other paragraphs with a two-character first-line indent in 仿宋 (the
East-Asian font is set through ``w:eastAsia``), signature lines right-aligned. Tables get real
borders and merged cells, a repeated header row, column widths from the cell contents, and a
landscape section when they are wide. The .xlsx has one sheet per table: the title paragraph
above the table in row 1 merged across the table width, an empty row, then the table with the
same merges, wrapped text and sized columns and rows.

Output is byte-stable: core properties carry fixed dates and the zip members fixed timestamps,
so re-running the script on unchanged text rewrites nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "web_corpus"

FIXED_DATE = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

CHAPTER = re.compile(r"^\s*[一二三四五六七八九十百]+[、.．]")
SUBCHAPTER = re.compile(r"^\s*[(（][一二三四五六七八九十百]+[)）]")
DOC_NUMBER = re.compile(r"[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*[号號]\s*$")
DATE_LINE = re.compile(r"^\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
END_PUNCT = "。:：;；,，、!！?？"
CJK = re.compile(r"[\u3400-\u9fff]")


# ----------------------------------------------------------------------------------------------
# reading the text


@dataclass
class Para:
    text: str
    kind: str = "body"  # title, docno, addressee, signature, chapter, subchapter, body


@dataclass
class Table:
    rows: list[list[str]]  # first row is the header
    full: set[int] = field(default_factory=set)  # indexes of rows spanning the whole table
    merge_down: list[int] = field(default_factory=list)
    header_spans: list[int] | None = None
    caption: str | None = None  # the title paragraph right above the table

    @property
    def ncols(self) -> int:
        width = max((len(r) for i, r in enumerate(self.rows) if i not in self.full), default=1)
        if self.header_spans:
            width = max(width, sum(self.header_spans))
        return max(width, 1)


def is_titleish(line: str) -> bool:
    s = line.strip()
    if not s or "\t" in line or len(s) > 60 or s[-1] in END_PUNCT:
        return False
    if CHAPTER.match(s) or SUBCHAPTER.match(s) or DATE_LINE.match(s) or DOC_NUMBER.search(s):
        return False
    if re.match(r"^\s*\d+\s*[.．、]", s) or (s[0] in "(（" and s[-1] in ")）"):
        return False
    return len(CJK.findall(s)) >= 4


def parse_text(text: str, specs: list[dict]) -> list[Para | Table]:
    lines = text.splitlines()
    blocks: list[Para | Table] = []
    i, n = 0, len(lines)

    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "\t" not in line:
            blocks.append(Para(line.strip()))
            i += 1
            continue
        rows: list[list[str]] = []
        full: set[int] = set()
        while i < n:
            line = lines[i]
            if "\t" in line:
                cells = line.split("\t")
                if len(rows) > 0 and cells[0].strip() and not any(c.strip() for c in cells[1:]):
                    full.add(len(rows))
                rows.append(cells)
                i += 1
                continue
            if not line.strip():
                break
            # chapter lines between table rows: a run of short lines followed by a table row
            j = i
            while j < n and lines[j].strip() and "\t" not in lines[j] and len(lines[j].strip()) <= 100:
                j += 1
            if j < n and "\t" in lines[j] and j > i:
                for k in range(i, j):
                    full.add(len(rows))
                    rows.append([lines[k].strip()])
                i = j
                continue
            break
        index = sum(isinstance(b, Table) for b in blocks)
        spec = (specs[index] if index < len(specs) else None) or {}
        merge_down = list(spec.get("merge_down_columns") or [])
        width = max((len(r) for r in rows), default=1)
        # A lone first cell is a chapter row, unless every other cell of the row is merged down
        # from the row above and the cell is no chapter heading: then it is a task row.
        covered = set(range(1, width)) <= set(merge_down)
        full = {
            r
            for r in full
            if not covered or CHAPTER.match(rows[r][0].strip()) or SUBCHAPTER.match(rows[r][0].strip())
        }
        table = Table(
            rows=rows,
            full=full,
            merge_down=merge_down,
            header_spans=spec.get("header_spans"),
        )
        if blocks and isinstance(blocks[-1], Para) and is_titleish(blocks[-1].text):
            table.caption = blocks[-1].text
            blocks[-1].kind = "title"
        blocks.append(table)
    classify(blocks)
    return blocks


def classify(blocks: list[Para | Table]) -> None:
    """Tell title, 文号, addressee, signature and heading lines from body paragraphs."""
    paras = [b for b in blocks if isinstance(b, Para)]
    # leading run of title lines (文号 lines may come first or in between)
    for p in paras:
        if DOC_NUMBER.search(p.text) and len(p.text) <= 30:
            p.kind = "docno"
        elif is_titleish(p.text) or p.kind == "title":
            p.kind = "title"
        else:
            break
    seen_heading = False
    for idx, b in enumerate(blocks):
        if isinstance(b, Table):
            seen_heading = True
            continue
        s = b.text
        if b.kind in ("title", "docno"):
            continue
        if DATE_LINE.match(s):
            b.kind = "signature"
            prev = blocks[idx - 1] if idx else None
            if (
                isinstance(prev, Para)
                and prev.kind == "body"
                and len(prev.text) <= 30
                and prev.text[-1] not in END_PUNCT
            ):
                prev.kind = "signature"
            continue
        if s.endswith((":", "：")) and len(s) <= 120 and not CHAPTER.match(s):
            b.kind = "addressee"
            continue
        if CHAPTER.match(s):
            b.kind = "chapter"
            seen_heading = True
            continue
        if SUBCHAPTER.match(s):
            b.kind = "subchapter"
            continue
        # the plan's own title after a 通知 wrapper: a title-like line before the first heading
        if not seen_heading and is_titleish(s):
            prev = blocks[idx - 1] if idx else None
            if isinstance(prev, Para) and (
                prev.kind in ("signature", "title") or re.fullmatch(r"[(（].*[)）]", prev.text)
            ):
                b.kind = "title"


def load_specs(path: Path) -> list[dict]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("tables") or [])


# ----------------------------------------------------------------------------------------------
# shared helpers


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def grid(table: Table) -> tuple[list[list[tuple[int, int, int, int, str]]], int]:
    """Cell regions of a table: per row a list of (row, col, rowspan, colspan, text)."""
    ncols = table.ncols
    regions: list[list[tuple[int, int, int, int, str]]] = []
    header = table.rows[0] if table.rows else []
    spans = table.header_spans or [1] * len(header)
    row0: list[tuple[int, int, int, int, str]] = []
    col = 0
    for k, text in enumerate(header):
        span = spans[k] if k < len(spans) else 1
        span = max(1, min(span, ncols - col))
        if col >= ncols:
            break
        row0.append((0, col, 1, span, text.strip()))
        col += span
    while col < ncols:
        row0.append((0, col, 1, 1, ""))
        col += 1
    regions.append(row0)
    # vertical merges
    rowspan: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for c in table.merge_down:
        anchor = None
        for r in range(1, len(table.rows)):
            if r in table.full:
                anchor = None
                continue
            cells = table.rows[r]
            text = cells[c].strip() if c < len(cells) else ""
            if text:
                anchor = r
            elif anchor is not None:
                rowspan[(anchor, c)] = rowspan.get((anchor, c), 1) + 1
                covered.add((r, c))
    for r in range(1, len(table.rows)):
        cells = table.rows[r]
        if r in table.full:
            regions.append([(r, 0, 1, ncols, cells[0].strip())])
            continue
        row: list[tuple[int, int, int, int, str]] = []
        for c in range(ncols):
            if (r, c) in covered:
                continue
            text = cells[c] if c < len(cells) else ""
            row.append((r, c, rowspan.get((r, c), 1), 1, text.rstrip()))
        regions.append(row)
    return regions, ncols


def natural_widths(table: Table, ncols: int) -> list[float]:
    """A rough natural width per column in CJK characters."""
    samples: list[list[int]] = [[] for _ in range(ncols)]
    for r, cells in enumerate(table.rows[1:], start=1):
        if r in table.full:
            continue
        for c in range(min(ncols, len(cells))):
            if cells[c].strip():
                samples[c].append(math.ceil(display_width(cells[c].strip()) / 2))
    widths = []
    for c in range(ncols):
        vals = sorted(samples[c])
        nat = vals[math.ceil(0.9 * (len(vals) - 1))] if vals else 2
        widths.append(float(min(max(nat, 2), 50)))
    # a header cell of its own column must fit on one or two lines
    col = 0
    spans = table.header_spans or [1] * len(table.rows[0])
    for k, text in enumerate(table.rows[0]):
        span = spans[k] if k < len(spans) else 1
        if span == 1 and col < ncols:
            widths[col] = max(widths[col], min(len(text.strip()), 6))
        col += span
    return widths


def is_wide(table: Table) -> bool:
    ncols = table.ncols
    return ncols >= 5 or (ncols >= 4 and sum(natural_widths(table, ncols)) > 90)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed member dates and fixed core-property dates."""
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(
                    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    blob,
                )
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, blob)
    return out.getvalue()


def write_if_changed(path: Path, data: bytes) -> str:
    if path.exists() and path.read_bytes() == data:
        return "unchanged"
    path.write_bytes(data)
    return "written"


# ----------------------------------------------------------------------------------------------
# .docx


def set_run_font(run, east_asian: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def set_page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def add_paragraph(doc, para: Para, size: float = 16) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    text = para.text.strip().strip("\u3000")
    if para.kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(36)
        set_run_font(p.add_run(text), TITLE_FONT, 22, bold=True)
        return
    if para.kind == "docno":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(text), BODY_FONT, size)
        return
    if para.kind == "signature":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(size * 4)
        set_run_font(p.add_run(text), BODY_FONT, size)
        return
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if para.kind == "addressee":
        set_run_font(p.add_run(text), BODY_FONT, size)
        return
    fmt.first_line_indent = Pt(size * 2)
    if para.kind == "chapter":
        head, rest = split_heading(text)
        set_run_font(p.add_run(head), HEADING_FONT, size, bold=True)
        if rest:
            set_run_font(p.add_run(rest), BODY_FONT, size)
        return
    if para.kind == "subchapter":
        head, rest = split_heading(text)
        set_run_font(p.add_run(head), SUBHEADING_FONT, size, bold=True)
        if rest:
            set_run_font(p.add_run(rest), BODY_FONT, size)
        return
    set_run_font(p.add_run(text), BODY_FONT, size)


def split_heading(text: str) -> tuple[str, str]:
    """A heading paragraph that goes on with body text: bold the first sentence only."""
    cut = text.find("。")
    if cut == -1 or cut == len(text) - 1:
        return text, ""
    return text[: cut + 1], text[cut + 1 :]


def set_cell_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")) + tbl_pr.findall(qn("w:tblLayout")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    # schema order: ... tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(borders)
        look.addprevious(layout)
    else:
        tbl_pr.append(borders)
        tbl_pr.append(layout)


def column_widths_cm(
    nat: list[float], usable_cm: float, char_cm: float = 0.39, pad_cm: float = 0.45
) -> list[float]:
    """Give every column room for up to six characters a line, share the rest by length."""
    base = [min(w, 6) * char_cm + pad_cm for w in nat]
    extra = [max(w - 6, 0) for w in nat]
    room = usable_cm - sum(base)
    if room <= 0 or not sum(extra):
        scale = usable_cm / sum(base)
        return [b * scale for b in base]
    return [b + room * e / sum(extra) for b, e in zip(base, extra, strict=True)]


def add_table(doc, table: Table, usable_cm: float) -> None:
    regions, ncols = grid(table)
    widths = column_widths_cm(natural_widths(table, ncols), usable_cm)

    t = doc.add_table(rows=len(table.rows), cols=ncols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    set_cell_borders(t)
    for c, w in enumerate(widths):
        t.columns[c].width = Cm(w)
        for cell in t.columns[c].cells:
            cell.width = Cm(w)
    # merges first, text afterwards (python-docx moves text when merging)
    for row in regions:
        for r, c, rs, cs, _ in row:
            if rs > 1 or cs > 1:
                t.cell(r, c).merge(t.cell(r + rs - 1, c + cs - 1))
    header_tr = t.rows[0]._tr
    tr_pr = header_tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in regions:
        for r, c, _rs, cs, text in row:
            cell = t.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            fmt = p.paragraph_format
            fmt.space_before = Pt(1)
            fmt.space_after = Pt(1)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if r == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_run_font(p.add_run(text), HEADING_FONT, 11, bold=True)
            elif cs == ncols and ncols > 1:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
                set_run_font(p.add_run(text), HEADING_FONT, 11, bold=True)
            else:
                short = len(text.strip()) <= 6
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if short else WD_ALIGN_PARAGRAPH.LEFT
                if text:
                    set_run_font(p.add_run(text), BODY_FONT, 10.5)


def add_spacer(doc) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(2)


def fold_section_break(doc) -> None:
    """Move the break python-docx puts in an empty paragraph into the paragraph before it.

    That is where Word keeps it, and LibreOffice drops a break held by an empty paragraph that
    is directly followed by a table. After a table the empty paragraph has to stay.
    """
    body = doc.element.body
    holder = body.findall(qn("w:p"))[-1]
    sect = holder.find(qn("w:pPr") + "/" + qn("w:sectPr"))
    prev = holder.getprevious()
    if sect is None or prev is None or prev.tag != qn("w:p") or "".join(holder.itertext()):
        return
    ppr = prev.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        prev.insert(0, ppr)
    ppr.append(sect)
    body.remove(holder)


def build_docx(blocks: list[Para | Table], title: str) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(16)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)

    # orientation per block: wide tables (and their caption) go landscape
    orient: list[bool] = []
    for k, b in enumerate(blocks):
        if isinstance(b, Table):
            orient.append(is_wide(b))
        else:
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            orient.append(isinstance(nxt, Table) and nxt.caption == b.text and is_wide(nxt))
    first = orient[0] if orient else False
    set_page(doc.sections[0], first)
    current = first
    for k, b in enumerate(blocks):
        if orient[k] != current:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            set_page(section, orient[k])
            current = orient[k]
            fold_section_break(doc)
            if isinstance(b, Table):
                add_spacer(doc)  # LibreOffice ignores a section that opens with a table
        if isinstance(b, Table):
            sec = doc.sections[-1]
            usable = (sec.page_width - sec.left_margin - sec.right_margin) / 360000  # EMU → cm
            add_table(doc, b, usable)
        else:
            add_paragraph(doc, b)

    props = doc.core_properties
    props.title = title
    props.author = "gkdesk web corpus"
    props.last_modified_by = "gkdesk web corpus"
    props.revision = 1
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


# ----------------------------------------------------------------------------------------------
# .xlsx


def build_xlsx(tables: list[Table], title: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for k, table in enumerate(tables, start=1):
        ws = wb.create_sheet(f"表{k}" if len(tables) > 1 else "Sheet1")
        regions, ncols = grid(table)
        nat = natural_widths(table, ncols)
        widths = [min(55.0, max(6.0, w * 1.3 + 4)) for w in nat]
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = round(w, 1)
        top = 1
        if table.caption:
            ws.cell(row=1, column=1, value=table.caption)
            ws.cell(row=1, column=1).font = Font(name=HEADING_FONT, size=16, bold=True)
            ws.cell(row=1, column=1).alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )
            if ncols > 1:
                ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
            ws.row_dimensions[1].height = 32
            top = 3
        lines_per_row: dict[int, int] = {}
        for row in regions:
            for r, c, rs, cs, text in row:
                xr, xc = top + r, 1 + c
                value = int(text.strip()) if re.fullmatch(r"\d{1,4}", text.strip()) else (text or None)
                cell = ws.cell(row=xr, column=xc, value=value)
                header = r == 0
                chapter = cs == ncols and ncols > 1 and r > 0
                short = len(text.strip()) <= 6
                cell.font = Font(
                    name=HEADING_FONT if header or chapter else BODY_FONT, size=11, bold=header or chapter
                )
                cell.alignment = Alignment(
                    horizontal="center" if header or (short and not chapter) else "left",
                    vertical="center",
                    wrap_text=True,
                )
                if rs > 1 or cs > 1:
                    ws.merge_cells(start_row=xr, start_column=xc, end_row=xr + rs - 1, end_column=xc + cs - 1)
                width_units = sum(widths[c : c + cs])
                lines = max(1, math.ceil(display_width(text.strip()) / max(1.0, width_units - 1)))
                # a cell merged down shares its lines over its rows
                per_row = math.ceil(lines / rs)
                for rr in range(r, r + rs):
                    lines_per_row[rr] = max(lines_per_row.get(rr, 1), per_row)
        for r in range(len(table.rows)):
            ws.row_dimensions[top + r].height = round(15.0 * lines_per_row.get(r, 1) + 4, 1)
            for c in range(ncols):
                ws.cell(row=top + r, column=1 + c).border = border
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{top}:{top}"
    wb.properties.title = title
    wb.properties.creator = "gkdesk web corpus"
    wb.properties.lastModifiedBy = "gkdesk web corpus"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


# ----------------------------------------------------------------------------------------------


def build(txt: Path) -> list[str]:
    name = txt.stem
    text = txt.read_text(encoding="utf-8-sig")
    blocks = parse_text(text, load_specs(txt.with_name(f"{name}.build.json")))
    titles = [b.text for b in blocks if isinstance(b, Para) and b.kind == "title"]
    title = titles[-1] if titles else name
    report = [f"{name}.docx {write_if_changed(txt.with_suffix('.docx'), build_docx(blocks, title))}"]
    tables = [b for b in blocks if isinstance(b, Table)]
    if tables:
        report.append(f"{name}.xlsx {write_if_changed(txt.with_suffix('.xlsx'), build_xlsx(tables, title))}")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="document names (default: every .txt in the corpus)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument(
        "--pdf",
        action="store_true",
        help="also save each .docx as .pdf with LibreOffice (when the .pdf is missing or older)",
    )
    args = ap.parse_args(argv)
    if args.names:
        paths = [args.corpus / (n[:-4] if n.endswith(".txt") else n) for n in args.names]
        paths = [p.with_name(p.name + ".txt") for p in paths]
    else:
        paths = sorted(args.corpus.glob("*.txt"))
    status = 0
    for path in paths:
        if not path.exists():
            print(f"{path.name}: no such file", file=sys.stderr)
            status = 1
            continue
        try:
            for line in build(path):
                print(line)
        except Exception as exc:  # keep going: one bad file should not stop the others
            print(f"{path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
    if args.pdf:
        status |= _pdfs([p.with_suffix(".docx") for p in paths if p.with_suffix(".docx").exists()])
    return status


def _pdfs(docs: list[Path]) -> int:
    """Print the Word copies to PDF as an office would (LibreOffice's export, like the shared corpus).

    A PDF is rewritten only when its .docx is newer: LibreOffice stamps the creation time, so
    re-exporting would change every file on every run.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("--pdf needs LibreOffice (soffice) on PATH", file=sys.stderr)
        return 1
    stale = [
        d
        for d in docs
        if not d.with_suffix(".pdf").exists() or d.with_suffix(".pdf").stat().st_mtime < d.stat().st_mtime
    ]
    if not stale:
        return 0
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", out, *map(str, stale)],
            check=True,
            capture_output=True,
        )
        for doc in stale:
            shutil.move(str(Path(out) / (doc.stem + ".pdf")), doc.with_suffix(".pdf"))
            print(f"{doc.stem}.pdf written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
