"""The three notices of a quarter, from the database through the command line to rendered pages.

Uses the scored quarter of test_scoring (six units, one never reported). Checks what each notice
says and, when LibreOffice is installed, renders every page to PNG into the folder named by
``GKDESK_RENDER_DIR`` (else a temporary one) and measures the grid: no body line wider than 28
full-width characters (a half-width digit counts half) and 22 lines on a full page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from gkdesk.cli import main
from gkdesk.db import Database
from gkdesk.services.settings import set_setting
from tests.services.test_scoring import quarter  # noqa: F401 - the fixture

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(capsys: pytest.CaptureFixture[str], db: Database, *args: str) -> tuple[int, str]:
    code = main(["--db", db.url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out + err


@pytest.fixture
def notices(quarter: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:  # noqa: F811
    set_setting(quarter, "office_name", "示范市人民政府办公室")
    set_setting(quarter, "doc_prefix", "示政办函")
    set_setting(quarter, "contacts", "张三，0731-1234567")
    out = tmp_path / "notices"
    files = {k: out / f"{k}.docx" for k in ("report", "remind", "result")}
    code, text = run(
        capsys,
        quarter,
        "export",
        "notice",
        "report",
        "2021Q1",
        "--out",
        str(files["report"]),
        "--date",
        "2021-04-08",
        "--number",
        "示政办函〔2021〕12号",
        "--per-unit",
        str(out / "units"),
    )
    assert code == 0, text
    code, text = run(
        capsys,
        quarter,
        "export",
        "notice",
        "remind",
        "2021Q1",
        "--out",
        str(files["remind"]),
        "--date",
        "2021-04-16",
        "--new-deadline",
        "2021-04-21",
    )
    assert code == 0, text
    code, text = run(
        capsys,
        quarter,
        "export",
        "notice",
        "result",
        "2021Q1",
        "--out",
        str(files["result"]),
        "--date",
        "2021-04-25",
    )
    assert code == 0, text
    return files


def paragraphs(path: Path) -> list[str]:
    """The paragraphs' texts; titles are broken into lines between words, joined again here."""
    return [p.text.replace("\n", "") for p in Document(str(path)).paragraphs]


def test_the_report_notice_asks_every_unit_and_lists_their_tasks(notices: dict[str, Path]) -> None:
    text = "\n".join(paragraphs(notices["report"]))
    assert "示政办函〔2021〕12号" in text
    assert "关于报送2021年第一季度政务公开重点工作进展情况的通知" in text
    assert "请于2021年4月15日前报送" in text and "张三，0731-1234567" in text
    assert "2021年4月8日" in text and "示范市人民政府办公室" in text
    doc = Document(str(notices["report"]))
    table = doc.tables[-1]
    # The task list: one row per task (five tasks) with its lead and cooperating units.
    assert [c.text for c in table.rows[0].cells][:4] == ["序号", "重点任务", "牵头单位", "配合单位"]
    assert len(table.rows) == 1 + 5
    named = "、".join(c.text for row in table.rows[1:] for c in row.cells[2:4]).split("、")
    assert set(named) - {"—"} >= {"市财政局", "市商务局", "市司法局"}


def test_each_unit_gets_its_own_copy_with_its_own_tasks(notices: dict[str, Path]) -> None:
    copies = sorted((notices["report"].parent / "units").glob("*.docx"))
    assert len(copies) == 6
    judicial = next(p for p in copies if p.name.startswith("市司法局"))
    doc = Document(str(judicial))
    assert any(p.text == "市司法局：" for p in doc.paragraphs)
    (rows,) = [t.rows for t in doc.tables[-1:]]
    assert [r.cells[1].text for r in rows[1:]] == ["做好行政执法信息公开"]
    # The words and the annex agree: "本单位重点任务清单" over the annex of that title.
    text = "\n".join(p.text.replace("\n", "") for p in doc.paragraphs)
    assert "请你单位对照本单位重点任务清单（见附件2）" in text
    assert "市司法局2021年政务公开重点任务清单" in text


def test_the_reminder_cites_the_first_notice_and_names_who_is_missing(notices: dict[str, Path]) -> None:
    text = "\n".join(paragraphs(notices["remind"]))
    assert "《关于报送2021年第一季度政务公开重点工作进展情况的通知》（示政办函〔2021〕12号）" in text
    assert "截至2021年4月16日，仍有1个单位未报送" in text and "2021年4月21日前补报" in text
    assert "市商务局：" in text  # addressed to the unit that has not reported
    rows = Document(str(notices["remind"])).tables[-1].rows
    assert [c.text for c in rows[1].cells] == ["1", "市商务局", "2", "0", "2", "未报送"]


def test_the_result_notice_reports_rates_grades_problems_and_ranks(notices: dict[str, Path]) -> None:
    text = "\n".join(paragraphs(notices["result"]))
    assert "关于2021年第一季度政务公开工作考核情况的通报" in text
    # 6 units, 5 reported (市商务局 did not), 4 on time (乙县 was two working days late).
    assert "应报送单位6个，实际报送5个，报送率83.3%；按时报送4个，按时报送率66.7%" in text
    assert "优秀1个" in text and "不合格1个" in text and "甲县人民政府工作成效明显" in text
    assert "市商务局未报送进展情况" in text and "乙县人民政府逾期报送" in text
    doc = Document(str(notices["result"]))
    ranking = doc.tables[-1]
    assert ranking.rows[1].cells[0].text == "县市区（3个）"  # one block per category
    assert [c.text for c in ranking.rows[2].cells][:2] == ["1", "甲县人民政府"]
    assert doc.sections[-1].orientation == 1  # landscape: the ranking table


def test_every_run_has_its_east_asian_font(notices: dict[str, Path]) -> None:
    for path in notices.values():
        with zipfile.ZipFile(path) as zf:
            for name in [n for n in zf.namelist() if re.fullmatch(r"word/(document|footer\d+)\.xml", n)]:
                root = etree.fromstring(zf.read(name))
                for r in root.iter(f"{W}r"):
                    fonts = r.find(f"{W}rPr/{W}rFonts")
                    assert fonts is not None and fonts.get(f"{W}eastAsia"), (path.name, name)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="needs LibreOffice")
def test_rendered_pages_keep_the_grid(notices: dict[str, Path], tmp_path: Path) -> None:
    folder = Path(os.environ.get("GKDESK_RENDER_DIR") or tmp_path / "rendered")
    folder.mkdir(parents=True, exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, notices.values()),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for kind in notices:
        pdf = folder / f"{kind}.pdf"
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / kind)], check=True, timeout=120
        )
        assert list(folder.glob(f"{kind}*.png"))
        text = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "2", "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [re.sub(r"\s", "", line) for line in text.splitlines()]
        body = [line for line in lines if line and not re.fullmatch(r"—\d+—", line)]
        # 28 full-width characters per line; half-width digits and letters count half.
        assert max(_width(line) for line in body) <= 56, kind
