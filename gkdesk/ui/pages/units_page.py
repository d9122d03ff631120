"""The 单位 page (placeholder until it is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page


class UnitsPage(Page):
    title = "单位"
    topics = ("units",)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("单位"))

    def refresh(self) -> None:
        pass
