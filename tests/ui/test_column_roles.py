"""The import wizard's 表格各列的用途 strip: the roles the parser gave a table's columns, changed
by the user in the combo boxes (the document is read again at once), remembered for the next file.

The tests pick roles the way a user does, in the combo box's popup list.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from gkdesk.services.column_memory import remember_columns, remembered_columns
from gkdesk.services.planning import list_plans, list_tasks
from gkdesk.ui.column_roles import (
    REMEMBERED_TIP,
    UNSURE_COLUMN_COLOR,
    UNSURE_TIP,
    ColumnEntry,
    ColumnRolesStrip,
)
from gkdesk.ui.context import AppContext
from gkdesk.ui.import_preview_model import COL_CO, COL_LEAD
from gkdesk.ui.import_wizard import ImportWizard
from tests.helpers import row_counts, write_docx

# The offscreen platform cannot raise a combo box's popup list or grab the keyboard for it.
pytestmark = pytest.mark.qt_log_ignore("does not support (raise|grabbing the keyboard)")

Messages = list[tuple[str, str, str]]

# 其他 is a header the parser has no name for: its cells hold units, so it reads them as 配合
# and is not sure.
HEADERS = ["序号", "类别", "具体事项", "承担科室", "其他", "办结时限"]
ROWS = [
    [
        "1",
        "决策公开",
        "完善重大行政决策事项目录管理，按规定向社会公开征求意见，提高决策透明度。",
        "办公室",
        "法规科",
        "2024年6月底前",
    ],
    [
        "2",
        "决策公开",
        "做好政策解读工作，政策文件与解读材料同步起草、同步审签、同步发布。",
        "政策法规科",
        "办公室、信息中心",
        "长期坚持",
    ],
    [
        "3",
        "平台建设",
        "加强政府网站和政务新媒体管理，开展常态化监测，及时整改发现的问题。",
        "信息中心",
        "各科室",
        "每季度",
    ],
    [
        "4",
        "平台建设",
        "推进政务公开专区标准化建设，完善线上线下服务功能，方便群众查询。",
        "行政审批科",
        "办公室",
        "2024年12月底前",
    ],
]
ROWS_2025 = [
    [
        "1",
        "决策公开",
        "健全重大行政决策公众参与机制，决策草案向社会公开征求意见。",
        "法规科",
        "办公室",
        "2025年6月底前",
    ],
    [
        "2",
        "解读回应",
        "加强政策解读回应，重要政策出台时同步发布解读材料。",
        "办公室",
        "政策法规科、信息中心",
        "长期坚持",
    ],
    [
        "3",
        "平台建设",
        "推进政府网站集约化建设，完善政务新媒体常态化监管机制。",
        "信息中心",
        "各科室",
        "每季度",
    ],
]
PARAGRAPHS = """\
示范市2024年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市直各单位按职责分工负责）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发改委、市财政局配合）
"""


def write_table(path: Path, rows: list[list[str]], title: str = "某局2024年政务公开工作任务分工") -> Path:
    return write_docx(path, [title], table=[HEADERS, *rows])


def wait(qtbot: QtBot, wizard: ImportWizard) -> None:
    assert wizard.job is not None
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass


def open_wizard(qtbot: QtBot, ctx: AppContext, path: Path) -> ImportWizard:
    wizard = ImportWizard(ctx, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    wait(qtbot, wizard)
    return wizard


def entry(wizard: ImportWizard, header: str) -> ColumnEntry:
    found = [e for e in wizard.column_strip.entries if e.column.header == header]
    assert len(found) == 1, header
    return found[0]


def roles(wizard: ImportWizard) -> list[str]:
    return [e.combo.currentText() for e in wizard.column_strip.entries]


def pick(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Open the combo box's list and click ``text`` in it, as a user does."""
    row = combo.findText(text)
    assert row >= 0, text
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def highlighted(e: ColumnEntry) -> bool:
    return e.autoFillBackground() and e.palette().color(QPalette.ColorRole.Window) == UNSURE_COLUMN_COLOR


def test_the_strip_shows_each_column_with_its_guess(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, ctx, write_table(tmp_path / "分工表.docx", ROWS))
    strip = wizard.column_strip
    assert strip.isVisible() and strip.title() == "表格各列的用途"
    assert not strip.table_combo.isVisible()  # one table: nothing to choose
    assert [e.name_label.text() for e in strip.entries] == HEADERS
    assert roles(wizard) == ["序号", "分类（章节）", "任务内容", "牵头单位", "配合单位", "完成时限"]
    combo = strip.entries[0].combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "序号",
        "分类（章节）",
        "任务内容",
        "牵头单位",
        "配合单位",
        "完成时限",
        "不导入",
    ]
    other = entry(wizard, "其他")
    assert highlighted(other) and UNSURE_TIP in other.combo.toolTip()
    sure = [e for e in strip.entries if e is not other]
    assert not any(highlighted(e) for e in sure)
    assert all(UNSURE_TIP not in e.combo.toolTip() for e in sure)
    assert wizard.model.task(0).co == ["法规科"] and wizard.model.task(0).lead == ["办公室"]
    assert wizard.model.index(1, COL_CO).data() == "办公室、信息中心"


