"""Row blocks of one table → a rectangular grid: captions, header per column, body rows.

Readers that know the grid (.docx, .xlsx, .pdf) say which cells are covered by merged cells; a
plain-text copy does not, and its header row is often shorter than the body rows because a header
cell spanned two columns (具体要求 over the 序号 and the text). Such a header is laid over the
columns by what the cells below hold. Single-cell rows above the header are the table's caption
(often the plan's title).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gkdesk.parsing.columns import (
    HEADER_JOIN,
    Family,
    column_profile,
    content_family,
    header_family,
    looks_like_header,
)
from gkdesk.records import Block


@dataclass(frozen=True, slots=True)
class GridRow:
    cells: tuple[str, ...]
    up: tuple[bool, ...]  # covered by a cell merged down from above (known from the reader)
    own: tuple[bool, ...]  # a cell of its own, not covered by any merged cell

    def filled(self) -> list[int]:
        return [i for i, (t, o) in enumerate(zip(self.cells, self.own, strict=True)) if o and t.strip()]


@dataclass(frozen=True, slots=True)
class Grid:
    table: int
    captions: tuple[str, ...]
    headers: tuple[str, ...]  # one per column, "" when the table has no header
    spanned: tuple[bool, ...]  # the header cell over this column covers other columns too
    rows: tuple[GridRow, ...]
    known: bool  # the reader knew the merged cells
    header_rows: tuple[tuple[str, ...], ...] = ()  # the header's rows as printed

    def repeats_header(self, row: GridRow) -> bool:
        """A header row printed again (on a new page, or a repeated title row of the table)."""
        if not self.header_rows:
            return False
        key = tuple(_squash(c) for c in row.cells)
        return any(key == tuple(_squash(c) for c in h) for h in self.header_rows) or (
            bool(any(self.headers)) and row.cells == self.headers
        )

    @property
    def width(self) -> int:
        return len(self.headers)


_HEADER_SCAN = 4  # a header sits in the first few rows of a table


def _row(block: Block, width: int) -> GridRow:
    cells = list(block.cells[:width]) + [""] * max(0, width - len(block.cells))
    flags = list(block.merged[:width]) + [""] * max(0, width - len(block.merged)) if block.merged else []
    texts = {c.strip() for c in cells if c.strip()}
    if len(texts) == 1 and sum(bool(c.strip()) for c in cells) >= 2 and len(cells) >= 3:
        # A merged row some readers repeat in every cell: one cell spanning the row.
        first = next(i for i, c in enumerate(cells) if c.strip())
        text = cells[first]
        cells = [""] * width
        cells[first] = text
        flags = ["" if i <= first else "left" for i in range(width)]
    if not flags:
        return GridRow(tuple(cells), (False,) * width, (True,) * width)
    return GridRow(tuple(cells), tuple(f == "up" for f in flags), tuple(not f for f in flags))


def _width(blocks: Sequence[Block], known: bool) -> int:
    if known:
        return max(len(b.cells) for b in blocks)
    lengths = Counter(len(b.cells) for b in blocks if sum(bool(c.strip()) for c in b.cells) >= 2)
    if not lengths:
        return max(len(b.cells) for b in blocks)
    top = max(lengths.values())
    return max(n for n, k in lengths.items() if k == top)


def _covering_text(rows: Sequence[GridRow], r: int, c: int) -> str:
    """The text of the cell that covers (r, c): itself, or the merged cell to its left / above."""
    while r >= 0:
        row = rows[r]
        k = c
        while k > 0 and not row.own[k] and not row.up[k]:
            k -= 1  # covered from the left
        if not row.up[k]:
            return row.cells[k]
        r -= 1
    return ""


def _span_flags(rows: Sequence[GridRow], width: int) -> list[bool]:
    spanned = [False] * width
    for row in rows:
        for c in range(1, width):
            if not row.own[c] and not row.up[c]:
                spanned[c] = spanned[c - 1] = True
    return spanned


def _compat(head: Family | None, content: Family | None, first: bool) -> float:
    if head is None or content is None:
        return 0.0
    if head == "label":
        return 2.0 if content == "label" else -1.0
    if head in ("lead", "co", "resp"):
        return 2.0 if content == "resp" else -2.0 if content in ("text", "label") else -0.5
    if head == "deadline":
        return 2.0 if content == "deadline" else -1.0 if content == "text" else 0.0
    if head in ("text", "item", "category", "name"):
        if content == "label":
            return 0.5 if first else 0.0  # 具体要求 spans its own 序号 and text
        return 1.0 if content in ("text", "category") else -1.0
    return 0.0


def _align(
    header: Sequence[str], families: Sequence[Family | None], under: Sequence[str] = ()
) -> tuple[list[str], list[bool]] | None:
    """Lay ``header`` over the columns whose cells match it best.

    A header cell may span several columns (具体要求 over 序号 and text); a plain copy also drops
    the empty cells that end every row, so trailing header cells (备注 over an empty column) may
    have no column left. Laying the cells one to one wins a tie. ``under`` is the header's second
    row when it has one, laid one to one: a cell spanning columns has words under each of them,
    which pins the wide cells of a header with many columns.

    The best cuts come from a dynamic programme over (header cell, first column); among equally
    good cuts the earliest win, so the result does not depend on the table's width.
    """
    m, n = len(header), len(families)
    if m == 0 or n == 0 or n > 60 or m > n + 3:
        return None
    heads = [header_family(h) for h in header]
    # Columns empty in the body may sit under any cell (a copy pads its rows with empty cells).
    sub = [bool(t.strip()) for t in under] + [False] * (n - len(under)) if under else []
    sub = [has or families[c] is None for c, has in enumerate(sub)]
    gain = [[_compat(heads[h], families[c], False) for c in range(n)] for h in range(m)]
    first_gain = [[_compat(heads[h], families[c], True) for c in range(n)] for h in range(m)]
    prefix = [[0.0] * (n + 1) for _ in range(m)]
    for h in range(m):
        for c in range(n):
            prefix[h][c + 1] = prefix[h][c] + gain[h][c]

    def segment(h: int, a: int, b: int) -> float | None:
        if sub and b - a > 1 and not all(sub[a:b]):
            return None  # a spanning cell without words under every column it covers
        value = first_gain[h][a] + prefix[h][b] - prefix[h][a + 1]
        if sub and b - a == 1 and sub[a]:
            value -= 1.0  # words under a cell of one column: it more likely spans its neighbours
        return value

    best: tuple[float, int, list[int]] | None = None
    for used in range(min(m, n), 0, -1):
        # tail[h][c]: best score laying header cells h..used-1 over columns c..n-1.
        neg = float("-inf")
        tail = [[neg] * (n + 1) for _ in range(used + 1)]
        tail[used][n] = 0.0
        for h in range(used - 1, -1, -1):
            for a in range(n - (used - h) + 1):
                top = neg
                for b in range(a + 1, n - (used - h - 1) + 1):
                    value = segment(h, a, b)
                    if value is not None and tail[h + 1][b] != neg:
                        top = max(top, value + tail[h + 1][b])
                tail[h][a] = top
        if tail[0][0] == neg:
            continue
        score = tail[0][0] - 3.0 * (m - used)  # only a clearly better fit drops a header cell
        if best is not None and score <= best[0]:
            continue
        bounds, a = [0], 0
        for h in range(used):
            for b in range(a + 1, n + 1):
                value = segment(h, a, b)
                if value is not None and tail[h + 1][b] != neg and value + tail[h + 1][b] == tail[h][a]:
                    break
            bounds.append(b)
            a = b
        best = (score, used, bounds)
    if best is None:
        return None
    _, used, bounds = best
    texts: list[str] = []
    spanned: list[bool] = []
    for h in range(used):
        size = bounds[h + 1] - bounds[h]
        texts += [header[h]] * size
        spanned += [size > 1] * size
    return texts, spanned


def _positional(cells: list[str], width: int) -> bool:
    """A header row that keeps its empty cells (a blank before a word) lies as printed."""
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return len(cells) > width or (len(cells) <= width and not all(c.strip() for c in cells))


def _squash(text: str) -> str:
    return "".join(text.split())


def _sub_header(row: GridRow) -> bool:
    """The second row of a header: short words (全社会 | 特定群体 | 主动 | 依申请) under cells of the
    first row that span them, nothing in the first column."""
    filled = row.filled()
    if len(filled) < 2 or 0 in filled:
        return False
    texts = [row.cells[c].strip() for c in filled]
    return all(len(t) <= 8 and not any(ch.isdigit() or ch in "。，,；;：:" for ch in t) for t in texts)


def _is_single(row: GridRow) -> bool:
    return len(row.filled()) == 1 and not any(row.up)


def build_grid(blocks: Sequence[Block]) -> Grid:
    """The grid of one table's row blocks (all with the same ``table`` index, in order)."""
    known = all(b.merged for b in blocks)
    width = _width(blocks, known)
    rows = [_row(b, width) for b in blocks]

    start = 0
    captions: list[str] = []
    while start < len(rows) and _is_single(rows[start]) and start < _HEADER_SCAN:
        nxt = rows[start]
        if looks_like_header(nxt.cells):
            break
        captions.append(nxt.cells[nxt.filled()[0]].strip())
        start += 1
    header_rows: list[GridRow] = []
    raw_headers: list[Block] = []
    k = start
    while (
        k < len(rows)
        and len(header_rows) < 3
        and (looks_like_header(blocks[k].cells) or (header_rows and _sub_header(rows[k])))
    ):
        header_rows.append(rows[k])
        raw_headers.append(blocks[k])
        k += 1
    if not header_rows:
        captions, k = [], 0  # no header: single rows on top are chapters, not captions
    body = rows[k:]

    headers = [""] * width
    spanned = [False] * width
    if header_rows and known:
        for c in range(width):
            parts: list[str] = []
            for r in range(len(header_rows)):
                text = _covering_text(header_rows, r, c).strip()
                if text and text not in parts:
                    parts.append(text)
            headers[c] = HEADER_JOIN.join(parts)
        spanned = _span_flags(header_rows, width)
    elif header_rows:
        families = _body_families(body, width)
        layers: list[list[str]] = []
        for i, block in enumerate(raw_headers):
            cells = [c for c in block.cells]
            while cells and not cells[-1].strip():
                cells.pop()
            if _positional(cells, width):
                layers.append([c.strip() for c in cells[:width]] + [""] * (width - len(cells)))
                continue
            below = raw_headers[i + 1].cells if i + 1 < len(raw_headers) else ()
            under = [c.strip() for c in below[:width]] if _positional(list(below), width) else []
            aligned = _align([c.strip() for c in cells if c.strip()], families, under)
            if aligned is None:
                layers.append([c.strip() for c in cells] + [""] * (width - len(cells)))
                continue
            layers.append(aligned[0])
            spanned = [a or b for a, b in zip(spanned, aligned[1], strict=True)]
        for c in range(width):
            parts = []
            for layer in layers:
                if layer[c] and layer[c] not in parts:
                    parts.append(layer[c])
            headers[c] = HEADER_JOIN.join(parts)
    table = blocks[0].table if blocks else 0
    printed = tuple(r.cells for r in header_rows)
    return Grid(table, tuple(captions), tuple(headers), tuple(spanned), tuple(body), known, printed)


def _body_families(rows: Sequence[GridRow], width: int) -> list[Family | None]:
    sample = [r for r in rows if len(r.filled()) >= 2][:60]
    out: list[Family | None] = []
    for c in range(width):
        cells = [r.cells[c] for r in sample]
        out.append(content_family(column_profile(cells, [False] * len(cells))))
    return out
