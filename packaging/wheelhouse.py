"""An offline wheelhouse of gkdesk for one platform: every wheel ``uv.lock`` pins, for CPython 3.11.

    uv run python packaging/wheelhouse.py --platform win_amd64 [--out DIR] [--zip]
    uv run python packaging/wheelhouse.py --platform manylinux_x86_64 [--out DIR] [--zip]

The folder (default ``dist/wheelhouse-<platform>``) holds the wheels, ``requirements.txt`` pinning
each with its sha256, gkdesk's own wheel, ``install.bat`` or ``install.sh`` (they install with
``pip --no-index`` into a venv and make the shortcut), a Chinese ``README.txt`` for IT staff, and
``MANIFEST.json`` listing every file with its sha256. ``--zip`` also writes
``dist/gkdesk-<version>-wheelhouse-<platform>.zip``.

How it is put together
    * ``uv export`` gives the runtime requirements (no dev group, with the ``pg`` extra); each
      line's environment marker is evaluated for the target, not for this machine, so Windows-only
      dependencies (tzdata) appear only in the Windows wheelhouse.
    * Each pin's wheels come from ``uv.lock`` itself; the best one for the target is chosen by
      ``packaging.tags`` priority (the order pip would prefer on the target), downloaded by URL and
      checked against the lock's sha256. Downloads are cached in ``~/.cache/gkdesk/wheels``
      (``$GKDESK_WHEEL_CACHE``), so a second run downloads nothing.
    * A package published only as an sdist (jieba, zhconv) is built into a wheel once with
      ``uv build``, cached under the sdist's hash; the built wheel must suit the target.

Needs ``uv`` and the network to PyPI's file host; the result needs neither.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename

from gkdesk import __version__

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent / "wheelhouse"
CACHE_ENV = "GKDESK_WHEEL_CACHE"
PYTHON = (3, 11)
# Only python_full_version markers look at the patch level; any 3.11 release is a valid target, so
# take the last bugfix release of 3.11 (what IT staff will most likely download from python.org).
PYTHON_FULL = "3.11.9"
# The Linux wheelhouse must install on UOS 20 (glibc 2.28) and Kylin V10 (2.31): PySide6 is kept
# below 6.10, whose Linux wheels need 2.34. A wheel needing a newer glibc than this is refused,
# and choose_wheel names its package.
GLIBC_MAX_MINOR = 28

Log = Callable[[str], None]


class WheelhouseError(Exception):
    """A wheelhouse cannot be made; the message names the package or step at fault."""


@dataclass(frozen=True)
class Target:
    """A platform the wheelhouse is for: its marker environment and its wheel tags, best first."""

    name: str
    environment: Mapping[str, str]
    tags: tuple[Tag, ...]
    installer: str  # the install script copied into the folder
    ranks: Mapping[Tag, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ranks: dict[Tag, int] = {}
        for i, tag in enumerate(self.tags):
            ranks.setdefault(tag, i)
        object.__setattr__(self, "ranks", ranks)

    def priority(self, tag: Tag) -> int | None:
        """The tag's rank on this target (0 is best), or None when the target cannot use it."""
        return self.ranks.get(tag)


def manylinux_platforms(arch: str = "x86_64", glibc_max_minor: int = GLIBC_MAX_MINOR) -> list[str]:
    """Linux platform tags from the newest glibc down, legacy aliases where packaging puts them."""
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    platforms: list[str] = []
    for minor in range(glibc_max_minor, 4, -1):
        platforms.append(f"manylinux_2_{minor}_{arch}")
        if minor in legacy:
            platforms.append(f"{legacy[minor]}_{arch}")
    # pip on the target accepts a plain linux wheel too; it ranks last, after every manylinux one.
    platforms.append(f"linux_{arch}")
    return platforms


def target_tags(platforms: Sequence[str], python: tuple[int, int] = PYTHON) -> tuple[Tag, ...]:
    """The wheel tags CPython ``python`` accepts on ``platforms``, in pip's order of preference."""
    interpreter = f"cp{python[0]}{python[1]}"
    tags = list(cpython_tags(python, [interpreter], platforms))
    tags += compatible_tags(python, interpreter, platforms)
    return tuple(tags)