def test_choosing_a_role_reads_the_table_again(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, ctx, write_table(tmp_path / "分工表.docx", ROWS))
    model = wizard.model
    # The user's own title and year stay through a new reading.
    wizard.title_edit.setText("某局2024年政务公开任务")
    wizard.year_spin.setValue(2025)

    pick(qtbot, entry(wizard, "其他").combo, "牵头单位")
    wait(qtbot, wizard)
    assert [model.task(r).lead for r in range(2)] == [
        ["办公室", "法规科"],
        ["政策法规科", "办公室", "信息中心"],
    ]
    assert model.task(0).co == [] and model.index(0, COL_LEAD).data() == "办公室、法规科"
    assert model.rowCount() == 4 and not model.can_undo
    other = entry(wizard, "其他")  # the strip is shown anew, the choice no longer unsure
    assert other.combo.currentText() == "牵头单位" and not highlighted(other)
    assert "已把“其他”列设为“牵头单位”，重新读出 4 项任务" in wizard.status_label.text()
    assert wizard.title_edit.text() == "某局2024年政务公开任务" and wizard.year_spin.value() == 2025
    assert wizard.edited_plan().year == 2025

    # Edits in the preview are not thrown away without asking.
    assert model.setData(model.index(2, COL_LEAD), "县信息中心")
    asked = len(messages)
    pick(qtbot, entry(wizard, "类别").combo, "任务内容")
    assert messages[asked][:2] == ("question", "放弃修改？")  # answered Yes
    wait(qtbot, wizard)
    assert model.task(2).lead == ["信息中心", "各科室"]  # the edit is gone, 其他 still leads
    # One task column: the former one, right of the new, is no longer imported.
    assert roles(wizard)[1:3] == ["任务内容", "不导入"]
    assert [model.task(r).title for r in range(4)] == ["决策公开", "决策公开", "平台建设", "平台建设"]
    assert "原来的任务内容列“具体事项”已改为“不导入”" in wizard.status_label.text()

    # A table with no task column cannot be read: said plainly, nothing read again.
    job = wizard.job
    before = model.tasks()
    pick(qtbot, entry(wizard, "类别").combo, "不导入")
    kind, title, text = messages[-1]
    assert (kind, title) == ("warning", "不能这样设置") and "每张任务表都要有一列“任务内容”" in text
    assert wizard.job is job and model.tasks() == before
    assert entry(wizard, "类别").combo.currentText() == "任务内容"  # put back


def test_a_file_that_cannot_be_read_again_keeps_the_preview(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "分工表.docx", ROWS)
    wizard = open_wizard(qtbot, ctx, path)
    before = wizard.model.tasks()
    path.unlink()  # moved away while the wizard was open
    pick(qtbot, entry(wizard, "其他").combo, "牵头单位")
    wait(qtbot, wizard)
    assert messages[-1] == ("warning", "无法按新的列用途读取", "找不到文件：分工表.docx")
    assert wizard.model.tasks() == before and wizard.column_strip.isEnabled()
    assert entry(wizard, "其他").combo.currentText() == "配合单位"


def test_a_choice_is_remembered_for_the_next_file(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    first = open_wizard(qtbot, ctx, write_table(tmp_path / "2024分工表.docx", ROWS))
    pick(qtbot, entry(first, "其他").combo, "牵头单位")
    wait(qtbot, first)
    assert remembered_columns(ctx.db) == {}  # nothing stored before saving
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, first)
    assert first.report is not None and first.report.created
    assert remembered_columns(ctx.db) == {"其他": "lead"}
    assert list_tasks(ctx.db, first.report.plan_id)[0].lead == ("办公室", "法规科")

    path = write_table(tmp_path / "2025分工表.docx", ROWS_2025, "某局2025年政务公开工作任务分工")
    second = open_wizard(qtbot, ctx, path)
    other = entry(second, "其他")
    assert other.combo.currentText() == "牵头单位" and not highlighted(other)
    assert REMEMBERED_TIP in other.combo.toolTip()
    assert REMEMBERED_TIP not in entry(second, "承担科室").combo.toolTip()
    assert second.model.task(1).lead == ["办公室", "政策法规科", "信息中心"]
    assert second.model.task(1).co == []

    # Changed back for this file: saving remembers that instead.
    pick(qtbot, entry(second, "其他").combo, "配合单位")
    wait(qtbot, second)
    assert second.model.task(1).co == ["政策法规科", "信息中心"]
    assert "按你刚才的选择" in entry(second, "其他").combo.toolTip()
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, second)
    assert remembered_columns(ctx.db) == {"其他": "co"}
    assert len(list_plans(ctx.db)) == 2


