"""The 单位 page's dialogs: add an alias, merge two units (with a preview of what moves), choose a
group's members, and the list of likely duplicate names.

The dialogs only collect the user's choice; the page calls the service once the user confirms,
except the merge preview, which asks ``merge_units(..., dry_run=True)`` (it stores nothing) so the
user sees exactly what will move before saying yes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.db import Database
from gkdesk.errors import UserError
from gkdesk.records import AliasSuggestion, MergeReport, UnitRow
from gkdesk.services.units import merge_units


def unit_combo(units: Sequence[UnitRow], current: str | None = None) -> QComboBox:
    """A combo of the register's units; typing any part of a name narrows the list."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for u in units:
        box.addItem(u.name)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    box.setMinimumContentsLength(24)
    index = box.findText(current) if current else -1
    box.setCurrentIndex(index)
    if index < 0:
        box.setEditText("")
    return box


def chosen_unit(box: QComboBox) -> str | None:
    """The unit named in the combo, or None when the typed text is not a registered unit."""
    text = box.currentText().strip()
    return text if text and box.findText(text) >= 0 else None


def _ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AliasDialog(QDialog):
    """Which unit, and the other way documents print its name."""

    def __init__(self, units: Sequence[UnitRow], unit: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加别名")
        self.unit_box = unit_combo(units, unit)
        self.alias_edit = QLineEdit()
        self.alias_edit.setPlaceholderText("如：市发改委")
        hint = QLabel(
            "别名是文件里对同一单位的另一种写法。以后导入工作要点或收取报送表时，"
            "遇到这个写法就认作所选单位，不会再新建一个单位。"
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("单位：", self.unit_box)
        form.addRow("别名：", self.alias_edit)
        self.buttons = _ok_cancel(self, "添加")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.unit_box.editTextChanged.connect(self._update)
        self.alias_edit.textChanged.connect(self._update)
        self._update()
        self.resize(460, self.sizeHint().height())
        if unit:
            self.alias_edit.setFocus()

    def unit(self) -> str | None:
        return chosen_unit(self.unit_box)

    def alias(self) -> str:
        return self.alias_edit.text().strip()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.unit() and self.alias()))


def describe_merge(report: MergeReport) -> str:
    """What a merge moves, in the words shown before the user confirms."""
    lines = [
        f"“{report.source}”将并入“{report.target}”，此后不再单独出现，它的名称记为“{report.target}”的别名。",
        "",
        f"· 任务关联：转给“{report.target}” {report.links_moved} 条"
        + (
            f"；与“{report.target}”重复、合并为一条的 {report.links_dropped} 条"
            if report.links_dropped
            else ""
        ),
        f"· 别名：转给“{report.target}” {report.aliases_moved} 个（含“{report.source}”本身）",
        f"· 单位组合的成员关系：转移 {report.groups_moved} 条",
        "· 已收到的报送、考核记录一并转给保留的单位。",
    ]
    return "\n".join(lines)


