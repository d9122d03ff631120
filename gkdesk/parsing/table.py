"""Table layout (任务分工表): each table's columns get roles (see ``columns``), then one task per row.

- A row with a single cell of its own (a chapter row merged across, or a heading in the first
  column) is a section heading; a short category column beside the task column adds to it.
- A cell merged down applies to every row it covers. A plain-text copy shows those rows blank:
  there a blank category or lead cell takes the one above, and the co and deadline cells follow
  the lead cell (blank under a blank lead, their own value otherwise).
- The label is the 序号 cell, or the number that opens the task cell; unnumbered rows have "".
- A table without a header that follows one with a header of the same width continues it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from gkdesk.parsing.columns import ColumnPlan, ColumnRole, guess_columns
from gkdesk.parsing.drafts import TaskDraft
from gkdesk.parsing.grid import Grid, GridRow, build_grid
from gkdesk.parsing.labels import Label, match_label
from gkdesk.parsing.notes import find_notes, units_from_cells
from gkdesk.parsing.sentences import first_sentence, trim_end
from gkdesk.records import Block, NoteUnits

_SAMPLE = 32  # rows looked at to decide the columns' roles
_FOOTNOTE = re.compile(r"^(注|备注|说明|附注)\s*[:：]")
_TASK_LABEL_KINDS = ("num", "pnum", "rnum", "circ", "cn", "pcn")
_HEADING_KINDS = ("chapter", "cn", "pcn")
_CN_NUMBER = re.compile(r"^(?:第?[一二三四五六七八九十百]+[、．.]?|[(（][一二三四五六七八九十]+[)）])$")


@dataclass(frozen=True, slots=True)
class TableRead:
    """One table as read: its grid, the roles of its columns and the tasks it gave."""

    grid: Grid
    plan: ColumnPlan
    drafts: tuple[TaskDraft, ...]


def group_tables(blocks: Sequence[Block]) -> list[list[Block]]:
    """Row blocks grouped by table, in document order."""
    groups: list[list[Block]] = []
    current = -2
    for b in blocks:
        if b.kind != "row":
            continue
        if b.table != current or not groups:
            groups.append([])
            current = b.table
        groups[-1].append(b)
    return groups


def _chapter(row: GridRow, plan: ColumnPlan) -> str | None:
    """The heading text when ``row`` is a chapter row, else None."""
    filled = row.filled()
    if any(row.up):
        return None
    if len(filled) == 2:
        return _numbered_chapter(row, plan, filled)
    if len(filled) != 1:
        return None
    c = filled[0]
    text = row.cells[c].strip()
    across = c + 1 < len(row.own) and not row.own[c + 1] and not row.up[c + 1]
    label = match_label(text)
    heading_like = "。" not in text[:-1] and len(text) <= 60
    role = plan.columns[c].role if c < len(plan.columns) else "ignore"
    if role == "task":
        if label is not None and label.kind in _HEADING_KINDS and heading_like and len(text) <= 40:
            return text
        return None
    headed = (label is not None and label.kind in _HEADING_KINDS) or heading_like or across
    if (across or c == 0 or role in ("section", "label")) and headed:
        return text
    return None


def _numbered_chapter(row: GridRow, plan: ColumnPlan, filled: list[int]) -> str | None:
    """A chapter row whose number sits in the 序号 column: "一 | 推进决策公开 | | "."""
    roles = [plan.columns[c].role if c < len(plan.columns) else "ignore" for c in filled]
    if roles[0] != "label" or roles[1] not in ("task", "section"):
        return None
    number, text = row.cells[filled[0]].strip(), row.cells[filled[1]].strip()
    if not _CN_NUMBER.match(number) or "。" in text[:-1] or len(text) > 40:
        return None
    return with_number(number, text)


def with_number(number: str, text: str) -> str:
    """A heading's number and text as one heading: 一 + 推进公开 → 一、推进公开."""
    if number[-1:] in "、.．)）" or not number:
        return number + text
    return f"{number}、{text}" if _CN_NUMBER.match(number) else f"{number} {text}"


def _body_rows(grid: Grid, plan: ColumnPlan | None) -> list[GridRow]:
    """Rows that can hold tasks: not chapter rows, not repeated headers."""
    probe = plan or ColumnPlan(())
    out = []
    for row in grid.rows:
        if grid.repeats_header(row):
            continue
        if plan is None:
            if len(row.filled()) >= 2 or any(row.up):
                out.append(row)
        elif _chapter(row, probe) is None:
            out.append(row)
    return out


