"""``TaskTableModel``: a plan's tasks (``TaskRow`` records) and this quarter's 红黄绿 state.

Besides what the table shows, the model keeps, per row, what ``TaskFilterProxy`` filters on —
a normalised search string (编号, 板块, 任务, 全文, units, 时限), the set of units concerned
(groups expanded to their members) and the state — computed once when the rows are set, so that
filtering as the user types is a few string look-ups per row. The model also sorts its own rows
(``sort``), so the proxy never has to compare rows while filtering.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from gkdesk.records import TaskRow, TaskStatus
from gkdesk.ui.table_base import RowsTableModel

HEADERS = ("序号", "编号", "板块", "任务", "牵头单位", "配合单位", "时限", "状态")
COL_SEQ, COL_LABEL, COL_SECTION, COL_TITLE, COL_LEAD, COL_CO, COL_DEADLINE, COL_STATE = range(len(HEADERS))

STATE_LABELS = {"red": "红", "yellow": "黄", "green": "绿"}
STATE_COLORS = {"red": "#d93025", "yellow": "#e8a200", "green": "#1e8e3e"}
_STATE_RANK = {"red": 0, "yellow": 1, "green": 2}

_Index = QModelIndex | QPersistentModelIndex
_icons: dict[str, QIcon] = {}
_collators: list[QCollator] = []


def _collator() -> QCollator:
    if not _collators:
        _collators.append(QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China)))
    return _collators[0]


def state_icon(state: str) -> QIcon:
    """A small filled circle in the state's colour (made once, after the QApplication exists)."""
    icon = _icons.get(state)
    if icon is None:
        icon = QIcon()
        for size in (16, 32):  # 32 keeps it round on 200 % screens
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(STATE_COLORS[state]))
            margin = size / 8
            painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
            painter.end()
            # The same colours when the row is selected (Qt would otherwise tint the mark).
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):
                icon.addPixmap(pixmap, mode)
        _icons[state] = icon
    return icon


def search_key(text: str) -> str:
    """Folded for searching: full-width letters, digits and brackets as half-width, lower case.

    So “（一）” matches "(一)" and “Ａ１” matches "a1", whichever way the user types them.
    """
    return unicodedata.normalize("NFKC", text).casefold()


class FilterKey(NamedTuple):
    """What the proxy tests a row against."""

    search: str  # search_key of everything shown and the full text
    units: frozenset[str]  # lead and co units, plus the members of any group among them
    section: str
    state: str  # "red" | "yellow" | "green" | "" (no quarter chosen)


