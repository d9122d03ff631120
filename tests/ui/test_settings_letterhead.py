"""The 设置 page's 公文用纸 choice (red head / pre-printed paper / plain) and the 文号 prefix check,
driven like a user."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from gkdesk.services.settings import get_settings, set_setting
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.settings_page import SettingsPage
from tests.ui.helpers import type_text


@pytest.fixture(autouse=True)
def collect_garbage_here() -> None:
    gc.collect()  # earlier tests' widgets, collected on the GUI thread


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> SettingsPage:
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1130, 700)
    widget.show()
    return widget


def test_the_paper_choice_offers_three_kinds_and_is_saved(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext
) -> None:
    combo = page.fields["letterhead_mode"]
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == ["red", "preprinted", "plain"]
    assert combo.currentData() == "red"  # the default: the red head printed
    assert "预印红头纸" in combo.itemText(1)
    combo.setCurrentIndex(1)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert get_settings(ctx.db)["letterhead_mode"] == "preprinted"
    set_setting(ctx.db, "letterhead_mode", "plain")
    ctx.notify("settings")
    assert combo.currentData() == "plain"


def test_a_doc_prefix_with_the_year_is_refused_with_the_right_form(
    qtbot: QtBot, page: SettingsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    edit = page.fields["doc_prefix"]
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, "青政办函〔2026〕")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert shown and "只写机关代字，如“青政办函”" in shown[0]
    assert get_settings(ctx.db)["doc_prefix"] == ""
