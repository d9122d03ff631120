"""The 统计 page and its QPainter charts.

The page runs over the small plan of tests/services/test_stats.py, whose figures are worked out
by hand there; here the charts must receive exactly those figures, follow the toolbar's quarter,
and actually paint (bars where the values say, a scrolling list for 150 units).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from gkdesk.db import Database
from gkdesk.services.stats import TASK_STATUSES
from gkdesk.ui.charts import STATUS_COLOURS, TRACK, HBarChart, StackedBarChart, VBarChart
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.stats_page import NO_PERIOD, NO_PLAN, StatsPage
from tests.services.test_stats import SECTION_1, SECTION_2, plan  # noqa: F401  (plan is a fixture)

ZERO = dict.fromkeys(TASK_STATUSES, 0)


def make_page(qtbot: QtBot, ctx: AppContext) -> StatsPage:
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def colours_in(widget: object) -> set[str]:
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    assert not image.isNull() and image.width() > 0
    step = 3
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_the_page_shows_the_plans_figures(
    qtbot: QtBot,
    ctx: AppContext,
    database: Database,
    plan: int,  # noqa: F811
) -> None:
    ctx.set_plan(plan)
    ctx.set_period("2021Q1")
    page = make_page(qtbot, ctx)
    assert page.heading.text() == "某市2021年政务公开工作要点 · 2021年第一季度"
    assert [(u, round(v, 3)) for u, v in page.completion_chart.rows] == [
        ("市财政局", 1.0),
        ("市商务局", 0.667),
        ("市发改委", 0.5),
        ("市司法局", 0.0),
    ]
    assert page.status_chart.rows == [
        (SECTION_1, {**ZERO, "已完成": 1, "按序时推进": 1}),
        (SECTION_2, {**ZERO, "已完成": 1, "滞后": 1, "未报送": 1}),
    ]
    assert page.quarter_chart.categories == ["2021年第一季度", "2021年第二季度"]
    assert page.quarter_chart.values == [[0.5, 0.75], [0.25, 0.5]]
    # Painted: the status colours of the bars are on screen.
    seen = colours_in(page)
    assert {STATUS_COLOURS["已完成"], STATUS_COLOURS["滞后"], STATUS_COLOURS["按序时推进"]} <= seen

    ctx.set_period("2021Q2")  # the toolbar's quarter changes: the page follows while shown
    assert page.completion_chart.rows[0] == ("市发改委", 1.0)
    assert page.status_chart.rows[1] == (SECTION_2, {**ZERO, "已完成": 2, "未报送": 1})
    assert page.heading.text().endswith("2021年第二季度")


def test_empty_states(qtbot: QtBot, ctx: AppContext, database: Database, plan: int) -> None:  # noqa: F811
    page = make_page(qtbot, ctx)
    for chart in (page.completion_chart, page.status_chart, page.quarter_chart):
        assert chart.is_empty() and chart.empty_text == NO_PLAN
    assert not page.grab().isNull()
    ctx.set_plan(plan)  # a plan but no quarter chosen yet
    assert page.completion_chart.is_empty() and page.completion_chart.empty_text == NO_PERIOD
    assert not page.quarter_chart.is_empty()


def test_a_hidden_page_refreshes_when_shown(
    qtbot: QtBot,
    ctx: AppContext,
    database: Database,
    plan: int,  # noqa: F811
) -> None:
    page = make_page(qtbot, ctx)
    page.hide()
    ctx.set_plan(plan)
    ctx.set_period("2021Q1")
    assert page.completion_chart.is_empty()  # not recomputed while nobody looks
    page.show()
    assert len(page.completion_chart.rows) == 4


def test_horizontal_bars_scroll_through_150_units(qtbot: QtBot, ctx: AppContext) -> None:
    page = make_page(qtbot, ctx)
    rows = [(f"第{i}号单位", (i % 10) / 10) for i in range(150)]
    page.completion_chart.set_data(rows)
    area = page.completion_area
    assert page.completion_chart.minimumHeight() >= 150 * 24
    QApplication.processEvents()
    assert area.verticalScrollBar().maximum() > 0  # it scrolls instead of squeezing the rows
    assert page.completion_chart.height() >= 150 * 24
    row_h = page.completion_chart.row_height()
    assert page.completion_chart.tooltip_at(50, 10 + 3.5 * row_h) == "第3号单位：30%"


def test_a_bar_is_as_long_as_its_value(qtbot: QtBot) -> None:
    chart = HBarChart()
    qtbot.addWidget(chart)
    chart.resize(500, 200)
    chart.set_data([("市财政局", 1.0), ("市商务局", 0.0)])
    image = chart.grab().toImage()
    row_h = chart.row_height()
    y_full, y_none = int(10 + row_h / 2), int(10 + 1.5 * row_h)
    x = int(chart.width() * 0.7)  # well inside the bar area, right of the labels
    assert image.pixelColor(x, y_full) == QColor(STATUS_COLOURS["已完成"])
    assert image.pixelColor(x, y_none) == TRACK


def test_stacked_and_vertical_charts(qtbot: QtBot) -> None:
    stacked = StackedBarChart(TASK_STATUSES, STATUS_COLOURS)
    qtbot.addWidget(stacked)
    stacked.resize(500, 200)
    assert stacked.is_empty()
    stacked.set_data([("一、公开", {"已完成": 2, "滞后": 2})])
    assert stacked.rows == [("一、公开", {**ZERO, "已完成": 2, "滞后": 2})]
    seen = colours_in(stacked)
    assert {STATUS_COLOURS["已完成"], STATUS_COLOURS["滞后"]} <= seen
    assert STATUS_COLOURS["按序时推进"] in seen  # its legend swatch
    y = stacked.PAD + stacked._legend_height() + stacked.row_height() / 2
    assert stacked.tooltip_at(100, y) == "一、公开：已完成 2，滞后 2"

    bars = VBarChart([("按时报送率", "#1e88e5"), ("报送率", "#90caf9")])
    qtbot.addWidget(bars)
    bars.resize(400, 260)
    assert bars.is_empty()
    bars.set_data(["2021年第一季度"], [[0.5, 1.0]])
    assert {"#1e88e5", "#90caf9"} <= colours_in(bars)
    assert bars.tooltip_at(200, 150) == "2021年第一季度：按时报送率 50%，报送率 100%"
    assert bars.tooltip_at(2, 150) == ""  # left of the plot, on the axis labels
    # Qt's tooltip event reaches tooltip_at (on the axis, so no tooltip window opens offscreen).
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 150), bars.mapToGlobal(QPoint(2, 150)))
    assert bars.event(event) and not QToolTip.isVisible()
