"""Collecting returned files: every bad input is a clear per-file refusal and stores nothing.

Covers what the end-to-end quarter does not: Excel lock files, .xls, corrupt, empty and
password-protected files, another period's or another plan's template, an edited hidden sheet,
blank templates, deleted rows, bad cells, ``partial``, closed periods, cancelling, and text
starting with "=" going back out as text in next quarter's template.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import msoffcrypto  # type: ignore[import-untyped]
import msoffcrypto.format.ooxml  # the package does not load its submodules itself
import pytest
from openpyxl import load_workbook

from gkdesk.db import Database
from gkdesk.errors import CancelledError
from gkdesk.records import ReportFields
from gkdesk.services.collect import collect
from gkdesk.services.periods import open_period, set_closed
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import list_reports, set_report
from gkdesk.services.templates import write_templates
from tests.helpers import row_counts
from tests.reporting_helpers import FORMULA, fill, layout, task_rows, unmerge_below

PLAN = """\
示范市2021年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市发改委配合）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发改委、市财政局配合）
二、加强平台建设
（一）加强政府网站管理。开展常态化监测。（市政府办公室牵头，市大数据中心配合）
"""


def ok(code: str, title: str) -> dict[str, str]:
    return {"status": "按序时推进", "progress": f"第{code}项已推进", "problems": "无"}


@pytest.fixture
def quarter(database: Database, tmp_path: Path) -> Path:
    """A plan for 2021 with 2021Q1 open (deadline 2021-04-15) and every unit's template written."""
    src = tmp_path / "plan2021.txt"
    src.write_text(PLAN, encoding="utf-8")
    import_plan(database, src)
    open_period(database, "2021Q1", date(2021, 4, 15))
    out = tmp_path / "templates"
    write_templates(database, "2021Q1", out)
    return out


def template(folder: Path, unit: str, period: str = "2021Q1") -> Path:
    return folder / f"{unit}-{period}-进展情况报送表.xlsx"


def collect_one(database: Database, path: Path, **kw: object) -> tuple[str, tuple[str, ...]]:
    (result,) = collect(database, "2021Q1", [path], received=date(2021, 4, 15), **kw)  # type: ignore[arg-type]
    return result.result, result.errors


def test_a_good_file_is_accepted_and_stored(database: Database, quarter: Path) -> None:
    path = fill(template(quarter, "市发改委"), ok)
    assert collect_one(database, path) == ("accepted", ())
    rows = list_reports(database, "2021Q1", unit_name="市发改委")
    assert [(r.seq, r.fields.progress, r.role) for r in rows] == [
        (1, "第1项已推进", "co"),
        (2, "第2项已推进", "co"),
    ]
    assert {r.source for r in rows} == {path.name} and {r.received_on for r in rows} == {"2021-04-15"}


