"""Blocks → ``ParsedPlan``: clean the text, find the title and year, pick the layout, read tasks.

Layouts: a 任务分工 table (found by its header row) gives the tasks when there is one; otherwise
numbered paragraphs; otherwise news-style text. Body paragraphs in front of a task table make
the layout "mixed".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gkdesk.errors import BadFileError, NoTasksError, UserError
from gkdesk.importers.limits import DEFAULT_LIMITS
from gkdesk.parsing.clean import clean_text, is_furniture
from gkdesk.parsing.columns import HEADER_JOIN, ColumnRole, header_key, position_key, position_of
from gkdesk.parsing.deadlines import deadline_date
from gkdesk.parsing.drafts import TaskDraft
from gkdesk.parsing.first_listed import first_listed_leads, strip_rule
from gkdesk.parsing.front import find_title, find_year, is_addressee, is_date_line
from gkdesk.parsing.labels import match_label
from gkdesk.parsing.news import news_tasks
from gkdesk.parsing.outline import Para, count_numbered, outline_tasks
from gkdesk.parsing.table import TableRead, table_reads
from gkdesk.records import Block, Layout, ParsedPlan, ParsedTask, ParseWarning, TableColumn

_LEADING = 40  # the title and its wrapper sit in the first few dozen paragraphs


def _clean(blocks: Sequence[Block]) -> tuple[list[Block], bool]:
    """Cleaned blocks, and whether the document says the first-listed unit leads."""
    out: list[Block] = []
    first_leads = False
    for b in blocks:
        if b.kind == "row":
            cells: list[str] = []
            for c in b.cells:
                text, found = strip_rule(clean_text(c).strip())
                first_leads |= found
                cells.append(text.strip())
            if any(cells):
                out.append(Block("row", "\t".join(cells), tuple(cells), table=b.table, merged=b.merged))
            continue
        for line in clean_text(b.text).split("\n"):
            text, found = strip_rule(line)
            first_leads |= found
            text = text.strip()
            if text and not is_furniture(text):
                out.append(Block("para", text, style=b.style, heading_level=b.heading_level, bold=b.bold))
    return out, first_leads


def parse_blocks(
    blocks: Sequence[Block],
    source: str = "",
    columns: Mapping[str, ColumnRole] | None = None,
    remembered: Mapping[str, ColumnRole] | None = None,
) -> ParsedPlan:
    """Read a plan from a document's blocks; raises ``NoTasksError`` when no task is found.

    ``columns`` maps table headers to the roles the user chose (see ``parsing.columns``); a
    header it names that no table has is a ``UserError``. ``remembered`` holds choices from
    earlier imports: applied where a table has that header and stays readable with it.
    """
    name = source or "该文件"
    clean, first_leads = _clean(blocks)
    if not clean:
        raise NoTasksError(f"{name} 是空文档，没有可导入的内容。", file=source)
    reads = table_reads(clean, columns, remembered) if any(b.kind == "row" for b in clean) else []
    if columns:
        _check_columns(columns, reads, name, source)
    clean = _captions_as_paragraphs(clean, reads)
    paras = [b for b in clean if b.kind == "para"]

    leading: list[str] = []
    where: list[int] = []  # index in ``clean`` of each leading line
    wrapper = _wrapper_body(clean)
    at_body = False  # the leading lines stop at the first item or table
    for k, b in enumerate(clean[: _LEADING + len(wrapper)]):
        if k in wrapper:
            continue
        if b.kind == "row" or match_label(b.text) or (b.heading_level and leading):
            at_body = True
            break
        leading.append(b.text)
        where.append(k)
    title, title_at = find_title(leading, at_body)
    title_end = where[title_at] if title_at >= 0 else (wrapper[-1] if wrapper else -1)
    title_end = max(title_end, wrapper[-1]) if wrapper else title_end
    if not title and reads:
        title = _table_caption(clean)
    year = find_year(title, [p.text for p in paras], leading[: max(title_at, 0)])

    drafts: list[TaskDraft] = [d for r in reads for d in r.drafts]
    body = [Para(p.text, p.heading_level) for p in paras[title_end + 1 :]]
    layout: Layout
    if drafts:
        layout = "mixed" if count_numbered(body) >= 2 or len(body) >= 4 else "table"
    else:
        layout = "paragraphs"
        if count_numbered(body) >= 2:
            drafts = outline_tasks(body)
        if not drafts:
            drafts = news_tasks([p.text for p in body])
    if first_leads:
        first_listed_leads(drafts)
    if not drafts:
        raise NoTasksError(
            f"{name} 中没有找到编号的工作任务，请确认这是一份工作要点或任务分工表。", file=source
        )
    # Checked on the drafts, before tasks, warnings and source text are built for each of them.
    if len(drafts) > DEFAULT_LIMITS.max_tasks:
        raise BadFileError(
            f"文件 {name} 中找到 {len(drafts)} 项任务，超过每份计划 {DEFAULT_LIMITS.max_tasks} 项的上限，"
            "不像是一份工作要点。请只保留工作要点的内容，或分成几份分别导入。",
            file=source,
            code="too_many_tasks",
            limit="max_tasks",
            count=len(drafts),
        )

    tasks = tuple(
        ParsedTask(
            seq=i,
            label=d.label,
            section=d.section,
            title=d.title,
            lead=d.units.lead,
            co=d.units.co,
            deadline=d.deadline,
            text=d.text,
            deadline_date=(dd.isoformat() if (dd := deadline_date(d.deadline, year)) else None),
        )
        for i, d in enumerate(drafts, start=1)
    )
    source_text = "\n".join(b.text for b in clean)
    table_columns = tuple(
        # A column without a header is named by its position, which --columns also accepts.
        TableColumn(r.grid.table, i, c.header or position_key(i), c.role, c.sure)
        for r in reads
        if r.drafts
        for i, c in enumerate(r.plan.columns)
    )
    warnings = tuple(_warnings(drafts))
    return ParsedPlan(title, year, layout, tasks, source, warnings, source_text, table_columns)


def _check_columns(columns: Mapping[str, ColumnRole], reads: list[TableRead], name: str, source: str) -> None:
    present = {header_key(h) for r in reads for h in r.grid.headers}
    present |= {header_key(part) for r in reads for h in r.grid.headers for part in h.split(HEADER_JOIN)}
    widest = max((r.grid.width for r in reads), default=0)
    missing = [
        h
        for h in columns
        if header_key(h) not in present and not ((n := position_of(h)) is not None and n < widest)
    ]
    if missing:
        raise UserError(
            f"{name} 的表格中没有名为“{'、'.join(missing)}”的列，请检查 --columns 中的列名。",
            code="unknown_column",
            file=source,
        )


def _captions_as_paragraphs(clean: list[Block], reads: list[TableRead]) -> list[Block]:
    """Single-cell rows above a table's header (its caption, often the plan's title) as paragraphs."""
    captions = {r.grid.table: list(r.grid.captions) for r in reads if r.grid.captions}
    if not captions:
        return clean
    out: list[Block] = []
    for b in clean:
        pending = captions.get(b.table) if b.kind == "row" else None
        if pending and len([c for c in b.cells if c]) == 1 and next(c for c in b.cells if c) == pending[0]:
            out.append(Block("para", pending.pop(0)))
            continue
        out.append(b)
    return out


def _wrapper_body(clean: list[Block]) -> range:
    """The paragraphs of a 通知 wrapper between its addressees and its date, when its own numbered
    points ("一、各单位要高度重视…") come before the plan; empty when there is no such wrapper."""
    head = clean[:_LEADING]
    for i, b in enumerate(head):
        if b.kind == "row":
            return range(0)
        if not is_addressee(b.text):
            continue
        for j in range(i + 1, min(len(head), i + 16)):
            if head[j].kind == "row":
                return range(0)
            if is_date_line(head[j].text):
                inside = sum(1 for x in head[i + 1 : j] if match_label(x.text))
                after = clean[j + 1 :]
                numbered = sum(1 for x in after if x.kind == "para" and match_label(x.text))
                if inside and (numbered >= 2 or any(x.kind == "row" for x in after)):
                    return range(i + 1, j + 1)
                return range(0)
        return range(0)
    return range(0)


def _table_caption(clean: list[Block]) -> str:
    """The paragraph just above the first table row (the table's own caption)."""
    last = ""
    for b in clean:
        if b.kind == "row":
            return last
        if not b.text.startswith(("附件", "附表")) and not match_label(b.text):
            last = b.text
    return last


def _warnings(drafts: list[TaskDraft]) -> list[ParseWarning]:
    out: list[ParseWarning] = []
    last: dict[str, int] = {}
    for seq, d in enumerate(drafts, start=1):
        if d.units.empty:
            out.append(
                ParseWarning(seq, "no_units", f"第{seq}项任务“{d.title[:20]}”没有找到牵头或配合单位。")
            )
        if d.value and d.sibling_key:
            prev = last.get(d.sibling_key)
            if prev is not None and d.value not in (prev + 1, 1):
                out.append(
                    ParseWarning(
                        seq,
                        "numbering_gap",
                        f"编号不连续：{d.label} 前面一项的编号是 {prev}，中间可能漏了任务。",
                    )
                )
            last[d.sibling_key] = d.value
    return out
