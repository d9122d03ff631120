"""The 考核评分 page over the hand-scored quarter of tests/services/test_scoring.py.

The table must show exactly the engine's numbers; a deduction typed into the form must move
丙县人民政府 from rank 2 to 3 at once, and deleting it must put it back; the save button waits for
a reason; the exports write their files off the GUI thread; a closed quarter refuses entries.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from gkdesk.db import Database
from gkdesk.services.periods import open_period, set_closed
from gkdesk.services.planning import import_plan
from gkdesk.services.review import period_scores, score_entries
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages import review_page
from gkdesk.ui.pages.review_page import REASON_HINT, ReviewPage
from gkdesk.ui.score_table_model import SORT_ROLE, ScoreTableModel
from tests.services.test_scoring import EXPECTED, quarter  # noqa: F401  (quarter is a fixture)
from tests.ui.helpers import press_keys

Messages = list[tuple[str, str, str]]
COUNTY_B, COUNTY_C = "乙县人民政府", "丙县人民政府"


def make_page(qtbot: QtBot, ctx: AppContext, db: Database) -> ReviewPage:
    assert ctx.db is db
    ctx.set_plan(1)
    ctx.set_period("2021Q1")
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown(page: ReviewPage) -> dict[str, dict[str, str]]:
    """What the table shows: unit → header → cell text, in the view's (sorted) order."""
    proxy = page.proxy
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    out = {}
    for r in range(proxy.rowCount()):
        cells = {h: proxy.index(r, c).data() for c, h in enumerate(headers)}
        out[cells["单位"]] = cells
    return out


def click_unit(qtbot: QtBot, page: ReviewPage, unit: str) -> None:
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of(unit), 1)).row()
    rect = page.table.visualRect(page.proxy.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.unit_label.text() == unit


def test_the_table_shows_the_quarters_scores(qtbot: QtBot, ctx: AppContext, quarter: Database) -> None:  # noqa: F811
    page = make_page(qtbot, ctx, quarter)
    assert page.heading.text() == "2021年第一季度考核评分"
    headers = [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(page.proxy.columnCount())]
    assert headers == [
        "排名",
        "单位",
        "类别",
        "报送时效(15)",
        "报送质量(15)",
        "任务落实(50)",
        "日常公开工作(20)",
        "加分",
        "扣分",
        "总分",
        "等次",
    ]
    table = shown(page)
    # The sheet's own order: categories as registered, then rank.
    assert list(table) == list(EXPECTED)
    for unit, (category, items, bonus, penalty, total, rank, grade) in EXPECTED.items():
        row = table[unit]
        assert (row["排名"], row["类别"], row["总分"], row["等次"]) == (
            str(rank),
            category,
            f"{total:.1f}",
            grade,
        )
        assert [row[h] for h in headers[3:7]] == [f"{items[k]:g}" for k in "1234"]
        assert row["加分"] == (f"{bonus:g}" if bonus else "")
        assert row["扣分"] == (f"{penalty:g}" if penalty else "")

    model = page.model
    grade_col = model.column_of("等次")
    colour = {
        model.unit_at(r).grade: model.index(r, grade_col).data(Qt.ItemDataRole.ForegroundRole)
        for r in range(model.rowCount())
    }
    assert colour["优秀"] == QColor("#1b7f3b")
    assert colour["较差"] == colour["不合格"] == QColor("#c62828")
    assert colour["良好"] is None
    # An item cell's tooltip lists its reasons.
    late = model.index(model.row_of(COUNTY_B), model.column_of("报送时效(15)"))
    assert "逾期 2 个工作日  -5" in late.data(Qt.ItemDataRole.ToolTipRole)
    veto = model.index(model.row_of("市财政局"), grade_col)
    assert veto.data(Qt.ItemDataRole.ToolTipRole) == "单项否决：保密审查不严，泄露个人信息"


def test_sorting_by_total_uses_numbers(qtbot: QtBot, ctx: AppContext, quarter: Database) -> None:  # noqa: F811
    page = make_page(qtbot, ctx, quarter)
    total_col = page.model.column_of("总分")
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(total_col) + 5, 5),
    )
    totals = [page.proxy.index(r, total_col).data(SORT_ROLE) for r in range(page.proxy.rowCount())]
    assert sorted(totals) in (totals, list(reversed(totals)))
    assert {totals[0], totals[-1]} == {101.7, 16.0}  # 101.7 sorts as a number, not after "16.0"


