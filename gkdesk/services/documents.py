"""Read and parse a document into a ``ParsedPlan`` (no database; kept free of SQLAlchemy so that
``gkdesk parse`` starts fast)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from gkdesk.errors import UserError
from gkdesk.importers.dispatch import DOCUMENT_SUFFIXES, SUPPORTED, is_report_template, read_document
from gkdesk.parsing.columns import ROLES, ColumnRole
from gkdesk.parsing.plan import parse_blocks
from gkdesk.records import ParsedPlan

__all__ = ["DOCUMENT_SUFFIXES", "SUPPORTED", "is_report_template", "parse_column_option", "parse_document"]


def parse_document(
    path: Path,
    password: str | None = None,
    columns: Mapping[str, ColumnRole] | None = None,
    remembered: Mapping[str, ColumnRole] | None = None,
) -> ParsedPlan:
    """Parse ``path``; raises ``UserError`` subclasses for anything the user must fix.

    ``columns`` maps table headers to the roles the user chose for them; ``remembered`` holds
    the choices of earlier imports (see ``parse_blocks``).
    """
    blocks = read_document(path, password)
    return parse_blocks(blocks, source=path.name, columns=columns, remembered=remembered)


def parse_column_option(text: str) -> dict[str, ColumnRole]:
    """``"具体要求=task,责任科室=lead"`` → ``{"具体要求": "task", "责任科室": "lead"}``.

    Separators may be ASCII or Chinese commas; a role may also be given by its Chinese name.
    """
    by_name: dict[str, ColumnRole] = {r: r for r in ROLES}
    by_name.update(_CHINESE)
    out: dict[str, ColumnRole] = {}
    for part in text.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        header, sep, role = part.replace("＝", "=").partition("=")
        header, role = header.strip(), role.strip().lower()
        if not sep or not header or role not in by_name:
            names = "、".join(ROLES)
            raise UserError(
                f"--columns 的写法不对：“{part}”。应写成 列名=角色，角色可以是 {names}，"
                '例如 --columns "具体要求=task,责任科室=lead,时限要求=deadline"。',
                code="bad_columns",
            )
        out[header] = by_name[role]
    return out


_CHINESE: dict[str, ColumnRole] = {
    "序号": "label",
    "分类": "section",
    "章节": "section",
    "任务": "task",
    "牵头": "lead",
    "牵头单位": "lead",
    "配合": "co",
    "配合单位": "co",
    "时限": "deadline",
    "完成时限": "deadline",
    "忽略": "ignore",
    "不导入": "ignore",
}
