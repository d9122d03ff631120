"""Small builders shared by tests: documents written on the fly, row counts of every table."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from sqlalchemy import func, select

from gkdesk.db import Database
from gkdesk.models import Base


def write_docx(path: Path, paragraphs: list[str], *, table: list[list[str]] | None = None) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    d.save(str(path))
    return path


def encrypt_docx(src: Path, dest: Path, password: str) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with src.open("rb") as f:
        OOXMLFile(f).encrypt(password, out)
    dest.write_bytes(out.getvalue())
    return dest


def row_counts(db: Database) -> dict[str, int]:
    """Rows per table: equal before and after means the database is unchanged."""
    with db.unit_of_work(read_only=True) as uow:
        return {
            t.name: uow.session.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


SAMPLE_PLAN = """\
示范市2024年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市直各单位按职责分工负责）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发改委、市财政局配合）
二、加强平台建设
（一）加强政府网站管理。开展常态化监测。（市政府办公室、市大数据中心按职责分工负责）
"""
