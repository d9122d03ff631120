"""The 单位 page: the unit register with its order, 简称, 类别, aliases and group members.

简称 and 类别 are edited in the table; the buttons add an alias, merge two units (after a preview
of what moves), set a group's members, move a unit up or down the register's order (the order
of every list and notice), and list names that look like the same unit. Every change goes through
``gkdesk.services.units`` and ends with ``ctx.notify("units")``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gkdesk.errors import UserError
from gkdesk.records import AliasSuggestion, UnitRow
from gkdesk.services.units import (
    add_alias,
    list_units,
    merge_units,
    remove_group_members,
    set_group_members,
    suggest_aliases,
    update_unit,
)
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import show_error
from gkdesk.ui.pages.base import Page
from gkdesk.ui.unit_dialogs import AliasDialog, MembersDialog, MergeDialog, SuggestionsDialog, describe_merge
from gkdesk.ui.unit_table_model import (
    COL_ALIASES,
    COL_CATEGORY,
    COL_MEMBERS,
    COL_NAME,
    COL_ORDER,
    COL_SHORT,
    COL_TASKS,
    UnitFilterProxy,
    UnitTableModel,
)

# Offered in the 类别 editor even before any unit uses them; the user may type any other.
COMMON_CATEGORIES = ("市直部门", "县市区", "管委会")


class _CategoryDelegate(QStyledItemDelegate):
    """类别 is typed or picked from the categories already in use, so spellings stay consistent."""

    def __init__(self, page: UnitsPage) -> None:
        super().__init__(page)
        self.page = page

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItems(self.page.categories())
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setEditText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]
        else:
            super().setModelData(editor, model, index)  # type: ignore[arg-type]


class UnitsPage(Page):
    title = "单位"
    topics = ("units",)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = UnitTableModel(parent=self, commit=self._commit_edit)
        self.proxy = UnitFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索单位名称、简称、别名、类别…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.count_label = QLabel()

        self.alias_button = QPushButton("添加别名…")
        self.merge_button = QPushButton("合并单位…")
        self.members_button = QPushButton("设置成员…")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        self.suggest_button = QPushButton("疑似同名…")
        self.alias_button.setToolTip("文件中对同一单位的另一种写法，以后自动认作该单位")
        self.merge_button.setToolTip("把所选单位并入另一个单位（先预览将发生的变化）")
        self.members_button.setToolTip("为“各县（市、区）人民政府”这类单位组合指定成员单位")
        self.up_button.setToolTip("在名册顺序中上移一位；名册顺序也是各种名单和通知中的顺序")
        self.down_button.setToolTip("在名册顺序中下移一位")
        self.suggest_button.setToolTip("列出名称像同一单位全称与简称的单位，确认后可合并")
        self.alias_button.clicked.connect(self.add_alias)
        self.merge_button.clicked.connect(lambda: self.merge())
        self.members_button.clicked.connect(self.set_members)
        self.up_button.clicked.connect(lambda: self.move_unit(-1))
        self.down_button.clicked.connect(lambda: self.move_unit(1))
        self.suggest_button.clicked.connect(self.show_suggestions)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegateForColumn(COL_CATEGORY, _CategoryDelegate(self))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col, mode in (
            (COL_ORDER, QHeaderView.ResizeMode.ResizeToContents),
            (COL_NAME, QHeaderView.ResizeMode.Interactive),
            (COL_SHORT, QHeaderView.ResizeMode.Interactive),
            (COL_CATEGORY, QHeaderView.ResizeMode.Interactive),
            (COL_ALIASES, QHeaderView.ResizeMode.Stretch),
            (COL_MEMBERS, QHeaderView.ResizeMode.Stretch),
            (COL_TASKS, QHeaderView.ResizeMode.ResizeToContents),
        ):
            header.setSectionResizeMode(col, mode)
        header.resizeSection(COL_NAME, 260)
        header.resizeSection(COL_SHORT, 110)
        header.resizeSection(COL_CATEGORY, 100)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.alias_button, self.merge_button, self.members_button):
            buttons.addWidget(b)
        buttons.addSpacing(16)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.suggest_button)
        buttons.addStretch(1)
        hint = QLabel(
            "双击“简称”或“类别”可直接修改；类别用于考核时分类排名。"
            "名册顺序就是各类名单、报送表和通知中单位的先后顺序。"
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self._update_buttons()

    # --- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.selected_unit()
        self.model.set_rows(list_units(self.ctx.db))
        self._update_count()
        if keep is not None:
            self.select_unit(keep.name)
        self._update_buttons()

    def categories(self) -> list[str]:
        used = [u.category for u in self.model.rows() if u.category]
        return list(dict.fromkeys([*COMMON_CATEGORIES, *used]))

    def selected_unit(self) -> UnitRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_unit(self, name: str) -> bool:
        row = self.model.row_of(name)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, COL_NAME))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"共 {total} 个单位" if shown == total else f"显示 {shown} / {total} 个单位")

    def _update_buttons(self) -> None:
        unit = self.selected_unit()
        row = self.table.selectionModel().selectedRows()[0].row() if unit is not None else -1
        self.members_button.setEnabled(unit is not None)
        self.up_button.setEnabled(unit is not None and row > 0)
        self.down_button.setEnabled(unit is not None and 0 <= row < self.proxy.rowCount() - 1)
        self.merge_button.setEnabled(self.model.rowCount() > 1)
        self.alias_button.setEnabled(self.model.rowCount() > 0)

    def _changed(self) -> None:
        self.ctx.notify("units")

    # --- edits -------------------------------------------------------------------------------------

    def _commit_edit(self, row: UnitRow, field: str, value: str) -> bool:
        try:
            if field == "short_name":
                update_unit(self.ctx.db, row.name, short_name=value)
            else:
                update_unit(self.ctx.db, row.name, category=value)
        except UserError as exc:
            show_error(self, exc)
            return False
        # Later, not inside the editor's commit: a reload now would pull the table from under it.
        QTimer.singleShot(0, self._changed)
        return True

    def add_alias(self) -> None:
        unit = self.selected_unit()
        dialog = AliasDialog(self.model.rows(), unit.name if unit else None, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            name, alias = dialog.unit(), dialog.alias()
            if not name or not alias:
                return
            try:
                add_alias(self.ctx.db, alias, name)
            except UserError as exc:
                show_error(self, exc)
                continue  # the dialog comes back with what the user typed
            self._changed()
            self.select_unit(name)
            return

    def merge(self, source: str | None = None, target: str | None = None) -> bool:
        """Merge after the preview; returns True when the units were merged."""
        if source is None:
            unit = self.selected_unit()
            source = unit.name if unit else None
        dialog = MergeDialog(self.ctx.db, self.model.rows(), source, target, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        src, dst = dialog.source(), dialog.target()
        if not src or not dst:
            return False
        try:
            report = merge_units(self.ctx.db, src, dst)
        except UserError as exc:
            show_error(self, exc)
            return False
        self._changed()
        self.select_unit(report.target)
        QMessageBox.information(self, "已合并", describe_merge(report).replace("将并入", "已并入", 1))
        return True

    def set_members(self) -> None:
        group = self.selected_unit()
        if group is None:
            return
        if not group.is_group:
            answer = QMessageBox.question(
                self,
                "设为单位组合",
                f"“{group.name}”目前不是单位组合。设置成员后，任务中写明“{group.name}”时，"
                "将由各成员单位分别报送，它自己不再报送。\n\n继续设置成员吗？",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        dialog = MembersDialog(self.model.rows(), group, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        members, removed = dialog.chosen(), dialog.removed()
        if not members and not removed:
            return
        try:
            if members:
                set_group_members(self.ctx.db, group.name, members)
            if removed:
                remove_group_members(self.ctx.db, group.name, removed)
        except UserError as exc:
            show_error(self, exc)
            return
        self._changed()
        self.select_unit(group.name)

    def move_unit(self, step: int) -> None:
        """Swap the selected unit's place with its visible neighbour above (-1) or below (1)."""
        unit = self.selected_unit()
        if unit is None:
            return
        at = self.table.selectionModel().selectedRows()[0].row()
        there = at + step
        if not 0 <= there < self.proxy.rowCount():
            return
        other = self.model.row_at(self.proxy.mapToSource(self.proxy.index(there, 0)).row())
        try:
            if unit.sort_order != other.sort_order:
                update_unit(self.ctx.db, unit.name, order=other.sort_order)
                update_unit(self.ctx.db, other.name, order=unit.sort_order)
            else:
                self._renumber_swapping(unit.name, other.name)
        except UserError as exc:
            show_error(self, exc)
        self._changed()
        self.select_unit(unit.name)

    def _renumber_swapping(self, a: str, b: str) -> None:
        # Two units share a number (set by hand elsewhere): number the register 1, 2, 3 … in its
        # current order with the two swapped, so the move is visible and stays put.
        names = [u.name for u in self.model.rows()]
        i, j = names.index(a), names.index(b)
        names[i], names[j] = names[j], names[i]
        current = {u.name: u.sort_order for u in self.model.rows()}
        for order, name in enumerate(names, start=1):
            if current[name] != order:
                update_unit(self.ctx.db, name, order=order)

    def show_suggestions(self) -> None:
        try:
            suggestions = suggest_aliases(self.ctx.db)
        except UserError as exc:
            show_error(self, exc)
            return
        dialog = SuggestionsDialog(suggestions, self._merge_suggestion, self)
        self.suggestions_dialog = dialog
        dialog.exec()

    def _merge_suggestion(self, s: AliasSuggestion) -> Sequence[AliasSuggestion] | None:
        # The fuller name is usually the one to keep; the preview has 互换 if not.
        source, target = (s.name, s.other) if len(s.name) < len(s.other) else (s.other, s.name)
        if not self.merge(source, target):
            return None
        return suggest_aliases(self.ctx.db)
