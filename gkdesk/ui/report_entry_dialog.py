"""手工录入: type in one unit's answer on one task (a unit that phoned or sent a paper copy).

The unit list holds the units that owe reports this quarter, the task list that unit's tasks. The
form opens with the current answer when there is one, and remembers its version: if someone else
saves the same answer meanwhile, saving is refused (``ConflictError``), the dialog stays open with
everything the user typed, and says what the other person stored; saving again then replaces it
on purpose. Nothing typed is dropped without asking.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gkdesk.errors import ConflictError
from gkdesk.records import ROLE_LABELS, STATUSES, ReportFields, ReportRow, TemplateSpec
from gkdesk.services.progress import CancelledFn, ProgressFn
from gkdesk.services.reports import list_reports, set_report
from gkdesk.services.settings import get_settings
from gkdesk.services.templates import template_specs
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import show_error
from gkdesk.ui.file_dialogs import choose_files
from gkdesk.ui.period_dialog import from_qdate, to_qdate
from gkdesk.ui.workers import Job, run_job

NO_STATUS = "（请选择）"


def _text_box(lines: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def _stretch(widget: QWidget, factor: int) -> None:
    policy = widget.sizePolicy()
    policy.setVerticalStretch(factor)
    widget.setSizePolicy(policy)


class ReportEntryDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        period: str,
        plan_id: int | None,
        parent: QWidget | None = None,
        *,
        unit: str | None = None,
        task_seq: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.period, self.plan_id = ctx, period, plan_id
        self.setWindowTitle(f"手工录入报送（{period}）")
        # Raises UserError (period not open …); the page shows it instead of the dialog.
        self.specs: dict[str, TemplateSpec] = {
            s.unit_name: s for s in template_specs(ctx.db, period, plan_id=plan_id)
        }
        self.version = 0  # the version of the answer the form was filled from (0: none yet)
        self.current: ReportRow | None = None
        self.saved: ReportRow | None = None
        self.job: Job | None = None
        self._dirty = False
        self._shown_key: tuple[str, int] | None = None

        self.unit_box = QComboBox()
        self.unit_box.setEditable(True)
        self.unit_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_box.addItems(list(self.specs))
        completer = QCompleter(self.unit_box.model(), self.unit_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit_box.setCompleter(completer)
        self.task_box = QComboBox()
        self.task_box.setMinimumContentsLength(40)
        self.task_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state_label = QLabel()
        self.state_label.setObjectName("currentReport")
        self.state_label.setWordWrap(True)
        self.status_box = QComboBox()
        self.status_box.addItems([NO_STATUS, *STATUSES])
        self.progress_edit = _text_box(5, "必填：本季度做了什么、进展到哪一步")
        self.problems_edit = _text_box(2, "没有可写“无”")
        self.next_edit = _text_box(2, "下一步打算做什么、何时完成")
        self.evidence_edit = QLineEdit()
        self.evidence_edit.setPlaceholderText("佐证材料名称或网址；只添加文件时自动填写文件名")
        self.remarks_edit = QLineEdit()
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files.setMaximumHeight(self.files.fontMetrics().lineSpacing() * 3 + 12)
        self.add_files_button = QPushButton("添加文件…")
        self.remove_files_button = QPushButton("移除")
        self.add_files_button.clicked.connect(self.add_files)
        self.remove_files_button.clicked.connect(self.remove_files)
        self.files_note = QLabel()
        self.files_note.setWordWrap(True)
        self.received_edit = QDateEdit(to_qdate(date.today()))
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDisplayFormat("yyyy年M月d日")

        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.remove_files_button)
        file_buttons.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.files, 1)
        file_row.addLayout(file_buttons)
        form = QFormLayout()
        form.addRow("单位：", self.unit_box)
        form.addRow("任务：", self.task_box)
        form.addRow("", self.state_label)
        form.addRow("完成状态：", self.status_box)
        form.addRow("进展情况：", self.progress_edit)
        form.addRow("存在问题：", self.problems_edit)
        form.addRow("下步计划：", self.next_edit)
        form.addRow("佐证材料：", self.evidence_edit)
        form.addRow("佐证文件：", file_row)
        form.addRow("", self.files_note)
        form.addRow("备注：", self.remarks_edit)
        _stretch(self.progress_edit, 3)  # 进展情况 is the long one
        _stretch(self.problems_edit, 1)
        _stretch(self.next_edit, 1)
        form.addRow("收到日期：", self.received_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        for edit in (self.progress_edit, self.problems_edit, self.next_edit):
            edit.textChanged.connect(self._touched)
        for line in (self.evidence_edit, self.remarks_edit):
            line.textEdited.connect(self._touched)
        self.status_box.activated.connect(self._touched)

        if unit and unit in self.specs:
            self.unit_box.setCurrentText(unit)
        self._fill_tasks()
        if task_seq is not None:
            at = self.task_box.findData(task_seq)
            if at >= 0:
                self.task_box.setCurrentIndex(at)
        self._load()
        self.unit_box.currentIndexChanged.connect(self._unit_changed)
        self.task_box.currentIndexChanged.connect(self._task_changed)
        # The text boxes' own size hints would make a dialog taller than a laptop screen.
        self.resize(760, 680)

    # --- what is chosen --------------------------------------------------------------------------

    def unit(self) -> str | None:
        text = self.unit_box.currentText().strip()
        return text if text in self.specs else None

    def task_seq(self) -> int | None:
        data = self.task_box.currentData()
        return int(data) if data is not None else None

    def fields(self) -> ReportFields:
        status = self.status_box.currentText()
        return ReportFields(
            status="" if status == NO_STATUS else status,
            progress=self.progress_edit.toPlainText(),
            problems=self.problems_edit.toPlainText(),
            next_steps=self.next_edit.toPlainText(),
            evidence=self.evidence_edit.text(),
            remarks=self.remarks_edit.text(),
        )

    def evidence_files(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.files.count())]

    def _touched(self) -> None:
        self._dirty = True

    # --- following the unit and task ----------------------------------------------------------------

    def _fill_tasks(self) -> None:
        self.task_box.blockSignals(True)
        self.task_box.clear()
        spec = self.specs.get(self.unit() or "")
        for row in spec.rows if spec else ():
            title = row.title if len(row.title) <= 40 else row.title[:39] + "…"
            self.task_box.addItem(f"第 {row.code} 项（{ROLE_LABELS[row.role]}）{title}", int(row.code))
            self.task_box.setItemData(self.task_box.count() - 1, row.title, Qt.ItemDataRole.ToolTipRole)
        self.task_box.blockSignals(False)

    def _may_discard(self) -> bool:
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self,
            "放弃已输入的内容？",
            "已输入的内容还没有保存。换成别的单位或任务，这些内容就不再保留。\n\n确定要换吗？",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _unit_changed(self) -> None:
        if self.unit() is None:
            return  # half-typed name: wait for a real one
        if not self._may_discard():
            self._restore_choice()
            return
        self._fill_tasks()
        self._load()

    def _task_changed(self) -> None:
        if not self._may_discard():
            self._restore_choice()
            return
        self._load()

    def _restore_choice(self) -> None:
        if self._shown_key is None:
            return
        unit, seq = self._shown_key
        for box in (self.unit_box, self.task_box):
            box.blockSignals(True)
        self.unit_box.setCurrentText(unit)
        self._fill_tasks()
        self.task_box.blockSignals(True)
        self.task_box.setCurrentIndex(max(0, self.task_box.findData(seq)))
        for box in (self.unit_box, self.task_box):
            box.blockSignals(False)

    def _load(self) -> None:
        """Fill the form from the current answer of the chosen unit and task (empty when none)."""
        unit, seq = self.unit(), self.task_seq()
        self.current = None
        if unit is not None and seq is not None:
            rows = list_reports(self.ctx.db, self.period, plan_id=self.plan_id, unit_name=unit, task_seq=seq)
            self.current = rows[0] if rows else None
            self._shown_key = (unit, seq)
        fields = self.current.fields if self.current else ReportFields()
        self.version = self.current.version if self.current else 0
        self.status_box.setCurrentIndex(max(0, self.status_box.findText(fields.status)))
        for box, text in (
            (self.progress_edit, fields.progress),
            (self.problems_edit, fields.problems),
            (self.next_edit, fields.next_steps),
        ):
            box.blockSignals(True)
            box.setPlainText(text)
            box.blockSignals(False)
        self.evidence_edit.setText(fields.evidence)
        self.remarks_edit.setText(fields.remarks)
        self.files.clear()
        self._show_state()
        self._dirty = False
        self.save_button.setEnabled(unit is not None and seq is not None)

    def _show_state(self) -> None:
        r = self.current
        if r is None:
            self.state_label.setText("该单位本季度还没有报送这项任务。")
            self.files_note.setText("")
            self.files_note.setVisible(False)
            return
        by = f"，录入人 {r.entered_by}" if r.entered_by else ""
        self.state_label.setText(
            f"已有第 {r.version} 次报送：{r.received_on} 收到，来源 {r.source}{by}。"
            f"保存后成为第 {r.version + 1} 次，此前的内容保留在历史中。"
        )
        self.files_note.setText(
            f"已有佐证文件：{'、'.join(r.evidence_files)}。不添加新文件则继续沿用；添加新文件则以新文件为准。"
            if r.evidence_files
            else ""
        )
        self.files_note.setVisible(bool(r.evidence_files))

    # --- evidence files ------------------------------------------------------------------------------

    def add_files(self) -> None:
        paths = choose_files(self, self.ctx, "evidence", "选择佐证材料文件", "所有文件 (*)")
        known = set(self.evidence_files())
        for path in paths:
            if path in known:
                continue
            item_text = path.name
            self.files.addItem(item_text)
            item = self.files.item(self.files.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            known.add(path)
        if paths:
            self._dirty = True

    def remove_files(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    # --- saving -------------------------------------------------------------------------------------

    def save(self) -> None:
        unit, seq = self.unit(), self.task_seq()
        if unit is None or seq is None:
            QMessageBox.warning(self, "无法保存", "请先从列表中选择单位和任务。")
            return
        fields, files = self.fields(), self.evidence_files()
        received = from_qdate(self.received_edit.date())
        expected = self.version
        db, period, plan_id, who = self.ctx.db, self.period, self.plan_id, self.ctx.who()
        evidence_dir = self.ctx.paths.evidence_dir

        def work(progress: ProgressFn, cancelled: CancelledFn) -> ReportRow:
            return set_report(
                db,
                period,
                task_seq=seq,
                unit_name=unit,
                fields=fields,
                evidence_files=files,
                received=received,
                who=who,
                plan_id=plan_id,
                evidence_dir=evidence_dir,
                expected_version=expected,
                max_length=int(get_settings(db)["max_text_length"]),
            )

        self.save_button.setEnabled(False)
        self.job = run_job(self, "正在保存报送", work, self._saved, on_failed=self._failed, cancellable=False)

    def _saved(self, row: ReportRow) -> None:
        self.saved = row
        self._dirty = False
        self.save_button.setEnabled(True)
        self.ctx.notify("reports")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictError) and exc.code == "stale_report":
            self._stale(exc)
        else:
            show_error(self, exc, title="未能保存")

    def _stale(self, exc: ConflictError) -> None:
        # Keep the user's text; show what the other person stored, and let a second 保存 replace
        # it knowingly (the version seen now is the one the user has been told about).
        unit, seq = self.unit(), self.task_seq()
        rows = (
            list_reports(self.ctx.db, self.period, plan_id=self.plan_id, unit_name=unit, task_seq=seq)
            if unit is not None and seq is not None
            else []
        )
        latest = rows[0] if rows else None
        self.version = latest.version if latest else 0
        self.current = latest
        self._show_state()
        detail = ""
        if latest is not None:
            by = f"{latest.entered_by} " if latest.entered_by else ""
            progress = latest.fields.progress
            progress = progress if len(progress) <= 120 else progress[:120] + "……"
            detail = (
                f"\n\n对方保存的是第 {latest.version} 次报送"
                f"（{by}{latest.received_on}，来源 {latest.source}）：\n"
                f"完成状态：{latest.fields.status or '未选'}\n进展情况：{progress or '未填'}"
            )
        QMessageBox.warning(
            self,
            "他人刚修改过这条报送",
            exc.message
            + detail
            + "\n\n你输入的内容仍保留在窗口中，还没有保存。核对后如仍要以你的内容为准，请再点“保存”。",
        )
