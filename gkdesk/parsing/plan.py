"""Blocks → ``ParsedPlan``: clean the text, find the title and year, pick the layout, read tasks.

Layouts: a 任务分工 table (found by its header row) gives the tasks when there is one; otherwise
numbered paragraphs; otherwise news-style text. Body paragraphs in front of a task table make
the layout "mixed".
"""

from __future__ import annotations

from collections.abc import Sequence

from gkdesk.errors import NoTasksError
from gkdesk.parsing.clean import clean_text, is_furniture
from gkdesk.parsing.deadlines import deadline_date
from gkdesk.parsing.drafts import TaskDraft
from gkdesk.parsing.front import find_title, find_year
from gkdesk.parsing.labels import match_label
from gkdesk.parsing.news import news_tasks
from gkdesk.parsing.outline import Para, count_numbered, outline_tasks
from gkdesk.parsing.table import header_columns, table_tasks
from gkdesk.records import Block, Layout, ParsedPlan, ParsedTask, ParseWarning

_LEADING = 40  # the title and its wrapper sit in the first few dozen paragraphs


def _clean(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if b.kind == "row":
            cells = tuple(clean_text(c).strip() for c in b.cells)
            if any(cells):
                out.append(Block("row", "\t".join(cells), cells, table=b.table))
            continue
        for line in clean_text(b.text).split("\n"):
            text = line.strip()
            if text and not is_furniture(text):
                out.append(Block("para", text, style=b.style, heading_level=b.heading_level, bold=b.bold))
    return out


def parse_blocks(blocks: Sequence[Block], source: str = "") -> ParsedPlan:
    """Read a plan from a document's blocks; raises ``NoTasksError`` when no task is found."""
    name = source or "该文件"
    clean = _clean(blocks)
    paras = [b for b in clean if b.kind == "para"]
    rows = [(b.table, b.cells) for b in clean if b.kind == "row"]
    if not clean:
        raise NoTasksError(f"{name} 是空文档，没有可导入的内容。", file=source)

    leading: list[str] = []
    for b in clean[:_LEADING]:
        if b.kind == "row" or match_label(b.text) or (b.heading_level and leading):
            break
        leading.append(b.text)
    title, title_end = find_title(leading)
    if not title and rows:
        title = _table_caption(clean)
    year = find_year(title, [p.text for p in paras])

    has_table = any(header_columns(cells) is not None for _, cells in rows)
    drafts: list[TaskDraft] = table_tasks(rows) if has_table else []
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
    if not drafts:
        raise NoTasksError(
            f"{name} 中没有找到编号的工作任务，请确认这是一份工作要点或任务分工表。", file=source
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
    return ParsedPlan(title, year, layout, tasks, source, tuple(_warnings(drafts)), source_text)


def _table_caption(clean: list[Block]) -> str:
    """The paragraph just above the first table row (the table's own caption)."""
    last = ""
    for b in clean:
        if b.kind == "row":
            return last
        if not b.text.startswith(("附件", "附表")):
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