def marker_environment(platform: str) -> dict[str, str]:
    """The PEP 508 marker values of CPython 3.11 on ``platform`` (win_amd64 or manylinux_x86_64)."""
    common = {
        "implementation_name": "cpython",
        "implementation_version": PYTHON_FULL,
        "platform_python_implementation": "CPython",
        "python_version": f"{PYTHON[0]}.{PYTHON[1]}",
        "python_full_version": PYTHON_FULL,
        "platform_release": "",
        "platform_version": "",
        "extra": "",
    }
    if platform == "win_amd64":
        return common | {
            "os_name": "nt",
            "sys_platform": "win32",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
        }
    if platform == "manylinux_x86_64":
        return common | {
            "os_name": "posix",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
        }
    raise WheelhouseError(f"unknown platform {platform!r} (win_amd64 or manylinux_x86_64)")


def make_target(platform: str) -> Target:
    env = marker_environment(platform)
    if platform == "win_amd64":
        return Target(platform, env, target_tags(["win_amd64"]), "install.bat")
    return Target(platform, env, target_tags(manylinux_platforms()), "install.sh")


TARGETS = ("win_amd64", "manylinux_x86_64")


# --------------------------------------------------------------------------- requirements


@dataclass(frozen=True)
class Pin:
    """One ``name==version`` line of the export, with its marker (None when unconditional)."""

    name: NormalizedName
    version: str
    marker: Marker | None = None

    def applies_to(self, target: Target) -> bool:
        return self.marker is None or self.marker.evaluate(dict(target.environment))


def parse_export(text: str) -> list[Pin]:
    """The pins of a ``uv export --format requirements.txt --no-hashes`` output."""
    pins: list[Pin] = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        # Comments, "# via" annotations (indented) and options such as "-e ." carry no pins.
        if not line or line.startswith(("#", "-")) or raw[:1].isspace():
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            raise WheelhouseError(f"cannot read the export line {line!r}: {exc}") from exc
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==":
            raise WheelhouseError(f"the export line {line!r} is not pinned with ==")
        pins.append(Pin(canonicalize_name(req.name), specs[0].version, req.marker))
    return pins


def export_requirements(repo: Path = REPO, uv: str | None = None) -> str:
    """The lock's runtime requirements, for every platform (markers still in place)."""
    cmd = [
        uv or find_uv(),
        "export",
        "--frozen",
        "--no-dev",
        "--extra",
        "pg",
        "--no-emit-project",
        "--no-hashes",
        "--format",
        "requirements.txt",
    ]
    done = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise WheelhouseError(f"uv export failed:\n{done.stderr.strip()}")
    return done.stdout


def target_pins(export_text: str, target: Target) -> list[Pin]:
    """The export's pins that apply on ``target``, sorted by name."""
    return sorted((p for p in parse_export(export_text) if p.applies_to(target)), key=lambda p: p.name)


# --------------------------------------------------------------------------- the lock


@dataclass(frozen=True)
class Artifact:
    """A file the lock names: where to get it and what its sha256 must be."""

    url: str
    sha256: str
    size: int | None = None

    @property
    def filename(self) -> str:
        return self.url.rsplit("/", 1)[-1].split("#", 1)[0]

    @classmethod
    def from_lock(cls, entry: Mapping[str, Any]) -> Artifact:
        algo, _, digest = str(entry["hash"]).partition(":")
        if algo != "sha256" or not digest:
            raise WheelhouseError(f"{entry.get('url')}: the lock gives no sha256 hash")
        size = entry.get("size")
        return cls(str(entry["url"]), digest.lower(), int(size) if size is not None else None)


@dataclass(frozen=True)
class Choice:
    """What to put in the wheelhouse for one pin: a wheel from the lock, or an sdist to build."""

    name: NormalizedName
    version: str
    wheel: Artifact | None
    sdist: Artifact | None = None

    @property
    def needs_build(self) -> bool:
        return self.wheel is None


def load_lock(path: Path) -> dict[tuple[NormalizedName, str], Mapping[str, Any]]:
    """``uv.lock``'s ``[[package]]`` entries by (normalized name, version)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {(canonicalize_name(p["name"]), str(p["version"])): p for p in data.get("package", [])}


def choose_wheel(package: Mapping[str, Any], target: Target) -> Choice:
    """The lock entry's best wheel for ``target``; its sdist when no wheel fits; else an error."""
    name = canonicalize_name(package["name"])
    version = str(package["version"])
    best: tuple[int, Artifact] | None = None
    for entry in package.get("wheels", []):
        wheel = Artifact.from_lock(entry)
        _, _, _, tags = parse_wheel_filename(wheel.filename)
        ranks = [r for r in (target.priority(t) for t in tags) if r is not None]
        if ranks and (best is None or min(ranks) < best[0]):
            best = (min(ranks), wheel)
    if best is not None:
        return Choice(name, version, best[1])
    if "sdist" in package and "url" in package["sdist"]:
        return Choice(name, version, None, Artifact.from_lock(package["sdist"]))
    offered = ", ".join(Artifact.from_lock(w).filename for w in package.get("wheels", [])) or "none"
    raise WheelhouseError(
        f"{name} {version}: uv.lock has no wheel for {target.name} / CPython {PYTHON[0]}.{PYTHON[1]} "
        f"and no sdist to build one from (wheels in the lock: {offered})"
    )


