"""Paragraph layout: numbered paragraphs → an outline → the deepest items are the tasks.

Rules (see ../shared/corpus/README.md and NOTES.md):
- a label *kind* opens a level the first time it is seen under the current one and closes the
  deeper levels when it comes back, so numbering may restart per chapter or run on;
- unnumbered paragraphs belong to the item above them until that item's responsibility note
  has appeared; after the note they are closing text;
- items under 总体要求 (指导思想 / 基本原则 / 工作目标) are not tasks; 保障措施 items are;
- label lines under an item ("牵头单位：…" / "责任单位：…" / "完成时限：…") are read together as
  that item's note and deadline, so a 责任单位 line after a 牵头单位 line names co units;
- a paragraph that is only a note belongs to the item before it (its units are added even when
  the item had a note); after a run of sibling items without notes it applies to each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gkdesk.parsing.drafts import TaskDraft
from gkdesk.parsing.front import is_date_line
from gkdesk.parsing.labels import Label, match_label
from gkdesk.parsing.notes import find_notes, is_note_paragraph, merge_notes, parse_note
from gkdesk.parsing.sentences import first_sentence, trim_end
from gkdesk.parsing.unit_names import is_unit_like, split_units
from gkdesk.records import NoteUnits

_GENERAL = re.compile(
    r"^(总体要求|总体思路|总体目标|指导思想|基本原则|工作原则|工作目标|主要目标|目标任务|总体安排|发展目标)$"
)
_ENDS_CONTINUATION = re.compile(r"^(附件|附：|附:)")
_LABEL_LINE = re.compile(
    r"^[\s\u3000]*(?P<open>[(（【\[〔])?(?P<label>[\u4e00-\u9fff]{0,6}"
    r"(?:单位|部门|处室|科室|股室|主体|领导|责任人|时限|时间|期限|节点|要求))\s*[:：](?P<value>.*)$"
)
_UNIT_LABEL = re.compile(r"牵头|主办|主责|责任|配合|协办|协同|参与|协助|承办|会办|负责")
_DEADLINE_LABEL = re.compile(r"时限|时间|期限|节点")


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    heading_level: int = 0


@dataclass(eq=False)
class _Node:
    label: Label | None
    heading: str  # the item's first paragraph without its label
    parent: _Node | None
    paras: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    has_note: bool = False
    label_lines: list[str] = field(default_factory=list)  # "牵头单位：…" lines, read as one note
    deadline: str | None = None
    shared: NoteUnits = field(default_factory=NoteUnits)  # notes standing apart that apply here

    @property
    def head(self) -> str:
        """The heading as printed in a section path: label + first sentence, no final 。."""
        words = trim_end(first_sentence(self.heading))
        return (self.label.text if self.label else "") + words

    @property
    def general(self) -> bool:
        node: _Node | None = self
        while node is not None:
            if _GENERAL.match(re.sub(r"[\s。.：:]", "", trim_end(first_sentence(node.heading)))):
                return True
            node = node.parent
        return False


def count_numbered(paras: list[Para]) -> int:
    return sum(1 for p in paras if match_label(p.text))


def _build(paras: list[Para]) -> list[_Node]:
    kinds: list[str] = []
    stack: list[_Node] = []
    nodes: list[_Node] = []
    current: _Node | None = None
    for para in paras:
        label = match_label(para.text)
        kind = label.kind if label else (f"h{para.heading_level}" if para.heading_level else "")
        if not kind:
            line = _label_line(para.text)
            if current is not None and line is not None:
                line_label, value = line
                # The first label line under an item without a note also serves the note-less
                # siblings just before it; they share one list of lines and one deadline.
                run = [current] if current.has_note else _note_run(current, nodes)
                if _DEADLINE_LABEL.search(line_label) and "要求" not in line_label:
                    for node in run:
                        node.deadline = node.deadline or value or None
                elif _UNIT_LABEL.search(line_label) and "领导" not in line_label and "人" not in line_label:
                    current.label_lines.append(f"{line_label}：{value}")
                    for node in run:
                        node.label_lines = current.label_lines
                        node.has_note = True
                continue
            if current is not None and current.has_note and is_note_paragraph(para.text):
                current.shared = current.shared.merged(merge_notes(para.text))
                continue
            if (
                current is not None
                and not current.has_note
                and current.paras
                and is_note_paragraph(para.text)
            ):
                _share_note(current, merge_notes(para.text), nodes)
                continue
            if current is None or current.has_note:
                continue
            if _ENDS_CONTINUATION.match(para.text) or is_date_line(para.text):
                current = None
                continue
            current.paras.append(para.text)
            current.has_note = bool(find_notes(para.text))
            continue
        if kind in kinds:
            depth = kinds.index(kind)
            del kinds[depth + 1 :]
        else:
            kinds.append(kind)
            depth = len(kinds) - 1
        del stack[depth:]
        heading = label.rest if label else para.text
        parent = stack[-1] if stack else None
        node = _Node(label, heading, parent, [heading])
        node.has_note = bool(find_notes(heading))
        if parent is not None:
            parent.children.append(node)
        stack.append(node)
        nodes.append(node)
        current = node
    return nodes


def _label_line(text: str) -> tuple[str, str] | None:
    """``(label, value)`` of a line such as "牵头单位：市发改委" or "（完成时限：2021年底）"."""
    m = _LABEL_LINE.match(text)
    if m is None:
        return None
    value = m.group("value").strip()
    if m.group("open") and value[-1:] in ")）】]〕":
        value = value[:-1]  # the line's own closing bracket, not one of a name's
    return m.group("label"), value.strip().rstrip("。；;").strip()


def _note_run(node: _Node, nodes: list[_Node]) -> list[_Node]:
    """``node`` and the siblings just before it that have no note (nor children) either."""
    siblings = node.parent.children if node.parent is not None else [n for n in nodes if n.parent is None]
    run: list[_Node] = []
    for sib in reversed(siblings[: siblings.index(node) + 1] if node in siblings else [node]):
        if sib.has_note or sib.children:
            break
        run.append(sib)
    return run or [node]


def _share_note(node: _Node, units: NoteUnits, nodes: list[_Node]) -> None:
    """A note after ``node`` (which has none): it and the note-less siblings just before it get it."""
    for sib in _note_run(node, nodes):
        sib.shared = sib.shared.merged(units)
        sib.has_note = True


def _node_units(node: _Node) -> NoteUnits:
    units = NoteUnits()
    for para in node.paras:
        units = units.merged(merge_notes(para))
    if node.label_lines:
        units = units.merged(parse_note("；".join(node.label_lines)))
    return units.merged(node.shared)


_HEADING_LEAD = re.compile(
    r"^(?P<unit>[^，,。；;：:]{2,30}?)(?:牵头|主抓|负责)(?:的)?(?:重点|主要)?(?:工作|任务|事项)"
)


def _heading_lead(node: _Node) -> NoteUnits:
    """A chapter that says who leads it ("一、县示范区管委会牵头工作（8项）") gives that unit to the
    items under it that name none; a chapter named after a person ("区长牵头重点工作") gives none."""
    parent = node.parent
    while parent is not None:
        m = _HEADING_LEAD.match(parent.heading)
        if m:
            names = split_units(m.group("unit"))
            if names and all(is_unit_like(n) for n in names):
                return NoteUnits(lead=tuple(names))
        parent = parent.parent
    return NoteUnits()


def _title(node: _Node) -> str:
    notes = find_notes(node.heading)
    head = node.heading[: notes[0].start] if notes else node.heading
    title = trim_end(first_sentence(head))
    if not title and len(node.paras) > 1:
        title = trim_end(first_sentence(node.paras[1]))
    return title


def _section(node: _Node) -> str:
    parts: list[str] = []
    parent = node.parent
    while parent is not None:
        parts.append(parent.head)
        parent = parent.parent
    return " / ".join(reversed(parts))


def outline_tasks(paras: list[Para]) -> list[TaskDraft]:
    """The tasks of a numbered paragraph document, in order."""
    nodes = _build(paras)
    has_depth = any(n.children for n in nodes)
    drafts: list[TaskDraft] = []
    for node in nodes:
        if node.children or node.general:
            continue
        lone = has_depth and node.parent is None and len(node.paras) == 1 and not node.has_note
        if lone and "。" not in node.heading:
            continue  # a lone top-level heading with no body beside chapters that have items
        units = _node_units(node)
        if units.empty:
            units = _heading_lead(node)
        label = node.label.text if node.label else ""
        drafts.append(
            TaskDraft(
                label=label,
                section=_section(node),
                title=_title(node),
                text=label + "\n".join(node.paras),
                units=units,
                deadline=node.deadline,
                value=node.label.value if node.label else 0,
                sibling_key=f"{id(node.parent)}:{node.label.kind if node.label else ''}",
            )
        )
    return drafts
