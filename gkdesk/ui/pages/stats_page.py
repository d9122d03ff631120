"""The 统计 page: three charts of the plan chosen in the toolbar.

各单位完成率 (the chosen quarter: the share of each unit's tasks reported 已完成 or 按序时推进),
各板块任务状态 (the chosen quarter: tasks per section by the status their lead units reported) and
各季度按时报送率 (every opened quarter of the plan). The figures come from ``services.stats``;
the charts are drawn by ``ui.charts``. Read-only: the page changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from gkdesk.errors import UserError
from gkdesk.services.periods import parse_code, period_title
from gkdesk.services.planning import list_plans
from gkdesk.services.stats import TASK_STATUSES, completion_by_unit, on_time_by_quarter, status_by_section
from gkdesk.ui.charts import STATUS_COLOURS, HBarChart, StackedBarChart, VBarChart
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page

NO_PLAN = "尚未导入计划"
NO_PERIOD = "尚未开启季度，开启后这里显示本季度的情况"
NO_QUARTERS = "尚未开启任何季度"
STATUS_MAX_HEIGHT = 320


def _titled(title: str, note: str, body: QWidget) -> QWidget:
    """A chart under its bold title and a one-line explanation."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    heading.setFont(font)
    explain = QLabel(note)
    explain.setWordWrap(True)
    explain.setStyleSheet("color: #607d8b;")
    layout.addWidget(heading)
    layout.addWidget(explain)
    layout.addWidget(body, 1)
    return box


def _scrolling(chart: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(chart)
    area.setWidgetResizable(True)  # the chart takes the width; its minimum height makes it scroll
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.StyledPanel)
    return area


class StatsPage(Page):
    title = "统计"
    topics = (
        "reports",
        "plans",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)

        self.completion_chart = HBarChart()
        self.status_chart = StackedBarChart(TASK_STATUSES, STATUS_COLOURS)
        self.quarter_chart = VBarChart([("按时报送率", "#1e88e5"), ("报送率（含逾期）", "#90caf9")])
        self.completion_area = _scrolling(self.completion_chart)
        self.status_area = _scrolling(self.status_chart)
        self.quarter_area = _scrolling(self.quarter_chart)

        left = _titled(
            "各单位完成率",
            "本季度报“已完成”或“按序时推进”的任务占该单位全部任务（牵头和配合）的比例，从高到低。",
            self.completion_area,
        )
        status_box = _titled(
            "各板块任务状态",
            "本季度每项任务按牵头单位报送的完成状态计（几家牵头时取进度最慢的）。",
            self.status_area,
        )
        quarter_box = _titled(
            "各季度按时报送率",
            "在截止日前报送的单位占应报送单位的比例；浅色为已报送（含逾期）的比例。",
            self.quarter_area,
        )
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(16)
        right_layout.addWidget(status_box)
        right_layout.addWidget(quarter_box, 1)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)

        ctx.plan_changed.connect(self._context_changed)
        ctx.period_changed.connect(self._context_changed)

    def _context_changed(self, _value: object = None) -> None:
        self._on_data_changed("plans")

    def refresh(self) -> None:
        db, plan_id, code = self.ctx.db, self.ctx.plan_id, self.ctx.period
        plan = next((p for p in list_plans(db) if p.id == plan_id), None) if plan_id is not None else None
        if plan is None:
            self.heading.setText("统计")
            for chart, text in (
                (self.completion_chart, NO_PLAN),
                (self.status_chart, NO_PLAN),
                (self.quarter_chart, NO_PLAN),
            ):
                chart.set_empty_text(text)
            self.completion_chart.set_data([])
            self.status_chart.set_data([])
            self.quarter_chart.set_data([], [])
            self._fit_status_area()
            return
        quarters = on_time_by_quarter(db, plan.id)
        self.quarter_chart.set_empty_text(NO_QUARTERS)
        self.quarter_chart.set_data(
            [period_title(*parse_code(c)) for c, _, _ in quarters], [[on, sent] for _, on, sent in quarters]
        )
        completion: list[tuple[str, float]] = []
        sections: list[tuple[str, dict[str, int]]] = []
        empty = NO_PERIOD
        if code is not None:
            try:
                completion = completion_by_unit(db, plan.id, code)
                sections = status_by_section(db, plan.id, code)
                empty = "本计划还没有承担任务的单位"
            except UserError as exc:  # e.g. the quarter belongs to another plan while the toolbar catches up
                empty = exc.message
        self.heading.setText(f"{plan.title}" + (f" · {period_title(*parse_code(code))}" if code else ""))
        self.completion_chart.set_empty_text(empty)
        self.status_chart.set_empty_text(empty if code is None else "本计划还没有任务")
        self.completion_chart.set_data(completion)
        self.status_chart.set_data(sections)
        self._fit_status_area()

    def _fit_status_area(self) -> None:
        # A few sections take only the room they need, leaving the rest to the quarters' chart;
        # many sections scroll within a box of at most STATUS_MAX_HEIGHT.
        frame = 2 * self.status_area.frameWidth()
        self.status_area.setFixedHeight(min(self.status_chart.minimumHeight() + frame, STATUS_MAX_HEIGHT))
