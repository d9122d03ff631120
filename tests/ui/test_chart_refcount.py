"""The 统计 charts must not eat references to ``None`` (issue 13).

On Python 3.11 PySide6 6.12 drops one reference to ``None`` in every call of a Qt method that
returns nothing (``QPainter.setPen``, ``setBrush``, ``drawRect`` …). A chart over 150 units makes
about a thousand such calls per paint, so after a few thousand repaints ``None``'s count reached
zero and the program aborted at exit with "deallocating None". 6.11 does not (measured: 10,000
``setPen`` + ``drawRect`` calls lose nothing), so pyproject.toml keeps PySide6 below 6.12. Here each
chart, fed the way the 统计 page feeds it, is painted 10,000 times in all and ``None``'s count must
hold: the test fails on a PySide6 that leaks, before anyone ships it.

``grab()`` returns a pixmap, so unlike ``render()`` the test's own calls lose nothing. The count is
checked after every paint, so a leaking chart fails the test long before it could crash pytest.
"""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from gkdesk.services.stats import TASK_STATUSES
from gkdesk.ui.charts import STATUS_COLOURS, HBarChart, StackedBarChart, VBarChart, _Chart

PAINTS = 10_000
MARGIN = 100


def charts(qtbot: QtBot) -> list[_Chart]:
    completion = HBarChart()
    completion.set_data([(f"第{i}号单位", (i % 11) / 10) for i in range(20)])
    status = StackedBarChart(TASK_STATUSES, STATUS_COLOURS)
    status.set_data(
        [
            (f"{name}、第{name}板块", {key: (i * 3 + n) % 7 for i, key in enumerate(TASK_STATUSES)})
            for n, name in enumerate("一二三四五六七八")
        ]
    )
    quarters = VBarChart([("按时报送率", "#1e88e5"), ("报送率（含逾期）", "#90caf9")])
    quarters.set_data(
        [f"2021年第{q}季度" for q in "一二三四"], [[0.5, 0.75], [0.8, 0.9], [0.3, 1.0], [1.0, 1.0]]
    )
    made: list[_Chart] = [completion, status, quarters]
    for chart in made:
        qtbot.addWidget(chart)
        chart.resize(chart.sizeHint())
    return made


def test_painting_the_charts_keeps_nones_count(qtbot: QtBot) -> None:
    made = charts(qtbot)
    for chart in made:
        chart.grab()  # first paint: fonts, caches
    reserve = [None] * 1_000_000  # so a leaking chart fails the assertion instead of aborting pytest
    before = sys.getrefcount(None)
    for n in range(PAINTS):
        made[n % len(made)].grab()
        lost = before - sys.getrefcount(None)
        assert lost < MARGIN, (
            f"{type(made[n % len(made)]).__name__}: {lost} references to None lost after {n + 1} paints"
        )
    del reserve
