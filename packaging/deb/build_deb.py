"""Make ``gkdesk_<version>_amd64.deb`` for 统信UOS / 麒麟 Kylin from the frozen folder.

Built on an arm64 machine (PySide6-Essentials publishes aarch64 wheels) it is ``_arm64.deb``.

The package puts the folder under ``/opt/gkdesk``, a ``/usr/bin/gkdesk`` launcher, the
``.desktop`` entry named 政务公开任务管理 and the icon in every hicolor size. It depends only on
what Qt's X11/Wayland window needs from the system and a CJK font; everything else is inside the
folder. ``dpkg -r gkdesk`` removes every file it installed; the users' data (under
``~/.local/share/gkdesk``) is theirs and stays.

    uv run python packaging/deb/build_deb.py [--dist dist/gkdesk] [--out dist]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gkdesk import __version__

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ICONS = ROOT / "resources" / "icons"

# The window's needs from the system: Qt's xcb platform plugin and its GL, fonts through
# fontconfig, and a Chinese font. Debian 10 (UOS 20) and later, Kylin V10 name them so. The C
# library's version comes from the binaries themselves (glibc_floor).
DEPENDS = (
    "libfontconfig1",
    "libfreetype6",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0 | libxcb-xinerama0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-randr0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libdbus-1-3",
    "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei | fonts-arphic-ukai",
)

LAUNCHER = """#!/bin/sh
# The program finds its libraries beside its real path, so it is started from /opt, not linked.
exec /opt/gkdesk/gkdesk "$@"
"""

# Menus and icon caches are refreshed when the tools exist; a minimal system lacks them.
REFRESH = """#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
"""


def architecture() -> str:
    """Debian's name for this machine: the frozen folder holds this machine's binaries."""
    machine = platform.machine().lower()
    names = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
    if machine not in names:
        raise SystemExit(f"no PySide6 wheels for {machine}: a .deb can be built on x86_64 or aarch64 only")
    return names[machine]


def glibc_floor(folder: Path) -> tuple[int, int]:
    """The newest glibc symbol version any binary in ``folder`` asks for.

    The frozen folder carries libraries from the machine it was built on, so a build on Debian 12
    needs glibc 2.36 where UOS 20 has 2.28: dpkg must refuse such a system rather than let the
    program fail at start. Version needs are strings in each ELF file's dynamic string table.
    """
    newest = (2, 17)
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
            data = file.read()
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", data):
            newest = max(newest, (int(major), int(minor)))
    return newest


def folder_kib(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*")) // 1024 + 1


def control(ver: str, arch: str, installed_kib: int, glibc: tuple[int, int]) -> str:
    return (
        "Package: gkdesk\n"
        f"Version: {ver}\n"
        f"Architecture: {arch}\n"
        "Maintainer: gkdesk <gkdesk@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: libc6 (>= {glibc[0]}.{glibc[1]}), {', '.join(DEPENDS)}\n"
        "Section: office\n"
        "Priority: optional\n"
        "Description: 政务公开工作要点任务管理 (gkdesk)\n"
        " Imports the yearly work plan (工作要点), keeps the register of units, collects\n"
        " quarterly progress reports in Excel, scores the units and writes notices laid out\n"
        " to GB/T 9704. Works offline; data stays in the user's own folder.\n"
    )


def stage(frozen: Path, root: Path, ver: str) -> None:
    """Lay out the package's files under ``root`` with the modes dpkg should install."""
    if not (frozen / "gkdesk").is_file():
        raise SystemExit(f"{frozen} is not a frozen gkdesk folder (run packaging/build.py first)")
    shutil.copytree(frozen, root / "opt" / "gkdesk", symlinks=True)
    launcher = root / "usr" / "bin" / "gkdesk"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER, encoding="utf-8")
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy(HERE / "gkdesk.desktop", applications / "gkdesk.desktop")
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    for png in sorted(ICONS.glob("gkdesk-*.png")):
        size = png.stem.split("-")[1]
        target = hicolor / f"{size}x{size}" / "apps" / "gkdesk.png"
        target.parent.mkdir(parents=True)
        shutil.copy(png, target)
    scalable = hicolor / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ICONS / "gkdesk.svg", scalable / "gkdesk.svg")
    debian = root / "DEBIAN"
    debian.mkdir()
    text = control(ver, architecture(), folder_kib(root), glibc_floor(frozen))
    (debian / "control").write_text(text, encoding="utf-8")
    for script in ("postinst", "postrm"):
        (debian / script).write_text(REFRESH, encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        # Whatever PyInstaller made executable stays so; the rest is readable by every user.
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)
    for executable in (launcher, root / "opt" / "gkdesk" / "gkdesk", debian / "postinst", debian / "postrm"):
        executable.chmod(0o755)


def build_deb(frozen: Path, out: Path) -> Path:
    """Build the package from ``frozen`` into ``out`` and return its path."""
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb not found: build the .deb on Debian, UOS, Kylin or Ubuntu")
    ver = __version__
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"gkdesk_{ver}_{architecture()}.deb"
    with tempfile.TemporaryDirectory(prefix="gkdesk-deb-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        stage(frozen, root, ver)
        # gzip, not xz: dpkg on UOS 20 reads both, and gzip builds the 90 MB package in seconds.
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dist", type=Path, default=ROOT / "dist" / "gkdesk")
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    args = ap.parse_args()
    deb = build_deb(args.dist, args.out)
    print(f"{deb} ({deb.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
