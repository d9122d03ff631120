"""Import speed: parse every corpus file many times in one process.

Prints, per file, the median milliseconds of ``parse_document`` and, for .docx, the ratio to
python-docx's bare ``Document(path)`` load of the same file; then the wall time of one
``gkdesk parse --json`` process on the largest corpus file.

    uv run python bench/import_bench.py [--corpus ../shared/corpus] [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

from gkdesk.services.documents import parse_document

ROOT = Path(__file__).resolve().parent.parent


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm caches the way a second import in one session would
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    files = sorted(p for p in args.corpus.iterdir() if p.suffix in (".docx", ".txt"))
    if not files:
        print(f"no corpus files in {args.corpus}", file=sys.stderr)
        return 1
    print(f"{'file':34} {'parse ms':>9} {'Document() ms':>14} {'ratio':>6}")
    for path in files:
        ours = median_ms(lambda p=path: parse_document(p), args.runs)
        if path.suffix == ".docx":
            bare = median_ms(lambda p=path: docx.Document(str(p)), args.runs)
            print(f"{path.name:34} {ours:9.2f} {bare:14.2f} {ours / bare:6.2f}")
        else:
            print(f"{path.name:34} {ours:9.2f} {'':>14} {'':>6}")
    largest = max(files, key=lambda p: p.stat().st_size)
    exe = shutil.which("gkdesk") or str(Path(sys.executable).parent / "gkdesk")
    walls = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([exe, "parse", "--json", str(largest)], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    print(f"gkdesk parse --json {largest.name}: median wall {statistics.median(walls):.3f} s over 5 runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
