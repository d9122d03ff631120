"""``TaskTableModel``: a plan's tasks (``TaskRow`` records) for a QTableView."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gkdesk.records import TaskRow

_HEADERS = ("序号", "编号", "板块", "任务", "牵头单位", "配合单位", "时限")

_Index = QModelIndex | QPersistentModelIndex


class TaskTableModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[TaskRow] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TaskRow] = list(rows)

    def set_rows(self, rows: Sequence[TaskRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> TaskRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        t = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (t.seq, t.label, t.section, t.title, "、".join(t.lead), "、".join(t.co), t.deadline or "")[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return t.text
        return None
