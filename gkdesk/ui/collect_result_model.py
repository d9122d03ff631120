"""``CollectResultTableModel``: one row per returned file after 收取回执 (``CollectResult`` records).

The 结果 column is coloured so a refused file stands out among dozens; 问题 shows the first
problem and how many there are (double-clicking a row on the page shows them all).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gkdesk.records import CollectResult
from gkdesk.ui.table_base import RowsTableModel

HEADERS = ("文件", "单位", "结果", "行数", "问题")
COL_FILE, COL_UNIT, COL_RESULT, COL_ROWS, COL_PROBLEMS = range(len(HEADERS))
RESULT_LABELS = {"accepted": "已收取", "replaced": "已更新", "unchanged": "无变化", "refused": "拒收"}
# Text and background of the 结果 cell: green stored, blue updated, grey nothing new, red refused.
RESULT_COLOURS = {
    "accepted": ("#1b5e20", "#e8f5e9"),
    "replaced": ("#0d47a1", "#e3f2fd"),
    "unchanged": ("#555555", "#f0f0f0"),
    "refused": ("#b71c1c", "#ffebee"),
}

_Index = QModelIndex | QPersistentModelIndex


def problem_summary(r: CollectResult) -> str:
    if r.errors:
        more = f"（共 {len(r.errors)} 处问题，双击查看）" if len(r.errors) > 1 else ""
        return r.errors[0] + more
    if r.warnings:
        more = f"（共 {len(r.warnings)} 条提示）" if len(r.warnings) > 1 else ""
        return "提示：" + r.warnings[0] + more
    if r.result == "unchanged":
        return "与上次收取的文件完全相同，未重复保存"
    return ""


class CollectResultTableModel(RowsTableModel):
    HEADERS = HEADERS

    def __init__(self, results: Sequence[CollectResult] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CollectResult] = list(results)

    def set_results(self, results: Sequence[CollectResult]) -> None:
        self.beginResetModel()
        self._rows = list(results)
        self.endResetModel()

    def results(self) -> list[CollectResult]:
        return list(self._rows)

    def result_at(self, row: int) -> CollectResult:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_FILE:
                return r.file
            if col == COL_UNIT:
                return r.unit or "（未能识别）"
            if col == COL_RESULT:
                return RESULT_LABELS.get(r.result, r.result)
            if col == COL_ROWS:
                return r.rows
            if col == COL_PROBLEMS:
                return problem_summary(r)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_FILE, COL_PROBLEMS):
            lines = [*r.errors, *(f"提示：{w}" for w in r.warnings)]
            return "\n".join(lines[:15]) if col == COL_PROBLEMS and lines else r.file
        if col == COL_RESULT and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            fg, bg = RESULT_COLOURS.get(r.result, ("#000000", "#ffffff"))
            return QBrush(QColor(fg if role == Qt.ItemDataRole.ForegroundRole else bg))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_PROBLEMS and r.errors:
            return QBrush(QColor(RESULT_COLOURS["refused"][0]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_ROWS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == COL_RESULT:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None