BAD_FILES = {
    "~$市发改委-2021Q1-进展情况报送表.xlsx": (b"\x00" * 165, "锁定"),
    "市发改委.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "xlsx"),
    "市发改委-空.xlsx": (b"", "空"),
    "市发改委-坏.xlsx": (b"PK\x03\x04 this is not really a zip file", "损坏"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_unreadable_files_are_refused_with_a_clear_message(
    database: Database, quarter: Path, tmp_path: Path, name: str
) -> None:
    data, word = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = row_counts(database)
    result, errors = collect_one(database, path)
    assert result == "refused"
    assert len(errors) == 1 and word in errors[0] and "Traceback" not in errors[0]
    assert row_counts(database) == before


def test_password_protected_file_is_refused(database: Database, quarter: Path, tmp_path: Path) -> None:
    plain = fill(template(quarter, "市发改委"), ok)
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(plain.read_bytes())).encrypt("1234", encrypted)
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(encrypted.getvalue())
    result, errors = collect_one(database, locked)
    assert result == "refused" and "密码" in errors[0]


def test_another_periods_template_is_refused(database: Database, quarter: Path, tmp_path: Path) -> None:
    open_period(database, "2021Q2", date(2021, 7, 15))
    q2 = tmp_path / "q2"
    write_templates(database, "2021Q2", q2, unit_name="市发改委")
    path = fill(template(q2, "市发改委", "2021Q2"), ok)
    before = row_counts(database)
    result, errors = collect_one(database, path)
    assert result == "refused" and "第二季度" in errors[0] and "第一季度" in errors[0]
    assert row_counts(database) == before


def test_another_plans_template_is_refused(database: Database, quarter: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(PLAN.replace("示范市", "另一市").replace("开展常态化监测", "开展监测"), encoding="utf-8")
    other_plan = import_plan(database, other, year=2022).plan_id
    open_period(database, "2022Q1", date(2022, 4, 15), plan_id=other_plan)
    out = tmp_path / "other-templates"
    write_templates(database, "2022Q1", out, unit_name="市发改委")
    path = fill(template(out, "市发改委", "2022Q1"), ok)
    renamed = path.rename(tmp_path / "市发改委-2021Q1-进展情况报送表.xlsx")
    result, errors = collect_one(database, renamed)
    assert result == "refused" and "另一市" in errors[0]


def test_an_edited_hidden_sheet_is_caught(database: Database, quarter: Path) -> None:
    path = fill(template(quarter, "市发改委"), ok)
    wb = load_workbook(path)
    ws = wb["_gkdesk"]
    for row in ws.iter_rows(min_row=1, max_row=10):
        if row[0].value == "unit_name":
            row[1].value = "市财政局"  # someone "re-addresses" the file
    wb.save(path)
    result, errors = collect_one(database, path)
    assert result == "refused" and "隐藏信息被改动" in errors[0]


def test_a_blank_template_is_refused_once_not_row_by_row(database: Database, quarter: Path) -> None:
    result, errors = collect_one(database, template(quarter, "市政府办公室"))
    assert (result, errors) == ("refused", ("报送表是空白的，没有填写任何内容。",))


def test_cell_problems_are_listed_row_by_row_and_nothing_is_stored(database: Database, quarter: Path) -> None:
    def answers(code: str, title: str) -> dict[str, str]:
        if code == "2":
            return {"status": "差不多", "progress": "x" * 3001}
        return {"status": "", "progress": FORMULA + "=1+1"}

    path = fill(template(quarter, "市政府办公室"), answers)
    before = row_counts(database)
    result, errors = collect_one(database, path)
    assert result == "refused"
    text = "\n".join(errors)
    # Rows as numbered in the sheet: tasks 2 and 3 are in two sections, each under its band row.
    assert "第 6 行（第 2 项任务）" in text and "差不多" in text and "超过 3000 字" in text
    assert "第 8 行（第 3 项任务）" in text and "公式" in text and "未选择完成状态" in text
    assert row_counts(database) == before


def test_a_deleted_row_and_a_foreign_row_are_refused(database: Database, quarter: Path) -> None:
    path = fill(template(quarter, "市政府办公室"), ok)
    wb = load_workbook(path)
    ws = wb["进展情况报送表"]
    rows = task_rows(ws)
    _, header = layout(ws)
    unmerge_below(ws, rows["3"] - 1)
    ws.delete_rows(rows["3"])  # task 3 is gone
    ws.cell(rows["2"], header["任务编号"]).value = "1"  # and task 2's row claims task 1 (not this unit's)
    wb.save(path)
    result, errors = collect_one(database, path)
    text = "\n".join(errors)
    assert result == "refused"
    assert "缺少第 3 项任务" in text


def test_partial_stores_the_good_rows_and_reports_the_rest(database: Database, quarter: Path) -> None:
    def answers(code: str, title: str) -> dict[str, str]:
        return ok(code, title) if code == "2" else {"status": "已完成", "progress": ""}

    path = fill(template(quarter, "市政府办公室"), answers)
    result, errors = collect_one(database, path, partial=True)
    assert result == "accepted" and len(errors) == 1 and "未填写进展情况" in errors[0]
    rows = {r.seq: r.fields for r in list_reports(database, "2021Q1", unit_name="市政府办公室")}
    # The incomplete row is kept (as incomplete) so the office sees what did arrive.
    assert rows[2].progress == "第2项已推进" and rows[3] == ReportFields(status="已完成")


def test_a_closed_period_refuses_files(database: Database, quarter: Path) -> None:
    set_closed(database, "2021Q1", True)
    result, errors = collect_one(database, fill(template(quarter, "市发改委"), ok))
    assert result == "refused" and "已关闭" in errors[0]


def test_cancelling_undoes_the_whole_batch(database: Database, quarter: Path) -> None:
    files = [fill(template(quarter, u), ok) for u in ("市发改委", "市财政局", "市司法局")]
    before = row_counts(database)
    seen: list[int] = []
    with pytest.raises(CancelledError):
        collect(
            database,
            "2021Q1",
            files,
            progress=lambda done, total, label: seen.append(done),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen == [1, 2]
    assert row_counts(database) == before


def test_same_file_twice_and_a_newer_file(database: Database, quarter: Path, tmp_path: Path) -> None:
    first = fill(template(quarter, "市财政局"), ok)
    copy = tmp_path / "市财政局-再发一次.xlsx"
    shutil.copy(first, copy)
    assert collect_one(database, first)[0] == "accepted"
    assert collect_one(database, copy)[0] == "unchanged"
    newer = fill(
        template(quarter, "市财政局"), lambda c, t: {**ok(c, t), "status": "已完成", "evidence": "a.pdf"}
    )
    assert collect_one(database, newer)[0] == "replaced"
    history = list_reports(database, "2021Q1", unit_name="市财政局", history=True)
    assert [(r.version, r.fields.status) for r in history] == [(1, "按序时推进"), (2, "已完成")]
    # The old file arriving again must not undo the correction.
    assert collect_one(database, copy)[0] == "unchanged"
    (current,) = list_reports(database, "2021Q1", unit_name="市财政局")
    assert current.fields.status == "已完成"


def test_text_like_a_formula_goes_back_out_as_text(database: Database, quarter: Path, tmp_path: Path) -> None:
    tricky = ['=HYPERLINK("http://x")', "+86 电话", "-无-", "@全体"]
    set_report(
        database,
        "2021Q1",
        task_seq=1,
        unit_name="市发改委",
        fields=ReportFields(
            status="按序时推进",
            progress=tricky[0],
            problems=tricky[1],
            next_steps=tricky[2],
            remarks=tricky[3],
        ),
    )
    (row,) = list_reports(database, "2021Q1", unit_name="市发改委")
    assert [row.fields.progress, row.fields.problems, row.fields.next_steps, row.fields.remarks] == tricky
    open_period(database, "2021Q2", date(2021, 7, 15))
    out = tmp_path / "q2"
    (path,) = write_templates(database, "2021Q2", out, unit_name="市发改委")
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"<f>" not in zf.read(n) for n in sheets)
    ws = load_workbook(path)["进展情况报送表"]
    column = layout(ws)[1]["上季度填报情况（供参考）"]
    previous = [
        c.value for (c,) in ws.iter_rows(min_col=column, max_col=column) if "HYPERLINK" in str(c.value)
    ]
    assert previous and all(not v.startswith("=") for v in previous)  # shown inside reference text


def test_a_folder_is_searched_and_other_files_ignored(
    database: Database, quarter: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox" / "邮件附件"
    inbox.mkdir(parents=True)
    fill(template(quarter, "市发改委"), ok, inbox / "发改委回执.xlsx")
    (inbox / "佐证材料.pdf").write_bytes(b"%PDF-1.4")
    results = collect(database, "2021Q1", [tmp_path / "inbox"], received=date(2021, 4, 14))
    assert [(r.file, r.unit, r.result) for r in results] == [("发改委回执.xlsx", "市发改委", "accepted")]
