"""The command line: parse, import, re-import, listings, the register, and every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gkdesk.cli import main
from gkdesk.db import Database
from tests.helpers import SAMPLE_PLAN, encrypt_docx, row_counts, write_docx


def run(capsys: pytest.CaptureFixture[str], db: Database | None, *args: str) -> tuple[int, str, str]:
    argv = (["--db", db.url] if db is not None else []) + list(args)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "示范市要点.txt"
    path.write_text(SAMPLE_PLAN, encoding="utf-8")
    return path


def test_parse_json_has_corpus_schema(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    code, out, _ = run(capsys, None, "parse", "--json", str(sample))
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "示范市2024年政务公开工作要点"
    assert data["year"] == 2024
    assert [t["label"] for t in data["tasks"]] == ["（一）", "（二）", "（一）"]
    assert data["tasks"][1]["lead"] == ["市政府办公室"]
    assert data["tasks"][1]["co"] == ["市发改委", "市财政局"]
    assert data["tasks"][2]["lead"] == ["市政府办公室", "市大数据中心"]
    assert data["tasks"][0]["section"] == "一、推进决策公开"


def test_import_twice_stores_once(
    capsys: pytest.CaptureFixture[str], database: Database, sample: Path
) -> None:
    code, out, _ = run(capsys, database, "import", "--json", str(sample))
    assert code == 0
    first = json.loads(out)
    assert first["created"] is True and first["tasks"] == 3
    before = row_counts(database)
    code, out, _ = run(capsys, database, "import", "--json", str(sample))
    second = json.loads(out)
    assert code == 0 and second["created"] is False and second["plan_id"] == first["plan_id"]
    assert row_counts(database) == before


def test_plans_tasks_and_unit_filter(
    capsys: pytest.CaptureFixture[str], database: Database, sample: Path
) -> None:
    run(capsys, database, "import", str(sample))
    code, out, _ = run(capsys, database, "plans", "--json")
    plans = json.loads(out)
    assert code == 0 and len(plans) == 1 and plans[0]["tasks"] == 3 and plans[0]["year"] == 2024
    pid = str(plans[0]["id"])
    code, out, _ = run(capsys, database, "tasks", "--plan", pid, "--unit", "市财政局", "--json")
    assert [t["seq"] for t in json.loads(out)] == [2]
    code, out, _ = run(capsys, database, "tasks", "--plan", pid, "--json")
    assert [t["seq"] for t in json.loads(out)] == [1, 2, 3]
    code, _, err = run(capsys, database, "tasks", "--plan", "999")
    assert code == 2 and "999" in err


def test_replace_keeps_ids_adds_and_lists_vanished(
    capsys: pytest.CaptureFixture[str], database: Database, sample: Path, tmp_path: Path
) -> None:
    run(capsys, database, "import", str(sample))
    pid = json.loads(run(capsys, database, "plans", "--json")[1])[0]["id"]
    old = {
        t["title"]: t["id"]
        for t in json.loads(run(capsys, database, "tasks", "--plan", str(pid), "--json")[1])
    }
    revised = tmp_path / "修订.txt"
    revised.write_text(
        SAMPLE_PLAN.replace("（二）做好政策解读。", "（二）做好政策解读。新增要求。")
        .replace("市发改委、市财政局配合", "市发改委配合")
        .replace(
            "二、加强平台建设\n（一）加强政府网站管理。开展常态化监测。（市政府办公室、市大数据中心按职责分工负责）\n",
            "",
        )
        + "（三）加强业务培训。每年组织培训。（市政府办公室牵头）\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, database, "import", "--replace", str(pid), "--json", str(revised))
    report = json.loads(out)
    assert code == 0
    assert report["tasks_added"] == 1 and report["tasks_updated"] == 1 and report["tasks_kept"] == 1
    assert report["tasks_vanished"] == ["（一）加强政府网站管理"] and report["tasks_removed"] == 0
    tasks = json.loads(run(capsys, database, "tasks", "--plan", str(pid), "--json")[1])
    by_title = {t["title"]: t for t in tasks}
    assert by_title["做好政策解读"]["id"] == old["做好政策解读"]
    assert by_title["做好政策解读"]["co"] == ["市发改委"]
    assert by_title["做好重大决策预公开"]["id"] == old["做好重大决策预公开"]
    assert "加强政府网站管理" in by_title  # kept until --prune
    code, out, _ = run(capsys, database, "import", "--replace", str(pid), "--prune", "--json", str(revised))
    assert json.loads(out)["tasks_removed"] == 1
    titles = [t["title"] for t in json.loads(run(capsys, database, "tasks", "--plan", str(pid), "--json")[1])]
    assert titles == ["做好重大决策预公开", "做好政策解读", "加强业务培训"]


def test_units_alias_merge_group_set(
    capsys: pytest.CaptureFixture[str], database: Database, sample: Path
) -> None:
    run(capsys, database, "import", str(sample))
    assert run(capsys, database, "units", "alias", "发改委", "市发改委")[0] == 0
    code, _, err = run(capsys, database, "units", "alias", "发改委", "市财政局")
    assert code == 2 and "已是" in err
    code, out, _ = run(capsys, database, "units", "merge", "市大数据中心", "市政府办公室")
    assert code == 0 and "市大数据中心" in out
    units = {u["name"]: u for u in json.loads(run(capsys, database, "units", "--json")[1])}
    assert "市大数据中心" not in units
    assert "市大数据中心" in units["市政府办公室"]["aliases"]
    assert "发改委" in units["市发改委"]["aliases"]
    assert units["市政府办公室"]["tasks"] == 2  # task 3 named both: one link kept
    assert run(capsys, database, "units", "group", "市直各单位", "市司法局", "市财政局")[0] == 0
    assert run(capsys, database, "units", "set", "市财政局", "--category", "市直部门", "--order", "7")[0] == 0
    units = {u["name"]: u for u in json.loads(run(capsys, database, "units", "--json")[1])}
    assert units["市直各单位"]["members"] == ["市司法局", "市财政局"] or set(
        units["市直各单位"]["members"]
    ) == {
        "市司法局",
        "市财政局",
    }
    assert units["市财政局"]["category"] == "市直部门" and units["市财政局"]["sort_order"] == 7
    code, _, err = run(capsys, database, "units", "merge", "不存在的局", "市财政局")
    assert code == 2 and "不存在的局" in err


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    real = write_docx(tmp_path / "real.docx", SAMPLE_PLAN.splitlines())
    fake = tmp_path / "伪装.docx"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    corrupt = tmp_path / "损坏.docx"
    corrupt.write_bytes(real.read_bytes()[:2000])
    no_document = tmp_path / "空壳.docx"
    with zipfile.ZipFile(no_document, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    empty = write_docx(tmp_path / "空白.docx", [])
    notasks = tmp_path / "没有任务.txt"
    notasks.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    return {
        "missing": tmp_path / "不存在.docx",
        "fake": fake,
        "corrupt": corrupt,
        "no_document": no_document,
        "locked": encrypt_docx(real, tmp_path / "加密.docx", "secret"),
        "empty": empty,
        "notasks": notasks,
    }


@pytest.mark.parametrize("case", ["missing", "fake", "corrupt", "no_document", "locked", "empty", "notasks"])
def test_bad_input_exit_2_one_chinese_line_db_unchanged(
    capsys: pytest.CaptureFixture[str], database: Database, tmp_path: Path, case: str
) -> None:
    path = _bad_inputs(tmp_path)[case]
    before = row_counts(database)
    code, out, err = run(capsys, database, "import", str(path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    assert "Traceback" not in err
    assert row_counts(database) == before


def test_password_protected_docx_opens_with_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    locked = _bad_inputs(tmp_path)["locked"]
    code, _, err = run(capsys, None, "parse", "--json", str(locked))
    assert code == 2 and "密码" in err
    code, out, _ = run(capsys, None, "parse", "--json", "--password", "secret", str(locked))
    assert code == 0 and len(json.loads(out)["tasks"]) == 3
    code, _, err = run(capsys, None, "parse", "--json", "--password", "wrong", str(locked))
    assert code == 2 and "密码" in err


def test_parse_does_not_import_qt_or_sqlalchemy(sample: Path) -> None:
    probe = (
        "import sys\n"
        "from gkdesk.cli import main\n"
        f"assert main(['parse', '--json', {str(sample)!r}]) == 0\n"
        "bad = [m for m in ('PySide6', 'sqlalchemy', 'alembic') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr


def test_version_matches_the_package() -> None:
    import tomllib

    import gkdesk

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    assert gkdesk.__version__ == project["project"]["version"]
