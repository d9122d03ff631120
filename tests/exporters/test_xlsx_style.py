"""xlsx_style.save_atomically: the finished file, its permissions, and what a failed write leaves."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gkdesk.exporters.xlsx_style import header_footer_text, save_atomically

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def write(path: Path, data: bytes = b"new") -> Path:
    def save(temp: Path) -> None:
        temp.write_bytes(data)

    return save_atomically(path, save)


def with_umask(umask: int, path: Path) -> int:
    old = os.umask(umask)
    try:
        write(path)
    finally:
        os.umask(old)
    return stat.S_IMODE(path.stat().st_mode)


@POSIX
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_the_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask: int, mode: int) -> None:
    """A temporary file is 0600; the finished one must be readable like any file the user saves."""
    assert with_umask(umask, tmp_path / "new.xlsx") == mode
    # Replacing a file written earlier gives the same mode, not the temporary file's.
    assert with_umask(umask, tmp_path / "new.xlsx") == mode


def test_the_file_is_written_and_parent_folders_made(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "t.xlsx"
    assert write(path, b"content") == path
    assert path.read_bytes() == b"content"
    assert os.listdir(path.parent) == ["t.xlsx"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")

    def fail(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        save_atomically(path, fail)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["t.xlsx"]


def test_temporary_names_never_collide(tmp_path: Path) -> None:
    seen: set[str] = set()

    def record(temp: Path) -> None:
        assert temp.parent == tmp_path and temp.name.startswith(".~gkdesk-") and temp.suffix == ".xlsx"
        seen.add(temp.name)
        temp.write_bytes(b"x")

    for i in range(20):
        save_atomically(tmp_path / f"{i}.xlsx", record)
    assert len(seen) == 20


def test_header_footer_text_doubles_ampersands() -> None:
    assert header_footer_text("A&B\x07局") == "A&&B局"
