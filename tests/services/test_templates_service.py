"""The quarterly fill-in templates: which units get one (``template_specs``) and the files
``write_templates`` leaves in the chosen folder.

Every unit that owes reports gets one template in register order, a group with members is
replaced by its members, last quarter's answers ride along in a grey last column, a cancelled run
leaves nothing behind, files get the permissions the user's umask gives, and every written file
reads back to its plan, period, unit and tasks.
"""

from __future__ import annotations

import os
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.db import Database
from gkdesk.errors import CancelledError, NotFoundError, UserError
from gkdesk.importers.returned_xlsx import read_returned
from gkdesk.records import ReportFields, TemplateSpec
from gkdesk.services.collect import collect
from gkdesk.services.periods import open_period, set_closed
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.services.reports import list_reports, set_report
from gkdesk.services.templates import template_specs, write_templates
from gkdesk.services.units import add_alias, list_units, merge_units, set_group_members, update_unit
from tests.reporting_helpers import fill, layout, task_rows

PERIOD = "2021Q1"
SHEET = "进展情况报送表"
TITLE = "示范市2021年政务公开工作要点"

# A table with 完成时限, as many offices print their 工作要点.
PLAN = (
    f"{TITLE}\n"
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    "一、推进决策公开\t\t\t\t\n"
    "1\t做好重大决策预公开。重大决策出台前公开征求意见。\t市司法局\t各县市区人民政府\t2021年6月底前\n"
    "2\t做好政策解读。政策文件与解读材料同步发布。\t市政府办公室\t市发改委、市财政局\t长期坚持\n"
    "二、加强平台建设\t\t\t\t\n"
    "3\t加强政府网站管理。开展常态化监测。\t市政府办公室、市大数据中心\t\t\n"
)
# The register's order: the order the units were first printed.
UNITS = ["市司法局", "各县市区人民政府", "市政府办公室", "市发改委", "市财政局", "市大数据中心"]
# unit → its rows as (code, role, lead_names, deadline)
ROWS = {
    "市司法局": [("1", "lead", "市司法局", "2021年6月底前")],
    "各县市区人民政府": [("1", "co", "市司法局", "2021年6月底前")],
    "市政府办公室": [
        ("2", "lead", "市政府办公室", "长期坚持"),
        ("3", "lead", "市政府办公室、市大数据中心", ""),
    ],
    "市发改委": [("2", "co", "市政府办公室", "长期坚持")],
    "市财政局": [("2", "co", "市政府办公室", "长期坚持")],
    "市大数据中心": [("3", "lead", "市政府办公室、市大数据中心", "")],
}
COUNTIES = ["冷水滩区人民政府", "零陵区人民政府"]


@pytest.fixture
def plan_id(database: Database, tmp_path: Path) -> int:
    """The three-task plan of 2021 with 2021Q1 open (deadline 2021-04-15)."""
    path = tmp_path / "要点.txt"
    path.write_text(PLAN, encoding="utf-8")
    pid = import_plan(database, path, year=2021).plan_id
    open_period(database, PERIOD, date(2021, 4, 15))
    return pid


def file_name(unit: str, period: str = PERIOD) -> str:
    return f"{unit}-{period}-进展情况报送表.xlsx"


def rows_of(spec: TemplateSpec) -> list[tuple[str, str, str, str]]:
    return [(r.code, r.role, r.lead_names, r.deadline) for r in spec.rows]


def entries(folder: Path) -> list[str]:
    """Everything in ``folder``, hidden entries included."""
    return sorted(p.name for p in folder.iterdir())


# --- who gets a template, with what --------------------------------------------------------------


def test_one_spec_per_unit_owing_reports_in_register_order(database: Database, plan_id: int) -> None:
    specs = template_specs(database, PERIOD)
    assert [s.unit_name for s in specs] == UNITS
    ids = {u.name: u.id for u in list_units(database)}
    tasks = {t.seq: t for t in list_tasks(database, plan_id)}
    for spec in specs:
        assert (spec.plan_id, spec.plan_title, spec.year, spec.quarter) == (plan_id, TITLE, 2021, 1)
        assert spec.period_code == PERIOD
        assert spec.unit_id == ids[spec.unit_name]
        assert spec.deadline == "2021-04-15"
        assert spec.previous_period == ""
        assert rows_of(spec) == ROWS[spec.unit_name], spec.unit_name
        for row in spec.rows:
            task = tasks[int(row.code)]
            assert (row.task_id, row.title, row.section) == (task.id, task.title, task.section)
            assert row.previous is None
    assert tasks[1].title == "做好重大决策预公开" and tasks[1].section == "一、推进决策公开"


