"""Corpus self-check: every expected task's lead/co comes out of its notes or unit cells.

Paragraph documents: the task's text is the paragraph holding its label and title, plus the
following unnumbered paragraphs until a note has appeared (NOTES.md 6 and 7). Table documents:
the 牵头单位 / 配合单位 cells of the row with the task's 序号.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest

from gkdesk.parsing.notes import find_notes, units_from_cells
from gkdesk.records import NoteUnits
from tests.corpus import CORPUS

PARAGRAPH_DOCS = ("yongzhou2021", "shanxi2017", "gansu2017", "linqu_fangan", "guobanfa2019_54")
TABLE_DOCS = ("yongzhou2021_table", "linqu_fengong")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,3}[.．、])")
_INDENT = " \t\u3000\xa0"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")


def _expected(doc: str) -> dict[str, Any]:
    with (CORPUS / f"{doc}.expected.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _paragraphs(doc: str) -> list[str]:
    text = (CORPUS / f"{doc}.txt").read_text(encoding="utf-8")
    return [p.strip(_INDENT) for p in text.splitlines() if p.strip(_INDENT)]


def _task_texts(doc: str) -> list[tuple[dict[str, Any], list[str]]]:
    paras = _paragraphs(doc)
    out: list[tuple[dict[str, Any], list[str]]] = []
    cursor = 0
    for task in _expected(doc)["tasks"]:
        head = task["label"] + task["title"]
        i = next(k for k in range(cursor, len(paras)) if paras[k].startswith(head))
        texts = [paras[i]]
        j = i + 1
        while not any(find_notes(t) for t in texts) and j < len(paras) and not _NUMBERED.match(paras[j]):
            texts.append(paras[j])
            j += 1
        out.append((task, texts))
        cursor = i + 1
    return out


def _merged(texts: list[str]) -> NoteUnits:
    units = NoteUnits()
    for text in texts:
        for note in find_notes(text):
            units = units.merged(note.units)
    return units


PARAGRAPH_CASES = [
    pytest.param(doc, task["seq"], id=f"{doc}-{task['seq']}")
    for doc in PARAGRAPH_DOCS
    if (CORPUS / f"{doc}.txt").exists()
    for task in _expected(doc)["tasks"]
]
TABLE_CASES = [
    pytest.param(doc, task["seq"], id=f"{doc}-{task['seq']}")
    for doc in TABLE_DOCS
    if (CORPUS / f"{doc}.txt").exists()
    for task in _expected(doc)["tasks"]
]


@pytest.mark.parametrize(("doc", "seq"), PARAGRAPH_CASES)
def test_paragraph_task_units(doc: str, seq: int) -> None:
    task, texts = next((t, x) for t, x in _task_texts(doc) if t["seq"] == seq)
    units = _merged(texts)
    assert list(units.lead) == task["lead"]
    assert list(units.co) == task["co"]


def _rows(doc: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in (CORPUS / f"{doc}.txt").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0].strip().isdigit():
            rows[cells[0].strip()] = cells
    return rows


@pytest.mark.parametrize(("doc", "seq"), TABLE_CASES)
def test_table_task_units(doc: str, seq: int) -> None:
    task = _expected(doc)["tasks"][seq - 1]
    cells = _rows(doc)[task["label"]]
    units = units_from_cells(cells[2], cells[3] if len(cells) > 3 else None)
    assert list(units.lead) == task["lead"]
    assert list(units.co) == task["co"]


def test_no_notes_in_unnumbered_news() -> None:
    path = CORPUS / "shandong2020_news.txt"
    if not path.exists():
        pytest.skip("news document not available")
    for para in _paragraphs("shandong2020_news"):
        assert find_notes(para) == []


def test_no_notes_in_prose_paragraphs() -> None:
    """Unnumbered paragraphs (wrappers, 总体要求, closing text) hold no note, except the ones
    that carry the note of the task above them."""
    for doc in PARAGRAPH_DOCS:
        continuations = {p for _, texts in _task_texts(doc) for p in texts[1:]}
        for para in _paragraphs(doc):
            if _NUMBERED.match(para) or para in continuations:
                continue
            assert find_notes(para) == [], (doc, para)


def test_whole_documents_are_fast() -> None:
    paras = [p for doc in (*PARAGRAPH_DOCS, "shandong2020_news") for p in _paragraphs(doc)]
    size = sum(len(p.encode("utf-8")) for p in paras)
    for p in paras:  # warm up the regex engine and the caches
        find_notes(p)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for p in paras:
            find_notes(p)
        best = min(best, time.perf_counter() - t0)
    per_30kb = best * 30_000 / size
    assert per_30kb < 0.005, f"{per_30kb * 1000:.2f} ms per 30 KB"
