"""What every page shares: the database, the app's folders, the worker pool, remembered folders,
and the signals by which one page tells the others that data changed.

Pages never talk to each other directly: a page that changes data calls ``notify(topic)`` and
the pages that show that data refresh the next time they are looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal

from gkdesk.config import AppPaths, current_user

if TYPE_CHECKING:
    from gkdesk.db import Database

TOPICS = ("plans", "units", "reports", "scores", "settings")


class AppContext(QObject):
    # A topic in TOPICS, or "all".
    data_changed = Signal(str)
    plan_changed = Signal(object)  # plan id or None
    period_changed = Signal(object)  # period code ("2021Q1") or None

    def __init__(
        self, db: Database, paths: AppPaths, qsettings: QSettings | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.paths = paths
        self.settings = qsettings or QSettings("gkdesk", "gkdesk")
        self.pool = QThreadPool.globalInstance()
        self._plan_id: int | None = None
        self._period: str | None = None

    # --- the plan and the quarter the user is working on -------------------------------------

    @property
    def plan_id(self) -> int | None:
        return self._plan_id

    def set_plan(self, plan_id: int | None) -> None:
        if plan_id != self._plan_id:
            self._plan_id = plan_id
            self.plan_changed.emit(plan_id)

    @property
    def period(self) -> str | None:
        return self._period

    def set_period(self, code: str | None) -> None:
        if code != self._period:
            self._period = code
            self.period_changed.emit(code)

    # --- misc ------------------------------------------------------------------------------------

    def notify(self, topic: str) -> None:
        self.data_changed.emit(topic)

    def who(self) -> str:
        """The name recorded in the change log (see ``config.current_user``)."""
        return current_user(self.paths)

    def last_dir(self, key: str) -> str:
        value = self.settings.value(f"dirs/{key}", "")
        folder = str(value) if value else ""
        return folder if folder and Path(folder).exists() else str(Path.home())

    def remember_dir(self, key: str, path: Path | str) -> None:
        p = Path(path)
        self.settings.setValue(f"dirs/{key}", str(p if p.is_dir() else p.parent))
