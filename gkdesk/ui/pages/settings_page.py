"""The 设置 page: the office's settings, this computer's user name, the database, backups.

办公室设置 live in the database (every computer on a shared database sees the same), one field
per ``gkdesk.services.settings.SPECS`` entry; 保存 checks every changed field through the service
before storing any, so a bad value is named, keeps its text, and nothing is half saved.
本机设置 (the name written in the change log) stays in this computer's settings file.
数据库 shows what is open and tries another database before it is chosen for the next start
(QSettings key ``database/url``). 备份与恢复 copies the SQLite file into the backups folder and
puts a backup back in place (after keeping a safety copy); both run off the GUI thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gkdesk.config import as_database_url, load_settings, save_settings
from gkdesk.errors import UserError
from gkdesk.records import LETTERHEAD_MODES
from gkdesk.services import maintenance
from gkdesk.services.maintenance import BackupRow
from gkdesk.services.settings import BY_KEY, SPECS, get_settings, parse_value, set_setting
from gkdesk.services.workdays import WorkCalendar
from gkdesk.ui import file_dialogs
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import show_error
from gkdesk.ui.pages.base import Page
from gkdesk.ui.workers import Job, run_job

DB_URL_KEY = "database/url"
DATE_LIST_KEYS = ("holidays", "workdays")
STATUS_CHOICES = (("黄灯", "yellow"), ("红灯", "red"))
# Settings chosen from a list: (label shown, value stored).
CHOICES = {
    "status_not_started": STATUS_CHOICES,
    "letterhead_mode": tuple((label, value) for value, label in LETTERHEAD_MODES),
}
# Settings whose help is shown beside the field (the others show it as the empty field's hint);
# the spec's own help for 未启动 names the stored values, which the combo box hides.
HELP_BESIDE = {
    "status_yellow_days": BY_KEY["status_yellow_days"].help,
    "max_text_length": BY_KEY["max_text_length"].help,
    "status_not_started": "报为“未启动”的任务在进度表中亮哪种灯",
    "letterhead_mode": "通知首页的红头：纸上已印有红头和红线时选“预印红头纸”",
}
RESTART_NOTE = "请关闭并重新打开本程序。"
ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
NOTE_STYLE = "color: #666666;"
TWO_COLUMNS_MIN_WIDTH = 1040
WEEKDAYS = "一二三四五六日"


def calendar_last_year(today: date | None = None) -> int:
    """The last year whose holidays the calendar library knows (the lists are for later years)."""

    def known(year: int) -> bool:
        calendar = WorkCalendar()
        calendar.is_workday(date(year, 6, 1))
        return year not in calendar.unknown_years

    year = (today or date.today()).year
    if known(year):
        while known(year + 1):
            year += 1
        return year
    while year > 2000 and not known(year):
        year -= 1
    return year


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# --------------------------------------------------------------------------- backups table


class BackupTableModel(QAbstractTableModel):
    """The backups folder, newest first: time, kind, size, file name."""

    HEADERS = ("备份时间", "类型", "大小", "文件名")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupRow] = []

    def set_rows(self, rows: list[BackupRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return f"{row.modified:%Y-%m-%d %H:%M:%S}"
            if column == 1:
                return row.kind_label
            if column == 2:
                return human_size(row.size)
            if column == 3:
                return row.name if role == Qt.ItemDataRole.DisplayRole else str(row.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return str(row.path)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None


class _CompactTable(QTableView):
    """A table that asks for little height, so the page fits a laptop screen without scrolling;
    it still takes whatever room is left over."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 110)


# --------------------------------------------------------------------------- date lists


class _DateList(QListWidget):
    """A list that says so when it is empty, instead of showing a blank box."""

    placeholder = "（尚未添加）"

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(6, 4, -6, -4)
            painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.placeholder)
            painter.end()


