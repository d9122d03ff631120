"""How long-running services report progress and learn they were cancelled.

A service takes ``progress(done, total, label)`` and ``cancelled()`` callables; the window wires
them to a progress dialog, the command line to stderr. ``Ticker`` keeps the services' loops short.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gkdesk.errors import CancelledError

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


@dataclass(slots=True)
class Ticker:
    total: int
    progress: ProgressFn | None = None
    cancelled: CancelledFn | None = None
    done: int = 0

    def check(self) -> None:
        """Raise ``CancelledError`` when the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise CancelledError()

    def step(self, label: str) -> None:
        """Count one item done (after checking for cancel)."""
        self.check()
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, label)
