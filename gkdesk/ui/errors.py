"""What the user sees when something goes wrong.

A ``UserError`` (bad file, file locked by Excel, wrong template …) is a plain Chinese message with
what to do. Anything else is a bug: an error dialog says so, offers the details, and the full
traceback goes to the log file in the data folder (``logs/gkdesk.log``), so nothing is lost.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gkdesk.errors import CancelledError, UserError

log = logging.getLogger("gkdesk")
LOG_NAME = "gkdesk.log"


def setup_logging(logs_dir: Path) -> Path:
    """Log to ``logs_dir/gkdesk.log`` (rotated at 1 MB, 5 kept); returns the file."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "") -> None:
    if isinstance(exc, CancelledError):
        return
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title or "无法完成", exc.message)
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error\n%s", details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title or "程序出错")
    box.setText("程序遇到了意外错误，这项操作没有完成。已输入的内容不会丢失。")
    box.setInformativeText("详细信息已记入日志文件，请把它发给技术支持人员。")
    box.setDetailedText(details)
    box.exec()


def install_excepthook() -> None:
    """Unexpected exceptions in Qt slots become the error dialog instead of silently vanishing."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        value.__traceback__ = tb
        show_error(QApplication.activeWindow(), value)

    sys.excepthook = hook
