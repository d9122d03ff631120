"""Check a frozen gkdesk folder the way an office PC would use it, without a network.

1. ``gkdesk --version`` names this version.
2. ``gkdesk parse --json`` on a document of each kind (.docx, .xlsx, .pdf, .txt, traditional
   characters too) gives exactly what the source tree gives for the same file.
3. ``gkdesk demo --no-window`` in a fresh, empty data folder: the migrations run inside the frozen
   program and the demo database appears.
4. ``gkdesk selftest``: the window opened offscreen, every page shown once and painted; the
   screenshots are kept in ``--screenshots``.

On Windows the command line is ``gkdesk-cli.exe`` (``gkdesk.exe`` has no console to print to).

    uv run python packaging/smoke.py dist/gkdesk [--screenshots dist/smoke-screenshots]

Exits 1 naming every check that failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WEB_CORPUS = ROOT / "tests" / "data" / "web_corpus"
KINDS = (".docx", ".xlsx", ".pdf", ".txt")


def program(frozen: Path) -> Path:
    name = "gkdesk-cli.exe" if sys.platform == "win32" else "gkdesk"
    path = frozen / name
    if not path.is_file():
        raise SystemExit(f"{path} not found: is {frozen} a frozen gkdesk folder?")
    return path


def sample_documents() -> list[Path]:
    """The demo plan, one document in all four kinds, and one in traditional characters."""
    samples = [ROOT / "resources" / "demo" / "qinghe2026.txt"]
    stems = sorted({p.stem for p in WEB_CORPUS.glob("*.xlsx")})
    for stem in stems:
        found = [WEB_CORPUS / f"{stem}{kind}" for kind in KINDS]
        if all(p.exists() for p in found):
            samples += found
            break
    samples += sorted(WEB_CORPUS.glob("*_trad.pdf"))[:1]
    return samples


def run(exe: Path, *args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def offline_env(home: Path) -> dict[str, str]:
    """The frozen program alone: its own data folder, no project on sys.path, no way out to a network."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GKDESK_", "VIRTUAL_ENV"))}
    env.update(
        GKDESK_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
    )
    return env


def check_version(exe: Path, env: dict[str, str]) -> Iterator[str]:
    from gkdesk import __version__

    done = run(exe, "--version", env=env)
    if done.returncode != 0 or done.stdout.strip() != f"gkdesk {__version__}":
        yield f"--version: exit {done.returncode}, {done.stdout.strip()!r} {done.stderr.strip()[-500:]}"


def check_parse(exe: Path, env: dict[str, str], extra: list[Path]) -> Iterator[str]:
    from gkdesk.services.documents import parse_document

    for document in [*sample_documents(), *extra]:
        done = run(exe, "parse", "--json", str(document), env=env)
        if done.returncode != 0:
            yield f"parse {document.name}: exit {done.returncode}: {done.stderr.strip()[-800:]}"
            continue
        frozen = json.loads(done.stdout)
        source = json.loads(json.dumps(parse_document(document).to_json(), ensure_ascii=False))
        if frozen != source:
            yield f"parse {document.name}: the frozen program reads it differently from the source tree"
        else:
            print(f"  parse {document.name}: {len(frozen['tasks'])} tasks, same as the source tree")


def check_demo(exe: Path, env: dict[str, str], home: Path) -> Iterator[str]:
    done = run(exe, "demo", "--no-window", env=env)
    databases = list((home / "data").glob("*.sqlite"))
    if done.returncode != 0 or not databases:
        yield f"demo --no-window: exit {done.returncode}, databases {databases}: {done.stderr.strip()[-800:]}"
        return
    done = run(exe, "--db", str(databases[0]), "plans", "--json", env=env)
    if done.returncode != 0 or not json.loads(done.stdout or "[]"):
        yield f"plans on the demo database: exit {done.returncode}: {done.stderr.strip()[-800:]}"
    else:
        print(f"  demo database made by the frozen migrations: {databases[0].name}")


def check_window(exe: Path, env: dict[str, str], screenshots: Path) -> Iterator[str]:
    done = run(exe, "selftest", "--screenshots", str(screenshots), env=env)
    shots = sorted(p.name for p in screenshots.glob("*.png"))
    print("  " + done.stdout.strip().replace("\n", "\n  "))
    if done.returncode != 0 or len(shots) != 6:
        yield f"selftest: exit {done.returncode}, screenshots {shots}: {done.stderr.strip()[-800:]}"


def smoke(frozen: Path, screenshots: Path, documents: list[Path] | None = None) -> list[str]:
    """Every failed check, in words; empty when the frozen folder works."""
    exe = program(frozen)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="gkdesk-smoke-") as tmp:
        for name, check in (
            ("version", lambda env, home: check_version(exe, env)),
            ("parse", lambda env, home: check_parse(exe, env, documents or [])),
            ("demo", lambda env, home: check_demo(exe, env, home)),
            ("window", lambda env, home: check_window(exe, env, screenshots)),
        ):
            home = Path(tmp) / name / "数据 目录"  # a fresh data folder, with a space and Chinese
            started = time.perf_counter()
            found = list(check(offline_env(home), home))
            print(f"{name}: {'ok' if not found else 'FAILED'} ({time.perf_counter() - started:.1f} s)")
            problems += found
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("frozen", type=Path, help="the frozen folder, e.g. dist/gkdesk")
    ap.add_argument("--screenshots", type=Path, default=ROOT / "dist" / "smoke-screenshots")
    ap.add_argument("--document", type=Path, action="append", default=[], help="one more document to parse")
    args = ap.parse_args()
    problems = smoke(args.frozen.absolute(), args.screenshots.absolute(), args.document)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
