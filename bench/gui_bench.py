"""Window speed: cold start of the demo window, and filtering the task table as the user types.

1. Start: a fresh Python process imports gkdesk.app, opens the demo database (created beforehand,
   not timed), builds the main window, shows it and quits as soon as the first show has been
   processed. The same for a bare PySide6 QMainWindow. Each is run ``--runs`` times (after one
   untimed run, so compiled bytecode exists as it does after installation); medians of the
   process wall time and their ratio are printed, with the time the child itself measured from
   its first line to the window shown. Goal: ≤ 2 s, and ≤ 2.5 × the bare window.
   ``gkdesk`` shows its window first and opens the database right after (``gkdesk.app.start``);
   "shown" is the window on screen, "ready" the first page filled with the demo data.
2. Filtering: ``TaskTableModel`` with ``--tasks`` generated tasks (units from bench/synth.py) behind
   a ``TaskFilterProxy`` and a visible QTableView; "市财政局推进" is typed one key at a time and
   then deleted again, each keystroke one ``set_search`` plus the repaint it causes. Once in plan
   order and once sorted by 牵头单位. Goal: < 50 ms per keystroke.

Children run with QT_QPA_PLATFORM=offscreen unless a display is present.

    uv run python bench/gui_bench.py [--runs 5] [--tasks 3000] [--importtime]

Exits 1 when a goal is missed. ``--importtime`` prints the slowest imports of the demo start
(``python -X importtime``), to see what dominates when the start is slow.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gkdesk.records import TaskRow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START_GOAL_S = 2.0
START_RATIO_GOAL = 2.5
KEYSTROKE_GOAL_MS = 50.0
TYPED = "市财政局推进"

# What ``gkdesk demo`` does after ensure_demo (gkdesk.app.run), but quitting once the window is up.
DEMO_CHILD = """
import time
t0 = time.perf_counter()
import sys
from gkdesk.app import make_app, start

