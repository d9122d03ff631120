"""What the flat table models share: rows in a list, fixed column headers.

Subclasses keep their rows in ``self._rows`` and name their columns in ``HEADERS``; they add
``data`` (and ``headerData`` when headers need more than their text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

Index = QModelIndex | QPersistentModelIndex


def change_filter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Apply ``change`` to the proxy's filter state and re-filter its rows.

    Qt 6.10 added begin/endFilterChange and deprecated invalidateFilter; the Linux packages are
    built with 6.9 (glibc 2.28), so both Qt versions are served.
    """
    end = getattr(proxy, "endFilterChange", None)
    if end is not None:
        proxy.beginFilterChange()
        change()
        end(QSortFilterProxyModel.Direction.Rows)  # type: ignore[attr-defined]
    else:
        change()
        proxy.invalidateFilter()


class RowsTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()
    _rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None
