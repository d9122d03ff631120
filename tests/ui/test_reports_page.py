"""The 季度报送 page: opening a quarter, templates out, returned files in (with the refused ones
explained), hand entry with its stale-version guard, the missing lists, the two notices, and
closing the quarter — driven through the page's buttons and checked in the database."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gkdesk.records import CollectResult, MissingReport, ReportFields
from gkdesk.services.periods import list_periods, open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import MANUAL_SOURCE, list_reports, set_report
from gkdesk.services.templates import write_templates
from gkdesk.services.tracking import missing
from gkdesk.ui.collect_result_model import COL_PROBLEMS, COL_RESULT, CollectResultTableModel
from gkdesk.ui.context import AppContext
from gkdesk.ui.missing_table_model import MissingTableModel
from gkdesk.ui.pages import reports_page
from gkdesk.ui.pages.reports_page import CollectDetailDialog, ReportsPage
from gkdesk.ui.period_dialog import PeriodDialog
from gkdesk.ui.report_entry_dialog import ReportEntryDialog
from gkdesk.ui.workers import Job
from tests.reporting_helpers import fill
from tests.ui.helpers import commit_text, run_dialog

# Task 1: 市司法局 leads, 市发改委 cooperates. Task 2: 市政府办公室 leads, 市发改委 and 市财政局
# cooperate. Task 3: 市政府办公室 leads, 市大数据中心 cooperates.
PLAN = """\
示范市2021年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市发改委配合）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发改委、市财政局配合）
二、加强平台建设
（一）加强政府网站管理。开展常态化监测。（市政府办公室牵头，市大数据中心配合）
"""
UNITS = ("市司法局", "市发改委", "市政府办公室", "市财政局", "市大数据中心")
PERIOD = "2021Q1"


def ok(code: str, title: str) -> dict[str, str]:
    return {"status": "按序时推进", "progress": f"第{code}项已推进", "problems": "无"}


def bad(code: str, title: str) -> dict[str, str]:
    return {"status": "差不多", "progress": ""}


def wait_job(qtbot: QtBot, job: Job | None) -> Job:
    """Until the job has run its follow-up on the GUI thread (result or error is set just before)."""
    assert job is not None
    qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=20000)
    return job


def double_click(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Press first: the view only reports a double click on the row the press was on."""
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def plan_id(ctx: AppContext, tmp_path: Path) -> int:
    path = tmp_path / "要点.txt"
    path.write_text(PLAN, encoding="utf-8")
    pid = import_plan(ctx.db, path).plan_id
    ctx.set_plan(pid)
    return pid


