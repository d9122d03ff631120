"""The Windows setup program and portable zip, from the frozen folder ``packaging/build.py`` made.

    uv run python packaging/windows/build_installer.py --dist dist/gkdesk --out dist [--version V]

writes ``dist/gkdesk-<version>-windows-x64-setup.exe`` (NSIS, ``packaging/windows/gkdesk.nsi``;
per-user install, no administrator needed) and ``dist/gkdesk-<version>-windows-x64-portable.zip``
(the same folder under a top-level ``gkdesk/``, for PCs where nothing may be installed).

makensis is looked up on PATH, then in NSIS's default Windows folders; ``$MAKENSIS`` overrides
both. Debian's ``nsis`` package compiles the same script on Linux (handy for CI checks; the result
is only meaningful for a Windows frozen folder).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from gkdesk import __version__

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().with_name("gkdesk.nsi")
ICON = ROOT / "resources" / "icons" / "gkdesk.ico"
WINDOWS_MAKENSIS = (
    Path(r"C:\Program Files (x86)\NSIS\makensis.exe"),
    Path(r"C:\Program Files\NSIS\makensis.exe"),
)


class MakensisNotFound(RuntimeError):
    """NSIS is not installed where we look."""


def setup_name(version: str) -> str:
    return f"gkdesk-{version}-windows-x64-setup.exe"


def portable_name(version: str) -> str:
    return f"gkdesk-{version}-windows-x64-portable.zip"


def vi_version(version: str) -> str:
    """The four numbers Windows' version resource needs: ``0.2.0rc1`` → ``0.2.0.0``."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])][:3]
    numbers += [0] * (4 - len(numbers))
    return ".".join(str(n) for n in numbers)


def find_makensis() -> Path:
    """makensis from ``$MAKENSIS``, PATH, or NSIS's default Windows folders."""
    explicit = os.environ.get("MAKENSIS")
    if explicit:
        if not Path(explicit).is_file():
            raise MakensisNotFound(f"$MAKENSIS is {explicit!r}, which is not a file")
        return Path(explicit)
    on_path = shutil.which("makensis")
    if on_path:
        return Path(on_path)
    if sys.platform == "win32":
        for candidate in WINDOWS_MAKENSIS:
            if candidate.is_file():
                return candidate
    raise MakensisNotFound(
        "makensis (NSIS 3) not found on PATH"
        + (" nor in " + ", ".join(str(p.parent) for p in WINDOWS_MAKENSIS) if sys.platform == "win32" else "")
        + ". Install NSIS (Windows: `choco install nsis`; Debian/Ubuntu: `apt-get install nsis`)"
        " or point $MAKENSIS at makensis."
    )


def makensis_command(
    makensis: Path,
    dist_dir: Path,
    out_file: Path,
    version: str,
    icon: Path,
    *,
    strict: bool = False,
    quick: bool = False,
) -> list[str]:
    """The makensis command line: ``-D``, not ``/D`` (Windows' makensis takes both, Linux's only ``-``)."""
    return [
        str(makensis),
        # Windows' makensis prints in the console code page unless told; -OUTPUTCHARSET is Windows-only.
        *(["-OUTPUTCHARSET", "UTF8"] if sys.platform == "win32" else []),
        "-INPUTCHARSET",
        "UTF8",  # the script has a BOM too; this is for editors that drop it
        "-V2",  # warnings and errors only; the full log is noise in CI
        *(["-WX"] if strict else []),
        *(["-DQUICK"] if quick else []),
        f"-DVERSION={version}",
        f"-DVI_VERSION={vi_version(version)}",
        f"-DDIST_DIR={dist_dir}",
        f"-DOUT_FILE={out_file}",
        f"-DICON={icon}",
        str(SCRIPT),
    ]


def _check_dist(dist_dir: Path) -> Path:
    dist_dir = dist_dir.absolute()
    if not (dist_dir / "_internal").is_dir():
        raise SystemExit(f"{dist_dir} is not a frozen gkdesk folder (no _internal/): run packaging/build.py")
    return dist_dir


def build_installer(
    dist_dir: Path,
    out_dir: Path,
    version: str,
    *,
    icon: Path = ICON,
    strict: bool = False,
    quick: bool = False,
) -> Path:
    """Compile ``gkdesk-<version>-windows-x64-setup.exe`` into ``out_dir`` and return its path.

    ``strict`` turns makensis warnings into errors; ``quick`` stores the files uncompressed (for
    tests that only need to know the script compiles against a real build). Raises
    ``MakensisNotFound`` without NSIS and ``RuntimeError`` (with makensis's output) when compiling
    fails.
    """
    dist_dir = _check_dist(dist_dir)
    if not icon.is_file():
        raise SystemExit(f"icon {icon} not found")
    out_dir = out_dir.absolute()
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / setup_name(version)
    out_file.unlink(missing_ok=True)  # a failed compile must not leave last build's setup looking fresh
    cmd = makensis_command(
        find_makensis(), dist_dir, out_file, version, icon.absolute(), strict=strict, quick=quick
    )
    # Undecodable bytes in makensis's output must not hide the error it reports.
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or not out_file.is_file():
        raise RuntimeError(f"makensis failed (exit {done.returncode}):\n{output}")
    if output:
        print(output)
    return out_file


def portable_zip(dist_dir: Path, out_dir: Path, version: str) -> Path:
    """Zip the frozen folder as ``gkdesk-<version>-windows-x64-portable.zip`` with a top-level ``gkdesk/``."""
    dist_dir = _check_dist(dist_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    zip_path = out_dir / portable_name(version)
    # Written aside and renamed, so an interrupted run never leaves a truncated zip under the real name.
    part = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=6, strict_timestamps=False) as zf:
        for folder, dirs, files in os.walk(dist_dir):
            dirs.sort()
            here = Path(folder)
            for name in sorted(files):
                path = here / name
                zf.write(path, ("gkdesk" / path.relative_to(dist_dir)).as_posix())
    os.replace(part, zip_path)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--dist", type=Path, default=ROOT / "dist" / "gkdesk", help="the frozen folder")
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="where the setup and zip go")
    ap.add_argument("--version", default=None, help="default: gkdesk/__init__.py's __version__")
    ap.add_argument("--icon", type=Path, default=ICON)
    ap.add_argument("--strict", action="store_true", help="makensis warnings are errors")
    ap.add_argument("--no-zip", action="store_true", help="only the setup program")
    args = ap.parse_args(argv)
    version = args.version or __version__
    try:
        setup = build_installer(args.dist, args.out, version, icon=args.icon, strict=args.strict)
    except (MakensisNotFound, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{setup} ({setup.stat().st_size / 1e6:.1f} MB)")
    if not args.no_zip:
        zipped = portable_zip(args.dist, args.out, version)
        print(f"{zipped} ({zipped.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