def test_the_register_order_decides_the_order_of_templates(database: Database, plan_id: int) -> None:
    update_unit(database, "市大数据中心", order=0)
    update_unit(database, "市司法局", order=99)
    names = [s.unit_name for s in template_specs(database, PERIOD)]
    assert names == ["市大数据中心", "各县市区人民政府", "市政府办公室", "市发改委", "市财政局", "市司法局"]


def test_a_group_with_members_is_replaced_by_its_members(database: Database, plan_id: int) -> None:
    set_group_members(database, "各县市区人民政府", COUNTIES)
    specs = {s.unit_name: s for s in template_specs(database, PERIOD)}
    assert list(specs) == [u for u in UNITS if u != "各县市区人民政府"] + COUNTIES
    for county in COUNTIES:
        assert rows_of(specs[county]) == [("1", "co", "市司法局", "2021年6月底前")]
        assert specs[county].unit_id != specs["市司法局"].unit_id
    assert specs["冷水滩区人民政府"].unit_id != specs["零陵区人民政府"].unit_id


def test_a_unit_named_directly_and_through_its_group_gets_one_row_in_the_stronger_role(
    database: Database, plan_id: int
) -> None:
    set_group_members(database, "各县市区人民政府", ["市司法局", "冷水滩区人民政府"])
    specs = {s.unit_name: s for s in template_specs(database, PERIOD)}
    assert rows_of(specs["市司法局"]) == [("1", "lead", "市司法局", "2021年6月底前")]
    assert rows_of(specs["冷水滩区人民政府"]) == [("1", "co", "市司法局", "2021年6月底前")]


def test_unit_name_limits_the_specs_to_that_unit_and_accepts_an_alias(
    database: Database, plan_id: int
) -> None:
    (spec,) = template_specs(database, PERIOD, unit_name="市财政局")
    assert spec.unit_name == "市财政局" and rows_of(spec) == ROWS["市财政局"]
    add_alias(database, "财政局", "市财政局")
    assert template_specs(database, PERIOD, unit_name="财政局") == [spec]


