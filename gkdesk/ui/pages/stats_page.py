"""The 统计 page (placeholder until it is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page


class StatsPage(Page):
    title = "统计"
    topics = (
        "reports",
        "plans",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("统计"))

    def refresh(self) -> None:
        pass
