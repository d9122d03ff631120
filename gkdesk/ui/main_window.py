"""The main window: navigation on the left, one page at a time, the plan and quarter at the top.

计划与任务 · 单位 · 季度报送 · 考核评分 · 统计 · 设置. Pages are built the first time they are
opened (start-up stays fast). Files dropped on the window go where they belong: a 工作要点 to the
import wizard, returned Excel files or folders to 收取回执.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from gkdesk.ui.errors import show_error

if TYPE_CHECKING:
    from gkdesk.ui.context import AppContext
    from gkdesk.ui.pages.base import Page

RETURN_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et"}


@dataclass(frozen=True)
class PageEntry:
    title: str
    icon: QStyle.StandardPixmap
    module: str  # imported when the page is first opened, so start-up stays fast
    cls: str


SP = QStyle.StandardPixmap
PAGES = (
    PageEntry("计划与任务", SP.SP_FileDialogDetailedView, "gkdesk.ui.pages.tasks_page", "TasksPage"),
    PageEntry("单位", SP.SP_DirHomeIcon, "gkdesk.ui.pages.units_page", "UnitsPage"),
    PageEntry("季度报送", SP.SP_DialogSaveButton, "gkdesk.ui.pages.reports_page", "ReportsPage"),
    PageEntry("考核评分", SP.SP_DialogApplyButton, "gkdesk.ui.pages.review_page", "ReviewPage"),
    PageEntry("统计", SP.SP_FileDialogContentsView, "gkdesk.ui.pages.stats_page", "StatsPage"),
    PageEntry("设置", SP.SP_FileDialogInfoView, "gkdesk.ui.pages.settings_page", "SettingsPage"),
)


class MainWindow(QMainWindow):
    # Emitted once the database is open and the first page shows data.
    ready = Signal()

    def __init__(self, ctx: AppContext | None = None) -> None:
        """The window; without ``ctx`` it is a shell shown at once while the database opens
        (``attach`` fills it), so the window appears as fast as a bare Qt window would."""
        super().__init__()
        self.ctx: AppContext = None  # type: ignore[assignment]  # set by attach()
        self.setWindowTitle("gkdesk 政务公开工作要点管理")
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.nav.setObjectName("nav")
        self.stack = QStackedWidget()
        self.pages: dict[int, Page] = {}
        for entry in PAGES:
            self.nav.addItem(QListWidgetItem(self.style().standardIcon(entry.icon), entry.title))
            self.stack.addWidget(QWidget())  # placeholder until the page is first opened
        self.nav.currentRowChanged.connect(self.show_page)
        self.nav.setEnabled(False)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([150, 1130])
        self.setCentralWidget(splitter)

        self._build_toolbar()
        self._build_menus()
        self.db_label = QLabel("正在打开数据库……")
        self.statusBar().addPermanentWidget(self.db_label)
        settings = ctx.settings if ctx is not None else QSettings("gkdesk", "gkdesk")
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Connect the window to its database: plans, quarters, and the page last used."""
        self.ctx = ctx
        self.db_label.setText(f"数据库：{ctx.db.display_url}")
        ctx.data_changed.connect(self._on_data_changed)
        ctx.plan_changed.connect(self._follow_plan)
        self.nav.setEnabled(True)
        for action in self._needs_data:
            action.setEnabled(True)
        self.reload_plans()
        geometry = ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        row = int(str(ctx.settings.value("window/page", 0) or 0)) % len(PAGES)
        if self.nav.currentRow() == row:
            self.show_page(row)
        self.nav.setCurrentRow(row)
        self.ready.emit()

    # --- pages -------------------------------------------------------------------------------------

    def page(self, index: int) -> Page:
        """The page at ``index``, built on first use."""
        if index not in self.pages:
            entry = PAGES[index]
            factory = getattr(importlib.import_module(entry.module), entry.cls)
            page = factory(self.ctx)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.pages[index] = page
        return self.pages[index]

    def page_of(self, cls: type[Page]) -> Page:
        index = next(i for i, entry in enumerate(PAGES) if entry.cls == cls.__name__)
        return self.page(index)

    def show_page(self, index: int) -> None:
        if index < 0 or self.ctx is None:
            return
        page = self.page(index)
        self.stack.setCurrentWidget(page)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

    # --- plan and quarter ---------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("计划与季度")
        bar.setObjectName("context")
        bar.setMovable(False)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(8, 2, 8, 2)
        self.plan_box = QComboBox()
        self.plan_box.setMinimumContentsLength(28)
        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(10)
        row.addWidget(QLabel("计划："))
        row.addWidget(self.plan_box)
        row.addSpacing(16)
        row.addWidget(QLabel("季度："))
        row.addWidget(self.period_box)
        row.addStretch(1)
        bar.addWidget(box)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.plan_box.currentIndexChanged.connect(self._plan_chosen)
        self.period_box.currentIndexChanged.connect(self._period_chosen)

    def reload_plans(self) -> None:
        from gkdesk.services.planning import list_plans

        keep = self.ctx.plan_id
        plans = list_plans(self.ctx.db)
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for p in plans:
            self.plan_box.addItem(f"{p.title}（{p.tasks} 项任务）", p.id)
        if not plans:
            self.plan_box.addItem("（尚未导入计划，请用“文件 → 导入工作要点”）", None)
        index = max(0, self.plan_box.findData(keep)) if keep is not None else self.plan_box.count() - 1
        self.plan_box.setCurrentIndex(index)
        self.plan_box.blockSignals(False)
        self._plan_chosen()

    def _follow_plan(self, plan_id: object) -> None:
        """Another part of the window chose a plan (e.g. the import wizard): show it selected."""
        index = self.plan_box.findData(plan_id)
        if index < 0 and plan_id is not None:
            self.reload_plans()
        elif index >= 0 and index != self.plan_box.currentIndex():
            self.plan_box.setCurrentIndex(index)

    def _plan_chosen(self) -> None:
        if self.ctx is None:
            return
        self.ctx.set_plan(self.plan_box.currentData())
        self.reload_periods()

    def reload_periods(self) -> None:
        from gkdesk.services.periods import list_periods

        keep = self.ctx.period
        plan_id = self.ctx.plan_id
        periods = [p for p in list_periods(self.ctx.db) if p.plan_id == plan_id]
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for p in periods:
            self.period_box.addItem(
                f"{p.year}年第{'一二三四'[p.quarter - 1]}季度" + ("（已关闭）" if p.closed else ""), p.code
            )
        if not periods:
            self.period_box.addItem("（尚未开启季度）", None)
        codes = [p.code for p in periods]
        index = codes.index(keep) if keep in codes else max(0, len(codes) - 1)
        self.period_box.setCurrentIndex(index)
        self.period_box.blockSignals(False)
        self._period_chosen()

    def _period_chosen(self) -> None:
        if self.ctx is None:
            return
        self.ctx.set_period(self.period_box.currentData())

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("plans", "all"):
            self.reload_plans()
        elif topic == "reports":
            self.reload_periods()

    # --- menus ---------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        self._needs_data: list[QAction] = []
        menu = self.menuBar().addMenu("文件(&F)")
        self.import_action = self._action(
            menu, "导入工作要点(&I)…", QKeySequence.StandardKey.Open, self.open_import
        )
        self._action(menu, "收取回执(&R)…", "Ctrl+R", self._collect_files)
        menu.addSeparator()
        self._action(menu, "备份数据库(&B)…", None, self._backup)
        menu.addSeparator()
        self._action(menu, "退出(&X)", QKeySequence.StandardKey.Quit, self.close)
        menu = self.menuBar().addMenu("编辑(&E)")
        self._action(menu, "查找任务(&F)", QKeySequence.StandardKey.Find, self._find)
        menu = self.menuBar().addMenu("页面(&P)")
        for i, entry in enumerate(PAGES):
            self._action(menu, entry.title, f"Ctrl+{i + 1}", self._shower(i))
        menu = self.menuBar().addMenu("帮助(&H)")
        self._action(menu, "关于 gkdesk", None, self._about)

    def _shower(self, index: int) -> Callable[[], None]:
        return lambda: self.show_page(index)

    def _action(
        self,
        menu: object,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        if text not in ("退出(&X)", "关于 gkdesk"):
            action.setEnabled(False)  # until the database is open
            self._needs_data.append(action)
        return action

    def open_import(self, path: Path | None = None) -> None:
        from gkdesk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self, path=path)
        wizard.exec()

    def _collect_files(self, paths: list[Path] | None = None) -> None:
        from gkdesk.ui.pages.reports_page import ReportsPage

        page = self.page_of(ReportsPage)
        self.show_page(self.stack.indexOf(page))
        page.collect_paths(paths)  # type: ignore[attr-defined]

    def _find(self) -> None:
        from gkdesk.ui.pages.tasks_page import TasksPage

        page = self.page_of(TasksPage)
        self.show_page(self.stack.indexOf(page))
        page.focus_search()  # type: ignore[attr-defined]

    def _backup(self) -> None:
        from gkdesk.ui.pages.settings_page import SettingsPage

        page = self.page_of(SettingsPage)
        self.show_page(self.stack.indexOf(page))
        page.backup_now()  # type: ignore[attr-defined]

    def _about(self) -> None:
        from gkdesk import __version__

        QMessageBox.about(
            self,
            "关于 gkdesk",
            f"gkdesk {__version__}\n"
            "政务公开工作要点任务管理：导入要点、单位名册、季度报送、考核评分、公文生成。\n"
            f"数据库：{self.ctx.db.display_url if self.ctx else '未打开'}",
        )

    # --- drag and drop ------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.handle_dropped(paths)

    def handle_dropped(self, paths: list[Path]) -> None:
        # Loaded here, not at start-up: the window lists plans before any importer is needed.
        from gkdesk.services.documents import DOCUMENT_SUFFIXES, is_report_template

        # An .xlsx is a returned 报送表 when it carries gkdesk's hidden sheet (or several are
        # dropped at once), else a 任务分工表 to import.
        def returned(p: Path) -> bool:
            return p.suffix.lower() in RETURN_SUFFIXES and (len(paths) > 1 or is_report_template(p))

        returns = [p for p in paths if p.is_dir() or returned(p)]
        documents = [p for p in paths if p.suffix.lower() in DOCUMENT_SUFFIXES and p not in returns]
        try:
            if documents and not returns:
                self.open_import(documents[0])
            elif returns:
                self._collect_files(returns)
            elif paths:
                QMessageBox.information(
                    self,
                    "无法识别的文件",
                    "请拖入工作要点（.docx、.xlsx、.pdf、.txt）或各单位交回的报送表（.xlsx、文件夹）。",
                )
        except Exception as exc:
            show_error(self, exc)

    # --- closing -------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx is not None:
            self.ctx.settings.setValue("window/geometry", self.saveGeometry())
            self.ctx.settings.setValue("window/page", self.nav.currentRow())
        super().closeEvent(event)
