"""The 季度报送 page (placeholder until it is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page


class ReportsPage(Page):
    title = "季度报送"
    topics = (
        "plans",
        "units",
        "reports",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("季度报送"))

    def refresh(self) -> None:
        pass