class MergeDialog(QDialog):
    """Pick the unit that goes away and the one it joins; the preview says what moves."""

    def __init__(
        self,
        db: Database,
        units: Sequence[UnitRow],
        source: str | None = None,
        target: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.report: MergeReport | None = None
        self.setWindowTitle("合并单位")
        self.source_box = unit_combo(units, source)
        self.target_box = unit_combo(units, target)
        self.swap_button = QPushButton("互换")
        self.swap_button.setToolTip("把两个单位对调：保留另一个名称")
        self.swap_button.clicked.connect(self.swap)
        form = QFormLayout()
        form.addRow("要并掉的单位：", self.source_box)
        row = QHBoxLayout()
        row.addWidget(self.target_box, 1)
        row.addWidget(self.swap_button)
        form.addRow("并入（保留）：", row)
        self.preview = QLabel()
        self.preview.setObjectName("mergePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumHeight(120)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = _ok_cancel(self, "确认合并")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("合并后将发生的变化："))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.source_box.editTextChanged.connect(self.update_preview)
        self.target_box.editTextChanged.connect(self.update_preview)
        self.update_preview()
        self.resize(560, 360)

    def source(self) -> str | None:
        return chosen_unit(self.source_box)

    def target(self) -> str | None:
        return chosen_unit(self.target_box)

    def swap(self) -> None:
        a, b = self.source_box.currentText(), self.target_box.currentText()
        self.source_box.setEditText(b)
        self.target_box.setEditText(a)
        self.update_preview()

    def update_preview(self) -> None:
        source, target = self.source(), self.target()
        self.report = None
        if not source or not target:
            self.preview.setText("请从列表中选择两个单位。")
        else:
            try:
                self.report = merge_units(self.db, source, target, dry_run=True)
            except UserError as exc:
                self.preview.setText(exc.message)
            else:
                self.preview.setText(describe_merge(self.report))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.report is not None)


class MembersDialog(QDialog):
    """Tick the units a group (各县（市、区）人民政府 …) stands for."""

    def __init__(self, units: Sequence[UnitRow], group: UnitRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"设置成员：{group.name}")
        intro = QLabel(
            f"勾选“{group.name}”包含的单位。任务写明“{group.name}”时，由这些成员单位分别报送。"
            "取消勾选即把该单位移出；一个成员也不剩时，由它自己报送。"
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索单位…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        existing = set(group.members)
        self.existing = existing
        for u in units:
            if u.name == group.name:
                continue
            item = QListWidgetItem(u.name + (f"（{u.category}）" if u.category else ""))
            item.setData(Qt.ItemDataRole.UserRole, u.name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            if u.name in existing:
                item.setCheckState(Qt.CheckState.Checked)
                item.setToolTip("已是成员；取消勾选即移出")
            else:
                item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.count_label = QLabel()
        self.tick_button = QPushButton("勾选列出的全部")
        self.tick_button.setToolTip("先按名称或类别搜索（如“县市区”），再一次勾选列出的单位")
        self.tick_button.clicked.connect(self.tick_shown)
        self.buttons = _ok_cancel(self, "保存")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.tick_button)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update)
        self._update()
        self.resize(460, 520)

    def item_of(self, name: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                return item
        return None

    def _ticked(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if (item := self.list.item(i)).checkState() == Qt.CheckState.Checked
        ]

    def chosen(self) -> list[str]:
        """The newly ticked units."""
        return [name for name in self._ticked() if name not in self.existing]

    def removed(self) -> list[str]:
        """The members the user unticked."""
        ticked = set(self._ticked())
        return sorted(name for name in self.existing if name not in ticked)

    def tick_shown(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden() and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setCheckState(Qt.CheckState.Checked)

    def _filter(self, text: str) -> None:
        needle = text.strip()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text())

    def _update(self) -> None:
        n, gone = len(self.chosen()), len(self.removed())
        parts = ([f"新勾选 {n} 个单位"] if n else []) + ([f"移出 {gone} 个成员"] if gone else [])
        self.count_label.setText("，".join(parts) + "。" if parts else "尚未改动成员。")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(n or gone))


class SuggestionsDialog(QDialog):
    """Pairs of names that look like one unit; a pair is merged only after the merge preview."""

    def __init__(
        self,
        suggestions: Sequence[AliasSuggestion],
        merge: Callable[[AliasSuggestion], Sequence[AliasSuggestion] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("疑似同一单位")
        self._merge = merge
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["单位", "疑似同一单位", "依据"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.merge_selected())
        self.table.itemSelectionChanged.connect(self._update)
        self.merge_button = QPushButton("合并所选…")
        self.merge_button.clicked.connect(self.merge_selected)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.merge_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.set_suggestions(suggestions)
        self.resize(640, 420)

    def set_suggestions(self, suggestions: Sequence[AliasSuggestion]) -> None:
        self.suggestions = list(suggestions)
        self.table.setRowCount(len(self.suggestions))
        for r, s in enumerate(self.suggestions):
            for c, text in enumerate((s.name, s.other, s.reason)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.suggestions:
            self.intro.setText(
                f"以下 {len(self.suggestions)} 对单位名称看起来像同一单位的全称和简称。"
                "确认是同一单位的，选中后点“合并所选…”，合并前会先列出将发生的变化；不是的，不用理会。"
            )
            self.table.selectRow(0)
        else:
            self.intro.setText("名册中没有发现疑似同一单位的名称。")
        self._update()

    def _update(self) -> None:
        self.merge_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def merge_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        refreshed = self._merge(self.suggestions[rows[0].row()])
        if refreshed is not None:
            self.set_suggestions(refreshed)
