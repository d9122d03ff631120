"""Render every page of the window, the import preview and a collect result to docs/screenshots/.

The import wizard is shown twice: with the demo 工作要点 (7-import-preview) and with a 任务分工表
written on the fly, its columns' roles listed above the tasks (9-import-columns).

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

import docx  # noqa: E402
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


# A 任务分工表 as an office prints it; 推进计划 is a header the parser does not know, so the
# strip marks that column for checking.
TABLE_TITLE = "青禾市2026年政务公开重点工作任务分工"
TABLE = [
    ("序号", "重点工作", "具体要求", "牵头单位", "协同单位", "推进计划"),
    (
        "1",
        "决策公开",
        "完善重大行政决策事项目录，决策草案按规定向社会公开征求意见。",
        "市司法局",
        "市直各单位",
        "2026年6月底前",
    ),
    (
        "2",
        "决策公开",
        "做好政策解读，政策文件与解读材料同步起草、同步审签、同步发布。",
        "市政府办公室",
        "市直各单位",
        "长期坚持",
    ),
    (
        "3",
        "平台建设",
        "加强政府网站和政务新媒体管理，开展常态化监测，及时整改发现的问题。",
        "市政府办公室",
        "市大数据中心",
        "每季度",
    ),
    (
        "4",
        "平台建设",
        "推进政务公开专区标准化建设，完善线上线下服务功能，方便群众查询。",
        "市数据资源局",
        "各县（市、区）人民政府",
        "2026年9月底前",
    ),
    (
        "5",
        "民生信息",
        "公开就业创业扶持政策、职业技能培训计划和社会保险待遇调整情况。",
        "市人社局",
        "市医保局、市民政局",
        "2026年12月底前",
    ),
    (
        "6",
        "民生信息",
        "公开保障性住房建设计划、分配对象、分配程序和分配结果。",
        "市住房城乡建设局",
        "青禾新区管委会",
        "持续推进",
    ),
    (
        "7",
        "组织保障",
        "将政务公开工作纳入绩效考核，每季度通报各单位工作落实情况。",
        "市政府办公室",
        "市发改委",
        "每季度",
    ),
]


def task_table(work: Path) -> Path:
    """The 任务分工表 above as a Word document."""
    document = docx.Document()
    document.add_paragraph(TABLE_TITLE)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = work / f"{TABLE_TITLE}.docx"
    document.save(str(path))
    return path


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

        wizard = ImportWizard(ctx, window, path=task_table(work))
        wizard.resize(1200, 760)
        wizard.show()
        wait(lambda: wizard.model.rowCount() > 0)
        save(wizard, args.out, "9-import-columns")
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
