"""Reporting speed on a generated plan: 300 tasks, 150 units, each task 1 lead + 3–8 co units.

Measures writing every unit's template, collecting all 150 returned files, and ``missing`` and
``status``. Goals (issue 3): templates < 15 s, collect < 15 s, missing and status < 1 s each.

    uv run python bench/reporting_bench.py [--tasks 300] [--units 150] [--keep DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import answer, bench_arguments, plan_database
from gkdesk.exporters.xlsx_style import write_text
from gkdesk.services.collect import collect
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.templates import write_templates
from gkdesk.services.tracking import missing, task_states

COLUMNS = {"progress": 8, "problems": 9, "next_steps": 10, "status": 11, "evidence": 12}


def fill(path: Path, dest: Path) -> None:
    wb = load_workbook(path)
    ws = wb["进展情况报送表"]
    unit = path.name.split("-")[0]
    for row in range(4, ws.max_row + 1):
        code = ws.cell(row, 2).value
        if code is None:
            continue
        for field, value in answer(unit, str(code)).items():
            write_text(ws.cell(row, COLUMNS[field]), value)
    wb.save(dest)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.2f} s")
    return result, seconds


def main() -> int:
    args = bench_arguments(__doc__ or "")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db, plan_file = plan_database(work, args.tasks, args.units)
        report, _ = timed("import plan", lambda: import_plan(db, plan_file))
        print(f"  {report.tasks} tasks, {report.units_new} units")
        open_period(db, "2021Q1", date(2021, 4, 15))
        files, t_templates = timed("write templates", lambda: write_templates(db, "2021Q1", work / "out"))
        print(f"  {len(files)} files, {1000 * t_templates / len(files):.1f} ms each")
        inbox = work / "inbox"
        inbox.mkdir(exist_ok=True)
        for f in files:
            fill(f, inbox / f.name)
        # Most units reply by the deadline; a tenth of them a week late.
        late = inbox / "late"
        late.mkdir(exist_ok=True)
        for f in sorted(inbox.glob("*.xlsx"))[::10]:
            f.rename(late / f.name)

        def collect_all() -> list:  # type: ignore[type-arg]
            on_time = collect(db, "2021Q1", sorted(inbox.glob("*.xlsx")), received=date(2021, 4, 15))
            return on_time + collect(db, "2021Q1", [late], received=date(2021, 4, 22))

        results, t_collect = timed("collect returned files", collect_all)
        accepted = sum(r.result == "accepted" for r in results)
        print(f"  {accepted}/{len(results)} accepted, {1000 * t_collect / len(results):.1f} ms each")
        gone, t_missing = timed("missing", lambda: missing(db, "2021Q1"))
        states, t_status = timed("status", lambda: task_states(db, "2021Q1", as_of=date(2021, 4, 20)))
        print(f"  {len(gone.missing)} units missing, {len(gone.late)} late, {len(states)} task states")
        db.dispose()
    goals = [
        ("templates", t_templates, 15),
        ("collect", t_collect, 15),
        ("missing", t_missing, 1),
        ("status", t_status, 1),
    ]
    failed = [name for name, took, goal in goals if took >= goal]
    print("all goals met" if not failed else f"goals missed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
