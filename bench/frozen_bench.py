"""The frozen program against the source tree: its size, and its start to the window showing data.

1. Size: the frozen folder (``dist/gkdesk``, built with ``--build`` or beforehand by
   packaging/build.py) on disk and zipped at deflate level 9, as the portable .zip is.
   Goal: under 150 MB zipped.
2. Start: ``gkdesk selftest --quit-when-shown`` from the frozen folder and from the ``.venv``, run
   alternately ``--runs`` times each (after one untimed run of each, as after installation) on
   the same demo database, made beforehand and not timed. The time is the process's wall time, from
   launch to the first page filled with the demo data and the window closed.
   Goal: frozen ≤ 1.5 × the .venv start.

Children run with QT_QPA_PLATFORM=offscreen unless a display is present.

    uv run python bench/frozen_bench.py [--frozen dist/gkdesk] [--build] [--runs 7]

Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_GOAL_MB = 150.0
START_RATIO_GOAL = 1.5


def zipped_size(folder: Path, target: Path) -> int:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                continue  # Linux builds link libraries into _internal; Windows builds have no links
            archive.write(path, Path(folder.name) / path.relative_to(folder))
    return target.stat().st_size


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frozen", type=Path, default=ROOT / "dist" / "gkdesk")
    ap.add_argument("--build", action="store_true", help="build the frozen folder first")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if args.build:
        spec = importlib.util.spec_from_file_location("build", ROOT / "packaging" / "build.py")
        assert spec is not None and spec.loader is not None
        build = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(build)
        build.build(args.frozen.parent.absolute(), ROOT / "build" / "pyinstaller")
    frozen_exe = args.frozen / ("gkdesk-cli.exe" if sys.platform == "win32" else "gkdesk")
    venv_exe = Path(sys.executable).parent / ("gkdesk.exe" if sys.platform == "win32" else "gkdesk")
    if not frozen_exe.is_file():
        raise SystemExit(f"{frozen_exe} not found: run packaging/build.py or pass --build")

    with tempfile.TemporaryDirectory(prefix="gkdesk-frozen-bench-") as tmp:
        on_disk = sum(p.stat().st_size for p in args.frozen.rglob("*") if p.is_file() and not p.is_symlink())
        zipped = zipped_size(args.frozen, Path(tmp) / "gkdesk.zip")
        size_ok = zipped / 1e6 < ZIP_GOAL_MB
        print(f"size: {on_disk / 1e6:.0f} MB on disk, {zipped / 1e6:.0f} MB zipped "
              f"(goal < {ZIP_GOAL_MB:.0f} MB zipped: {'met' if size_ok else 'MISSED'})")  # fmt: skip

        from gkdesk.services.demo import ensure_demo

        home = Path(tmp) / "home"
        ensure_demo(home)
        env = dict(os.environ)
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        env.pop("GKDESK_DB", None)
        commands = {
            "frozen": [str(frozen_exe), "--home", str(home), "selftest", "--quit-when-shown"],
            ".venv": [str(venv_exe), "--home", str(home), "selftest", "--quit-when-shown"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            timed(command, env)  # warm-up: bytecode compiled, files in the OS cache
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"\nstart to the window showing data, {args.runs} runs each, alternating (median wall time):")
    for name, t in times.items():
        print(f"  {name:<7} {medians[name]:5.2f} s   runs: {', '.join(f'{x:.2f}' for x in t)}")
    ratio = medians["frozen"] / medians[".venv"]
    start_ok = ratio <= START_RATIO_GOAL
    print(
        f"  ratio frozen / .venv {ratio:.2f}   goal ≤ {START_RATIO_GOAL}: {'met' if start_ok else 'MISSED'}"
    )
    return 0 if size_ok and start_ok else 1


if __name__ == "__main__":
    sys.exit(main())
