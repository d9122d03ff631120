"""Typing and dialog driving shared by the window tests.

QTest can only press keys a keyboard has, so Chinese arrives the way an input method delivers it:
``commit_text`` sends one committed string, ``press_keys`` one key event per character (what a
table's cell editor sees), and ``type_text`` presses Latin keys and commits the Chinese runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot


def commit_text(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press_keys(widget: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    for word in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if word.isascii():
            qtbot.keyClicks(widget, word)
        else:
            commit_text(widget, word)


def run_dialog(
    monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], act: Callable[[QDialog], None]
) -> list[QDialog]:
    """Replace ``cls.exec``: ``act`` drives the real dialog (types, clicks OK) instead of a user."""
    opened: list[QDialog] = []

    def fake_exec(self: QDialog) -> int:
        opened.append(self)
        self.setResult(QDialog.DialogCode.Rejected)
        act(self)
        return self.result()

    monkeypatch.setattr(cls, "exec", fake_exec)
    return opened
