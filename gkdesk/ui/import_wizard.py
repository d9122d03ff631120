"""The 导入向导: read a 工作要点, let the user check and correct every task, then store it.

1. A file is chosen (button, the path the main window passes, or a file dropped on the dialog)
   and parsed in the background; an encrypted file asks for its password.
2. The cleaned text of the document sits beside an editable table of the tasks found. Unit
   names the register does not know and tasks with parser warnings are highlighted and listed;
   choosing a task scrolls the text to it.
3. Tasks can be merged, split, deleted and reordered, units moved between 牵头 and 配合; every
   change can be undone.
4. A task table's columns are listed above the preview with the role each was read as (序号,
   任务内容, 牵头单位 …; unsure guesses highlighted). Choosing another role reads the document
   again at once with that choice; saving remembers the choices by header text, and the next
   file with the same headers is read with them.
5. Saving creates a new plan or updates an existing one. An update is first worked out without
   storing anything (``dry_run``) and shown to the user, who confirms it.

Nothing is stored before the user saves; closing with edits asks first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from gkdesk.db import Database
from gkdesk.errors import BadFileError, CancelledError, PasswordRequiredError, UserError
from gkdesk.parsing.columns import ROLE_NAMES, ColumnRole, header_key
from gkdesk.records import ImportReport, ParsedPlan, PlanRow, Role
from gkdesk.services.column_memory import remember_columns, remembered_columns
from gkdesk.services.documents import parse_document
from gkdesk.services.planning import import_plan, list_plans
from gkdesk.services.progress import CancelledFn, ProgressFn
from gkdesk.services.units import list_units
from gkdesk.ui.column_roles import (
    ColumnRolesStrip,
    check_roles,
    choose_role,
    column_name,
    roles_after,
    shares_header,
)
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import show_error
from gkdesk.ui.file_dialogs import choose_files
from gkdesk.ui.import_preview_model import (
    COL_CO,
    COL_DEADLINE,
    COL_LABEL,
    COL_LEAD,
    COL_SECTION,
    COL_SEQ,
    COL_TITLE,
    UNKNOWN_UNIT_COLOR,
    WARNING_ROW_COLOR,
    ImportPreviewTableModel,
)
from gkdesk.ui.unit_picker import UnitListDelegate
from gkdesk.ui.workers import Job, run_job

DOCUMENT_FILTERS = (
    "工作要点或任务分工表 (*.docx *.doc *.wps *.xlsx *.xlsm *.xls *.et *.ods *.pdf *.txt);;"
    "Word 文档 (*.docx *.doc *.wps);;Excel 表格 (*.xlsx *.xlsm *.xls *.et *.ods);;"
    "PDF 文件 (*.pdf);;文本文件 (*.txt)"
)
DOCUMENT_SUFFIXES = {
    ".docx", ".doc", ".wps", ".xlsx", ".xlsm", ".xls", ".et", ".ods", ".pdf", ".txt",
}  # fmt: skip
_NO_YEAR = 1999  # the year box's minimum, shown as 未识别

_EMPTY_HINT = (
    "请选择要导入的工作要点：\n"
    "Word 文档（.docx；装有 LibreOffice 时也可选 .doc、.wps）、Excel 表格（.xlsx、.xls、.et）、\n"
    "带文字的 PDF 文件（.pdf）或文本文件（.txt）。\n"
    "也可以直接把文件拖到这个窗口里。\n\n"
    "读取后，可在这里逐项核对、修改任务和牵头、配合单位，确认无误再保存。"
)


@dataclass(frozen=True)
class _Loaded:
    """What the parse job hands back to the GUI thread."""

    path: Path
    password: str | None
    parsed: ParsedPlan
    known_units: tuple[str, ...]  # the register's names and aliases
    prior_plan: int | None  # the plan this very file was imported as before
    remembered: dict[str, ColumnRole] = field(default_factory=dict)  # column roles of earlier imports


@dataclass(frozen=True)
class _ColumnChoice:
    """A role chosen in the column strip, and the choices the document is read again with."""

    table: int
    index: int
    role: ColumnRole
    name: str  # the column's header (or 第N列)
    choices: dict[str, ColumnRole]
    note: str  # what else changed with it


log = logging.getLogger("gkdesk")


def _summary_lines(report: ImportReport) -> list[str]:
    """New units and warnings of a saved import, as short lines for the closing message."""
    lines: list[str] = []
    if report.units_new:
        lines.append(f"有 {report.units_new} 个单位原来不在名册中，已新建，请到“单位”页核对。")
    others = [w for w in report.warnings if w.kind != "unknown_unit"]
    if others:
        lines.append(f"另有 {len(others)} 条提示请核对：")
        lines.extend(f"· {_warning_text(w.seq, w.message)}" for w in others[:5])
        if len(others) > 5:
            lines.append(f"……等 {len(others)} 条")
    return lines


def _warning_text(seq: int, message: str) -> str:
    return message if seq <= 0 or message.startswith("第") else f"第{seq}项：{message}"


def _ok_cancel(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """取消 and an OK button that says what it does."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class SplitDialog(QDialog):
    """Where to split a task: click in its text where the second task starts, or type its name."""

    def __init__(self, seq: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("拆分任务")
        self.resize(640, 420)
        self.text_view = QPlainTextEdit(text)
        self.text_view.setReadOnly(True)
        # Read-only, but with a visible cursor the user can place where the second task begins.
        self.text_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("第二项任务的名称")
        self.buttons, self.ok_button = _ok_cancel(self, "拆分")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"把第 {seq} 项任务拆成两项。请在下面的原文中点一下第二项任务开始的位置："))
        layout.addWidget(self.text_view, 1)
        form = QFormLayout()
        form.addRow("第二项任务名称：", self.title_edit)
        layout.addLayout(form)
        hint = QLabel("光标之后的内容归第二项任务；两项任务先沿用原来的单位和时限，可在表格中再改。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.position: int | None = None
        self.text_view.cursorPositionChanged.connect(self._cursor_moved)
        self.title_edit.textChanged.connect(self._check)
        self._check()

    def _cursor_moved(self) -> None:
        self.position = self.text_view.textCursor().position()
        rest = self.text_view.toPlainText()[self.position :].lstrip()
        end = min((i for i in (rest.find(c) for c in "。；;\n") if i >= 0), default=len(rest))
        self.title_edit.setText(rest[: min(end, 40)])

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.title_edit.text().strip()))


