"""Plain frozen records that cross layers and threads.

``Block`` is what an importer hands to the parser: a paragraph (text as the reader sees it,
automatic numbering already rendered into the text) or a table row (cell texts, merged cells
already resolved). ``ParsedPlan``/``ParsedTask`` are what the parser returns; their JSON form is
the corpus schema (see ../shared/corpus/README.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

Role = Literal["lead", "co"]
Layout = Literal["paragraphs", "table", "mixed"]


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or one table row of a source document, in document order.

    kind: ``"para"`` or ``"row"``.
    text: for a paragraph, its text with any Word auto-number label prepended exactly as Word
        would display it (e.g. ``"(一)做好…"``); for a row, the texts of its own cells joined by tabs.
    cells: for a row, the cell texts left to right. Readers that know the table's grid (.docx,
        .xlsx, .pdf) give one entry per grid column: a merged cell's text sits in its first
        column and the columns it covers are "" with ``merged`` saying so. A plain-text copy gives
        one entry per tab-separated part and cannot tell a merged cell from an empty one.
    merged: for a row from a reader that knows the grid, one flag per entry of ``cells``:
        ``""`` a cell of its own (possibly empty), ``"up"`` covered by a cell merged down from a
        row above, ``"left"`` covered by a cell merged across from the left. ``()`` when unknown.
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
    merged: tuple[str, ...] = ()


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
class TableColumn:
    """One column of a task table as the parser read it: its header and the role it gave it.

    role: ``label`` ``section`` ``task`` ``lead`` ``co`` ``deadline`` or ``ignore``; ``sure`` is
    False when the header and the cells did not agree (the wizard highlights those).
    """

    table: int
    index: int
    header: str
    role: str
    sure: bool


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    title: str
    year: int | None
    layout: Layout
    tasks: tuple[ParsedTask, ...]
    source: str = ""
    warnings: tuple[ParseWarning, ...] = ()
    source_text: str = ""  # the cleaned text, shown beside the preview
    columns: tuple[TableColumn, ...] = ()  # the task tables' columns and their roles

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
            "columns": [asdict(c) for c in self.columns],
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


# --- 公文 (GB/T 9704) documents -------------------------------------------------------------------

GongwenRole = Literal["p", "h1", "h2", "h3", "h4"]
LetterheadMode = Literal["red", "preprinted", "plain"]
LETTERHEAD_MODES: tuple[tuple[LetterheadMode, str], ...] = (
    ("red", "普通白纸，打印红头"),
    ("preprinted", "预印红头纸：留出红头位置，只打印文号"),
    ("plain", "不印红头：文号和红线排在首行"),
)


@dataclass(frozen=True, slots=True)
class GongwenTable:
    """A table in an annex: a header row (repeated on every page) and body rows of text."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] = ()  # column widths; empty = sized to the headers and the cells
    numeric: tuple[int, ...] = ()  # indexes of columns to centre (numbers, ranks)
    # Rows that head a block (e.g. "县市区（5个）"): one cell spanning the table, kept with the rows
    # below it; only their first cell is used.
    headings: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class GongwenAnnex:
    """One 附件: its own page(s), "附件N" label, a title, optional paragraphs and a table."""

    title: str
    table: GongwenTable | None = None
    paragraphs: tuple[str, ...] = ()
    landscape: bool = False  # wide tables (the ranking table) go on landscape pages


@dataclass(frozen=True, slots=True)
class GongwenDoc:
    """A notice laid out per GB/T 9704; the exporter decides every font, size and spacing."""

    title: str  # split into lines between words by the writer; "\n" forces a split
    body: tuple[tuple[GongwenRole, str], ...]  # paragraphs in order: ("h1", "一、报送内容"), ("p", "…")
    recipients: str = ""  # 主送机关, ending with "：" (added when missing)
    doc_number: str = ""  # 发文字号, e.g. 青政办函〔2021〕12号; "" = none
    annexes: tuple[GongwenAnnex, ...] = ()
    signature: str = ""  # 署名 (发文机关)
    date: str = ""  # 成文日期 "2021年4月8日"
    note: str = ""  # 附注, e.g. "（此件不公开）" or "（联系人：张三，电话：1234567）"
    letterhead: str = ""  # red 发文机关标志, e.g. "青禾市人民政府办公室文件"; "" = none
    # red: print the red letterhead; preprinted: paper with the head (and red rule) printed, its
    # space kept empty on page 1 and only the 文号 printed; plain: no head, 文号 and red rule on top
    letterhead_mode: LetterheadMode = "red"
    copy_to: str = ""  # 版记 抄送 line; "" = no 版记
    printed_by: str = ""  # 版记 印发机关
    printed_on: str = ""  # 版记 印发日期 "2021年4月8日"


