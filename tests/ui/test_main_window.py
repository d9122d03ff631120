"""The first window: lists the imported plan's tasks; its table model passes Qt's model tester."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gkdesk.db import Database
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.ui.main_window import MainWindow
from gkdesk.ui.task_table_model import TaskTableModel
from tests.helpers import SAMPLE_PLAN


def test_window_lists_tasks_of_the_plan(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    path = tmp_path / "要点.txt"
    path.write_text(SAMPLE_PLAN, encoding="utf-8")
    import_plan(database, path)
    window = MainWindow(database)
    qtbot.addWidget(window)
    assert window.plan_box.count() == 1
    model = window.model
    assert model.rowCount() == 3
    assert model.index(1, 3).data() == "做好政策解读"
    assert model.index(1, 4).data() == "市政府办公室"
    assert model.index(1, 5).data() == "市发改委、市财政局"
    assert model.headerData(3, window.table.horizontalHeader().orientation()) == "任务"


def test_task_table_model_passes_model_tester(
    qtmodeltester: ModelTester, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "要点.txt"
    path.write_text(SAMPLE_PLAN, encoding="utf-8")
    plan_id = import_plan(database, path).plan_id
    model = TaskTableModel(list_tasks(database, plan_id))
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)
