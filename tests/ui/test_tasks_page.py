"""The 计划与任务 page: the table of a plan's tasks, search and filters, the 红黄绿 column, the detail
pane with every report, remembered layout; and the table model and filter proxy under Qt's model
tester."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gkdesk.records import ReportFields, TaskRow, TaskStatus
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.services.reports import set_report
from gkdesk.services.units import set_group_members
from gkdesk.ui.context import AppContext
from gkdesk.ui.main_window import MainWindow
from gkdesk.ui.pages.tasks_page import NO_PLAN, TasksPage
from gkdesk.ui.task_filter_proxy import TaskFilterProxy
from gkdesk.ui.task_table_model import (
    COL_DEADLINE,
    COL_LEAD,
    COL_STATE,
    COL_TITLE,
    STATE_COLORS,
    TaskTableModel,
)
from tests.helpers import SAMPLE_PLAN
from tests.ui.helpers import type_text

# SAMPLE_PLAN: 1 做好重大决策预公开 (市司法局; 市直各单位), 2 做好政策解读 (市政府办公室; 市发改委、
# 市财政局), 3 加强政府网站管理 (市政府办公室、市大数据中心), in 一、推进决策公开 / 二、加强平台建设.
PERIOD = "2024Q1"


@pytest.fixture
def plan_id(ctx: AppContext, tmp_path: Path) -> int:
    path = tmp_path / "要点.txt"
    path.write_text(SAMPLE_PLAN, encoding="utf-8")
    pid = import_plan(ctx.db, path).plan_id
    ctx.set_plan(pid)
    return pid


def make_page(qtbot: QtBot, ctx: AppContext) -> TasksPage:
    page = TasksPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown_titles(page: TasksPage) -> list[str]:
    return [page.proxy.index(r, COL_TITLE).data() for r in range(page.proxy.rowCount())]


def selected_seq(page: TasksPage) -> int | None:
    task = page.selected_task()
    return task.seq if task else None


def report(ctx: AppContext, seq: int, unit: str, status: str, progress: str = "按计划推进。") -> None:
    set_report(
        ctx.db, PERIOD, task_seq=seq, unit_name=unit, fields=ReportFields(status=status, progress=progress)
    )


def open_quarter_with_reports(ctx: AppContext) -> None:
    """Task 1 red (its lead reports 滞后), task 2 green (every unit reported), task 3 red (the
    reporting deadline has passed and nobody reported)."""
    open_period(ctx.db, PERIOD, date(2024, 4, 15))
    report(ctx, 1, "市司法局", "滞后", "征求意见平台尚未上线。")
    report(ctx, 2, "市政府办公室", "按序时推进", "已同步发布解读 12 篇。")
    report(ctx, 2, "市发改委", "已完成")
    report(ctx, 2, "市财政局", "按序时推进")
    ctx.set_period(PERIOD)


def click_row(qtbot: QtBot, page: TasksPage, row: int) -> None:
    rect = page.table.visualRect(page.proxy.index(row, COL_TITLE))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_header(qtbot: QtBot, page: TasksPage, column: int) -> None:
    header = page.table.horizontalHeader()
    pos = QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2
    )
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def mark_colour(icon: QIcon) -> QColor:
    return icon.pixmap(16, 16).toImage().pixelColor(8, 8)


# --- the table ------------------------------------------------------------------------------------


def test_page_lists_the_plans_tasks(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    page = make_page(qtbot, ctx)
    model = page.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "序号",
        "编号",
        "板块",
        "任务",
        "牵头单位",
        "配合单位",
        "时限",
        "状态",
    ]
    assert shown_titles(page) == ["做好重大决策预公开", "做好政策解读", "加强政府网站管理"]
    assert [page.proxy.index(1, c).data() for c in range(7)] == [
        2,
        "（二）",
        "一、推进决策公开",
        "做好政策解读",
        "市政府办公室",
        "市发改委、市财政局",
        "",
    ]
    assert "政策文件与解读材料同步发布" in page.proxy.index(1, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert page.count_label.text() == "共 3 项，显示 3 项"
    # No quarter chosen: no state column, and the state filter is off.
    assert page.table.isColumnHidden(COL_STATE) and not page.state_box.isEnabled()
    assert page.detail.toPlainText() == "" and "选择一项任务" in page.detail.placeholderText()


def test_without_a_plan_the_page_says_how_to_import_one(qtbot: QtBot, ctx: AppContext) -> None:
    page = make_page(qtbot, ctx)
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "尚未导入计划"
    assert page.detail.placeholderText() == NO_PLAN and "导入工作要点" in NO_PLAN


def test_typing_in_the_search_box_filters(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    page = make_page(qtbot, ctx)
    type_text(qtbot, page.search, "财政")
    assert shown_titles(page) == ["做好政策解读"]  # through its co-operating unit 市财政局
    assert page.count_label.text() == "共 3 项，显示 1 项" and page.clear_button.isEnabled()
    page.search.clear()
    type_text(qtbot, page.search, "常态化监测")  # only in the full text
    assert shown_titles(page) == ["加强政府网站管理"]
    page.search.clear()
    type_text(qtbot, page.search, "(一)")  # half-width brackets find the printed “（一）”
    assert shown_titles(page) == ["做好重大决策预公开", "加强政府网站管理"]
    page.search.clear()
    type_text(qtbot, page.search, "政府办公室 解读")  # every word must match
    assert shown_titles(page) == ["做好政策解读"]
    type_text(qtbot, page.search, "没有这个词")
    assert shown_titles(page) == [] and page.count_label.text() == "共 3 项，显示 0 项"
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.search.text() == "" and page.count_label.text() == "共 3 项，显示 3 项"
    assert not page.clear_button.isEnabled()


def test_unit_and_section_filters(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    # 市财政局 belongs to the group 市直各单位, so task 1 concerns it too.
    set_group_members(ctx.db, "市直各单位", ["市财政局", "市发改委"])
    page = make_page(qtbot, ctx)
    units = [page.unit_box.itemText(i) for i in range(page.unit_box.count())]
    assert units[0] == "全部单位" and "市财政局（2 项）" in units and "市大数据中心（1 项）" in units
    page.unit_box.setCurrentIndex(page.unit_box.findData("市财政局"))
    assert shown_titles(page) == ["做好重大决策预公开", "做好政策解读"]
    page.unit_box.setCurrentIndex(page.unit_box.findData("市大数据中心"))
    assert shown_titles(page) == ["加强政府网站管理"]
    page.unit_box.setCurrentIndex(0)
    sections = [page.section_box.itemText(i) for i in range(page.section_box.count())]
    assert sections == ["全部板块", "一、推进决策公开", "二、加强平台建设"]
    page.section_box.setCurrentIndex(1)
    assert shown_titles(page) == ["做好重大决策预公开", "做好政策解读"]
    page.unit_box.setCurrentIndex(page.unit_box.findData("市政府办公室"))  # both filters at once
    assert shown_titles(page) == ["做好政策解读"]
    assert page.count_label.text() == "共 3 项，显示 1 项"
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.unit_box.currentIndex() == 0 and page.section_box.currentIndex() == 0
    assert len(shown_titles(page)) == 3


def test_state_column_and_filter_show_red_and_green_from_reports(
    qtbot: QtBot, ctx: AppContext, plan_id: int
) -> None:
    page = make_page(qtbot, ctx)
    open_quarter_with_reports(ctx)
    qtbot.waitUntil(lambda: not page.table.isColumnHidden(COL_STATE))
    states = [page.proxy.index(r, COL_STATE).data() for r in range(3)]
    assert states == ["红", "绿", "红"]
    red, green = page.proxy.index(0, COL_STATE), page.proxy.index(1, COL_STATE)
    assert mark_colour(red.data(Qt.ItemDataRole.DecorationRole)) == QColor(STATE_COLORS["red"])
    assert mark_colour(green.data(Qt.ItemDataRole.DecorationRole)) == QColor(STATE_COLORS["green"])
    assert "市司法局报告进展滞后" in red.data(Qt.ItemDataRole.ToolTipRole)
    assert "逾期未报送" in page.proxy.index(2, COL_STATE).data(Qt.ItemDataRole.ToolTipRole)

    assert page.state_box.isEnabled()
    assert [page.state_box.itemText(i) for i in range(4)] == [
        "全部状态",
        "红（2 项）",
        "黄（0 项）",
        "绿（1 项）",
    ]
    page.state_box.setCurrentIndex(page.state_box.findData("green"))
    assert shown_titles(page) == ["做好政策解读"]
    page.state_box.setCurrentIndex(page.state_box.findData("red"))
    assert shown_titles(page) == ["做好重大决策预公开", "加强政府网站管理"]

    # Sorting by 状态 puts red first, then green; clicking again reverses it.
    page.state_box.setCurrentIndex(0)
    click_header(qtbot, page, COL_STATE)
    assert [page.proxy.index(r, COL_STATE).data() for r in range(3)] == ["红", "红", "绿"]
    click_header(qtbot, page, COL_STATE)
    assert [page.proxy.index(r, COL_STATE).data() for r in range(3)] == ["绿", "红", "红"]


def test_selecting_a_row_shows_the_task_and_its_reports(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    page = make_page(qtbot, ctx)
    open_quarter_with_reports(ctx)
    # A second answer: the history shows the current one and that it was revised.
    report(ctx, 2, "市政府办公室", "已完成", "全部完成，<b>不是标签</b> & 原样显示。\n第二行")
    ctx.notify("reports")
    qtbot.waitUntil(lambda: not page.table.isColumnHidden(COL_STATE))
    click_row(qtbot, page, 1)
    assert selected_seq(page) == 2
    text = page.detail.toPlainText()
    for expected in (
        "（二）做好政策解读",
        "一、推进决策公开",
        "牵头单位\n市政府办公室",
        "配合单位\n市发改委、市财政局",
        "2024年第一季度状态",
        "绿",
        "政策文件与解读材料同步发布",
        "市政府办公室（牵头）",
        "市发改委（配合）",
        "已完成",
        "第 2 次报送",
        "手工录入",
    ):
        assert expected in text, expected
    # User text is shown as typed, never interpreted as HTML.
    assert "全部完成，<b>不是标签</b> & 原样显示。" in text and "第二行" in text
    assert text.index("市政府办公室（牵头）") < text.index("市发改委（配合）")

    click_row(qtbot, page, 2)
    assert "还没有单位报送这项任务的进展" in page.detail.toPlainText()
    # A filter that hides the selected task empties the pane.
    type_text(qtbot, page.search, "解读")
    assert page.detail.toPlainText() == ""


def test_reports_of_every_quarter_are_grouped_newest_first(
    qtbot: QtBot, ctx: AppContext, plan_id: int
) -> None:
    open_period(ctx.db, "2024Q1", date(2024, 4, 15))
    open_period(ctx.db, "2024Q2", date(2024, 7, 15))
    for period, progress in (("2024Q1", "一季度的进展"), ("2024Q2", "二季度的进展")):
        fields = ReportFields(status="按序时推进", progress=progress)
        set_report(ctx.db, period, task_seq=3, unit_name="市大数据中心", fields=fields)
    ctx.set_period("2024Q2")
    page = make_page(qtbot, ctx)
    assert page.select_task(list_tasks(ctx.db, plan_id)[2].id)
    text = page.detail.toPlainText()
    assert text.index("2024年第二季度\n") < text.index("二季度的进展") < text.index("2024年第一季度\n")
    assert text.index("2024年第一季度\n") < text.index("一季度的进展")


def test_data_and_quarter_changes_reload_and_keep_the_selection(
    qtbot: QtBot, ctx: AppContext, plan_id: int
) -> None:
    page = make_page(qtbot, ctx)
    click_row(qtbot, page, 1)
    open_quarter_with_reports(ctx)
    qtbot.waitUntil(lambda: page.proxy.index(1, COL_STATE).data() == "绿")
    assert selected_seq(page) == 2
    assert "已同步发布解读 12 篇" in page.detail.toPlainText()
    ctx.set_period(None)
    qtbot.waitUntil(lambda: page.table.isColumnHidden(COL_STATE))
    assert not page.state_box.isEnabled() and selected_seq(page) == 2
    ctx.set_plan(None)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count_label.text() == "尚未导入计划" and page.detail.placeholderText() == NO_PLAN


def test_sorting_by_a_header_keeps_the_selected_task(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    page = make_page(qtbot, ctx)
    click_row(qtbot, page, 0)
    click_header(qtbot, page, COL_LEAD)
    # By pinyin: 市司(si) before 市政(zheng); ties keep plan order.
    assert [page.proxy.index(r, COL_LEAD).data() for r in range(3)] == [
        "市司法局",
        "市政府办公室",
        "市政府办公室、市大数据中心",
    ]
    click_header(qtbot, page, COL_LEAD)
    assert page.proxy.index(2, COL_LEAD).data() == "市司法局"
    assert selected_seq(page) == 1
    assert page.table.selectionModel().selectedRows()[0].row() == 2


def test_focus_search_puts_the_cursor_in_the_search_box(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    page = make_page(qtbot, ctx)
    page.search.setText("政府")
    page.table.setFocus()
    page.activateWindow()
    page.focus_search()
    qtbot.waitUntil(page.search.hasFocus)
    assert page.search.selectedText() == "政府"
    # Enter goes to the list, on the first match.
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert selected_seq(page) == 2


def test_find_in_the_edit_menu_opens_the_page_at_the_search_box(
    qtbot: QtBot, ctx: AppContext, plan_id: int
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page(1)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    find = next(a for a in window.findChildren(QAction) if a.text() == "查找任务(&F)")
    assert find.shortcut().toString() == "Ctrl+F"
    find.trigger()
    page = window.stack.currentWidget()
    assert isinstance(page, TasksPage)
    qtbot.waitUntil(page.search.hasFocus)


def test_column_widths_and_splitter_are_remembered(qtbot: QtBot, ctx: AppContext, plan_id: int) -> None:
    page = make_page(qtbot, ctx)
    page.table.horizontalHeader().resizeSection(COL_LEAD, 333)
    page.splitter.setSizes([250, 400])
    page.splitter.splitterMoved.emit(250, 1)  # what dragging the handle emits
    sizes = page.splitter.sizes()
    page.close()
    again = make_page(qtbot, ctx)
    assert again.table.horizontalHeader().sectionSize(COL_LEAD) == 333
    assert again.splitter.sizes() == sizes


# --- the model and the proxy ----------------------------------------------------------------------


def sample_rows(ctx: AppContext, plan_id: int) -> list[TaskRow]:
    return list_tasks(ctx.db, plan_id)


def test_task_table_model_passes_model_tester(
    qtmodeltester: ModelTester, ctx: AppContext, plan_id: int
) -> None:
    rows = sample_rows(ctx, plan_id)
    model = TaskTableModel(rows)
    assert model.rowCount() == 3 and model.index(1, 3).data() == "做好政策解读"
    assert model.index(1, 5).data() == "市发改委、市财政局" and model.index(1, COL_STATE).data() == ""
    qtmodeltester.check(model)
    model.set_states([TaskStatus(2, "做好政策解读", "red", "市财政局报告进展滞后", rows[1].id)])
    assert model.index(1, COL_STATE).data() == "红" and model.index(0, COL_STATE).data() == ""
    qtmodeltester.check(model)
    model.sort(COL_LEAD, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    # Sorted by state, new states reorder the rows: red first.
    model.sort(COL_STATE)
    assert model.row_at(0).seq == 2
    model.set_states([TaskStatus(3, "加强政府网站管理", "red", "逾期未报送", rows[2].id)])
    assert [model.row_at(r).seq for r in range(3)] == [3, 1, 2]
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_deadlines_sort_by_date_then_words_then_none() -> None:
    def task(seq: int, deadline: str | None, iso: str | None) -> TaskRow:
        return TaskRow(seq, 1, seq, f"（{seq}）", "一、", f"任务{seq}", ("甲",), (), deadline, iso)

    model = TaskTableModel(
        [
            task(1, None, None),
            task(2, "长期坚持", None),
            task(3, "2024年12月底前", "2024-12-31"),
            task(4, "2024年6月底前", "2024-06-30"),
        ]
    )
    model.sort(COL_DEADLINE)
    assert [model.row_at(r).seq for r in range(4)] == [4, 3, 2, 1]
    model.sort(-1)
    assert [model.row_at(r).seq for r in range(4)] == [1, 2, 3, 4]


def test_filter_proxy_passes_model_tester_with_filters_set(
    qtmodeltester: ModelTester, ctx: AppContext, plan_id: int
) -> None:
    rows = sample_rows(ctx, plan_id)
    states = [TaskStatus(t.seq, t.title, "red" if t.seq == 2 else "green", "", t.id) for t in rows]
    model = TaskTableModel()
    model.set_rows(rows, states)
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("市政府")
    assert proxy.rowCount() == 2
    qtmodeltester.check(proxy)
    proxy.set_state("green")
    proxy.set_section("二、加强平台建设")
    proxy.set_unit("市大数据中心")
    assert proxy.rowCount() == 1 and proxy.index(0, COL_TITLE).data() == "加强政府网站管理"
    qtmodeltester.check(proxy)
    proxy.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    proxy.clear_filters()
    assert proxy.rowCount() == 3
    qtmodeltester.check(proxy)
