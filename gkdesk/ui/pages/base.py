"""A page of the main window: built once, refreshed when shown after its data changed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gkdesk.ui.context import AppContext


class Page(QWidget):
    """Subclasses set ``title`` and ``topics`` (the data they show) and implement ``refresh``."""

    title = ""
    topics: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, topic: str) -> None:
        if topic == "all" or topic in self.topics:
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        """Refresh now (when the page is shown, or its data changed while it is shown)."""
        self._stale = False
        self.refresh()

    def showEvent(self, event: object) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        raise NotImplementedError
