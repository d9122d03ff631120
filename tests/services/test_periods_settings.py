"""Reporting periods (open, change the deadline, close, reopen, list) and office settings.

Both through the services and through the command line the office uses: a period is named the
way staff say it (``2021Q1``); a bad name or a bad setting value is one Chinese line, exit 2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from gkdesk.cli import main
from gkdesk.db import Database, open_database
from gkdesk.errors import ClosedPeriodError, ConflictError, NotFoundError, UserError
from gkdesk.models import ChangeLog, OfficeSetting, Period
from gkdesk.records import ReportFields
from gkdesk.services import settings as settings_svc
from gkdesk.services.periods import list_periods, open_period, parse_code, period_title, set_closed
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import set_report
from gkdesk.services.settings import get_settings, set_setting
from gkdesk.services.units import set_group_members

PLAN = """\
某市2021年政务公开工作要点
一、推进公开
（一）甲任务。做好甲项工作。（市发改委牵头，市财政局配合）
（二）乙任务。做好乙项工作。（市财政局牵头）
（三）丙任务。做好丙项工作。（市商务局牵头）
"""
DEADLINE = date(2021, 4, 15)


def make_plan(
    db: Database, tmp_path: Path, body: str = PLAN, *, name: str = "要点.txt", year: int = 2021
) -> int:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return import_plan(db, path, year=year).plan_id


def report(db: Database, seq: int, unit: str, period: str = "2021Q1", *, plan_id: int | None = None) -> None:
    set_report(
        db,
        period,
        task_seq=seq,
        unit_name=unit,
        fields=ReportFields(status="按序时推进", progress="按计划推进。"),
        received=date(2021, 4, 10),
        plan_id=plan_id,
    )


def log_rows(db: Database, action: str) -> list[ChangeLog]:
    with db.unit_of_work(read_only=True) as uow:
        rows = list(
            uow.session.scalars(select(ChangeLog).where(ChangeLog.action == action).order_by(ChangeLog.id))
        )
        uow.session.expunge_all()  # keep the loaded values readable after the unit of work ends
        return rows


def period_rows(db: Database) -> list[Period]:
    with db.unit_of_work(read_only=True) as uow:
        rows = list(uow.session.scalars(select(Period).order_by(Period.id)))
        uow.session.expunge_all()  # keep the loaded values readable after the unit of work ends
        return rows


@pytest.fixture
def plan(database: Database, tmp_path: Path) -> int:
    return make_plan(database, tmp_path)


# --------------------------------------------------------------------------- period codes


@pytest.mark.parametrize("code", ["2021Q1", "2021q1", "2021-Q1", "2021_q1", "2021 Q1", " 2021Q1 ", "2021-q1"])
def test_period_code_variants_are_accepted(code: str) -> None:
    assert parse_code(code) == (2021, 1)


@pytest.mark.parametrize(
    "code", ["2021Q5", "2021Q0", "21Q1", "abc", "", "2021", "Q1", "2021Q12", "2021年一季度"]
)
def test_bad_period_codes_are_refused_in_chinese(code: str) -> None:
    with pytest.raises(UserError) as info:
        parse_code(code)
    assert info.value.code == "bad_period"
    assert f"“{code}”" in info.value.message and "2021Q1" in info.value.message


def test_period_title_names_the_quarter_in_chinese() -> None:
    assert [period_title(2021, q) for q in (1, 2, 3, 4)] == [
        "2021年第一季度",
        "2021年第二季度",
        "2021年第三季度",
        "2021年第四季度",
    ]


# --------------------------------------------------------------------------- opening


def test_open_period_creates_it_and_logs(database: Database, plan: int) -> None:
    row = open_period(database, "2021Q1", DEADLINE, who="张三")
    assert (row.plan_id, row.code, row.year, row.quarter, row.deadline, row.closed) == (
        plan,
        "2021Q1",
        2021,
        1,
        "2021-04-15",
        False,
    )
    assert row.plan_title == "某市2021年政务公开工作要点"
    (stored,) = period_rows(database)
    assert (stored.id, stored.plan_id, stored.deadline, stored.closed) == (row.id, plan, DEADLINE, False)
    (log,) = log_rows(database, "period.open")
    assert log.who == "张三" and "2021Q1" in log.detail and "2021-04-15" in log.detail


@pytest.mark.parametrize("code", ["2021q2", "2021-Q2"])
def test_open_period_accepts_code_variants_and_stores_the_canonical_code(
    database: Database, plan: int, code: str
) -> None:
    assert open_period(database, code, date(2021, 7, 15)).code == "2021Q2"
    assert [p.code for p in period_rows(database)] == ["2021Q2"]


@pytest.mark.parametrize("code", ["2021Q5", "21Q1", "abc"])
def test_open_period_refuses_bad_codes_and_stores_nothing(database: Database, plan: int, code: str) -> None:
    with pytest.raises(UserError, match="写法不对"):
        open_period(database, code, DEADLINE)
    assert period_rows(database) == []


def test_opening_for_a_year_without_a_plan_is_not_found(database: Database, plan: int) -> None:
    with pytest.raises(NotFoundError) as info:
        open_period(database, "2022Q1", DEADLINE)
    assert "2022" in info.value.message
    assert period_rows(database) == []


def test_opening_without_any_plan_is_not_found(database: Database) -> None:
    with pytest.raises(NotFoundError):
        open_period(database, "2021Q1", DEADLINE)


def test_two_plans_of_one_year_need_the_plan_id(database: Database, tmp_path: Path, plan: int) -> None:
    other = make_plan(database, tmp_path, PLAN.replace("甲任务", "戊任务"), name="另一个要点.txt")
    with pytest.raises(UserError) as info:
        open_period(database, "2021Q1", DEADLINE)
    assert info.value.code == "ambiguous_plan" and "--plan" in info.value.message
    assert str(plan) in info.value.message and str(other) in info.value.message
    assert period_rows(database) == []
    row = open_period(database, "2021Q1", DEADLINE, plan_id=other)
    assert row.plan_id == other
    # The period is now found without --plan (only one plan has it open) …
    report(database, 1, "市发改委")
    # … until the other plan opens the same quarter.
    open_period(database, "2021Q1", date(2021, 4, 20), plan_id=plan)
    with pytest.raises(UserError, match="--plan"):
        report(database, 1, "市发改委")
    report(database, 1, "市发改委", plan_id=plan)
    assert {(r.plan_id, r.units_reported) for r in list_periods(database)} == {(plan, 1), (other, 1)}


def test_plan_id_of_another_year_or_unknown_is_refused(database: Database, plan: int) -> None:
    with pytest.raises(ConflictError, match="2021"):
        open_period(database, "2022Q1", DEADLINE, plan_id=plan)
    with pytest.raises(NotFoundError, match="999"):
        open_period(database, "2021Q1", DEADLINE, plan_id=999)
    assert period_rows(database) == []


def test_reopening_an_open_period_with_a_new_deadline_changes_it(database: Database, plan: int) -> None:
    first = open_period(database, "2021Q1", DEADLINE)
    second = open_period(database, "2021Q1", date(2021, 4, 20), who="李四")
    assert second.id == first.id and second.deadline == "2021-04-20"
    (stored,) = period_rows(database)
    assert stored.deadline == date(2021, 4, 20)
    (log,) = log_rows(database, "period.deadline")
    assert log.who == "李四" and "2021-04-15" in log.detail and "2021-04-20" in log.detail
    # The same deadline again changes nothing and logs nothing.
    open_period(database, "2021Q1", date(2021, 4, 20))
    assert len(log_rows(database, "period.deadline")) == 1 and len(period_rows(database)) == 1


# --------------------------------------------------------------------------- closing


def test_a_closed_period_refuses_every_change_until_reopened(database: Database, plan: int) -> None:
    open_period(database, "2021Q1", DEADLINE)
    report(database, 1, "市发改委")
    row = set_closed(database, "2021Q1", True, who="张三")
    assert row.closed is True
    (stored,) = period_rows(database)
    assert stored.closed and stored.closed_at is not None
    with pytest.raises(ClosedPeriodError) as info:
        report(database, 2, "市财政局")
    assert "已关闭" in info.value.message and "gkdesk period reopen 2021Q1" in info.value.message
    with pytest.raises(ClosedPeriodError):
        report(database, 1, "市发改委")  # a correction too
    with pytest.raises(ClosedPeriodError):
        open_period(database, "2021Q1", date(2021, 4, 30))
    assert period_rows(database)[0].deadline == DEADLINE
    assert list_periods(database)[0].units_reported == 1

    row = set_closed(database, "2021Q1", False)
    assert row.closed is False
    assert period_rows(database)[0].closed_at is None
    report(database, 2, "市财政局")
    assert open_period(database, "2021Q1", date(2021, 4, 30)).deadline == "2021-04-30"
    assert [r.action for r in log_rows(database, "period.close")] == ["period.close"]
    assert len(log_rows(database, "period.reopen")) == 1


def test_closing_twice_is_harmless_and_logged_once(database: Database, plan: int) -> None:
    open_period(database, "2021Q1", DEADLINE)
    set_closed(database, "2021Q1", True)
    assert set_closed(database, "2021Q1", True).closed is True
    assert len(log_rows(database, "period.close")) == 1


def test_closing_a_period_never_opened_is_not_found(database: Database, plan: int) -> None:
    with pytest.raises(NotFoundError, match="period open 2021Q2"):
        set_closed(database, "2021Q2", True)


# --------------------------------------------------------------------------- listing


def test_list_periods_counts_expected_and_reporting_units(database: Database, tmp_path: Path) -> None:
    body = PLAN.replace("（市商务局牵头）", "（各县市区人民政府牵头）")
    make_plan(database, tmp_path, body)
    set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府"])
    assert list_periods(database) == []
    open_period(database, "2021Q2", date(2021, 7, 15))
    open_period(database, "2021Q1", DEADLINE)
    rows = list_periods(database)
    assert [r.code for r in rows] == ["2021Q1", "2021Q2"]  # by quarter, not by opening
    # 市发改委, 市财政局 and the group's two members; the group itself owes nothing.
    assert [(r.units_expected, r.units_reported) for r in rows] == [(4, 0), (4, 0)]
    report(database, 1, "市发改委")
    report(database, 1, "市财政局")
    report(database, 2, "市财政局")  # one unit, two tasks: counted once
    report(database, 3, "甲县人民政府", "2021Q2")
    rows = list_periods(database)
    assert [(r.code, r.units_expected, r.units_reported) for r in rows] == [
        ("2021Q1", 4, 2),
        ("2021Q2", 4, 1),
    ]
    assert [r.closed for r in rows] == [False, False]
    set_closed(database, "2021Q2", True)
    assert [r.closed for r in list_periods(database)] == [False, True]


# --------------------------------------------------------------------------- settings


def test_settings_have_defaults(database: Database) -> None:
    values = get_settings(database)
    assert set(values) == {s.key for s in settings_svc.SPECS}
    assert values["status_yellow_days"] == 15
    assert values["status_not_started"] == "yellow"
    assert values["holidays"] == [] and values["workdays"] == []
    assert values["max_text_length"] == 3000
    assert values["recipients"] == settings_svc.defaults()["recipients"] != ""
    assert values["office_name"] == ""


def test_set_text_setting_is_stored_trimmed(database: Database) -> None:
    assert set_setting(database, "office_name", "  青禾市人民政府办公室 ") == "青禾市人民政府办公室"
    assert get_settings(database)["office_name"] == "青禾市人民政府办公室"
    set_setting(database, "office_name", "青禾市政务公开办")
    assert get_settings(database)["office_name"] == "青禾市政务公开办"


@pytest.mark.parametrize(("text", "value"), [("20", 20), (" 7 ", 7), ("0", 0)])
def test_set_integer_setting(database: Database, text: str, value: int) -> None:
    assert set_setting(database, "status_yellow_days", text) == value
    assert get_settings(database)["status_yellow_days"] == value


@pytest.mark.parametrize("text", ["十五", "15天", "1.5", "", "-3"])
def test_bad_integer_is_refused_and_the_old_value_kept(database: Database, text: str) -> None:
    set_setting(database, "status_yellow_days", "10")
    with pytest.raises(UserError) as info:
        set_setting(database, "status_yellow_days", text)
    assert info.value.code == "bad_setting" and "黄灯提前天数" in info.value.message
    assert get_settings(database)["status_yellow_days"] == 10


@pytest.mark.parametrize(
    "text", ["2027-01-01，2027-01-02", "2027-01-01、2027-01-02", "2027-01-02, 2027-01-01"]
)
def test_date_lists_accept_chinese_separators(database: Database, text: str) -> None:
    assert set_setting(database, "holidays", text) == ["2027-01-01", "2027-01-02"]
    assert get_settings(database)["holidays"] == ["2027-01-01", "2027-01-02"]


def test_date_list_drops_duplicates_and_can_be_emptied(database: Database) -> None:
    assert set_setting(database, "workdays", "2027-02-07 2027-02-07,2027-02-20") == [
        "2027-02-07",
        "2027-02-20",
    ]
    assert set_setting(database, "workdays", "") == []
    assert get_settings(database)["workdays"] == []


@pytest.mark.parametrize("text", ["2027-13-01", "2027-01-01，明天", "2027/01/01"])
def test_date_list_refuses_what_is_not_a_date(database: Database, text: str) -> None:
    with pytest.raises(UserError) as info:
        set_setting(database, "holidays", text)
    assert info.value.code == "bad_setting" and "不是日期" in info.value.message
    assert get_settings(database)["holidays"] == []


def test_status_not_started_accepts_only_yellow_or_red(database: Database) -> None:
    assert set_setting(database, "status_not_started", "red") == "red"
    with pytest.raises(UserError, match="yellow"):
        set_setting(database, "status_not_started", "green")
    assert get_settings(database)["status_not_started"] == "red"


def test_unknown_setting_is_refused_naming_the_known_ones(database: Database) -> None:
    with pytest.raises(UserError) as info:
        set_setting(database, "colour", "blue")
    assert info.value.code == "unknown_setting" and "“colour”" in info.value.message
    for key in ("office_name", "status_yellow_days", "holidays", "workdays", "max_text_length"):
        assert key in info.value.message
    with database.unit_of_work(read_only=True) as uow:
        assert list(uow.session.scalars(select(OfficeSetting))) == []


def test_settings_persist_across_a_new_connection(database: Database) -> None:
    set_setting(database, "office_name", "青禾市人民政府办公室")
    set_setting(database, "status_yellow_days", "30")
    set_setting(database, "holidays", "2027-01-01")
    again = open_database(database.url)
    try:
        values = get_settings(again)
    finally:
        again.dispose()
    assert values["office_name"] == "青禾市人民政府办公室"
    assert values["status_yellow_days"] == 30
    assert values["holidays"] == ["2027-01-01"]
    assert values["status_not_started"] == "yellow"


def test_setting_writes_a_change_log_row(database: Database) -> None:
    set_setting(database, "status_yellow_days", "20", who="王五")
    set_setting(database, "status_yellow_days", "25", who="赵六")
    logs = log_rows(database, "setting")
    assert [(r.who, r.detail) for r in logs] == [
        ("王五", "status_yellow_days = 20"),
        ("赵六", "status_yellow_days = 25"),
    ]
    with database.unit_of_work(read_only=True) as uow:
        row = uow.session.get(OfficeSetting, "status_yellow_days")
        assert row is not None and row.updated_by == "赵六" and json.loads(row.value) == 25


def test_a_stored_value_of_the_wrong_type_falls_back_to_the_default(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.session.add(OfficeSetting(key="status_yellow_days", value='"很多"'))
        uow.session.add(OfficeSetting(key="holidays", value="not json"))
        uow.commit()
    values = get_settings(database)
    assert values["status_yellow_days"] == 15 and values["holidays"] == []


# --------------------------------------------------------------------------- command line


def run(capsys: pytest.CaptureFixture[str], db: Database, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db.url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_cli_period_open_list_close_reopen(
    capsys: pytest.CaptureFixture[str], database: Database, plan: int
) -> None:
    code, out, _ = run(capsys, database, "period", "open", "2021q1", "--deadline", "2021-04-15")
    assert code == 0 and "2021年第一季度" in out and "2021-04-15" in out
    code, out, _ = run(capsys, database, "period", "list", "--json")
    (row,) = json.loads(out)
    assert code == 0
    assert row == {
        "id": row["id"],
        "plan_id": plan,
        "plan_title": "某市2021年政务公开工作要点",
        "code": "2021Q1",
        "year": 2021,
        "quarter": 1,
        "deadline": "2021-04-15",
        "closed": False,
        "units_expected": 3,
        "units_reported": 0,
    }
    code, out, _ = run(capsys, database, "period", "close", "2021Q1")
    assert code == 0 and "已关闭" in out
    assert json.loads(run(capsys, database, "period", "--json")[1])[0]["closed"] is True
    code, _, err = run(capsys, database, "period", "open", "2021Q1", "--deadline", "2021-04-20")
    assert code == 2 and err.startswith("错误：") and "已关闭" in err
    code, out, _ = run(capsys, database, "period", "reopen", "2021Q1")
    assert code == 0 and "重新开启" in out
    code, _, _ = run(capsys, database, "period", "open", "2021Q1", "--deadline", "2021-04-20")
    assert code == 0
    (row,) = json.loads(run(capsys, database, "period", "list", "--json")[1])
    assert (row["closed"], row["deadline"]) == (False, "2021-04-20")


def test_cli_period_list_text_when_empty_and_filled(
    capsys: pytest.CaptureFixture[str], database: Database, plan: int
) -> None:
    code, out, _ = run(capsys, database, "period", "list")
    assert code == 0 and "还没有开启任何报送期" in out
    run(capsys, database, "period", "open", "2021Q1", "--deadline", "2021-04-15")
    code, out, _ = run(capsys, database, "period", "list")
    assert "2021Q1" in out and "已报送 0/3 个单位" in out and "进行中" in out


@pytest.mark.parametrize("code_text", ["2021Q5", "21Q1", "abc"])
def test_cli_bad_period_code_is_one_chinese_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], database: Database, plan: int, code_text: str
) -> None:
    code, out, err = run(capsys, database, "period", "open", code_text, "--deadline", "2021-04-15")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and code_text in lines[0]
    assert period_rows(database) == []


def test_cli_open_without_a_plan_for_the_year_is_exit_2(
    capsys: pytest.CaptureFixture[str], database: Database, plan: int
) -> None:
    code, _, err = run(capsys, database, "period", "open", "2030Q1", "--deadline", "2030-04-15")
    assert code == 2 and err.startswith("错误：") and "2030" in err


def test_cli_settings_set_and_show(capsys: pytest.CaptureFixture[str], database: Database) -> None:
    code, out, _ = run(capsys, database, "settings", "set", "holidays", "2027-01-01，2027-01-02")
    assert code == 0 and "补充法定节假日" in out and "2027-01-01、2027-01-02" in out
    code, out, _ = run(capsys, database, "settings", "set", "status_yellow_days", "9")
    assert code == 0
    code, out, _ = run(capsys, database, "settings", "show", "--json")
    values = json.loads(out)
    assert code == 0 and set(values) == {s.key for s in settings_svc.SPECS}
    assert values["holidays"] == ["2027-01-01", "2027-01-02"] and values["status_yellow_days"] == 9
    assert json.loads(run(capsys, database, "settings", "--json")[1]) == values
    code, out, _ = run(capsys, database, "settings", "show")
    assert "黄灯提前天数：9" in out and "（未设置）" in out


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("status_yellow_days", "abc", "整数"),
        ("holidays", "2027-13-01", "不是日期"),
        ("colour", "x", "colour"),
    ],
)
def test_cli_bad_setting_is_one_chinese_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], database: Database, key: str, value: str, words: str
) -> None:
    code, out, err = run(capsys, database, "settings", "set", key, value)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0]


def test_units_reported_counts_only_units_that_owe_a_report(database: Database, tmp_path: Path) -> None:
    make_plan(database, tmp_path, PLAN.replace("（市商务局牵头）", "（各县市区人民政府牵头）"))
    open_period(database, "2021Q1", DEADLINE)
    report(database, 3, "各县市区人民政府")  # no members yet: the group reports itself
    (row,) = list_periods(database)
    assert (row.units_expected, row.units_reported) == (3, 1)
    set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府"])
    (row,) = list_periods(database)
    # Now the members owe the report; the group's own submission no longer counts.
    assert (row.units_expected, row.units_reported) == (4, 0)


@pytest.mark.parametrize("argv", [("period", "list", "--json"), ("period", "--json")])
def test_cli_period_list_json_is_only_json(
    capsys: pytest.CaptureFixture[str], database: Database, plan: int, argv: tuple[str, ...]
) -> None:
    open_period(database, "2021Q1", DEADLINE)
    code, out, _ = run(capsys, database, *argv)
    assert code == 0
    (row,) = json.loads(out)
    assert (row["code"], row["deadline"], row["closed"]) == ("2021Q1", "2021-04-15", False)
