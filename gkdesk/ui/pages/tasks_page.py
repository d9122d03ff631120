"""The 计划与任务 page: the chosen plan's tasks, searchable and filterable, with each task's detail.

Above, a search box (filters as the user types) and filters by unit, 板块 and this quarter's
红黄绿 state; in the middle the task table (sortable by its headers); below it the selected
task's full text, units, deadline and every report on it, newest quarter first. Column widths
and the splitter position are remembered.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
)

from gkdesk.errors import NotFoundError, UserError
from gkdesk.records import ROLE_LABELS, ReportRow, TaskRow, TaskStatus, UnitRow
from gkdesk.services.periods import parse_code, period_title
from gkdesk.services.planning import list_tasks
from gkdesk.services.reports import MANUAL_SOURCE, task_history
from gkdesk.services.tracking import task_states
from gkdesk.services.units import list_units
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page
from gkdesk.ui.task_filter_proxy import TaskFilterProxy
from gkdesk.ui.task_table_model import (
    COL_CO,
    COL_DEADLINE,
    COL_LABEL,
    COL_LEAD,
    COL_SECTION,
    COL_SEQ,
    COL_STATE,
    COL_TITLE,
    STATE_COLORS,
    STATE_LABELS,
    TaskTableModel,
    state_icon,
)

# Default widths in characters of the table's font; 任务 takes whatever is left.
_WIDTHS = {
    COL_SEQ: 3,
    COL_LABEL: 4.5,
    COL_SECTION: 9,
    COL_LEAD: 9,
    COL_CO: 12,
    COL_DEADLINE: 8,
    COL_STATE: 4,
}
_STATUS_COLORS = {"已完成": "#1e8e3e", "按序时推进": "#1a73e8", "滞后": "#d93025", "未启动": "#b06000"}
_MUTED = "#5f6368"
NO_PLAN = "尚未导入计划。请用“文件 → 导入工作要点”（Ctrl+O）导入，或把工作要点文件拖到窗口里。"
PICK_TASK = "在上方列表中选择一项任务，这里会显示它的全文、责任单位和各单位报送的进展。"


def _text(value: str) -> str:
    """User text as HTML: escaped, line breaks kept."""
    return html.escape(value).replace("\n", "<br>")


def _quarter(code: str) -> str:
    """“2021年第一季度” for "2021Q1"."""
    try:
        return period_title(*parse_code(code))
    except UserError:
        return code


def _newest_first(code: str) -> tuple[int, int]:
    try:
        year, quarter = parse_code(code)
    except UserError:
        return (0, 0)
    return (-year, -quarter)


def detail_html(
    task: TaskRow, state: TaskStatus | None, reports: Sequence[ReportRow], period: str | None
) -> str:
    """The detail pane for one task: what it is, who does it, and everything reported on it."""
    parts = [
        f"<h3 style='margin-bottom:2px'>{_text(task.label)}{_text(task.title)}</h3>",
        f"<p style='color:{_MUTED}; margin-top:0'>第 {task.seq} 项"
        + (f" · {_text(task.section)}" if task.section else "")
        + "</p>",
        "<table cellspacing='0' cellpadding='3'>",
    ]

    def line(label: str, value: str) -> None:
        parts.append(f"<tr><td style='color:{_MUTED}' nowrap>{label}</td><td>{value}</td></tr>")

    line("牵头单位", _text("、".join(task.lead)) or "（未注明）")
    line("配合单位", _text("、".join(task.co)) or "无")
    line("完成时限", _text(task.deadline or "") or "未注明")
    if period is not None:
        if state is not None:
            colour = STATE_COLORS[state.state]
            mark = f"<span style='color:{colour}; font-size:large'>●</span>"
            line(
                f"{_quarter(period)}状态",
                f"{mark} <b style='color:{colour}'>{STATE_LABELS[state.state]}</b>　{_text(state.reason)}",
            )
        else:
            line(f"{_quarter(period)}状态", "无")
    parts.append("</table>")
    if task.text:
        parts.append(f"<p style='margin-top:8px'>{_text(task.text)}</p>")

    parts.append("<h3 style='margin-top:14px'>报送进展</h3>")
    if not reports:
        parts.append(f"<p style='color:{_MUTED}'>还没有单位报送这项任务的进展。</p>")
    by_quarter: dict[str, list[ReportRow]] = {}
    for r in reports:
        by_quarter.setdefault(r.period, []).append(r)
    # Newest quarter first: that is what the office looks at; earlier ones are below for comparison.
    for code in sorted(by_quarter, key=_newest_first):
        parts.append(
            f"<h4 style='margin-top:10px; margin-bottom:2px; color:#174ea6'>{_text(_quarter(code))}</h4>"
        )
        for r in by_quarter[code]:
            parts.append(_report_html(r))
    return "".join(parts)


def _report_html(r: ReportRow) -> str:
    f = r.fields
    colour = _STATUS_COLORS.get(f.status, _MUTED)
    status = f"<b style='color:{colour}'>{_text(f.status)}</b>" if f.status else "<i>未填完成状态</i>"
    out = [
        f"<p style='margin-top:8px; margin-bottom:2px'><b>{_text(r.unit)}</b>"
        f"<span style='color:{_MUTED}'>（{ROLE_LABELS.get(r.role, r.role)}）</span>　{status}</p>"
    ]
    for label, value in (
        ("进展情况", f.progress),
        ("存在问题", f.problems),
        ("下步计划", f.next_steps),
        ("佐证材料", f.evidence or "、".join(r.evidence_files)),
        ("备注", f.remarks),
    ):
        if value:
            out.append(
                f"<p style='margin-left:16px; margin-top:0; margin-bottom:2px'>"
                f"<span style='color:{_MUTED}'>{label}：</span>{_text(value)}</p>"
            )
    if r.source == MANUAL_SOURCE:
        source = MANUAL_SOURCE + (f"（{_text(r.entered_by)}）" if r.entered_by else "")
    else:
        source = f"来自 {_text(r.source)}"
    meta = f"{_text(r.received_on)} 收到 · {source}"
    if r.version > 1:
        meta += f" · 第 {r.version} 次报送"
    out.append(f"<p style='margin-left:16px; margin-top:0; color:{_MUTED}; font-size:small'>{meta}</p>")
    return "".join(out)


class TasksPage(Page):
    title = "计划与任务"
    topics = (
        "plans",
        "units",
        "reports",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = TaskTableModel(parent=self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._states_shown = False

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索任务、单位、编号…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.setToolTip("输入任务、单位、编号或全文中的字词，列表随输入筛选；多个词用空格分开")
        self.unit_box = QComboBox()
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.setMinimumContentsLength(12)
        self.unit_box.setToolTip("只看某单位牵头或配合的任务（含它所属的“各县（市、区）”等统称）")
        self.section_box = QComboBox()
        self.section_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.section_box.setMinimumContentsLength(14)
        self.state_box = QComboBox()
        self.state_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state_box.setMinimumContentsLength(6)
        self.clear_button = QPushButton("清除筛选")
        self.clear_button.setToolTip("清空搜索框和各项筛选，显示全部任务")
        self.count_label = QLabel()
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for label, box in (
            ("单位：", self.unit_box),
            ("板块：", self.section_box),
            ("状态：", self.state_box),
        ):
            filters.addSpacing(6)
            caption = QLabel(label)
            caption.setBuddy(box)
            filters.addWidget(caption)
            filters.addWidget(box, 1 if box is not self.state_box else 0)
        filters.addSpacing(6)
        filters.addWidget(self.clear_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed heights: a row never has to be measured, so filtering 3,000 rows stays instant.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        em = self.table.fontMetrics().horizontalAdvance("中")
        for col, chars in _WIDTHS.items():
            header.resizeSection(col, int(chars * em + 16))
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(COL_SEQ, Qt.SortOrder.AscendingOrder)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(PICK_TASK)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)

        self._restore_layout()
        self.table.setSortingEnabled(True)

        self.search.textChanged.connect(lambda text: self._filter(self.proxy.set_search, text))
        self.search.returnPressed.connect(self._go_to_table)
        for box, setter in (
            (self.unit_box, self.proxy.set_unit),
            (self.section_box, self.proxy.set_section),
            (self.state_box, self.proxy.set_state),
        ):
            box.currentIndexChanged.connect(lambda _, b=box, f=setter: self._filter(f, b.currentData()))
        self.clear_button.clicked.connect(self.clear_filters)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        header.sectionResized.connect(self._save_layout)
        header.sortIndicatorChanged.connect(self._save_layout)
        self.splitter.splitterMoved.connect(self._save_layout)

        # The plan and quarter selectors change one after the other; one reload covers both.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._reload_if_stale)
        ctx.plan_changed.connect(self._context_changed)
        ctx.period_changed.connect(self._context_changed)
        self._fill_state_box([])
        self._update_count()

    # --- public ------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (编辑 → 查找任务, Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filters(self) -> None:
        for box in (self.unit_box, self.section_box, self.state_box):
            box.setCurrentIndex(0)
        self.search.clear()

    def selected_task(self) -> TaskRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_task(self, task_id: int) -> bool:
        """Select (and scroll to) the task with this id if it is listed; False when it is not."""
        source = self.model.row_of(task_id)
        index = self.proxy.mapFromSource(self.model.index(source, 0)) if source >= 0 else None
        if index is None or not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # --- loading -----------------------------------------------------------------------------------

    def _context_changed(self, _value: object) -> None:
        self._stale = True
        if self.isVisible():
            self._reload_timer.start()

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.reload()

    def refresh(self) -> None:
        self._reload_timer.stop()
        keep = self.selected_task()
        plan_id, period = self.ctx.plan_id, self.ctx.period
        rows: list[TaskRow] = []
        states: list[TaskStatus] = []
        units: list[UnitRow] = []
        if plan_id is not None:
            try:
                rows = list_tasks(self.ctx.db, plan_id)
            except NotFoundError:
                # The plan was just deleted; the selectors move to another one and reload us.
                rows = []
            units = list_units(self.ctx.db)
            if period is not None:
                try:
                    states = task_states(self.ctx.db, period, plan_id=plan_id)
                except UserError:
                    # The quarter belongs to another plan: the selectors are half-way through a
                    # change, and the period_changed that follows reloads with the right one.
                    states = []
        self._states_shown = plan_id is not None and period is not None and bool(states)
        self.model.set_rows(rows, states, {u.name: u.members for u in units if u.is_group})
        self._fill_unit_box(units)
        self._fill_section_box()
        self._fill_state_box(states)
        self.table.setColumnHidden(COL_STATE, not self._states_shown)
        if keep is None or not self.select_task(keep.id):
            self._show_detail()
        self._update_count()

    def _fill_unit_box(self, units: Sequence[UnitRow]) -> None:
        counts = self.model.unit_counts()
        # Register order (the order the office lists units in), only units this plan concerns.
        names = [u.name for u in units if u.name in counts]
        names += sorted(set(counts) - set(names))
        items = [(f"{n}（{counts[n]} 项）", n, n) for n in names]
        self._refill(self.unit_box, "全部单位", items, self.proxy.set_unit)

    def _fill_section_box(self) -> None:
        items = [(s, s, s) for s in self.model.sections()]
        self._refill(self.section_box, "全部板块", items, self.proxy.set_section)

    def _fill_state_box(self, states: Sequence[TaskStatus]) -> None:
        counts = {key: sum(1 for s in states if s.state == key) for key in STATE_LABELS}
        items = [(f"{label}（{counts[key]} 项）", key, "") for key, label in STATE_LABELS.items()]
        self._refill(self.state_box, "全部状态", items, self.proxy.set_state)
        for i, key in enumerate(STATE_LABELS, start=1):
            self.state_box.setItemIcon(i, state_icon(key))
        self.state_box.setEnabled(self._states_shown)
        self.state_box.setToolTip(
            "按本季度的红黄绿状态筛选" if self._states_shown else "在窗口上方选择季度后，可按红黄绿状态筛选"
        )

    def _refill(
        self,
        box: QComboBox,
        everything: str,
        items: list[tuple[str, str, str]],
        setter: Callable[[str | None], None],
    ) -> None:
        """New choices (text, value, tooltip), keeping the current one when it is still there
        (else back to 全部); the proxy's filter follows."""
        keep = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, data, tip in items:
            box.addItem(text, data)
            if tip:  # the full name, for when the box is narrower than it
                box.setItemData(box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(max(0, box.findData(keep)) if keep is not None else 0)
        box.blockSignals(False)
        # The list opens wide enough for the longest name even when the box itself is narrow.
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)
        # A choice that vanished resets its filter too.
        self._filter(setter, box.currentData())

    # --- reactions ---------------------------------------------------------------------------------

    def _filter(self, setter: Callable[[str | None], None], value: str | None) -> None:
        """Change one filter. A selected task the filter hides is unselected rather than replaced
        by its neighbour (which is what a view does when a row goes away): the detail pane
        should never switch to a task the user did not pick."""
        selected = self.selected_task()
        setter(value)
        if selected is not None and self.selected_task() != selected:
            self.table.selectionModel().clear()
            self._show_detail()

    def _update_count(self, *_args: object) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.ctx.plan_id is None:
            self.count_label.setText("尚未导入计划")  # the detail pane says how
        else:
            self.count_label.setText(f"共 {total} 项，显示 {shown} 项")
        self.clear_button.setEnabled(self.proxy.filtering)

    def _show_detail(self, *_args: object) -> None:
        task = self.selected_task()
        if task is None:
            self.detail.setHtml("")
            self.detail.setPlaceholderText(NO_PLAN if self.ctx.plan_id is None else PICK_TASK)
            return
        state = self.model.state_at(self.model.row_of(task.id))
        reports = task_history(self.ctx.db, task.id)
        self.detail.setHtml(detail_html(task, state, reports, self.ctx.period))

    def _go_to_table(self) -> None:
        """Enter in the search box: to the list, on the first match unless one is selected."""
        if self.proxy.rowCount() == 0:
            return
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- remembered layout -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        header = self.ctx.settings.value("tasks/header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        splitter = self.ctx.settings.value("tasks/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([480, 320])

    def _save_layout(self, *_args: object) -> None:
        self.ctx.settings.setValue("tasks/header", self.table.horizontalHeader().saveState())
        self.ctx.settings.setValue("tasks/splitter", self.splitter.saveState())
