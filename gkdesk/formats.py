"""The report template's file format, shared by the writer (exporters) and the reader (importers).

A template carries a hidden sheet that says which plan, period and unit it was issued for and
which task each row is; its checksum lets the reader notice when that sheet was edited.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable

SHEET_TITLE = "进展情况报送表"
HIDDEN_SHEET = "_gkdesk"
FORMAT_NAME = "gkdesk-report-template"
TEMPLATE_VERSION = 1
# Characters Windows forbids in file names (a unit's name becomes part of one).
ILLEGAL_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# A file name may have 255 UTF-8 bytes on Linux (ext4: only 85 CJK characters) and 255 UTF-16
# units on Windows, where a whole path has 259 characters unless long paths are enabled.
MAX_NAME_BYTES = 255
MAX_NAME_UNITS = 255
MAX_PATH = 259
SHORTEST_PART = 10  # characters of a unit's name kept however deep the folder, so it stays readable


# Text as it survives a trip through a cell: characters Excel cannot store are dropped and
# readers strip the ends, so the checksum must not depend on either.
_NOT_IN_CELLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _canonical(text: object) -> str:
    return _NOT_IN_CELLS.sub("", str(text)).strip()


def template_checksum(
    plan_id: int,
    period_code: str,
    unit_id: int,
    unit_name: str,
    rows: Iterable[tuple[str, int, str]],
    version: int = TEMPLATE_VERSION,
) -> str:
    """First 16 hex digits of the SHA-256 of a canonical JSON of what identifies a template.

    ``rows`` are (code, task_id, role). The reader recomputes this from the hidden sheet; the
    """
    payload = [
        int(version),
        int(plan_id),
        _canonical(period_code),
        int(unit_id),
        _canonical(unit_name),
        [[_canonical(code), int(task_id), _canonical(role)] for code, task_id, role in rows],
    ]
    canonical = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _safe(part: str) -> str:
    return ILLEGAL_IN_FILE_NAMES.sub("_", part.strip()) or "_"


def _tag(part: str) -> str:
    return "…" + hashlib.sha256(part.strip().encode("utf-8")).hexdigest()[:6]


def _fits(name: str, units: int) -> bool:
    return len(name.encode("utf-8")) <= MAX_NAME_BYTES and _utf16_len(name) <= units


def fitted_file_name(part: str, rest: str, folder: str | os.PathLike[str] | None = None) -> str:
    """``part`` (a unit's name) made safe for a file name, followed by ``rest`` ("-2021Q1-….xlsx").

    A name too long for the file systems, or for Windows' 259-character path inside ``folder`` (the
    folder the file is first written in), has ``part`` shortened, down to ``SHORTEST_PART``
    characters for the path, and marked with "…" and six hex digits of the SHA-256 of the whole
    ``part``: two long names alike up to the cut stay apart, and a name is the same on every run.
    """
    safe = _safe(part)
    room = MAX_NAME_UNITS
    if folder is not None:
        room = min(room, MAX_PATH - _utf16_len(os.path.abspath(folder)) - 1)
    if _fits(safe + rest, room):
        return safe + rest
    tag = _tag(part)
    keep = len(safe)
    while keep > 1 and not _fits(safe[:keep] + tag + rest, MAX_NAME_UNITS):
        keep -= 1
    while keep > SHORTEST_PART and not _fits(safe[:keep] + tag + rest, room):
        keep -= 1
    return safe[:keep] + tag + rest


def names_part(shown: str, part: str) -> bool:
    """Whether ``shown``, read from a file name, is ``part`` as ``fitted_file_name`` writes it,
    whole or shortened."""
    safe, tag = _safe(part), _tag(part)
    return shown == safe or (shown.endswith(tag) and safe.startswith(shown[: -len(tag)]))
