"""The report template's file format, shared by the writer (exporters) and the reader (importers).

A template carries a hidden sheet that says which plan, period and unit it was issued for and
which task each row is; its checksum lets the reader notice when that sheet was edited.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

SHEET_TITLE = "进展情况报送表"
HIDDEN_SHEET = "_gkdesk"
FORMAT_NAME = "gkdesk-report-template"
TEMPLATE_VERSION = 1
# Characters Windows forbids in file names (a unit's name becomes part of one).
ILLEGAL_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


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
