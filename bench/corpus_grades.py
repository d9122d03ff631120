"""Importer grade by file kind and by layout, the way ../shared/tools/score_import.py grades it.

Runs the grader's own ``grade`` function in one process on every document of each corpus folder
(the shared corpus and tests/data/web_corpus by default) and prints the exact-task rate per kind
(.txt .docx .xlsx .pdf) and per layout (paragraphs, table, mixed), as Markdown tables for
BENCHMARKS.md.

    uv run python bench/corpus_grades.py [--corpus DIR ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

from gkdesk.errors import UserError
from gkdesk.services.documents import parse_document

ROOT = Path(__file__).resolve().parent.parent
KINDS = (".txt", ".docx", ".xlsx", ".pdf")


def _grader() -> ModuleType:
    path = ROOT.parent / "shared" / "tools" / "score_import.py"
    spec = importlib.util.spec_from_file_location("score_import", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"grader not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append")
    args = ap.parse_args()
    folders = args.corpus or [ROOT.parent / "shared" / "corpus", ROOT / "tests" / "data" / "web_corpus"]
    grader = _grader()
    for folder in folders:
        by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        by_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for answer in sorted(folder.glob("*.expected.json")):
            expected = json.loads(answer.read_text(encoding="utf-8"))
            stem = answer.name[: -len(".expected.json")]
            for kind in KINDS:
                doc = folder / (stem + kind)
                if not doc.exists():
                    continue
                try:
                    got = parse_document(doc).to_json()
                except UserError:
                    got, failed = {"tasks": []}, 1
                else:
                    failed = 0
                row = grader.grade(expected, got)
                for tally in (by_kind[kind], by_layout[expected["layout"]]):
                    tally[0] += row["exact"]
                    tally[1] += row["denominator"]
                    tally[2] += failed
        print(f"\n{folder}\n")
        for title, table in (("kind", by_kind), ("layout", by_layout)):
            print(f"| {title} | exact tasks | rate | files failing |")
            print("|---|---:|---:|---:|")
            exact = total = failing = 0
            for key, (e, d, f) in sorted(table.items()):
                print(f"| {key} | {e}/{d} | {e / d:.3f} | {f} |")
                exact, total, failing = exact + e, total + d, failing + f
            print(f"| **all** | {exact}/{total} | **{exact / total:.3f}** | {failing} |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
