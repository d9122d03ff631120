"""How a unit's fill-in template prints, checked on LibreOffice's PDF of it (skipped without soffice).

A template for a unit with 12 tasks (long task titles, four sections, last quarter's answers) is
filled with openpyxl the way a unit fills it: one task gets a 300-character 进展情况, another a
few sentences. Then:

- every character on every page prints at 10.5 pt or more (pdfplumber's ``size`` is the font
  size after the page's fit-to-width scaling), on the PDF LibreOffice prints straight from .xlsx;
- the 300 characters all appear, in order, in the 进展情况 column: task rows have no fixed
  height, so they grow with the text. LibreOffice computes such automatic heights when it lays a
  sheet out, which its headless .xlsx → PDF export skips; the trip through .ods (which stores
  each row as automatic or fixed) makes it compute them. A copy whose row was given a fixed
  height, as templates had before, still prints cut off that way, so the check can fail;
- the column headers repeat on every page, pages are numbered, and last quarter's column
  (for reading on screen) is not printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from gkdesk.exporters.report_template import write_report_template
from gkdesk.records import ReportFields, TemplateRow, TemplateSpec
from tests.reporting_helpers import layout, task_rows

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

SHEET = "进展情况报送表"
# 300 characters that are easy to find again: "第000项" … "第059项".
LONG = "".join(f"第{i:03d}项" for i in range(60))
SHORT = "已印发实施方案，在政府网站发布信息12条，召开专题会议2次。"
SECTIONS = (
    "一、围绕高质量发展深化政务公开",
    "二、围绕民生关切深化政务公开",
    "三、加强平台建设",
    "四、强化组织保障",
)
TITLES = (
    "做好重大决策预公开，重大行政决策事项出台前通过政府网站、政务新媒体等公开征求意见",
    "深入推进优化营商环境信息公开，集中公开涉企政策，做好政策解读和咨询服务",
    "做好财政预决算信息公开",
    "加强就业和社会保障信息公开，及时公开就业创业扶持政策、社会保险参保缴费等信息",
    "做好教育、卫生健康领域信息公开",
    "推进住房保障和城乡建设领域基层政务公开标准化规范化，更新完善公开事项目录",
    "做好生态环境信息公开",
    "加强政府网站和政务新媒体管理，开展常态化监测，确保信息发布及时准确",
    "做好政策解读和回应关切，重要政策文件与解读材料同步组织、同步审签、同步发布",
    "规范依申请公开办理",
    "加强政务公开工作考核评估",
    "组织开展政务公开业务培训，每年至少开展一次全员培训",
)
LAST_QUARTER = ReportFields(
    "按序时推进", "已完成方案起草，在政府网站发布信息15条。", "部分科室报送不及时；", "按月调度，确保进度。"
)
PROGRESS_ROW_CODE = "3"


def twelve_task_spec() -> TemplateSpec:
    rows = tuple(
        TemplateRow(
            task_id=100 + i,
            code=str(i + 1),
            section=SECTIONS[min(i // 3, 3)],
            title=title,
            role="lead" if i % 4 else "co",
            lead_names="市财政局" if i % 4 else "市政府办公室、市发展改革委",
            deadline="2026年6月底前" if i % 3 else "长期坚持",
            previous=LAST_QUARTER,
        )
        for i, title in enumerate(TITLES)
    )
    return TemplateSpec(
        1, "青禾市2026年政务公开工作要点", 2026, 2, 6, "市住房和城乡建设局", rows, "2026-07-10"
    )


def fill(src: Path, dest: Path, *, fixed_height: float | None = None) -> Path:
    """Answer every task as a unit would; task 3 gets the 300-character 进展情况."""
    wb = load_workbook(src)
    ws = wb[SHEET]
    _, header = layout(ws)
    for code, row in task_rows(ws).items():
        ws.cell(row, header["进展情况"]).value = LONG if code == PROGRESS_ROW_CODE else SHORT
        ws.cell(row, header["存在问题"]).value = "无"
        ws.cell(row, header["完成状态"]).value = "按序时推进"
        if fixed_height is not None and code == PROGRESS_ROW_CODE:
            ws.row_dimensions[row].height = fixed_height
    wb.save(dest)
    return dest


def convert(files: list[Path], to: str, out: Path, profile: Path) -> list[Path]:
    assert SOFFICE is not None
    out.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=240,
        env={**os.environ, "HOME": str(profile.parent)},
        check=False,
    )
    converted = [out / f"{f.stem}.{to}" for f in files]
    assert all(p.exists() for p in converted), completed.stderr.decode(errors="replace")
    return converted


@dataclass(frozen=True)
class Printed:
    direct: Path  # the filled template, .xlsx → PDF
    laid_out: Path  # the same via .ods, automatic row heights computed
    fixed: Path  # via .ods, task 3's row with a fixed height of 3 lines


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    work = tmp_path_factory.mktemp("print")
    template = write_report_template(twelve_task_spec(), work / "template.xlsx")
    filled = fill(template, work / "filled.xlsx")
    fixed = fill(template, work / "fixed.xlsx", fixed_height=45)
    profile = work / "lo-profile"
    (direct,) = convert([filled], "pdf", work / "direct", profile)
    ods = convert([filled, fixed], "ods", work / "ods", profile)
    laid_out, fixed_pdf = convert(ods, "pdf", work / "laid-out", profile)
    return Printed(direct, laid_out, fixed_pdf)


def column_text(pdf: Path, header: str) -> str:
    """All text printed in the column headed ``header`` on every page, the headers left out."""
    parts = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            # The topmost match in body size: the column header (the title is larger, the notes lower).
            found = min(
                (m for m in page.search(header) if m["bottom"] - m["top"] < 14), key=lambda m: m["top"]
            )
            middle = (found["x0"] + found["x1"]) / 2
            edges = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})
            left = max(x for x in edges if x < middle)
            right = min(x for x in edges if x > middle)
            text = page.crop((left, found["bottom"], right, page.height)).extract_text() or ""
            parts.append(re.sub(r"\s+", "", text))
    return "".join(parts)


def test_every_printed_character_is_at_least_10_5_pt(printed: Printed) -> None:
    with pdfplumber.open(printed.direct) as document:
        assert len(document.pages) >= 2
        for page in document.pages:
            assert page.width > page.height  # landscape
            sizes = [c["size"] for c in page.chars if c["text"].strip()]
            assert sizes and min(sizes) >= 10.5, (page.page_number, min(sizes))
            # The body text itself: CJK characters are as wide as they are high.
            body = [c for c in page.chars if "\u4e00" <= c["text"] <= "\u9fff" and c["size"] < 12]
            widths = sorted(c["x1"] - c["x0"] for c in body)
            assert widths[len(widths) // 2] >= 10.5


def test_a_300_character_answer_prints_in_full(printed: Printed) -> None:
    progress = column_text(printed.laid_out, "进展情况")
    assert LONG in progress  # all 300 characters, in order, in the 进展情况 column
    assert progress.count(SHORT) == len(TITLES) - 1
    # The check can fail: a fixed row height cuts the same answer off.
    cut = column_text(printed.fixed, "进展情况")
    assert LONG not in cut and LONG[:20] in cut


def test_headers_repeat_pages_are_numbered_and_last_quarter_is_not_printed(printed: Printed) -> None:
    with pdfplumber.open(printed.laid_out) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    squeezed = [re.sub(r"\s+", "", text) for text in pages]
    assert "市住房和城乡建设局2026年第二季度政务公开重点工作进展情况报送表" in squeezed[0]
    assert "请于2026年7月10日前报送" in squeezed[0]
    for number, text in enumerate(squeezed, start=1):
        assert all(h in text for h in ("工作任务", "进展情况", "完成状态", "佐证材料")), number
        assert f"第{number}页共{len(pages)}页" in text
        assert "市住房和城乡建设局2026年第二季度" in text  # the footer says whose page it is
        assert "上季度" not in text and "部分科室报送不及时" not in text
    assert "单位主要负责同志审核签字" in squeezed[-1] and "填表说明" in "".join(squeezed)
    assert all(title[:8] in "".join(squeezed) for title in TITLES)
