"""Long work off the GUI thread: a QThreadPool job with a progress dialog and a cancel button.

``run_job`` takes a function ``fn(progress, cancelled) -> result`` (the services' own progress
and cancel callables), runs it on the pool, and calls ``on_done(result)`` back on the GUI thread.
A ``UserError`` becomes a clear message, ``CancelledError`` a short note, anything else the
error dialog (with details, written to the log). The window never freezes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from gkdesk.errors import CancelledError
from gkdesk.services.progress import CancelledFn, ProgressFn
from gkdesk.ui.errors import show_error

JobFn = Callable[[ProgressFn, CancelledFn], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: JobFn, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(lambda d, t, label: self.signals.progress.emit(d, t, label), self.cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Job(QObject):
    """A running job; ``finished`` fires once, after ``on_done``/``on_failed`` ran."""

    finished = Signal()

    def __init__(self, parent: QWidget, title: str, *, cancellable: bool) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.signals = _Signals()
        self.dialog = QProgressDialog(title, "取消" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick jobs finish before a dialog flashes up
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._cancel)
        self.signals.progress.connect(self._progress)
        self.result: Any = None
        self.error: BaseException | None = None

    @Slot()
    def _cancel(self) -> None:
        self.cancel.set()
        self.dialog.setLabelText("正在取消……")

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, label: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if label and not self.cancel.is_set():
            self.dialog.setLabelText(label)


def run_job(
    parent: QWidget,
    title: str,
    fn: JobFn,
    on_done: Callable[[Any], None],
    *,
    on_failed: Callable[[BaseException], None] | None = None,
    cancellable: bool = True,
    pool: QThreadPool | None = None,
) -> Job:
    job = Job(parent, title, cancellable=cancellable)

    def done(result: Any) -> None:
        job.result = result
        job.dialog.close()
        try:
            on_done(result)
        except Exception as exc:  # a failure in the follow-up is still shown, never swallowed
            show_error(parent, exc)
        job.finished.emit()

    def failed(exc: BaseException) -> None:
        job.error = exc
        job.dialog.close()
        if on_failed is not None:
            on_failed(exc)
        elif not isinstance(exc, CancelledError):
            show_error(parent, exc)
        job.finished.emit()

    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, job.signals, job.cancel))
    return job
