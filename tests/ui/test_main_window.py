"""The main window: navigation, the plan and quarter selectors, menus, dropped files, geometry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.ui.context import AppContext
from gkdesk.ui.main_window import MainWindow
from tests.helpers import SAMPLE_PLAN


def make_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


def test_navigation_lists_every_page_in_chinese(qtbot: QtBot, ctx: AppContext) -> None:
    window = make_window(qtbot, ctx)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["计划与任务", "单位", "季度报送", "考核评分", "统计", "设置"]
    for i in range(window.nav.count()):
        window.show_page(i)
        assert window.stack.currentWidget() is window.pages[i]
        assert window.pages[i].title == titles[i]
    assert window.db_label.text().startswith("数据库：")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "页面(&P)", "帮助(&H)"]
    assert window.import_action.shortcut().toString() == "Ctrl+O"


def test_plan_and_quarter_selectors_follow_the_data(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    window = make_window(qtbot, ctx)
    assert window.plan_box.currentData() is None and ctx.plan_id is None
    path = tmp_path / "要点.txt"
    path.write_text(SAMPLE_PLAN, encoding="utf-8")
    plan_id = import_plan(ctx.db, path).plan_id
    ctx.notify("plans")
    assert ctx.plan_id == plan_id and "示范市2024年政务公开工作要点" in window.plan_box.currentText()
    open_period(ctx.db, "2024Q1", date(2024, 4, 15))
    ctx.notify("reports")
    assert ctx.period == "2024Q1" and window.period_box.currentText() == "2024年第一季度"


def test_geometry_and_page_are_remembered(qtbot: QtBot, ctx: AppContext) -> None:
    window = make_window(qtbot, ctx)
    window.show_page(3)
    window.resize(760, 560)
    window.close()
    again = make_window(qtbot, ctx)
    assert again.nav.currentRow() == 3
    assert (again.size().width(), again.size().height()) == (760, 560)
