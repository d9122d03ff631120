"""``ImportPreviewTableModel``: the tasks of a parsed document, editable before they are stored.

The import wizard shows what the parser found and lets the user put it right: any cell can be
edited, tasks merged, split, moved, deleted, units moved between 牵头 and 配合. Nothing here
touches the database: ``tasks()`` and ``warnings()`` give back the corrected tasks, which the
wizard hands to ``planning.import_plan`` as a ``ParsedPlan``.

Every change can be undone (``undo``): the rows are small, so a copy of them is kept before each
change rather than a list of inverse operations.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from gkdesk.parsing.deadlines import deadline_date
from gkdesk.records import ParsedPlan, ParsedTask, ParseWarning, Role
from gkdesk.ui.table_base import RowsTableModel
from gkdesk.ui.unit_picker import join_names, split_names

HEADERS = ("序号", "编号", "板块", "任务", "牵头单位", "配合单位", "时限")
COL_SEQ, COL_LABEL, COL_SECTION, COL_TITLE, COL_LEAD, COL_CO, COL_DEADLINE = range(7)

# Pale enough to read black text on; the wizard's legend uses the same colours.
UNKNOWN_UNIT_COLOR = QColor("#ffe3a3")
WARNING_ROW_COLOR = QColor("#fbd5d2")

_UNDO_LIMIT = 100
# Warnings the model works out itself from the current rows, so they follow every edit.
_LIVE_KINDS = {"no_units"}

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class PreviewTask:
    """One task row as the user is editing it (mutable; ``ParsedTask`` is what comes and goes)."""

    seq: int
    label: str
    section: str
    title: str
    lead: list[str]
    co: list[str]
    deadline: str
    text: str
    deadline_date: str | None = None
    # Parser warnings that belong to this task (numbering gaps …), kept with it when rows move.
    notes: list[tuple[str, str]] = field(default_factory=list)

    def copy(self) -> PreviewTask:
        return replace(self, lead=list(self.lead), co=list(self.co), notes=list(self.notes))


class ImportPreviewTableModel(RowsTableModel):
    HEADERS = HEADERS
    # After every change of the rows (edits, merges, undo …): the wizard refreshes its panels.
    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PreviewTask] = []
        self._plan_notes: list[ParseWarning] = []  # seq 0: about the whole document
        self._known: set[str] = set()
        self._undo: list[list[PreviewTask]] = []
        self.year: int | None = None

    # --- loading and reading back ----------------------------------------------------------------

    def load(self, parsed: ParsedPlan) -> None:
        by_seq: dict[int, list[tuple[str, str]]] = {}
        plan_notes: list[ParseWarning] = []
        seqs = {t.seq for t in parsed.tasks}
        for w in parsed.warnings:
            if w.kind in _LIVE_KINDS:
                continue
            if w.seq in seqs:
                by_seq.setdefault(w.seq, []).append((w.kind, w.message))
            else:
                plan_notes.append(w)
        self.beginResetModel()
        self._rows = [
            PreviewTask(
                seq=i,
                label=t.label,
                section=t.section,
                title=t.title,
                lead=list(t.lead),
                co=[c for c in t.co if c not in t.lead],
                deadline=t.deadline or "",
                text=t.text,
                deadline_date=t.deadline_date,
                notes=by_seq.get(t.seq, []),
            )
            for i, t in enumerate(parsed.tasks, start=1)
        ]
        self._plan_notes = plan_notes
        self._undo = []
        self.year = parsed.year
        self.endResetModel()
        self.edited.emit()

    def tasks(self) -> tuple[ParsedTask, ...]:
        """The rows as the parser's records, numbered 1, 2 … in their current order."""
        return tuple(
            ParsedTask(
                seq=i,
                label=r.label,
                section=r.section,
                title=r.title,
                lead=tuple(r.lead),
                co=tuple(r.co),
                deadline=r.deadline or None,
                text=r.text or r.title,
                deadline_date=r.deadline_date,
            )
            for i, r in enumerate(self._rows, start=1)
        )

    def warnings(self) -> tuple[ParseWarning, ...]:
        """What the user should still look at: document-wide notes, then each row's, in order."""
        out = list(self._plan_notes)
        for row in range(len(self._rows)):
            seq = self._rows[row].seq
            out.extend(ParseWarning(seq, kind, message) for kind, message in self._row_warnings(row))
        return tuple(out)

    def task(self, row: int) -> PreviewTask:
        """A copy of the row (changes go through ``setData`` and the editing methods)."""
        return self._rows[row].copy()

    def set_known_units(self, names: Iterable[str]) -> None:
        """The register's names and aliases; any other unit name is highlighted as new."""
        self._known = set(names)
        self._changed_all()

    def unknown_units(self) -> dict[str, list[int]]:
        """Unit names the register does not know yet → the 序号 of the tasks naming them."""
        out: dict[str, list[int]] = {}
        for i, r in enumerate(self._rows, start=1):
            for name in r.lead + r.co:
                if name not in self._known:
                    out.setdefault(name, []).append(i)
        return out

    def row_issues(self, row: int) -> list[str]:
        """Why a row is highlighted (its warnings), for tooltips and the wizard's panel."""
        return [message for _, message in self._row_warnings(row)]

    def _row_warnings(self, row: int) -> list[tuple[str, str]]:
        r = self._rows[row]
        out: list[tuple[str, str]] = []
        if not r.title.strip():
            out.append(("no_title", f"第{r.seq}项任务没有任务名称。"))
        if not r.lead and not r.co:
            out.append(("no_units", f"第{r.seq}项任务“{r.title[:20]}”没有找到牵头或配合单位。"))
        out.extend(r.notes)
        return out

    def _unknown_in(self, names: Sequence[str]) -> list[str]:
        return [n for n in names if n not in self._known]

    # --- Qt model -------------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = index.row(), index.column()
        r = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_SEQ:
                return r.seq
            return (r.label, r.section, r.title, join_names(r.lead), join_names(r.co), r.deadline)[col - 1]
        if role == Qt.ItemDataRole.BackgroundRole:
            if col in (COL_LEAD, COL_CO) and self._unknown_in(r.lead if col == COL_LEAD else r.co):
                return UNKNOWN_UNIT_COLOR
            if self._row_warnings(row):
                return WARNING_ROW_COLOR
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            # The highlight colours are light: keep the text dark even under a dark palette.
            if (col in (COL_LEAD, COL_CO) and self._unknown_in(r.lead if col == COL_LEAD else r.co)) or (
                self._row_warnings(row)
            ):
                return QColor(Qt.GlobalColor.black)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_SEQ:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _tooltip(self, row: int, col: int) -> str | None:
        r = self._rows[row]
        parts: list[str] = []
        if col in (COL_LEAD, COL_CO):
            unknown = self._unknown_in(r.lead if col == COL_LEAD else r.co)
            if unknown:
                parts.append(
                    f"单位名册中还没有：{join_names(unknown)}。保存时将作为新单位加入；"
                    "如果是已有单位的简称或别称，请改成名册中的名称。"
                )
        parts.extend(self.row_issues(row))
        if col == COL_TITLE and r.text:
            parts.append(r.text)
        elif col in (COL_LEAD, COL_CO, COL_SECTION) and not parts:
            # Long lists are cut off in the cell; the tooltip shows them whole.
            whole = {COL_SECTION: r.section, COL_LEAD: join_names(r.lead), COL_CO: join_names(r.co)}[col]
            if whole:
                parts.append(whole)
        if not parts:
            return None
        # Rich text, so that Qt wraps long task texts instead of drawing one screen-wide line.
        return "".join(f"<p>{html.escape(p)}</p>" for p in parts)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not (0 <= index.row() < len(self._rows))
        ):
            return False
        row, col = index.row(), index.column()
        if col == COL_SEQ:
            # Typing another 序号 moves the task there.
            try:
                target = int(str(value).strip()) - 1
            except ValueError:
                return False
            if not (0 <= target < len(self._rows)):
                return False
            return self.move_row(row, target)
        text = str(value if value is not None else "").strip()
        new = self._rows[row].copy()
        if col == COL_LABEL:
            new.label = text
        elif col == COL_SECTION:
            new.section = text
        elif col == COL_TITLE:
            new.title = text
        elif col == COL_LEAD:
            # The latest edit wins: a name typed as 牵头 leaves the 配合 cell.
            new.lead = split_names(text)
            new.co = [c for c in new.co if c not in new.lead]
        elif col == COL_CO:
            new.co = split_names(text)
            new.lead = [n for n in new.lead if n not in new.co]
        elif col == COL_DEADLINE:
            new.deadline = text
            when = deadline_date(text, self.year)
            new.deadline_date = when.isoformat() if when else None
        else:
            return False
        if new == self._rows[row]:
            return False
        self._remember()
        self._rows[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.edited.emit()
        return True

    # --- editing tools --------------------------------------------------------------------------

    def merge_up(self, row: int) -> bool:
        """Merge task ``row`` into the one above: titles and texts joined, units unioned.

        A unit that leads either task leads the merged one.
        """
        if not (1 <= row < len(self._rows)):
            return False
        self._remember()
        upper, lower = self._rows[row - 1], self._rows[row]
        lead = list(dict.fromkeys(upper.lead + lower.lead))
        merged = PreviewTask(
            seq=upper.seq,
            label=upper.label or lower.label,
            section=upper.section or lower.section,
            title="；".join(t for t in (upper.title.rstrip("。；;"), lower.title) if t),
            lead=lead,
            co=[c for c in dict.fromkeys(upper.co + lower.co) if c not in lead],
            deadline=upper.deadline or lower.deadline,
            text="\n".join(t for t in (upper.text, lower.text) if t),
            deadline_date=upper.deadline_date or lower.deadline_date,
            notes=list(dict.fromkeys(upper.notes + lower.notes)),
        )
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self._rows[row - 1] = merged
        self._changed_from(row - 1)
        return True

    def split(self, row: int, title: str, at: int | None = None) -> bool:
        """Split task ``row`` in two; the second is called ``title`` and gets the text from ``at``.

        Without ``at`` the text is cut where ``title`` first appears in it; when it does not
        appear, the first task keeps all of its text. Both tasks keep the units and the deadline
        (the user corrects them in the table).
        """
        title = title.strip()
        if not (0 <= row < len(self._rows)) or not title:
            return False
        r = self._rows[row]
        if at is None:
            found = r.text.find(title)
            at = found if found > 0 else len(r.text)
        at = max(0, min(at, len(r.text)))
        first_text, second_text = r.text[:at].rstrip(), r.text[at:].strip()
        self._remember()
        first = r.copy()
        first.text = first_text
        second = PreviewTask(
            seq=r.seq + 1,
            label="",
            section=r.section,
            title=title,
            lead=list(r.lead),
            co=list(r.co),
            deadline=r.deadline,
            text=second_text or title,
            deadline_date=r.deadline_date,
        )
        self._rows[row] = first
        self.beginInsertRows(QModelIndex(), row + 1, row + 1)
        self._rows.insert(row + 1, second)
        self.endInsertRows()
        self._changed_from(row)
        return True

    def move_units(self, row: int, names: Iterable[str], role: Role) -> bool:
        """Make ``names`` (already on task ``row``) 牵头 (``role="lead"``) or 配合 units of it."""
        if not (0 <= row < len(self._rows)):
            return False
        r = self._rows[row]
        source = r.co if role == "lead" else r.lead
        moving = [n for n in dict.fromkeys(names) if n in source]
        if not moving:
            return False
        self._remember()
        new = r.copy()
        if role == "lead":
            new.co = [c for c in r.co if c not in moving]
            new.lead = r.lead + moving
        else:
            new.lead = [n for n in r.lead if n not in moving]
            new.co = moving + r.co
        self._rows[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.edited.emit()
        return True

    def remove_rows(self, rows: Iterable[int]) -> int:
        """Delete the tasks at ``rows``; returns how many were deleted."""
        doomed = sorted({r for r in rows if 0 <= r < len(self._rows)}, reverse=True)
        if not doomed:
            return 0
        self._remember()
        for row in doomed:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        self._changed_from(doomed[-1])
        return len(doomed)

    def move_row(self, row: int, target: int) -> bool:
        """Move task ``row`` so that it ends up at position ``target``."""
        n = len(self._rows)
        if not (0 <= row < n and 0 <= target < n) or row == target:
            return False
        self._remember()
        # beginMoveRows wants the row *before which* it lands, counted before the move.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if target > row else target)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self._changed_from(min(row, target))
        return True

    # --- undo -----------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> bool:
        if not self._undo:
            return False
        rows = self._undo.pop()
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.edited.emit()
        return True

    def _remember(self) -> None:
        self._undo.append([r.copy() for r in self._rows])
        del self._undo[:-_UNDO_LIMIT]

    # --- change notifications -------------------------------------------------------------------

    def _changed_from(self, row: int) -> None:
        """Rows were inserted, removed or moved at ``row``: number them again from there.

        The numbers change only after the structural change is complete, so that views (and the
        model tester) see the rows that stayed keep their data during it.
        """
        for i, r in enumerate(self._rows, start=1):
            r.seq = i
        if self._rows and row < len(self._rows):
            first = max(row, 0)
            self.dataChanged.emit(self.index(first, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, len(self._rows) - 1)
        self.edited.emit()

    def _changed_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))
        self.edited.emit()
