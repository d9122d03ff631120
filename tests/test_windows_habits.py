"""Windows habits, checked here on any system.

Office PCs run Windows, and four of its habits shape what gkdesk must do:

* its data lives in the user's ``%LOCALAPPDATA%\\gkdesk`` (platformdirs, no author folder), unless
  ``GKDESK_HOME`` or ``--home`` says otherwise;
* folders and files are named in Chinese, with spaces (half- and full-width): a whole quarter runs
  through the command line in such folders;
* a workbook or notice still open in Excel, WPS or Word cannot be written, replaced, renamed or
  deleted (some programs refuse reading too): the command says so in one Chinese line naming the
  file, and leaves the old file, the folder and the database as they were;
* a path longer than 259 characters cannot be opened unless long paths are enabled, and no name may
  exceed 255 characters (on Linux 255 UTF-8 bytes, only 85 CJK characters): a unit's very long name
  still gives a template whose name and path fit, unique, and collected again.

Where Linux differs, Windows is simulated: platformdirs' Windows class with a stand-in for the
known-folder lookup, and a file held open by Office as file functions that refuse that one path the
way Windows does (``PermissionError``, errno 13). A read-only folder is real (``chmod``), so those
tests are skipped where permissions do not apply (root, as on CI).
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import platformdirs
import platformdirs.windows
import pytest
from openpyxl import load_workbook

from gkdesk import config
from gkdesk.cli import main
from gkdesk.db import Database, open_database
from gkdesk.formats import names_part
from gkdesk.services.maintenance import backup
from tests.helpers import SAMPLE_PLAN, row_counts
from tests.reporting_helpers import fill

REPO = Path(__file__).resolve().parents[1]
YONGZHOU = REPO / "tests" / "data" / "yongzhou2021.docx"
SUFFIX = "-2024Q1-进展情况报送表.xlsx"
# A name as long as real ones get: the office of the city government with every body it hosts.
_HOSTED = (
    "市人民政府办公室（市政务公开办公室、市大数据发展管理中心、市数字政府建设运营服务中心、"
    "市营商环境优化提升工作领导小组办公室、市政务服务和公共资源交易管理委员会办公室、"
    "市人民政府驻外联络服务中心）政务公开与"
)
# Two such units, differing only in their 107th character (和 or 与).
LONG_UNITS = (
    _HOSTED + "政府网站和政务新媒体日常监测管理科室",
    _HOSTED + "政府网站与政务新媒体日常监测管理科室",
)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


def utf16(text: str) -> int:
    """Length as Windows counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def assert_one_chinese_line(err: str, *names: str) -> str:
    """stderr is one ``错误：`` line naming each of ``names``, with no English from Python in it."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("错误："), line
    for name in names:
        assert name in line, (name, line)
    assert not re.search(r"Errno|denied|Error|Exception|WinError", line), line
    return line


def answer(unit: str) -> Callable[[str, str], dict[str, str]]:
    def fields(code: str, title: str) -> dict[str, str]:
        return {
            "status": "按序时推进",
            "progress": f"{unit}第{code}项：已按计划推进。",
            "next_steps": "继续推进",
        }

    return fields


def fill_as(unit: str, template: Path, dest: Path) -> Path:
    """``template`` filled in by ``unit``, saved as ``dest`` (its folder created)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    return fill(template, answer(unit), dest)


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder`` (hidden ones too) with its inode and bytes: a file replaced
    by a new one, even with equal bytes, gets a new inode."""
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    }


# --- %LOCALAPPDATA%\gkdesk -----------------------------------------------------------------------


@pytest.fixture
def windows_appdata(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, list[str]]:
    """platformdirs answering as on Windows for a user called 张三: (%LOCALAPPDATA%, folders asked).

    The known-folder lookup (ctypes on Windows) is replaced by one that knows only the local
    AppData folder, so asking for the roaming one (``CSIDL_APPDATA``) fails the test.
    """
    local = tmp_path / "C盘" / "Users" / "张三" / "AppData" / "Local"
    asked: list[str] = []

    def known_folder(csidl: str) -> str:
        asked.append(csidl)
        if csidl != "CSIDL_LOCAL_APPDATA":
            raise AssertionError(f"gkdesk asked Windows for {csidl}, not the local AppData folder")
        return str(local)

    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", known_folder)
    monkeypatch.delenv(config.HOME_ENV, raising=False)
    monkeypatch.delenv(config.DB_ENV, raising=False)
    return local, asked


def test_data_lives_in_local_appdata_gkdesk(
    windows_appdata: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    local, asked = windows_appdata
    app = local / "gkdesk"
    assert platformdirs.user_data_dir("gkdesk", appauthor=False) == str(app)  # the simulation holds
    p = config.paths()
    assert asked and set(asked) == {"CSIDL_LOCAL_APPDATA"}
    assert p.home == app  # no author folder: %LOCALAPPDATA%\gkdesk, not …\gkdesk\gkdesk
    assert p.db_file == app / "data" / "gkdesk.sqlite"
    for where in (p.data_dir, p.backups_dir, p.evidence_dir, p.logs_dir, p.settings_file):
        assert where.is_relative_to(app), where
    assert config.database_url(p) == config.sqlite_url(app / "data" / "gkdesk.sqlite")

    # Commands without --home or --db keep everything there, evidence files included.
    plan = tmp_path / "收文" / "示范市 2024年 工作要点.txt"
    plan.parent.mkdir()
    plan.write_text(SAMPLE_PLAN, encoding="utf-8")
    evidence = plan.parent / "佐证 材料.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    assert cli(capsys, "import", str(plan))[0] == 0
    assert cli(capsys, "period", "open", "2024Q1", "--deadline", "2024-04-15")[0] == 0
    code, _, err = cli(
        capsys, "report", "set", "2024Q1", "--task", "1", "--unit", "市司法局", "--status", "按序时推进",
        "--progress", "已按计划推进。", "--evidence", str(evidence),
    )  # fmt: skip
    assert code == 0, err
    assert p.db_file.is_file()
    assert [f.read_bytes() for f in p.evidence_dir.rglob("*") if f.is_file()] == [evidence.read_bytes()]
    config.save_settings(p, {"user_name": "张三"})
    assert json.loads((app / "settings.json").read_text(encoding="utf-8"))["user_name"] == "张三"
    db = open_database(config.database_url(p), paths=p)
    try:
        copy = backup(db, p)
    finally:
        db.dispose()
    assert copy.parent == app / "backups" and copy.is_file()
    assert {q.name for q in tmp_path.iterdir()} == {"C盘", "收文"}  # nothing written anywhere else


def test_gkdesk_home_and_home_option_override_appdata(
    windows_appdata: tuple[Path, list[str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    local, asked = windows_appdata
    portable = tmp_path / "U盘" / "gkdesk 便携版" / "数据"
    monkeypatch.setenv(config.HOME_ENV, str(portable))
    p = config.paths()
    assert p.home == portable and p.db_file == portable / "data" / "gkdesk.sqlite"
    other = tmp_path / "另一个 数据目录"
    assert config.paths(other).home == other  # --home beats GKDESK_HOME
    plan = tmp_path / "示范市 要点.txt"
    plan.write_text(SAMPLE_PLAN, encoding="utf-8")
    assert cli(capsys, "import", str(plan))[0] == 0
    assert (portable / "data" / "gkdesk.sqlite").is_file()
    assert cli(capsys, "--home", str(other), "plans")[0] == 0
    assert (other / "data" / "gkdesk.sqlite").is_file()
    assert asked == [] and not local.exists()  # AppData was never even looked up


# --- Chinese characters and spaces in every path --------------------------------------------------


def test_a_quarter_in_folders_named_in_chinese_with_spaces(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(config.DB_ENV, raising=False)
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path / "不应使用的目录"))
    home = tmp_path / "政务 公开" / "2021 年 工作"
    inbox = tmp_path / "收文 材料"
    plan = inbox / "永州市 2021年 政务公开 工作要点（印发稿）.docx"
    inbox.mkdir()
    shutil.copy(YONGZHOU, plan)
    sent = tmp_path / "下发 报送表" / "2021年 第一季度"
    returned = tmp_path / "收回 报送表" / "第一季度　全角空格"
    results = tmp_path / "考核 结果" / "2021年 第一季度"

    def run(*args: str) -> str:
        code, out, err = cli(capsys, "--home", str(home), *args)
        assert code == 0, err
        return out

    assert "已导入计划" in run("import", str(plan))
    run("period", "open", "2021Q1", "--deadline", "2021-04-15")
    assert str(sent) in run("template", "2021Q1", "--out", str(sent))
    files = sorted(sent.glob("*.xlsx"))
    assert len(files) == 12
    for f in files:
        assert load_workbook(f, read_only=True).sheetnames[0] == "进展情况报送表"
    # The --zip bundle marks its Chinese member names as UTF-8, so Windows Explorer shows them right.
    bundle = run("template", "2021Q1", "--zip", "--out", str(tmp_path / "压缩 包")).split("：", 1)[1].strip()
    with zipfile.ZipFile(bundle) as zf:
        assert sorted(i.filename for i in zf.infolist()) == [f.name for f in files]
        assert all(i.flag_bits & 0x800 for i in zf.infolist())

    # Two units answer; one clerk renames the file the way people do.
    units = [f.name.removesuffix("-2021Q1-进展情况报送表.xlsx") for f in files[:2]]
    fill_as(units[0], files[0], returned / f"{units[0]} 2021年一季度 报送表（终稿）.xlsx")
    fill_as(units[1], files[1], returned / files[1].name)
    collected = json.loads(run("collect", "2021Q1", str(returned), "--received", "2021-04-14", "--json"))
    assert sorted((r["unit"], r["result"]) for r in collected) == sorted((u, "accepted") for u in units)
    missing = json.loads(run("missing", "2021Q1", "--json"))
    assert len(missing["missing"]) == 10

    scores = results / "2021年 第一季度 考核评分表.xlsx"
    assert str(scores) in run("export", "scores", "2021Q1", "--out", str(scores), "--date", "2021-04-20")
    assert load_workbook(scores, read_only=True).sheetnames[0] == "汇总排名表"
    notices = {k: results / f"关于 2021年第一季度 {k} 的通知.docx" for k in ("report", "remind", "result")}
    copies = results / "分单位 通知"
    run("export", "notice", "report", "2021Q1", "--out", str(notices["report"]), "--date", "2021-04-08",
        "--per-unit", str(copies))  # fmt: skip
    run("export", "notice", "remind", "2021Q1", "--out", str(notices["remind"]), "--date", "2021-04-16")
    run("export", "notice", "result", "2021Q1", "--out", str(notices["result"]), "--date", "2021-04-20")
    for path in [*notices.values(), *copies.glob("*.docx")]:
        assert docx.Document(str(path)).paragraphs, path
    assert len(list(copies.glob("*.docx"))) == 12
    assert (home / "data" / "gkdesk.sqlite").is_file()
    assert not (tmp_path / "不应使用的目录").exists()
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith((".gkdesk", ".~gkdesk"))]
    assert leftovers == []


# --- a file Excel, WPS or Word holds open ---------------------------------------------------------


class Office:
    """Files an Office program has open, refused the way Windows refuses them.

    Excel, WPS and Word open a document so that no one else may write, replace, rename or delete
    it: each of those raises ``PermissionError`` (errno 13) naming the file. Reading stays allowed
    unless the file is held ``exclusive`` (as WPS on some PCs, a sync client or a virus scanner do).
    gkdesk reaches its files through the functions patched here: ``open``/``io.open``
    (``Path.open``, ``read_bytes``, ``zipfile``), ``os.open`` (``tempfile``), ``os.replace``,
    ``os.rename`` (``Path.replace``, ``shutil.move``), ``os.unlink``/``os.remove``.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held: dict[str, bool] = {}  # normalised path → reading refused too
        real_open, real_os_open = io.open, os.open
        real_replace, real_rename, real_unlink = os.replace, os.rename, os.unlink

        def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            self._check(file, write=any(c in mode for c in "wax+"))
            return real_open(file, mode, *args, **kwargs)

        def os_opened(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            self._check(path, write=bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_TRUNC)))
            return real_os_open(path, flags, *args, **kwargs)

        def moved(real: Callable[..., None]) -> Callable[..., None]:
            def move(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
                self._check(src, write=True)
                self._check(dst, write=True)
                real(src, dst, *args, **kwargs)

            return move

        def unlinked(path: Any, *args: Any, **kwargs: Any) -> None:
            self._check(path, write=True)
            real_unlink(path, *args, **kwargs)

        monkeypatch.setattr(io, "open", opened)
        monkeypatch.setattr(builtins, "open", opened)
        monkeypatch.setattr(os, "open", os_opened)
        monkeypatch.setattr(os, "replace", moved(real_replace))
        monkeypatch.setattr(os, "rename", moved(real_rename))
        monkeypatch.setattr(os, "unlink", unlinked)
        monkeypatch.setattr(os, "remove", unlinked)

    @staticmethod
    def _key(path: Any) -> str | None:
        if isinstance(path, (str, os.PathLike)):
            return os.path.normcase(os.path.abspath(os.fsdecode(os.fspath(path))))
        return None  # a file descriptor or an open file: already past the lock

    def _check(self, path: Any, *, write: bool) -> None:
        key = self._key(path)
        if key is not None and key in self.held and (write or self.held[key]):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def hold(self, path: Path, *, exclusive: bool = False) -> None:
        key = self._key(path)
        assert key is not None
        self.held[key] = exclusive

    def close_all(self) -> None:
        self.held.clear()


@pytest.fixture
def office(monkeypatch: pytest.MonkeyPatch) -> Office:
    return Office(monkeypatch)


@pytest.fixture
def quarter(database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Database:
    """The three-task sample plan of 2024 imported from a Chinese folder, 2024Q1 open."""
    plan = tmp_path / "收文 材料" / "示范市 2024年 工作要点.txt"
    plan.parent.mkdir()
    plan.write_text(SAMPLE_PLAN, encoding="utf-8")
    assert cli(capsys, "--db", database.url, "import", str(plan))[0] == 0
    assert cli(capsys, "--db", database.url, "period", "open", "2024Q1", "--deadline", "2024-04-15")[0] == 0
    return database


EXPORT_DATES = {  # each file's date, as the office would give it
    "scores": "2024-04-20",
    "notice report": "2024-04-08",
    "notice remind": "2024-04-16",
    "notice result": "2024-04-20",
}


def export_args(kind: str, out: Path) -> list[str]:
    return ["export", *kind.split(), "2024Q1", "--out", str(out), "--date", EXPORT_DATES[kind]]


@pytest.mark.parametrize("kind", list(EXPORT_DATES))
def test_export_over_a_file_office_holds_open_changes_nothing(
    capsys: pytest.CaptureFixture[str], quarter: Database, office: Office, tmp_path: Path, kind: str
) -> None:
    suffix = ".xlsx" if kind == "scores" else ".docx"
    out = tmp_path / "考核 结果" / f"2024年 第一季度 {kind}{suffix}"
    argv = ["--db", quarter.url, *export_args(kind, out)]
    assert cli(capsys, *argv)[0] == 0  # last week's file, still open on the desk
    before, counts = snapshot(out.parent), row_counts(quarter)
    office.hold(out)
    code, stdout, err = cli(capsys, *argv)
    assert code == 2 and stdout == ""
    line = assert_one_chinese_line(err, out.name)
    assert "打开" in line  # says why: the file is open in Excel/WPS/Word
    office.close_all()
    assert snapshot(out.parent) == before  # the old file untouched, no temporary file beside it
    assert row_counts(quarter) == counts  # a 报送通知 not written is not recorded either
    assert cli(capsys, *argv)[0] == 0  # closing the file is all it takes
    assert snapshot(out.parent)[out.name][0] != before[out.name][0]


def test_template_into_a_folder_where_excel_holds_one_old_file(
    capsys: pytest.CaptureFixture[str], quarter: Database, office: Office, tmp_path: Path
) -> None:
    folder = tmp_path / "下发 报送表" / "2024年 第一季度"
    argv = ["--db", quarter.url, "template", "2024Q1", "--out", str(folder)]
    assert cli(capsys, *argv)[0] == 0
    before, counts = snapshot(folder), row_counts(quarter)
    assert len(before) == 6
    # Written in register order, 市财政局 comes after four others: none of them may be replaced.
    held = folder / f"市财政局{SUFFIX}"
    office.hold(held)
    code, stdout, err = cli(capsys, *argv)
    assert code == 2 and stdout == ""
    assert_one_chinese_line(err, held.name)
    office.close_all()
    assert snapshot(folder) == before  # no file of the old set replaced, no staging folder left
    assert row_counts(quarter) == counts
    assert cli(capsys, *argv)[0] == 0
    assert set(snapshot(folder)) == set(before)


def test_per_unit_notices_where_word_holds_one_old_copy(
    capsys: pytest.CaptureFixture[str], quarter: Database, office: Office, tmp_path: Path
) -> None:
    out = tmp_path / "通知" / "报送 通知.docx"
    copies = tmp_path / "通知" / "分单位 通知"
    argv = ["--db", quarter.url, "export", "notice", "report", "2024Q1", "--out", str(out),
            "--date", "2024-04-08", "--per-unit", str(copies)]  # fmt: skip
    assert cli(capsys, *argv)[0] == 0
    before, counts = snapshot(out.parent), row_counts(quarter)
    assert len(before) == 7
    held = copies / "市财政局-2024Q1-报送通知.docx"
    office.hold(held)
    code, stdout, err = cli(capsys, *argv)
    assert code == 2 and stdout == ""
    assert_one_chinese_line(err, held.name)
    office.close_all()
    assert snapshot(out.parent) == before  # neither the notice nor any other copy replaced
    assert row_counts(quarter) == counts
    assert cli(capsys, *argv)[0] == 0


def test_collect_refuses_a_file_held_open_and_takes_the_others(
    capsys: pytest.CaptureFixture[str], quarter: Database, office: Office, tmp_path: Path
) -> None:
    sent = tmp_path / "下发 报送表"
    assert cli(capsys, "--db", quarter.url, "template", "2024Q1", "--out", str(sent))[0] == 0
    returned = tmp_path / "收回 报送表"
    for unit in ("市司法局", "市财政局"):
        fill_as(unit, sent / f"{unit}{SUFFIX}", returned / f"{unit}{SUFFIX}")
    held = returned / f"市财政局{SUFFIX}"
    office.hold(held, exclusive=True)
    # Open in Excel as usual: others may still read it, so it is collected.
    office.hold(returned / f"市司法局{SUFFIX}")
    argv = ["--db", quarter.url, "collect", "2024Q1", str(returned), "--received", "2024-04-14"]
    code, out, _ = cli(capsys, *argv, "--json")
    assert code == 1  # some file refused
    by_file = {r["file"]: r for r in json.loads(out)}
    assert by_file[f"市司法局{SUFFIX}"]["result"] == "accepted"
    refused = by_file[held.name]
    assert refused["result"] == "refused" and len(refused["errors"]) == 1
    reason = refused["errors"][0]
    assert held.name in reason and "占用" in reason and not re.search(r"Errno|denied|Error", reason)
    code, out, _ = cli(capsys, *argv)  # as a person reads it
    assert f"被拒收：{held.name}" in out and f"    × {reason}" in out
    office.close_all()
    code, out, _ = cli(capsys, *argv, "--json")
    assert code == 0
    assert {r["file"]: r["result"] for r in json.loads(out)} == {
        f"市司法局{SUFFIX}": "unchanged",
        held.name: "accepted",
    }


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder the user may read but not write (a colleague's share, a burnt disc): on Windows as
    here, no file can be created in it. Skipped where permissions do not apply (root, as on CI)."""
    folder = tmp_path / "只读 共享"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        try:
            (folder / "probe").touch()
        except PermissionError:
            yield folder
        else:
            pytest.skip("folder permissions do not apply to this user (root)")
    finally:
        folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("kind", ["scores", "notice report", "template"])
def test_writing_into_a_read_only_folder_says_so(
    capsys: pytest.CaptureFixture[str], quarter: Database, read_only: Path, kind: str
) -> None:
    if kind == "template":
        argv, named = ["template", "2024Q1", "--out", str(read_only)], read_only.name
    else:
        out = read_only / f"结果 {kind}{'.xlsx' if kind == 'scores' else '.docx'}"
        argv, named = export_args(kind, out), read_only.name
    counts = row_counts(quarter)
    code, stdout, err = cli(capsys, "--db", quarter.url, *argv)
    assert code == 2 and stdout == ""
    line = assert_one_chinese_line(err, named)
    assert "Excel" not in line and "Word" not in line  # not blamed on an open file
    assert list(read_only.iterdir()) == []
    assert row_counts(quarter) == counts


# --- long names and long paths --------------------------------------------------------------------


def padded_folder(tmp_path: Path, length: int) -> Path:
    """A folder whose path is ``length`` characters long (a realistic deep Windows folder such as
    C:\\Users\\张三\\Documents\\WeChat Files\\wxid_…\\FileStorage\\File\\2026-04\\… has about 100)."""
    folder = tmp_path / "2024年第一季度进展情况报送表"
    if len(str(folder)) + 2 > length:
        pytest.skip(f"the temporary folder is already longer than {length} characters")
    while (left := length - len(str(folder))) > 0:
        # Folder names of at most 40 characters (each must fit Linux's 255 bytes), never leaving
        # a single character over, which no further "/name" could take.
        folder /= "政" * (left - 1 if left <= 41 else 40 if left != 42 else 39)
    assert len(str(folder)) == length
    return folder


@pytest.fixture
def long_units(quarter: Database, capsys: pytest.CaptureFixture[str]) -> Database:
    """The sample plan's 市直各单位 (task 1) stands for two units with 120-character names."""
    assert all(len(u) == 120 for u in LONG_UNITS)
    code, _, err = cli(capsys, "--db", quarter.url, "units", "group", "市直各单位", *LONG_UNITS)
    assert code == 0, err
    return quarter


@pytest.mark.parametrize("folder_length", [100, 180])
def test_long_unit_names_give_templates_that_fit_and_come_back(
    capsys: pytest.CaptureFixture[str], long_units: Database, tmp_path: Path, folder_length: int
) -> None:
    folder = padded_folder(tmp_path / "下发", folder_length)
    argv = ["--db", long_units.url, "template", "2024Q1", "--out", str(folder)]
    code, _, err = cli(capsys, *argv)
    assert code == 0, err
    files = sorted(folder.iterdir())
    long_files = [p for p in files if p.name.startswith(_HOSTED[:10])]
    assert len(files) == 7 and len(long_files) == 2
    assert f"市财政局{SUFFIX}" in {p.name for p in files}  # short names stay as they were
    for p in long_files:
        assert len(p.name.encode("utf-8")) <= 255 and utf16(p.name) <= 255
        assert utf16(str(p)) <= 259
        assert p.name.endswith(SUFFIX)
    assert long_files[0].name != long_files[1].name
    # Each shortened name is read back as its own unit's, and not as the other's.
    shown = [p.name.removesuffix(SUFFIX) for p in long_files]
    assert sorted(names_part(s, u) for s in shown for u in LONG_UNITS) == [False, False, True, True]
    # The same names every time: a second run replaces the files instead of adding two more.
    assert cli(capsys, *argv)[0] == 0
    assert sorted(folder.iterdir()) == files

    inbox = padded_folder(tmp_path / "收回", folder_length)
    for p in long_files:
        fill_as("长名单位", p, inbox / p.name)
    code, out, _ = cli(capsys, "--db", long_units.url, "collect", "2024Q1", str(inbox), "--json")
    assert code == 0
    results = json.loads(out)
    assert sorted((r["unit"], r["result"]) for r in results) == [(u, "accepted") for u in sorted(LONG_UNITS)]
    # The shortened name is still the unit's own: no "文件名写的单位…不一致" warning.
    assert [r["warnings"] for r in results] == [[], []]


def test_per_unit_notices_for_long_unit_names_fit(
    capsys: pytest.CaptureFixture[str], long_units: Database, tmp_path: Path
) -> None:
    folder = padded_folder(tmp_path, 180)
    code, _, err = cli(
        capsys, "--db", long_units.url, "export", "notice", "report", "2024Q1",
        "--out", str(folder / "报送通知.docx"), "--date", "2024-04-08", "--per-unit", str(folder / "分单位"),
    )  # fmt: skip
    assert code == 0, err
    copies = sorted((folder / "分单位").iterdir())
    assert len(copies) == 7
    assert len({p.name for p in copies}) == 7
    for p in copies:
        assert len(p.name.encode("utf-8")) <= 255 and utf16(str(p)) <= 259, p
        assert docx.Document(str(p)).paragraphs
