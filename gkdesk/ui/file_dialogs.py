"""File and folder pickers that start in the folder the user last used for the same purpose.

Tests replace these three functions (monkeypatch) instead of driving native dialogs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gkdesk.ui.context import AppContext


def choose_files(parent: QWidget, ctx: AppContext, key: str, title: str, filters: str) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, ctx.last_dir(key), filters)
    if files:
        ctx.remember_dir(key, files[0])
    return [Path(f) for f in files]


def choose_folder(parent: QWidget, ctx: AppContext, key: str, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, ctx.last_dir(key))
    if folder:
        ctx.remember_dir(key, Path(folder) / "x")
        return Path(folder)
    return None


def save_file(parent: QWidget, ctx: AppContext, key: str, title: str, name: str, filters: str) -> Path | None:
    start = str(Path(ctx.last_dir(key)) / name)
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    if path:
        ctx.remember_dir(key, path)
        return Path(path)
    return None
