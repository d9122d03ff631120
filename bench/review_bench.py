"""Review speed on the generated plan (300 tasks, 150 units; see bench/synth.py).

After a quarter is collected (not timed), measures: every unit's scores, the Excel score book,
and the three Word notices (报送通知, 催报通知, 考核通报). Goal (issue 4): all of it < 5 s.

    uv run python bench/review_bench.py [--tasks 300] [--units 150] [--keep DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.reporting_bench import fill
from bench.synth import bench_arguments, plan_database
from gkdesk.services.collect import collect
from gkdesk.services.notices import write_notice
from gkdesk.services.periods import open_period
from gkdesk.services.planning import import_plan
from gkdesk.services.review import export_scores, period_scores
from gkdesk.services.settings import set_setting
from gkdesk.services.templates import write_templates
from gkdesk.services.units import update_unit


def main() -> int:
    args = bench_arguments(__doc__ or "")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db, plan_file = plan_database(work, args.tasks, args.units)
        import_plan(db, plan_file)
        for unit in (f"市{d}" for d in ("发展改革委", "教育局", "财政局")):
            update_unit(db, unit, category="市直部门")
        set_setting(db, "office_name", "示范市人民政府办公室")
        set_setting(db, "doc_prefix", "示政办函")
        open_period(db, "2021Q1", date(2021, 4, 15))
        files = write_templates(db, "2021Q1", work / "out")
        inbox = work / "inbox"
        inbox.mkdir(exist_ok=True)
        for f in files[: len(files) - len(files) // 10]:  # a tenth never report
            fill(f, inbox / f.name)
        collect(db, "2021Q1", [inbox], received=date(2021, 4, 15))
        print(f"plan: {args.tasks} tasks, {len(files)} units; {len(list(inbox.glob('*.xlsx')))} reported")

        steps: list[tuple[str, float]] = []

        def timed(label: str, fn):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            result = fn()
            steps.append((label, time.perf_counter() - start))
            print(f"{label:<28} {steps[-1][1]:7.2f} s")
            return result

        day = date(2021, 4, 20)
        timed("scores (all units)", lambda: period_scores(db, "2021Q1"))
        timed("score workbook (.xlsx)", lambda: export_scores(db, "2021Q1", work / "scores.xlsx"))
        timed("报送通知 (.docx)", lambda: write_notice(db, "report", "2021Q1", work / "report.docx", day=day))
        timed("催报通知 (.docx)", lambda: write_notice(db, "remind", "2021Q1", work / "remind.docx", day=day))
        timed("考核通报 (.docx)", lambda: write_notice(db, "result", "2021Q1", work / "result.docx", day=day))
        total = sum(t for _, t in steps)
        print(f"{'total':<28} {total:7.2f} s  (goal < 5 s)")
        db.dispose()
    return 0 if total < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
