"""The 季度报送 page: one quarter's round, from templates out to reports in.

At the top, the quarter chosen in the toolbar with its deadline and whether it is open, and
新建季度 / 关闭 / 重新开启. Then what goes out (生成报送模板, 报送通知, 催报通知) and 手工录入;
below, 收取回执 (files or a folder, also dropped on the page or sent by the main window) with
the result of every file, and beside it who has not reported, who was late and whose answers lack
required cells. Writing files and collecting run through ``run_job``; the window never waits.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gkdesk.errors import CancelledError, UserError
from gkdesk.records import CollectResult, MissingReport, PeriodRow
from gkdesk.services.collect import SPREADSHEET_SUFFIXES, collect
from gkdesk.services.notices import NoticeKind, write_notice
from gkdesk.services.periods import list_periods, open_period, period_title, set_closed
from gkdesk.services.planning import list_plans
from gkdesk.services.progress import CancelledFn, ProgressFn
from gkdesk.services.settings import get_settings
from gkdesk.services.templates import write_templates
from gkdesk.services.tracking import missing
from gkdesk.ui.collect_result_model import (
    COL_FILE,
    COL_PROBLEMS,
    COL_RESULT,
    COL_ROWS,
    COL_UNIT,
    RESULT_LABELS,
    CollectResultTableModel,
)
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import show_error
from gkdesk.ui.file_dialogs import choose_files, choose_folder, save_file
from gkdesk.ui.missing_table_model import Kind, MissingTableModel
from gkdesk.ui.pages.base import Page
from gkdesk.ui.period_dialog import PeriodDialog, from_qdate, to_qdate
from gkdesk.ui.report_entry_dialog import ReportEntryDialog
from gkdesk.ui.workers import Job, run_job

RETURN_FILTER = "Excel 报送表 (*.xlsx *.xlsm *.xls *.et);;所有文件 (*)"
NOTICE_NAMES = {"report": "报送通知", "remind": "催报通知"}
# (kind, short tab label, what the tab lists) — short labels keep the three tabs visible side by side.
MISSING_TABS: tuple[tuple[Kind, str, str], ...] = (
    ("missing", "未报送", "未报送单位：本季度还有任务没有报送的单位"),
    ("late", "逾期", "逾期单位：首次报送晚于截止日期的单位（按工作日计）"),
    ("incomplete", "不完整", "填报不完整：报送了但未选完成状态或未填进展情况的单位"),
)


def open_folder(folder: Path) -> None:
    """Show a folder in the system's file manager (tests replace this)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def chinese_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


class CollectDetailDialog(QDialog):
    """Every error and warning of one returned file, selectable so it can be copied to the unit."""

    def __init__(self, result: CollectResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"收取结果：{result.file}")
        verdict = RESULT_LABELS.get(result.result, result.result)
        head = QLabel(
            f"文件：{result.file}\n单位：{result.unit or '（未能识别）'}\n结果：{verdict}"
            + (f"，收取 {result.rows} 行" if result.result != "refused" else "")
        )
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lines: list[str] = []
        if result.errors:
            lines.append(f"问题（{len(result.errors)} 处）：")
            lines.extend(f"  × {e}" for e in result.errors)
        if result.warnings:
            if lines:
                lines.append("")
            lines.append(f"提示（{len(result.warnings)} 条）：")
            lines.extend(f"  ! {w}" for w in result.warnings)
        if not lines:
            lines.append("没有发现问题。")
        if result.result == "refused":
            lines += ["", "被拒收的文件没有保存任何内容。请单位改正后重新交回，再收取一次即可。"]
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)


