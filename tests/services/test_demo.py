"""The demo database: 青禾市's plan with two quarters of reports and scores, built once and reused.

The demo is built through the same services as real work (templates written, filled the way units
fill them, collected), so these tests also guard that path end to end: two periods with reports,
late and missing units, scores for every unit that owes reports, office settings, Q1 closed.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from gkdesk.config import resource_path, sqlite_url
from gkdesk.db import Database, open_database
from gkdesk.services import demo
from gkdesk.services.periods import list_periods
from gkdesk.services.planning import import_plan, list_plans
from gkdesk.services.reports import list_reports
from gkdesk.services.review import period_scores
from gkdesk.services.settings import get_settings
from gkdesk.services.tracking import missing
from gkdesk.services.units import list_units


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo-home")
    demo.ensure_demo(home)
    return home


@pytest.fixture
def demo_db(demo_home: Path) -> Iterator[Database]:
    db = open_database(demo.ensure_demo(demo_home))
    yield db
    db.dispose()


def test_two_quarters_are_open_and_the_first_is_closed(demo_db: Database) -> None:
    (plan,) = list_plans(demo_db)
    assert plan.title == "青禾市2026年政务公开工作要点"
    periods = {p.code: p for p in list_periods(demo_db)}
    assert set(periods) == {"2026Q1", "2026Q2"}
    assert periods["2026Q1"].deadline == "2026-04-10" and periods["2026Q1"].closed
    assert periods["2026Q2"].deadline == "2026-07-10" and not periods["2026Q2"].closed
    assert periods["2026Q1"].units_reported == periods["2026Q1"].units_expected > 20
    assert periods["2026Q2"].units_reported == periods["2026Q2"].units_expected - 2


def test_reports_look_like_real_ones(demo_db: Database) -> None:
    for code in ("2026Q1", "2026Q2"):
        reports = list_reports(demo_db, code)
        statuses = Counter(r.fields.status for r in reports)
        assert len(reports) > 80
        # Mostly on track or done, some behind.
        assert statuses["按序时推进"] + statuses["已完成"] > 0.8 * len(reports)
        assert statuses["滞后"] > 0
        assert all(r.fields.progress for r in reports)
        on_track = [r for r in reports if r.fields.status in ("按序时推进", "已完成")]
        assert sum(1 for r in on_track if r.fields.evidence) > 0.9 * len(on_track)
    q1 = list_reports(demo_db, "2026Q1")
    assert any(r.fields.status == "未启动" for r in q1)
    # A unit sent a correction: its earlier answers are kept in the history.
    history = list_reports(demo_db, "2026Q1", unit_name="市财政局", history=True)
    assert max(r.version for r in history) == 2


def test_late_and_missing_units(demo_db: Database) -> None:
    q1, q2 = missing(demo_db, "2026Q1"), missing(demo_db, "2026Q2")
    assert q1.missing == ()
    assert dict(q1.late) == {"市民政局": 2, "石门县人民政府": 6}
    assert {unit for unit, _ in q2.missing} == {"市委组织部", "临河市人民政府"}
    assert dict(q2.late) == {"市水利局": 2}


def test_every_unit_has_scores_with_the_office_entries(demo_db: Database) -> None:
    registered = {u.name for u in list_units(demo_db)}
    for period in list_periods(demo_db):
        sheet = period_scores(demo_db, period.code)
        assert len(sheet.units) == period.units_expected
        assert {u.unit for u in sheet.units} <= registered
        reasons = [line.reason for u in sheet.units for item in u.items for line in item.lines]
        reasons += [line.reason for u in sheet.units for line in u.bonus_lines + u.penalty_lines]
        for _unit, _item, _points, reason in demo.ENTRIES[period.code]:
            assert any(reason in r for r in reasons), reason
    q2 = {u.unit: u for u in period_scores(demo_db, "2026Q2").units}
    assert q2["市委组织部"].total < 50 < q2["市医保局"].total  # not reporting costs a lot


def test_office_settings_are_set(demo_db: Database) -> None:
    settings = get_settings(demo_db)
    assert settings["office_name"] == "青禾市人民政府办公室"
    assert settings["doc_prefix"] == "青政办函"
    assert "李明" in settings["contacts"]


def test_a_second_call_reuses_the_database(demo_home: Path) -> None:
    file = demo.demo_db_file(demo_home)
    before = file.stat().st_mtime_ns
    started = time.monotonic()
    demo.ensure_demo(demo_home)
    assert time.monotonic() - started < 5
    assert file.stat().st_mtime_ns == before
    assert not file.with_name(file.name + ".building").exists()


def test_the_demo_is_the_same_everywhere_and_replaces_an_incomplete_one(
    demo_home: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-home"
    # An older demo held only the plan; it must be rebuilt, not reused.
    with open_database(sqlite_url(demo.demo_db_file(other))) as old:
        import_plan(old, resource_path(demo.DEMO_PLAN))
    url = demo.ensure_demo(other)
    with open_database(url) as rebuilt, open_database(demo.ensure_demo(demo_home)) as first:
        assert len(list_periods(rebuilt)) == 2
        for code in ("2026Q1", "2026Q2"):
            mine = [(r.unit, r.seq, r.fields, r.received_on, r.version) for r in list_reports(rebuilt, code)]
            theirs = [(r.unit, r.seq, r.fields, r.received_on, r.version) for r in list_reports(first, code)]
            assert mine == theirs
