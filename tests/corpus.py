"""Where the shared 工作要点 corpus lives and how its answers are compared (as score_import.py does)."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

CORPUS = Path(
    os.environ.get("GKDESK_CORPUS", Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
)
_PUNCT = re.compile(r"[\s。;;::,,、.·•]+")


def norm(text: str | None) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def documents() -> list[Path]:
    """Every corpus document (.docx and .txt) that has an answer file."""
    if not CORPUS.is_dir():
        return []
    out = []
    for answer in sorted(CORPUS.glob("*.expected.json")):
        stem = answer.name.removesuffix(".expected.json")
        out += [p for p in (CORPUS / f"{stem}.docx", CORPUS / f"{stem}.txt") if p.exists()]
    return out


def expected(doc: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((doc.parent / f"{doc.stem}.expected.json").read_text(encoding="utf-8"))
    return data