class ReportsPage(Page):
    title = "季度报送"
    topics = ("plans", "units", "reports")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setAcceptDrops(True)
        self.period_row: PeriodRow | None = None
        self.report: MissingReport | None = None
        self.job: Job | None = None
        self.detail_dialog: CollectDetailDialog | None = None
        self._results_for: tuple[int | None, str | None] = (None, None)

        # --- the quarter ---
        self.period_label = QLabel()
        self.period_label.setObjectName("periodTitle")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.period_label.setFont(font)
        self.deadline_label = QLabel()
        self.state_label = QLabel()
        self.state_label.setObjectName("periodState")
        self.count_label = QLabel()
        self.new_period_button = QPushButton("新建季度…")
        self.new_period_button.setToolTip(
            "开启本计划的一个季度并设定报送截止日期，或修改已开启季度的截止日期"
        )
        self.close_button = QPushButton("关闭本季度")
        self.new_period_button.clicked.connect(self.new_period)
        self.close_button.clicked.connect(self.toggle_closed)
        head = QHBoxLayout()
        head.addWidget(self.period_label)
        head.addSpacing(12)
        head.addWidget(self.state_label)
        head.addSpacing(12)
        head.addWidget(self.deadline_label)
        head.addSpacing(12)
        head.addWidget(self.count_label)
        head.addStretch(1)
        head.addWidget(self.new_period_button)
        head.addWidget(self.close_button)

        # --- what goes out ---
        self.templates_button = QPushButton("生成报送模板…")
        self.templates_button.setToolTip("为每个有任务的单位生成一份 Excel 报送表，发给各单位填写")
        self.report_notice_button = QPushButton("报送通知…")
        self.report_notice_button.setToolTip("生成本季度的报送通知（Word 公文，附各单位任务清单）")
        self.remind_notice_button = QPushButton("催报通知…")
        self.remind_notice_button.setToolTip("生成催报通知（Word 公文，列出未报送和填报不完整的单位）")
        self.entry_button = QPushButton("手工录入…")
        self.entry_button.setToolTip("单位通过电话或纸质材料报送时，在这里录入")
        self.templates_button.clicked.connect(self.write_templates)
        self.report_notice_button.clicked.connect(lambda: self.write_notice("report"))
        self.remind_notice_button.clicked.connect(lambda: self.write_notice("remind"))
        self.entry_button.clicked.connect(lambda: self.enter_report())
        out = QHBoxLayout()
        out.addWidget(self.templates_button)
        out.addWidget(self.report_notice_button)
        out.addWidget(self.remind_notice_button)
        out.addSpacing(16)
        out.addWidget(self.entry_button)
        out.addStretch(1)

        # --- collecting ---
        self.collect_button = QPushButton("收取回执…")
        self.collect_button.setToolTip("选择各单位交回的 Excel 报送表（可多选）；也可以把文件直接拖到本页")
        self.collect_folder_button = QPushButton("收取文件夹…")
        self.collect_folder_button.setToolTip("收取一个文件夹（含子文件夹）中的全部报送表")
        self.collect_button.clicked.connect(lambda: self.collect_paths(None))
        self.collect_folder_button.clicked.connect(self.collect_folder)
        self.received_edit = QDateEdit(to_qdate(date.today()))
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDisplayFormat("yyyy年M月d日")
        self.received_edit.setToolTip("按这一天记为收到日期，用于判断是否逾期")
        self.partial_check = QCheckBox("部分收取（有错误的文件也收取无误的行）")
        collect_row = QHBoxLayout()
        collect_row.addWidget(self.collect_button)
        collect_row.addWidget(self.collect_folder_button)
        collect_row.addSpacing(12)
        collect_row.addWidget(QLabel("收到日期："))
        collect_row.addWidget(self.received_edit)
        collect_row.addSpacing(12)
        collect_row.addWidget(self.partial_check)
        collect_row.addStretch(1)

        self.results = CollectResultTableModel(parent=self)
        self.results_view = QTableView()
        self.results_view.setModel(self.results)
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.verticalHeader().setVisible(False)
        self.results_view.setWordWrap(False)
        self.results_view.doubleClicked.connect(self.show_result)
        header = self.results_view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ROWS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROBLEMS, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_FILE, 220)
        header.resizeSection(COL_UNIT, 150)
        self.results_placeholder = QLabel(
            "把各单位交回的报送表（.xlsx）或整个文件夹拖到这里，\n或点“收取回执…”“收取文件夹…”。\n\n"
            "每个文件逐行检查：有错误的文件整份拒收、不保存任何内容，并列出错误所在的行；\n"
            "勾选“部分收取”时，只收取其中无误的行。"
        )
        self.results_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results_placeholder.setWordWrap(True)
        self.results_placeholder.setFrameShape(QFrame.Shape.StyledPanel)
        self.results_placeholder.setObjectName("dropHint")
        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.results_placeholder)
        self.results_stack.addWidget(self.results_view)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        results_box = QGroupBox("收取回执")
        results_layout = QVBoxLayout(results_box)
        results_layout.addLayout(collect_row)
        results_layout.addWidget(self.results_stack, 1)
        results_layout.addWidget(self.summary_label)

        # --- who is missing ---
        self.missing_tabs = QTabWidget()
        self.missing_models: dict[Kind, MissingTableModel] = {}
        self.missing_views: dict[Kind, QTableView] = {}
        for kind, label, what in MISSING_TABS:
            model = MissingTableModel(kind, self)
            view = QTableView()
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().setVisible(False)
            view.setWordWrap(False)
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            view.horizontalHeader().resizeSection(0, 150)
            view.horizontalHeader().setHighlightSections(False)
            view.doubleClicked.connect(self._missing_double_clicked)
            self.missing_models[kind] = model
            self.missing_views[kind] = view
            self.missing_tabs.addTab(view, label)
            self.missing_tabs.setTabToolTip(self.missing_tabs.count() - 1, what)
        missing_hint = QLabel("双击单位可为它手工录入。")
        missing_hint.setObjectName("hint")
        missing_box = QGroupBox("报送情况")
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.addWidget(self.missing_tabs, 1)
        missing_layout.addWidget(missing_hint)

        splitter = QSplitter()
        splitter.addWidget(results_box)
        splitter.addWidget(missing_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([600, 420])

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(out)
        layout.addWidget(splitter, 1)

        ctx.plan_changed.connect(self._context_changed)
        ctx.period_changed.connect(self._context_changed)

    # --- state -------------------------------------------------------------------------------------

    def _context_changed(self, *_args: object) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def refresh(self) -> None:
        plan_id, code = self.ctx.plan_id, self.ctx.period
        self.period_row = None
        if plan_id is not None and code is not None:
            self.period_row = next(
                (p for p in list_periods(self.ctx.db) if p.plan_id == plan_id and p.code == code), None
            )
        if self._results_for != (plan_id, code):
            # Results belong to the quarter they were collected for.
            self._results_for = (plan_id, code)
            self.show_results([])
        self.report = None
        if self.period_row is not None:
            try:
                self.report = missing(self.ctx.db, self.period_row.code, plan_id=plan_id)
            except UserError as exc:
                show_error(self, exc)
        self._show_period()
        self._show_missing()

    def _show_period(self) -> None:
        p = self.period_row
        has_plan = self.ctx.plan_id is not None
        self.new_period_button.setEnabled(has_plan)
        if p is None:
            self.period_label.setText("尚未选择季度")
            self.state_label.setText("")
            self.deadline_label.setText(
                "请先导入工作要点（文件 → 导入工作要点）。"
                if not has_plan
                else "本计划还没有开启季度，请点“新建季度…”开启。"
            )
            self.count_label.setText("")
        else:
            self.period_label.setText(f"{period_title(p.year, p.quarter)}（{p.code}）")
            if p.closed:
                self.state_label.setText("已关闭")
                self.state_label.setStyleSheet("color: #666666; font-weight: bold;")
            else:
                self.state_label.setText("进行中")
                self.state_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
            days = (date.fromisoformat(p.deadline) - date.today()).days
            when = (
                f"（还有 {days} 天）"
                if days > 0
                else "（今天截止）"
                if days == 0
                else f"（已过 {-days} 天）"
                if not p.closed
                else ""
            )
            self.deadline_label.setText(f"报送截止：{chinese_day(p.deadline)}{when}")
            self.count_label.setText(f"已报送 {p.units_reported} / {p.units_expected} 个单位")
        self.close_button.setEnabled(p is not None)
        self.close_button.setText("重新开启" if p is not None and p.closed else "关闭本季度")
        open_ = p is not None and not p.closed
        for button in (
            self.templates_button,
            self.report_notice_button,
            self.remind_notice_button,
            self.entry_button,
            self.collect_button,
            self.collect_folder_button,
        ):
            button.setEnabled(open_)
        if p is not None and p.closed:
            reason = "本季度已关闭；如需改动，请先点“重新开启”。"
            for button in (self.entry_button, self.collect_button, self.collect_folder_button):
                button.setToolTip(reason)

    def _show_missing(self) -> None:
        for i, (kind, label, _what) in enumerate(MISSING_TABS):
            model = self.missing_models[kind]
            model.set_report(self.report)
            view = self.missing_views[kind]
            if model.rowCount():
                # Wide enough for the longest unit name, never so wide that 情况 is pushed out.
                view.resizeColumnToContents(0)
                view.setColumnWidth(0, min(view.columnWidth(0) + 8, 220))
            count = model.rowCount()
            self.missing_tabs.setTabText(i, f"{label}（{count}）" if self.report is not None else label)

    def _need_period(self, *, writable: bool = True) -> PeriodRow | None:
        """The chosen quarter, or None after telling the user what to do first."""
        p = self.period_row
        if p is None:
            QMessageBox.information(
                self, "请先选择季度", "请先在上方工具栏选择季度，或点“新建季度…”开启一个季度。"
            )
            return None
        if writable and p.closed:
            QMessageBox.information(
                self,
                "本季度已关闭",
                f"{period_title(p.year, p.quarter)}已关闭，不能再改动。如需改动，请先点“重新开启”。",
            )
            return None
        return p

    # --- the quarter -------------------------------------------------------------------------------

    def new_period(self) -> None:
        plan_id = self.ctx.plan_id
        if plan_id is None:
            QMessageBox.information(self, "还没有计划", "请先导入工作要点（文件 → 导入工作要点）。")
            return
        plan = next((p for p in list_plans(self.ctx.db) if p.id == plan_id), None)
        periods = [p for p in list_periods(self.ctx.db) if p.plan_id == plan_id]
        dialog = PeriodDialog(plan.year if plan else None, periods, self)
        self.period_dialog = dialog
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                row = open_period(
                    self.ctx.db, dialog.code(), dialog.deadline(), plan_id=plan_id, who=self.ctx.who()
                )
            except UserError as exc:
                show_error(self, exc)
                continue  # back to the dialog, with the user's choice still in it
            # Choose the quarter first, so the toolbar keeps it when it reloads its list.
            self.ctx.set_period(row.code)
            self.ctx.notify("reports")
            return

    def toggle_closed(self) -> None:
        p = self.period_row
        if p is None:
            return
        title = period_title(p.year, p.quarter)
        if not p.closed:
            answer = QMessageBox.question(
                self,
                "关闭本季度",
                f"关闭{title}后，不能再收取回执或录入、修改报送，本季度的考核分数也随之固定。\n"
                "以后如需改动，可以重新开启。\n\n确定关闭吗？",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            set_closed(self.ctx.db, p.code, not p.closed, plan_id=p.plan_id, who=self.ctx.who())
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.notify("reports")
        self.ctx.notify("scores")  # closing fixes the quarter's scores, reopening frees them

    # --- templates and notices ---------------------------------------------------------------------

    def write_templates(self) -> Job | None:
        p = self._need_period()
        if p is None:
            return None
        folder = choose_folder(self, self.ctx, "templates", "选择存放报送表的文件夹")
        if folder is None:
            return None
        db, code, plan_id = self.ctx.db, p.code, p.plan_id

        def done(files: list[Path]) -> None:
            answer = QMessageBox.question(
                self,
                "报送表已生成",
                f"已在“{folder}”生成 {len(files)} 个单位的报送表。\n\n是否打开这个文件夹？",
            )
            if answer == QMessageBox.StandardButton.Yes:
                open_folder(folder)

        self.job = run_job(
            self,
            "正在生成报送表",
            lambda progress, cancelled: write_templates(
                db, code, folder, plan_id=plan_id, progress=progress, cancelled=cancelled
            ),
            done,
        )
        return self.job

    def write_notice(self, kind: NoticeKind) -> Job | None:
        p = self._need_period(writable=False)
        if p is None:
            return None
        name = NOTICE_NAMES[kind]
        if (
            kind == "remind"
            and self.report is not None
            and not self.report.missing
            and not self.report.incomplete
        ):
            QMessageBox.information(self, "无需催报", "所有单位都已报送且填报完整，不需要催报。")
            return None
        out = save_file(
            self,
            self.ctx,
            "notices",
            f"保存{name}",
            f"{period_title(p.year, p.quarter)}{name}.docx",
            "Word 文档 (*.docx)",
        )
        if out is None:
            return None
        if out.suffix.lower() != ".docx":
            out = out.with_name(out.name + ".docx")
        db, code, plan_id, who = self.ctx.db, p.code, p.plan_id, self.ctx.who()

        def done(files: list[Path]) -> None:
            if kind == "report":
                self.ctx.notify("reports")  # the notice's 文号 and date are now on the quarter
            answer = QMessageBox.question(
                self, f"{name}已生成", f"已生成{name}：\n{out}\n\n是否打开所在的文件夹？"
            )
            if answer == QMessageBox.StandardButton.Yes:
                open_folder(out.parent)

        self.job = run_job(
            self,
            f"正在生成{name}",
            lambda progress, cancelled: write_notice(
                db,
                kind,
                code,
                out,
                plan_id=plan_id,
                who=who,
                progress=progress,
                cancelled=cancelled,
            ),
            done,
        )
        return self.job

    # --- collecting --------------------------------------------------------------------------------

    def collect_folder(self) -> Job | None:
        if self._need_period() is None:
            return None
        folder = choose_folder(self, self.ctx, "returns", "选择存放各单位回执的文件夹")
        if folder is None:
            return None
        return self.collect_paths([folder])

    def collect_paths(self, paths: list[Path] | None) -> Job | None:
        """Collect returned files and folders; ``None`` asks for files with the file dialog."""
        p = self._need_period()
        if p is None:
            return None
        if paths is None:
            paths = choose_files(self, self.ctx, "returns", "选择各单位交回的报送表", RETURN_FILTER)
        if not paths:
            return None
        db, code, plan_id, who = self.ctx.db, p.code, p.plan_id, self.ctx.who()
        received = from_qdate(self.received_edit.date())
        partial = self.partial_check.isChecked()
        files = list(paths)

        def work(progress: ProgressFn, cancelled: CancelledFn) -> list[CollectResult]:
            return collect(
                db,
                code,
                files,
                plan_id=plan_id,
                received=received,
                partial=partial,
                who=who,
                max_length=int(get_settings(db)["max_text_length"]),
                progress=progress,
                cancelled=cancelled,
            )

        def done(results: list[CollectResult]) -> None:
            self._results_for = (plan_id, code)
            self.show_results(results)
            if not results:
                QMessageBox.information(
                    self, "没有找到报送表", "所选位置没有找到要收取的报送表（.xlsx 等 Excel 文件）。"
                )
                return
            self.ctx.notify("reports")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CancelledError):
                QMessageBox.information(self, "已取消", "已取消收取，本次没有保存任何文件的内容。")
            else:
                show_error(self, exc)

        self.job = run_job(self, "正在收取回执", work, done, on_failed=failed)
        return self.job

    def show_results(self, results: list[CollectResult]) -> None:
        self.results.set_results(results)
        self.results_stack.setCurrentWidget(self.results_view if results else self.results_placeholder)
        if not results:
            self.summary_label.setText("")
            return
        counts = {k: sum(r.result == k for r in results) for k in RESULT_LABELS}
        text = (
            f"共 {len(results)} 个文件：收取 {counts['accepted']}，更新 {counts['replaced']}，"
            f"无变化 {counts['unchanged']}，拒收 {counts['refused']}。"
        )
        if counts["refused"]:
            text += "双击被拒收的文件可查看全部问题。"
        self.summary_label.setText(text)

    def show_result(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        dialog = CollectDetailDialog(self.results.result_at(index.row()), self)
        self.detail_dialog = dialog
        dialog.exec()

    # --- hand entry --------------------------------------------------------------------------------

    def enter_report(self, unit: str | None = None, task_seq: int | None = None) -> ReportEntryDialog | None:
        p = self._need_period()
        if p is None:
            return None
        try:
            dialog = ReportEntryDialog(self.ctx, p.code, p.plan_id, self, unit=unit, task_seq=task_seq)
        except UserError as exc:
            show_error(self, exc)
            return None
        if not dialog.specs:
            QMessageBox.information(self, "没有需要报送的单位", "本计划的任务还没有指定任何责任单位。")
            return None
        self.entry_dialog = dialog
        dialog.exec()
        return dialog

    def _missing_double_clicked(self, index: QModelIndex) -> None:
        kind = MISSING_TABS[self.missing_tabs.currentIndex()][0]
        unit = self.missing_models[kind].unit_at(index.row())
        seqs: tuple[int, ...] = ()
        if self.report is not None:
            pairs = self.report.missing if kind == "missing" else self.report.incomplete
            seqs = next((s for u, s in pairs if u == unit), ()) if kind != "late" else ()
        self.enter_report(unit, seqs[0] if seqs else None)

    # --- drops -------------------------------------------------------------------------------------

    @staticmethod
    def _returns_in(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        return [p for p in paths if p.is_dir() or p.suffix.lower() in SPREADSHEET_SUFFIXES]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Anything else (a 工作要点 .docx) is left to the main window, which opens the import.
        if event.mimeData().hasUrls() and self._returns_in(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._returns_in(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.collect_paths(paths)
