"""``UnitTableModel``: the unit register (``UnitRow`` records) for the 单位 page, and
``UnitFilterProxy``, which keeps the rows matching the search box.

简称 and 类别 are edited in place; the model does not write to the database itself but hands the
edit to ``commit(row, field, value)`` (the page calls the service and says what went wrong), so a
refused edit leaves the table showing what is stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gkdesk.records import UnitRow
from gkdesk.ui.table_base import RowsTableModel, change_filter

HEADERS = ("排序", "单位名称", "简称", "类别", "别名", "成员", "任务数")
COL_ORDER, COL_NAME, COL_SHORT, COL_CATEGORY, COL_ALIASES, COL_MEMBERS, COL_TASKS = range(len(HEADERS))
EDITABLE = {COL_SHORT: "short_name", COL_CATEGORY: "category"}

_Index = QModelIndex | QPersistentModelIndex
CommitFn = Callable[[UnitRow, str, str], bool]
_GREY = QColor("#888888")


class UnitTableModel(RowsTableModel):
    HEADERS = HEADERS

    def __init__(
        self, rows: Sequence[UnitRow] = (), parent: QObject | None = None, *, commit: CommitFn | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: list[UnitRow] = list(rows)
        self.commit = commit

    def set_rows(self, rows: Sequence[UnitRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[UnitRow]:
        return list(self._rows)

    def row_at(self, row: int) -> UnitRow:
        return self._rows[row]

    def row_of(self, name: str) -> int:
        """The model row of the unit called ``name``, -1 when absent."""
        return next((i for i, u in enumerate(self._rows) if u.name == name), -1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section in EDITABLE:
            return "双击可修改"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE and self.commit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        u = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(u, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_NAME:
                notes = []
                if u.is_group:
                    notes.append(
                        "单位组合：任务由其成员分别报送" if u.members else "单位组合（尚未设置成员）"
                    )
                if not u.active:
                    notes.append("已停用")
                return "\n".join([u.name, *notes])
            if col == COL_ALIASES and u.aliases:
                return "\n".join(u.aliases)
            if col == COL_MEMBERS and u.members:
                return "\n".join(u.members)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not u.active:
            return QBrush(_GREY)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ORDER, COL_TASKS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(u: UnitRow, col: int) -> Any:
        if col == COL_ORDER:
            return u.sort_order
        if col == COL_NAME:
            return u.name
        if col == COL_SHORT:
            return u.short_name
        if col == COL_CATEGORY:
            return u.category
        if col == COL_ALIASES:
            return "、".join(u.aliases)
        if col == COL_MEMBERS:
            if u.is_group and not u.members:
                return "（组合，未设成员）"
            return "、".join(u.members)
        if col == COL_TASKS:
            return u.tasks
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE:
            return False
        if self.commit is None or not 0 <= index.row() < len(self._rows):
            return False
        field = EDITABLE[index.column()]
        text = str(value or "").strip()
        row = self._rows[index.row()]
        if getattr(row, field) == text:
            return False
        if not self.commit(row, field, text):
            return False
        # The commit may have reloaded the whole table; only patch the row if it is still there.
        at = self.row_of(row.name)
        if at >= 0:
            current = self._rows[at]
            self._rows[at] = (
                dataclasses.replace(current, short_name=text)
                if field == "short_name"
                else dataclasses.replace(current, category=text)
            )
            changed = self.index(at, index.column())
            self.dataChanged.emit(changed, changed)
        return True


class UnitFilterProxy(QSortFilterProxyModel):
    """Keeps units whose name, 简称, 类别, aliases or members contain the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_search(self, text: str) -> None:
        change_filter(self, lambda: setattr(self, "_needle", text.strip().casefold()))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        if not isinstance(model, UnitTableModel) or source_row >= model.rowCount():
            return True
        u = model.row_at(source_row)
        hay = " ".join((u.name, u.short_name, u.category, *u.aliases, *u.members)).casefold()
        return all(part in hay for part in self._needle.split())
