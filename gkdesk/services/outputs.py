"""Putting a set of new files in place of the old ones, all or none.

On Windows a file open in Excel, WPS or Word can be neither replaced nor renamed. Replacing a set
one file at a time would stop at such a file with part of the set new and part old, so the old
files are first moved aside; when one of them cannot be, the ones already moved go back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from gkdesk.errors import UserError

Moved = list[tuple[Path, Path]]  # (where the old file is now, where it was)


def set_aside(targets: Sequence[Path], folder: Path, locked: Callable[[Path], UserError]) -> Moved:
    """Move every existing file of ``targets`` into ``folder`` (created here, on the same disk).

    If one cannot be moved, those moved so far go back and, when it is held open (PermissionError),
    ``locked(that file)`` is raised; every target is then as it was.
    """
    folder.mkdir()
    moved: Moved = []
    for n, target in enumerate(targets):
        if not target.is_file():
            continue
        aside = folder / str(n)  # short: the target's own name might not fit a deeper folder
        try:
            os.replace(target, aside)
        except OSError as exc:
            put_back(moved)
            if isinstance(exc, PermissionError):
                raise locked(target) from None
            raise
        moved.append((aside, target))
    return moved


def put_back(moved: Moved) -> None:
    """Undo ``set_aside``."""
    for aside, target in reversed(moved):
        os.replace(aside, target)
