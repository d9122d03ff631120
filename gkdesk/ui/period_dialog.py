"""The 新建季度 dialog: which quarter of the plan's year, and the reporting deadline.

The deadline starts on the 8th of the month after the quarter (the usual date in the offices'
notices) and follows the quarter until the user picks a date of their own. Choosing a quarter that
is already open changes its deadline instead; a closed one cannot be changed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gkdesk.records import PeriodRow

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def default_deadline(year: int, quarter: int) -> date:
    """The 8th of the month after the quarter: Q1 → 4月8日 … Q4 → next year's 1月8日."""
    month = quarter * 3 + 1
    return date(year + 1, 1, 8) if month > 12 else date(year, month, 8)


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class PeriodDialog(QDialog):
    def __init__(
        self,
        year: int | None,
        periods: Sequence[PeriodRow] = (),
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建季度")
        today = today or date.today()
        self.periods = {(p.year, p.quarter): p for p in periods}
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(year or today.year)
        self.year_box.setSuffix(" 年")
        # The plan is for one year; only a plan whose year is unknown lets the user pick it.
        self.year_box.setEnabled(year is None)
        self.quarter_box = QComboBox()
        self.quarter_box.addItems(list(QUARTERS))
        self.deadline_edit = QDateEdit()
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy年M月d日")
        self.note = QLabel()
        self.note.setObjectName("periodNote")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("年份：", self.year_box)
        form.addRow("季度：", self.quarter_box)
        form.addRow("报送截止日期：", self.deadline_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        self._auto_deadline = True
        first_free = next(
            (q for q in range(1, 5) if (self.year_box.value(), q) not in self.periods),
            (today.month - 1) // 3 + 1,
        )
        self.quarter_box.setCurrentIndex(first_free - 1)
        self._quarter_changed()
        self.quarter_box.currentIndexChanged.connect(self._quarter_changed)
        self.year_box.valueChanged.connect(self._quarter_changed)
        self.deadline_edit.dateChanged.connect(self._deadline_edited)
        self.resize(400, self.sizeHint().height())

    def year(self) -> int:
        return self.year_box.value()

    def quarter(self) -> int:
        return self.quarter_box.currentIndex() + 1

    def code(self) -> str:
        return f"{self.year()}Q{self.quarter()}"

    def deadline(self) -> date:
        return from_qdate(self.deadline_edit.date())

    def _deadline_edited(self) -> None:
        self._auto_deadline = False

    def _quarter_changed(self) -> None:
        existing = self.periods.get((self.year(), self.quarter()))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.deadline_edit.blockSignals(True)
        if existing is not None:
            self.deadline_edit.setDate(to_qdate(date.fromisoformat(existing.deadline)))
        elif self._auto_deadline:
            self.deadline_edit.setDate(to_qdate(default_deadline(self.year(), self.quarter())))
        self.deadline_edit.blockSignals(False)
        if existing is None:
            self.note.setText("开启后即可生成报送表、收取回执。")
            ok.setText("开启")
            ok.setEnabled(True)
            self.deadline_edit.setEnabled(True)
        elif existing.closed:
            self.note.setText("这个季度已开启并已关闭，不能修改。如需修改，请先在页面上点“重新开启”。")
            ok.setText("开启")
            ok.setEnabled(False)
            self.deadline_edit.setEnabled(False)
        else:
            self.note.setText("这个季度已经开启。点“修改截止日期”只改报送截止日期，已收到的报送不受影响。")
            ok.setText("修改截止日期")
            ok.setEnabled(True)
            self.deadline_edit.setEnabled(True)
