"""The 计划与任务 page (placeholder until it is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.base import Page


class TasksPage(Page):
    title = "计划与任务"
    topics = (
        "plans",
        "units",
        "reports",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("计划与任务"))

    def refresh(self) -> None:
        pass