def plan(
    pins: Iterable[Pin], lock: Mapping[tuple[NormalizedName, str], Mapping[str, Any]], target: Target
) -> list[Choice]:
    """A choice per pin; every pin must be in the lock."""
    choices: list[Choice] = []
    for pin in pins:
        package = lock.get((pin.name, pin.version))
        if package is None:
            raise WheelhouseError(f"{pin.name} {pin.version} is exported but not in uv.lock")
        choices.append(choose_wheel(package, target))
    return choices


# --------------------------------------------------------------------------- files


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    return Path(override).expanduser() if override else Path.home() / ".cache" / "gkdesk" / "wheels"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(artifact: Artifact, cache: Path) -> tuple[Path, bool]:
    """The artifact's file in the cache, downloaded if missing; (path, True if it was downloaded)."""
    folder = cache / artifact.sha256
    path = folder / artifact.filename
    if path.is_file() and sha256_of(path) == artifact.sha256:
        return path, False
    folder.mkdir(parents=True, exist_ok=True)
    last: Exception | None = None
    for _attempt in range(3):
        # A partial file under a temporary name never passes for a cached one, even when two runs
        # share the cache.
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".part-")
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(artifact.url, timeout=60) as resp:
                for block in iter(lambda: resp.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != artifact.sha256:
                raise WheelhouseError(
                    f"{artifact.filename}: sha256 {digest.hexdigest()} does not match uv.lock's "
                    f"{artifact.sha256}"
                )
            os.replace(tmp, path)
            return path, True
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            last = exc
        finally:
            tmp.unlink(missing_ok=True)
    raise WheelhouseError(f"cannot download {artifact.url}: {last}")


def find_uv() -> str:
    # ``uv run`` tells its children where it lives; otherwise look on PATH.
    uv = os.environ.get("UV") or shutil.which("uv")
    if not uv:
        # uv's standalone installer puts it here, often without adding the folder to PATH.
        for candidate in (Path.home() / ".local" / "bin" / "uv", Path.home() / ".cargo" / "bin" / "uv"):
            if candidate.is_file():
                return str(candidate)
        raise WheelhouseError("uv is not on PATH (https://docs.astral.sh/uv/)")
    return uv


def _run_uv_build(args: Sequence[str], cwd: Path, what: str) -> Path:
    """Run ``uv build --wheel`` into a fresh folder; the one wheel it made."""
    with tempfile.TemporaryDirectory(prefix="gkdesk-build-") as tmp:
        out = Path(tmp) / "out"
        done = subprocess.run(
            [find_uv(), "build", "--wheel", *args, "--out-dir", str(out)],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        wheels = sorted(out.glob("*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise WheelhouseError(f"building {what} failed:\n{done.stderr.strip()}")
        kept = Path(tempfile.mkdtemp(prefix="gkdesk-wheel-")) / wheels[0].name
        shutil.move(wheels[0], kept)
        return kept


def build_from_sdist(choice: Choice, cache: Path, target: Target) -> tuple[Path, bool]:
    """The wheel built from the pin's sdist (cached by the sdist's sha256); (path, True if built)."""
    assert choice.sdist is not None
    built_dir = cache / choice.sdist.sha256 / "built"
    cached = sorted(built_dir.glob("*.whl")) if built_dir.is_dir() else []
    if cached:
        wheel, fresh = cached[0], False
    else:
        sdist, _ = fetch(choice.sdist, cache)
        # Built by the target's Python version so a setup.py that looks at the version decides as
        # it would on the target.
        made = _run_uv_build(
            ["--python", f"{PYTHON[0]}.{PYTHON[1]}", str(sdist)], REPO, f"{choice.name} from its sdist"
        )
        built_dir.mkdir(parents=True, exist_ok=True)
        wheel = built_dir / made.name
        # Moved in under another suffix first: an interrupted copy must not look like a cached wheel.
        partial = built_dir / f"{made.name}.part"
        shutil.move(made, partial)
        os.replace(partial, wheel)
        shutil.rmtree(made.parent, ignore_errors=True)
        fresh = True
    _, _, _, tags = parse_wheel_filename(wheel.name)
    if not any(target.priority(t) is not None for t in tags):
        raise WheelhouseError(
            f"{choice.name} {choice.version} has no wheel in uv.lock, and the wheel built from its "
            f"sdist here ({wheel.name}) does not suit {target.name}; build this wheelhouse on {target.name}"
        )
    return wheel, fresh


def build_project_wheel(repo: Path = REPO) -> Path:
    """gkdesk's own wheel (hatchling, resources force-included), in a temporary folder."""
    return _run_uv_build([], repo, "the gkdesk wheel")


# --------------------------------------------------------------------------- the wheelhouse


@dataclass(frozen=True)
class Placed:
    """A wheel in the wheelhouse and what it pins."""

    name: NormalizedName
    version: str
    filename: str
    sha256: str
    origin: str  # "lock" or "sdist"


def requirements_text(placed: Iterable[Placed]) -> str:
    lines = [
        "# gkdesk's runtime dependencies, one wheel each in this folder; install.sh / install.bat run",
        "#   pip install --no-index --find-links <this folder> -r requirements.txt",
        "# The hashes make pip refuse a wheel damaged on its way here.",
    ]
    for p in placed:
        lines.append(f"{p.name}=={p.version} \\\n    --hash=sha256:{p.sha256}")
    return "\n".join(lines) + "\n"


def _prepare_out(out: Path) -> None:
    # Stale wheels of an earlier run would sit beside the new ones; only a folder this script made
    # (it has MANIFEST.json) or an empty one is cleared, so a mistyped --out never loses files.
    if out.exists():
        if not out.is_dir():
            raise WheelhouseError(f"{out} exists and is not a folder")
        if any(out.iterdir()):
            if not (out / "MANIFEST.json").is_file():
                raise WheelhouseError(f"{out} is not empty and holds no MANIFEST.json; choose another --out")
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def make_wheelhouse(
    platform: str,
    out: Path,
    *,
    repo: Path = REPO,
    cache: Path | None = None,
    log: Log = print,
) -> dict[str, Any]:
    """Fill ``out`` with the wheelhouse for ``platform``; returns the manifest written there."""
    target = make_target(platform)
    cache = cache or cache_dir()
    lock = load_lock(repo / "uv.lock")
    choices = plan(target_pins(export_requirements(repo), target), lock, target)
    _prepare_out(out)

    placed: list[Placed] = []
    width = len(str(len(choices)))
    for i, choice in enumerate(choices, 1):
        if choice.wheel is not None:
            path, fresh = fetch(choice.wheel, cache)
            note, origin = ("downloaded" if fresh else "cached"), "lock"
        else:
            path, fresh = build_from_sdist(choice, cache, target)
            note, origin = ("built from sdist" if fresh else "built from sdist, cached"), "sdist"
        shutil.copyfile(path, out / path.name)
        sha = choice.wheel.sha256 if choice.wheel is not None else sha256_of(path)
        placed.append(Placed(choice.name, choice.version, path.name, sha, origin))
        size = _size(path.stat().st_size)
        log(f"[{i:>{width}}/{len(choices)}] {choice.name} {choice.version}: {path.name} ({note}, {size})")

    own = build_project_wheel(repo)
    shutil.move(own, out / own.name)
    shutil.rmtree(own.parent, ignore_errors=True)
    log(f"gkdesk: {own.name} (built)")

    (out / "requirements.txt").write_text(requirements_text(placed), encoding="utf-8", newline="\n")
    installer = SCRIPTS / target.installer
    # Batch files keep CRLF whatever git did to them: cmd.exe misreads labels in LF-only files.
    newline = "\r\n" if target.installer.endswith(".bat") else "\n"
    text = installer.read_text(encoding="utf-8").replace("\r\n", "\n")
    (out / target.installer).write_text(text, encoding="utf-8", newline=newline)
    if newline == "\n":
        (out / target.installer).chmod(0o755)
    readme = readme_text(platform, __version__)
    (out / "README.txt").write_text(
        readme, encoding="utf-8-sig" if newline == "\r\n" else "utf-8", newline=newline
    )

    manifest: dict[str, Any] = {
        "app": "gkdesk",
        "version": __version__,
        "platform": platform,
        "python": f"{PYTHON[0]}.{PYTHON[1]}",
        "app_wheel": own.name,
        "packages": [
            {"name": p.name, "version": p.version, "file": p.filename, "from": p.origin} for p in placed
        ],
        "files": [
            {"name": f.name, "sha256": sha256_of(f), "size": f.stat().st_size}
            for f in sorted(out.iterdir())
            if f.is_file() and f.name != "MANIFEST.json"
        ],
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
    )
    total = sum(f["size"] for f in manifest["files"])
    log(f"{out}: {len(manifest['files'])} files, {_size(total)}")
    return manifest


def make_zip(folder: Path, zip_path: Path) -> Path:
    """``folder`` zipped under a top folder of the zip's own name (wheels are stored, not deflated)."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    top = zip_path.stem
    tmp = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for f in sorted(folder.iterdir()):
            if f.is_file():
                # Wheels are zips already; deflating them again costs time and saves nothing.
                compress = zipfile.ZIP_STORED if f.suffix == ".whl" else zipfile.ZIP_DEFLATED
                zf.write(f, f"{top}/{f.name}", compress_type=compress)
    os.replace(tmp, zip_path)
    return zip_path


def readme_text(platform: str, version: str) -> str:
    """The Chinese README.txt for IT staff."""
    if platform == "win_amd64":
        need = "Windows 10/11 64 位，已安装 Python 3.11（64 位，python.org 安装包，勾选 py 启动器）。"
        run = "双击 install.bat（或在命令提示符中进入本文件夹后运行 install.bat）。"
        venv = r"%LOCALAPPDATA%\Programs\gkdesk-venv"
        data = r"%LOCALAPPDATA%\gkdesk（数据库、备份、附件、日志、设置）"
        shortcut = "“开始”菜单和桌面上的“政务公开任务管理”快捷方式。"
        uninstall = "install.bat uninstall"
        cmdline = r"%LOCALAPPDATA%\Programs\gkdesk-venv\Scripts\gkdesk.exe"
    else:
        need = (
            "64 位 Linux（glibc 2.28 及以上，如统信 UOS 20、麒麟 V10、Debian 10 及更新版本），"
            "已安装 Python 3.11 及其 venv 模块（Debian/Ubuntu 的 python3.11-venv 包）。"
        )
        run = "在终端中进入本文件夹，运行 sh install.sh（不需要 root）。"
        venv = "~/.local/share/gkdesk-venv"
        data = "~/.local/share/gkdesk（数据库、备份、附件、日志、设置）"
        shortcut = "应用菜单中的“政务公开任务管理”，以及命令 ~/.local/bin/gkdesk。"
        uninstall = "sh install.sh --uninstall"
        cmdline = "~/.local/share/gkdesk-venv/bin/gkdesk"
    return f"""政务公开任务管理（gkdesk {version}）离线安装包（{platform}）
================================================================

本文件夹包含程序及其全部依赖（Python wheel 文件），安装时不需要联网。

一、安装前提
  {need}
  只能使用 Python 3.11：文件夹中的部分 wheel 只适用于 3.11。

二、安装
  {run}
  程序装入独立的 Python 虚拟环境：{venv}
  安装后可使用{shortcut}
  命令行：{cmdline} --help

三、数据存放位置
  {data}
  数据与程序分开存放，升级、卸载都不会动数据。备份时复制整个数据文件夹即可。

四、升级
  拿到新版本的离线安装包后，同样运行其中的安装脚本即可，原地升级，数据保留。

五、卸载
  {uninstall}
  删除虚拟环境和快捷方式，数据文件夹保留；确实不再需要时，可手工删除上面的数据文件夹。

六、校验
  MANIFEST.json 列出了每个文件的 SHA-256；requirements.txt 中的哈希由 pip 在安装时核对。
"""


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--platform", required=True, choices=TARGETS)
    parser.add_argument("--out", type=Path, help="the wheelhouse folder (default dist/wheelhouse-<platform>)")
    parser.add_argument(
        "--zip", action="store_true", help="also write dist/gkdesk-<version>-wheelhouse-<platform>.zip"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or REPO / "dist" / f"wheelhouse-{args.platform}"
    try:
        make_wheelhouse(args.platform, out)
        if args.zip:
            name = f"gkdesk-{__version__}-wheelhouse-{args.platform}.zip"
            zipped = make_zip(out, REPO / "dist" / name)
            print(f"{zipped}: {_size(zipped.stat().st_size)}")
    except WheelhouseError as exc:
        print(f"wheelhouse: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
