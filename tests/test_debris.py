"""Leftovers of a killed run: swept by the next run, never read by collect, nothing else touched.

The kill tests start real ``gkdesk`` processes on the demo database, kill them with SIGKILL at
random moments, then run the same command again "later" (the leftovers' times set back past
``MIN_AGE``, as a clerk rerunning after the crash would find them) and expect a clean folder and a
whole set of files.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk import debris
from gkdesk.services.collect import expand_paths

ROOT = Path(__file__).resolve().parents[1]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith((debris.FILE_PREFIX, debris.FOLDER_PREFIX))
    )


def test_sweep_removes_a_dead_runs_leftovers_and_nothing_else(tmp_path: Path) -> None:
    dead = dead_pid()
    half = tmp_path / f".~gkdesk-{dead}-0a1b2c3d.xlsx"
    half.touch()
    aged(half, 600)
    staging = tmp_path / f".gkdesk-{dead}-abcdefgh"
    (staging / "old").mkdir(parents=True)
    (staging / "市财政局-2024Q1-进展情况报送表.xlsx").write_bytes(b"x")
    aged(staging, 600)
    older_gkdesk = tmp_path / ".gkdesk-staging-k2j4h5g6"  # no process id: an earlier version's
    older_gkdesk.mkdir()
    aged(older_gkdesk, 600)
    kept = {
        "fresh": tmp_path / f".~gkdesk-{dead}-ffffffff.docx",  # younger than MIN_AGE: maybe another PC's
        "mine": tmp_path / f".~gkdesk-{os.getpid()}-eeeeeeee.xlsx",  # this process is writing it
        "alive": tmp_path / f".~gkdesk-{os.getppid()}-dddddddd.xlsx",
        "user": tmp_path / "市财政局-2024Q1-进展情况报送表.xlsx",
        "hidden": tmp_path / ".gkdesk.ini",
    }
    for name, path in kept.items():
        path.write_bytes(b"keep")
        if name != "fresh":
            aged(path, 600)
    removed = debris.sweep(tmp_path)
    assert sorted(p.name for p in removed) == sorted([half.name, staging.name, older_gkdesk.name])
    assert all(path.exists() for path in kept.values())


def test_anything_a_day_old_goes_whatever_its_process_id(tmp_path: Path) -> None:
    stale = tmp_path / f".~gkdesk-{os.getppid()}-12345678.xlsx"  # a live id, reused by now
    stale.touch()
    aged(stale, debris.MAX_AGE + 60)
    assert debris.sweep(tmp_path) == [stale]


def test_collect_never_reads_leftovers(tmp_path: Path) -> None:
    inbox = tmp_path / "回执"
    (inbox / "县区").mkdir(parents=True)
    real = inbox / "县区" / "市财政局-2024Q1-进展情况报送表.xlsx"
    real.write_bytes(b"x")
    (inbox / ".~gkdesk-123-abcd1234.xlsx").write_bytes(b"x")
    (inbox / ".gkdesk-123-abcdefgh").mkdir()
    (inbox / ".gkdesk-123-abcdefgh" / "市财政局-2024Q1-进展情况报送表.xlsx").write_bytes(b"x")
    # Excel's lock file is listed: collect tells the clerk the unit's file is still open.
    owner = inbox / "县区" / "~$市财政局-2024Q1-进展情况报送表.xlsx"
    owner.write_bytes(b"x")
    assert sorted(expand_paths([inbox])) == sorted([real, owner])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    from gkdesk.services.demo import ensure_demo

    url = ensure_demo(tmp_path_factory.mktemp("debris") / "home")
    periods = json.loads(gkdesk(url, "period", "list", "--json").stdout)
    return url, periods[-1]["code"]


def gkdesk(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GKDESK_DB"}
    return subprocess.run(
        [sys.executable, "-m", "gkdesk.cli", "--db", db, *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip


def killed_at_random(db: str, args: list[str], rng: random.Random) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GKDESK_DB"}
    child = subprocess.Popen(
        [sys.executable, "-m", "gkdesk.cli", "--db", db, *args],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(rng.uniform(0.4, 2.5))
    child.send_signal(signal.SIGKILL)
    child.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("command", ["template", "export scores"])
def test_a_run_killed_at_random_leaves_the_next_run_clean(
    demo: tuple[str, str], tmp_path: Path, command: str
) -> None:
    db, period = demo
    rng = random.Random(f"{command}-{os.getpid()}")
    out = tmp_path / "输出"
    args = [*command.split(), period, "--out", str(out if command == "template" else out / "评分表.xlsx")]
    for _ in range(3):
        killed_at_random(db, args, rng)
        if out.exists():
            for entry in out.iterdir():
                aged(entry, debris.MIN_AGE + 60)  # the clerk runs it again a few minutes later
        gkdesk(db, *args)
        assert leftovers(out) == []
    if command == "template":  # the whole set, as an uninterrupted run writes it
        gkdesk(db, "template", period, "--out", str(tmp_path / "对照"))
        assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in (tmp_path / "对照").iterdir())
    else:
        assert [p.name for p in out.iterdir()] == ["评分表.xlsx"]
        assert load_workbook(out / "评分表.xlsx", read_only=True).sheetnames


def test_cli_module_runs_as_a_program() -> None:
    # The kill tests start ``python -m gkdesk.cli``; it must be the same command as ``gkdesk``.
    done = subprocess.run([sys.executable, "-m", "gkdesk.cli", "--version"], capture_output=True, text=True)
    assert done.stdout.startswith("gkdesk ")
