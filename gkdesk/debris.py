"""The half-written files and staging folders gkdesk makes beside its outputs, and their sweeping.

Every output is written beside its target first — a ``.~gkdesk-<pid>-<random>.xlsx/.docx`` file
or a ``.gkdesk-<pid>-<random>`` staging folder — and moved into place only when complete. A
process killed midway leaves them behind; the next run in that folder removes them (``sweep``),
they are hidden on Windows (``hide``), and ``collect`` never reads them (``is_debris``).

The process id in the name tells a dead run's leftovers from a live run's work in progress, e.g.
another window of this PC writing into the same folder. A run on another PC sharing the folder
has an id that means nothing here, so nothing younger than ``MIN_AGE`` is ever removed, and
anything older than ``MAX_AGE`` is removed whatever its id says.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path

FILE_PREFIX = ".~gkdesk-"
FOLDER_PREFIX = ".gkdesk-"
MIN_AGE = 120.0  # seconds: longer than any write of one file or one staging set takes
MAX_AGE = 24 * 3600.0
# As long as the longest staging folder name (a 7-digit pid; mkdtemp adds 8 characters), for
# fitting file names that will be written inside one.
FOLDER_STAND_IN = FOLDER_PREFIX + "9" * 7 + "-" + "x" * 8

_PID = re.compile(r"^\.~?gkdesk-(\d+)-")


def file_name(suffix: str) -> str:
    """A fresh name for a half-written file of this process."""
    return f"{FILE_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{suffix}"


def new_file(folder: Path, suffix: str) -> Path:
    """An empty, hidden half-written file in ``folder``, after sweeping the folder's old leftovers.

    Created with mode 0666 for the umask to trim (``tempfile.mkstemp`` makes 0600, which
    ``os.replace`` would keep, so colleagues sharing the folder could not open the result) without
    touching the process-wide umask, which worker threads share.
    """
    sweep(folder)
    for _ in range(100):
        temp = folder / file_name(suffix)
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        hide(temp)
        return temp
    raise FileExistsError(f"no free temporary file name in {folder}")


def new_folder(folder: Path) -> Path:
    """A hidden staging folder of this process in ``folder``, after sweeping old leftovers."""
    import tempfile

    sweep(folder)
    staging = Path(tempfile.mkdtemp(prefix=folder_prefix(), dir=folder))
    hide(staging)
    return staging


def folder_prefix() -> str:
    """The prefix of this process's staging folders (for ``tempfile.mkdtemp``)."""
    return f"{FOLDER_PREFIX}{os.getpid()}-"


def is_debris(path: Path, root: Path | None = None) -> bool:
    """True for a half-written file or anything in a staging folder (relative to ``root``).

    Office's own ``~$`` lock files are not debris: collect reports them, since one means a unit's
    file is still open in Excel.
    """
    parts = path.relative_to(root).parts if root is not None and path.is_relative_to(root) else (path.name,)
    return any(p.startswith((FILE_PREFIX, FOLDER_PREFIX)) for p in parts)


def hide(path: Path) -> None:
    """Hide a staging file or folder in Explorer (its leading dot hides it elsewhere already)."""
    if sys.platform == "win32":
        import ctypes

        file_attribute_hidden = 0x2
        with contextlib.suppress(OSError, AttributeError):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), file_attribute_hidden)  # type: ignore[attr-defined]


def sweep(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the leftovers of dead runs directly in ``folder``; returns what was removed.

    Never raises: a leftover that cannot be removed now (held open, no permission) is tried again
    by the next run.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith((FILE_PREFIX, FOLDER_PREFIX)) or not _abandoned(entry, now):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def _abandoned(entry: Path, now: float) -> bool:
    try:
        age = now - entry.lstat().st_mtime
    except OSError:
        return False
    if age < MIN_AGE:
        return False
    if age > MAX_AGE:
        return True
    found = _PID.match(entry.name)
    if found is None:
        return True  # an older gkdesk's name, without a process id
    pid = int(found.group(1))
    return pid != os.getpid() and not _alive(pid)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        process_query_limited_information, still_active = 0x1000, 259
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return (
                bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
            )
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True
