"""The 考核评分 page: the quarter's scores, one unit's detail, the office's manual entries, exports.

The table shows every unit's items, 加分, 扣分, total, rank and grade, recomputed from the stored
data each time (a closed quarter shows the scores frozen when it was closed). Selecting a unit
shows why each item stands where it does and the manual entries made for it; the form under them
records a new deduction, 加分, 扣分 or 单项否决 — with a reason, always — and the table follows at
once. 导出评分表 writes the Excel score book, 导出考核通报 the Word notice of the results, both
off the GUI thread. 年度汇总 shows the year's roll-up, read-only.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.errors import UserError
from gkdesk.records import ROLE_LABELS, RubricItem, ScoreEntryRow, ScoreSheet, UnitScore
from gkdesk.scoring.engine import left_out, task_rule
from gkdesk.services.notices import write_notice
from gkdesk.services.periods import list_periods, parse_code, period_title
from gkdesk.services.review import add_entry, export_scores, period_scores, remove_entry, score_entries
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import show_error
from gkdesk.ui.file_dialogs import save_file
from gkdesk.ui.pages.base import Page
from gkdesk.ui.score_table_model import SORT_ROLE, ScoreTableModel, points_text, signed
from gkdesk.ui.workers import Job, run_job

BONUS, PENALTY, VETO = "bonus", "penalty", "veto"
UNIT_COLUMN = 1
SPECIAL_NAMES = {BONUS: "加分", PENALTY: "扣分", VETO: "单项否决"}
REASON_HINT = "请写明理由，写好后才能保存。"
NEGATIVE = QColor("#c62828")
POSITIVE = QColor("#1b7f3b")


def open_folder(folder: Path) -> None:
    """Show the folder in the system's file manager (tests replace this)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def office_items(items: tuple[RubricItem, ...]) -> list[tuple[str, RubricItem]]:
    """The items the office scores by hand: a manual item's children, or the item itself."""
    out: list[tuple[str, RubricItem]] = []
    for item in items:
        if item.rule != "manual":
            continue
        if item.children:
            out.extend((c.code, c) for c in item.children)
        else:
            out.append((item.code, item))
    return out


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #607d8b;")
    return label