def plan_columns(
    grid: Grid,
    overrides: Mapping[str, ColumnRole] | None = None,
    previous: TableRead | None = None,
    remembered: Mapping[str, ColumnRole] | None = None,
) -> ColumnPlan:
    """The column roles of ``grid``; a headerless table of the same width continues ``previous``.

    ``overrides`` are the user's choices for this document; ``remembered`` the choices made on
    earlier imports, used only while they leave the table readable.
    """
    headerless = not any(grid.headers)
    if headerless and previous is not None and previous.grid.width == grid.width and previous.plan.usable:
        return previous.plan
    body = _body_rows(grid, None)
    if len(body) > _SAMPLE:
        # What a column holds shows in a few dozen rows; spread them over the whole table.
        step = len(body) / _SAMPLE
        body = [body[int(i * step)] for i in range(_SAMPLE)]
    merged = [
        [u or (not grid.known and not t.strip()) for t, u in zip(r.cells, r.up, strict=True)] for r in body
    ]
    cells = [r.cells for r in body]
    if remembered:
        chosen = {**remembered, **(overrides or {})}
        plan = guess_columns(grid.headers, cells, merged, chosen, grid.spanned)
        if plan.usable:
            return plan
    return guess_columns(grid.headers, cells, merged, overrides, grid.spanned)


@dataclass(slots=True)
class _State:
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (label kind, heading)
    above: dict[int, str] = field(default_factory=dict)  # last value of each column, for merges

    def push(self, text: str) -> None:
        label = match_label(text)
        kind = label.kind if label else "plain"
        kinds = [k for k, _ in self.chapters]
        if kind in kinds:
            del self.chapters[kinds.index(kind) :]
        self.chapters.append((kind, trim_end(first_sentence(text))))
        self.above.clear()  # a merged cell never runs through a chapter row

    @property
    def path(self) -> list[str]:
        return [h for _, h in self.chapters]


def read_table(grid: Grid, plan: ColumnPlan, state: _State | None = None) -> list[TaskDraft]:
    """The tasks of one table whose columns have roles."""
    state = state or _State()
    roles = plan.roles
    if "task" not in roles:
        return []
    drafts: list[TaskDraft] = []
    spans = _label_spans(grid, roles)
    lab = roles.index("label") if "label" in roles else -1
    rows_label = {r: grid.rows[r].cells[lab].strip() for r in set(spans.values())}
    for r, row in enumerate(grid.rows):
        if grid.repeats_header(row):
            continue
        chapter = _chapter(row, plan)
        if chapter is not None:
            if not _FOOTNOTE.match(chapter):
                state.push(chapter)
            continue
        values = _resolve(row, roles, grid.known, state)
        shared = rows_label.get(spans[r], "") if r in spans else None
        draft = _row_task(values, roles, state, shared)
        if draft is None:
            units = _units(values, roles)
            if drafts and not units.empty and not values[roles.index("task")]:
                # A blank task cell under a task (a merged task cell in a plain copy): more units.
                drafts[-1].units = drafts[-1].units.merged(units)
            continue
        drafts.append(draft)
    return drafts


def _label_spans(grid: Grid, roles: Sequence[ColumnRole]) -> dict[int, int]:
    """Rows whose 序号 cell covers several task rows (merged down), with the row index of the
    number each one shares."""
    if "label" not in roles:
        return {}
    lab = roles.index("label")
    # In a plain copy a merged 序号 shows as a blank under a number, beside other merged (blank)
    # cells: the category, or the units.
    # Of two category columns (一级 | 二级) the outer one merges with the 序号.
    merged_with = [c for c, r in enumerate(roles) if r == "section"][:1] or [
        c for c, r in enumerate(roles) if r in ("lead", "co")
    ]
    task = roles.index("task")
    rows = grid.rows
    out: dict[int, int] = {}
    start: int | None = None
    for r, row in enumerate(rows):
        if row.up[lab] or (
            not grid.known
            and merged_with
            and start is not None
            and not row.cells[lab].strip()
            and all(not row.cells[c].strip() for c in merged_with)
            and row.cells[task].strip()
        ):
            if start is not None:
                out[start] = out[r] = start
            continue
        start = r if row.cells[lab].strip() else None
    return out


