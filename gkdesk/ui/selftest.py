"""``gkdesk selftest``: open the window on a throwaway demo database, show every page, and quit.

IT staff run it after installing on an office PC, and the packaging tests run it inside the frozen
program: it proves the parts a plain ``--version`` never touches — Qt's platform plugin and fonts,
the Chinese translations, the migrations (the demo database is created by them), every page's
module and the first data on it. Nothing of the user's is read or changed: the data folder and the
window settings live in a temporary folder unless ``home`` is given.

Each page is checked to have been built (its title) and to paint something (a screenshot with more
than a handful of colours); ``screenshots`` keeps the PNGs. ``quit_when_shown`` stops as soon as the
first page shows data, for timing a start.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

SLUGS = ("tasks", "units", "reports", "review", "stats", "settings")
# A page that failed to paint is one flat colour; a real page has text, icons and a table.
MIN_COLOURS = 16


def _colours(image: QImage, step: int = 7) -> int:
    """Distinct colours on a sparse grid: enough to tell a painted page from an empty one."""
    seen: set[int] = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
            if len(seen) > MIN_COLOURS:
                return len(seen)
    return len(seen)


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True


def run_selftest(
    app: QApplication,
    home: Path | str | None = None,
    screenshots: Path | str | None = None,
    *,
    quit_when_shown: bool = False,
    out: Callable[[str], None] = print,
) -> int:
    """0 when every page opened and painted, 1 otherwise (each problem printed in Chinese).

    ``app`` is the QApplication as gkdesk.app.make_app sets it up (translations, icon).
    """
    with tempfile.TemporaryDirectory(prefix="gkdesk-selftest-") as tmp:
        home_dir = Path(home) if home else Path(tmp) / "home"
        return _run(app, home_dir, Path(tmp), screenshots, quit_when_shown, out)


def _run(
    app: QApplication,
    home: Path,
    work: Path,
    screenshots: Path | str | None,
    quit_when_shown: bool,
    out: Callable[[str], None],
) -> int:
    from gkdesk.config import paths
    from gkdesk.db import open_database
    from gkdesk.services.demo import ensure_demo
    from gkdesk.ui.context import AppContext
    from gkdesk.ui.main_window import PAGES, MainWindow

    started = time.perf_counter()
    app_paths = paths(home).ensure()
    settings = QSettings(str(work / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    db = open_database(ensure_demo(home), paths=app_paths)
    problems: list[str] = []
    try:
        window.attach(AppContext(db, app_paths, settings))
        if not _wait(lambda: window.plan_box.count() > 0 and window.plan_box.currentData() is not None, 30):
            problems.append("演示计划没有出现在窗口中")
        out(f"窗口已显示数据：{time.perf_counter() - started:.2f} 秒")
        if quit_when_shown:
            return 1 if problems else 0
        if window.windowIcon().isNull():
            problems.append("窗口没有图标")
        if not _translated():
            problems.append("Qt 的中文翻译没有加载（按钮会显示英文）")
        target = Path(screenshots) if screenshots else None
        if target is not None:
            target.mkdir(parents=True, exist_ok=True)
        for index, (entry, slug) in enumerate(zip(PAGES, SLUGS, strict=True)):
            try:
                window.show_page(index)
                page = window.pages[index]
            except Exception as exc:  # the self test reports every page, whatever breaks one
                problems.append(f"“{entry.title}”页打不开：{exc!r}")
                continue
            for _ in range(5):
                QApplication.processEvents()
            image = window.grab().toImage()
            colours = _colours(image)
            state = "正常" if page.title == entry.title and colours > MIN_COLOURS else "异常"
            if state != "正常":
                problems.append(f"“{entry.title}”页没有正常显示（{colours} 种颜色）")
            if target is not None:
                image.save(str(target / f"{index + 1}-{slug}.png"))
            out(f"{entry.title}：{state}")
    finally:
        window.close()
        db.dispose()
    for problem in problems:
        out(f"问题：{problem}")
    out("自检通过。" if not problems else f"自检发现 {len(problems)} 个问题。")
    return 1 if problems else 0


def _translated() -> bool:
    # Qt's own strings (dialog buttons) come from qtbase_zh_CN.qm; a packaging slip shows "Cancel".
    return QApplication.translate("QPlatformTheme", "Cancel") != "Cancel" or sys.platform == "darwin"
