"""Read and parse a document into a ``ParsedPlan`` (no database; kept free of SQLAlchemy so that
``gkdesk parse`` starts fast)."""

from __future__ import annotations

from pathlib import Path

from gkdesk.importers.dispatch import read_document
from gkdesk.parsing.plan import parse_blocks
from gkdesk.records import ParsedPlan


def parse_document(path: Path, password: str | None = None) -> ParsedPlan:
    """Parse ``path``; raises ``UserError`` subclasses for anything the user must fix."""
    return parse_blocks(read_document(path, password), source=path.name)
