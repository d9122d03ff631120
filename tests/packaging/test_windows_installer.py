"""The Windows release tooling: the workflow, the NSIS script and packaging/windows/build_installer.py.

Nothing here needs Windows. The workflow is checked against GitHub's schema (vendored in
check-jsonschema, so offline) and read for the steps a release depends on; the NSIS script is
compiled by Debian's makensis against a tiny fake frozen folder (skipped without makensis; the
real frozen folder is compiled in test_frozen.py) and read for the promises made to users: no
administrator, Chinese shortcuts, data deleted only when the user says yes. Installing on real
Windows is the workflow's job (its silent install, upgrade and uninstall step).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
SCRIPT = ROOT / "packaging" / "windows" / "gkdesk.nsi"
PRODUCT = "政务公开任务管理"


def _load_builder() -> ModuleType:
    return load_script("packaging/windows/build_installer.py")


builder = _load_builder()


def fake_frozen(parent: Path, *, windows: bool = False) -> Path:
    """A frozen folder's shape in a few bytes: what makensis and the zip need, nothing more."""
    folder = parent / "dist" / "gkdesk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "x.txt").write_text("x", encoding="utf-8")
    for name in ("gkdesk.exe", "gkdesk-cli.exe") if windows else ("gkdesk",):
        (folder / name).write_bytes(b"MZ fake")
    return folder


def icon(tmp_path: Path) -> Path:
    """The real icon, or a one-image 16×16 placeholder if it has not been made yet."""
    if builder.ICON.is_file():
        return Path(builder.ICON)
    size = 16
    pixels = b"\x00\x00\xc0\xff" * size * size  # BGRA, opaque red
    mask = b"\x00" * (4 * size)  # 1 bit per pixel, rows padded to 4 bytes
    dib = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    image = dib + pixels + mask
    header = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 22)
    path = tmp_path / "placeholder.ico"
    path.write_bytes(header + image)
    return path


# ---------------------------------------------------------------------------- the workflow


def load_workflow() -> dict[str, Any]:
    data = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def index_of(steps: list[dict[str, Any]], needle: str) -> int:
    """The first step whose ``run`` or ``uses`` contains ``needle``."""
    for i, step in enumerate(steps):
        if needle in str(step.get("run", "")) or needle in str(step.get("uses", "")):
            return i
    raise AssertionError(f"no step runs or uses {needle!r}")


def test_workflow_matches_githubs_schema() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_builds_smoke_tests_packs_installs_and_uploads() -> None:
    workflow = load_workflow()
    assert {"push", "pull_request", "workflow_dispatch"} <= set(workflow["on"])
    jobs = workflow["jobs"]
    assert all(job["runs-on"] == "windows-latest" for job in jobs.values())
    (installer,) = [job for job in jobs.values() if "packaging/build.py" in str(job["steps"])]
    steps = steps_of(installer)

    order = [
        index_of(steps, "actions/checkout@"),
        index_of(steps, "uv sync --frozen"),
        index_of(steps, "uv run python packaging/build.py"),
        index_of(steps, "uv run python packaging/smoke.py dist/gkdesk"),
        index_of(steps, "makensis"),
        index_of(steps, "uv run python packaging/windows/build_installer.py --dist dist/gkdesk --out dist"),
        index_of(steps, "-ArgumentList '/S'"),
        index_of(steps, "actions/upload-artifact@"),
    ]
    assert order == sorted(order), "steps out of order"
    assert steps[order[3]]["env"]["QT_QPA_PLATFORM"] == "offscreen"

    setup_python = steps[index_of(steps, "actions/setup-python@")]
    assert str(setup_python["with"]["python-version"]) == "3.11"
    nsis = str(steps[order[4]]["run"])
    assert r"NSIS\makensis.exe" in nsis and "choco install nsis" in nsis

    # The silent round trip: install, the CLI runs from the install folder, uninstall in place.
    install_test = str(steps[order[6]]["run"])
    for needle in (r"Programs\gkdesk", 'gkdesk-cli.exe" --version', "_?=", "Test-Path $dir", PRODUCT):
        assert needle in install_test, needle

    uploaded = "\n".join(
        str(step["with"]["path"]) for step in steps if "upload-artifact" in str(step.get("uses", ""))
    )
    assert "-windows-x64-setup.exe" in uploaded
    assert "-windows-x64-portable.zip" in uploaded
    assert "smoke-screenshots" in uploaded

    # The offline wheelhouse for Windows is built and uploaded too.
    wheel_steps = [s for job in jobs.values() for s in job["steps"]]
    assert index_of(wheel_steps, "uv run python packaging/wheelhouse.py --platform win_amd64 --zip") >= 0
    assert any("wheelhouse-win_amd64" in str(s.get("with", {}).get("path", "")) for s in wheel_steps)


