"""Parsing never crashes: any text, any bytes named .docx or .txt, give a plan or a UserError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.errors import UserError
from gkdesk.parsing.plan import parse_blocks
from gkdesk.records import Block
from gkdesk.services.documents import parse_document

# Text built from the pieces real plans are made of, so the parser's paths are actually exercised.
_PIECES = st.sampled_from(
    [
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "(1)",
        "①",
        "第一章",
        "牵头",
        "配合",
        "负责",
        "按职责分工负责",
        "牵头单位:",
        "配合单位：",
        "责任主体:",
        "；",
        "，",
        "、",
        "和",
        "。",
        "（",
        "）",
        "(",
        ")",
        "：",
        "\t",
        "\n",
        "市发改委",
        "各县市区人民政府",
        "管理区",
        "管委会",
        "园(区)",
        "2021年",
        "关于印发《",
        "》的通知",
        "总体要求",
        "保障措施",
        "附件",
        "序号",
        "工作任务",
        "牵头单位",
        "完成时限",
        "政務(wù)",
        "公開(kāi)",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=400), st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=80).map("".join)
)


def _blocks(text: str) -> list[Block]:
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            out.append(Block("row", line, tuple(line.split("\t"))))
        else:
            out.append(Block("para", line))
    return out


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_parse_blocks_returns_a_plan_or_a_user_error(text: str) -> None:
    try:
        plan = parse_blocks(_blocks(text), "随机.txt")
    except UserError as exc:
        assert exc.message
        return
    assert plan.tasks
    assert [t.seq for t in plan.tasks] == list(range(1, len(plan.tasks) + 1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".docx", ".txt", ".doc", ".dat"]))
def test_arbitrary_bytes_give_a_plan_or_a_user_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"随机{suffix}"
        path.write_bytes(data)
        try:
            parse_document(path)
        except UserError as exc:
            assert exc.message