class UnitMoveDialog(QDialog):
    """Tick the units of one task that should become 牵头 (or 配合)."""

    def __init__(self, seq: int, names: list[str], role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        word = "牵头" if role == "lead" else "配合"
        other = "配合" if role == "lead" else "牵头"
        self.setWindowTitle(f"设为{word}单位")
        self.boxes: list[QCheckBox] = []
        inner = QWidget()
        column = QVBoxLayout(inner)
        for name in names:
            box = QCheckBox(name)
            box.setChecked(len(names) == 1)  # the only candidate is surely the one meant
            column.addWidget(box)
            self.boxes.append(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons, self.ok_button = _ok_cancel(self, f"设为{word}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"第 {seq} 项任务的{other}单位中，勾选要改为{word}的："))
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(380, 320)

    def chosen(self) -> list[str]:
        return [b.text() for b in self.boxes if b.isChecked()]


class ChangesDialog(QDialog):
    """What updating an existing plan would change (worked out with ``dry_run``), to confirm."""

    def __init__(self, report: ImportReport, plan_title: str, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("更新计划前请确认")
        layout = QVBoxLayout(self)
        intro = QLabel(f"用“{file_name}”中核对后的任务更新计划“{plan_title}”，将会：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow("新增任务：", QLabel(f"{report.tasks_added} 项"))
        form.addRow("修改任务：", QLabel(f"{report.tasks_updated} 项"))
        form.addRow("内容不变：", QLabel(f"{report.tasks_kept} 项"))
        form.addRow("新文件中已没有：", QLabel(f"{len(report.tasks_vanished)} 项"))
        form.addRow("新增单位：", QLabel(f"{report.units_new} 个"))
        layout.addLayout(form)
        self.vanished = QListWidget()
        self.vanished.addItems(list(report.tasks_vanished))
        self.vanished.setVisible(bool(report.tasks_vanished))
        self.vanished.setMaximumHeight(140)
        layout.addWidget(self.vanished)
        self.prune_box = QCheckBox("删除新文件中已没有的任务（这些任务已有的季度报送记录也会一并删除）")
        self.prune_box.setVisible(bool(report.tasks_vanished))
        layout.addWidget(self.prune_box)
        kept = QLabel(
            "不勾选时，这些任务保留在计划末尾，已有的报送记录不受影响。"
            if report.tasks_vanished
            else "原有任务的编号和已有的报送记录都会保留。"
        )
        kept.setWordWrap(True)
        layout.addWidget(kept)
        buttons, self.ok_button = _ok_cancel(self, "更新计划")
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


class ImportWizard(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导入工作要点")
        self.setAcceptDrops(True)
        self.resize(1200, 760)
        self.path: Path | None = None
        self.password: str | None = None
        self.parsed: ParsedPlan | None = None
        self.prior_plan: int | None = None
        self.job: Job | None = None  # the latest background job (tests wait on it)
        self.report: ImportReport | None = None  # set once saved
        self.split_dialog: SplitDialog | None = None
        self.unit_dialog: UnitMoveDialog | None = None
        self.changes_dialog: ChangesDialog | None = None
        self.model = ImportPreviewTableModel(self)
        self._plans: list[PlanRow] = []
        self._remembered: dict[str, ColumnRole] = {}  # column roles of earlier imports
        self._choices: dict[str, ColumnRole] = {}  # column roles chosen for this file (header → role)

        self.file_label = QLabel("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件："))
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_preview())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._build_save_box())

        self.model.edited.connect(self._on_edited)
        self._reload_plans()
        self._update_buttons()
        if path is not None:
            self.load_file(path)

    # --- layout -----------------------------------------------------------------------------------

    def _build_empty(self) -> QWidget:
        hint = QLabel(_EMPTY_HINT)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setStyleSheet("font-size: 15px;")
        self.big_choose_button = QPushButton("选择工作要点文件…")
        self.big_choose_button.setMinimumSize(220, 40)
        self.big_choose_button.clicked.connect(self.choose_file)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(hint)
        layout.addSpacing(16)
        layout.addWidget(self.big_choose_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        return page

    def _build_preview(self) -> QWidget:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("计划名称")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(_NO_YEAR, 2100)
        self.year_spin.setSpecialValueText("未识别")
        self.year_spin.setSuffix(" 年")
        self.year_spin.valueChanged.connect(self._year_changed)
        plan_row = QHBoxLayout()
        plan_row.addWidget(QLabel("计划名称："))
        plan_row.addWidget(self.title_edit, 1)
        plan_row.addSpacing(12)
        plan_row.addWidget(QLabel("年度："))
        plan_row.addWidget(self.year_spin)

        self.source_view = QPlainTextEdit()
        self.source_view.setReadOnly(True)
        source_box = QWidget()
        source_layout = QVBoxLayout(source_box)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.addWidget(QLabel("原文（选中右侧任务时定位到该任务）"))
        source_layout.addWidget(self.source_view)

        self.merge_button = QPushButton("合并到上一项")
        self.merge_button.setToolTip("把选中的任务并入它上面的一项：任务名称和内容相连，单位合并")
        self.split_button = QPushButton("拆分…")
        self.split_button.setToolTip("把选中的任务拆成两项")
        self.lead_button = QPushButton("设为牵头…")
        self.lead_button.setToolTip("把选中任务的某些配合单位改为牵头单位")
        self.co_button = QPushButton("设为配合…")
        self.co_button.setToolTip("把选中任务的某些牵头单位改为配合单位")
        self.delete_button = QPushButton("删除任务")
        self.undo_button = QPushButton("撤销")
        self.undo_button.setToolTip("撤销上一步修改（Ctrl+Z）")
        self.merge_button.clicked.connect(self.merge_selected)
        self.split_button.clicked.connect(self.split_selected)
        self.lead_button.clicked.connect(lambda: self.move_units("lead"))
        self.co_button.clicked.connect(lambda: self.move_units("co"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo)
        tools = QHBoxLayout()
        for b in (self.merge_button, self.split_button, self.lead_button, self.co_button, self.delete_button):
            tools.addWidget(b)
        tools.addStretch(1)
        tools.addWidget(self.undo_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(False)
        self.unit_delegate = UnitListDelegate(self.table)
        self.table.setItemDelegateForColumn(COL_LEAD, self.unit_delegate)
        self.table.setItemDelegateForColumn(COL_CO, self.unit_delegate)
        header = self.table.horizontalHeader()
        for col, width in (
            (COL_SEQ, 44),
            (COL_LABEL, 56),
            (COL_SECTION, 130),
            (COL_TITLE, 230),
            (COL_LEAD, 185),
            (COL_CO, 185),
            (COL_DEADLINE, 90),
        ):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        hint = QLabel(
            "双击单元格可直接修改；单位之间用“、”隔开，输入时会提示名册中的单位；改“序号”可调整顺序。"
        )
        hint.setWordWrap(True)
        legend = QLabel(
            f'<span style="background:{UNKNOWN_UNIT_COLOR.name()}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
            " 单位名册中还没有的单位（保存时新建）&nbsp;&nbsp;&nbsp;"
            f'<span style="background:{WARNING_ROW_COLOR.name()}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
            " 需要核对的任务"
        )
        self.status_label = QLabel("")
        self.status_label.setStyleSheet("color: palette(mid);")
        legend_row = QHBoxLayout()
        legend_row.addWidget(legend)
        legend_row.addStretch(1)
        legend_row.addWidget(self.status_label)

        self.issues_box = QGroupBox("需要核对")
        self.issues = QListWidget()
        self.issues.setMaximumHeight(110)
        self.issues.itemClicked.connect(self._issue_clicked)
        self.issues.itemActivated.connect(self._issue_clicked)
        issues_layout = QVBoxLayout(self.issues_box)
        issues_layout.setContentsMargins(6, 4, 6, 6)
        issues_layout.addWidget(self.issues)

        tasks_box = QWidget()
        tasks_layout = QVBoxLayout(tasks_box)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addLayout(tools)
        tasks_layout.addWidget(hint)
        tasks_layout.addWidget(self.table, 1)
        tasks_layout.addLayout(legend_row)
        tasks_layout.addWidget(self.issues_box)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(source_box)
        self.splitter.addWidget(tasks_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([310, 890])
        self.splitter.setChildrenCollapsible(False)

        self.column_strip = ColumnRolesStrip()
        self.column_strip.setVisible(False)
        self.column_strip.role_chosen.connect(self.choose_column_role)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(plan_row)
        page_layout.addWidget(self.column_strip)
        page_layout.addWidget(self.splitter, 1)

        undo = QAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.undo)
        self.addAction(undo)
        delete = QAction(self.table)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.table.addAction(delete)
        return page

    def _build_save_box(self) -> QWidget:
        self.new_radio = QRadioButton("新建计划")
        self.update_radio = QRadioButton("更新已有计划：")
        self.new_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.update_radio)
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(30)
        self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.update_radio.toggled.connect(self._update_buttons)
        self.plan_combo.activated.connect(lambda _: self.update_radio.setChecked(True))
        self.prior_label = QLabel("")
        self.prior_label.setWordWrap(True)
        self.prior_label.setStyleSheet("color: #9a5b00;")
        self.prior_label.setVisible(False)

        self.save_button = QPushButton("保存")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)

        box = QGroupBox("保存方式")
        row = QHBoxLayout()
        row.addWidget(self.new_radio)
        row.addSpacing(16)
        row.addWidget(self.update_radio)
        row.addWidget(self.plan_combo, 1)
        row.addSpacing(24)
        row.addWidget(self.save_button)
        row.addWidget(cancel)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.prior_label)
        return box

    # --- reading a file -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        files = choose_files(self, self.ctx, "import", "选择工作要点", DOCUMENT_FILTERS)
        if files:
            self.load_file(files[0])

    def load_file(self, path: Path, password: str | None = None) -> None:
        """Read ``path`` in the background; the preview shows it when done."""
        if password is None and not self._may_discard("读取新文件"):
            return
        db = self.ctx.db

        def work(progress: ProgressFn, cancelled: CancelledFn) -> _Loaded:
            progress(0, 0, f"正在读取 {path.name}……")
            remembered = remembered_columns(db)
            parsed = parse_document(path, password, remembered=remembered)
            if cancelled():
                raise CancelledError()
            progress(0, 0, "正在核对单位名册……")
            known: list[str] = []
            for u in list_units(db):
                known.append(u.name)
                known.extend(u.aliases)
            prior = _prior_plan(db, path, parsed)
            return _Loaded(path, password, parsed, tuple(known), prior, remembered)

        self.job = run_job(
            self, "读取工作要点", work, self._show_loaded, on_failed=lambda exc: self._load_failed(path, exc)
        )

    def _load_failed(self, path: Path, exc: BaseException) -> None:
        wrong = isinstance(exc, BadFileError) and exc.code == "wrong_password"
        if isinstance(exc, PasswordRequiredError) or wrong:
            prompt = (
                "密码不正确，请重新输入："
                if wrong
                else f"“{path.name}”设有打开密码，请输入密码（只用于打开这个文件，不会保存）："
            )
            password, ok = QInputDialog.getText(self, "文件有密码", prompt, QLineEdit.EchoMode.Password)
            if ok and password:
                self.load_file(path, password)
            return
        show_error(self, exc, title="无法读取文件")

    def _show_loaded(self, loaded: _Loaded) -> None:
        self.path, self.password, self.parsed = loaded.path, loaded.password, loaded.parsed
        self.prior_plan = loaded.prior_plan
        self._remembered, self._choices = dict(loaded.remembered), {}
        parsed = loaded.parsed
        self.file_label.setText(loaded.path.name)
        self.file_label.setToolTip(str(loaded.path))
        self.title_edit.setText(parsed.title or loaded.path.stem)
        self.year_spin.setValue(parsed.year or _NO_YEAR)
        self.source_view.setPlainText(parsed.source_text)
        self.unit_delegate.set_names(loaded.known_units)
        self.model.load(parsed)
        self.model.set_known_units(loaded.known_units)
        self.column_strip.show_columns(parsed.columns, remembered=self._remembered)
        self._reload_plans()
        if loaded.prior_plan is not None:
            plan = next((p for p in self._plans if p.id == loaded.prior_plan), None)
            name = f"“{plan.title}”" if plan else ""
            self.prior_label.setText(
                f"该文件以前已导入过：计划 {loaded.prior_plan}{name} 已由该文件导入。"
                "保存时将用这里核对后的内容更新该计划，不会重复导入。"
            )
            self.prior_label.setVisible(True)
            self._select_plan(loaded.prior_plan)
        else:
            self.prior_label.setVisible(False)
            self.new_radio.setChecked(True)
        self.stack.setCurrentIndex(1)
        self.table.resizeRowsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    # --- the columns of a task table ---------------------------------------------------------------

    def choose_column_role(self, table: int, index: int, role: str) -> None:
        """The user chose ``role`` for a column in the strip: read the document again with it.

        The previous preview stays when the choice leaves the table unreadable, when the user
        keeps the edits made to the tasks, or when the document cannot be read that way.
        """
        if self.parsed is None or self.path is None or role not in ROLE_NAMES:
            self.column_strip.revert()
            return
        chosen = cast(ColumnRole, role)
        columns = [c for c in self.parsed.columns if c.table == table]
        column = next((c for c in columns if c.index == index), None)
        if column is None or not header_key(column.header):
            self.column_strip.revert()
            return
        name = column_name(column)
        choices, note = choose_role(columns, index, chosen)
        problem = check_roles(roles_after(columns, index, choices), name)
        if problem is None and shares_header(columns, index, chosen):
            problem = _shared_header_text(name)
        if problem:
            self.column_strip.revert()
            QMessageBox.warning(self, "不能这样设置", problem)
            return
        if not self._may_discard("按新的列用途重新读取表格"):
            self.column_strip.revert()
            return
        wanted = _ColumnChoice(table, index, chosen, name, {**self._choices, **choices}, note)
        path, password, remembered = self.path, self.password, dict(self._remembered)

        def work(progress: ProgressFn, cancelled: CancelledFn) -> ParsedPlan:
            progress(0, 0, f"正在按新的列用途重新读取 {path.name}……")
            return parse_document(path, password, columns=wanted.choices, remembered=remembered)

        self.column_strip.set_busy(True)
        self._say("正在重新读取表格……")
        self.job = run_job(
            self,
            "重新读取表格",
            work,
            lambda parsed: self._show_reparsed(wanted, parsed),
            on_failed=self._reparse_failed,
        )

    def _reparse_failed(self, exc: BaseException) -> None:
        self.column_strip.set_busy(False)
        self.column_strip.revert()
        self._say("")
        show_error(self, exc, title="无法按新的列用途读取")

    def _show_reparsed(self, wanted: _ColumnChoice, parsed: ParsedPlan) -> None:
        self.column_strip.set_busy(False)
        got = next((c for c in parsed.columns if c.table == wanted.table and c.index == wanted.index), None)
        if got is None or got.role != wanted.role:
            self.column_strip.revert()
            self._say("")
            shared = sum(column_name(c) == wanted.name for c in self.column_strip.columns()) > 1
            QMessageBox.warning(
                self,
                "不能这样设置",
                _shared_header_text(wanted.name)
                if shared
                else f"把“{wanted.name}”列设为“{ROLE_NAMES[wanted.role]}”后，表格中读不出任务，"
                "已保留原来的结果。",
            )
            return
        assert self.parsed is not None
        # The title and year stay as the user may have edited them.
        self.parsed = replace(parsed, title=self.parsed.title, year=self.parsed.year)
        self._choices = wanted.choices
        year = self._year()
        self.source_view.setPlainText(parsed.source_text)
        self.model.load(parsed)
        self.model.year = year
        self.column_strip.show_columns(
            parsed.columns, remembered=self._remembered, chosen=self._choices, keep_table=True
        )
        self.table.resizeRowsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self._say(
            f"已把“{wanted.name}”列设为“{ROLE_NAMES[wanted.role]}”，重新读出 {self.model.rowCount()} 项任务。"
            + wanted.note
        )

    def _reload_plans(self) -> None:
        self._plans = list_plans(self.ctx.db)
        self.plan_combo.clear()
        for p in self._plans:
            self.plan_combo.addItem(f"{p.title}（{p.tasks} 项任务）", p.id)
        if not self._plans:
            self.plan_combo.addItem("（还没有计划）", None)
        if self.ctx.plan_id is not None:
            self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(self.ctx.plan_id)))
        self.update_radio.setEnabled(bool(self._plans))
        self.plan_combo.setEnabled(bool(self._plans))

    def _select_plan(self, plan_id: int) -> None:
        index = self.plan_combo.findData(plan_id)
        if index >= 0:
            self.plan_combo.setCurrentIndex(index)
            self.update_radio.setChecked(True)

    def _year(self) -> int | None:
        value = self.year_spin.value()
        return None if value == _NO_YEAR else value

    def _year_changed(self) -> None:
        self.model.year = self._year()

    # --- the preview --------------------------------------------------------------------------------

    def _on_edited(self) -> None:
        self._fill_issues()
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _fill_issues(self) -> None:
        self.issues.clear()
        for w in self.model.warnings():
            item = QListWidgetItem(_warning_text(w.seq, w.message))
            item.setData(Qt.ItemDataRole.UserRole, w.seq - 1)
            self.issues.addItem(item)
        for name, seqs in self.model.unknown_units().items():
            where = "、".join(str(s) for s in seqs[:6]) + (f" 等 {len(seqs)}" if len(seqs) > 6 else "")
            item = QListWidgetItem(f"单位名册中还没有“{name}”（第 {where} 项），保存时将新建")
            item.setData(Qt.ItemDataRole.UserRole, seqs[0] - 1)
            self.issues.addItem(item)
        n = self.issues.count()
        self.issues_box.setTitle(f"需要核对（{n} 条，点击可定位到任务）" if n else "需要核对")
        if not n:
            self.issues.addItem(QListWidgetItem("没有发现需要核对的地方。"))

    def _issue_clicked(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(row, int) and 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, COL_TITLE))

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        if current.isValid():
            self.show_in_source(current.row())

    def show_in_source(self, row: int) -> bool:
        """Scroll the original text to task ``row`` and mark it; False when it is not found."""
        task = self.model.task(row)
        first_line = task.text.split("\n", 1)[0]
        doc = self.source_view.document()
        for needle in (first_line[:40], task.label + task.title, task.title, task.title[:12]):
            if len(needle) < 4:
                continue
            found = doc.find(needle)
            if not found.isNull():
                break
        else:
            self.source_view.setExtraSelections([])
            return False
        mark = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fff2a8"))
        mark.format = fmt  # type: ignore[attr-defined]  # PySide6 6.9's stubs lack the fields
        block = QTextCursor(found)
        block.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        block.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        mark.cursor = block  # type: ignore[attr-defined]
        self.source_view.setExtraSelections([mark])
        # Put the task's first line at the top of the view: scroll to the end first, then back.
        self.source_view.moveCursor(QTextCursor.MoveOperation.End)
        start = QTextCursor(found)
        start.setPosition(found.selectionStart())
        self.source_view.setTextCursor(start)
        self.source_view.ensureCursorVisible()
        return True

    def _current_row(self) -> int:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return index.row()
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, COL_TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, COL_TITLE))

    def _update_buttons(self) -> None:
        loaded = self.parsed is not None
        row = self._current_row() if loaded else -1
        task = self.model.task(row) if row >= 0 else None
        self.merge_button.setEnabled(row >= 1)
        self.split_button.setEnabled(task is not None)
        self.lead_button.setEnabled(bool(task and task.co))
        self.co_button.setEnabled(bool(task and task.lead))
        self.delete_button.setEnabled(row >= 0)
        self.undo_button.setEnabled(self.model.can_undo)
        self.save_button.setEnabled(loaded and self.model.rowCount() > 0)
        self.plan_combo.setEnabled(bool(self._plans))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self._select(index.row())
        menu = QMenu(self)
        for button in (
            self.merge_button,
            self.split_button,
            self.lead_button,
            self.co_button,
            self.delete_button,
            self.undo_button,
        ):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # --- editing tools ------------------------------------------------------------------------------

    def merge_selected(self) -> None:
        row = self._current_row()
        if row < 1:
            return
        self.model.merge_up(row)
        self._select(row - 1)
        self._say(f"第 {row + 1} 项已并入第 {row} 项（可撤销）")

    def split_selected(self) -> None:
        row = self._current_row()
        if row < 0:
            return
        task = self.model.task(row)
        dialog = SplitDialog(row + 1, task.text or task.title, self)
        self.split_dialog = dialog

        def apply() -> None:
            title = dialog.title_edit.text()
            if self.model.split(row, title, dialog.position):
                self._select(row + 1)
                self._say(f"第 {row + 1} 项已拆成两项（可撤销）")

        dialog.accepted.connect(apply)
        dialog.open()

    def move_units(self, role: Role) -> None:
        row = self._current_row()
        if row < 0:
            return
        task = self.model.task(row)
        names = task.co if role == "lead" else task.lead
        if not names:
            return
        dialog = UnitMoveDialog(row + 1, names, role, self)
        self.unit_dialog = dialog

        def apply() -> None:
            if self.model.move_units(row, dialog.chosen(), role):
                self._select(row)
                self._say(f"已调整第 {row + 1} 项的牵头、配合单位（可撤销）")

        dialog.accepted.connect(apply)
        dialog.open()

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            return
        n = self.model.remove_rows(rows)
        self._select(min(rows[0], self.model.rowCount() - 1))
        self._say(f"已删除 {n} 项任务（可撤销）")

    def undo(self) -> None:
        if self.model.undo():
            self._say("已撤销上一步")

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    # --- saving -------------------------------------------------------------------------------------

    def edited_plan(self) -> ParsedPlan:
        """The plan as corrected by the user, for ``import_plan(parsed=…)``."""
        assert self.parsed is not None
        return replace(
            self.parsed,
            title=self.title_edit.text().strip() or self.parsed.title,
            year=self._year(),
            tasks=self.model.tasks(),
            warnings=self.model.warnings(),
        )

    def save(self) -> None:
        if self.parsed is None or self.path is None:
            return
        if not self.model.rowCount():
            QMessageBox.warning(self, "没有任务", "表格中没有任务，无法保存。可点“撤销”恢复删除的任务。")
            return
        if self.update_radio.isChecked():
            plan_id = self.plan_combo.currentData()
            if isinstance(plan_id, int):
                self.preview_update(plan_id)
            return
        db, path, edited, year = self.ctx.db, self.path, self.edited_plan(), self._year()
        choices, who = dict(self._choices), self.ctx.who()

        def work(progress: ProgressFn, cancelled: CancelledFn) -> ImportReport:
            progress(0, 0, "正在保存计划……")
            report = import_plan(db, path, year=year, parsed=edited)
            if report.created:
                _remember(db, choices, who)
            return report

        self.job = run_job(self, "保存计划", work, self._saved_new, cancellable=False)

    def _saved_new(self, report: ImportReport) -> None:
        if report.created:
            self._finish(report, updated=False)
            return
        # The same file was stored before: nothing was duplicated, offer to update that plan.
        self.prior_plan = report.plan_id
        self._reload_plans()
        self._select_plan(report.plan_id)
        answer = QMessageBox.question(
            self,
            "该文件已导入过",
            f"计划 {report.plan_id} 已由该文件导入，没有重复导入。\n\n"
            "是否改为“更新已有计划”，用这里核对后的内容更新该计划？",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.preview_update(report.plan_id)

    def preview_update(self, plan_id: int) -> None:
        """Work out what updating ``plan_id`` would change (storing nothing) and ask to confirm."""
        assert self.path is not None
        db, path, edited, year = self.ctx.db, self.path, self.edited_plan(), self._year()

        def work(progress: ProgressFn, cancelled: CancelledFn) -> ImportReport:
            progress(0, 0, "正在比较新旧任务……")
            return import_plan(db, path, year=year, parsed=edited, replace=plan_id, dry_run=True)

        self.job = run_job(
            self, "比较新旧任务", work, lambda report: self._confirm_update(plan_id, edited, report)
        )

    def _confirm_update(self, plan_id: int, edited: ParsedPlan, report: ImportReport) -> None:
        assert self.path is not None
        plan = next((p for p in self._plans if p.id == plan_id), None)
        dialog = ChangesDialog(report, plan.title if plan else f"计划 {plan_id}", self.path.name, self)
        self.changes_dialog = dialog
        dialog.accepted.connect(lambda: self._update(plan_id, edited, dialog.prune_box.isChecked()))
        dialog.open()

    def _update(self, plan_id: int, edited: ParsedPlan, prune: bool) -> None:
        assert self.path is not None
        db, path, year = self.ctx.db, self.path, self._year()
        choices, who = dict(self._choices), self.ctx.who()

        def work(progress: ProgressFn, cancelled: CancelledFn) -> ImportReport:
            progress(0, 0, "正在更新计划……")
            report = import_plan(db, path, year=year, parsed=edited, replace=plan_id, prune=prune)
            _remember(db, choices, who)
            return report

        self.job = run_job(
            self, "更新计划", work, lambda report: self._finish(report, updated=True), cancellable=False
        )

    def _finish(self, report: ImportReport, *, updated: bool) -> None:
        self.report = report
        title = self.title_edit.text().strip()
        # The plan first, so that the window's plan selector keeps it when the list reloads.
        self.ctx.set_plan(report.plan_id)
        self.ctx.notify("plans")
        self.ctx.notify("units")
        if updated:
            head = (
                f"已更新计划“{title}”：新增 {report.tasks_added} 项，修改 {report.tasks_updated} 项，"
                f"未变 {report.tasks_kept} 项，删除 {report.tasks_removed} 项，共 {report.tasks} 项任务。"
            )
            kept = len(report.tasks_vanished) - report.tasks_removed
            if kept > 0:
                head += f"\n新文件中已没有的 {kept} 项任务仍保留在计划末尾。"
        else:
            head = f"已导入计划“{title}”：{report.tasks} 项任务，新增单位 {report.units_new} 个。"
        parent = self.parentWidget()
        self.accept()
        QMessageBox.information(parent or self, "导入完成", "\n".join([head, *_summary_lines(report)]))

    # --- closing and dropping -----------------------------------------------------------------------

    def _may_discard(self, doing: str) -> bool:
        if not self.model.can_undo:
            return True
        answer = QMessageBox.question(
            self, "放弃修改？", f"对当前任务表所做的修改尚未保存，{doing}将放弃这些修改。是否继续？"
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self._may_discard("关闭窗口"):
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_discard("关闭窗口"):
            event.accept()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(Path(u.toLocalFile()).suffix.lower() in DOCUMENT_SUFFIXES for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        documents = [p for p in paths if p.suffix.lower() in DOCUMENT_SUFFIXES]
        if documents:
            event.acceptProposedAction()
            self.load_file(documents[0])


def _prior_plan(db: Database, path: Path, parsed: ParsedPlan) -> int | None:
    """The plan this very file was imported as, if any (a dry run: nothing is stored)."""
    try:
        report = import_plan(db, path, parsed=parsed, dry_run=True)
    except UserError:
        return None  # only a hint for the preview; saving finds out again
    return None if report.created else report.plan_id


def _remember(db: Database, choices: dict[str, ColumnRole], who: str) -> None:
    """Keep the column roles chosen for a saved file for the next import (in the saving job)."""
    if not choices:
        return
    try:
        remember_columns(db, choices, who=who)
    except Exception:  # the plan is stored; a choice not remembered is only made again next time
        log.exception("column roles not remembered")


def _shared_header_text(name: str) -> str:
    return (
        f"表格中有几列的表头都是“{name}”。列的用途按表头记录，这几列只能一起设定，"
        "无法单独改这一列。\n\n可在下面的任务表中直接修改各项任务的单位、时限等内容。"
    )
