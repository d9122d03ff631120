"""Plain frozen records that cross layers and threads.

``Block`` is what an importer hands to the parser: a paragraph (text as the reader sees it,
automatic numbering already rendered into the text) or a table row (cell texts, merged cells
already resolved). ``ParsedPlan``/``ParsedTask`` are what the parser returns; their JSON form is
the corpus schema (see ../shared/corpus/README.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["lead", "co"]
Layout = Literal["paragraphs", "table", "mixed"]


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or one table row of a source document, in document order.

    kind: ``"para"`` or ``"row"``.
    text: for a paragraph, its text with any Word auto-number label prepended exactly as Word
        would display it (e.g. ``"(一)做好…"``); for a row, the cell texts joined by tabs.
    cells: for a row, the cell texts left to right; a horizontally merged cell appears once.
        A row whose cells are all one merged cell (a chapter row spanning the table) has one cell.
    style: the paragraph style name (``"Heading 1"``, ``"Title"``, ``""`` …).
    heading_level: 1, 2 … when the style or outline level marks a heading, else 0.
    bold: every visible character of the paragraph is bold.
    auto_label: the label that came from Word's automatic numbering (already in ``text``), else "".
    table: index of the table a row belongs to (0, 1 …), -1 for paragraphs.
    """

    kind: Literal["para", "row"]
    text: str
    cells: tuple[str, ...] = ()
    style: str = ""
    heading_level: int = 0
    bold: bool = False
    auto_label: str = ""
    table: int = -1


@dataclass(frozen=True, slots=True)
class ParsedTask:
    seq: int
    label: str
    section: str
    title: str
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    deadline: str | None = None
    text: str = ""
    deadline_date: str | None = None  # ISO date when the deadline text names one


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something the user should look at in the preview; ``seq`` is 0 for the whole plan."""

    seq: int
    kind: str  # "no_units" | "unknown_unit" | "numbering_gap" | …
    message: str


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    title: str
    year: int | None
    layout: Layout
    tasks: tuple[ParsedTask, ...]
    source: str = ""
    warnings: tuple[ParseWarning, ...] = ()
    source_text: str = ""  # the cleaned text, shown beside the preview

    def to_json(self) -> dict[str, Any]:
        """The corpus schema (plus ``text``, ``deadline_date`` and ``warnings``)."""
        return {
            "source": self.source,
            "layout": self.layout,
            "title": self.title,
            "year": self.year,
            "tasks": [
                {
                    "seq": t.seq,
                    "label": t.label,
                    "section": t.section,
                    "title": t.title,
                    "lead": list(t.lead),
                    "co": list(t.co),
                    "deadline": t.deadline,
                    "deadline_date": t.deadline_date,
                    "text": t.text,
                }
                for t in self.tasks
            ],
            "warnings": [asdict(w) for w in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit named on a task, as printed, with its role."""

    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class NoteUnits:
    """Lead and cooperating units read from one or more responsibility notes or unit cells."""

    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()

    def merged(self, other: NoteUnits) -> NoteUnits:
        """Union in order of first appearance; a unit already lead is not repeated as co."""
        lead = list(dict.fromkeys(self.lead + other.lead))
        co = [u for u in dict.fromkeys(self.co + other.co) if u not in lead]
        return NoteUnits(tuple(lead), tuple(co))

    @property
    def empty(self) -> bool:
        return not self.lead and not self.co


@dataclass(frozen=True, slots=True)
class ImportReport:
    plan_id: int
    created: bool  # False when the same file was already imported (nothing duplicated)
    tasks: int
    units_new: int
    tasks_added: int = 0
    tasks_updated: int = 0
    tasks_kept: int = 0
    tasks_vanished: tuple[str, ...] = ()
    tasks_removed: int = 0
    warnings: tuple[ParseWarning, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: int
    year: int | None
    title: str
    source_name: str
    imported_at: str
    tasks: int


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    plan_id: int
    seq: int
    label: str
    section: str
    title: str
    lead: tuple[str, ...]
    co: tuple[str, ...]
    deadline: str | None
    deadline_date: str | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    name: str
    short_name: str
    category: str
    sort_order: int
    active: bool
    is_group: bool
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    tasks: int = 0


@dataclass(frozen=True, slots=True)
class AliasSuggestion:
    """Two registered units whose names look like 简称 and 全称 of one unit; never merged unasked."""

    name: str
    other: str
    reason: str


@dataclass(frozen=True, slots=True)
class MergeReport:
    source: str
    target: str
    links_moved: int
    links_dropped: int
    aliases_moved: int
    groups_moved: int
