"""``ScoreTableModel``: a quarter's (or a year's) score sheet for a QTableView.

Columns: 排名, 单位, 类别, one column per rubric item ("报送时效(15)"), 加分, 扣分, 总分, 等次.
``SORT_ROLE`` gives numbers for the numeric columns, so a QSortFilterProxyModel sorts 9.5 before
10 and not as text. Item cells carry their reasons as tooltips; 等次 is coloured.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from gkdesk.records import ItemScore, RubricItem, ScoreLine, ScoreSheet, UnitScore

SORT_ROLE = Qt.ItemDataRole.UserRole
FIXED_LEFT = ("排名", "单位", "类别")
FIXED_RIGHT = ("加分", "扣分", "总分", "等次")
GOOD_GRADES = {"优秀"}
BAD_GRADES = {"较差", "不合格"}
GOOD = QColor("#1b7f3b")
BAD = QColor("#c62828")

_Index = QModelIndex | QPersistentModelIndex


def points_text(x: float) -> str:
    """15 → "15", 46.7 → "46.7": scores as the score sheet prints them."""
    return f"{x:g}"


def signed(x: float) -> str:
    return f"{x:+g}"


def lines_text(lines: tuple[ScoreLine, ...]) -> str:
    return "\n".join(f"{line.reason}  {signed(line.points)}" for line in lines if line.reason)


class ScoreTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._units: list[UnitScore] = []
        self._items: list[RubricItem] = []

    def set_sheet(self, sheet: ScoreSheet | None) -> None:
        self.beginResetModel()
        self._units = list(sheet.units) if sheet is not None else []
        self._items = list(sheet.rubric.items) if sheet is not None else []
        self.endResetModel()

    def unit_at(self, row: int) -> UnitScore:
        return self._units[row]

    def row_of(self, unit: str) -> int:
        """The row of the named unit, -1 when it is not in the sheet."""
        return next((i for i, u in enumerate(self._units) if u.unit == unit), -1)

    @property
    def item_columns(self) -> range:
        return range(len(FIXED_LEFT), len(FIXED_LEFT) + len(self._items))

    def column_of(self, header: str) -> int:
        """The column whose header is ``header`` ("总分", or an item's "报送时效(15)")."""
        headers = [self._header(c) for c in range(self.columnCount())]
        return headers.index(header)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_LEFT) + len(self._items) + len(FIXED_RIGHT)

    def _header(self, section: int) -> str:
        if section < len(FIXED_LEFT):
            return FIXED_LEFT[section]
        k = section - len(FIXED_LEFT)
        if k < len(self._items):
            item = self._items[k]
            return f"{item.name}({points_text(item.max_points)})"
        return FIXED_RIGHT[k - len(self._items)]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self.columnCount()):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(section)
        if role == Qt.ItemDataRole.ToolTipRole and section in self.item_columns:
            return self._items[section - len(FIXED_LEFT)].description or None
        return None

    def _item(self, unit: UnitScore, column: int) -> ItemScore:
        return unit.items[column - len(FIXED_LEFT)]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._units)):
            return None
        u = self._units[index.row()]
        col = index.column()
        name = self._header(col)
        is_item = col in self.item_columns
        if role == Qt.ItemDataRole.DisplayRole:
            if is_item:
                return points_text(self._item(u, col).points)
            return {
                "排名": str(u.rank),
                "单位": u.unit,
                "类别": u.category,
                "加分": points_text(u.bonus) if u.bonus else "",
                "扣分": points_text(u.penalty) if u.penalty else "",
                "总分": f"{u.total:.1f}",
                "等次": u.grade,
            }[name]
        if role == SORT_ROLE:
            if is_item:
                return self._item(u, col).points
            return {
                "排名": u.rank,
                "单位": u.unit,
                "类别": u.category,
                "加分": u.bonus,
                "扣分": u.penalty,
                "总分": u.total,
                "等次": u.total,  # grades follow totals (a 单项否决 aside)
            }[name]
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_item:
                item = self._item(u, col)
                return f"{item.name}：{points_text(item.points)} / {points_text(item.max_points)}\n" + (
                    lines_text(item.lines) or "满分"
                )
            if name == "加分" and u.bonus_lines:
                return lines_text(u.bonus_lines)
            if name == "扣分" and u.penalty_lines:
                return lines_text(u.penalty_lines)
            if name == "单位":
                return u.unit  # the column may be too narrow for a long name
            if name == "等次" and u.veto:
                return f"单项否决：{u.veto}"
            return None
        if role == Qt.ItemDataRole.ForegroundRole and name == "等次":
            if u.grade in GOOD_GRADES:
                return GOOD
            if u.grade in BAD_GRADES:
                return BAD
            return None
        if role == Qt.ItemDataRole.FontRole and name in ("总分", "等次"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and name not in ("单位", "类别"):
            return Qt.AlignmentFlag.AlignCenter
        return None
