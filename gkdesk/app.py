"""Composition root: QApplication (Chinese), the main window, then paths, logging and the database.

The window is shown first, as an empty shell, and the database is opened right after: the user
sees the program at once, and the seconds a first demo database or a slow server may take pass
with the window already there, saying what it is doing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gkdesk.config import DB_ENV

if TYPE_CHECKING:
    from gkdesk.config import AppPaths
    from gkdesk.ui.main_window import MainWindow

DATABASE_KEY = "database/url"  # QSettings: the database chosen on the 设置 page


def make_app() -> Any:
    """The QApplication, with Qt's own dialogs and buttons in Chinese."""
    from PySide6.QtCore import QLocale, Qt
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
        install_qt_chinese(app)
        app.setWindowIcon(app_icon())
        from gkdesk.ui.gc_guard import GuiThreadCollector

        app.gc_guard = GuiThreadCollector(app)  # type: ignore[attr-defined]
    return app


def install_qt_chinese(app: Any) -> Any:
    """Qt's own words (dialog buttons, file dialogs) in Chinese: the translator installed, or None."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    # qt_zh_CN.qm only lists its parts and fails to load when one (qtmultimedia …) is not
    # shipped, as with PySide6-Essentials; qtbase_zh_CN holds the dialogs' and buttons' words.
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(catalog, folder):
            app.installTranslator(translator)
            return translator
    return None


def app_icon() -> Any:
    """The program's icon in every size shipped, so Qt picks a sharp one for the title bar and taskbar."""
    from PySide6.QtGui import QIcon

    from gkdesk.config import resource_path

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        try:
            icon.addFile(str(resource_path(f"icons/gkdesk-{size}.png")))
        except FileNotFoundError:
            continue
    return icon


def start(db_url: str | None = None, home: Path | str | None = None, *, demo: bool = False) -> MainWindow:
    """Show the window now; open the database (``demo``: the demo database) as soon as it is up."""
    from PySide6.QtCore import QTimer

    from gkdesk.ui.main_window import MainWindow

    make_app()
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: open_into(window, db_url, home, demo=demo))
    return window


def open_into(window: MainWindow, db_url: str | None, home: Path | str | None, *, demo: bool = False) -> None:
    """Open the database and attach it to ``window``; a problem is a message, never a traceback.

    The database is, in order: ``db_url`` (--db), ``$GKDESK_DB``, the one chosen on the 设置 page,
    the SQLite file in the data folder. The first demo database takes seconds to build, so it is
    built in the background.
    """
    from gkdesk.config import paths
    from gkdesk.ui.errors import install_excepthook, setup_logging

    app_paths = paths(home).ensure()
    setup_logging(app_paths.logs_dir)
    install_excepthook()
    if not demo:
        _attach(window, db_url, app_paths, chosen=db_url is None and not os.environ.get(DB_ENV))
        return
    from gkdesk.services.demo import ensure_demo
    from gkdesk.ui.workers import run_job

    window.db_label.setText("正在准备演示数据……")
    run_job(
        window,
        "正在准备演示数据",
        lambda progress, cancelled: ensure_demo(home),
        lambda url: _attach(window, url, app_paths, chosen=False),
        cancellable=False,
    )


def _attach(window: MainWindow, db_url: str | None, app_paths: AppPaths, *, chosen: bool) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from gkdesk.config import database_url
    from gkdesk.db import open_database
    from gkdesk.errors import UserError
    from gkdesk.ui.context import AppContext

    settings = QSettings("gkdesk", "gkdesk")
    picked = str(settings.value(DATABASE_KEY) or "") if chosen else ""
    try:
        db = open_database(database_url(app_paths, picked or db_url), paths=app_paths)
    except UserError as exc:
        if not picked:
            QMessageBox.critical(window, "无法打开数据库", exc.message)
            window.db_label.setText("数据库未打开")
            return
        answer = QMessageBox.question(
            window,
            "无法打开数据库",
            f"{exc.message}\n\n这是在“设置”中选择的数据库。改用本机默认数据库吗？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            window.db_label.setText("数据库未打开")
            return
        settings.remove(DATABASE_KEY)
        _attach(window, None, app_paths, chosen=False)
        return
    window.attach(AppContext(db, app_paths))


def selftest(home: Path | str | None, screenshots: Path | str | None, *, quit_when_shown: bool) -> int:
    """``gkdesk selftest``: every page on a throwaway demo database (gkdesk.ui.selftest)."""
    from gkdesk.ui.selftest import run_selftest

    return run_selftest(make_app(), home, screenshots, quit_when_shown=quit_when_shown)


def run(db_url: str | None = None, home: Path | str | None = None, *, demo: bool = False) -> int:
    window = start(db_url, home, demo=demo)
    app = make_app()
    try:
        return int(app.exec())
    finally:
        if window.ctx is not None:
            window.ctx.db.dispose()