def _resolve(row: GridRow, roles: Sequence[ColumnRole], known: bool, state: _State) -> list[str]:
    """The row's cell values with merged cells filled in from above."""
    values = [c.strip() for c in row.cells]
    lead_cols = [c for c, r in enumerate(roles) if r == "lead"]
    lead_blank = bool(lead_cols) and all(not values[c] for c in lead_cols)
    for c, role in enumerate(roles):
        if row.up[c] or (
            not known
            and not values[c]
            and (role in ("section", "lead") or (role in ("co", "deadline") and lead_blank))
        ):
            values[c] = state.above.get(c, "")
        if role == "task" and not values[c]:
            continue
        state.above[c] = values[c]
    return values


def _units(values: Sequence[str], roles: Sequence[ColumnRole]) -> NoteUnits:
    lead = "、".join(values[c] for c, r in enumerate(roles) if r == "lead" and values[c])
    co = "、".join(values[c] for c, r in enumerate(roles) if r == "co" and values[c])
    return _cell_units(lead, co) if lead or co else NoteUnits()


@lru_cache(maxsize=2048)
def _cell_units(lead: str, co: str) -> NoteUnits:
    # A merged unit cell repeats over many rows: read it once.
    return units_from_cells(lead or None, co or None)


def _lists(label: Label) -> bool:
    """Whether a cell opening with "1." goes on with "2." — a list inside the task, not its label."""
    after = str(label.value + 1)
    text = label.rest
    if label.kind == "pnum":
        return re.search(rf"[(（]{after}[)）]", text) is not None
    if label.kind == "circ":
        return len(label.text) == 1 and chr(ord(label.text) + 1) in text
    sep = label.text.strip()[-1:]
    return re.search(rf"(?<!\d){after}\s*{re.escape(sep)}", text) is not None if sep else False


def _row_task(
    values: Sequence[str], roles: Sequence[ColumnRole], state: _State, shared: str | None = None
) -> TaskDraft | None:
    """One task row. ``shared`` is the 序号 of a cell merged over this and other rows: it numbers
    each of them, unless their cells carry numbers of their own ("1.…" "2.…"); then it numbers
    their category and goes into the section."""
    task = values[roles.index("task")]
    if not task:
        return None
    label = match_label(task)
    own_number = (
        label is not None and label.kind in _TASK_LABEL_KINDS and bool(label.rest) and not _lists(label)
    )
    label_text, value = "", 0
    label_cols = [c for c, r in enumerate(roles) if r == "label" and values[c]]
    number = shared if shared is not None else (values[label_cols[0]] if label_cols else "")
    group = number if shared is not None and own_number else ""
    if number and not group:
        label_text = number
        digits = re.sub(r"\D", "", label_text)
        value = int(digits) if digits and len(digits) <= 4 else 0
    if own_number and label is not None and not label_text:
        # The number opening the cell is the label only when no 序号 cell gives one; beside a
        # 序号, "1、…2、…" in the cell is a list inside the task and stays in its text.
        label_text, value = label.text, label.value
        task = label.rest
    elif own_number and label is not None and group:
        label_text, value = label.text, label.value
        task = label.rest
    units = _units(values, roles)
    notes = find_notes(task)
    if units.empty:
        for note in notes:
            units = units.merged(note.units)  # no unit cells: the task text carries its own note
    head = task[: notes[0].start] if notes and notes[0].start > 0 else task
    title = trim_end(first_sentence(head.replace("\n", "")))
    deadline_cols = [c for c, r in enumerate(roles) if r == "deadline"]
    deadline = values[deadline_cols[0]] or None if deadline_cols else None
    categories = [values[c].replace("\n", "") for c, r in enumerate(roles) if r == "section" and values[c]]
    if group:
        categories = [with_number(group, categories[0]), *categories[1:]] if categories else [group]
    sections = state.path + categories
    return TaskDraft(
        label=label_text,
        section=" / ".join(sections),
        title=title,
        text=task,
        units=units,
        deadline=deadline,
        value=value,
        sibling_key="table:" + "/".join(sections[:-1] if sections else []),
    )


def table_reads(
    blocks: Sequence[Block],
    overrides: Mapping[str, ColumnRole] | None = None,
    remembered: Mapping[str, ColumnRole] | None = None,
) -> list[TableRead]:
    """Every table among ``blocks`` with its column roles and tasks (see ``plan_columns``)."""
    reads: list[TableRead] = []
    state = _State()
    previous: TableRead | None = None
    for group in group_tables(blocks):
        grid = build_grid(group)
        plan = plan_columns(grid, overrides, previous, remembered)
        continues = previous is not None and plan is previous.plan
        if not continues:
            state = _State()
        drafts = read_table(grid, plan, state) if plan.usable else []
        read = TableRead(grid, plan, tuple(drafts))
        reads.append(read)
        if plan.usable:
            previous = read
    return reads