def test_a_unit_without_tasks_in_this_plan_has_no_template(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    other_year = tmp_path / "2022要点.txt"
    other_year.write_text(
        "示范市2022年政务公开工作要点\n一、公开\n（一）审计公开。内容。（市审计局牵头）\n", encoding="utf-8"
    )
    import_plan(database, other_year, year=2022)
    with pytest.raises(NotFoundError) as caught:
        template_specs(database, PERIOD, unit_name="市审计局")
    assert "“市审计局”在本计划中没有任务" in caught.value.message
    with pytest.raises(NotFoundError) as caught:
        template_specs(database, PERIOD, unit_name="市不存在局")
    assert "单位名册中没有“市不存在局”" in caught.value.message
    # A group that has members reports through them, not itself.
    set_group_members(database, "各县市区人民政府", COUNTIES)
    with pytest.raises(NotFoundError):
        template_specs(database, PERIOD, unit_name="各县市区人民政府")
    # The 2021 plan's units are untouched by the 2022 plan.
    assert "市审计局" not in [s.unit_name for s in template_specs(database, PERIOD)]


def test_a_period_that_is_not_open_has_no_templates(database: Database, plan_id: int, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        template_specs(database, "2021Q2")
    out = tmp_path / "out"
    with pytest.raises(NotFoundError):
        write_templates(database, "2021Q2", out)
    assert not out.exists()  # nothing written, not even the folder


# --- last quarter's answers ------------------------------------------------------------------------

Q1_LEAD = ReportFields(
    status="已完成", progress="解读材料已同步发布。", problems="解读形式单一", next_steps="增加图解"
)
Q1_CO = ReportFields(status="按序时推进", progress="已配合提供材料。")


@pytest.fixture
def q2_open(database: Database, plan_id: int) -> int:
    """Q1 answered by three units (市政府办公室 corrected its answer once), closed; Q2 open."""

    def answer(seq: int, unit: str, fields: ReportFields) -> None:
        set_report(database, PERIOD, task_seq=seq, unit_name=unit, fields=fields, received=date(2021, 4, 12))

    answer(2, "市政府办公室", ReportFields(status="滞后", progress="初稿。"))
    answer(2, "市政府办公室", Q1_LEAD)  # the correction is what Q2 shows
    answer(2, "市发改委", Q1_CO)
    answer(1, "市司法局", ReportFields(status="未启动", progress="尚未启动。"))
    set_closed(database, PERIOD, True)
    open_period(database, "2021Q2", date(2021, 7, 15))
    return plan_id


def test_next_quarter_specs_carry_last_quarters_current_answers(database: Database, q2_open: int) -> None:
    specs = {s.unit_name: s for s in template_specs(database, "2021Q2")}
    office = specs["市政府办公室"]
    assert office.previous_period == "2021Q1"
    assert office.deadline == "2021-07-15" and office.quarter == 2
    assert [(r.code, r.previous) for r in office.rows] == [("2", Q1_LEAD), ("3", None)]
    assert [r.previous for r in specs["市发改委"].rows] == [Q1_CO]
    assert [r.previous for r in specs["市司法局"].rows] == [
        ReportFields(status="未启动", progress="尚未启动。")
    ]
    assert [r.previous for r in specs["市财政局"].rows] == [None]  # 市财政局 did not answer in Q1
    assert [r.previous for r in specs["市大数据中心"].rows] == [None]
    # Q1 has no quarter before it.
    assert all(r.previous is None for s in template_specs(database, PERIOD) for r in s.rows)
    assert {s.previous_period for s in template_specs(database, PERIOD)} == {""}


def test_last_quarters_answer_is_the_current_one_after_a_merge(database: Database, tmp_path: Path) -> None:
    """After merging, the answer received later stays current even though it was entered first."""
    path = tmp_path / "要点.txt"
    path.write_text(
        f"{TITLE}\n一、公开\n（一）乙任务。内容乙。（市发展改革委牵头，市发改委配合）\n", encoding="utf-8"
    )
    import_plan(database, path, year=2021)
    open_period(database, PERIOD, date(2021, 4, 15))
    newer = ReportFields(status="已完成", progress="4月14日报送：已完成。")
    older = ReportFields(status="滞后", progress="4月8日报送：滞后。")
    set_report(database, PERIOD, task_seq=1, unit_name="市发改委", fields=newer, received=date(2021, 4, 14))
    set_report(
        database, PERIOD, task_seq=1, unit_name="市发展改革委", fields=older, received=date(2021, 4, 8)
    )
    merge_units(database, "市发展改革委", "市发改委")
    open_period(database, "2021Q2", date(2021, 7, 15))
    (spec,) = template_specs(database, "2021Q2")
    assert spec.unit_name == "市发改委" and spec.previous_period == "2021Q1"
    assert [(r.role, r.previous) for r in spec.rows] == [("lead", newer)]


def test_the_written_file_shows_last_quarters_answer_in_the_grey_column(
    database: Database, q2_open: int, tmp_path: Path
) -> None:
    written = write_templates(database, "2021Q2", tmp_path / "q2")
    assert sorted(p.name for p in written) == sorted(file_name(u, "2021Q2") for u in UNITS)

    ws = load_workbook(tmp_path / "q2" / file_name("市政府办公室", "2021Q2"))[SHEET]
    header_row, header = layout(ws)
    previous = header["上季度填报情况（供参考）"]
    assert previous == 12  # after 备注, outside the printed columns
    rows = task_rows(ws)
    assert list(rows) == ["2", "3"]
    assert (
        ws.cell(rows["2"], previous).value
        == "【已完成】进展：解读材料已同步发布。问题：解读形式单一。下步：增加图解。"
    )
    assert ws.cell(rows["3"], previous).value in (None, "")  # task 3 was not answered in Q1

    ws = load_workbook(tmp_path / "q2" / file_name("市发改委", "2021Q2"))[SHEET]
    assert ws.cell(task_rows(ws)["2"], previous).value == "【按序时推进】进展：已配合提供材料。"

    # A unit with nothing from last quarter gets no grey column at all.
    ws = load_workbook(tmp_path / "q2" / file_name("市财政局", "2021Q2"))[SHEET]
    assert ws.max_column == 11
    assert ws.cell(header_row, 11).value == "备注" and ws.cell(header_row, 12).value is None


def test_a_template_with_last_quarters_column_is_collected_as_this_quarters_answer(
    database: Database, q2_open: int, tmp_path: Path
) -> None:
    (template,) = write_templates(database, "2021Q2", tmp_path / "q2", unit_name="市政府办公室")
    filled = fill(
        template,
        lambda code, title: {"status": "按序时推进", "progress": f"第{code}项二季度进展。"},
        tmp_path / template.name,
    )
    (result,) = collect(database, "2021Q2", [filled], received=date(2021, 7, 10))
    assert result.result == "accepted", result
    q2 = list_reports(database, "2021Q2")
    assert [(r.seq, r.unit, r.fields.progress) for r in q2] == [
        (2, "市政府办公室", "第2项二季度进展。"),
        (3, "市政府办公室", "第3项二季度进展。"),
    ]
    # Q1's answer is untouched by Q2's.
    assert [r.fields for r in list_reports(database, PERIOD, unit_name="市政府办公室")] == [Q1_LEAD]


# --- writing the files -----------------------------------------------------------------------------


def test_write_templates_writes_one_named_file_per_unit(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "下发" / "2021Q1"  # created, parents too
    written = write_templates(database, PERIOD, out)
    assert [p.name for p in written] == [file_name(u) for u in UNITS]
    assert all(p.parent == out and p.is_file() for p in written)
    assert entries(out) == sorted(file_name(u) for u in UNITS)  # no staging folder left behind
    ws = load_workbook(out / file_name("市政府办公室"))[SHEET]
    assert str(ws.cell(1, 1).value).startswith("市政府办公室2021年第一季度")
    rows = task_rows(ws)
    assert list(rows) == ["2", "3"]
    _, header = layout(ws)
    assert [ws.cell(rows["2"], header[h]).value for h in ("责任类型", "牵头单位", "完成时限")] == [
        "牵头",
        "市政府办公室",
        "长期坚持",
    ]


@pytest.mark.skipif(not hasattr(os, "umask") or os.name == "nt", reason="POSIX file modes")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_get_the_mode_the_umask_gives(
    database: Database, plan_id: int, tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        files = write_templates(database, PERIOD, tmp_path / "out", unit_name="市财政局")
        (archive,) = write_templates(database, PERIOD, tmp_path / "zip", as_zip=True)
    finally:
        os.umask(old)
    assert [stat.S_IMODE(p.stat().st_mode) for p in [*files, archive]] == [mode, mode]


def test_write_templates_for_one_unit_writes_one_file(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    written = write_templates(database, PERIOD, tmp_path, unit_name="市财政局")
    assert written == [tmp_path / file_name("市财政局")]
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == [file_name("市财政局")]


def test_writing_again_replaces_the_earlier_files(database: Database, plan_id: int, tmp_path: Path) -> None:
    write_templates(database, PERIOD, tmp_path / "out")
    update_unit(database, "市司法局", order=99)
    written = write_templates(database, PERIOD, tmp_path / "out")
    assert len(written) == len(UNITS)
    assert entries(tmp_path / "out") == sorted(file_name(u) for u in UNITS)


def test_as_zip_writes_one_archive_holding_every_template(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (archive,) = write_templates(database, PERIOD, out, as_zip=True)
    assert archive.parent == out and archive.suffix == ".zip"
    assert "2021Q1" in archive.name and f"{len(UNITS)}个单位" in archive.name
    assert entries(out) == [archive.name]  # the .xlsx files are inside, not beside it
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        assert sorted(zf.namelist()) == sorted(file_name(u) for u in UNITS)
        zf.extract(file_name("市发改委"), tmp_path / "unzipped")
    returned = read_returned(tmp_path / "unzipped" / file_name("市发改委"))
    assert returned.unit_name == "市发改委" and returned.checksum_ok


def test_progress_is_reported_once_per_unit_with_increasing_counts(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    calls: list[tuple[int, int, str]] = []
    write_templates(
        database, PERIOD, tmp_path / "out", progress=lambda d, t, label: calls.append((d, t, label))
    )
    assert calls == [(i, len(UNITS), unit) for i, unit in enumerate(UNITS, start=1)]


@pytest.mark.parametrize("as_zip", [False, True])
def test_cancelling_after_the_second_file_leaves_nothing_behind(
    database: Database, plan_id: int, tmp_path: Path, as_zip: bool
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "说明.txt").write_text("以前就在这里", encoding="utf-8")
    calls: list[int] = []
    with pytest.raises(CancelledError):
        write_templates(
            database,
            PERIOD,
            out,
            as_zip=as_zip,
            progress=lambda done, total, label: calls.append(done),
            cancelled=lambda: len(calls) >= 2,
        )
    assert calls == [1, 2]  # two files were written before the user cancelled
    assert entries(out) == ["说明.txt"]  # no .xlsx, no .zip, no staging folder
    assert (out / "说明.txt").read_text(encoding="utf-8") == "以前就在这里"


def test_cancelling_before_the_first_file_writes_nothing(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    calls: list[int] = []
    with pytest.raises(CancelledError):
        write_templates(
            database,
            PERIOD,
            tmp_path / "out",
            progress=lambda done, total, label: calls.append(done),
            cancelled=lambda: True,
        )
    assert calls == []
    assert entries(tmp_path / "out") == []


def test_a_folder_that_cannot_be_created_is_a_user_error(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    blocker = tmp_path / "模板.txt"
    blocker.write_text("一个文件，不是文件夹", encoding="utf-8")
    for out in (blocker / "2021Q1", blocker):
        with pytest.raises(UserError) as caught:
            write_templates(database, PERIOD, out)
        assert caught.value.code == "bad_folder"
        assert "无法创建文件夹" in caught.value.message and str(out) in caught.value.message
    assert blocker.read_text(encoding="utf-8") == "一个文件，不是文件夹"
    assert not list(tmp_path.rglob("*.xlsx")) and not list(tmp_path.rglob(".gkdesk-*"))


@pytest.mark.parametrize("as_zip", [False, True])
def test_units_whose_names_differ_only_in_forbidden_characters_each_get_a_template(
    database: Database, plan_id: int, tmp_path: Path, as_zip: bool
) -> None:
    # Both names become "A_县" in a file name; neither template may overwrite the other.
    set_group_members(database, "各县市区人民政府", ["A:县", "A?县"])
    out = tmp_path / "out"
    written = write_templates(database, PERIOD, out, as_zip=as_zip)
    if as_zip:
        (archive,) = written
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            zf.extractall(tmp_path / "unzipped")
        written = [tmp_path / "unzipped" / name for name in names]
    assert len({p.name.casefold() for p in written}) == len(written) == len(UNITS) - 1 + 2
    units = [read_returned(p).unit_name for p in written]
    assert sorted(u or "" for u in units) == sorted(
        [u for u in UNITS if u != "各县市区人民政府"] + ["A:县", "A?县"]
    )


# --- reading the templates back --------------------------------------------------------------------


def test_every_written_template_reads_back_to_its_plan_period_unit_and_tasks(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    set_group_members(database, "各县市区人民政府", COUNTIES)
    specs = {s.unit_name: s for s in template_specs(database, PERIOD)}
    written = write_templates(database, PERIOD, tmp_path / "out")
    assert len(written) == len(specs) == 7
    task_ids = {t.seq: t.id for t in list_tasks(database, plan_id)}
    seen_tasks: set[int] = set()
    for path in written:
        returned = read_returned(path)
        spec = specs[returned.unit_name or ""]
        assert returned.identified_by == "hidden"
        assert returned.checksum_ok is True
        assert returned.warnings == ()
        assert (returned.plan_id, returned.period_code, returned.unit_id) == (plan_id, PERIOD, spec.unit_id)
        assert returned.expected == tuple((r.code, r.task_id) for r in spec.rows)
        assert [(r.code, r.task_id) for r in returned.rows] == [(r.code, r.task_id) for r in spec.rows]
        assert all(r.fields.blank for r in returned.rows)
        for code, task_id in returned.expected:
            assert task_ids[int(code)] == task_id
            seen_tasks.add(task_id)
    assert seen_tasks == set(task_ids.values())
