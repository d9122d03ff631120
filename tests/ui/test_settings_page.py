"""The 设置 page, driven like a user: office settings, the user's name, the database, backups.

Every test runs on SQLite and, in CI, on PostgreSQL (the ``database`` fixture behind ``ctx``);
backing up and restoring are SQLite only, so on PostgreSQL those tests check the pg_dump hint.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QSpinBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gkdesk.config import AppPaths, load_settings, sqlite_url
from gkdesk.db import open_database
from gkdesk.services import maintenance
from gkdesk.services.settings import get_settings, set_setting
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages import settings_page
from gkdesk.ui.pages.settings_page import DB_URL_KEY, BackupTableModel, SettingsPage, calendar_last_year
from tests.ui.helpers import type_text

Messages = list[tuple[str, str, str]]


@pytest.fixture(autouse=True)
def collect_garbage_here() -> None:
    """Collect earlier tests' widgets now, on the GUI thread: a collection that a background job
    happens to trigger would destroy them on the worker thread, which crashes Qt."""
    gc.collect()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> SettingsPage:
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1130, 700)
    widget.show()  # shown pages refresh themselves
    return widget


def line(page: SettingsPage, key: str) -> QLineEdit:
    widget = page.fields[key]
    assert isinstance(widget, QLineEdit)
    return widget


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- office settings


def test_fields_show_the_stored_settings(qtbot: QtBot, ctx: AppContext) -> None:
    set_setting(ctx.db, "office_name", "青禾市人民政府办公室")
    set_setting(ctx.db, "status_not_started", "red")
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert line(widget, "office_name").text() == "青禾市人民政府办公室"
    assert line(widget, "recipients").text() == "各县（市、区）人民政府，市直各有关单位"  # the default
    combo = widget.fields["status_not_started"]
    assert isinstance(combo, QComboBox) and combo.currentText() == "红灯"
    spin = widget.fields["status_yellow_days"]
    assert isinstance(spin, QSpinBox) and spin.value() == 15
    assert not widget.save_button.isEnabled()  # nothing changed yet


def test_saving_a_text_and_a_number(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, messages: Messages
) -> None:
    retype(qtbot, line(page, "office_name"), "青禾市人民政府办公室")
    spin = page.fields["status_yellow_days"]
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "10")
    combo = page.fields["status_not_started"]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("红灯"))
    assert page.save_button.isEnabled() and "3 项修改尚未保存" in page.office_status.text()

    with qtbot.waitSignal(ctx.data_changed, check_params_cb=lambda topic: topic == "settings"):
        click(qtbot, page.save_button)

    stored = get_settings(ctx.db)
    assert stored["office_name"] == "青禾市人民政府办公室"
    assert stored["status_yellow_days"] == 10
    assert stored["status_not_started"] == "red"
    assert page.office_status.text() == "已保存 3 项设置。"
    assert not page.save_button.isEnabled() and messages == []


def test_a_bad_value_is_refused_and_nothing_is_half_saved(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, messages: Messages
) -> None:
    retype(qtbot, line(page, "office_name"), "青禾市人民政府办公室")
    retype(qtbot, line(page, "max_text_length"), "三千字")
    click(qtbot, page.save_button)

    assert messages == [("warning", "无法保存", "“单元格文字上限（字）”应为整数，收到“三千字”。")]
    assert line(page, "max_text_length").text() == "三千字"  # the user's text stays to be corrected
    stored = get_settings(ctx.db)
    assert stored["max_text_length"] == 3000 and stored["office_name"] == ""

    retype(qtbot, line(page, "max_text_length"), "2000")
    click(qtbot, page.save_button)
    stored = get_settings(ctx.db)
    assert stored["max_text_length"] == 2000 and stored["office_name"] == "青禾市人民政府办公室"


def test_holiday_and_workday_lists(qtbot: QtBot, page: SettingsPage, ctx: AppContext) -> None:
    holidays = page.date_lists["holidays"]
    later = calendar_last_year() + 1
    assert holidays.date_edit.date() == QDate(later, 1, 1)  # the lists are for years the library lacks
    assert not holidays.remove_button.isEnabled()
    for day in (QDate(2027, 10, 2), QDate(2027, 10, 1), QDate(2027, 10, 1)):
        holidays.date_edit.setDate(day)
        click(qtbot, holidays.add_button)
    assert holidays.dates() == ["2027-10-01", "2027-10-02"]  # sorted, no duplicate
    assert holidays.list.item(0).text() == "2027-10-01（星期五）"
    workdays = page.date_lists["workdays"]
    workdays.date_edit.setDate(QDate(2027, 9, 26))
    click(qtbot, workdays.add_button)
    click(qtbot, page.save_button)
    stored = get_settings(ctx.db)
    assert stored["holidays"] == ["2027-10-01", "2027-10-02"]
    assert stored["workdays"] == ["2027-09-26"]

    holidays.list.setCurrentRow(0)
    click(qtbot, holidays.remove_button)
    assert holidays.dates() == ["2027-10-02"]
    click(qtbot, page.save_button)
    assert get_settings(ctx.db)["holidays"] == ["2027-10-02"]


def test_unsaved_edits_survive_a_refresh_and_can_be_undone(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext
) -> None:
    retype(qtbot, line(page, "contacts"), "李明，0745-2236518")
    # Someone else (another page, another computer) changes a setting meanwhile.
    set_setting(ctx.db, "doc_prefix", "青政办函")
    ctx.notify("settings")
    assert line(page, "doc_prefix").text() == "青政办函"
    assert line(page, "contacts").text() == "李明，0745-2236518"
    assert page.changed_keys() == ["contacts"]
    click(qtbot, page.revert_button)
    assert line(page, "contacts").text() == ""
    assert not page.save_button.isEnabled()


# --------------------------------------------------------------------------- this computer


def test_user_name_is_saved_on_this_computer(qtbot: QtBot, page: SettingsPage, ctx: AppContext) -> None:
    type_text(qtbot, page.user_name, "王芳")
    assert page.name_status.text() == "尚未保存。"
    click(qtbot, page.save_name_button)
    assert load_settings(ctx.paths)["user_name"] == "王芳"
    assert '"user_name": "王芳"' in ctx.paths.settings_file.read_text(encoding="utf-8")
    assert ctx.who() == "王芳"
    assert "王芳" in page.name_status.text()
    # Office settings saved from now on are logged under that name.
    retype(qtbot, line(page, "office_name"), "青禾市人民政府办公室")
    click(qtbot, page.save_button)
    assert get_settings(ctx.db)["office_name"] == "青禾市人民政府办公室"


# --------------------------------------------------------------------------- database


def wait_result(qtbot: QtBot, page: SettingsPage) -> str:
    qtbot.waitUntil(lambda: page.db_result.text() not in ("", "正在连接……"), timeout=20000)
    return page.db_result.text()


def test_current_database_is_shown_and_can_be_tested(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext
) -> None:
    assert page.current_db.text() == maintenance.describe_url(ctx.db.url)
    assert page.next_db.text() == "本机默认数据库"
    assert not page.test_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(page.db_field, ctx.db.url)
    click(qtbot, page.test_button)
    assert wait_result(qtbot, page).startswith("连接成功")
    assert "版本与本程序一致" in page.db_result.text()


def test_an_unreachable_server_is_explained(qtbot: QtBot, page: SettingsPage, messages: Messages) -> None:
    qtbot.keyClicks(page.db_field, "postgresql://nobody:secret@127.0.0.1:1/x")
    click(qtbot, page.test_button)
    text = wait_result(qtbot, page)
    assert text.startswith("无法连接") and "服务器拒绝连接" in text and "secret" not in text
    assert messages == []  # shown on the page, not in a box


def test_choosing_another_database_for_the_next_start(
    qtbot: QtBot,
    page: SettingsPage,
    ctx: AppContext,
    tmp_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "共享" / "gkdesk.sqlite"
    chosen.parent.mkdir()
    monkeypatch.setattr(settings_page.file_dialogs, "choose_files", lambda *args: [chosen])
    click(qtbot, page.browse_button)  # browsing also tests the file at once
    assert page.db_field.text() == str(chosen)
    assert "还不存在" in wait_result(qtbot, page)

    click(qtbot, page.use_button)
    qtbot.waitUntil(lambda: bool(ctx.settings.value(DB_URL_KEY)), timeout=20000)
    assert ctx.settings.value(DB_URL_KEY) == sqlite_url(chosen)
    assert page.next_db.text() == maintenance.describe_url(sqlite_url(chosen))
    assert messages[-1][1] == "已选择数据库" and "重新打开本程序" in messages[-1][2]
    assert not chosen.exists()  # nothing is created before the program restarts on it

    click(qtbot, page.default_button)
    assert ctx.settings.value(DB_URL_KEY) is None
    assert page.next_db.text() == "本机默认数据库"


def test_a_database_that_cannot_be_reached_is_not_chosen(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, messages: Messages
) -> None:
    qtbot.keyClicks(page.db_field, "postgresql://nobody@127.0.0.1:1/x")
    click(qtbot, page.use_button)
    assert wait_result(qtbot, page).startswith("无法连接")
    assert ctx.settings.value(DB_URL_KEY) is None
    assert messages == []


# --------------------------------------------------------------------------- backups


def test_backup_now_makes_a_file_and_lists_it(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, messages: Messages
) -> None:
    if ctx.db.dialect == "postgresql":
        assert page.backup_now() is None
        assert messages == [("information", "备份数据库", maintenance.PG_BACKUP_HINT)]
        assert not page.backup_button.isEnabled()
        return
    assert page.backups_model.rowCount() == 0 and "还没有备份" in page.backup_note.text()
    job = page.backup_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    files = list(ctx.paths.backups_dir.glob("gkdesk-*.sqlite"))
    assert len(files) == 1
    assert page.backups_model.rowCount() == 1
    assert page.selected_backup() is not None and page.selected_backup().path == files[0]  # type: ignore[union-attr]
    assert page.backups_model.index(0, 1).data() == "手动备份"
    assert messages == [("information", "备份完成", f"数据库已备份到：\n{files[0]}")]
    assert page.restore_button.isEnabled()


def test_restore_from_a_backup_replaces_the_database(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, messages: Messages
) -> None:
    if ctx.db.dialect == "postgresql":
        pytest.skip("restoring is for SQLite files; PostgreSQL is restored by its administrator")
    set_setting(ctx.db, "office_name", "备份时的名称")
    job = page.backup_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    set_setting(ctx.db, "office_name", "恢复前的名称")
    page.backups_view.selectRow(0)
    live = ctx.db.sqlite_file
    assert live is not None

    with qtbot.waitSignal(ctx.data_changed, timeout=20000, check_params_cb=lambda t: t == "all"):
        click(qtbot, page.restore_button)

    assert messages[-2][0] == "question" and "当前数据库会先另存一份" in messages[-2][2]
    assert messages[-1][1] == "恢复完成" and "重新打开本程序" in messages[-1][2]
    assert not page.restart_banner.isHidden()
    # The file itself now holds the backup's data ...
    with open_database(sqlite_url(live)) as reopened:
        assert get_settings(reopened)["office_name"] == "备份时的名称"
    # ... and what was replaced is kept as a safety copy, listed with the backups.
    kinds = [page.backups_model.index(r, 1).data() for r in range(page.backups_model.rowCount())]
    assert sorted(kinds) == ["恢复前自动备份", "手动备份"]
    safety = next(r.path for r in page.backups_model.rows if r.kind == "before-restore")
    with open_database(sqlite_url(safety)) as kept:
        assert get_settings(kept)["office_name"] == "恢复前的名称"
    assert line(page, "office_name").text() == "备份时的名称"  # the page shows the restored data


def test_restore_refuses_a_file_that_is_not_a_backup(
    qtbot: QtBot,
    page: SettingsPage,
    ctx: AppContext,
    tmp_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if ctx.db.dialect == "postgresql":
        assert not page.restore_file_button.isEnabled()
        return
    set_setting(ctx.db, "office_name", "原来的名称")
    not_a_backup = tmp_path / "通知.sqlite"
    not_a_backup.write_text("这不是数据库" * 50, encoding="utf-8")
    monkeypatch.setattr(settings_page.file_dialogs, "choose_files", lambda *args: [not_a_backup])
    click(qtbot, page.restore_file_button)
    qtbot.waitUntil(lambda: messages[-1][0] == "warning", timeout=20000)
    assert "不是 SQLite 数据库文件" in messages[-1][2]
    assert page.restart_banner.isHidden()
    assert get_settings(ctx.db)["office_name"] == "原来的名称"  # the database works as before


def test_restore_needs_a_selected_backup_and_a_yes(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not page.restore_button.isEnabled()
    assert page.restore_selected() is None
    assert messages[-1] == ("information", "从备份恢复", "请先在列表中选择一个备份。")
    if ctx.db.dialect == "postgresql":
        return
    job = page.backup_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    set_setting(ctx.db, "office_name", "不该被替换")
    click(qtbot, page.restore_button)
    assert get_settings(ctx.db)["office_name"] == "不该被替换"
    assert page.backups_model.rowCount() == 1  # no safety copy either: nothing happened


def test_backup_table_model(qtmodeltester: ModelTester, tmp_path: Path) -> None:
    app_paths = AppPaths.under(tmp_path / "home").ensure()
    for i, name in enumerate(
        ("gkdesk-20260410-090000.sqlite", "gkdesk-20260411-090000-before-upgrade.sqlite")
    ):
        (app_paths.backups_dir / name).write_bytes(b"x" * (2048 + i))
    model = BackupTableModel()
    model.set_rows(maintenance.list_backups(app_paths))
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert model.headerData(0, Qt.Orientation.Horizontal) == "备份时间"
    assert {model.index(r, 2).data() for r in range(2)} == {"2 KB"}
    assert {model.index(r, 1).data() for r in range(2)} == {"手动备份", "升级前自动备份"}
    assert model.index(0, 0).data().startswith(date.today().isoformat())
    qtmodeltester.check(model)
