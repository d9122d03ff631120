"""Background jobs, error dialogs and the log: the window never freezes and never loses work.

A job's result arrives on the GUI thread; a UserError becomes a plain message; cancelling a
collect in the middle leaves the database exactly as it was; an unexpected exception shows the
error dialog and its traceback lands in the log file.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from gkdesk.errors import BadFileError
from gkdesk.services.collect import collect
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.templates import write_templates
from gkdesk.ui.context import AppContext
from gkdesk.ui.errors import setup_logging, show_error
from gkdesk.ui.main_window import MainWindow
from gkdesk.ui.workers import run_job
from tests.helpers import row_counts
from tests.reporting_helpers import fill


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.current_thread() is threading.main_thread()
        progress(1, 2, "一半")
        return 42

    def done(result: object) -> None:
        seen["result"] = result
        seen["gui"] = QThread.currentThread() is parent.thread()

    job = run_job(parent, "测试", work, done)
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert seen == {"worker": False, "result": 42, "gui": True}


def test_a_user_error_is_a_message(qtbot: QtBot, messages: list[tuple[str, str, str]]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        raise BadFileError("文件“回执.xlsx”正在被 Excel 打开，请关闭后重试。")

    job = run_job(parent, "收取回执", work, lambda result: None)
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert messages == [("warning", "无法完成", "文件“回执.xlsx”正在被 Excel 打开，请关闭后重试。")]


def test_cancelling_a_collect_leaves_the_database_as_it_was(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, messages: list[tuple[str, str, str]]
) -> None:
    plan = tmp_path / "要点.txt"
    plan.write_text(
        "示范市2021年政务公开工作要点\n一、公开\n"
        "（一）甲任务。做好甲项。（市发改委牵头，市财政局配合）\n"
        "（二）乙任务。做好乙项。（市商务局牵头，市司法局配合）\n",
        encoding="utf-8",
    )
    import_plan(ctx.db, plan)
    open_period(ctx.db, "2021Q1", date(2021, 4, 15))
    files = [
        fill(p, lambda code, title: {"status": "按序时推进", "progress": "已推进。"})
        for p in write_templates(ctx.db, "2021Q1", tmp_path / "out")
    ]
    before = row_counts(ctx.db)
    parent = QWidget()
    qtbot.addWidget(parent)

    def slow_progress(progress):  # type: ignore[no-untyped-def]
        def report(done: int, total: int, label: str) -> None:
            progress(done, total, label)
            time.sleep(0.2)  # give the user time to press 取消

        return report

    job = run_job(
        parent,
        "正在收取回执",
        lambda progress, cancelled: collect(
            ctx.db, "2021Q1", files, progress=slow_progress(progress), cancelled=cancelled
        ),
        lambda result: pytest.fail("a cancelled collect must not finish"),
    )
    qtbot.waitUntil(lambda: job.dialog.value() >= 1, timeout=10000)
    (button,) = job.dialog.findChildren(QPushButton)
    assert button.text() == "取消"
    button.click()
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert job.error is not None and type(job.error).__name__ == "CancelledError"
    assert messages == []  # cancelling is not an error
    assert row_counts(ctx.db) == before


def test_an_unexpected_error_shows_details_and_is_logged(
    qtbot: QtBot, tmp_path: Path, messages: list[tuple[str, str, str]]
) -> None:
    log = setup_logging(tmp_path / "logs")
    try:
        raise RuntimeError("模拟的程序错误")
    except RuntimeError as exc:
        show_error(None, exc)
    assert messages and messages[0][0] == "exec" and "意外错误" in messages[0][2]
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: 模拟的程序错误" in text and "Traceback" in text


def test_dropped_files_go_where_they_belong(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    routed: list[tuple[str, object]] = []
    monkeypatch.setattr(window, "open_import", lambda path=None: routed.append(("import", path)))
    monkeypatch.setattr(window, "_collect_files", lambda paths=None: routed.append(("collect", paths)))
    plan, folder = tmp_path / "要点.docx", tmp_path / "回执"
    folder.mkdir()
    window.handle_dropped([plan])
    window.handle_dropped([folder, tmp_path / "a.xlsx"])
    assert routed == [("import", plan), ("collect", [folder, tmp_path / "a.xlsx"])]
