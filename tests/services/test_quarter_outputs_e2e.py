"""A quarter run end to end through the command line, and every file it sends out checked as its
reader would: the unit clerk printing the template, the office scoring, the 秘书科 checking notices.

yongzhou2021 is imported (no task has a deadline, so every task is due in 2021Q1); every unit
fills its template; 零陵区 answers 未启动 with words on every task; 市财政局 types a 300-character
进展情况. Scores, the score workbook and the three notices follow, each with ``--date``. With
LibreOffice present the template and the notices are printed to PDF and read back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import jieba
import pytest
from lxml import etree

from gkdesk.cli import main
from gkdesk.db import Database
from tests.exporters.test_template_print import column_text
from tests.reporting_helpers import fill

PLAN = Path(__file__).resolve().parents[1] / "data" / "yongzhou2021.docx"
COUNTIES = ["冷水滩区人民政府", "零陵区人民政府"]
NOT_STARTED = "零陵区人民政府"
LONG_WRITER = "市财政局"
LONG = "本季度完成财政预决算公开，公开部门预算七十二个、部门决算六十八个，全部在统一平台集中公开" * 6
LONG = (LONG + "。")[:300]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KEEP_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
SOFFICE = shutil.which("soffice")


def run(capsys: pytest.CaptureFixture[str], db: Database, *args: str) -> str:
    code = main(["--db", db.url, *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err
    return out


def to_pdf(path: Path, work: Path, fmt: str = "pdf") -> Path:
    assert SOFFICE is not None
    profile = work / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(work), str(path)],
        check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(work)},
    )  # fmt: skip
    return work / f"{path.stem}.{fmt.split(':')[0]}"


def title_lines(path: Path) -> list[list[str]]:
    """Each title paragraph's lines, as the writer broke them (explicit line breaks)."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    titles = []
    for p in root.iter(f"{W}p"):
        runs = p.findall(f".//{W}r")
        if not any(r.find(f"{W}br") is not None for r in runs):
            continue
        sizes = {s.get(f"{W}val") for s in p.iter(f"{W}sz")}
        if "44" not in sizes:  # 2号 = 22 pt: the title's size
            continue
        text = ""
        for r in runs:
            for child in r:
                if child.tag == f"{W}t":
                    text += child.text or ""
                elif child.tag == f"{W}br":
                    text += "\n"
        titles.append(text.split("\n"))
    return titles


def breaks_inside_a_word(lines: list[str]) -> list[str]:
    """Line ends that fall inside a word of the whole title, jieba judging from outside.

    A break between the two words of a compound jieba keeps whole (工作|进展) is a break between
    words; a line never starts with 的, which belongs to the words before it."""
    whole = "".join(lines)
    cuts, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        cuts.append(at)
    spans, at = [], 0
    for word in jieba.cut(whole, HMM=False):
        spans.append((at, at + len(word)))
        at += len(word)
    bad = []
    for c in cuts:
        inside = next(((a, b) for a, b in spans if a < c < b), None)
        halves = (whole[inside[0] : c], whole[c : inside[1]]) if inside else ()
        compound = bool(halves) and all(len(h) >= 2 and jieba.dt.FREQ.get(h, 0) > 0 for h in halves)
        if (inside and not compound) or whole[c] == "的":
            bad.append(f"{whole[:c]}|{whole[c:]}")
    return bad


def test_a_quarter_sends_out_files_that_read_right(
    capsys: pytest.CaptureFixture[str], database: Database, tmp_path: Path, home: Path
) -> None:
    run(capsys, database, "import", str(PLAN))
    run(capsys, database, "units", "group", "各县市区人民政府", *COUNTIES)
    run(capsys, database, "settings", "set", "copy_to", "市政务公开工作领导小组成员单位")
    run(capsys, database, "period", "open", "2021Q1", "--deadline", "2021-04-15")
    templates = tmp_path / "templates"
    run(capsys, database, "template", "2021Q1", "--out", str(templates))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sorted(templates.glob("*.xlsx")):
        unit = path.name.removesuffix("-2021Q1-进展情况报送表.xlsx")
        if unit == "市商务局":
            continue  # never reports: the remind notice is about it

        def answer(code: str, title: str, unit: str = unit) -> dict[str, str]:
            if unit == NOT_STARTED:
                words = "已召开会议研究部署，相关方案正在起草。"
                return {"status": "未启动", "progress": words, "problems": "无"}
            progress = LONG if unit == LONG_WRITER else f"{unit}第{code}项已按计划推进，完成阶段目标。"
            return {"status": "按序时推进", "progress": progress, "problems": "无", "next_steps": "继续推进"}

        fill(path, answer, inbox / path.name)
    run(capsys, database, "collect", "2021Q1", str(inbox), "--received", "2021-04-15")

    # 未启动 on a due task counts 0 whatever the words beside it.
    scores = {u["unit"]: u for u in json.loads(run(capsys, database, "score", "2021Q1", "--json"))}
    lagging = scores[NOT_STARTED]
    assert lagging["tasks"] and {(t["status"], t["factor"]) for t in lagging["tasks"]} == {("未启动", 0)}
    assert lagging["items"]["3"] == 0  # 任务落实
    assert {t["factor"] for t in scores["市发改委"]["tasks"]} == {0.8}

    out = tmp_path / "out"
    book = str(out / "评分表.xlsx")
    run(capsys, database, "export", "scores", "2021Q1", "--out", book, "--date", "2021-04-22")
    notices = {}
    for kind, day in (("report", "2021-03-25"), ("remind", "2021-04-16"), ("result", "2021-04-22")):
        notices[kind] = out / f"{kind}.docx"
        run(capsys, database, "export", "notice", kind, "2021Q1", "--out", str(notices[kind]), "--date", day)

    # 附件2 of the 报送通知: one row per task, with its 牵头 and 配合 units.
    report = docx.Document(str(notices["report"]))
    task_table = next(t for t in report.tables if "牵头单位" in [c.text for c in t.rows[0].cells])
    body = [r for r in task_table.rows[1:] if r.cells[0].text.strip().isdigit()]
    assert [int(r.cells[0].text) for r in body] == list(range(1, 19))
    assert "市发改委" in body[1].cells[2].text

    # No title line of any notice ends inside a word.
    for kind, path in notices.items():
        titles = title_lines(path)
        assert titles, kind
        for lines in titles:
            assert breaks_inside_a_word(lines) == [], (kind, lines)

    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed: the printed checks need it")
    import pdfplumber

    # The 版记 sits on the last page, and that page is even.
    for kind, path in notices.items():
        pdf = to_pdf(path, tmp_path / f"pdf-{kind}", KEEP_BLANK_PAGES)
        with pdfplumber.open(pdf) as doc:
            texts = [p.extract_text() or "" for p in doc.pages]
        assert len(texts) % 2 == 0, (kind, len(texts))
        assert "印发" in texts[-1] and not any("印发" in t for t in texts[:-1]), kind

    # The 300-character answer prints whole, at no less than 10.5 pt.
    filled = inbox / f"{LONG_WRITER}-2021Q1-进展情况报送表.xlsx"
    work = tmp_path / "print"
    laid_out = to_pdf(to_pdf(filled, work, "ods"), work)  # .ods first: LibreOffice then sizes the rows
    assert "".join(LONG.split()) in column_text(laid_out, "进展情况")
    with pdfplumber.open(laid_out) as doc:
        sizes = [c["size"] for p in doc.pages for c in p.chars if c["text"].strip()]
    assert min(sizes) >= 10.5
