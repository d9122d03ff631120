"""Fixtures for the window tests: an app context over a fresh database, settings in a temp file,
and message boxes that record instead of blocking."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gkdesk.config import paths
from gkdesk.db import Database
from gkdesk.ui.context import AppContext


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """As the app does (gkdesk/ui/gc_guard.py): no cyclic collection inside worker threads, where it
    could destroy widgets of the GUI thread; collect here, on the GUI thread, between tests."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def ctx(database: Database, home: Path, tmp_path: Path, qapp: object) -> Iterator[AppContext]:
    settings = QSettings(str(tmp_path / "qt-settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(database, paths(home).ensure(), settings)
    yield context
    context.deleteLater()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every QMessageBox shown: (kind, title, text); question boxes answer Yes."""
    shown: list[tuple[str, str, str]] = []

    def record(kind: str, answer: object = None):  # type: ignore[no-untyped-def]
        def show(parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
            shown.append((kind, title, text))
            return answer

        return show

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(
        QMessageBox, "exec", lambda self: shown.append(("exec", self.windowTitle(), self.text()))
    )
    return shown