t_imports = time.perf_counter()
app = make_app()
window = start(sys.argv[1], sys.argv[2])
window.repaint()  # the shell painted, before the database is opened
t_shown = time.perf_counter()
print(f"shown {t_shown - t0:.4f}")
window.ready.connect(app.quit)  # the database opens inside exec(), then the first page fills
app.exec()
t_ready = time.perf_counter()
print(
    f"phases imports={t_imports - t0:.4f} window={t_shown - t_imports:.4f} "
    f"data={t_ready - t_shown:.4f} ready={t_ready - t0:.4f}"
)
window.ctx.db.dispose()
"""

BARE_CHILD = """
import time
t0 = time.perf_counter()
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
window.repaint()
print(f"shown {time.perf_counter() - t0:.4f}")
QTimer.singleShot(0, app.quit)
app.exec()
"""


def child_env(config_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    # The user's own QSettings (window size, last page) are neither read nor changed.
    env["XDG_CONFIG_HOME"] = str(config_dir)
    env.pop("GKDESK_DB", None)
    return env


def run_child(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, dict[str, float]]:
    """(wall seconds of the whole process, seconds the child measured to the window shown,
    the child's phases in seconds)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    found = re.search(r"shown ([0-9.]+)", done.stdout)
    if done.returncode != 0 or not found:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    phases = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", done.stdout)}
    return wall, float(found.group(1)), phases


def bench_start(runs: int, show_imports: bool) -> bool:
    from gkdesk.services.demo import ensure_demo

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        t = time.perf_counter()
        url = ensure_demo(home)  # creating the demo database is not part of the start
        print(f"demo database ready in {time.perf_counter() - t:.1f} s (not timed)")
        env = child_env(Path(tmp) / "config")
        results: dict[str, list[tuple[float, float, dict[str, float]]]] = {}
        for name, code, args in (
            ("gkdesk demo", DEMO_CHILD, [url, str(home)]),
            ("bare window", BARE_CHILD, []),
        ):
            run_child(code, args, env)  # warm-up: bytecode compiled, files in the OS cache
            results[name] = [run_child(code, args, env) for _ in range(runs)]
        print(f"\nstart, {runs} runs each (median; process wall time, in-process time to the window shown)")
        medians = {}
        for name, times in results.items():
            wall = statistics.median(w for w, _, _ in times)
            inner = statistics.median(s for _, s, _ in times)
            medians[name] = inner  # first line of the child → window shown, the same for both
            spread = ", ".join(f"{w:.2f}" for w, _, _ in times)
            print(f"  {name:<12} {wall:6.2f} s   (in process {inner:.2f} s)   runs: {spread}")
            if times[0][2]:
                phases = "  ".join(
                    f"{k} {statistics.median(p[k] for _, _, p in times) * 1000:.0f} ms" for k in times[0][2]
                )
                print(f"  {'':<12} in process: {phases}")
        ratio = medians["gkdesk demo"] / medians["bare window"]
        start_ok = medians["gkdesk demo"] <= START_GOAL_S and ratio <= START_RATIO_GOAL
        print(
            f"  ratio {ratio:.2f} × bare   goal ≤ {START_GOAL_S:.0f} s and ≤ {START_RATIO_GOAL} × bare: "
            + ("met" if start_ok else "MISSED")
        )
        if show_imports or not start_ok:
            print_slowest_imports(url, home, env)
    return start_ok


def print_slowest_imports(url: str, home: Path, env: dict[str, str], top: int = 12) -> None:
    """What the demo start spends its imports on: self time per package, and which gkdesk
    modules pull in the costly packages (``python -X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", DEMO_CHILD, url, str(home)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # importtime lists a module after its imports, indented by depth; reversed, parents come first.
    entries = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)", line)
        if m:
            entries.append((int(m.group(1)), int(m.group(2)), (len(m.group(3)) - 1) // 2, m.group(4)))
    by_package: dict[str, int] = {}
    pulled: dict[tuple[str, str], int] = {}
    stack: list[str] = []
    for self_us, cumulative_us, depth, name in reversed(entries):
        del stack[depth:]
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0) + self_us
        if stack and stack[-1].startswith("gkdesk") and package != "gkdesk":
            chain = " → ".join(m for m in stack if m == "gkdesk" or m.startswith("gkdesk."))
            pulled[(chain, package)] = pulled.get((chain, package), 0) + cumulative_us
        stack.append(name)
    total = sum(by_package.values())
    print(f"\n  imports of the demo start: {total / 1e6:.2f} s; self time by package:")
    for package, us in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {package:<28} {us / 1000:7.1f} ms")
    print("  costly packages (≥ 20 ms, with what they import) and the gkdesk imports that bring them in:")
    for (chain, package), us in sorted(pulled.items(), key=lambda kv: -kv[1]):
        if us >= 20_000:
            print(f"    {package:<12} {us / 1000:6.1f} ms  ← {chain}")


# --- filtering -------------------------------------------------------------------------------------


def generated_rows(n: int) -> list[TaskRow]:
    from bench.synth import cn_number, unit_names

    rng = random.Random(1)
    names = unit_names(150)
    per_section = 50  # cn_number counts to 99; 3,000 tasks make 60 sections
    rows: list[TaskRow] = []
    for i in range(n):
        section, item = divmod(i, per_section)
        lead = names[i % len(names)]
        co = rng.sample([u for u in names if u != lead], rng.randint(3, 8))
        label = f"（{cn_number(item % 99 + 1)}）"
        title = f"推进第{i + 1}项重点任务"
        deadline = "2021年6月底前" if i % 4 == 0 else None
        rows.append(
            TaskRow(
                id=i + 1,
                plan_id=1,
                seq=i + 1,
                label=label,
                section=f"{cn_number(section % 99 + 1)}、第{section + 1}方面重点工作",
                title=title,
                lead=(lead,),
                co=tuple(co),
                deadline=deadline,
                deadline_date="2021-06-30" if deadline else None,
                text=f"{label}{title}。围绕年度目标，细化措施，按季度推进落实。（{lead}牵头，{'、'.join(co)}配合）",
            )
        )
    return rows


def bench_filter(tasks: int) -> bool:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from gkdesk.records import TaskStatus
    from gkdesk.ui.task_filter_proxy import TaskFilterProxy
    from gkdesk.ui.task_table_model import COL_LEAD, TaskTableModel

    app = QApplication.instance() or QApplication(sys.argv)
    rows = generated_rows(tasks)
    states = [TaskStatus(t.seq, t.title, ("green", "yellow", "red")[t.seq % 3], "", t.id) for t in rows]
    model = TaskTableModel()
    t = time.perf_counter()
    model.set_rows(rows, states)
    fill_ms = (time.perf_counter() - t) * 1000
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    print(f"\nfiltering {tasks} tasks (model filled in {fill_ms:.0f} ms); typing “{TYPED}”, then deleting it")

    ok = True
    for label, column, order in (
        ("plan order", 0, Qt.SortOrder.AscendingOrder),
        ("by 牵头单位", COL_LEAD, Qt.SortOrder.AscendingOrder),
    ):
        view.sortByColumn(column, order)
        app.processEvents()
        typing: list[float] = []
        deleting: list[float] = []
        shown: list[int] = []
        prefixes = [TYPED[:k] for k in range(1, len(TYPED) + 1)]
        for text, times in [(p, typing) for p in prefixes] + [
            (p, deleting) for p in reversed(["", *prefixes[:-1]])
        ]:
            t = time.perf_counter()
            proxy.set_search(text)
            app.processEvents()  # the view's update and repaint belong to the keystroke
            times.append((time.perf_counter() - t) * 1000)
            if times is typing:
                shown.append(proxy.rowCount())
        worst = max(typing + deleting)
        ok = ok and worst < KEYSTROKE_GOAL_MS
        print(
            f"  {label:<10} typing: median {statistics.median(typing):5.1f} ms, max {max(typing):5.1f} ms; "
            f"deleting: median {statistics.median(deleting):5.1f} ms, max {max(deleting):5.1f} ms"
            f"   (rows shown: {' → '.join(map(str, shown))})"
        )
    print(f"  goal < {KEYSTROKE_GOAL_MS:.0f} ms per keystroke: " + ("met" if ok else "MISSED"))
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tasks", type=int, default=3000)
    ap.add_argument("--importtime", action="store_true", help="also list the slowest imports of the start")
    args = ap.parse_args()
    start_ok = bench_start(args.runs, args.importtime)
    filter_ok = bench_filter(args.tasks)
    return 0 if start_ok and filter_ok else 1


if __name__ == "__main__":
    sys.exit(main())
