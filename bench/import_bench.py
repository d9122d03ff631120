"""Import speed: parse every corpus file many times in one process, beside a bare library floor.

For each file: the median milliseconds of ``parse_document`` (read + clean + structure + units)
and, run side by side in the same process, the floor for its kind:

- .docx: python-docx's bare ``Document(path)``;
- .pdf:  pdfplumber's ``open`` + ``extract_text()`` of every page;
- .xlsx: openpyxl's ``load_workbook(path, read_only=True)`` (and, for reference, the same plus
  iterating every row's values, which is what reading the table really takes).

Timings alternate ours and the floor run by run, so a busy machine slows both alike; the ratio
is what to compare. gkdesk's memo caches are cleared before each of its runs (a first import).
Then the wall time of one ``gkdesk parse --json`` process on the largest file.

    uv run python bench/import_bench.py [--corpus ../shared/corpus] [--runs 15] [--kinds docx,pdf,xlsx,txt]
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

from gkdesk.services.documents import parse_document

ROOT = Path(__file__).resolve().parent.parent


def _docx_floor(path: Path) -> None:
    import docx

    docx.Document(str(path))


def _pdf_floor(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _xlsx_floor(path: Path) -> None:
    import openpyxl

    openpyxl.load_workbook(path, read_only=True).close()


def _xlsx_rows_floor(path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()


FLOORS: dict[str, Callable[[Path], None]] = {".docx": _docx_floor, ".pdf": _pdf_floor, ".xlsx": _xlsx_floor}


def cold() -> None:
    """Forget what earlier runs memoised (unit lists, notes, cleaned cells), so every run costs
    what the first import of that file costs; only the floor's own caches stay warm."""
    for name, module in list(sys.modules.items()):
        if name.startswith("gkdesk."):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def side_by_side(
    ours: Callable[[], object], floor: Callable[[], object] | None, runs: int
) -> tuple[float, float]:
    """Median ms of ``ours`` and ``floor``, run alternately after one warm-up each."""
    ours()
    if floor is not None:
        floor()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        cold()
        start = time.perf_counter()
        ours()
        a.append((time.perf_counter() - start) * 1000)
        if floor is not None:
            start = time.perf_counter()
            floor()
            b.append((time.perf_counter() - start) * 1000)
    return statistics.median(a), statistics.median(b) if b else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append", help="corpus folder (repeatable)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--kinds", default="docx,pdf,xlsx,txt")
    args = ap.parse_args()
    folders = args.corpus or [ROOT.parent / "shared" / "corpus"]
    kinds = {"." + k.strip(".") for k in args.kinds.split(",")}
    files = sorted(p for folder in folders for p in folder.iterdir() if p.suffix in kinds)
    if not files:
        print(f"no corpus files in {folders}", file=sys.stderr)
        return 1
    print(f"{'file':40} {'parse ms':>9} {'floor ms':>9} {'ratio':>6} {'rows-floor ratio':>17}")
    ratios: dict[str, list[float]] = {}
    for path in files:
        floor = FLOORS.get(path.suffix)
        bound = (lambda p=path, f=floor: f(p)) if floor else None
        ours, bare = side_by_side(lambda p=path: parse_document(p), bound, args.runs)
        extra = ""
        if path.suffix == ".xlsx":
            _, rows = side_by_side(
                lambda p=path: parse_document(p), lambda p=path: _xlsx_rows_floor(p), args.runs
            )
            extra = f"{ours / rows:17.2f}"
        if floor is None:
            print(f"{path.name:40} {ours:9.2f}")
            continue
        ratios.setdefault(path.suffix, []).append(ours / bare)
        print(f"{path.name:40} {ours:9.2f} {bare:9.2f} {ours / bare:6.2f}{extra}")
    for suffix, values in sorted(ratios.items()):
        median, worst = statistics.median(values), max(values)
        print(f"{suffix}: median ratio {median:.2f}, worst {worst:.2f} ({len(values)} files)")
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
