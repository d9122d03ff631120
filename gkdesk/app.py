"""Composition root: paths, database, QApplication, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from gkdesk.config import database_url, paths
from gkdesk.db import open_database
from gkdesk.errors import UserError


def run(db_url: str | None = None, home: Path | str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gkdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app_paths = paths(home).ensure()
    try:
        db = open_database(database_url(app_paths, db_url), paths=app_paths)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 2
    window = MainWindow(db)
    window.show()
    try:
        return int(app.exec())
    finally:
        db.dispose()
