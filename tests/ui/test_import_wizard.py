"""The import wizard: a document read in the background, corrected in the preview, then stored.

The tests drive the real widgets (buttons, the table's editor, the split/unit/changes dialogs) and
check what was stored through the services.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gkdesk.errors import UserError
from gkdesk.services.documents import parse_document
from gkdesk.services.planning import import_plan, list_plans, list_tasks
from gkdesk.services.units import add_alias, list_units
from gkdesk.ui import import_wizard
from gkdesk.ui.context import AppContext
from gkdesk.ui.import_preview_model import (
    COL_CO,
    COL_DEADLINE,
    COL_LEAD,
    COL_SEQ,
    COL_TITLE,
    UNKNOWN_UNIT_COLOR,
    WARNING_ROW_COLOR,
    ImportPreviewTableModel,
)
from gkdesk.ui.import_wizard import ImportWizard
from gkdesk.ui.unit_picker import UnitCompleter, UnitListEdit, split_names
from tests.helpers import encrypt_docx, row_counts
from tests.ui.helpers import press_keys

YONGZHOU = Path(__file__).resolve().parent.parent / "data" / "yongzhou2021.docx"

# Task 3 has no units and a numbering gap before it: both are parser warnings.
WARN_PLAN = """\
示范市2024年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市直各单位按职责分工负责）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发改委、市财政局配合）
（四）做好政务舆情回应。及时回应社会关切。
二、加强平台建设
（一）加强政府网站管理。开展常态化监测。（市政府办公室、市大数据中心按职责分工负责）
"""

Messages = list[tuple[str, str, str]]


def wait(qtbot: QtBot, wizard: ImportWizard) -> None:
    """Let the wizard's latest background job finish (its follow-up has run afterwards)."""
    assert wizard.job is not None
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass


