"""Who owes a report, who has not sent it or sent it late, and each task's 红黄绿 state.

Every test builds a small 工作要点 as text, imports it, opens a quarter and enters reports by
hand (``set_report``), so each rule of ``obligations``, ``missing`` and ``task_states`` is seen
on its own. The reporting deadline of 2021Q1 is Thursday 2021-04-15 unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from gkdesk.db import Database
from gkdesk.errors import ConflictError, NotFoundError
from gkdesk.models import Period, Report, Submission, Task, TaskUnit, Unit
from gkdesk.records import ReportFields, TaskStatus
from gkdesk.services.obligations import obligations
from gkdesk.services.periods import list_periods, open_period
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.services.reports import list_reports, set_report
from gkdesk.services.settings import set_setting
from gkdesk.services.tracking import missing, task_states
from gkdesk.services.units import set_group_members, update_unit

GROUP = "各县市区人民政府"
COUNTIES = ["甲县人民政府", "乙县人民政府"]
DEADLINE = date(2021, 4, 15)  # a Thursday
BEFORE = date(2021, 4, 10)  # inside the reporting window
AFTER = date(2021, 4, 16)  # the day after the reporting deadline

# Register order (first appearance): 市发改委 1, 市财政局 2, 各县市区人民政府 3, 市商务局 4.
PLAN = """\
某市2021年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（市发改委牵头，市财政局配合）
（二）乙任务。做好乙项工作。（市财政局牵头，各县市区人民政府配合）
（三）丙任务。做好丙项工作。（市商务局牵头）
"""


def make_plan(
    db: Database, tmp_path: Path, body: str = PLAN, *, year: int = 2021, name: str = "要点.txt"
) -> int:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return import_plan(db, path, year=year).plan_id


def report(
    db: Database,
    seq: int,
    unit: str,
    status: str = "按序时推进",
    *,
    received: date = BEFORE,
    period: str = "2021Q1",
    progress: str = "",
) -> None:
    set_report(
        db,
        period,
        task_seq=seq,
        unit_name=unit,
        fields=ReportFields(status=status, progress=progress or f"{unit}第{seq}项：{status}。"),
        received=received,
    )


def set_deadline(db: Database, plan_id: int, seq: int, day: date | None) -> None:
    with db.unit_of_work() as uow:
        task = uow.session.scalars(select(Task).where(Task.plan_id == plan_id, Task.seq == seq)).one()
        task.deadline_date = day
        uow.commit()


def deactivate(db: Database, name: str) -> None:
    with db.unit_of_work() as uow:
        uow.session.scalars(select(Unit).where(Unit.name == name)).one().active = False
        uow.commit()


def states(db: Database, as_of: date, period: str = "2021Q1") -> dict[int, TaskStatus]:
    return {s.seq: s for s in task_states(db, period, as_of=as_of)}


def duties(db: Database, plan_id: int) -> dict[str, list[tuple[int, str]]]:
    """Unit name → [(seq, role)], in register order."""
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        owed = obligations(s, plan_id)
        names = {u.id: u.name for u in s.scalars(select(Unit))}
        return {names[u]: [(d.seq, d.role) for d in ds] for u, ds in owed.items()}


@pytest.fixture
def office(database: Database, tmp_path: Path) -> int:
    """PLAN imported, the county group given two members, 2021Q1 open until 2021-04-15."""
    plan_id = make_plan(database, tmp_path)
    set_group_members(database, GROUP, COUNTIES)
    open_period(database, "2021Q1", DEADLINE)
    return plan_id


# --------------------------------------------------------------------------- obligations


def test_group_with_members_stands_for_them_and_owes_nothing_itself(database: Database, office: int) -> None:
    owed = duties(database, office)
    assert GROUP not in owed
    assert owed == {
        "市发改委": [(1, "lead")],
        "市财政局": [(1, "co"), (2, "lead")],
        "市商务局": [(3, "lead")],
        "甲县人民政府": [(2, "co")],
        "乙县人民政府": [(2, "co")],
    }
    with pytest.raises(ConflictError):
        report(database, 2, GROUP)


def test_group_without_members_reports_itself(database: Database, tmp_path: Path) -> None:
    plan_id = make_plan(database, tmp_path)
    open_period(database, "2021Q1", DEADLINE)
    assert duties(database, plan_id)[GROUP] == [(2, "co")]
    assert missing(database, "2021Q1").missing == (
        ("市发改委", (1,)),
        ("市财政局", (1, 2)),
        (GROUP, (2,)),
        ("市商务局", (3,)),
    )
    report(database, 2, GROUP)
    assert (GROUP, (2,)) not in missing(database, "2021Q1").missing


LEAD_AND_GROUP = """\
某市2021年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（甲县人民政府牵头，各县市区人民政府配合）
（二）乙任务。做好乙项工作。（各县市区人民政府牵头，甲县人民政府配合）
"""


def test_unit_named_as_lead_and_through_a_group_owes_one_report_as_lead(
    database: Database, tmp_path: Path
) -> None:
    plan_id = make_plan(database, tmp_path, LEAD_AND_GROUP)
    set_group_members(database, GROUP, COUNTIES)
    open_period(database, "2021Q1", DEADLINE)
    owed = duties(database, plan_id)
    assert owed["甲县人民政府"] == [(1, "lead"), (2, "lead")]
    assert owed["乙县人民政府"] == [(1, "co"), (2, "lead")]
    assert missing(database, "2021Q1").missing == (
        ("甲县人民政府", (1, 2)),
        ("乙县人民政府", (1, 2)),
    )
    assert list_periods(database)[0].units_expected == 2
    set_report(
        database,
        "2021Q1",
        task_seq=1,
        unit_name="甲县人民政府",
        fields=ReportFields(status="已完成", progress="已完成。"),
        received=BEFORE,
    )
    (row,) = list_reports(database, "2021Q1", unit_name="甲县人民政府")
    assert row.role == "lead"


def test_stronger_role_wins_whichever_link_comes_first(database: Database, tmp_path: Path) -> None:
    plan_id = make_plan(database, tmp_path, LEAD_AND_GROUP)
    set_group_members(database, GROUP, COUNTIES)
    # Put the cooperating link of task 2 before the group's lead link.
    with database.unit_of_work() as uow:
        s = uow.session
        task = s.scalars(select(Task).where(Task.plan_id == plan_id, Task.seq == 2)).one()
        for link in s.scalars(select(TaskUnit).where(TaskUnit.task_id == task.id)):
            link.position = 9 if link.role == "lead" else 0
        uow.commit()
    assert duties(database, plan_id)["甲县人民政府"] == [(1, "lead"), (2, "lead")]


def test_inactive_units_owe_nothing(database: Database, office: int) -> None:
    deactivate(database, "乙县人民政府")
    deactivate(database, "市商务局")
    owed = duties(database, office)
    assert "乙县人民政府" not in owed and "市商务局" not in owed
    assert missing(database, "2021Q1").missing == (
        ("市发改委", (1,)),
        ("市财政局", (1, 2)),
        ("甲县人民政府", (2,)),
    )
    with pytest.raises(ConflictError):
        report(database, 3, "市商务局")


def test_nested_groups_expand_to_their_members_and_cycles_end(database: Database, office: int) -> None:
    set_group_members(database, GROUP, ["东片区"])
    set_group_members(database, "东片区", ["丙县人民政府", GROUP])  # a loop back to the outer group
    owed = duties(database, office)
    assert "东片区" not in owed and GROUP not in owed
    assert owed["丙县人民政府"] == [(2, "co")]
    assert [u for u, ds in owed.items() if (2, "co") in ds] == [
        "甲县人民政府",
        "乙县人民政府",
        "丙县人民政府",
    ]


# --------------------------------------------------------------------------- missing


def test_units_without_any_report_are_listed_in_register_order(database: Database, office: int) -> None:
    result = missing(database, "2021Q1")
    assert result.missing == (
        ("市发改委", (1,)),
        ("市财政局", (1, 2)),
        ("市商务局", (3,)),
        ("甲县人民政府", (2,)),
        ("乙县人民政府", (2,)),
    )
    assert result.late == () and result.incomplete == ()


def test_register_order_not_plan_order_decides_the_listing(database: Database, office: int) -> None:
    update_unit(database, "乙县人民政府", order=0)
    update_unit(database, "市发改委", order=99)
    units = [u for u, _ in missing(database, "2021Q1").missing]
    assert units == ["乙县人民政府", "市财政局", "市商务局", "甲县人民政府", "市发改委"]


def test_unit_that_reported_some_tasks_lists_only_the_rest(database: Database, office: int) -> None:
    report(database, 2, "市财政局")
    report(database, 3, "市商务局")
    assert missing(database, "2021Q1").missing == (
        ("市发改委", (1,)),
        ("市财政局", (1,)),
        ("甲县人民政府", (2,)),
        ("乙县人民政府", (2,)),
    )


def test_everyone_reported_means_nothing_missing(database: Database, office: int) -> None:
    for seq, unit in [(1, "市发改委"), (1, "市财政局"), (2, "市财政局"), (3, "市商务局")]:
        report(database, seq, unit)
    for county in COUNTIES:
        report(database, 2, county)
    result = missing(database, "2021Q1")
    assert result.to_json() == {"missing": [], "late": [], "incomplete": []}


def test_late_units_are_counted_in_working_days(database: Database, office: int) -> None:
    report(database, 1, "市发改委", received=date(2021, 4, 19))  # Monday: Fri + Mon
    report(database, 1, "市财政局", received=date(2021, 4, 17))  # Saturday: Friday was lost
    report(database, 3, "市商务局", received=DEADLINE)  # on the day
    report(database, 2, "甲县人民政府", received=date(2021, 4, 16))  # Friday
    report(database, 2, "乙县人民政府", received=date(2021, 4, 1))  # early
    assert missing(database, "2021Q1").late == (("市发改委", 2), ("市财政局", 1), ("甲县人民政府", 1))


def test_arriving_on_a_weekend_after_a_friday_deadline_is_not_late(database: Database, office: int) -> None:
    open_period(database, "2021Q1", date(2021, 4, 16))  # move the deadline to Friday
    report(database, 1, "市发改委", received=date(2021, 4, 17))  # Saturday
    report(database, 3, "市商务局", received=date(2021, 4, 18))  # Sunday
    report(database, 1, "市财政局", received=date(2021, 4, 19))  # Monday
    assert missing(database, "2021Q1").late == (("市财政局", 1),)


def test_lateness_across_the_national_day_holiday(database: Database, office: int) -> None:
    open_period(database, "2021Q3", date(2021, 9, 30))
    report(database, 1, "市发改委", period="2021Q3", received=date(2021, 10, 9))  # Oct 8 + 调休 Sat Oct 9
    report(database, 1, "市财政局", period="2021Q3", received=date(2021, 10, 7))  # holiday all along
    report(database, 3, "市商务局", period="2021Q3", received=date(2021, 10, 8))
    assert missing(database, "2021Q3").late == (("市发改委", 2), ("市商务局", 1))
    # The other quarter is untouched.
    assert missing(database, "2021Q1").late == ()


def test_a_later_correction_does_not_make_an_on_time_unit_late(database: Database, office: int) -> None:
    report(database, 3, "市商务局", "按序时推进", received=DEADLINE)
    report(database, 3, "市商务局", "已完成", received=date(2021, 4, 22))
    history = list_reports(database, "2021Q1", unit_name="市商务局", history=True)
    assert [r.version for r in history] == [1, 2]
    assert missing(database, "2021Q1").late == ()


def test_incomplete_is_empty_for_complete_reports(database: Database, office: int) -> None:
    report(database, 3, "市商务局")
    assert missing(database, "2021Q1").incomplete == ()


def _store_blank_report(db: Database, seq: int, unit: str, *, status: str, progress: str) -> None:
    """A report with a required cell empty, as a partially accepted file can leave it."""
    with db.unit_of_work() as uow:
        s = uow.session
        period = s.scalars(select(Period)).one()
        task = s.scalars(select(Task).where(Task.plan_id == period.plan_id, Task.seq == seq)).one()
        u = s.scalars(select(Unit).where(Unit.name == unit)).one()
        sub = Submission(
            period_id=period.id, unit_id=u.id, kind="file", file_name="x.xlsx", received_on=BEFORE
        )
        s.add(sub)
        s.add(
            Report(
                period_id=period.id,
                task_id=task.id,
                unit_id=u.id,
                submission=sub,
                role="lead",
                status=status,
                progress=progress,
                received_on=BEFORE,
            )
        )
        uow.commit()


def test_reports_with_an_empty_status_or_progress_are_incomplete_not_missing(
    database: Database, office: int
) -> None:
    _store_blank_report(database, 3, "市商务局", status="按序时推进", progress="")
    _store_blank_report(database, 2, "市财政局", status="", progress="已推进。")
    result = missing(database, "2021Q1")
    assert result.incomplete == (("市财政局", (2,)), ("市商务局", (3,)))
    assert ("市商务局", (3,)) not in result.missing
    assert ("市财政局", (1,)) in result.missing


def test_missing_json_has_exactly_the_documented_shape(database: Database, office: int) -> None:
    report(database, 1, "市发改委", received=date(2021, 4, 19))
    report(database, 1, "市财政局")
    _store_blank_report(database, 3, "市商务局", status="按序时推进", progress="")
    assert missing(database, "2021Q1").to_json() == {
        "missing": [
            {"unit": "市财政局", "tasks": [2]},
            {"unit": "甲县人民政府", "tasks": [2]},
            {"unit": "乙县人民政府", "tasks": [2]},
        ],
        "late": [{"unit": "市发改委", "workdays_late": 2}],
        "incomplete": [{"unit": "市商务局", "tasks": [3]}],
    }


def test_missing_for_a_period_not_opened_is_not_found(database: Database, office: int) -> None:
    with pytest.raises(NotFoundError, match="2021Q2"):
        missing(database, "2021Q2")


YEAR_2035 = PLAN.replace("2021年", "2035年")


def test_office_holidays_override_the_calendar_for_an_unknown_year(
    database: Database, tmp_path: Path
) -> None:
    make_plan(database, tmp_path, YEAR_2035, year=2035)
    open_period(database, "2035Q1", date(2035, 4, 12))  # a Thursday
    report(database, 3, "市商务局", period="2035Q1", received=date(2035, 4, 16))  # the Monday after
    assert missing(database, "2035Q1").late == (("市商务局", 2),)  # weekends only: Fri + Mon
    set_setting(database, "holidays", "2035-04-16")
    assert missing(database, "2035Q1").late == (("市商务局", 1),)
    set_setting(database, "holidays", "2035-04-13、2035-04-16")
    assert missing(database, "2035Q1").late == ()


def test_office_workdays_make_a_saturday_count(database: Database, tmp_path: Path) -> None:
    make_plan(database, tmp_path, YEAR_2035, year=2035)
    open_period(database, "2035Q1", date(2035, 4, 12))
    report(database, 3, "市商务局", period="2035Q1", received=date(2035, 4, 14))  # Saturday
    assert missing(database, "2035Q1").late == (("市商务局", 1),)
    set_setting(database, "workdays", "2035-04-14")
    assert missing(database, "2035Q1").late == (("市商务局", 2),)


def test_office_holidays_also_apply_to_a_known_year(database: Database, office: int) -> None:
    report(database, 3, "市商务局", received=date(2021, 4, 19))
    set_setting(database, "holidays", "2021-04-16")
    assert missing(database, "2021Q1").late == (("市商务局", 1),)


# --------------------------------------------------------------------------- task_states


def test_status_json_has_exactly_the_documented_keys(database: Database, office: int) -> None:
    result = task_states(database, "2021Q1", as_of=BEFORE)
    assert [s.seq for s in result] == [1, 2, 3]
    assert [s.title for s in result] == ["甲任务", "乙任务", "丙任务"]
    for s in result:
        data = s.to_json()
        assert set(data) == {"seq", "title", "state", "reason"}
        assert data == {"seq": s.seq, "title": s.title, "state": s.state, "reason": s.reason}
    tasks = {t.seq: t.id for t in list_tasks(database, office)}
    assert {s.seq: s.task_id for s in result} == tasks


def test_a_unit_reporting_滞后_makes_the_task_red(database: Database, office: int) -> None:
    report(database, 1, "市发改委", "已完成")
    report(database, 1, "市财政局", "滞后")
    s = states(database, BEFORE)[1]
    assert s.state == "red"
    assert "市财政局" in s.reason and "滞后" in s.reason and "市发改委" not in s.reason


def test_several_units_reporting_滞后_are_all_named(database: Database, office: int) -> None:
    report(database, 2, "市财政局", "按序时推进")
    for county in COUNTIES:
        report(database, 2, county, "滞后")
    s = states(database, BEFORE)[2]
    assert s.state == "red" and s.reason == "甲县人民政府、乙县人民政府报告进展滞后"


@pytest.mark.parametrize(("status", "state"), [("按序时推进", "red"), ("未启动", "red"), ("已完成", "green")])
def test_passed_task_deadline_is_red_unless_the_lead_reports_done(
    database: Database, office: int, status: str, state: str
) -> None:
    set_deadline(database, office, 3, date(2021, 3, 31))
    report(database, 3, "市商务局", status)
    s = states(database, BEFORE)[3]
    assert s.state == state
    if state == "red":
        assert "2021-03-31" in s.reason and "尚未完成" in s.reason


def test_passed_task_deadline_without_any_report_is_red(database: Database, office: int) -> None:
    set_deadline(database, office, 3, date(2021, 3, 31))
    s = states(database, BEFORE)[3]
    assert s.state == "red" and "已过完成时限" in s.reason


def test_co_unit_done_does_not_finish_a_task_past_its_deadline(database: Database, office: int) -> None:
    set_deadline(database, office, 1, date(2021, 3, 31))
    report(database, 1, "市发改委", "按序时推进")
    report(database, 1, "市财政局", "已完成")
    s = states(database, BEFORE)[1]
    assert s.state == "red" and "已过完成时限" in s.reason


def test_task_deadline_on_the_day_itself_has_not_passed(database: Database, office: int) -> None:
    set_deadline(database, office, 3, BEFORE)
    report(database, 3, "市商务局")
    s = states(database, BEFORE)[3]
    assert s.state == "yellow" and "已过" not in s.reason
    assert states(database, BEFORE + timedelta(days=1))[3].state == "red"


def test_unit_not_reported_after_the_reporting_deadline_is_red(database: Database, office: int) -> None:
    report(database, 2, "市财政局")
    report(database, 2, "甲县人民政府")
    s = states(database, AFTER)[2]
    assert s.state == "red" and s.reason == "乙县人民政府逾期未报送"
    # On the deadline day itself the unit still has time.
    on_the_day = states(database, DEADLINE)[2]
    assert on_the_day.state == "yellow" and on_the_day.reason == "已有单位报送，乙县人民政府尚未报送"


def test_nobody_reported_after_the_deadline_names_every_unit(database: Database, office: int) -> None:
    s = states(database, AFTER)
    assert (s[1].state, s[1].reason) == ("red", "市发改委、市财政局逾期未报送")
    assert (s[3].state, s[3].reason) == ("red", "市商务局逾期未报送")


def test_more_than_three_overdue_units_are_summarised(database: Database, office: int) -> None:
    set_group_members(database, GROUP, ["丙县人民政府", "丁县人民政府"])
    s = states(database, AFTER)[2]
    assert s.state == "red"
    assert s.reason == "市财政局、甲县人民政府、乙县人民政府等 5 个单位逾期未报送"


def test_未启动_is_yellow_by_default_and_red_when_the_office_says_so(database: Database, office: int) -> None:
    report(database, 3, "市商务局", "未启动")
    s = states(database, BEFORE)[3]
    assert (s.state, s.reason) == ("yellow", "市商务局报告尚未启动")
    set_setting(database, "status_not_started", "red")
    s = states(database, BEFORE)[3]
    assert (s.state, s.reason) == ("red", "市商务局报告尚未启动")
    set_setting(database, "status_not_started", "yellow")
    assert states(database, BEFORE)[3].state == "yellow"


def test_task_deadline_within_the_yellow_days_is_yellow(database: Database, office: int) -> None:
    report(database, 3, "市商务局")
    set_deadline(database, office, 3, BEFORE + timedelta(days=15))
    s = states(database, BEFORE)[3]
    assert s.state == "yellow"
    assert s.reason == f"距完成时限（{(BEFORE + timedelta(days=15)).isoformat()}）不足 15 天，尚未完成"
    set_deadline(database, office, 3, BEFORE + timedelta(days=16))
    assert (states(database, BEFORE)[3].state, states(database, BEFORE)[3].reason) == ("green", "按序时推进")


def test_changing_the_yellow_days_moves_the_boundary(database: Database, office: int) -> None:
    report(database, 3, "市商务局")
    set_setting(database, "status_yellow_days", "20")
    for days, state in [(16, "yellow"), (20, "yellow"), (21, "green")]:
        set_deadline(database, office, 3, BEFORE + timedelta(days=days))
        assert states(database, BEFORE)[3].state == state, days
    set_deadline(database, office, 3, BEFORE + timedelta(days=16))
    assert "不足 20 天" in states(database, BEFORE)[3].reason
    set_setting(database, "status_yellow_days", "0")
    assert states(database, BEFORE)[3].state == "green"
    set_deadline(database, office, 3, BEFORE)
    assert states(database, BEFORE)[3].state == "yellow"


def test_a_done_task_near_its_deadline_is_green(database: Database, office: int) -> None:
    report(database, 3, "市商务局", "已完成")
    set_deadline(database, office, 3, BEFORE + timedelta(days=3))
    s = states(database, BEFORE)[3]
    assert (s.state, s.reason) == ("green", "已完成")


def test_some_units_reported_and_another_not_yet_is_yellow(database: Database, office: int) -> None:
    report(database, 1, "市发改委", "已完成")
    s = states(database, BEFORE)[1]
    assert (s.state, s.reason) == ("yellow", "已有单位报送，市财政局尚未报送")


def test_nobody_reported_before_the_deadline_is_yellow(database: Database, office: int) -> None:
    result = states(database, BEFORE)
    assert {seq: (s.state, s.reason) for seq, s in result.items()} == {
        seq: ("yellow", "尚未报送（报送截止日前）") for seq in (1, 2, 3)
    }


def test_green_done_when_every_lead_reports_done_whatever_the_co_units_say(
    database: Database, office: int
) -> None:
    report(database, 1, "市发改委", "已完成")
    report(database, 1, "市财政局", "按序时推进")
    s = states(database, AFTER)[1]
    assert (s.state, s.reason) == ("green", "已完成")


def test_green_on_schedule_otherwise(database: Database, office: int) -> None:
    report(database, 1, "市发改委", "按序时推进")
    report(database, 1, "市财政局", "已完成")
    s = states(database, AFTER)[1]
    assert (s.state, s.reason) == ("green", "按序时推进")


SHARED = """\
某市2021年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（市商务局、市财政局按职责分工负责）
（二）乙任务。做好乙项工作。（各县市区人民政府牵头）
（三）丙任务。做好丙项工作。（市财政局配合）
"""


def test_done_needs_every_lead_including_every_group_member(database: Database, tmp_path: Path) -> None:
    make_plan(database, tmp_path, SHARED)
    set_group_members(database, GROUP, COUNTIES)
    open_period(database, "2021Q1", DEADLINE)
    report(database, 1, "市商务局", "已完成")
    report(database, 1, "市财政局", "按序时推进")
    report(database, 2, "甲县人民政府", "已完成")
    report(database, 2, "乙县人民政府", "按序时推进")
    report(database, 3, "市财政局", "已完成")  # a task with only a cooperating unit
    s = states(database, AFTER)
    assert (s[1].state, s[1].reason) == ("green", "按序时推进")
    assert (s[2].state, s[2].reason) == ("green", "按序时推进")
    assert (s[3].state, s[3].reason) == ("green", "已完成")
    report(database, 1, "市财政局", "已完成")
    report(database, 2, "乙县人民政府", "已完成")
    s = states(database, AFTER)
    assert (s[1].reason, s[2].reason) == ("已完成", "已完成")


NO_UNITS = """\
某市2021年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（市商务局牵头）
（二）乙任务。做好乙项工作。
"""


def test_a_task_without_units(database: Database, tmp_path: Path) -> None:
    plan_id = make_plan(database, tmp_path, NO_UNITS)
    open_period(database, "2021Q1", DEADLINE)
    s = states(database, AFTER)[2]
    assert (s.state, s.reason) == ("yellow", "未明确责任单位，无人报送")
    set_deadline(database, plan_id, 2, date(2021, 3, 31))
    s = states(database, AFTER)[2]
    assert s.state == "red" and "未明确责任单位" in s.reason and "2021-03-31" in s.reason
    assert missing(database, "2021Q1").missing == (("市商务局", (1,)),)


PRECEDENCE = """\
某市2021年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（市发改委牵头，市财政局、市商务局配合）
"""


def test_precedence_of_the_rules(database: Database, tmp_path: Path) -> None:
    plan_id = make_plan(database, tmp_path, PRECEDENCE)
    open_period(database, "2021Q1", DEADLINE)
    set_deadline(database, plan_id, 1, date(2021, 4, 12))  # passed by AFTER
    report(database, 1, "市发改委", "已完成")
    report(database, 1, "市财政局", "滞后")
    # 市商务局 never reports: overdue on AFTER. Every red rule holds; 滞后 is named.
    s = states(database, AFTER)[1]
    assert (s.state, s.reason) == ("red", "市财政局报告进展滞后")
    report(database, 1, "市发改委", "未启动")
    s = states(database, AFTER)[1]
    assert (s.state, s.reason) == ("red", "市财政局报告进展滞后")
    # Without 滞后: the passed task deadline comes next.
    report(database, 1, "市财政局", "按序时推进")
    assert states(database, AFTER)[1].reason == "已过完成时限（2021-04-12），尚未完成"
    # Without a task deadline: the overdue unit, even though the lead reports 未启动.
    set_deadline(database, plan_id, 1, None)
    assert states(database, AFTER)[1].reason == "市商务局逾期未报送"
    # Before the reporting deadline: 未启动, ahead of the near task deadline and the absent unit.
    set_deadline(database, plan_id, 1, BEFORE + timedelta(days=2))
    s = states(database, BEFORE)[1]
    assert (s.state, s.reason) == ("yellow", "市发改委报告尚未启动")
    # Without 未启动: the near task deadline, ahead of the absent unit.
    report(database, 1, "市发改委", "按序时推进")
    assert states(database, BEFORE)[1].reason.startswith("距完成时限")
    # Without the near deadline: the absent unit.
    set_deadline(database, plan_id, 1, None)
    assert states(database, BEFORE)[1].reason == "已有单位报送，市商务局尚未报送"


def test_滞后_beats_a_done_lead(database: Database, office: int) -> None:
    report(database, 2, "市财政局", "已完成")
    report(database, 2, "甲县人民政府", "已完成")
    report(database, 2, "乙县人民政府", "滞后")
    s = states(database, AFTER)[2]
    assert (s.state, s.reason) == ("red", "乙县人民政府报告进展滞后")


def test_states_follow_the_current_report_not_the_superseded_one(database: Database, office: int) -> None:
    report(database, 3, "市商务局", "滞后")
    assert states(database, BEFORE)[3].state == "red"
    report(database, 3, "市商务局", "按序时推进")
    assert (states(database, BEFORE)[3].state, states(database, BEFORE)[3].reason) == ("green", "按序时推进")
