"""Golden tests on real documents gathered from public web pages (tests/data/web_corpus).

Each document D has D.txt (as copied from the page), D.expected.json (answers decided from the
document by the conventions in ../shared/corpus/README.md, with the source address and notes on
every judgement call) and the .docx/.xlsx built from the text by scripts/build_web_corpus.py.
Every file is compared task by task as ../shared/tools/score_import.py grades it; the grader
itself is run once over the folder too when ../shared is beside this checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
# guess. They stay in the corpus (and in the grader's total) so the damage is counted honestly.
DAMAGED = {
    "guangzhou2006_pinyin": "four item labels were destroyed by a one-byte GBK shift on the page",
    "xinyong2014_trad": "a title's 条 is a damaged byte pair on the page ('管理?l例')",
    "yueyanglou2017_table": "a title's last word is damaged bytes on the page",
}


def test_the_web_corpus_is_wide_enough() -> None:
    answers = list(WEB.glob("*.expected.json"))
    assert len(answers) >= 25
    layouts = {expected(WEB / a.name.replace(".expected.json", ".txt"))["layout"] for a in answers}
    assert {"paragraphs", "table", "mixed"} <= layouts
    for a in answers:
        assert expected(WEB / a.name.replace(".expected.json", ".txt"))["source"].startswith("http")


def _param(doc: Path) -> object:
    why = DAMAGED.get(doc.stem)
    marks = [pytest.mark.xfail(reason=why, strict=True)] if why else []
    return pytest.param(doc, marks=marks, id=doc.name)


@pytest.mark.parametrize("doc", [_param(d) for d in DOCS])
def test_web_document(doc: Path) -> None:
    want = expected(doc.with_suffix(".txt"))
    got = parse_document(doc)
    assert len(got.tasks) == len(want["tasks"])
    for w, g in zip(want["tasks"], got.tasks, strict=True):
        where = f"{doc.name} #{w['seq']} {w['title'][:20]}"
        assert norm(g.title) == norm(w["title"]), where
        assert norm(g.label) == norm(w["label"]), where
        assert {norm(u) for u in g.lead} == {norm(u) for u in w["lead"]}, where
        assert {norm(u) for u in g.co} == {norm(u) for u in w["co"]}, where


@pytest.mark.skipif(not GRADER.exists(), reason="../shared/tools/score_import.py is not beside this checkout")
def test_grader_on_the_web_corpus() -> None:
    exe = shutil.which("gkdesk") or str(Path(sys.executable).parent / "gkdesk")
    cmd = f"{exe} parse --json {{file}}"
    done = subprocess.run(
        [sys.executable, str(GRADER), "--corpus", str(WEB), "--cmd", cmd, "--min", "0.95"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "files that failed to import: 0" in done.stdout, done.stdout[-3000:]