def open_wizard(qtbot: QtBot, ctx: AppContext, path: Path | None = YONGZHOU) -> ImportWizard:
    wizard = ImportWizard(ctx, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    if path is not None:
        wait(qtbot, wizard)
    return wizard


def select(wizard: ImportWizard, row: int) -> None:
    wizard.table.selectRow(row)
    assert wizard.table.currentIndex().row() == row


def save(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, wizard)


def only_plan(ctx: AppContext) -> int:
    plans = list_plans(ctx.db)
    assert len(plans) == 1
    return plans[0].id


def write_plan(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_with_a_unit_corrected_in_the_table(
    qtbot: QtBot, ctx: AppContext, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_wizard, "choose_files", lambda *a, **k: [YONGZHOU])
    wizard = open_wizard(qtbot, ctx, path=None)
    assert wizard.stack.currentIndex() == 0 and not wizard.save_button.isEnabled()
    qtbot.mouseClick(wizard.choose_button, Qt.MouseButton.LeftButton)
    wait(qtbot, wizard)

    assert wizard.stack.currentIndex() == 1
    assert wizard.model.rowCount() == 18
    assert wizard.title_edit.text() == "永州市2021年政务公开工作要点"
    assert wizard.year_spin.value() == 2021
    assert "做好各类规划主动公开" in wizard.source_view.toPlainText()
    assert wizard.new_radio.isChecked() and not wizard.prior_label.isVisible()

    # Task 2's lead is printed 市发改委; the office's register calls it 市发展改革委.
    index = wizard.model.index(1, COL_LEAD)
    assert index.data() == "市发改委"
    wizard.table.setCurrentIndex(index)
    wizard.table.edit(index)
    editor = wizard.table.findChild(UnitListEdit)
    assert editor is not None and editor.text() == "市发改委"
    editor.selectAll()
    press_keys(editor, "市发展改革委")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: index.data() == "市发展改革委")  # the delegate commits queued
    assert wizard.undo_button.isEnabled()

    save(qtbot, wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted
    plan_id = only_plan(ctx)
    assert ctx.plan_id == plan_id and wizard.report is not None and wizard.report.created
    tasks = list_tasks(ctx.db, plan_id)
    assert len(tasks) == 18
    assert tasks[1].lead == ("市发展改革委",)
    assert tasks[3].lead[0] == "市发改委"  # only the cell that was edited changed
    assert "市发展改革委" in {u.name for u in list_units(ctx.db)}
    kind, title, text = messages[-1]
    assert (kind, title) == ("information", "导入完成")
    assert text.startswith("已导入计划“永州市2021年政务公开工作要点”：18 项任务，新增单位")


def test_merge_and_split_then_save(qtbot: QtBot, ctx: AppContext, messages: Messages) -> None:
    wizard = open_wizard(qtbot, ctx)
    model = wizard.model
    first, second, third = model.task(0), model.task(1), model.task(2)

    select(wizard, 0)
    assert not wizard.merge_button.isEnabled()  # nothing above the first task
    select(wizard, 2)
    qtbot.mouseClick(wizard.merge_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 17
    merged = model.task(1)
    assert merged.title == f"{second.title}；{third.title}"
    assert merged.text == f"{second.text}\n{third.text}"
    # Task 3's leads (市直相关单位 …) were 配合 of task 2: lead stays lead, so they lead now.
    assert merged.lead == ["市发改委", *third.lead]
    assert merged.co == []
    assert wizard.table.currentIndex().row() == 1

    select(wizard, 0)
    qtbot.mouseClick(wizard.split_button, Qt.MouseButton.LeftButton)
    dialog = wizard.split_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.ok_button.isEnabled()
    at = first.text.index("抓好国资国企")
    cursor = dialog.text_view.textCursor()
    cursor.setPosition(at)
    dialog.text_view.setTextCursor(cursor)
    assert dialog.title_edit.text().startswith("抓好国资国企")  # offered from the cursor on
    dialog.title_edit.clear()
    press_keys(dialog.title_edit, "抓好五大改革行动信息公开")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 18
    assert model.task(0).text == first.text[:at].rstrip()
    assert model.task(1).title == "抓好五大改革行动信息公开"
    assert model.task(1).text.startswith("抓好国资国企")
    assert model.task(1).lead == first.lead
    assert [model.index(r, COL_SEQ).data() for r in range(3)] == [1, 2, 3]

    save(qtbot, wizard)
    tasks = list_tasks(ctx.db, only_plan(ctx))
    assert len(tasks) == 18
    assert tasks[1].title == "抓好五大改革行动信息公开" and tasks[1].seq == 2
    assert tasks[2].title == merged.title and tasks[2].lead == tuple(merged.lead)
    assert tasks[3].title == model.task(3).title


def test_move_units_between_lead_and_co(qtbot: QtBot, ctx: AppContext, messages: Messages) -> None:
    wizard = open_wizard(qtbot, ctx)
    select(wizard, 1)
    assert wizard.model.task(1).co == ["市直相关单位", "各县市区人民政府", "管理区管委会", "经开区管委会"]
    qtbot.mouseClick(wizard.lead_button, Qt.MouseButton.LeftButton)
    dialog = wizard.unit_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert [b.text() for b in dialog.boxes] == wizard.model.task(1).co
    assert not any(b.isChecked() for b in dialog.boxes)  # several candidates: the user picks
    box = dialog.boxes[1]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(20, box.height() // 2))  # on its text
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    task = wizard.model.task(1)
    assert task.lead == ["市发改委", "各县市区人民政府"]
    assert task.co == ["市直相关单位", "管理区管委会", "经开区管委会"]

    # And back: the single lead of task 5 is ticked already, one click moves it.
    select(wizard, 4)
    qtbot.mouseClick(wizard.co_button, Qt.MouseButton.LeftButton)
    dialog = wizard.unit_dialog
    assert dialog is not None and [b.isChecked() for b in dialog.boxes] == [True]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert wizard.model.task(4).lead == [] and wizard.model.task(4).co[0] == "市财政局"
    assert not wizard.co_button.isEnabled() and wizard.lead_button.isEnabled()
    qtbot.mouseClick(wizard.undo_button, Qt.MouseButton.LeftButton)
    assert wizard.model.task(4).lead == ["市财政局"]

    save(qtbot, wizard)
    stored = list_tasks(ctx.db, only_plan(ctx))[1]
    assert stored.lead == ("市发改委", "各县市区人民政府")
    assert stored.co == ("市直相关单位", "管理区管委会", "经开区管委会")


def test_unknown_units_and_warnings_are_highlighted(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    register = write_plan(
        tmp_path,
        "名册.txt",
        "示范市2023年政务公开工作要点\n一、总体\n（一）做好政策解读。同步发布。"
        "（市司法局牵头，市政府办公室、市卫生健康委配合）\n",
    )
    import_plan(ctx.db, register)
    add_alias(ctx.db, "市大数据中心", "市政府办公室")  # an alias is a known name too
    wizard = open_wizard(qtbot, ctx, write_plan(tmp_path, "要点.txt", WARN_PLAN))
    model = wizard.model
    bg, tip = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole

    assert model.index(0, COL_LEAD).data(bg) is None  # 市司法局 is registered
    assert model.index(0, COL_CO).data(bg) == UNKNOWN_UNIT_COLOR  # 市直各单位 is not
    assert "市直各单位" in model.index(0, COL_CO).data(tip)
    assert model.index(3, COL_LEAD).data(bg) is None  # 市政府办公室 + the alias 市大数据中心
    assert model.unknown_units() == {"市直各单位": [1], "市发改委": [2], "市财政局": [2]}

    # Task 3: no units, and (四) follows (二).
    assert model.index(2, COL_TITLE).data(bg) == WARNING_ROW_COLOR
    assert model.index(1, COL_TITLE).data(bg) is None
    assert "没有找到牵头或配合单位" in model.index(2, COL_TITLE).data(tip)
    assert "编号不连续" in model.index(2, COL_TITLE).data(tip)
    texts = [wizard.issues.item(i).text() for i in range(wizard.issues.count())]
    assert texts[0] == "第3项任务“做好政务舆情回应”没有找到牵头或配合单位。"
    assert texts[1].startswith("第3项：编号不连续")
    assert "单位名册中还没有“市直各单位”（第 1 项），保存时将新建" in texts
    wizard._issue_clicked(wizard.issues.item(0))
    assert wizard.table.currentIndex().row() == 2

    # A typo in a registered name is caught at once; giving task 3 a unit clears its warning.
    assert model.setData(model.index(0, COL_LEAD), "市司法局、市卫生健康委员会")
    assert model.index(0, COL_LEAD).data(bg) == UNKNOWN_UNIT_COLOR
    assert "市卫生健康委员会" in model.index(0, COL_LEAD).data(tip)
    assert model.setData(model.index(2, COL_LEAD), "市卫生健康委")
    assert model.index(2, COL_LEAD).data(bg) == WARNING_ROW_COLOR  # known, but the gap remains
    assert [w.kind for w in model.warnings()] == ["numbering_gap"]
    assert wizard.issues_box.title().startswith("需要核对（5 条")


def test_reimport_previews_the_changes_then_updates(
    qtbot: QtBot, ctx: AppContext, messages: Messages
) -> None:
    plan_id = import_plan(ctx.db, YONGZHOU).plan_id
    before = list_tasks(ctx.db, plan_id)
    wizard = open_wizard(qtbot, ctx)
    assert wizard.prior_plan == plan_id
    assert wizard.prior_label.isVisible() and f"计划 {plan_id}" in wizard.prior_label.text()
    assert "已由该文件导入" in wizard.prior_label.text()
    assert wizard.update_radio.isChecked() and wizard.plan_combo.currentData() == plan_id

    model = wizard.model
    # Tasks are matched by 编号 and title: a changed unit is an update of the same task.
    assert model.setData(model.index(0, COL_LEAD), "市直相关单位、各县市区人民政府")
    select(wizard, 17)
    qtbot.mouseClick(wizard.delete_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 17

    # Choosing 新建计划 for the same file stores nothing and offers the update instead.
    wizard.new_radio.setChecked(True)
    counts = row_counts(ctx.db)
    save(qtbot, wizard)
    assert messages[-1][:2] == ("question", "该文件已导入过")
    assert f"计划 {plan_id} 已由该文件导入" in messages[-1][2]
    wait(qtbot, wizard)  # the answer was Yes: the dry run
    dialog = wizard.changes_dialog
    assert dialog is not None and dialog.isVisible()
    assert wizard.update_radio.isChecked()
    shown = [label.text() for label in dialog.findChildren(import_wizard.QLabel)]
    assert "1 项" in shown  # updated
    assert dialog.vanished.count() == 1 and before[17].title in dialog.vanished.item(0).text()
    # The dry run stored nothing: same rows, same ids, same titles.
    assert row_counts(ctx.db) == counts
    assert list_tasks(ctx.db, plan_id) == before

    qtbot.mouseClick(dialog.prune_box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait(qtbot, wizard)
    after = list_tasks(ctx.db, plan_id)
    assert len(after) == 17 and len(list_plans(ctx.db)) == 1
    assert after[0].id == before[0].id and after[0].lead == ("市直相关单位", "各县市区人民政府")
    assert [t.id for t in after[1:]] == [t.id for t in before[1:17]]
    assert wizard.result() == QDialog.DialogCode.Accepted and ctx.plan_id == plan_id
    kind, title, text = messages[-1]
    assert (kind, title) == ("information", "导入完成")
    assert "新增 0 项，修改 1 项，未变 16 项，删除 1 项" in text


def test_a_broken_file_shows_the_message_and_stores_nothing(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    broken = tmp_path / "工作要点.docx"
    broken.write_bytes(b"this is not a Word document at all")
    counts = row_counts(ctx.db)
    wizard = open_wizard(qtbot, ctx, broken)
    assert messages[-1][0] == "warning" and messages[-1][1] == "无法读取文件"
    with pytest.raises(UserError) as info:
        parse_document(broken)
    assert messages[-1][2] == info.value.message and "工作要点.docx" in info.value.message
    assert wizard.stack.currentIndex() == 0 and not wizard.save_button.isEnabled()
    assert row_counts(ctx.db) == counts


def test_an_encrypted_file_asks_for_its_password(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = encrypt_docx(YONGZHOU, tmp_path / "加密.docx", "gk2021")
    answers = iter(["wrong", "gk2021"])
    prompts: list[str] = []

    def ask(parent: object, title: str, label: str, echo: QLineEdit.EchoMode, *a: object) -> tuple[str, bool]:
        assert echo == QLineEdit.EchoMode.Password
        prompts.append(label)
        return next(answers), True

    monkeypatch.setattr(QInputDialog, "getText", ask)
    wizard = open_wizard(qtbot, ctx, locked)  # asks, tries "wrong"
    wait(qtbot, wizard)  # asks again, tries the right one
    wait(qtbot, wizard)
    assert "设有打开密码" in prompts[0] and prompts[1] == "密码不正确，请重新输入："
    assert wizard.model.rowCount() == 18 and wizard.password == "gk2021"
    save(qtbot, wizard)
    assert len(list_tasks(ctx.db, only_plan(ctx))) == 18


def test_a_dropped_file_is_read_and_closing_with_edits_asks(
    qtbot: QtBot, ctx: AppContext, messages: Messages
) -> None:
    wizard = open_wizard(qtbot, ctx, path=None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(YONGZHOU))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    wizard.dropEvent(event)
    wait(qtbot, wizard)
    assert wizard.model.rowCount() == 18 and wizard.file_label.text() == "yongzhou2021.docx"

    assert wizard.model.setData(wizard.model.index(0, COL_DEADLINE), "2021年9月底前")
    assert wizard.model.task(0).deadline_date == "2021-09-30"
    wizard.reject()
    assert messages[-1][:2] == ("question", "放弃修改？")
    assert list_plans(ctx.db) == []


def test_choosing_a_task_scrolls_the_source_to_it(qtbot: QtBot, ctx: AppContext, messages: Messages) -> None:
    wizard = open_wizard(qtbot, ctx)
    select(wizard, 12)
    marks = wizard.source_view.extraSelections()
    assert len(marks) == 1
    assert marks[0].cursor.selectedText().startswith(wizard.model.task(12).text[:20])
    assert wizard.source_view.textCursor().position() == marks[0].cursor.selectionStart()
    assert wizard.source_view.verticalScrollBar().value() > 0


def test_preview_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ImportPreviewTableModel()
    model.load(parse_document(YONGZHOU))
    model.set_known_units(["市发改委"])
    qtmodeltester.check(model)

    assert model.merge_up(3) and model.rowCount() == 17
    assert model.split(0, "抓好国资国企改革")
    assert model.task(1).text.startswith("抓好国资国企")
    assert model.move_units(2, ["市直相关单位"], "lead")
    assert model.setData(model.index(5, COL_SEQ), 1)  # typing 序号 1 moves the task to the top
    moved = model.task(0)
    assert model.remove_rows([16, 17]) == 2
    assert model.setData(model.index(0, COL_CO), "市财政局、各县（区、市）人民政府")
    assert model.task(0).co == ["市财政局", "各县（区、市）人民政府"]
    assert model.task(0).title == moved.title
    assert not model.setData(model.index(0, COL_SEQ), 99)
    qtmodeltester.check(model)

    assert [t.seq for t in model.tasks()] == list(range(1, 17))
    while model.undo():
        pass
    assert model.rowCount() == 18 and model.tasks() == parse_document(YONGZHOU).tasks
    qtmodeltester.check(model)


def test_unit_names_are_split_and_completed() -> None:
    assert split_names("市财政局、 市发改委，市财政局;各县（区、市）人民政府") == [
        "市财政局",
        "市发改委",
        "各县（区、市）人民政府",
    ]
    edit = UnitListEdit(["市发改委", "市财政局", "市司法局"])
    completer = edit.completer()
    assert isinstance(completer, UnitCompleter)
    edit.setText("市财政局、发改")
    assert completer.splitPath(edit.text()) == ["发改"]
    completer.setCompletionPrefix("发改")
    found = completer.completionModel().index(0, 0)
    assert found.data() == "市发改委" and completer.completionModel().rowCount() == 1
    assert completer.pathFromIndex(found) == "市财政局、市发改委"
    edit.deleteLater()
    QApplication.processEvents()
