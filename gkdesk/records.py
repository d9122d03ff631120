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


# --- Quarterly reporting -------------------------------------------------------------------------

# The four answers a unit may give in 完成状态, in the order the drop-down lists them.
STATUSES: tuple[str, ...] = ("已完成", "按序时推进", "滞后", "未启动")
ROLE_LABELS: dict[str, str] = {"lead": "牵头", "co": "配合"}


@dataclass(frozen=True, slots=True)
class ReportFields:
    """What a unit writes for one task in one period (every value is plain text, "" when empty)."""

    status: str = ""  # one of STATUSES, or "" / whatever the unit typed when invalid
    progress: str = ""  # 进展情况 (required)
    problems: str = ""  # 存在问题
    next_steps: str = ""  # 下步计划
    evidence: str = ""  # 佐证材料 (file names or links)
    remarks: str = ""  # 备注

    @property
    def blank(self) -> bool:
        return not any(
            (self.status, self.progress, self.problems, self.next_steps, self.evidence, self.remarks)
        )


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One pre-filled row of a unit's fill-in template."""

    task_id: int
    code: str  # 任务编号 (column B): the task's sequence number in the plan, as text
    section: str  # 所属板块
    title: str  # 工作任务
    role: Role  # 责任类型
    lead_names: str  # 牵头单位, "、"-joined
    deadline: str  # 完成时限 as printed, "" when none
    previous: ReportFields | None = None  # this unit's answer last quarter, shown for reference


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """Everything the exporter needs to write one unit's template; no database ids are guessed."""

    plan_id: int
    plan_title: str
    year: int
    quarter: int  # 1..4
    unit_id: int
    unit_name: str
    rows: tuple[TemplateRow, ...]
    deadline: str = ""  # the period's reporting deadline, ISO date or ""
    previous_period: str = ""  # e.g. "2021Q1" when rows carry last quarter's answers

    @property
    def period_code(self) -> str:
        return f"{self.year}Q{self.quarter}"


@dataclass(frozen=True, slots=True)
class ReturnedRow:
    """One task row read back from a returned template."""

    sheet_row: int  # the Excel row number, for messages ("第 7 行")
    code: str  # column B as found
    title: str  # column D as found
    task_id: int | None  # from the hidden sheet via the code, else None
    fields: ReportFields
    formulas: tuple[str, ...] = ()  # headers of unit columns that hold a formula (e.g. "进展情况")


@dataclass(frozen=True, slots=True)
class ReturnedFile:
    """What a returned template says about itself; checks against the database happen in services."""

    name: str  # file name as received
    sha256: str
    identified_by: Literal["hidden", "title", "filename", "none"]
    plan_id: int | None
    period_code: str | None  # "2021Q1"
    unit_id: int | None
    unit_name: str | None
    checksum_ok: bool | None  # None when there is no hidden sheet
    expected: tuple[tuple[str, int], ...]  # (code, task_id) of every row the template was issued with
    rows: tuple[ReturnedRow, ...]  # non-blank task rows in sheet order
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodRow:
    id: int
    plan_id: int
    plan_title: str
    code: str  # "2021Q1"
    year: int
    quarter: int
    deadline: str  # ISO date
    closed: bool
    units_expected: int = 0
    units_reported: int = 0


@dataclass(frozen=True, slots=True)
class CollectResult:
    """The outcome for one returned file; ``result`` is accepted | unchanged | replaced | refused."""

    file: str
    unit: str | None
    result: Literal["accepted", "unchanged", "replaced", "refused"]
    rows: int
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "unit": self.unit,
            "result": self.result,
            "rows": self.rows,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class ReportRow:
    """The current report of one unit on one task in one period."""

    id: int
    period: str
    task_id: int
    seq: int
    title: str
    unit: str
    role: Role
    fields: ReportFields
    received_on: str  # ISO date
    source: str  # file name, or "手工录入"
    entered_by: str
    version: int  # how many submissions this unit made on this task (1 = first)
    evidence_files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MissingReport:
    missing: tuple[tuple[str, tuple[int, ...]], ...]  # (unit, task seqs owed)
    late: tuple[tuple[str, int], ...]  # (unit, working days late)
    incomplete: tuple[tuple[str, tuple[int, ...]], ...]  # (unit, task seqs with required cells empty)

    def to_json(self) -> dict[str, Any]:
        return {
            "missing": [{"unit": u, "tasks": list(t)} for u, t in self.missing],
            "late": [{"unit": u, "workdays_late": n} for u, n in self.late],
            "incomplete": [{"unit": u, "tasks": list(t)} for u, t in self.incomplete],
        }


@dataclass(frozen=True, slots=True)
class TaskStatus:
    seq: int
    title: str
    state: Literal["green", "yellow", "red"]
    reason: str
    task_id: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "title": self.title, "state": self.state, "reason": self.reason}