def test_workflow_pins_actions_to_major_versions() -> None:
    uses = [s["uses"] for job in load_workflow()["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", use), use


# ---------------------------------------------------------------------------- the NSIS script


def script_text() -> str:
    return SCRIPT.read_text(encoding="utf-8-sig")


def expand(line: str, defines: dict[str, str]) -> str:
    for _ in range(5):  # defines refer to defines; a few rounds resolve them all
        line = re.sub(r"\$\{(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), line)
    return line


def script_lines() -> list[str]:
    """The script's lines with ``!define``d names substituted and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", script_text())  # a trailing backslash continues the line
    defines = dict(re.findall(r'^!define (\w+) "([^"]*)"$', text, re.MULTILINE))
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped and not stripped.startswith(";"):
            lines.append(expand(stripped, defines))
    return lines


def test_script_is_utf8_with_bom() -> None:
    # Windows' makensis reads a script without a BOM in the ANSI code page: the Chinese would break.
    assert SCRIPT.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Unicode true" in script_lines()


def test_script_installs_per_user_in_chinese() -> None:
    lines = script_lines()
    assert "RequestExecutionLevel user" in lines
    assert not any(
        line.startswith("RequestExecutionLevel") and line.endswith(("admin", "highest")) for line in lines
    )
    assert r'InstallDir "$LOCALAPPDATA\Programs\gkdesk"' in lines
    assert [line for line in lines if "MUI_LANGUAGE" in line] == ['!insertmacro MUI_LANGUAGE "SimpChinese"']
    assert not any("HKLM" in line for line in lines), "a per-user install must not write HKLM"
    pages = [line.split()[-1] for line in lines if re.match(r"!insertmacro MUI_(UN)?PAGE_", line)]
    assert pages == [
        "MUI_PAGE_WELCOME",
        "MUI_PAGE_DIRECTORY",
        "MUI_PAGE_INSTFILES",
        "MUI_PAGE_FINISH",
        "MUI_UNPAGE_CONFIRM",
        "MUI_UNPAGE_INSTFILES",
    ]
    assert f'!define MUI_FINISHPAGE_RUN_TEXT "运行 {PRODUCT}"' in lines
    for key in ("DisplayName", "DisplayVersion", "Publisher", "DisplayIcon", "UninstallString"):
        assert any(line.startswith('WriteRegStr HKCU "') and f'" "{key}" ' in line for line in lines), key
    for key in ("EstimatedSize", "NoModify", "NoRepair"):
        assert any(line.startswith("WriteRegDWORD HKCU") and f'"{key}"' in line for line in lines), key


def test_both_shortcuts_carry_the_chinese_name_and_start_the_program() -> None:
    shortcuts = [line for line in script_lines() if line.startswith("CreateShortCut")]
    assert [s.split('"')[1] for s in shortcuts] == [
        f"$SMPROGRAMS\\{PRODUCT}.lnk",
        f"$DESKTOP\\{PRODUCT}.lnk",
    ]
    for shortcut in shortcuts:
        assert shortcut.split('"')[3] == r"$INSTDIR\gkdesk.exe"
        assert r'"$INSTDIR\gkdesk.exe" 0' in shortcut  # the icon


def test_data_folder_is_deleted_only_when_the_user_says_yes() -> None:
    lines = script_lines()
    data = r"$LOCALAPPDATA\gkdesk"
    touching = [
        i for i, line in enumerate(lines) if data + '"' in line and line.startswith(("RMDir", "Delete"))
    ]
    assert len(touching) == 1, [lines[i] for i in touching]
    (at,) = touching
    assert lines[at] == f'RMDir /r "{data}"'
    question = lines[at - 1]
    assert question.startswith("${If} ${Cmd} `MessageBox MB_YESNO")
    assert "是否同时删除所有数据（数据库、备份、日志）？" in question
    assert "MB_DEFBUTTON2" in question  # No is the default button
    assert question.endswith("/SD IDNO IDYES`")  # silent uninstall answers No; only Yes enters the branch
    assert lines[at + 1] == "${EndIf}"
    # The uninstaller removes its own files by name, never the whole folder the user picked.
    assert 'RMDir /r "$INSTDIR"' not in lines


def test_upgrade_replaces_internal_and_only_takes_the_whole_frozen_folder() -> None:
    lines = script_lines()
    install = lines[lines.index(f'Section "-{PRODUCT}"') :]
    install = install[: install.index("SectionEnd")]
    files = [line for line in install if line.startswith("File ")]
    # gkdesk.exe exists only in the Windows build: no File command may name it.
    assert files == [r'File /r "${DIST_DIR}\*"']
    assert install.index("Call EnsureClosed") < install.index(r'RMDir /r "$INSTDIR\_internal"')
    assert install.index(r'RMDir /r "$INSTDIR\_internal"') < install.index(files[0])
    uninstall = lines[lines.index('Section "Uninstall"') :]
    assert uninstall[1] == "Call un.EnsureClosed"


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) not installed")
def test_script_compiles_without_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dist = fake_frozen(tmp_path)
    setup = builder.build_installer(dist, tmp_path / "out", "0.1.0", icon=icon(tmp_path), strict=True)
    output = capsys.readouterr().out
    assert setup == tmp_path / "out" / "gkdesk-0.1.0-windows-x64-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ"
    assert "warning" not in output.lower(), output


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) not installed")
def test_script_defaults_to_the_programs_version(tmp_path: Path) -> None:
    from gkdesk import __version__

    dist = fake_frozen(tmp_path)
    out = tmp_path / "setup.exe"
    done = subprocess.run(
        [
            "makensis",
            "-V4",
            f"-DDIST_DIR={dist}",
            f"-DOUT_FILE={out}",
            f"-DICON={icon(tmp_path)}",
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert f'BrandingText: "{PRODUCT} {__version__}"' in done.stdout
    assert out.read_bytes()[:2] == b"MZ"


def test_a_missing_makensis_is_reported_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAKENSIS", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(builder, "WINDOWS_MAKENSIS", ())
    with pytest.raises(builder.MakensisNotFound, match="makensis"):
        builder.find_makensis()
    dist = fake_frozen(tmp_path)
    code = builder.main(["--dist", str(dist), "--out", str(tmp_path / "out"), "--icon", str(icon(tmp_path))])
    assert code == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", "0.1.0.0"), ("1.2", "1.2.0.0"), ("0.2.0rc1", "0.2.0.0"), ("1.0.0.dev3+g1234", "1.0.0.0")],
)
def test_version_resource_numbers(version: str, numbers: str) -> None:
    assert builder.vi_version(version) == numbers


# ---------------------------------------------------------------------------- the portable zip


def test_portable_zip_holds_the_folder_under_gkdesk(tmp_path: Path) -> None:
    dist = fake_frozen(tmp_path, windows=True)
    zipped = builder.portable_zip(dist, tmp_path / "out", "0.1.0")
    assert zipped == tmp_path / "out" / "gkdesk-0.1.0-windows-x64-portable.zip"
    with zipfile.ZipFile(zipped) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
    assert sorted(names) == ["gkdesk/_internal/x.txt", "gkdesk/gkdesk-cli.exe", "gkdesk/gkdesk.exe"]
    assert [p.name for p in zipped.parent.iterdir()] == [zipped.name]  # no .part left behind
