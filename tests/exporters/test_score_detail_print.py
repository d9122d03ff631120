"""How the score workbook prints: A4 landscape, one page wide, black and white; a unit's long
task table repeats its header on every page and every page's footer names the unit. Checked in
the file, then on the pages LibreOffice prints (PDF → text per page) when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.exporters.score_book import write_score_book
from gkdesk.exporters.score_detail import FOOTER, page_text
from gkdesk.records import ReportFields, ScoreSheet
from gkdesk.scoring.engine import TaskFact, UnitFacts, score_all
from gkdesk.services.review import default_rubric

RUBRIC = default_rubric()
UNIT = "甲县人民政府"
STATUSES = ("已完成", "按序时推进", "滞后", "未启动")
LONG_TITLE = "推进政务公开标准化规范化建设，完善基层政务公开标准目录并动态调整，做好目录的公开和解读工作"


def sheet_with(n_tasks: int) -> ScoreSheet:
    tasks = tuple(
        TaskFact(
            seq,
            f"第{seq}项：{LONG_TITLE}",
            "lead" if seq % 3 else "co",
            True,
            ReportFields(
                status=STATUSES[seq % 4], progress="已召开专题会议部署，完成阶段目标。", evidence="x"
            ),
        )
        for seq in range(1, n_tasks + 1)
    )
    units = score_all(
        RUBRIC, [UnitFacts(UNIT, "县市区", tasks, 0), UnitFacts("乙县人民政府", "县市区", tasks[:2], 0)]
    )
    return ScoreSheet("2021年第一季度", 2021, 1, "某市人民政府办公室", "2021年4月20日", RUBRIC, tuple(units))


def test_every_sheet_prints_a4_landscape_one_page_wide_in_black_and_white(tmp_path: Path) -> None:
    wb = load_workbook(write_score_book(sheet_with(25), tmp_path / "book.xlsx"))
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), ws.title  # not one page tall
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert setup.blackAndWhite is True, ws.title
        assert ws.oddFooter.center.text == FOOTER
    detail = wb[UNIT]
    assert detail.print_title_rows == "$12:$12"
    assert [detail.cell(12, c).value for c in (1, 2, 9)] == ["序号", "任务编号", "核定意见"]
    assert detail.oddFooter.left.text == UNIT
    assert wb["汇总排名表"].print_title_rows == "$1:$3"


def test_page_text_doubles_the_ampersand() -> None:
    assert page_text("A&B局") == "A&&B局"


def pdf_pages(xlsx: Path, work: Path) -> list[str]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    profile = (work / "lo-profile").absolute().as_uri()
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(work / f"{xlsx.stem}.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_a_unit_with_25_tasks_shows_the_table_header_on_every_page(tmp_path: Path) -> None:
    source = write_score_book(sheet_with(25), tmp_path / "book.xlsx")
    pages = pdf_pages(source, tmp_path)
    assert "汇总表" in pages[0]
    mine = [page for page in pages[1:] if UNIT in page]
    assert len(mine) >= 2, "the 25 tasks should need more than one page"
    assert "考核评分表" in mine[0] and "被考核单位" in mine[0]  # the first page starts at row 1
    for number, page in enumerate(mine, start=1):
        assert "任务编号" in page and "核定意见" in page, f"page {number} lost the table header"
    # Every task is printed, each once.
    body = "".join(mine)
    assert all(f"第{seq}项：" in body for seq in range(1, 26))
    assert body.count("第25项：") == 1