class TaskTableModel(RowsTableModel):
    HEADERS = HEADERS

    def __init__(self, rows: Sequence[TaskRow] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TaskRow] = []
        self._display: list[tuple[Any, ...]] = []
        self._keys: list[FilterKey] = []
        self._states: list[TaskStatus | None] = []
        self._groups: dict[str, tuple[str, ...]] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._fill(rows, (), {})

    # --- contents ---------------------------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence[TaskRow],
        states: Iterable[TaskStatus] = (),
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """New tasks, their states (matched by task id) and the members of group units."""
        self.beginResetModel()
        self._fill(rows, states, groups or {})
        self.endResetModel()

    def set_states(self, states: Iterable[TaskStatus]) -> None:
        """This quarter's states (an empty list when no quarter is chosen); rows stay as they are."""
        by_id = {s.task_id: s for s in states}
        self._states = [by_id.get(t.id) for t in self._rows]
        self._keys = [
            k._replace(state=s.state if s else "") for k, s in zip(self._keys, self._states, strict=True)
        ]
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_STATE),
                self.index(len(self._rows) - 1, COL_STATE),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole],
            )
            if self._sort[0] == COL_STATE:
                self.sort(*self._sort)

    def _fill(
        self, rows: Sequence[TaskRow], states: Iterable[TaskStatus], groups: Mapping[str, Sequence[str]]
    ) -> None:
        # Plan order first; the column the user sorted by (if any) reorders them below.
        self._rows = sorted(rows, key=lambda t: t.seq)
        self._groups = {name: tuple(members) for name, members in groups.items()}
        by_id = {s.task_id: s for s in states}
        self._states = [by_id.get(t.id) for t in self._rows]
        self._display = []
        self._keys = []
        for t, s in zip(self._rows, self._states, strict=True):
            lead, co = "、".join(t.lead), "、".join(t.co)
            self._display.append((t.seq, t.label, t.section, t.title, lead, co, t.deadline or ""))
            named = (*t.lead, *t.co)
            units = frozenset(named).union(*(self._groups.get(n, ()) for n in named))
            text = "\n".join((str(t.seq), t.label, t.section, t.title, t.text, lead, co, t.deadline or ""))
            self._keys.append(FilterKey(search_key(text), units, t.section, s.state if s else ""))
        if self._sort[0] >= 0 or self._sort[1] != Qt.SortOrder.AscendingOrder:
            self._reorder(*self._sort)

    def row_at(self, row: int) -> TaskRow:
        return self._rows[row]

    def state_at(self, row: int) -> TaskStatus | None:
        return self._states[row]

    def filter_key(self, row: int) -> FilterKey:
        return self._keys[row]

    def row_of(self, task_id: int) -> int:
        """The row of the task with this id, or -1."""
        return next((i for i, t in enumerate(self._rows) if t.id == task_id), -1)

    def sections(self) -> list[str]:
        """The plan's 板块 in order of appearance."""
        return [s for s in dict.fromkeys(t.section for t in self._rows) if s]

    def unit_counts(self) -> dict[str, int]:
        """How many tasks concern each unit (named, or a member of a named group)."""
        counts: dict[str, int] = {}
        for key in self._keys:
            for name in key.units:
                counts[name] = counts.get(name, 0) + 1
        return counts

    # --- QAbstractTableModel -------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_STATE:
            return (
                "本季度的红黄绿状态：红＝滞后、逾期或未按时报送；黄＝临近时限或尚未报送；绿＝正常推进或已完成"
            )
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_STATE:
                state = self._states[row]
                return STATE_LABELS[state.state] if state else ""
            return self._display[row][col]
        if col == COL_STATE:
            state = self._states[row]
            if state is None:
                return None
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon(state.state)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{STATE_LABELS[state.state]}：{state.reason}"
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            t = self._rows[row]
            if col == COL_TITLE:
                return t.text or t.title
            if col in (COL_SECTION, COL_LEAD, COL_CO, COL_DEADLINE):
                return self._display[row][col] or None
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SEQ, COL_LABEL):
            return Qt.AlignmentFlag.AlignCenter
        return None

    # --- sorting ----------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows themselves (``TaskFilterProxy`` forwards header clicks here).

        Sorting here rather than in the proxy keeps filtering free of comparisons: a proxy that
        sorts must place every row a widened filter lets back in, each comparison a call into
        Python. Column -1 (or 序号 ascending) is plan order. Ties keep plan order.
        """
        self._sort = (column, order)
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        moved_from = [self._rows[p.row()].id for p in old]
        self._reorder(column, order)
        position = {t.id: i for i, t in enumerate(self._rows)}
        self.changePersistentIndexList(
            old,
            [self.index(position[task_id], p.column()) for p, task_id in zip(old, moved_from, strict=True)],
        )
        self.layoutChanged.emit()

    def _reorder(self, column: int, order: Qt.SortOrder) -> None:
        """Permute every per-row list by ``column`` (plan order for -1)."""
        n = len(self._rows)
        by_seq = sorted(range(n), key=lambda i: self._rows[i].seq)
        if column < 0 or column in (COL_SEQ, COL_LABEL, COL_SECTION):
            # 编号 like “（十二）” and 板块 like “三、…” sort in plan order, not as text.
            perm = by_seq
        else:
            keys = self._sort_keys(column)
            perm = sorted(by_seq, key=lambda i: keys[i])
        if order == Qt.SortOrder.DescendingOrder:
            perm.reverse()
        self._rows = [self._rows[i] for i in perm]
        self._display = [self._display[i] for i in perm]
        self._keys = [self._keys[i] for i in perm]
        self._states = [self._states[i] for i in perm]

    def _sort_keys(self, column: int) -> list[Any]:
        if column == COL_STATE:
            # Red first when ascending: the tasks that need attention come to the top.
            return [_STATE_RANK[s.state] if s else 3 for s in self._states]
        texts = [d[column] for d in self._display]
        if column == COL_DEADLINE:
            # Dated deadlines first, by date; then those in words; then none.
            texts = [
                f"0 {t.deadline_date}" if t.deadline_date else (f"1 {t.deadline}" if t.deadline else "2")
                for t in self._rows
            ]
        # Chinese names by pinyin (the system's Chinese collation), each distinct text ranked once.
        ranked = sorted(set(texts), key=functools.cmp_to_key(_collator().compare))
        rank = {text: i for i, text in enumerate(ranked)}
        return [rank[t] for t in texts]