class DateListEditor(QWidget):
    """A sorted list of dates with a date picker to add one and a button to remove the selected."""

    changed = Signal()

    def __init__(self, first_date: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = _DateList()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(96)
        self.list.setMaximumHeight(120)
        self.date_edit = QDateEdit(first_date)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.add_button = QPushButton("添加")
        self.remove_button = QPushButton("删除所选")
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self._update_buttons()

    def dates(self) -> list[str]:
        """ISO dates, sorted (each item shows its weekday too; the date itself is in UserRole)."""
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def set_dates(self, dates: list[str]) -> None:
        self.list.clear()
        for iso in sorted(set(dates)):
            try:
                shown = f"{iso}（星期{WEEKDAYS[date.fromisoformat(iso).weekday()]}）"
            except ValueError:  # the service keeps only valid dates; show anything else as is
                shown = iso
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, iso)
            self.list.addItem(item)
        self._update_buttons()

    def add_current(self) -> None:
        iso = self.date_edit.date().toString("yyyy-MM-dd")
        dates = self.dates()
        if iso not in dates:
            self.set_dates([*dates, iso])
            self.changed.emit()
        self.list.setCurrentRow(self.dates().index(iso))

    def remove_selected(self) -> None:
        selected = {str(item.data(Qt.ItemDataRole.UserRole)) for item in self.list.selectedItems()}
        if selected:
            self.set_dates([d for d in self.dates() if d not in selected])
            self.changed.emit()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))


# --------------------------------------------------------------------------- the page


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


