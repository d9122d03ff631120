"""A .docx numbered by Word (numbering.xml, no printed labels) parses like a typed one."""

from __future__ import annotations

from pathlib import Path

from gkdesk.services.documents import parse_document
from tests.importers.test_docx_reader import build, lvl, p

NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "chineseCounting", "%1、")
    + lvl(1, "chineseCounting", "(%2)")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)


def test_auto_numbered_plan(tmp_path: Path) -> None:
    body = "".join(
        [
            p("某市2025年政务公开工作要点"),
            p("推进决策公开", num=(1, 0)),
            p("做好预公开。内容。（市司法局牵头，市直各单位配合）", num=(1, 1)),
            p("做好解读。内容。（市政府办公室牵头）", num=(1, 1)),
            p("加强平台建设", num=(1, 0)),
            p("管好网站。内容。（市大数据中心负责）", num=(1, 1)),
        ]
    )
    plan = parse_document(build(tmp_path, body, numbering=NUMBERING))
    assert plan.title == "某市2025年政务公开工作要点" and plan.year == 2025
    assert [(t.label, t.section, t.title, t.lead, t.co) for t in plan.tasks] == [
        ("(一)", "一、推进决策公开", "做好预公开", ("市司法局",), ("市直各单位",)),
        ("(二)", "一、推进决策公开", "做好解读", ("市政府办公室",), ()),
        ("(一)", "二、加强平台建设", "管好网站", ("市大数据中心",), ()),
    ]
