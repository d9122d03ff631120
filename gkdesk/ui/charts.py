"""Bar charts for the 统计 page, drawn with QPainter.

gkdesk depends on PySide6-Essentials only, which has no QtCharts (that module is in the much
larger PySide6-Addons); the three charts the page needs are simple enough to draw by hand:

* ``HBarChart``: one horizontal bar per label (各单位完成率). Its height grows with the rows, so in
  a QScrollArea 150 units scroll instead of being squeezed.
* ``StackedBarChart``: one horizontal bar per label, split into coloured parts (各板块任务状态),
  with a legend.
* ``VBarChart``: vertical bars per category, one per series side by side (各季度按时报送率).

Everything is drawn in logical (device-independent) pixels with antialiasing: on a high-DPI screen
Qt scales the painter, so bars and Chinese text stay sharp. Without data a chart says 暂无数据.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

# The task statuses' colours, used by the stacked chart and its legend.
STATUS_COLOURS: dict[str, str] = {
    "已完成": "#43a047",
    "按序时推进": "#1e88e5",
    "滞后": "#e53935",
    "未启动": "#9e9e9e",
    "未报送": "#dcdcdc",
}
TEXT = QColor("#263238")
MUTED = QColor("#78909c")
GRID = QColor("#e3e7ea")
TRACK = QColor("#eef1f3")
EMPTY_TEXT = "暂无数据"


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _readable_on(colour: QColor) -> QColor:
    """Dark text on light fills, white on dark ones."""
    return TEXT if colour.lightnessF() > 0.6 else QColor("white")


class _Chart(QWidget):
    """What the three charts share: a white card, padding, the empty state, row tooltips."""

    PAD = 10.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = EMPTY_TEXT
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_empty_text(self, text: str) -> None:
        """What to say when there is nothing to draw (e.g. why: no quarter opened yet)."""
        self.empty_text = text or EMPTY_TEXT
        self.update()

    def is_empty(self) -> bool:
        raise NotImplementedError

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), self.palette().base())
        if self.is_empty():
            p.setPen(MUTED)
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
        else:
            self.draw(p, QFontMetricsF(self.font()))
        p.end()

    def draw(self, p: QPainter, fm: QFontMetricsF) -> None:
        raise NotImplementedError

    def tooltip_at(self, x: float, y: float) -> str:
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def row_height(self, fm: QFontMetricsF | None = None) -> float:
        metrics = fm or QFontMetricsF(self.font())
        return max(24.0, metrics.height() + 10)


def _legend(p: QPainter, fm: QFontMetricsF, x: float, y: float, items: Sequence[tuple[str, QColor]]) -> None:
    """A single line of colour swatches with their names, starting at (x, y)."""
    box = fm.height() * 0.7
    for name, colour in items:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(QRectF(x, y + (fm.height() - box) / 2, box, box), 2, 2)
        x += box + 5
        p.setPen(TEXT)
        p.drawText(QPointF(x, y + fm.ascent()), name)
        x += fm.horizontalAdvance(name) + 16


class HBarChart(_Chart):
    """Labels left, a bar per label, the value at the bar's end; one row per label.

    ``colour_of(value)`` picks each bar's colour (default: green from 80%, blue from 50%, red below).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        maximum: float = 1.0,
        value_text: Callable[[float], str] = percent,
        colour_of: Callable[[float], QColor] | None = None,
    ) -> None:
        super().__init__(parent)
        self.maximum = maximum
        self.value_text = value_text
        self.colour_of = colour_of or self._default_colour
        self.rows: list[tuple[str, float]] = []
        self._fit_height()

    @staticmethod
    def _default_colour(value: float) -> QColor:
        if value >= 0.8:
            return QColor(STATUS_COLOURS["已完成"])
        if value >= 0.5:
            return QColor(STATUS_COLOURS["按序时推进"])
        return QColor(STATUS_COLOURS["滞后"])

    def set_data(self, rows: Sequence[tuple[str, float]]) -> None:
        self.rows = list(rows)
        self._fit_height()
        self.update()

    def is_empty(self) -> bool:
        return not self.rows

    def _fit_height(self) -> None:
        # The height follows the rows, so a scroll area around the chart scrolls through them.
        rows = max(len(self.rows), 4)
        self.setMinimumHeight(int(rows * self.row_height() + 2 * self.PAD))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(460, self.minimumHeight())

    def _label_width(self, fm: QFontMetricsF) -> float:
        widest = max((fm.horizontalAdvance(label) for label, _ in self.rows), default=0.0)
        return min(widest + 12, self.width() * 0.45)

    def draw(self, p: QPainter, fm: QFontMetricsF) -> None:
        row_h = self.row_height(fm)
        label_w = self._label_width(fm)
        value_w = fm.horizontalAdvance(self.value_text(self.maximum)) + 10
        left = self.PAD + label_w
        bar_w = max(10.0, self.width() - left - value_w - self.PAD)
        bar_h = min(row_h * 0.6, fm.height() + 2)
        for i, (label, value) in enumerate(self.rows):
            top = self.PAD + i * row_h
            mid = top + row_h / 2
            p.setPen(TEXT)
            text = fm.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - 12)
            p.drawText(
                QRectF(self.PAD, top, label_w - 12, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            share = max(0.0, min(1.0, value / self.maximum)) if self.maximum else 0.0
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(TRACK)
            p.drawRoundedRect(QRectF(left, mid - bar_h / 2, bar_w, bar_h), 3, 3)
            if share > 0:
                p.setBrush(self.colour_of(value))
                p.drawRoundedRect(QRectF(left, mid - bar_h / 2, max(bar_w * share, 3.0), bar_h), 3, 3)
            p.setPen(TEXT)
            p.drawText(
                QRectF(left + bar_w + 6, top, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(value),
            )

    def tooltip_at(self, x: float, y: float) -> str:
        i = int((y - self.PAD) // self.row_height())
        if self.rows and 0 <= i < len(self.rows) and y >= self.PAD:
            label, value = self.rows[i]
            return f"{label}：{self.value_text(value)}"
        return ""


class StackedBarChart(_Chart):
    """One bar per label, split by key (e.g. status) in ``keys`` order; a legend on top.

    Bars are drawn to one scale (the largest total), so a section with more tasks is longer;
    each part shows its count when it is wide enough, and every row ends with its total.
    """

    def __init__(
        self,
        keys: Sequence[str],
        colours: Mapping[str, str],
        parent: QWidget | None = None,
        *,
        unit: str = "项",
    ) -> None:
        super().__init__(parent)
        self.keys = list(keys)
        self.colours = {k: QColor(colours[k]) for k in self.keys}
        self.unit = unit
        self.rows: list[tuple[str, dict[str, int]]] = []
        self._fit_height()

    def set_data(self, rows: Sequence[tuple[str, Mapping[str, int]]]) -> None:
        self.rows = [(label, {k: int(counts.get(k, 0)) for k in self.keys}) for label, counts in rows]
        self._fit_height()
        self.update()

    def is_empty(self) -> bool:
        return not self.rows or not any(sum(c.values()) for _, c in self.rows)

    def _legend_height(self, fm: QFontMetricsF | None = None) -> float:
        return (fm or QFontMetricsF(self.font())).height() + 14

    def _fit_height(self) -> None:
        rows = max(len(self.rows), 3)
        self.setMinimumHeight(int(self._legend_height() + rows * self.row_height() + 2 * self.PAD))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(460, self.minimumHeight())

    def draw(self, p: QPainter, fm: QFontMetricsF) -> None:
        _legend(p, fm, self.PAD, self.PAD, [(k, self.colours[k]) for k in self.keys])
        row_h = self.row_height(fm)
        top0 = self.PAD + self._legend_height(fm)
        widest = max((fm.horizontalAdvance(label) for label, _ in self.rows), default=0.0)
        label_w = min(widest + 12, self.width() * 0.4)
        biggest = max((sum(c.values()) for _, c in self.rows), default=0)
        total_w = fm.horizontalAdvance(f"共 {biggest} {self.unit}") + 10
        left = self.PAD + label_w
        bar_w = max(10.0, self.width() - left - total_w - self.PAD)
        bar_h = min(row_h * 0.66, fm.height() + 4)
        for i, (label, counts) in enumerate(self.rows):
            top = top0 + i * row_h
            mid = top + row_h / 2
            p.setPen(TEXT)
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 12)
            p.drawText(
                QRectF(self.PAD, top, label_w - 12, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            total = sum(counts.values())
            x = left
            for key in self.keys:
                n = counts[key]
                if not n or not biggest:
                    continue
                w = bar_w * n / biggest
                part = QRectF(x, mid - bar_h / 2, w, bar_h)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self.colours[key])
                p.drawRect(part)
                if fm.horizontalAdvance(str(n)) + 6 <= w:
                    p.setPen(_readable_on(self.colours[key]))
                    p.drawText(part, Qt.AlignmentFlag.AlignCenter, str(n))
                x += w
            p.setPen(TEXT)
            p.drawText(
                QRectF(x + 6, top, total_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"共 {total} {self.unit}",
            )

    def tooltip_at(self, x: float, y: float) -> str:
        top0 = self.PAD + self._legend_height()
        i = int((y - top0) // self.row_height())
        if self.rows and 0 <= i < len(self.rows) and y >= top0:
            label, counts = self.rows[i]
            parts = "，".join(f"{k} {counts[k]}" for k in self.keys if counts[k])
            return f"{label}：{parts or '没有任务'}"
        return ""


class VBarChart(_Chart):
    """Vertical bars: for each category (a quarter) one bar per series side by side, on a 0–max axis."""

    def __init__(
        self,
        series: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        maximum: float = 1.0,
        value_text: Callable[[float], str] = percent,
    ) -> None:
        super().__init__(parent)
        self.series = [(name, QColor(colour)) for name, colour in series]
        self.maximum = maximum
        self.value_text = value_text
        self.categories: list[str] = []
        self.values: list[list[float]] = []  # per category, one value per series
        self.setMinimumHeight(200)

    def set_data(self, categories: Sequence[str], values: Sequence[Sequence[float]]) -> None:
        self.categories = list(categories)
        self.values = [list(v) for v in values]
        self.update()

    def is_empty(self) -> bool:
        return not self.categories

    def sizeHint(self) -> QSize:
        return QSize(460, 260)

    def _plot(self, fm: QFontMetricsF) -> QRectF:
        axis_w = fm.horizontalAdvance(self.value_text(self.maximum)) + 8
        top = self.PAD + fm.height() + 14 + fm.height()  # legend, then room for the value labels
        bottom = self.height() - self.PAD - fm.height() - 6
        return QRectF(self.PAD + axis_w, top, self.width() - 2 * self.PAD - axis_w, max(bottom - top, 10))

    def draw(self, p: QPainter, fm: QFontMetricsF) -> None:
        _legend(p, fm, self.PAD, self.PAD, self.series)
        plot = self._plot(fm)
        for k in range(5):  # gridlines at 0, 25, 50, 75, 100 %
            level = self.maximum * k / 4
            y = plot.bottom() - plot.height() * k / 4
            p.setPen(QPen(GRID if k else MUTED, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(MUTED)
            p.drawText(
                QRectF(self.PAD, y - fm.height() / 2, plot.left() - self.PAD - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(level),
            )
        slot = plot.width() / len(self.categories)
        n = max(len(self.series), 1)
        bar_w = min(slot * 0.7 / n, 56.0)
        for i, (category, values) in enumerate(zip(self.categories, self.values, strict=True)):
            x0 = plot.left() + i * slot + (slot - bar_w * n) / 2
            for j, value in enumerate(values[:n]):
                share = max(0.0, min(1.0, value / self.maximum)) if self.maximum else 0.0
                h = plot.height() * share
                bar = QRectF(x0 + j * bar_w + 1, plot.bottom() - h, bar_w - 2, h)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self.series[j][1])
                p.drawRect(bar)
                p.setPen(TEXT)
                label = QRectF(bar.left() - 12, bar.top() - fm.height() - 2, bar.width() + 24, fm.height())
                p.drawText(label, Qt.AlignmentFlag.AlignCenter, self.value_text(value))
            p.setPen(TEXT)
            p.drawText(
                QRectF(plot.left() + i * slot, plot.bottom() + 4, slot, fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                fm.elidedText(category, Qt.TextElideMode.ElideRight, slot - 4),
            )

    def tooltip_at(self, x: float, y: float) -> str:
        if not self.categories:
            return ""
        plot = self._plot(QFontMetricsF(self.font()))
        i = int((x - plot.left()) // (plot.width() / len(self.categories)))
        if 0 <= i < len(self.categories) and x >= plot.left():
            parts = "，".join(
                f"{name} {self.value_text(v)}"
                for (name, _), v in zip(self.series, self.values[i], strict=False)
            )
            return f"{self.categories[i]}：{parts}"
        return ""
