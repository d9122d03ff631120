"""Composition root: QApplication (Chinese), the main window, then paths, logging and the database.

The window is shown first, as an empty shell, and the database is opened right after: the user
sees the program at once, and the seconds a first demo database or a slow server may take pass
with the window already there, saying what it is doing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gkdesk.ui.main_window import MainWindow

DATABASE_KEY = "database/url"  # QSettings: the database chosen on the 设置 page


def make_app() -> Any:
    """The QApplication, with Qt's own dialogs and buttons in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # Qt 6 scales for high-DPI screens itself; passing fractions through keeps 125 %/150 % sharp.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv)
        app.setApplicationName("gkdesk")
        app.setOrganizationName("gkdesk")
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        translator = QTranslator(app)
        if translator.load("qt_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
    return app


def start(db_url: str | None = None, home: Path | str | None = None, *, demo: bool = False) -> MainWindow:
    """Show the window now; open the database (``demo``: the demo database) as soon as it is up."""
    from PySide6.QtCore import QTimer

    from gkdesk.ui.main_window import MainWindow

    make_app()
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: open_into(window, db_url, home, demo=demo))
    return window


def open_into(window: MainWindow, db_url: str | None, home: Path | str | None, *, demo: bool = False) -> bool:
    """Open the database and attach it to ``window``; a problem is a message, never a traceback."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gkdesk.config import database_url, paths
    from gkdesk.db import open_database
    from gkdesk.errors import UserError
    from gkdesk.ui.context import AppContext
    from gkdesk.ui.errors import install_excepthook, setup_logging

    app_paths = paths(home).ensure()
    setup_logging(app_paths.logs_dir)
    install_excepthook()
    try:
        if demo:
            from gkdesk.services.demo import ensure_demo

            window.db_label.setText("正在准备演示数据……")
            QApplication.processEvents()
            db_url = ensure_demo(home)
        elif db_url is None:
            chosen = QSettings("gkdesk", "gkdesk").value(DATABASE_KEY)
            db_url = str(chosen) if chosen else None
        db = open_database(database_url(app_paths, db_url), paths=app_paths)
    except UserError as exc:
        QMessageBox.critical(window, "无法打开数据库", exc.message)
        window.db_label.setText("数据库未打开")
        return False
    window.attach(AppContext(db, app_paths))
    return True


def run(db_url: str | None = None, home: Path | str | None = None, *, demo: bool = False) -> int:
    window = start(db_url, home, demo=demo)
    app = make_app()
    try:
        return int(app.exec())
    finally:
        if window.ctx is not None:
            window.ctx.db.dispose()