def test_a_deduction_entered_in_the_form_moves_the_rank_and_deleting_it_restores_it(
    qtbot: QtBot,
    ctx: AppContext,
    quarter: Database,  # noqa: F811
    messages: Messages,
) -> None:
    page = make_page(qtbot, ctx, quarter)
    assert (shown(page)[COUNTY_C]["排名"], shown(page)[COUNTY_C]["总分"]) == ("2", "84.0")
    click_unit(qtbot, page, COUNTY_C)
    items = [page.item_combo.itemData(i) for i in range(page.item_combo.count())]
    assert items == ["4.1", "4.2", "4.3", "4.4", "bonus", "penalty", "veto"]
    page.item_combo.setCurrentIndex(items.index("4.1"))
    page.points_spin.setValue(-1)
    press_keys(page.reason_edit, "信息发布不及时")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    table = shown(page)
    assert (table[COUNTY_C]["排名"], table[COUNTY_C]["总分"]) == ("3", "83.0")
    assert table[COUNTY_C]["日常公开工作(20)"] == "19"
    assert table[COUNTY_B]["排名"] == "2"
    scores = {s.unit: s for s in period_scores(quarter, "2021Q1").units}
    assert (scores[COUNTY_C].total, scores[COUNTY_C].rank) == (83.0, 3)
    (entry,) = [e for e in score_entries(quarter, "2021Q1") if e.unit == COUNTY_C and e.item == "4.1"]
    assert (entry.points, entry.reason) == (-1.0, "信息发布不及时")
    assert page.reason_edit.text() == "" and not page.save_button.isEnabled()
    # The detail follows: still 丙县, the line under 4. 日常公开工作, and the entry with its button.
    assert page.unit_label.text() == COUNTY_C
    daily = page.tree.topLevelItem(3)
    assert [daily.child(i).text(0) for i in range(daily.childCount())] == ["主动公开及时规范：信息发布不及时"]
    assert page.entries_table.item(1, 2).text() == "信息发布不及时"

    qtbot.mouseClick(page.delete_buttons[entry.id], Qt.MouseButton.LeftButton)
    assert messages[-1][:2] == ("question", "删除人工评分")
    table = shown(page)
    assert (table[COUNTY_C]["排名"], table[COUNTY_C]["总分"]) == ("2", "84.0")
    assert all(e.item != "4.1" for e in score_entries(quarter, "2021Q1"))
    assert entry.id not in page.delete_buttons


def test_save_waits_for_a_reason(qtbot: QtBot, ctx: AppContext, quarter: Database) -> None:  # noqa: F811
    page = make_page(qtbot, ctx, quarter)
    click_unit(qtbot, page, "市司法局")
    before = len(score_entries(quarter, "2021Q1"))
    assert not page.save_button.isEnabled()
    assert page.hint_label.text() == REASON_HINT
    press_keys(page.reason_edit, "   ")
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Return)
    assert len(score_entries(quarter, "2021Q1")) == before
    press_keys(page.reason_edit, "栏目维护不到位")
    assert page.save_button.isEnabled() and page.hint_label.text() == ""
    page.points_spin.setValue(0)
    assert not page.save_button.isEnabled() and "不能为 0" in page.hint_label.text()
    page.item_combo.setCurrentIndex(page.item_combo.findData("veto"))
    assert not page.points_spin.isEnabled()
    page.reason_edit.clear()
    assert not page.save_button.isEnabled() and page.hint_label.text() == REASON_HINT


def test_a_bonus_and_a_veto_from_the_form(qtbot: QtBot, ctx: AppContext, quarter: Database) -> None:  # noqa: F811
    page = make_page(qtbot, ctx, quarter)
    click_unit(qtbot, page, "市司法局")
    page.item_combo.setCurrentIndex(page.item_combo.findData("bonus"))
    assert page.points_spin.value() == 1
    page.points_spin.setValue(2)
    press_keys(page.reason_edit, "经验做法被推广")
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Return)
    assert shown(page)["市司法局"]["加分"] == "2" and shown(page)["市司法局"]["总分"] == "72.0"
    page.item_combo.setCurrentIndex(page.item_combo.findData("veto"))
    press_keys(page.reason_edit, "弄虚作假")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert shown(page)["市司法局"]["等次"] == "不合格"
    # The veto is listed and can be deleted like any entry (the score sheet itself has no id for it).
    (veto,) = [e for e in score_entries(quarter, "2021Q1") if e.unit == "市司法局" and e.item == "veto"]
    assert page.delete_buttons[veto.id].isEnabled()


