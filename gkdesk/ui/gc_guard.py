"""Python's cyclic garbage collector, run on the GUI thread only.

Left to itself, the collector may run in whichever thread happens to allocate, including a
worker of the QThreadPool, and then destroy Qt widgets that belong to the GUI thread: a crash
seen about once in 25 test runs. So automatic collection is switched off and a timer on the GUI
thread collects instead (young objects often, everything now and then).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 500, full_every: int = 20) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._full_every = full_every
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._collect)
        self._timer.start(interval_ms)

    def _collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % self._full_every == 0 else 0)
