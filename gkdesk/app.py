"""Composition root: paths, logging, database, QApplication (Chinese), the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from gkdesk.config import database_url, paths
from gkdesk.db import open_database
from gkdesk.errors import UserError


def make_app() -> object:
    """The QApplication, with Qt's own dialogs and buttons in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # Qt 6 scales for high-DPI screens by itself; passing fractions through keeps 125 %/150 % sharp.
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv)
        app.setApplicationName("gkdesk")
        app.setOrganizationName("gkdesk")
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        translator = QTranslator(app)
        if translator.load("qt_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
    return app


def run(db_url: str | None = None, home: Path | str | None = None) -> int:
    from PySide6.QtWidgets import QMessageBox

    from gkdesk.ui.context import AppContext
    from gkdesk.ui.errors import install_excepthook, setup_logging
    from gkdesk.ui.main_window import MainWindow

    app = make_app()
    app_paths = paths(home).ensure()
    setup_logging(app_paths.logs_dir)
    install_excepthook()
    try:
        db = open_database(database_url(app_paths, db_url), paths=app_paths)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 2
    window = MainWindow(AppContext(db, app_paths))
    window.show()
    try:
        return int(app.exec())  # type: ignore[attr-defined]
    finally:
        db.dispose()
