"""RUBRIC.md item 3: a reported status counts as the unit reported it (未启动 is 0 whatever the
text); only a task whose deadline falls in a later quarter and that the unit reports 未启动 is
left out of the 任务落实 average. Every number is worked out by hand on the default rubric
(任务落实 50 × Σw·s / Σw; 牵头 1.0, 配合 0.5; 已完成 1, 按序时推进 0.8, 滞后 0.4, 未启动 0).
"""

from __future__ import annotations

import pytest

from gkdesk.records import ReportFields, Role
from gkdesk.scoring.engine import (
    ALL_NOT_YET_DUE,
    NO_STATUS,
    NOT_YET_DUE,
    TaskFact,
    UnitFacts,
    left_out,
    score_all,
    score_unit,
    task_rule,
)
from gkdesk.services.review import default_rubric

RUBRIC = default_rubric()
PLANS = "已制定工作方案，召开专题会议部署，明确责任分工和时间节点，正在组织起草相关制度文件。"


def fact(seq: int, status: str | None, *, role: Role = "lead", due: bool = True) -> TaskFact:
    report = None if status is None else ReportFields(status=status, progress=PLANS, evidence="材料.pdf")
    return TaskFact(seq, f"第{seq}项重点工作任务", role, due, report)


def unit(*tasks: TaskFact, late: int | None = 0, name: str = "甲县人民政府") -> UnitFacts:
    return UnitFacts(name, "县市区", tasks, late)


def task_points(facts: UnitFacts) -> float:
    return next(i.points for i in score_unit(RUBRIC, facts).items if i.code == "3")


def test_not_started_on_due_tasks_counts_zero_whatever_the_text() -> None:
    # 50 × (1·1 + 1·0 + 0.5·0) / (1 + 1 + 0.5) = 50 × 1 / 2.5 = 20.0
    facts = unit(fact(1, "已完成"), fact(2, "未启动"), fact(3, "未启动", role="co"))
    assert task_points(facts) == 20.0
    lines = score_unit(RUBRIC, facts).tasks
    assert [(t.status, t.weight, t.factor) for t in lines] == [
        ("已完成", 1.0, 1.0),
        ("未启动", 1.0, 0.0),
        ("未启动", 0.5, 0.0),
    ]
    assert [task_rule(t) for t in lines] == ["已完成 → 1", "未启动 → 0", "未启动 → 0"]


def test_not_started_on_a_task_not_yet_due_is_left_out() -> None:
    # With it: 50 × (1·1 + 0.5·0.8) / (1 + 0.5) = 50 × 1.4 / 1.5 = 46.7, the others' average.
    others = (fact(1, "已完成"), fact(2, "按序时推进", role="co"))
    with_it = unit(*others, fact(3, "未启动", due=False))
    assert task_points(with_it) == task_points(unit(*others)) == 46.7
    line = score_unit(RUBRIC, with_it).tasks[2]
    assert (line.status, line.weight, line.factor, line.note) == ("未启动", 0.0, 0.0, NOT_YET_DUE)
    assert left_out(line)
    assert task_rule(line) == "未启动（截止在后续季度，本季度不计）"
    assert not any(left_out(t) for t in score_unit(RUBRIC, with_it).tasks[:2])


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        # Only 未启动 is left out; any other status on a task not yet due counts as reported.
        ("按序时推进", 50 * (1 + 0.8) / 2),  # 45.0
        ("滞后", 50 * (1 + 0.4) / 2),  # 35.0
        ("已完成", 50.0),
        (None, 50 * 1 / 2),  # not reported: 0, not left out → 25.0
        ("", 50 * 1 / 2),  # reported without a status: 0 → 25.0
    ],
)
def test_other_statuses_on_a_task_not_yet_due_count_as_reported(status: str | None, expected: float) -> None:
    facts = unit(fact(1, "已完成"), fact(2, status, due=False))
    assert task_points(facts) == round(expected, 1)
    assert not left_out(score_unit(RUBRIC, facts).tasks[1])


def test_a_row_without_a_valid_status_shows_that_it_had_none() -> None:
    lines = score_unit(RUBRIC, unit(fact(1, ""), fact(2, "进行中"), fact(3, None))).tasks
    assert [t.status for t in lines] == [NO_STATUS, NO_STATUS, "未报送"]
    assert [task_rule(t) for t in lines] == ["未填状态 → 0", "未填状态 → 0", "未报送 → 0"]


def test_every_task_left_out_scales_the_item_to_the_other_items() -> None:
    # Two working days late: 报送时效 15 − 5 = 10; 报送质量 15; 日常 20 → 任务落实 = 10 + 15 + 20 = 45.
    facts = unit(fact(1, "未启动", due=False), fact(2, "未启动", role="co", due=False), late=2)
    score = score_unit(RUBRIC, facts)
    assert [i.points for i in score.items] == [10, 15, 45, 20]
    assert score.total == 90.0
    assert [line.reason for line in score.items[2].lines] == [ALL_NOT_YET_DUE]
    # A unit with no task at all keeps its own words.
    assert [line.reason for line in score_unit(RUBRIC, unit(late=2)).items[2].lines] == [
        "无承担任务，按其他项目得分折算"
    ]


def test_the_old_credit_no_longer_lifts_a_grade() -> None:
    """The issue's case: 未启动 with text on a due task once counted 0.8 and made 良好 优秀."""
    # 50 × (1·0.8 + 1·0) / 2 = 20.0 → 15 + 15 + 20 + 20 = 70.0 (一般), not 50 × 1.6 / 2 = 40 → 90.
    facts = unit(fact(1, "按序时推进"), fact(2, "未启动"))
    (score,) = score_all(RUBRIC, [facts])
    assert (score.total, score.grade) == (70.0, "一般")


def test_ranks_follow_the_rule() -> None:
    # 甲: 未启动 on a task not yet due is left out → 50 × 0.8 = 40 → 90.0, first.
    # 乙: the same 未启动 on a due task → 50 × 0.8 / 2 = 20 → 70.0, second.
    jia = unit(fact(1, "按序时推进"), fact(2, "未启动", due=False), name="甲")
    yi = unit(fact(1, "按序时推进"), fact(2, "未启动"), name="乙")
    scores = score_all(RUBRIC, [yi, jia])
    assert [(s.unit, s.total, s.rank) for s in scores] == [("甲", 90.0, 1), ("乙", 70.0, 2)]
