"""The 考核评分 page (placeholder until it is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page


class ReviewPage(Page):
    title = "考核评分"
    topics = (
        "reports",
        "scores",
        "units",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("考核评分"))

    def refresh(self) -> None:
        pass