class SettingsPage(Page):
    title = "设置"
    topics = ("settings",)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._loaded: dict[str, str] = {}  # each office setting as last read, in the fields' text form
        self._loaded_name = ""
        self.fields: dict[str, QWidget] = {}

        content = QWidget()
        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        columns.setContentsMargins(12, 12, 12, 12)
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self._build_office())
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._build_local())
        right.addWidget(self._build_database())
        right.addWidget(self._build_backups(), 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Side by side on a wide window; one above the other when the columns would not fit.
        wide = event.size().width() >= TWO_COLUMNS_MIN_WIDTH
        self.columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        super().resizeEvent(event)

    # --- building -----------------------------------------------------------------------------

    def _build_office(self) -> QGroupBox:
        box = QGroupBox("办公室设置（保存在数据库中，使用同一数据库的电脑共用）")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        first_new_year = calendar_last_year() + 1
        for spec in SPECS:
            if spec.key in DATE_LIST_KEYS:
                continue
            widget: QWidget
            if spec.key in CHOICES:
                combo = QComboBox()
                for label, value in CHOICES[spec.key]:
                    combo.addItem(label, value)
                combo.currentIndexChanged.connect(self._edited)
                widget = combo
            elif spec.key == "status_yellow_days":
                spin = QSpinBox()
                spin.setRange(0, 365)
                spin.setSuffix(" 天")
                spin.valueChanged.connect(self._edited)
                widget = spin
            else:
                edit = QLineEdit()
                edit.setPlaceholderText(spec.help)
                edit.textEdited.connect(self._edited)
                widget = edit
            widget.setToolTip(HELP_BESIDE.get(spec.key, spec.help))
            widget.setObjectName(f"setting_{spec.key}")
            self.fields[spec.key] = widget
            if spec.key in HELP_BESIDE:
                if isinstance(widget, QLineEdit):
                    widget.setPlaceholderText("")
                    widget.setMaximumWidth(120)
                row = QHBoxLayout()
                row.addWidget(widget)
                row.addWidget(_note(HELP_BESIDE[spec.key]), 1)
                form.addRow(spec.label + "：", row)
            else:
                form.addRow(spec.label + "：", widget)

        self.date_lists: dict[str, DateListEditor] = {}
        lists = QHBoxLayout()
        for key in DATE_LIST_KEYS:
            editor = DateListEditor(QDate(first_new_year, 1, 1))
            editor.setObjectName(f"setting_{key}")
            editor.changed.connect(self._edited)
            self.date_lists[key] = editor
            self.fields[key] = editor
            column = QVBoxLayout()
            column.addWidget(QLabel(BY_KEY[key].label + "："))
            column.addWidget(editor)
            lists.addLayout(column, 1)

        self.save_button = QPushButton("保存办公室设置")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("撤销修改")
        self.office_status = QLabel("")
        self.office_status.setWordWrap(True)
        self.save_button.clicked.connect(self.save_office)
        self.revert_button.clicked.connect(self.revert_office)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.office_status, 1)

        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(
            _note(
                f"日历库已收录 {first_new_year - 1} 年及以前的法定节假日和调休上班日，无需填写。"
                f"{first_new_year} 年起的安排，请在国务院公布后补充在下面，用于计算逾期工作日。"
            )
        )
        layout.addLayout(lists)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        return box

    def _build_local(self) -> QGroupBox:
        box = QGroupBox("本机设置（只保存在这台电脑上）")
        self.user_name = QLineEdit()
        self.user_name.setObjectName("user_name")
        self.user_name.textEdited.connect(self._name_edited)
        self.save_name_button = QPushButton("保存")
        self.save_name_button.clicked.connect(self.save_user_name)
        self.name_status = QLabel("")
        row = QHBoxLayout()
        row.addWidget(self.user_name, 1)
        row.addWidget(self.save_name_button)
        form = QFormLayout()
        form.addRow("您的姓名：", row)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(_note("修改日志中记录是谁做的修改；不填时记录本机登录名。"))
        layout.addWidget(self.name_status)
        return box

    def _build_database(self) -> QGroupBox:
        box = QGroupBox("数据库")
        self.current_db = QLabel(maintenance.describe_url(self.ctx.db.url))
        self.current_db.setWordWrap(True)
        self.current_db.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_db = QLabel("")
        self.next_db.setWordWrap(True)
        self.db_field = QLineEdit()
        self.db_field.setObjectName("db_field")
        self.db_field.setPlaceholderText("数据库文件的位置，或 PostgreSQL 地址")
        self.db_field.textChanged.connect(self._db_text_changed)
        self.browse_button = QPushButton("浏览…")
        self.browse_button.clicked.connect(self.browse_database)
        field_row = QHBoxLayout()
        field_row.addWidget(self.db_field, 1)
        field_row.addWidget(self.browse_button)
        self.test_button = QPushButton("测试连接")
        self.use_button = QPushButton("使用此数据库")
        self.default_button = QPushButton("改回默认数据库")
        self.test_button.clicked.connect(self.test_connection)
        self.use_button.clicked.connect(self.use_database)
        self.default_button.clicked.connect(self.use_default_database)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        buttons.addWidget(self.default_button)
        self.db_result = QLabel("")
        self.db_result.setWordWrap(True)
        self.db_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.db_result.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("正在使用：", self.current_db)
        form.addRow("下次启动：", self.next_db)
        form.addRow("其他数据库：", field_row)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.db_result)
        layout.addWidget(
            _note(
                "多台电脑共用数据时，可使用单位服务器上的 PostgreSQL 数据库，地址写成 "
                f"{maintenance.PG_URL_EXAMPLE}（密码保存在本机的用户设置中）。"
            )
        )
        self._db_text_changed()
        return box

    def _build_backups(self) -> QGroupBox:
        box = QGroupBox("备份与恢复")
        self.backups_model = BackupTableModel(self)
        self.backups_view = _CompactTable()
        self.backups_view.setModel(self.backups_model)
        self.backups_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.backups_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backups_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backups_view.verticalHeader().setVisible(False)
        self.backups_view.setAlternatingRowColors(True)
        self.backups_view.setMinimumHeight(110)
        self.backups_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        header = self.backups_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.backups_view.selectionModel().selectionChanged.connect(self._update_backup_buttons)
        self.backups_view.doubleClicked.connect(lambda _index: self.restore_selected())

        folder = QLabel(str(self.ctx.paths.backups_dir))
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = QPushButton("打开文件夹")
        open_folder.clicked.connect(self._open_backups_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("备份位置："))
        folder_row.addWidget(folder, 1)
        folder_row.addWidget(open_folder)

        self.backup_button = QPushButton("立即备份")
        self.restore_button = QPushButton("从所选备份恢复…")
        self.restore_file_button = QPushButton("从其他文件恢复…")
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.restore_file_button.clicked.connect(lambda: self.restore_from_file())
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.restore_file_button)
        buttons.addStretch(1)

        self.backup_note = _note("")
        self.restart_banner = QLabel("")
        self.restart_banner.setWordWrap(True)
        self.restart_banner.setStyleSheet("color: #b00020; font-weight: bold;")
        self.restart_banner.hide()

        layout = QVBoxLayout(box)
        layout.addLayout(folder_row)
        layout.addWidget(self.backups_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.backup_note)
        layout.addWidget(self.restart_banner)
        return box

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        values = get_settings(self.ctx.db)
        texts = {key: self._as_text(key, value) for key, value in values.items() if key in self.fields}
        for key, text in texts.items():
            # A field the user changed and has not saved keeps the user's text.
            if key not in self._loaded or self._field_text(key) == self._loaded[key]:
                self._set_field(key, text)
        self._loaded = texts
        name = str(load_settings(self.ctx.paths).get("user_name") or "")
        if self.user_name.text() == self._loaded_name:
            self.user_name.setText(name)
        self._loaded_name = name
        self.user_name.setPlaceholderText(f"例如 张三（不填则记录为 {self.ctx.who()}）" if not name else "")
        self._show_next_database()
        self.reload_backups()
        self._update_office_state()

    def reload_backups(self, select: Path | None = None) -> None:
        rows = maintenance.list_backups(self.ctx.paths)
        self.backups_model.set_rows(rows)
        for i, row in enumerate(rows):
            if select is not None and row.path == select:
                self.backups_view.selectRow(i)
        sqlite = self.ctx.db.is_sqlite
        if sqlite:
            count = f"共 {len(rows)} 个备份。" if rows else "还没有备份。"
            self.backup_note.setText(f"{count}恢复前，程序会先把当前数据库另存一份，不会丢失。")
        else:
            self.backup_note.setText(maintenance.PG_BACKUP_HINT)
        self.backup_button.setEnabled(sqlite)
        self.restore_file_button.setEnabled(sqlite)
        self._update_backup_buttons()

    @staticmethod
    def _as_text(key: str, value: Any) -> str:
        if isinstance(value, list):
            return ",".join(sorted(str(v) for v in value))
        return str(value)

    def _field_text(self, key: str) -> str:
        widget = self.fields[key]
        if isinstance(widget, DateListEditor):
            return ",".join(widget.dates())
        if isinstance(widget, QComboBox):
            return str(widget.currentData())
        if isinstance(widget, QSpinBox):
            return str(widget.value())
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def _set_field(self, key: str, text: str) -> None:
        widget = self.fields[key]
        widget.blockSignals(True)
        try:
            if isinstance(widget, DateListEditor):
                widget.set_dates([d for d in text.split(",") if d])
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(text)))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(text) if text.isdigit() else 0)
            elif isinstance(widget, QLineEdit):
                widget.setText(text)
                widget.setCursorPosition(0)
        finally:
            widget.blockSignals(False)

    # --- office settings ------------------------------------------------------------------------

    def changed_keys(self) -> list[str]:
        return [key for key in self.fields if self._field_text(key) != self._loaded.get(key)]

    def _edited(self, *_args: object) -> None:
        self._update_office_state()

    def _update_office_state(self) -> None:
        changed = self.changed_keys()
        self.save_button.setEnabled(bool(changed))
        self.revert_button.setEnabled(bool(changed))
        if changed:
            self.office_status.setStyleSheet(NOTE_STYLE)
            self.office_status.setText(f"有 {len(changed)} 项修改尚未保存。")
        elif self.office_status.text().startswith("有 "):
            self.office_status.setText("")

    def save_office(self) -> bool:
        """Check every changed field, then store them; False (and a message) when one is refused."""
        changed = self.changed_keys()
        if not changed:
            return True
        texts = {key: self._field_text(key) for key in changed}
        for key, text in texts.items():
            try:
                parse_value(key, text)  # all checked before any is stored
            except UserError as exc:
                self.fields[key].setFocus()
                QMessageBox.warning(self, "无法保存", exc.message)
                return False
        who = self.ctx.who()
        try:
            for key, text in texts.items():
                set_setting(self.ctx.db, key, text, who=who)
        except Exception as exc:
            show_error(self, exc)
            return False
        self._loaded.update(texts)
        self.office_status.setStyleSheet(OK_STYLE)
        self.office_status.setText(f"已保存 {len(texts)} 项设置。")
        self.ctx.notify("settings")
        self._update_office_state()
        return True

    def revert_office(self) -> None:
        for key, text in self._loaded.items():
            self._set_field(key, text)
        self.office_status.setText("")
        self._update_office_state()

    # --- this computer --------------------------------------------------------------------------

    def _name_edited(self) -> None:
        self.name_status.setText("尚未保存。" if self.user_name.text().strip() != self._loaded_name else "")
        self.name_status.setStyleSheet(NOTE_STYLE)

    def save_user_name(self) -> None:
        name = self.user_name.text().strip()
        try:
            settings = load_settings(self.ctx.paths)
            settings["user_name"] = name
            save_settings(self.ctx.paths, settings)
        except OSError as exc:
            QMessageBox.warning(self, "无法保存", f"无法写入本机设置文件：{exc.strerror or exc}")
            return
        self._loaded_name = name
        self.user_name.setText(name)
        self.name_status.setStyleSheet(OK_STYLE)
        self.name_status.setText(f"已保存。修改日志将记录为“{self.ctx.who()}”。")

    # --- database -------------------------------------------------------------------------------

    def configured_url(self) -> str:
        return str(self.ctx.settings.value(DB_URL_KEY, "") or "")

    def _show_next_database(self) -> None:
        chosen = self.configured_url()
        if chosen:
            self.next_db.setText(maintenance.describe_url(chosen))
        else:
            self.next_db.setText("本机默认数据库")
        self.default_button.setEnabled(bool(chosen))

    def _db_text_changed(self) -> None:
        has_text = bool(self.db_field.text().strip())
        self.test_button.setEnabled(has_text)
        self.use_button.setEnabled(has_text)

    def browse_database(self) -> None:
        files = file_dialogs.choose_files(
            self,
            self.ctx,
            "database",
            "选择数据库文件",
            "SQLite 数据库 (*.sqlite *.db *.sqlite3);;所有文件 (*)",
        )
        if files:
            self.db_field.setText(str(files[0]))
            self.test_connection()

    def _show_db_result(self, text: str, ok: bool) -> None:
        self.db_result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.db_result.setText(text)
        self.db_result.setVisible(bool(text))

    def _connection_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._show_db_result(exc.message, False)
        else:
            self._show_db_result("", False)
            show_error(self, exc)

    def test_connection(self) -> Job | None:
        url = self.db_field.text().strip()
        if not url:
            return None
        self._show_db_result("正在连接……", True)
        return run_job(
            self,
            "正在测试连接",
            lambda _progress, _cancelled: maintenance.test_connection(url),
            lambda message: self._show_db_result(str(message), True),
            on_failed=self._connection_failed,
            cancellable=False,
        )

    def use_database(self) -> Job | None:
        """Check the database first, then remember it for the next start."""
        text = self.db_field.text().strip()
        if not text:
            return None
        url = as_database_url(text)

        def chosen(message: object) -> None:
            self._show_db_result(str(message), True)
            self.ctx.settings.setValue(DB_URL_KEY, url)
            self.ctx.settings.sync()
            self._show_next_database()
            QMessageBox.information(
                self,
                "已选择数据库",
                f"下次启动 gkdesk 时将使用：\n{self.next_db.text()}\n\n{RESTART_NOTE}",
            )

        self._show_db_result("正在连接……", True)
        return run_job(
            self,
            "正在测试连接",
            lambda _progress, _cancelled: maintenance.test_connection(url),
            chosen,
            on_failed=self._connection_failed,
            cancellable=False,
        )

    def use_default_database(self) -> None:
        self.ctx.settings.remove(DB_URL_KEY)
        self.ctx.settings.sync()
        self._show_next_database()
        QMessageBox.information(
            self, "已改回默认数据库", f"下次启动 gkdesk 时将使用本机默认数据库。\n\n{RESTART_NOTE}"
        )

    # --- backups --------------------------------------------------------------------------------

    def selected_backup(self) -> BackupRow | None:
        rows = self.backups_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.backups_model.rows[rows[0].row()]

    def _update_backup_buttons(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.ctx.db.is_sqlite and self.selected_backup() is not None)

    def _open_backups_folder(self) -> None:
        self.ctx.paths.backups_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.paths.backups_dir)))

    def backup_now(self) -> Job | None:
        """Copy the database into the backups folder (文件 → 备份数据库 calls this too)."""
        if not self.ctx.db.is_sqlite:
            QMessageBox.information(self, "备份数据库", maintenance.PG_BACKUP_HINT)
            return None
        db, paths = self.ctx.db, self.ctx.paths

        def done(path: object) -> None:
            assert isinstance(path, Path)
            self.reload_backups(select=path)
            QMessageBox.information(self, "备份完成", f"数据库已备份到：\n{path}")

        return run_job(
            self,
            "正在备份数据库",
            lambda _progress, _cancelled: maintenance.backup(db, paths),
            done,
            cancellable=False,
        )

    def restore_selected(self) -> Job | None:
        row = self.selected_backup()
        if row is None:
            QMessageBox.information(self, "从备份恢复", "请先在列表中选择一个备份。")
            return None
        return self.restore_from(row.path, f"{row.modified:%Y-%m-%d %H:%M:%S} 的{row.kind_label}")

    def restore_from_file(self) -> Job | None:
        files = file_dialogs.choose_files(
            self, self.ctx, "backup", "选择备份文件", "gkdesk 数据库备份 (*.sqlite *.db);;所有文件 (*)"
        )
        if not files:
            return None
        return self.restore_from(files[0], f"文件“{files[0].name}”")

    def restore_from(self, backup_file: Path, described: str) -> Job | None:
        """Confirm, close the database, put the backup in place, and ask for a restart."""
        if not self.ctx.db.is_sqlite:
            QMessageBox.information(self, "从备份恢复", maintenance.PG_BACKUP_HINT)
            return None
        answer = QMessageBox.question(
            self,
            "从备份恢复",
            f"用{described}替换当前数据库中的全部数据？\n\n"
            "当前数据库会先另存一份到备份文件夹，需要时还可以恢复回来。恢复后请重新启动本程序。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        url, paths = self.ctx.db.url, self.ctx.paths
        # No connection of ours may hold the file while it is replaced.
        self.ctx.db.dispose()

        def done(safety: object) -> None:
            kept = f"恢复前的数据库已另存为：\n{safety}\n\n" if isinstance(safety, Path) else ""
            self.reload_backups()
            self.restart_banner.setText(f"已从备份恢复数据库。{RESTART_NOTE}")
            self.restart_banner.show()
            # Until the restart, every page shows the restored data rather than what was replaced.
            self.ctx.notify("all")
            QMessageBox.information(self, "恢复完成", f"已从{described}恢复数据库。\n{kept}{RESTART_NOTE}")

        return run_job(
            self,
            "正在从备份恢复",
            lambda _progress, _cancelled: maintenance.restore(url, backup_file, paths),
            done,
            cancellable=False,
        )