def test_a_remembered_choice_that_leaves_no_task_column_is_not_used(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    remember_columns(ctx.db, {"具体事项": "ignore"})
    wizard = open_wizard(qtbot, ctx, write_table(tmp_path / "分工表.docx", ROWS))
    task = entry(wizard, "具体事项")
    assert task.combo.currentText() == "任务内容" and REMEMBERED_TIP not in task.combo.toolTip()
    assert wizard.model.rowCount() == 4


def test_paragraph_documents_show_no_strip(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    text = tmp_path / "要点.txt"
    text.write_text(PARAGRAPHS, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, text)
    assert wizard.model.rowCount() == 2 and wizard.parsed is not None and wizard.parsed.columns == ()
    assert wizard.column_strip.isHidden() and wizard.column_strip.entries == []

    wizard.load_file(write_table(tmp_path / "分工表.docx", ROWS))
    wait(qtbot, wizard)
    assert wizard.column_strip.isVisible() and len(wizard.column_strip.entries) == 6
    wizard.load_file(text)
    wait(qtbot, wizard)
    assert wizard.column_strip.isHidden()


def test_several_tables_offer_a_choice_of_table(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    d = docx.Document()
    d.add_paragraph("某局2024年政务公开工作任务分工")
    for headers, rows in (
        (HEADERS, ROWS[:2]),
        (["序号", "工作任务", "牵头单位", "配合单位"], [[r[0], r[2], r[3], r[4]] for r in ROWS[2:]]),
    ):
        d.add_paragraph("附表")
        table = d.add_table(rows=len(rows) + 1, cols=len(headers))
        for r, row in enumerate([headers, *rows]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    path = tmp_path / "两张表.docx"
    d.save(str(path))
    counts = row_counts(ctx.db)
    wizard = open_wizard(qtbot, ctx, path)
    strip = wizard.column_strip
    assert strip.table_combo.isVisible() and strip.table_combo.count() == 2
    assert [e.column.header for e in strip.entries] == HEADERS

    strip.table_combo.setCurrentIndex(1)
    strip.table_combo.activated.emit(1)
    assert [e.combo.currentText() for e in strip.entries] == ["序号", "任务内容", "牵头单位", "配合单位"]
    pick(qtbot, entry(wizard, "配合单位").combo, "不导入")
    wait(qtbot, wizard)
    assert strip.table_combo.currentIndex() == 1  # still the table the user was looking at
    assert entry(wizard, "配合单位").combo.currentText() == "不导入"
    assert [wizard.model.task(r).co for r in range(4)] == [["法规科"], ["办公室", "信息中心"], [], []]
    assert row_counts(ctx.db) == counts  # nothing stored before saving


def test_columns_under_one_header_change_together_or_not_at_all(
    qtbot: QtBot, ctx: AppContext, messages: Messages, tmp_path: Path
) -> None:
    headers = ["序号", "工作内容", "责任单位", "责任单位", "时间"]
    rows = [[r[0], r[2], r[3], r[4], r[5]] for r in ROWS]
    path = write_docx(tmp_path / "分工表.docx", ["某局2024年政务公开工作任务分工"], table=[headers, *rows])
    wizard = open_wizard(qtbot, ctx, path)
    strip = wizard.column_strip
    assert roles(wizard) == ["序号", "任务内容", "牵头单位", "配合单位", "完成时限"]
    job, before = wizard.job, wizard.model.tasks()
    pick(qtbot, strip.entries[3].combo, "不导入")  # would drop the 牵头 column as well
    kind, title, text = messages[-1]
    assert (kind, title) == ("warning", "不能这样设置") and "表头都是“责任单位”" in text
    assert wizard.job is job and wizard.model.tasks() == before
    assert strip.entries[3].combo.currentText() == "配合单位"

    pick(qtbot, strip.entries[2].combo, "配合单位")  # the other one is 配合 already
    wait(qtbot, wizard)
    assert roles(wizard)[2:4] == ["配合单位", "配合单位"]
    assert wizard.model.task(0).lead == [] and wizard.model.task(0).co == ["办公室", "法规科"]


def test_the_strip_alone(qtbot: QtBot) -> None:
    """Headerless tables cannot be given roles by header: their combo boxes are off."""
    from gkdesk.records import TableColumn

    strip = ColumnRolesStrip()
    qtbot.addWidget(strip)
    strip.show_columns([TableColumn(0, 0, "", "label", True), TableColumn(0, 1, "", "task", False)])
    assert [e.name_label.text() for e in strip.entries] == ["第1列", "第2列"]
    assert not any(e.combo.isEnabled() for e in strip.entries)
    assert highlighted(strip.entries[1]) and not highlighted(strip.entries[0])
    strip.show_columns([])
    assert strip.isHidden()