class ReviewPage(Page):
    title = "考核评分"
    topics = (
        "reports",
        "scores",
        "units",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.sheet: ScoreSheet | None = None
        self.closed = False
        self.entries: list[ScoreEntryRow] = []
        self.delete_buttons: dict[int, QPushButton] = {}
        self.last_job: Job | None = None
        self._unit: str | None = None  # the unit whose detail is shown, kept across refreshes
        self._fitted = False  # columns sized to a sheet's contents at least once

        # --- heading and actions ---
        self.heading = _bold(QLabel("考核评分"), 1.3)
        self.state_label = _muted()
        self.annual_box = QCheckBox("年度汇总")
        self.annual_box.setToolTip("查看全年汇总：已截止或已关闭的各季度得分的平均，只能查看")
        self.export_scores_button = QPushButton("导出评分表…")
        self.export_scores_button.setToolTip("把各单位得分写成 Excel 考核评分表（含扣分明细）")
        self.export_notice_button = QPushButton("导出考核通报…")
        self.export_notice_button.setToolTip("生成本季度考核结果通报（Word 公文）")
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.state_label)
        top.addLayout(titles, 1)
        top.addWidget(self.annual_box)
        top.addSpacing(12)
        top.addWidget(self.export_scores_button)
        top.addWidget(self.export_notice_button)

        # --- the score table (or why there is none) ---
        self.model = ScoreTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # the sheet's own order (category, then rank) until clicked
        self.table.horizontalHeader().setHighlightSections(False)
        # Long item names wrap onto a second header line instead of widening their columns.
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        )
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.viewport().installEventFilter(self)
        self.empty_label = _muted()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty_label)
        self.body.addWidget(self.table)

        # --- one unit's detail ---
        self.detail = QStackedWidget()
        self.detail.setMinimumWidth(330)
        pick = _muted("在左侧表格中选择一个单位，查看各项得分的依据，录入扣分或加分。")
        pick.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.addWidget(pick)
        self.detail.addWidget(self._build_detail())

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.body)
        split.addWidget(self.detail)
        # The table takes any extra width; the detail keeps a readable column.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        split.setSizes([790, 340])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.annual_box.toggled.connect(lambda _on: self.reload())
        self.export_scores_button.clicked.connect(self.export_score_book)
        self.export_notice_button.clicked.connect(self.export_result_notice)
        ctx.plan_changed.connect(self._context_changed)
        ctx.period_changed.connect(self._context_changed)

    def _build_detail(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 0, 0, 0)
        self.unit_label = _bold(QLabel(), 1.15)
        self.unit_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["项目及依据", "分值"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.entries_title = _bold(QLabel("人工评分记录"))
        self.entries_table = QTableWidget(0, 4)
        self.entries_table.setHorizontalHeaderLabels(["项目", "分值", "理由", ""])
        self.entries_table.verticalHeader().setVisible(False)
        self.entries_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entries_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.entries_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.entries_table.setColumnWidth(0, 100)  # long item names wrap, leaving room for the reason
        self.entries_table.setWordWrap(True)
        self.no_entries_label = _muted("暂无人工评分。")

        self.form = QGroupBox("录入人工评分")
        self.item_combo = QComboBox()
        self.points_spin = QDoubleSpinBox()
        self.points_spin.setRange(-100, 100)
        self.points_spin.setDecimals(1)
        self.points_spin.setSingleStep(0.5)
        self.points_spin.setSuffix(" 分")
        self.points_spin.setToolTip("扣分填负数（如 -1），加分填正数")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("如：3月政府网站信息更新不及时（必填）")
        self.hint_label = QLabel(REASON_HINT)
        self.hint_label.setStyleSheet("color: #c62828;")
        self.hint_label.setWordWrap(True)
        self.save_button = QPushButton("保存")
        self.save_button.setEnabled(False)
        form = QFormLayout(self.form)
        form.addRow("项目：", self.item_combo)
        form.addRow("分值：", self.points_spin)
        form.addRow("理由：", self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint_label, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.closed_label = QLabel()
        self.closed_label.setWordWrap(True)
        self.closed_label.setStyleSheet("color: #8d6e00; background: #fff8e1; padding: 6px;")

        layout.addWidget(self.unit_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.entries_title)
        layout.addWidget(self.entries_table)
        layout.addWidget(self.no_entries_label)
        layout.addWidget(self.closed_label)
        layout.addWidget(self.form)

        self.item_combo.currentIndexChanged.connect(self._item_chosen)
        self.points_spin.valueChanged.connect(self._update_form)
        self.reason_edit.textChanged.connect(self._update_form)
        self.reason_edit.returnPressed.connect(self.save_entry)
        self.save_button.clicked.connect(self.save_entry)
        return box

    # --- loading -----------------------------------------------------------------------------------

    def _context_changed(self, _value: object = None) -> None:
        self._on_data_changed("all")

    @property
    def annual(self) -> bool:
        return self.annual_box.isChecked()

    def refresh(self) -> None:
        plan_id, code = self.ctx.plan_id, self.ctx.period
        self.sheet, self.entries, self.closed = None, [], False
        message = ""
        if plan_id is None:
            message = "还没有导入计划。请先用“文件 → 导入工作要点”导入本年度的工作要点。"
        elif code is None:
            message = "还没有开启季度。请先在“季度报送”页开启季度，各单位报送后这里显示得分。"
        else:
            period = next(
                (p for p in list_periods(self.ctx.db) if p.plan_id == plan_id and p.code == code), None
            )
            self.closed = bool(period and period.closed) and not self.annual
            try:
                self.sheet = period_scores(self.ctx.db, code[:4] if self.annual else code, plan_id=plan_id)
                if not self.annual:
                    self.entries = score_entries(self.ctx.db, code, plan_id=plan_id)
            except UserError as exc:  # e.g. no quarter of the year has closed yet for 年度汇总
                message = exc.message
                self.sheet = None
        self.model.set_sheet(self.sheet)
        self._show_heading(code)
        self._fill_items()
        # Without scores there is no unit to pick: the message gets the whole width.
        self.detail.setVisible(self.sheet is not None)
        if self.sheet is None:
            self.empty_label.setText(message)
            self.body.setCurrentWidget(self.empty_label)
            self.detail.setCurrentIndex(0)
            return
        self.body.setCurrentWidget(self.table)
        self._fit_columns()
        row = self.model.row_of(self._unit) if self._unit else -1
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, UNIT_COLUMN))
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show_unit(self.model.unit_at(row))
        else:
            self.detail.setCurrentIndex(0)

    def _show_heading(self, code: str | None) -> None:
        has_sheet = self.sheet is not None
        self.export_scores_button.setEnabled(has_sheet)
        # The 考核通报 is a quarter's document; the year has only its score book.
        self.export_notice_button.setEnabled(has_sheet and not self.annual)
        self.annual_box.setEnabled(code is not None)
        if self.sheet is None:
            self.heading.setText("考核评分")
            self.state_label.setText("")
            return
        self.heading.setText(f"{self.sheet.period_title}考核评分")
        if self.annual:
            self.state_label.setText(
                "年度汇总为已截止或已关闭的各季度得分的平均，只能查看；人工评分请在各季度录入。"
            )
        elif self.closed:
            self.state_label.setText("本季度已关闭，得分已固定。")
        else:
            n = len(self.sheet.units)
            self.state_label.setText(f"共 {n} 个单位参加考核；得分随报送和人工评分即时重算。点表头可排序。")

    def _fit_columns(self) -> None:
        """Columns as narrow as their contents; item headers wrap ("报送时效" over "(15)")."""
        self.table.resizeColumnsToContents()
        fm = self.table.horizontalHeader().fontMetrics()
        pad = 14  # the header's margins and the sort arrow
        for col in range(self.model.columnCount()):
            header = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            name, _, rest = header.partition("(")
            widest_line = max(fm.horizontalAdvance(name), fm.horizontalAdvance("(" + rest) if rest else 0)
            content = self.table.sizeHintForColumn(col)
            self.table.setColumnWidth(col, min(max(widest_line + pad, content + 8), 260))
        self._fitted = True
        lines = 2 if len(self.model.item_columns) else 1
        self.table.horizontalHeader().setFixedHeight(lines * fm.height() + 12)
        self._squeeze_unit_column()

    def _squeeze_unit_column(self) -> None:
        """The 单位 column takes the table's spare width; when the table is narrower than its
        columns, long unit names give way (elided, with a tooltip) before the numbers do, so 总分
        and 等次 stay in sight."""
        if not self._fitted:
            return
        others = sum(self.table.columnWidth(c) for c in range(self.model.columnCount()) if c != UNIT_COLUMN)
        room = self.table.viewport().width() - others
        shortest = self.table.fontMetrics().horizontalAdvance("市人民政府办公") + 12
        self.table.setColumnWidth(UNIT_COLUMN, max(shortest, room))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._squeeze_unit_column()
        return super().eventFilter(watched, event)

    def _fill_items(self) -> None:
        keep = self.item_combo.currentData()
        self.item_combo.blockSignals(True)
        self.item_combo.clear()
        if self.sheet is not None and not self.annual:
            rubric = self.sheet.rubric
            for code, item in office_items(rubric.items):
                self.item_combo.addItem(f"{code} {item.name}（满分 {points_text(item.max_points)}）", code)
            self.item_combo.addItem(f"加分（累计不超过 {points_text(rubric.bonus_cap)} 分）", BONUS)
            self.item_combo.addItem("扣分（从总分中扣除）", PENALTY)
            self.item_combo.addItem(f"单项否决（等次定为{rubric.veto_grade}）", VETO)
        found = self.item_combo.findData(keep)
        self.item_combo.setCurrentIndex(max(found, 0))
        self.item_combo.blockSignals(False)
        if found < 0:
            self._item_chosen()
        self._update_form()

    # --- one unit ---------------------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        unit = self.model.unit_at(self.proxy.mapToSource(current).row())
        self._unit = unit.unit
        self._show_unit(unit)

    def current_unit(self) -> UnitScore | None:
        if self.sheet is None or not self._unit:
            return None
        row = self.model.row_of(self._unit)
        return self.model.unit_at(row) if row >= 0 else None

    def _show_unit(self, u: UnitScore) -> None:
        assert self.sheet is not None
        self.detail.setCurrentIndex(1)
        self.unit_label.setText(u.unit)
        rank = f"第 {u.rank} 名" + (f"（{u.category}）" if self.sheet.rubric.rank_by_category else "")
        self.summary_label.setText(f"总分 {u.total:.1f}　　{rank}　　等次：{u.grade}")
        self._fill_tree(u)
        self._fill_entries(u)
        self.form.setVisible(not self.annual)
        self.form.setEnabled(not self.closed)
        self.closed_label.setVisible(self.closed)
        if self.closed:
            title = self.sheet.period_title
            self.closed_label.setText(
                f"{title}已关闭，得分已固定，不能再录入或删除人工评分。如需修改，请先重新开启{title}。"
            )
        self._update_form()

    def _fill_tree(self, u: UnitScore) -> None:
        assert self.sheet is not None
        self.tree.clear()
        rules = {i.code: i.rule for i in self.sheet.rubric.items}

        def node(
            parent: QTreeWidget | QTreeWidgetItem, text: str, value: str, points: float = 0.0
        ) -> QTreeWidgetItem:
            item = QTreeWidgetItem(parent, [text, value])
            item.setToolTip(0, text)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if points:
                item.setForeground(1, QBrush(NEGATIVE if points < 0 else POSITIVE))
            return item

        def heading(item: QTreeWidgetItem) -> QTreeWidgetItem:
            font = QFont(self.tree.font())
            font.setBold(True)
            item.setFont(0, font)
            item.setFont(1, font)
            return item

        for score in u.items:
            top = heading(
                node(
                    self.tree,
                    f"{score.code}. {score.name}",
                    f"{points_text(score.points)} / {points_text(score.max_points)}",
                )
            )
            for line in score.lines:
                node(top, line.reason, signed(line.points) if line.points else "", line.points)
            if rules.get(score.code) == "tasks":
                for t in u.tasks:
                    # The status as the unit reported it, and how it counted.
                    rule = task_rule(t)
                    role = ROLE_LABELS[t.role]
                    counted = not left_out(t)
                    child = node(
                        top,
                        f"第{t.seq}项 {role}：{rule}",
                        f"{t.weight:g}×{t.factor:g}" if counted else "不计",
                    )
                    child.setToolTip(0, f"第{t.seq}项 {t.title}\n{role}，完成状态：{t.status}\n计分：{rule}")
                    child.setToolTip(
                        1,
                        f"权重 {t.weight:g}（{role}）× 状态系数 {t.factor:g}"
                        if counted
                        else "本季度不计入任务落实的加权平均",
                    )
            if not score.lines and not (rules.get(score.code) == "tasks" and u.tasks):
                node(top, "满分", "")
            top.setExpanded(top.childCount() <= 8)
        cap = points_text(self.sheet.rubric.bonus_cap)
        bonus = heading(node(self.tree, f"加分（上限 {cap} 分）", points_text(u.bonus), u.bonus))
        for line in u.bonus_lines:
            node(bonus, line.reason, signed(line.points), line.points)
        bonus.setExpanded(True)
        penalty = heading(node(self.tree, "扣分", points_text(-u.penalty) if u.penalty else "0", -u.penalty))
        for line in u.penalty_lines:
            node(penalty, line.reason, signed(line.points), line.points)
        penalty.setExpanded(True)
        if u.veto:
            veto = heading(node(self.tree, "单项否决", self.sheet.rubric.veto_grade, -1))
            node(veto, u.veto, "", -1)
            veto.setExpanded(True)

    def _item_name(self, code: str, *, with_code: bool = True) -> str:
        if code in SPECIAL_NAMES:
            return SPECIAL_NAMES[code]
        if self.sheet is not None:
            for item in self.sheet.rubric.items:
                for candidate in (item, *item.children):
                    if candidate.code == code:
                        return f"{code} {candidate.name}" if with_code else candidate.name
        return code

    def _fill_entries(self, u: UnitScore) -> None:
        mine = [e for e in self.entries if e.unit == u.unit]
        self.delete_buttons = {}
        table = self.entries_table
        table.setRowCount(len(mine))
        for row, e in enumerate(mine):
            at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
            who = e.who or "（未记录录入人）"
            tip = f"{who}，{at.astimezone().strftime('%Y-%m-%d %H:%M')} 录入\n{e.reason}"
            value = "" if e.item == VETO else signed(e.points)
            for col, text in enumerate((self._item_name(e.item, with_code=False), value, e.reason)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(tip)
                table.setItem(row, col, cell)
            button = QPushButton("删除")
            button.setToolTip("删除这条人工评分，得分随即重算")
            button.setEnabled(not self.closed)
            button.clicked.connect(lambda _=False, entry=e: self.delete_entry(entry))
            table.setCellWidget(row, 3, button)
            self.delete_buttons[e.id] = button
        table.resizeRowsToContents()
        # As tall as its rows (up to five), so one entry does not leave an empty box under it.
        shown = sum(table.rowHeight(r) for r in range(min(len(mine), 5)))
        table.setFixedHeight(table.horizontalHeader().height() + shown + 2 * table.frameWidth() + 2)
        visible = not self.annual
        self.entries_title.setVisible(visible)
        table.setVisible(visible and bool(mine))
        self.no_entries_label.setVisible(visible and not mine)

    # --- entering and removing manual scores -------------------------------------------------------

    def _item_chosen(self, _index: int = -1) -> None:
        item = self.item_combo.currentData()
        veto = item == VETO
        self.points_spin.setEnabled(not veto)
        # A sensible start: one point off an item or as 扣分, one point as 加分, nothing for 否决.
        self.points_spin.setValue(0 if veto else 1 if item == BONUS else -1)
        self._update_form()

    def _update_form(self, *_args: object) -> None:
        item = self.item_combo.currentData()
        reason = self.reason_edit.text().strip()
        hint = ""
        if self.closed or self.annual:
            hint = ""  # the form is disabled or hidden, and the yellow note says why
        elif not reason:
            hint = REASON_HINT
        elif item != VETO and self.points_spin.value() == 0:
            hint = "分值不能为 0：扣分填负数，加分填正数。"
        self.hint_label.setText(hint)
        self.save_button.setEnabled(
            bool(reason)
            and not hint
            and item is not None
            and not self.closed
            and not self.annual
            and self.current_unit() is not None
        )

    def save_entry(self) -> None:
        unit = self.current_unit()
        code = self.ctx.period
        if not self.save_button.isEnabled() or unit is None or code is None:
            return
        try:
            add_entry(
                self.ctx.db,
                code,
                unit_name=unit.unit,
                item=str(self.item_combo.currentData()),
                points=self.points_spin.value(),
                reason=self.reason_edit.text(),
                plan_id=self.ctx.plan_id,
                who=self.ctx.who(),
            )
        except UserError as exc:
            show_error(self, exc)
            return
        self.reason_edit.clear()
        self._changed()

    def delete_entry(self, entry: ScoreEntryRow) -> None:
        value = "" if entry.item == VETO else f" {signed(entry.points)}"
        answer = QMessageBox.question(
            self,
            "删除人工评分",
            f"删除“{entry.unit}”的这条记录吗？\n\n{self._item_name(entry.item)}{value}：{entry.reason}",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_entry(self.ctx.db, entry.id, who=self.ctx.who())
        except UserError as exc:
            show_error(self, exc)
            return
        self._changed()

    def _changed(self) -> None:
        self.ctx.notify("scores")
        if self._stale:  # not on screen: the notification only marked it, show the new scores anyway
            self.reload()

    # --- exports -----------------------------------------------------------------------------------

    def _code_and_title(self) -> tuple[str, str] | None:
        code = self.ctx.period
        if code is None or self.sheet is None:
            return None
        if self.annual:
            return code[:4], f"{code[:4]}年度"
        return code, period_title(*parse_code(code))

    def export_score_book(self) -> None:
        chosen = self._code_and_title()
        if chosen is None:
            return
        code, title = chosen
        path = save_file(
            self, self.ctx, "exports", "导出考核评分表", f"{title}考核评分表.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        db, plan_id = self.ctx.db, self.ctx.plan_id
        self.last_job = run_job(
            self,
            "正在导出考核评分表……",
            lambda _progress, _cancelled: export_scores(db, code, path, plan_id=plan_id),
            self._exported,
            cancellable=False,
        )

    def export_result_notice(self) -> None:
        chosen = self._code_and_title()
        if chosen is None or self.annual:
            return
        code, title = chosen
        path = save_file(
            self, self.ctx, "exports", "导出考核通报", f"{title}考核结果通报.docx", "Word 文档 (*.docx)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        db, plan_id, who = self.ctx.db, self.ctx.plan_id, self.ctx.who()
        self.last_job = run_job(
            self,
            "正在生成考核通报……",
            lambda progress, cancelled: write_notice(
                db, "result", code, path, plan_id=plan_id, who=who, progress=progress, cancelled=cancelled
            )[0],
            self._exported,
        )

    def _exported(self, path: Path) -> None:
        answer = QMessageBox.question(self, "导出完成", f"已保存到：\n{path}\n\n要打开所在的文件夹吗？")
        if answer == QMessageBox.StandardButton.Yes:
            open_folder(path.parent)
