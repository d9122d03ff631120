"""The main window: for now a plan selector and the plan's task table (the desktop issue grows it)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

from gkdesk.db import Database
from gkdesk.services.planning import list_plans, list_tasks
from gkdesk.ui.task_table_model import TaskTableModel


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle("gkdesk 政务公开工作要点管理")
        self.resize(1200, 760)
        self.plan_box = QComboBox()
        self.model = TaskTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(QLabel("计划："))
        layout.addWidget(self.plan_box)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"数据库：{db.display_url}")
        self.plans = list_plans(db)
        for p in self.plans:
            self.plan_box.addItem(f"{p.title}（{p.tasks} 项任务）", p.id)
        self.plan_box.currentIndexChanged.connect(self._load)
        self._load()

    def _load(self) -> None:
        plan_id = self.plan_box.currentData()
        self.model.set_rows(list_tasks(self.db, plan_id) if plan_id is not None else [])
        for col, width in enumerate((50, 60, 230, 330, 200, 230, 110)):
            self.table.setColumnWidth(col, width)