# --- Scoring (考核) -------------------------------------------------------------------------------

RuleKind = Literal["timeliness", "quality", "tasks", "manual"]


@dataclass(frozen=True, slots=True)
class RubricItem:
    """One scored item (一级 item with optional 二级 children), worth at most ``max_points``.

    ``rule`` says how it is scored: timeliness (working days late), quality (empty cells, missing
    evidence), tasks (weighted task status), manual (office-scored: full marks less deductions).
    ``params`` holds the rule's numbers (e.g. ``late_long`` = 10), editable by the user.
    """

    code: str  # "1", "2", "3", "4"; children "4.1" …
    name: str
    max_points: float
    rule: RuleKind
    description: str = ""  # 考核内容及评分标准, printed in the score sheet
    params: tuple[tuple[str, float], ...] = ()
    children: tuple[RubricItem, ...] = ()

    def param(self, name: str, default: float) -> float:
        return dict(self.params).get(name, default)


@dataclass(frozen=True, slots=True)
class Grade:
    name: str  # 优秀
    min_total: float  # lower bound, inclusive


@dataclass(frozen=True, slots=True)
class Rubric:
    """A plan's scoring rules: items, 加分 cap, grades, weights, status factors, ranking, roll-up."""

    name: str
    items: tuple[RubricItem, ...]
    bonus_cap: float = 5
    bonus_description: str = ""
    penalty_description: str = ""
    grades: tuple[Grade, ...] = (Grade("优秀", 90), Grade("良好", 80), Grade("一般", 60), Grade("较差", 0))
    lead_weight: float = 1.0
    co_weight: float = 0.5
    status_factors: tuple[tuple[str, float], ...] = (
        ("已完成", 1.0),
        ("按序时推进", 0.8),
        ("滞后", 0.4),
        ("未启动", 0.0),
    )
    rank_by_category: bool = True
    annual: Literal["mean"] = "mean"  # how a year's quarters roll up
    veto_grade: str = "不合格"  # the grade of a unit with a 单项否决

    def factor(self, status: str) -> float:
        return dict(self.status_factors).get(status, 0.0)


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One reason an item went up or down: ``points`` < 0 deducts, > 0 adds."""

    reason: str
    points: float
    entry_id: int = 0  # the manual entry it came from, 0 when computed


@dataclass(frozen=True, slots=True)
class ItemScore:
    code: str
    name: str
    max_points: float
    points: float  # after capping at 0 and at max_points
    lines: tuple[ScoreLine, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskLine:
    """A task in the 任务落实 item: its weight, the status used and the resulting factor."""

    seq: int
    title: str
    role: Role
    weight: float
    status: str  # as scored: one of STATUSES, or "未报送"
    factor: float
    note: str = ""  # why the status differs from the report (e.g. not yet due)

    @property
    def weighted(self) -> float:
        return self.weight * self.factor


@dataclass(frozen=True, slots=True)
class UnitScore:
    unit: str
    category: str
    items: tuple[ItemScore, ...]
    bonus: float
    penalty: float  # a positive number, subtracted
    total: float
    rank: int
    grade: str
    bonus_lines: tuple[ScoreLine, ...] = ()
    penalty_lines: tuple[ScoreLine, ...] = ()
    veto: str = ""  # the 单项否决 reason, "" when none
    tasks: tuple[TaskLine, ...] = ()
    reported: bool = True
    workdays_late: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "category": self.category,
            "items": {i.code: i.points for i in self.items},
            "bonus": self.bonus,
            "penalty": self.penalty,
            "total": self.total,
            "rank": self.rank,
            "grade": self.grade,
            "tasks": [
                {"seq": t.seq, "role": t.role, "status": t.status, "factor": t.factor, "note": t.note}
                for t in self.tasks
            ],
        }


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """Everything the score workbook and the 考核通报 need for one period (or a year)."""

    period_title: str  # "2021年第一季度", or "2021年度" for the annual review
    year: int
    quarter: int  # 0 for the annual review
    office: str  # 制表单位
    made_on: str  # 制表日期 "2021年4月20日"
    rubric: Rubric
    units: tuple[UnitScore, ...]  # in ranking order within category, categories in register order


@dataclass(frozen=True, slots=True)
class ScoreEntryRow:
    """One manual entry as stored: ``item`` is a rubric code or bonus / penalty / veto."""

    id: int
    unit: str
    item: str
    points: float
    reason: str
    who: str
    at: datetime  # when it was entered (UTC)


# --- Notices (报送通知, 催报通知, 考核通报) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeHeader:
    """What every notice takes from the office's settings."""

    office: str  # 发文机关, e.g. 青禾市人民政府办公室
    doc_number: str  # 发文字号 or ""
    recipients: str  # 主送
    signature: str  # 署名
    date: str  # 成文日期 "2021年4月8日"
    contacts: str = ""  # 联系人及电话
    send_method: str = ""  # 报送方式
    public: bool = False  # 附注 (此件主动公开) / (此件不公开)
    letterhead: str = ""  # red 发文机关标志; "" = none
    copy_to: str = ""  # 版记 抄送; "" = no 版记
    letterhead_mode: LetterheadMode = "red"


