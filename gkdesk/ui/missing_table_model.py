"""``MissingTableModel``: one of the three lists beside the collect results on the 季度报送 page —
units that have not reported, reported late, or left required cells empty (from
``tracking.missing``), each as 单位 and a short 情况 in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from gkdesk.records import MissingReport
from gkdesk.ui.table_base import RowsTableModel

Kind = Literal["missing", "late", "incomplete"]
HEADERS = ("单位", "情况")

_Index = QModelIndex | QPersistentModelIndex


def seq_list(seqs: Sequence[int], limit: int = 8) -> str:
    """第 1、3、5 项 — long lists are cut, the count keeps the size visible."""
    shown = "、".join(str(s) for s in seqs[:limit])
    return f"第 {shown} 项" + (f" 等 {len(seqs)} 项" if len(seqs) > limit else "")


def rows_of(report: MissingReport, kind: Kind) -> list[tuple[str, str, str]]:
    """(unit, 情况, full detail for the tooltip) for one of the three lists."""
    if kind == "missing":
        return [
            (u, f"未报 {seq_list(s)}", f"未报送第 {'、'.join(map(str, s))} 项") for u, s in report.missing
        ]
    if kind == "late":
        return [(u, f"逾期 {d} 个工作日", f"首次报送晚于截止日期 {d} 个工作日") for u, d in report.late]
    return [
        (u, f"{seq_list(s)}缺必填内容", f"第 {'、'.join(map(str, s))} 项未选完成状态或未填进展情况")
        for u, s in report.incomplete
    ]


class MissingTableModel(RowsTableModel):
    HEADERS = HEADERS

    def __init__(self, kind: Kind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._rows: list[tuple[str, str, str]] = []

    def set_report(self, report: MissingReport | None) -> None:
        self.beginResetModel()
        self._rows = rows_of(report, self.kind) if report is not None else []
        self.endResetModel()

    def unit_at(self, row: int) -> str:
        return self._rows[row][0]

    def units(self) -> list[str]:
        return [r[0] for r in self._rows]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit, text, detail = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (unit, text)[index.column()] if index.column() < 2 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{unit}：{detail}"
        return None
