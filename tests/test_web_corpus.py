"""Golden tests on real documents gathered from public web pages (tests/data/web_corpus).

Each document D has D.txt (as copied from the page), D.expected.json (answers decided from the
document by the conventions in ../shared/corpus/README.md, with the source address and notes on
every judgement call), the .docx/.xlsx built from the text by scripts/build_web_corpus.py and the
.pdf LibreOffice saved from the .docx. Every file is parsed once; each is compared task by task,
and the whole folder is graded by ../shared/tools/score_import.py's own ``grade`` (in this
process: starting one importer process per file would cost minutes).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gkdesk.errors import UserError
from gkdesk.services.documents import parse_document
from tests.corpus import CORPUS, expected, norm

WEB = Path(__file__).parent / "data" / "web_corpus"
KINDS = (".txt", ".docx", ".xlsx", ".pdf")
DOCS = sorted(
    p
    for a in WEB.glob("*.expected.json")
    for k in KINDS
    if (p := WEB / (a.name[: -len(".expected.json")] + k)).exists()
)
GRADER = CORPUS.parent / "tools" / "score_import.py"
# Documents whose answers restore what the web copy destroyed; the importer cannot, and should not
# guess. They stay in the corpus (and in the grade) so the damage is counted honestly.
DAMAGED = {
    "guangzhou2006_pinyin": "four item labels were destroyed by a one-byte GBK shift on the page",
    "xinyong2014_trad": "a title's 条 is a damaged byte pair on the page ('管理?l例')",
    "yueyanglou2017_table": "a title's last word is damaged bytes on the page",
}
_parsed: dict[Path, dict[str, Any] | None] = {}


def parsed(doc: Path) -> dict[str, Any] | None:
    """The importer's JSON for ``doc`` (None when it refused the file), parsed once per run."""
    if doc not in _parsed:
        try:
            _parsed[doc] = parse_document(doc).to_json()
        except UserError:
            _parsed[doc] = None
    return _parsed[doc]


def test_the_web_corpus_is_wide_enough() -> None:
    answers = [expected(WEB / a.name.replace(".expected.json", ".txt")) for a in WEB.glob("*.expected.json")]
    assert len(answers) >= 25
    assert {"paragraphs", "table", "mixed"} <= {a["layout"] for a in answers}
    assert all(a["source"].startswith("http") for a in answers)


def _param(doc: Path) -> object:
    why = DAMAGED.get(doc.stem)
    marks = [pytest.mark.xfail(reason=why, strict=True)] if why else []
    return pytest.param(doc, marks=marks, id=doc.name)


@pytest.mark.parametrize("doc", [_param(d) for d in DOCS])
def test_web_document(doc: Path) -> None:
    want = expected(doc.with_suffix(".txt"))
    got = parsed(doc)
    assert got is not None, f"{doc.name} was refused"
    assert len(got["tasks"]) == len(want["tasks"])
    for w, g in zip(want["tasks"], got["tasks"], strict=True):
        where = f"{doc.name} #{w['seq']} {w['title'][:20]}"
        assert norm(g["title"]) == norm(w["title"]), where
        assert norm(g["label"]) == norm(w["label"]), where
        assert {norm(u) for u in g["lead"]} == {norm(u) for u in w["lead"]}, where
        assert {norm(u) for u in g["co"]} == {norm(u) for u in w["co"]}, where


def _grader() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_import", GRADER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not GRADER.exists(), reason="../shared/tools/score_import.py is not beside this checkout")
def test_grader_on_the_web_corpus() -> None:
    grader = _grader()
    exact = total = refused = 0
    for doc in DOCS:
        got = parsed(doc)
        refused += got is None
        row = grader.grade(expected(doc.with_suffix(".txt")), got or {"tasks": []})
        exact += row["exact"]
        total += row["denominator"]
    assert refused == 0
    assert exact / total >= 0.95, f"{exact}/{total}"