@pytest.fixture
def opened(ctx: AppContext, plan_id: int) -> str:
    """2021Q1 open, deadline 2021-04-15, chosen in the (absent) toolbar."""
    open_period(ctx.db, PERIOD, date(2021, 4, 15), plan_id=plan_id)
    ctx.set_period(PERIOD)
    return PERIOD


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> ReportsPage:
    widget = ReportsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def folders(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Folders the page asked to open (instead of starting the file manager)."""
    shown: list[Path] = []
    monkeypatch.setattr(reports_page, "open_folder", shown.append)
    return shown


@pytest.fixture
def templates(ctx: AppContext, opened: str, tmp_path: Path) -> Path:
    out = tmp_path / "templates"
    write_templates(ctx.db, PERIOD, out)
    return out


def template(folder: Path, unit: str) -> Path:
    return folder / f"{unit}-{PERIOD}-进展情况报送表.xlsx"


def test_models_pass_the_model_tester(qtmodeltester: object) -> None:
    results = CollectResultTableModel(
        [
            CollectResult("a.xlsx", "市发改委", "accepted", 2),
            CollectResult("b.xlsx", None, "refused", 0, ("不是报送表",), ("提示",)),
            CollectResult("c.xlsx", "市财政局", "unchanged", 1),
            CollectResult("d.xlsx", "市司法局", "replaced", 1, (), ("第 5 行有公式",)),
        ]
    )
    qtmodeltester.check(results)  # type: ignore[attr-defined]
    assert [results.index(r, COL_RESULT).data() for r in range(4)] == ["已收取", "拒收", "无变化", "已更新"]
    assert results.index(1, 1).data() == "（未能识别）"
    report = MissingReport(
        missing=(("市发改委", (1, 2)),), late=(("市财政局", 3),), incomplete=(("市司法局", (1,)),)
    )
    for kind, text in (
        ("missing", "未报 第 1、2 项"),
        ("late", "逾期 3 个工作日"),
        ("incomplete", "第 1 项缺必填内容"),
    ):
        model = MissingTableModel(kind)  # type: ignore[arg-type]
        model.set_report(report)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert model.index(0, 1).data() == text


def test_without_a_plan_or_quarter_the_page_says_what_to_do(
    qtbot: QtBot, ctx: AppContext, page: ReportsPage, plan_id: int
) -> None:
    assert page.period_label.text() == "尚未选择季度"
    assert "新建季度" in page.deadline_label.text()
    assert page.new_period_button.isEnabled()
    for button in (page.templates_button, page.collect_button, page.entry_button, page.close_button):
        assert not button.isEnabled()


def test_open_a_quarter_through_the_dialog(
    qtbot: QtBot, ctx: AppContext, page: ReportsPage, plan_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, PeriodDialog)
        assert dialog.code() == "2021Q1" and not dialog.year_box.isEnabled()  # the plan's year
        assert dialog.deadline() == date(2021, 4, 8)  # the 8th of the month after the quarter
        dialog.quarter_box.setCurrentIndex(1)
        assert dialog.deadline() == date(2021, 7, 8)
        dialog.deadline_edit.setDate(QDate(2021, 7, 12))
        dialog.quarter_box.setCurrentIndex(1)
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    run_dialog(monkeypatch, PeriodDialog, act)
    qtbot.mouseClick(page.new_period_button, Qt.MouseButton.LeftButton)
    (row,) = list_periods(ctx.db)
    assert (row.code, row.deadline, row.closed) == ("2021Q2", "2021-07-12", False)
    assert ctx.period == "2021Q2"
    assert page.period_label.text() == "2021年第二季度（2021Q2）"
    assert page.state_label.text() == "进行中"
    assert page.deadline_label.text().startswith("报送截止：2021年7月12日")
    assert page.templates_button.isEnabled() and page.collect_button.isEnabled()


def test_an_open_quarter_in_the_dialog_changes_its_deadline(
    qtbot: QtBot, ctx: AppContext, opened: str, page: ReportsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, PeriodDialog)
        assert dialog.code() == "2021Q2"  # the first quarter not yet opened
        dialog.quarter_box.setCurrentIndex(0)
        assert dialog.deadline() == date(2021, 4, 15)
        assert "修改截止日期" in dialog.buttons.buttons()[0].text()
        dialog.deadline_edit.setDate(QDate(2021, 4, 20))
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    run_dialog(monkeypatch, PeriodDialog, act)
    qtbot.mouseClick(page.new_period_button, Qt.MouseButton.LeftButton)
    (row,) = list_periods(ctx.db)
    assert row.deadline == "2021-04-20"


def test_write_templates_into_a_chosen_folder(
    qtbot: QtBot,
    ctx: AppContext,
    opened: str,
    page: ReportsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list,
    folders: list[Path],
) -> None:
    out = tmp_path / "发出"
    monkeypatch.setattr(reports_page, "choose_folder", lambda *a: out)
    qtbot.mouseClick(page.templates_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, page.job)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{u}-{PERIOD}-进展情况报送表.xlsx" for u in UNITS)
    assert messages[-1][0] == "question" and "生成 5 个单位的报送表" in messages[-1][2]
    assert folders == [out]


def test_collect_a_folder_shows_each_file_and_explains_the_refused_one(
    qtbot: QtBot,
    ctx: AppContext,
    templates: Path,
    page: ReportsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list,
) -> None:
    inbox = tmp_path / "回执"
    inbox.mkdir()
    fill(template(templates, "市发改委"), ok, inbox / "发改委.xlsx")
    fill(template(templates, "市财政局"), ok, inbox / "财政局.xlsx")
    fill(template(templates, "市政府办公室"), bad, inbox / "办公室.xlsx")
    (inbox / "说明.txt").write_text("不是报送表", encoding="utf-8")
    monkeypatch.setattr(reports_page, "choose_folder", lambda *a: inbox)
    page.received_edit.setDate(QDate(2021, 4, 20))  # three working days late
    assert page.missing_tabs.tabText(0) == "未报送（5）"

    qtbot.mouseClick(page.collect_folder_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, page.job)

    rows = {r.unit: r for r in page.results.results()}
    assert {u: r.result for u, r in rows.items()} == {
        "市发改委": "accepted",
        "市财政局": "accepted",
        "市政府办公室": "refused",
    }
    model = page.results
    shown = {model.index(r, 1).data(): model.index(r, COL_RESULT).data() for r in range(model.rowCount())}
    assert shown == {"市发改委": "已收取", "市财政局": "已收取", "市政府办公室": "拒收"}
    refused = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "市政府办公室")
    assert "差不多" in model.index(refused, COL_PROBLEMS).data()
    colours = {
        model.index(r, COL_RESULT).data(Qt.ItemDataRole.BackgroundRole).color().name() for r in range(3)
    }
    assert len(colours) == 2  # refused stands out from accepted
    assert page.summary_label.text().startswith("共 3 个文件：收取 2，更新 0，无变化 0，拒收 1。")
    assert page.results_stack.currentWidget() is page.results_view

    stored = list_reports(ctx.db, PERIOD)
    assert {(r.unit, r.seq) for r in stored} == {("市发改委", 1), ("市发改委", 2), ("市财政局", 2)}

    # The lists beside the results follow: the refused unit still owes, both senders were late.
    assert page.missing_tabs.tabText(0) == "未报送（3）"
    assert page.missing_models["missing"].units() == ["市司法局", "市政府办公室", "市大数据中心"]
    late = page.missing_models["late"]
    assert late.units() == ["市发改委", "市财政局"] and late.index(0, 1).data() == "逾期 3 个工作日"

    # Double-clicking the refused row shows every problem.
    texts: list[str] = []
    run_dialog(monkeypatch, CollectDetailDialog, lambda d: texts.append(d.text.toPlainText()))  # type: ignore[attr-defined]
    double_click(qtbot, page.results_view, model.index(refused, 0))
    (text,) = texts
    assert "问题（2 处）" in text and text.count("差不多") == 2 and "未填写进展情况" in text
    assert "没有保存任何内容" in text

    # The same folder again: nothing new is stored twice.
    qtbot.mouseClick(page.collect_folder_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, page.job)
    assert sorted(r.result for r in page.results.results()) == ["refused", "unchanged", "unchanged"]
    assert len(list_reports(ctx.db, PERIOD, history=True)) == 3


def test_partial_collect_and_files_handed_over_by_the_window(
    qtbot: QtBot, ctx: AppContext, templates: Path, page: ReportsPage, tmp_path: Path, messages: list
) -> None:
    def half(code: str, title: str) -> dict[str, str]:
        return ok(code, title) if code == "2" else bad(code, title)

    path = fill(template(templates, "市政府办公室"), half, tmp_path / "办公室.xlsx")
    page.partial_check.setChecked(True)
    wait_job(qtbot, page.collect_paths([path]))  # what 文件 → 收取回执 and dropped files call
    (result,) = page.results.results()
    assert result.result == "accepted" and result.rows == 1 and result.errors
    assert [(r.unit, r.seq) for r in list_reports(ctx.db, PERIOD)] == [("市政府办公室", 2)]


def test_files_dropped_on_the_page_are_collected(
    qtbot: QtBot, ctx: AppContext, templates: Path, page: ReportsPage, tmp_path: Path, messages: list
) -> None:
    path = fill(template(templates, "市大数据中心"), ok, tmp_path / "大数据.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(QPoint(50, 50)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
    wait_job(qtbot, page.job)
    assert [r.result for r in page.results.results()] == ["accepted"]
    assert [r.unit for r in list_reports(ctx.db, PERIOD)] == ["市大数据中心"]


def test_collect_asks_for_files_and_a_closed_quarter_refuses(
    qtbot: QtBot,
    ctx: AppContext,
    templates: Path,
    page: ReportsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list,
) -> None:
    asked: list[str] = []
    path = fill(template(templates, "市财政局"), ok, tmp_path / "财政.xlsx")

    def choose(parent: object, ctx: object, key: str, title: str, filters: str) -> list[Path]:
        asked.append(filters)
        return [path]

    monkeypatch.setattr(reports_page, "choose_files", choose)
    qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, page.job)
    assert "*.xlsx" in asked[0]
    assert [r.unit for r in list_reports(ctx.db, PERIOD)] == ["市财政局"]

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)  # the question answers Yes
    assert messages[-1][:2] == ("question", "关闭本季度")
    assert list_periods(ctx.db)[0].closed
    assert page.state_label.text() == "已关闭" and page.close_button.text() == "重新开启"
    assert not page.collect_button.isEnabled() and not page.entry_button.isEnabled()
    assert page.collect_paths([path]) is None
    assert messages[-1][:2] == ("information", "本季度已关闭")

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert not list_periods(ctx.db)[0].closed and page.collect_button.isEnabled()


def fill_entry(
    qtbot: QtBot, dialog: ReportEntryDialog, unit: str, seq: int, status: str, progress: str
) -> None:
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText(unit))
    dialog.task_box.setCurrentIndex(dialog.task_box.findData(seq))
    dialog.status_box.setCurrentIndex(dialog.status_box.findText(status))
    dialog.progress_edit.clear()
    commit_text(dialog.progress_edit, progress)


def test_enter_a_report_by_hand(
    qtbot: QtBot,
    ctx: AppContext,
    opened: str,
    page: ReportsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list,
) -> None:
    evidence = tmp_path / "会议纪要.pdf"
    evidence.write_bytes(b"%PDF-1.4 minutes")
    monkeypatch.setattr("gkdesk.ui.report_entry_dialog.choose_files", lambda *a: [evidence])

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, ReportEntryDialog)
        assert [dialog.unit_box.itemText(i) for i in range(dialog.unit_box.count())] == list(UNITS)
        dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("市发改委"))
        tasks = [dialog.task_box.itemData(i) for i in range(dialog.task_box.count())]
        assert tasks == [1, 2]  # only this unit's tasks
        assert dialog.task_box.itemText(0).startswith("第 1 项（配合）")
        fill_entry(qtbot, dialog, "市发改委", 2, "已完成", "政策解读已同步发布。")
        commit_text(dialog.problems_edit, "无")
        qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
        dialog.received_edit.setDate(QDate(2021, 4, 12))
        assert dialog.state_label.text() == "该单位本季度还没有报送这项任务。"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        wait_job(qtbot, dialog.job)
        assert dialog.result() == QDialog.DialogCode.Accepted

    run_dialog(monkeypatch, ReportEntryDialog, act)
    qtbot.mouseClick(page.entry_button, Qt.MouseButton.LeftButton)
    (row,) = list_reports(ctx.db, PERIOD)
    assert (row.unit, row.seq, row.version, row.source) == ("市发改委", 2, 1, MANUAL_SOURCE)
    assert row.fields == ReportFields(
        status="已完成", progress="政策解读已同步发布。", problems="无", evidence="会议纪要.pdf"
    )
    assert row.received_on == "2021-04-12" and row.evidence_files == ("会议纪要.pdf",)
    assert any(ctx.paths.evidence_dir.rglob("*.pdf"))
    assert page.missing_models["missing"].index(1, 1).data() == "未报 第 1 项"  # 市发改委 owes task 1 only


def test_an_incomplete_form_is_refused_and_stays_open(
    qtbot: QtBot, ctx: AppContext, opened: str, page: ReportsPage, messages: list
) -> None:
    dialog = ReportEntryDialog(ctx, PERIOD, ctx.plan_id, page, unit="市财政局")
    qtbot.addWidget(dialog)
    dialog.show()
    commit_text(dialog.progress_edit, "已发布解读。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    job = wait_job(qtbot, dialog.job)
    assert job.error is not None
    assert messages[-1][0] == "warning" and "未选择完成状态" in messages[-1][2]
    assert dialog.isVisible() and dialog.progress_edit.toPlainText() == "已发布解读。"
    assert list_reports(ctx.db, PERIOD) == []


def test_a_stale_form_is_refused_keeps_the_text_and_saves_on_purpose(
    qtbot: QtBot, ctx: AppContext, opened: str, page: ReportsPage, messages: list
) -> None:
    first = ReportFields(status="按序时推进", progress="第一次报送的内容。")
    set_report(ctx.db, PERIOD, task_seq=1, unit_name="市司法局", fields=first, received=date(2021, 4, 10))
    dialog = ReportEntryDialog(ctx, PERIOD, ctx.plan_id, page, unit="市司法局", task_seq=1)
    qtbot.addWidget(dialog)
    dialog.show()
    # Opened on the current answer.
    assert dialog.progress_edit.toPlainText() == "第一次报送的内容。"
    assert dialog.status_box.currentText() == "按序时推进" and dialog.version == 1
    assert dialog.state_label.text().startswith("已有第 1 次报送")

    # Meanwhile a colleague saves the same answer.
    other = ReportFields(status="已完成", progress="同事录入的内容。")
    set_report(ctx.db, PERIOD, task_seq=1, unit_name="市司法局", fields=other, who="王五", expected_version=1)

    dialog.progress_edit.clear()
    commit_text(dialog.progress_edit, "我的修改。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    job = wait_job(qtbot, dialog.job)
    assert job.error is not None
    kind, title, text = messages[-1]
    assert (kind, title) == ("warning", "他人刚修改过这条报送")
    assert "同事录入的内容。" in text and "王五" in text and "仍保留在窗口中" in text
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.progress_edit.toPlainText() == "我的修改。"
    (stored,) = list_reports(ctx.db, PERIOD)
    assert (stored.fields.progress, stored.version) == ("同事录入的内容。", 2)

    # Told what the colleague stored, the user saves again: now it replaces it, knowingly.
    assert dialog.state_label.text().startswith("已有第 2 次报送")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, dialog.job)
    (stored,) = list_reports(ctx.db, PERIOD)
    assert (stored.fields.progress, stored.version) == ("我的修改。", 3)
    assert len(list_reports(ctx.db, PERIOD, history=True)) == 3  # nothing lost


def test_switching_task_with_unsaved_text_asks_first(
    qtbot: QtBot, ctx: AppContext, opened: str, page: ReportsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def refuse(parent: object, title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", refuse)
    dialog = ReportEntryDialog(ctx, PERIOD, ctx.plan_id, page, unit="市政府办公室", task_seq=2)
    qtbot.addWidget(dialog)
    commit_text(dialog.progress_edit, "还没保存的内容")
    dialog.task_box.setCurrentIndex(dialog.task_box.findData(3))
    assert asked == ["放弃已输入的内容？"]
    assert dialog.task_seq() == 2 and dialog.progress_edit.toPlainText() == "还没保存的内容"


def test_double_clicking_a_missing_unit_opens_hand_entry_for_it(
    qtbot: QtBot, ctx: AppContext, opened: str, page: ReportsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[tuple[str | None, int | None]] = []
    run_dialog(
        monkeypatch,
        ReportEntryDialog,
        lambda d: chosen.append((d.unit(), d.task_seq())),  # type: ignore[attr-defined]
    )
    view = page.missing_views["missing"]
    row = page.missing_models["missing"].units().index("市大数据中心")
    double_click(qtbot, view, page.missing_models["missing"].index(row, 0))
    assert chosen == [("市大数据中心", 3)]


def test_the_missing_lists_match_the_service(
    qtbot: QtBot, ctx: AppContext, opened: str, page: ReportsPage
) -> None:
    set_report(
        ctx.db,
        PERIOD,
        task_seq=2,
        unit_name="市财政局",
        fields=ReportFields(status="按序时推进", progress="已推进"),
        received=date(2021, 4, 19),
    )
    ctx.notify("reports")
    report = missing(ctx.db, PERIOD)
    assert page.missing_models["missing"].units() == [u for u, _ in report.missing]
    assert "市财政局" not in page.missing_models["missing"].units()
    assert page.missing_tabs.tabText(0) == f"未报送（{len(report.missing)}）"
    assert page.missing_tabs.tabText(1) == "逾期（1）"
    assert page.missing_models["late"].index(0, 1).data() == "逾期 2 个工作日"
    assert page.count_label.text() == "已报送 1 / 5 个单位"


@pytest.mark.parametrize("kind", ["report", "remind"])
def test_notice_buttons_write_word_files(
    qtbot: QtBot,
    ctx: AppContext,
    opened: str,
    page: ReportsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list,
    folders: list[Path],
    kind: str,
) -> None:
    offered: list[str] = []
    target = tmp_path / "通知" / kind  # no .docx: the page adds it

    def save(parent: object, ctx: object, key: str, title: str, name: str, filters: str) -> Path:
        offered.append(name)
        return target

    monkeypatch.setattr(reports_page, "save_file", save)
    button = page.report_notice_button if kind == "report" else page.remind_notice_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, page.job)
    written = target.with_name(f"{kind}.docx")
    assert written.is_file() and written.stat().st_size > 5000
    assert offered == [f"2021年第一季度{'报送通知' if kind == 'report' else '催报通知'}.docx"]
    assert messages[-1][0] == "question" and str(written) in messages[-1][2]
    assert folders == [written.parent]
    shutil.rmtree(written.parent)
