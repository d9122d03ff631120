"""``TaskFilterProxy``: filters a ``TaskTableModel`` by search text, unit, 板块 and state.

Header clicks sort the model itself (see ``TaskTableModel.sort``). Filtering runs on every
keystroke, so ``filterAcceptsRow`` only looks up the row's pre-computed ``FilterKey`` (see
task_table_model) and tests a few substrings; nothing is formatted or fetched.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from gkdesk.ui.table_base import change_filter
from gkdesk.ui.task_table_model import TaskTableModel, search_key


class TaskFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: TaskTableModel | None = None
        self._terms: tuple[str, ...] = ()
        self._unit = ""
        self._section = ""
        self._state = ""
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, TaskTableModel):
            raise TypeError("TaskFilterProxy shows a TaskTableModel")
        self._source = model
        super().setSourceModel(model)

    # --- the filters -------------------------------------------------------------------------------

    def set_search(self, text: str | None) -> None:
        """Rows containing every word of ``text`` (split at spaces), in any of their texts."""
        terms = tuple(dict.fromkeys(search_key(text or "").split()))
        if terms != self._terms:
            self._refilter("_terms", terms)

    def set_unit(self, name: str | None) -> None:
        """Rows where ``name`` leads or co-operates (directly or through a group); None = all."""
        self._refilter("_unit", name or "")

    def set_section(self, section: str | None) -> None:
        self._refilter("_section", section or "")

    def set_state(self, state: str | None) -> None:
        """ "red", "yellow", "green", or None for all."""
        self._refilter("_state", state or "")

    def clear_filters(self) -> None:
        change_filter(self, self._clear)

    def _clear(self) -> None:
        self._terms, self._unit, self._section, self._state = (), "", "", ""

    @property
    def filtering(self) -> bool:
        return bool(self._terms or self._unit or self._section or self._state)

    def _refilter(self, name: str, value: object) -> None:
        if getattr(self, name) == value:
            return
        change_filter(self, lambda: setattr(self, name, value))

    # --- QSortFilterProxyModel ---------------------------------------------------------------------

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._source is None:
            return True
        key = self._source.filter_key(source_row)
        if self._state and key.state != self._state:
            return False
        if self._section and key.section != self._section:
            return False
        if self._unit and self._unit not in key.units:
            return False
        search = key.search
        return all(term in search for term in self._terms)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The model sorts its own rows and this proxy keeps them in that order: see
        # TaskTableModel.sort for why. The header still shows the column and direction.
        if self._source is not None:
            self._source.sort(column, order)
