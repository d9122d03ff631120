"""Build the frozen one-folder program: ``uv run python packaging/build.py`` → ``dist/gkdesk/``.

PyInstaller follows packaging/gkdesk.spec. The folder holds the program (``gkdesk``; on Windows a
windowed ``gkdesk.exe`` and a console ``gkdesk-cli.exe``), Python, Qt with its Chinese translations,
the resources (rubric, demo plan, icons), the Alembic migrations: nothing is downloaded later.
On Windows the executables carry the product name and version in their file properties.

    uv run python packaging/build.py [--dist DIR] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path

from gkdesk import __version__

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "gkdesk.spec"
PRODUCT = "政务公开任务管理"

# Qt's translations for languages nobody here reads (9 MB); PySide6's hook collects them all.
UNUSED_QT = (re.compile(r"translations/(?!qtbase_zh_CN\.qm$|qt_zh_CN\.qm$)[^/]+\.qm$"),)


def windows_version_file(work: Path, ver: str) -> Path:
    """The VERSIONINFO resource: product name and version in Explorer's file properties."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", ver)[:4])
    numbers += (0,) * (4 - len(numbers))
    strings = {
        "CompanyName": "gkdesk",
        "FileDescription": PRODUCT,
        "FileVersion": ver,
        "InternalName": "gkdesk",
        "LegalCopyright": "gkdesk",
        "OriginalFilename": "gkdesk.exe",
        "ProductName": PRODUCT,
        "ProductVersion": ver,
    }
    entries = ",\n".join(f"          StringStruct('{k}', '{v}')" for k, v in strings.items())
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
{entries}
    ])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""
    path = work / "version_info.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def prune(folder: Path) -> int:
    """Remove the Qt files the program never loads; returns the bytes saved."""
    saved = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and any(p.search(relative) for p in UNUSED_QT):
            saved += path.stat().st_size
            path.unlink()
    return saved


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Build into ``dist/gkdesk`` and return that folder."""
    import PyInstaller.__main__

    ver = __version__
    env = {"GKDESK_ROOT": str(ROOT)}
    if sys.platform == "win32":
        env["GKDESK_VERSION_FILE"] = str(windows_version_file(work, ver))
    os.environ.update(env)
    target = dist / "gkdesk"
    if target.exists():
        shutil.rmtree(target)
    PyInstaller.__main__.run(
        ["--noconfirm", "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    )
    saved = prune(target)
    size = folder_size(target) / 1e6
    print(f"gkdesk {ver}: {target} ({size:.0f} MB; {saved / 1e6:.0f} MB of unused Qt translations removed)")
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dist", type=Path, default=ROOT / "dist")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = ap.parse_args()
    started = time.perf_counter()
    build(args.dist.absolute(), args.work.absolute())
    print(f"built in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
