"""The frozen program, built here as an office PC receives it, and the .deb made from it.

One PyInstaller build per test run (about a minute), shared by the tests of this module, which
xdist keeps on one worker. The frozen folder is checked by packaging/smoke.py — the same checks
the Windows workflow runs on its build — then packed into a .deb that is installed with dpkg,
run from /usr/bin and removed again (root only: CI runs as root), and the NSIS script is compiled
against it when makensis is present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gkdesk import __version__
from tests.corpus import CORPUS
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("frozen")


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = load_script("packaging/build.py")
    work = tmp_path_factory.mktemp("frozen")
    return build.build(work / "dist", work / "build")


def test_frozen_program_runs_offline(frozen: Path, tmp_path: Path) -> None:
    smoke = load_script("packaging/smoke.py")
    extra = sorted(CORPUS.glob("*_table.docx"))[:1] + sorted(CORPUS.glob("*.pdf"))[:1]
    screenshots = tmp_path / "截图"
    assert smoke.smoke(frozen, screenshots, extra) == []
    assert sorted(p.name for p in screenshots.glob("*.png")) == [
        "1-tasks.png", "2-units.png", "3-reports.png", "4-review.png", "5-stats.png", "6-settings.png",
    ]  # fmt: skip


def test_frozen_folder_carries_what_is_read_at_run_time(frozen: Path) -> None:
    internal = frozen / "_internal"
    assert (internal / "gkdesk" / "_resources" / "rubric_default.toml").is_file()
    assert (internal / "gkdesk" / "_resources" / "demo" / "qinghe2026.txt").is_file()
    assert (internal / "gkdesk" / "_resources" / "icons" / "gkdesk-256.png").is_file()
    migrations = sorted(p.name for p in (internal / "gkdesk" / "migrations" / "versions").glob("*.py"))
    assert migrations == sorted(p.name for p in (ROOT / "gkdesk" / "migrations" / "versions").glob("*.py"))
    translations = internal / "PySide6" / "Qt" / "translations"
    assert (translations / "qtbase_zh_CN.qm").is_file()
    assert not list(translations.glob("*_de.qm")), "translations nobody reads are left out"


def test_frozen_program_reports_a_user_error_in_chinese(frozen: Path, tmp_path: Path) -> None:
    bad = tmp_path / "不是文档.docx"
    bad.write_bytes(b"not a zip")
    done = subprocess.run(
        [str(frozen / "gkdesk"), "parse", str(bad)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and "Traceback" not in done.stderr


def _can_install() -> bool:
    return sys.platform.startswith("linux") and shutil.which("dpkg") is not None and os.geteuid() == 0


@pytest.mark.skipif(not _can_install(), reason="installing a .deb needs dpkg and root")
def test_deb_installs_runs_and_removes_cleanly(frozen: Path, tmp_path: Path) -> None:
    deb = load_script("packaging/deb/build_deb.py").build_deb(frozen, tmp_path)
    assert deb.name == f"gkdesk_{__version__}_amd64.deb"
    status = ["dpkg-query", "-W", "-f=${Status}", "gkdesk"]
    if "ok installed" in subprocess.run(status, capture_output=True, text=True, check=False).stdout:
        pytest.skip("a gkdesk package is already installed on this machine; not touching it")
    installed = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True, check=False)
    try:
        assert installed.returncode == 0, installed.stderr
        done = subprocess.run(["/usr/bin/gkdesk", "--version"], capture_output=True, text=True, check=False)
        assert done.stdout.strip() == f"gkdesk {__version__}"
        desktop = Path("/usr/share/applications/gkdesk.desktop").read_text(encoding="utf-8")
        assert "Name=政务公开任务管理" in desktop and "Icon=gkdesk" in desktop
        assert Path("/usr/share/icons/hicolor/256x256/apps/gkdesk.png").is_file()
        listed = subprocess.run(["dpkg", "-L", "gkdesk"], capture_output=True, text=True, check=True).stdout
        files = [Path(line) for line in listed.splitlines() if line.startswith(("/opt/gkdesk/", "/usr/"))]
    finally:
        removed = subprocess.run(["dpkg", "-r", "gkdesk"], capture_output=True, text=True, check=False)
        # dpkg keeps a removed package's maintainer scripts until purged; purge so a rerun installs again.
        subprocess.run(["dpkg", "-P", "gkdesk"], capture_output=True, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/gkdesk").exists() and not Path("/usr/bin/gkdesk").exists()
    assert [f for f in files if f.is_file()] == []


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) not installed")
def test_installer_script_compiles_against_the_build(frozen: Path, tmp_path: Path) -> None:
    installer = load_script("packaging/windows/build_installer.py")
    # Uncompressed: LZMA over 238 MB takes minutes and proves nothing more about the script.
    setup = installer.build_installer(frozen, tmp_path, __version__, strict=True, quick=True)
    assert setup.name == f"gkdesk-{__version__}-windows-x64-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ"


def test_glibc_floor_reads_elf_version_needs_only(tmp_path: Path) -> None:
    build_deb = load_script("packaging/deb/build_deb.py")
    (tmp_path / "lib").mkdir()
    elf = b"\x7fELF" + b"\0" * 64 + b"GLIBC_2.28\0GLIBC_2.31\0GLIBC_2.3\0"
    (tmp_path / "lib" / "libx.so").write_bytes(elf)
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99")  # not a binary: says nothing about needs
    assert build_deb.glibc_floor(tmp_path) == (2, 31)


def test_deb_control_states_what_the_build_needs(frozen: Path) -> None:
    build_deb = load_script("packaging/deb/build_deb.py")
    floor = build_deb.glibc_floor(frozen)
    running = tuple(int(n) for n in os.confstr("CS_GNU_LIBC_VERSION").split()[1].split(".")[:2])
    assert (2, 17) < floor <= running  # it runs here, so it needs no newer C library than this one
    text = build_deb.control(__version__, "amd64", 1000, floor)
    assert f"Depends: libc6 (>= {floor[0]}.{floor[1]})," in text
    assert "Architecture: amd64" in text and f"Version: {__version__}" in text
