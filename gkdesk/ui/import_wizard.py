"""The import wizard (placeholder until it is built)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from gkdesk.ui.context import AppContext


class ImportWizard(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导入工作要点")
