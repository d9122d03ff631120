"""What ``make_app`` sets up for every window: Qt's own words in Chinese and the program's icon."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gkdesk.app import app_icon, install_qt_chinese


def test_qt_dialog_buttons_are_chinese(qapp: QApplication) -> None:
    buttons = QDialogButtonBox.StandardButton
    english = QDialogButtonBox(buttons.Cancel)
    assert [b.text() for b in english.buttons()] == ["Cancel"]
    translator = install_qt_chinese(qapp)
    assert translator is not None
    try:
        box = QDialogButtonBox(buttons.Cancel | buttons.Yes | buttons.Save)
        assert sorted(b.text() for b in box.buttons()) == sorted(["取消", "是(&Y)", "保存"])
    finally:
        qapp.removeTranslator(translator)


def test_icon_has_small_and_large_sizes(qapp: QApplication) -> None:
    icon = app_icon()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