@pytest.mark.parametrize("which", ["scores", "notice"])
def test_exports_write_their_files(
    qtbot: QtBot,
    ctx: AppContext,
    quarter: Database,  # noqa: F811
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
) -> None:
    page = make_page(qtbot, ctx, quarter)
    target = tmp_path / "out" / ("评分表" if which == "scores" else "通报")  # no suffix: the page adds it
    target.parent.mkdir()
    asked: list[str] = []

    def fake_save(parent: object, ctx: object, key: str, title: str, name: str, filters: str) -> Path:
        asked.append(name)
        return target

    opened: list[Path] = []
    monkeypatch.setattr(review_page, "save_file", fake_save)
    monkeypatch.setattr(review_page, "open_folder", opened.append)
    button = page.export_scores_button if which == "scores" else page.export_notice_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert opened == [target.parent]
    assert messages[-1][:2] == ("question", "导出完成")
    if which == "scores":
        assert asked == ["2021年第一季度考核评分表.xlsx"]
        book = load_workbook(target.with_suffix(".xlsx"))
        text = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value}
        assert {"甲县人民政府", "丙县人民政府"} <= text
    else:
        assert asked == ["2021年第一季度考核结果通报.docx"]
        doc = Document(str(target.with_suffix(".docx")))
        assert "考核" in "".join(p.text for p in doc.paragraphs)


def test_a_closed_quarter_refuses_entries(qtbot: QtBot, ctx: AppContext, quarter: Database) -> None:  # noqa: F811
    set_closed(quarter, "2021Q1", True)
    page = make_page(qtbot, ctx, quarter)
    assert page.state_label.text() == "本季度已关闭，得分已固定。"
    click_unit(qtbot, page, "市商务局")
    assert not page.form.isEnabled() and not page.save_button.isEnabled()
    assert page.closed_label.isVisible() and "已关闭" in page.closed_label.text()
    assert page.delete_buttons and not any(b.isEnabled() for b in page.delete_buttons.values())
    assert shown(page)["市商务局"]["总分"] == "16.0"  # the frozen scores


def test_the_year_view_is_read_only(qtbot: QtBot, ctx: AppContext, quarter: Database) -> None:  # noqa: F811
    page = make_page(qtbot, ctx, quarter)
    page.annual_box.setChecked(True)
    assert page.heading.text() == "2021年度考核评分"
    # Only 2021Q1 is past its deadline, so the year equals that quarter.
    assert {u: r["总分"] for u, r in shown(page).items()} == {u: f"{e[4]:.1f}" for u, e in EXPECTED.items()}
    click_unit(qtbot, page, COUNTY_C)
    assert not page.form.isVisible() and not page.entries_table.isVisible()
    assert page.export_scores_button.isEnabled() and not page.export_notice_button.isEnabled()
    page.annual_box.setChecked(False)
    assert page.heading.text() == "2021年第一季度考核评分" and page.form.isVisible()


def test_without_a_quarter_the_page_says_what_to_do(
    qtbot: QtBot, ctx: AppContext, database: Database, tmp_path: Path
) -> None:
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert "导入工作要点" in page.empty_label.text() and page.body.currentWidget() is page.empty_label
    src = tmp_path / "要点.txt"
    src.write_text("某市2021年政务公开工作要点\n一、公开\n（一）甲任务。（市财政局牵头）\n", encoding="utf-8")
    ctx.set_plan(import_plan(database, src).plan_id)
    assert "开启季度" in page.empty_label.text()
    assert not page.export_scores_button.isEnabled() and not page.annual_box.isEnabled()
    open_period(database, "2021Q1", date(2099, 4, 15))
    ctx.set_period("2021Q1")
    assert page.body.currentWidget() is page.table and page.proxy.rowCount() == 1
    page.annual_box.setChecked(True)  # no quarter of 2021 has passed its deadline (2099) yet
    assert "还没有已截止或已关闭的季度" in page.empty_label.text()


def test_score_table_model(qtmodeltester: object, quarter: Database) -> None:  # noqa: F811
    model = ScoreTableModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_sheet(period_scores(quarter, "2021Q1"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 6 and model.columnCount() == 11
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.index(0, model.column_of("总分")).data(SORT_ROLE) == 101.7
    assert model.data(QModelIndex()) is None
    model.set_sheet(period_scores(quarter, "2021"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
