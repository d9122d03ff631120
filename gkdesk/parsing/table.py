"""Table layout (任务分工表): header columns found by name, chapter rows as sections, one task per row.

Columns: 序号, 工作任务/重点任务/具体要求/细化分工 …, 牵头单位, 配合单位, 责任单位/责任科室/责任处室,
完成时限/时限要求, an optional 板块/类别 column; anything else (落实情况, 备注) is ignored.
A row with a single filled cell (a merged chapter row) is a section heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gkdesk.parsing.drafts import TaskDraft
from gkdesk.parsing.labels import match_label
from gkdesk.parsing.notes import find_notes, units_from_cells
from gkdesk.parsing.sentences import first_sentence, trim_end
from gkdesk.records import NoteUnits

# Order matters: the specific names are tried before the generic 任务/内容.
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(序号|编号|序|排序|项次)$")),
    (
        "ignore",
        re.compile(r"落实情况|完成情况|进展情况|进度情况|备注|说明|联系人|电话|分管|责任人|佐证|评分|分值"),
    ),
    ("lead", re.compile(r"^(牵头(单位|部门|处室|科室)?|主办(单位|部门)?|牵头责任单位)$")),
    ("co", re.compile(r"^(配合(单位|部门|处室|科室)?|协办(单位|部门)?|参与(单位|部门)?|协同(单位|部门)?)$")),
    (
        "resp",
        re.compile(
            r"^(责任(单位|科室|处室|部门|主体)|负责(单位|部门)|承办(单位|部门)|实施(单位|主体)|责任单位及分工)$"
        ),
    ),
    (
        "deadline",
        re.compile(r"^(完成时限|时限要求|完成时间|时间节点|时限|完成期限|进度安排|时间安排|办结时限)$"),
    ),
    ("section", re.compile(r"^(板块|类别|领域|重点领域|工作类别|方面|类型|项目|工作板块|任务类别)$")),
    ("task", re.compile(r"任务|要求|分工|内容|措施|要点|事项|工作$")),
)


@dataclass(frozen=True, slots=True)
class Columns:
    by_role: dict[str, int]
    width: int

    def get(self, cells: Sequence[str], role: str) -> str | None:
        i = self.by_role.get(role)
        if i is None or i >= len(cells):
            return None
        return cells[i]


def header_columns(cells: Sequence[str]) -> Columns | None:
    """The column roles when ``cells`` is a 任务分工 header row, else None."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = re.sub(r"\s", "", cell)
        if not name or len(name) > 12:
            continue
        for role, pattern in _COLUMNS:
            if pattern.search(name):
                if role != "ignore":
                    roles.setdefault(role, i)
                break
    if "task" not in roles or not ({"lead", "co", "resp", "deadline", "seq"} & roles.keys()):
        return None
    return Columns(roles, len(cells))


@dataclass(slots=True)
class _Sections:
    kinds: list[str]
    heads: list[str]

    def push(self, text: str) -> None:
        label = match_label(text)
        kind = label.kind if label else "plain"
        if kind in self.kinds:
            depth = self.kinds.index(kind)
            del self.kinds[depth:]
            del self.heads[depth:]
        self.kinds.append(kind)
        self.heads.append(trim_end(first_sentence(text)))

    @property
    def path(self) -> str:
        return " / ".join(self.heads)


def _is_chapter(cells: Sequence[str], cols: Columns) -> str | None:
    filled = [c for c in cells if c.strip()]
    if len(set(filled)) == 1 and len(filled) > 1:
        filled = filled[:1]  # a merged row some readers repeat in every cell
        cells = filled
    if len(filled) == 1 and (len(cells) == 1 or len(cells) < cols.width or filled[0] == cells[0]):
        # one merged cell, or text only in the first column
        text = filled[0]
        if len(cells) == 1 or len(text) <= 60 or match_label(text):
            return text
    seq = (cols.get(cells, "seq") or "").strip()
    task = (cols.get(cells, "task") or "").strip()
    if not seq and task and "。" not in task and len(task) <= 40 and match_label(task):
        label = match_label(task)
        if label and label.kind in ("chapter", "cn", "pcn"):
            others = [c for i, c in enumerate(cells) if c.strip() and i != cols.by_role.get("task")]
            if not others:
                return task
    return None


def table_tasks(rows: list[tuple[int, tuple[str, ...]]]) -> list[TaskDraft]:
    """Tasks of every 任务分工 table among ``rows`` ((table index, cells) in document order)."""
    drafts: list[TaskDraft] = []
    cols: Columns | None = None
    sections = _Sections([], [])
    for _table, cells in rows:
        head = header_columns(cells)
        if head is not None:
            if cols is None or head.by_role != cols.by_role:
                sections = _Sections([], [])
            cols = head
            continue
        if cols is None:
            continue
        chapter = _is_chapter(cells, cols)
        if chapter is not None:
            sections.push(chapter)
            continue
        draft = _row_task(cells, cols, sections)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _row_task(cells: Sequence[str], cols: Columns, sections: _Sections) -> TaskDraft | None:
    task = (cols.get(cells, "task") or "").strip()
    if not task:
        return None
    seq = (cols.get(cells, "seq") or "").strip()
    label_text, value = seq, int(seq) if seq.isdigit() else 0
    if not seq:
        label = match_label(task)
        if label is not None:
            label_text, value, task = label.text, label.value, label.rest
    lead, co, resp = cols.get(cells, "lead"), cols.get(cells, "co"), cols.get(cells, "resp")
    notes = find_notes(task)
    units = units_from_cells(lead, co, resp) if (lead or co or resp) else NoteUnits()
    for note in notes if units.empty else ():
        units = units.merged(note.units)  # no unit columns: the task text carries its own note
    head = task[: notes[0].start] if notes and notes[0].start > 0 else task
    title = trim_end(first_sentence(head.replace("\n", "")))
    deadline = (cols.get(cells, "deadline") or "").strip() or None
    section = sections.path
    extra = (cols.get(cells, "section") or "").strip()
    if extra:
        section = f"{section} / {extra}" if section else extra
    return TaskDraft(
        label=label_text,
        section=section,
        title=title,
        text=task,
        units=units,
        deadline=deadline,
        value=value,
        sibling_key="table",
    )