@dataclass(frozen=True, slots=True)
class DutyRow:
    """A unit's task in a notice annex."""

    unit: str
    seq: int
    title: str
    role: Role
    lead: str  # lead units, "、"-joined
    deadline: str = ""


@dataclass(frozen=True, slots=True)
class NoticeTask:
    """A task in the 报送通知's task list: one row per task with its lead and cooperating units."""

    seq: int
    title: str
    lead: str  # "、"-joined
    co: str = ""  # "、"-joined
    deadline: str = ""


@dataclass(frozen=True, slots=True)
class ReportNotice:
    header: NoticeHeader
    year: int
    quarter: int
    plan_title: str
    deadline: str  # "2021年4月15日"
    duties: tuple[DutyRow, ...]  # every unit's tasks, in register then task order
    units: int  # how many units report
    tasks: tuple[NoticeTask, ...] = ()  # the plan's tasks in order (the task list annex)
    timeliness: RubricItem | None = None  # the rubric's 报送时效 item: the late-report sentence


@dataclass(frozen=True, slots=True)
class MissingRow:
    unit: str
    owed: int
    reported: int
    note: str = ""  # e.g. 报送不完整


@dataclass(frozen=True, slots=True)
class RemindNotice:
    header: NoticeHeader
    year: int
    quarter: int
    first_title: str  # the 报送通知's title
    first_number: str  # its 文号, "" when unknown
    first_deadline: str  # "2021年4月15日"
    as_of: str  # "2021年4月16日"
    new_deadline: str  # "2021年4月20日"
    missing: tuple[MissingRow, ...]
    incomplete: tuple[MissingRow, ...] = ()
    timeliness: RubricItem | None = None  # the rubric's 报送时效 item: what not reporting costs


@dataclass(frozen=True, slots=True)
class ResultNotice:
    header: NoticeHeader
    sheet: ScoreSheet
    first_title: str  # the 报送通知 the review is based on
    units: int
    reported: int
    on_time: int
    status_counts: tuple[tuple[str, int], ...]  # 完成状态 → tasks (current reports of lead units)
    late_units: tuple[str, ...] = ()
    missing_units: tuple[str, ...] = ()
    no_evidence_units: tuple[str, ...] = ()
    lagging_units: tuple[str, ...] = ()  # units reporting 滞后 or 未启动
    first_number: str = ""  # the 报送通知's 文号, "" when unknown
