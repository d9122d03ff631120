"""The import wizard's 表格各列的用途 strip: what each column of a 任务分工表 was read as.

One entry per column of the table: its header (or 第N列) and a combo box of the roles by their
Chinese names, the parser's guess chosen. Guesses the parser is not sure of are highlighted, a
role remembered from an earlier import says so in its tooltip. Choosing another role emits
``role_chosen``; the wizard re-reads the document with the choice (keyed by header text, as
``parse_document(columns=…)`` takes it) and shows the result with ``show_columns``, or puts the
combo box back with ``revert`` when the choice cannot be used.

The helpers below the widget work out what a choice means for the table (``choose_role``) and
whether the table can still be read with it (``check_roles``), without any widget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gkdesk.parsing.columns import ROLE_NAMES, ROLES, ColumnRole, header_key
from gkdesk.records import TableColumn

# A pale yellow that black text stays readable on (the preview's colours mean other things).
UNSURE_COLUMN_COLOR = QColor("#fff1b0")
UNSURE_TIP = "程序不能确定这一列的用途，请核对"
REMEMBERED_TIP = "按上次的选择"
CHOSEN_TIP = "按你刚才的选择"
NO_HEADER_TIP = "这张表格没有表头，不能在这里改这一列的用途"

_ENTRY_WIDTH = 128
_HINT = (
    "黄色的列程序不能确定用途，请核对。改了某一列的用途，会立即按新的用途重新读取表格；"
    "保存后，下次导入表头相同的表格时沿用这些选择。"
)


def column_name(column: TableColumn) -> str:
    """The header as printed, or 第N列 when the table has none."""
    return column.header.strip() or f"第{column.index + 1}列"


def role_of(column: TableColumn) -> ColumnRole:
    return cast(ColumnRole, column.role) if column.role in ROLES else "ignore"


def table_groups(columns: Sequence[TableColumn]) -> list[tuple[int, tuple[TableColumn, ...]]]:
    """The tables worth a choice, in order: a table whose header row repeats an earlier table's,
    or a headerless table after another (read as its continuation), adds nothing new."""
    by_table: dict[int, list[TableColumn]] = {}
    for c in columns:
        by_table.setdefault(c.table, []).append(c)
    out: list[tuple[int, tuple[TableColumn, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for table, cols in by_table.items():
        cols.sort(key=lambda c: c.index)
        headers = tuple(header_key(c.header) for c in cols)
        if headers in seen or (out and not any(headers)):
            continue
        seen.add(headers)
        out.append((table, tuple(cols)))
    return out


def choose_role(
    columns: Sequence[TableColumn], index: int, role: ColumnRole
) -> tuple[dict[str, ColumnRole], str]:
    """The choices (header → role) that giving column ``index`` the role ``role`` takes, and a note.

    A table has one 任务内容 column: choosing it for another column moves the former one to
    分类（章节） when it stands to the left (where categories stand), else to 不导入.
    """
    target = next(c for c in columns if c.index == index)
    choices: dict[str, ColumnRole] = {target.header: role}
    note = ""
    if role == "task":
        for c in columns:
            if c.index == index or c.role != "task" or not header_key(c.header):
                continue
            if header_key(c.header) == header_key(target.header):
                continue
            moved: ColumnRole = "section" if c.index < index else "ignore"
            choices[c.header] = moved
            note = f"原来的任务内容列“{column_name(c)}”已改为“{ROLE_NAMES[moved]}”。"
    return choices, note


def roles_after(
    columns: Sequence[TableColumn], index: int, choices: Mapping[str, ColumnRole]
) -> list[ColumnRole]:
    """The roles of the table once ``choices`` apply: to the chosen column, and to every other
    column under the same header except the one a shared (spanned) header leaves as 序号."""
    keyed = {header_key(k): v for k, v in choices.items()}
    out: list[ColumnRole] = []
    for c in columns:
        role = keyed.get(header_key(c.header)) if header_key(c.header) else None
        if role is None or (c.index != index and c.role == "label" and role != "label"):
            out.append(role_of(c))
        else:
            out.append(role)
    return out


def shares_header(columns: Sequence[TableColumn], index: int, role: ColumnRole) -> bool:
    """Whether giving column ``index`` the role ``role`` would change another column too: choices
    are keyed by header text, so two columns under one header (责任单位, 责任单位) change together.
    Only a 序号 column under a header spanning it and the text column is left alone."""
    target = next(c for c in columns if c.index == index)
    key = header_key(target.header)
    return any(
        c.index != index and header_key(c.header) == key and role_of(c) != role and c.role != "label"
        for c in columns
    )


def check_roles(roles: Sequence[ColumnRole], name: str) -> str | None:
    """Why a table with these roles cannot be read (a message for the user), or None."""
    tasks = roles.count("task")
    if tasks == 0:
        return (
            f"每张任务表都要有一列“任务内容”，不能把“{name}”列改成别的用途。\n\n"
            "如果任务内容其实在另一列，请把那一列设为“任务内容”。"
        )
    if tasks > 1:
        return "一张表格中只能有一列“任务内容”，请把其他列改为“分类（章节）”或“不导入”。"
    if not set(roles) & {"lead", "co", "label", "deadline"}:
        return "表格中还要有“牵头单位”“配合单位”“序号”或“完成时限”中的至少一列，程序才能按表格逐行读出任务。"
    return None


class ColumnEntry(QFrame):
    """One column: its name over a combo box of the roles."""

    def __init__(self, column: TableColumn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.unsure = False
        self.name_label = QLabel()
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name = column_name(column)
        metrics = self.name_label.fontMetrics()
        self.name_label.setText(metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, _ENTRY_WIDTH - 8))
        self.name_label.setToolTip(name)
        self.combo = QComboBox()
        for role in ROLES:
            self.combo.addItem(ROLE_NAMES[role], role)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.name_label)
        layout.addWidget(self.combo)
        self.setFixedWidth(_ENTRY_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(False)

    def show_role(self, role: ColumnRole, *, unsure: bool, why: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(role))
        self.unsure = unsure
        self.setAutoFillBackground(unsure)
        if unsure:
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Window, UNSURE_COLUMN_COLOR)
            self.setPalette(palette)
        else:
            self.setPalette(QPalette())
        name = column_name(self.column)
        self.combo.setToolTip(f"“{name}”：{why}" if why else f"“{name}”")

    def role(self) -> ColumnRole:
        return cast(ColumnRole, self.combo.currentData())


class ColumnRolesStrip(QGroupBox):
    """The columns of one task table and their roles; ``role_chosen(table, column, role)``."""

    role_chosen = Signal(int, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("表格各列的用途", parent)
        self.entries: list[ColumnEntry] = []
        self._groups: list[tuple[int, tuple[TableColumn, ...]]] = []
        self._remembered: dict[str, ColumnRole] = {}
        self._chosen: dict[str, ColumnRole] = {}

        self.table_label = QLabel("表格：")
        self.table_combo = QComboBox()
        self.table_combo.setToolTip("文件中有几张列不同的表格，选一张查看、修改它各列的用途")
        self.table_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table_combo.activated.connect(lambda _: self._fill())
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._inner = QWidget()
        self._inner.setLayout(self._row)
        self.entry_area = QScrollArea()
        self.entry_area.setWidget(self._inner)
        self.entry_area.setWidgetResizable(True)
        self.entry_area.setFrameShape(QFrame.Shape.NoFrame)
        self.entry_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entry_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.hint = QLabel(_HINT)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f5f5f;")

        chooser = QVBoxLayout()
        chooser.addWidget(self.table_label)
        chooser.addWidget(self.table_combo)
        top = QHBoxLayout()
        top.addLayout(chooser)
        top.addWidget(self.entry_area, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.hint)

    # --- what the wizard calls ------------------------------------------------------------------

    def show_columns(
        self,
        columns: Sequence[TableColumn],
        *,
        remembered: Mapping[str, ColumnRole] | None = None,
        chosen: Mapping[str, ColumnRole] | None = None,
        keep_table: bool = False,
    ) -> None:
        """Show the tables of a parsed document (hidden when it has none). ``remembered`` and
        ``chosen`` (header → role) say where a role came from; with ``keep_table`` (the same
        document read again) the table shown so far stays chosen."""
        shown = self.current_table() if keep_table else None
        self._groups = table_groups(columns)
        self._remembered = {header_key(k): v for k, v in (remembered or {}).items()}
        self._chosen = {header_key(k): v for k, v in (chosen or {}).items()}
        self.table_combo.clear()
        for n, (table, cols) in enumerate(self._groups, start=1):
            self.table_combo.addItem(f"第{n}张表（{len(cols)}列）", table)
            names = "、".join(column_name(c) for c in cols)
            self.table_combo.setItemData(n - 1, names, Qt.ItemDataRole.ToolTipRole)
        at = self.table_combo.findData(shown) if shown is not None else -1
        self.table_combo.setCurrentIndex(max(at, 0))
        several = len(self._groups) > 1
        self.table_label.setVisible(several)
        self.table_combo.setVisible(several)
        self.setVisible(bool(self._groups))
        self._fill()

    def current_table(self) -> int | None:
        table = self.table_combo.currentData()
        return table if isinstance(table, int) else None

    def columns(self) -> tuple[TableColumn, ...]:
        """The columns of the table shown."""
        table = self.current_table()
        return next((cols for t, cols in self._groups if t == table), ())

    def revert(self) -> None:
        """Put every combo box back to the role last shown (a choice that was not taken)."""
        for entry in self.entries:
            entry.combo.setCurrentIndex(entry.combo.findData(role_of(entry.column)))

    def set_busy(self, busy: bool) -> None:
        self.setEnabled(not busy)

    # --- inside ---------------------------------------------------------------------------------

    def _fill(self) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.entries = []
        for column in self.columns():
            entry = ColumnEntry(column)
            key = header_key(column.header)
            role = role_of(column)
            if key and self._chosen.get(key) == role:
                why = CHOSEN_TIP
            elif key and self._remembered.get(key) == role:
                why = REMEMBERED_TIP
            elif not column.sure:
                why = UNSURE_TIP
            else:
                why = "程序根据表头和内容判断"
            if not key:
                why += "；" + NO_HEADER_TIP
                entry.combo.setEnabled(False)
            entry.show_role(role, unsure=not column.sure, why=why)
            entry.combo.activated.connect(lambda _i, e=entry: self._activated(e))
            self._row.addWidget(entry)
            self.entries.append(entry)
        self._row.addStretch(1)
        self._fit_height()

    def _fit_height(self) -> None:
        """As high as the entries, plus a scroll bar when they are wider than the strip."""
        wanted = self._inner.minimumSizeHint()
        wide = wanted.width() > self.entry_area.viewport().width()
        bar = self.entry_area.horizontalScrollBar().sizeHint().height() if wide else 0
        self.entry_area.setFixedHeight(wanted.height() + bar)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _activated(self, entry: ColumnEntry) -> None:
        role = entry.role()
        if role != role_of(entry.column):
            self.role_chosen.emit(entry.column.table, entry.column.index, role)
