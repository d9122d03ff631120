"""The reasons pane of the 考核评分 page shows, for every task, the status the unit reported and
the rule applied to it (RUBRIC.md item 3), over the deadlines quarter of
tests/services/test_not_started_scores.py."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gkdesk.db import Database
from gkdesk.ui.context import AppContext
from tests.services.test_not_started_scores import JIA, deadlines  # noqa: F401  (a fixture)
from tests.ui.test_review_page import click_unit, make_page


def test_the_reasons_show_each_reported_status_and_its_rule(
    qtbot: QtBot,
    ctx: AppContext,
    deadlines: Database,  # noqa: F811
) -> None:
    page = make_page(qtbot, ctx, deadlines)
    click_unit(qtbot, page, JIA)
    tasks_item = page.tree.topLevelItem(2)
    assert (tasks_item.text(0), tasks_item.text(1)) == ("3. 任务落实", "28 / 50")
    rows = [
        (tasks_item.child(i).text(0), tasks_item.child(i).text(1)) for i in range(tasks_item.childCount())
    ]
    assert rows == [
        ("第1项 牵头：已完成 → 1", "1×1"),
        ("第2项 牵头：未启动（截止在后续季度，本季度不计）", "不计"),
        ("第3项 牵头：未启动 → 0", "1×0"),
        ("第4项 配合：按序时推进 → 0.8", "0.5×0.8"),
    ]
    left_out = tasks_item.child(1)
    assert "完成状态：未启动" in left_out.toolTip(0)
    assert left_out.toolTip(1) == "本季度不计入任务落实的加权平均"
    assert tasks_item.child(2).toolTip(1) == "权重 1（牵头）× 状态系数 0"
