"""Render every page of the window, the import preview and a collect result to docs/screenshots/.

Uses the demo database (an invented city, two quarters of reports and scores) in a temporary
home, Qt offscreen, 1280 × 800. Needs a CJK font (fonts-noto-cjk) for Chinese to render.

    uv run python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from gkdesk.app import make_app  # noqa: E402
from gkdesk.config import paths, resource_path  # noqa: E402
from gkdesk.db import open_database  # noqa: E402
from gkdesk.exporters.xlsx_style import write_text  # noqa: E402
from gkdesk.services.demo import ensure_demo  # noqa: E402
from gkdesk.services.templates import write_templates  # noqa: E402
from gkdesk.ui.context import AppContext  # noqa: E402
from gkdesk.ui.main_window import PAGES, MainWindow  # noqa: E402

SIZE = (1280, 800)
SLUGS = ("1-tasks", "2-units", "3-reports", "4-review", "5-stats", "6-settings")


def wait(condition: Callable[[], bool], timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window")
        time.sleep(0.01)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, out: Path, name: str) -> None:
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def returned_files(ctx: AppContext, work: Path) -> Path:
    """Some units' Q2 files as they come back: most filled, one with a formula (refused)."""
    period = ctx.period or ""
    out = work / "templates"
    files = write_templates(ctx.db, period, out)[:6]
    inbox = work / "回执"
    inbox.mkdir()
    for i, f in enumerate(files):
        wb = load_workbook(f)
        ws = wb["进展情况报送表"]
        for row in range(4, ws.max_row + 1):
            if ws.cell(row, 2).value is None:
                continue
            write_text(ws.cell(row, 8), "已召开专题会议部署，完成阶段性目标，相关信息已在政府网站公开。")
            write_text(ws.cell(row, 11), "按序时推进" if (row + i) % 4 else "已完成")
            write_text(ws.cell(row, 12), "会议纪要.pdf")
            if i == 5 and row == 4:
                ws.cell(row, 8).value = "=A1"  # a formula where words belong: refused
        wb.save(inbox / f.name)
    return inbox


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        home = work / "home"
        url = ensure_demo(home)
        app_paths = paths(home).ensure()
        db = open_database(url, paths=app_paths)
        ctx = AppContext(db, app_paths, QSettings(str(work / "qt.ini"), QSettings.Format.IniFormat))
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        print("screenshots:")
        for i, slug in enumerate(SLUGS):
            window.show_page(i)
            page = window.pages[i]
            assert page.title == PAGES[i].title
            if i in (0, 3):  # a task, a unit chosen: the detail beside the table shows too
                page.table.selectRow(5 if i == 3 else 0)  # type: ignore[attr-defined]
            save(window, args.out, slug)

        from gkdesk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(ctx, window, path=resource_path("demo/qinghe2026.txt"))
        wizard.resize(1200, 760)
        wizard.show()
        wait(lambda: wizard.model.rowCount() > 0)
        save(wizard, args.out, "7-import-preview")
        wizard.reject()

        reports = window.pages[2]
        window.show_page(2)
        job = reports.collect_paths([returned_files(ctx, work)])  # type: ignore[attr-defined]
        assert job is not None
        finished: list[bool] = []
        job.finished.connect(lambda: finished.append(True))
        wait(lambda: bool(finished))
        save(window, args.out, "8-collect-result")
        window.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
