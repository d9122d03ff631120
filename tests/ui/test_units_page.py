"""The 单位 page: the register table, in-place edits of 简称 and 类别, search, aliases, merging
after a preview, group members, reordering and the 疑似同名 list — each checked in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gkdesk.records import UnitRow
from gkdesk.services.planning import import_plan
from gkdesk.services.units import list_units, update_unit
from gkdesk.ui.context import AppContext
from gkdesk.ui.pages.units_page import UnitsPage
from gkdesk.ui.unit_dialogs import AliasDialog, MembersDialog, MergeDialog, SuggestionsDialog
from gkdesk.ui.unit_table_model import (
    COL_CATEGORY,
    COL_MEMBERS,
    COL_NAME,
    COL_SHORT,
    UnitFilterProxy,
    UnitTableModel,
)
from tests.ui.helpers import commit_text, run_dialog

# 市发改委 and 市发展改革委 are one unit printed two ways; 市直各单位 is a group.
PLAN = """\
示范市2021年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市发改委配合）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发展改革委、市财政局配合）
二、加强平台建设
（一）加强政府网站管理。开展常态化监测。（市政府办公室牵头，市发改委、市直各单位配合）
"""


def units(ctx: AppContext) -> dict[str, UnitRow]:
    return {u.name: u for u in list_units(ctx.db)}


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> UnitsPage:
    path = tmp_path / "要点.txt"
    path.write_text(PLAN, encoding="utf-8")
    import_plan(ctx.db, path)
    widget = UnitsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names_shown(page: UnitsPage) -> list[str]:
    return [str(page.proxy.index(r, COL_NAME).data()) for r in range(page.proxy.rowCount())]


def click_ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def choose(box: QComboBox, name: str) -> None:
    index = box.findText(name)
    assert index >= 0, name
    box.setCurrentIndex(index)


def test_unit_model_and_proxy_pass_the_model_tester(
    qtmodeltester: object, ctx: AppContext, page: UnitsPage
) -> None:
    model = UnitTableModel(list_units(ctx.db))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy = UnitFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("市")
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]
    assert model.rowCount() == len(list_units(ctx.db)) and model.columnCount() == 7
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["排序", "单位名称", "简称", "类别", "别名", "成员", "任务数"]


def test_the_table_lists_the_register_and_the_search_narrows_it(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage
) -> None:
    assert names_shown(page) == [u.name for u in list_units(ctx.db)]
    assert page.count_label.text() == f"共 {len(list_units(ctx.db))} 个单位"
    group = page.model.row_of("市直各单位")
    assert page.model.index(group, COL_MEMBERS).data() == "（组合，未设成员）"
    commit_text(page.search, "发")
    assert names_shown(page) == ["市发改委", "市发展改革委"]
    assert page.count_label.text().startswith("显示 2 / ")
    page.search.clear()
    assert len(names_shown(page)) == len(list_units(ctx.db))


def edit_cell(qtbot: QtBot, page: UnitsPage, name: str, column: int, text: str) -> None:
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(name), column))
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # The editor is a child of the view (focusWidget() can be another test's window's widget).
    editors = [w for w in page.table.viewport().findChildren(QWidget) if w.isVisible()]
    editor = next((w for w in editors if isinstance(w, QComboBox | QLineEdit)), None)
    if isinstance(editor, QComboBox):
        line = editor.lineEdit()
        assert line is not None
        line.selectAll()
        commit_text(line, text)
        # Commit the way the view does when the user presses Enter in the editor.
        page.table.commitData(editor)
        page.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        return
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    commit_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_short_name_and_category_are_edited_in_place(qtbot: QtBot, ctx: AppContext, page: UnitsPage) -> None:
    refreshed: list[str] = []
    ctx.data_changed.connect(refreshed.append)
    edit_cell(qtbot, page, "市财政局", COL_SHORT, "财政局")
    qtbot.waitUntil(lambda: units(ctx)["市财政局"].short_name == "财政局")
    edit_cell(qtbot, page, "市财政局", COL_CATEGORY, "市直部门")
    qtbot.waitUntil(lambda: units(ctx)["市财政局"].category == "市直部门")
    qtbot.waitUntil(lambda: "units" in refreshed)
    row = page.model.row_of("市财政局")
    assert page.model.index(row, COL_CATEGORY).data() == "市直部门"
    assert page.model.index(row, COL_SHORT).data() == "财政局"
    # The category editor offers the categories in use, so the next unit gets the same spelling.
    assert "市直部门" in page.categories()


def test_merge_shows_what_moves_then_merges(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage, monkeypatch: pytest.MonkeyPatch, messages: list
) -> None:
    previews: list[str] = []

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        assert dialog.source() == "市发改委"  # the selected unit
        choose(dialog.target_box, "市发展改革委")
        previews.append(dialog.preview.text())
        # The preview is a dry run: nothing has changed yet.
        assert "市发改委" in units(ctx)
        click_ok(qtbot, dialog.buttons)

    opened = run_dialog(monkeypatch, MergeDialog, act)
    assert page.select_unit("市发改委")
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    (preview,) = previews
    assert "“市发改委”将并入“市发展改革委”" in preview
    assert "任务关联：转给“市发展改革委” 2 条" in preview  # tasks 1 and 3
    after = units(ctx)
    assert "市发改委" not in after
    assert "市发改委" in after["市发展改革委"].aliases
    assert after["市发展改革委"].tasks == 3
    assert messages[-1][:2] == ("information", "已合并")
    assert page.selected_unit() is not None and page.selected_unit().name == "市发展改革委"  # type: ignore[union-attr]
    assert "市发改委" not in names_shown(page)


def test_merging_a_unit_into_itself_is_not_offered(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        choose(dialog.target_box, "市财政局")
        assert "已经是同一个单位" in dialog.preview.text()
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.swap()
        assert dialog.source() == "市财政局"

    run_dialog(monkeypatch, MergeDialog, act)
    page.select_unit("市财政局")
    before = units(ctx)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert units(ctx) == before


def test_add_alias_keeps_the_typing_when_refused(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage, monkeypatch: pytest.MonkeyPatch, messages: list
) -> None:
    attempts = iter(["市财政局", "市府办"])  # the first is another unit's name: refused

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, AliasDialog)
        assert dialog.unit() == "市政府办公室"
        text = next(attempts)
        if text == "市府办":
            assert dialog.alias() == "市财政局"  # what the user typed is still there
        dialog.alias_edit.clear()
        commit_text(dialog.alias_edit, text)
        click_ok(qtbot, dialog.buttons)

    opened = run_dialog(monkeypatch, AliasDialog, act)
    page.select_unit("市政府办公室")
    qtbot.mouseClick(page.alias_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 2 and opened[0] is opened[1]
    assert messages[0][0] == "warning" and "已是名册中的一个单位" in messages[0][2]
    assert units(ctx)["市政府办公室"].aliases == ("市府办",)
    row = page.model.row_of("市政府办公室")
    assert page.model.index(row, 4).data() == "市府办"


def test_move_up_and_down_swaps_the_order(qtbot: QtBot, ctx: AppContext, page: UnitsPage) -> None:
    first, second = names_shown(page)[:2]
    page.select_unit(first)
    assert not page.up_button.isEnabled()
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert [u.name for u in list_units(ctx.db)][:2] == [second, first]
    assert names_shown(page)[:2] == [second, first]
    assert page.selected_unit().name == first  # type: ignore[union-attr]
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert [u.name for u in list_units(ctx.db)][:2] == [first, second]


def test_move_with_equal_numbers_renumbers_the_register(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage
) -> None:
    a, b, c = names_shown(page)[:3]
    update_unit(ctx.db, b, order=units(ctx)[a].sort_order)  # two units share a number
    ctx.notify("units")
    page.select_unit(b if names_shown(page)[1] == b else a)
    moving = page.selected_unit().name  # type: ignore[union-attr]
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    order = [u.name for u in list_units(ctx.db)]
    assert order[0] == moving and set(order[:2]) == {a, b} and order[2] == c
    assert [u.sort_order for u in list_units(ctx.db)][:3] == [1, 2, 3]


def test_set_members_of_a_group(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, MembersDialog)
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        for name in ("市财政局", "市司法局"):
            item = dialog.item_of(name)
            assert item is not None
            item.setCheckState(Qt.CheckState.Checked)
        assert dialog.item_of("市直各单位") is None  # not its own member
        click_ok(qtbot, dialog.buttons)

    run_dialog(monkeypatch, MembersDialog, act)
    page.select_unit("市直各单位")
    qtbot.mouseClick(page.members_button, Qt.MouseButton.LeftButton)
    assert set(units(ctx)["市直各单位"].members) == {"市财政局", "市司法局"}
    row = page.model.row_of("市直各单位")
    assert set(str(page.model.index(row, COL_MEMBERS).data()).split("、")) == {"市财政局", "市司法局"}

    # Existing members show ticked; unticking one takes it out; "tick the listed" adds the search hits.
    def again(dialog: QDialog) -> None:
        assert isinstance(dialog, MembersDialog)
        item = dialog.item_of("市财政局")
        assert item is not None and item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked)
        commit_text(dialog.search, "政府")
        qtbot.mouseClick(dialog.tick_button, Qt.MouseButton.LeftButton)
        assert dialog.chosen() == ["市政府办公室"] and dialog.removed() == ["市财政局"]
        assert dialog.count_label.text() == "新勾选 1 个单位，移出 1 个成员。"
        click_ok(qtbot, dialog.buttons)

    run_dialog(monkeypatch, MembersDialog, again)
    qtbot.mouseClick(page.members_button, Qt.MouseButton.LeftButton)
    assert set(units(ctx)["市直各单位"].members) == {"市司法局", "市政府办公室"}


def test_a_plain_unit_becomes_a_group_only_after_asking(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage, monkeypatch: pytest.MonkeyPatch, messages: list
) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, MembersDialog)
        item = dialog.item_of("市司法局")
        assert item is not None
        item.setCheckState(Qt.CheckState.Checked)
        click_ok(qtbot, dialog.buttons)

    run_dialog(monkeypatch, MembersDialog, act)
    page.select_unit("市政府办公室")
    qtbot.mouseClick(page.members_button, Qt.MouseButton.LeftButton)
    assert messages[0][:2] == ("question", "设为单位组合")
    office = units(ctx)["市政府办公室"]
    assert office.is_group and office.members == ("市司法局",)


def test_suggestions_can_be_merged_after_the_preview(
    qtbot: QtBot, ctx: AppContext, page: UnitsPage, monkeypatch: pytest.MonkeyPatch, messages: list
) -> None:
    seen: list[list[tuple[str, str]]] = []

    def merge_act(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        # The fuller name is offered as the one to keep.
        assert (dialog.source(), dialog.target()) == ("市发改委", "市发展改革委")
        click_ok(qtbot, dialog.buttons)

    def list_act(dialog: QDialog) -> None:
        assert isinstance(dialog, SuggestionsDialog)
        seen.append([(s.name, s.other) for s in dialog.suggestions])
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        seen.append([(s.name, s.other) for s in dialog.suggestions])
        assert dialog.intro.text() == "名册中没有发现疑似同一单位的名称。"
        assert not dialog.merge_button.isEnabled()

    run_dialog(monkeypatch, MergeDialog, merge_act)
    run_dialog(monkeypatch, SuggestionsDialog, list_act)
    qtbot.mouseClick(page.suggest_button, Qt.MouseButton.LeftButton)
    assert seen[0] and {seen[0][0][0], seen[0][0][1]} == {"市发改委", "市发展改革委"}
    assert seen[1] == []
    assert "市发改委" in units(ctx)["市发展改革委"].aliases


def test_the_page_follows_changes_made_elsewhere(qtbot: QtBot, ctx: AppContext, page: UnitsPage) -> None:
    update_unit(ctx.db, "市司法局", short_name="司法局")
    ctx.notify("units")
    row = page.model.row_of("市司法局")
    assert page.model.index(row, COL_SHORT).data() == "司法局"
