"""The review commands: rubric show/export/import, score (quarter, year), score set/remove, export scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gkdesk.cli import main
from gkdesk.db import Database
from tests.services.test_scoring import EXPECTED, quarter  # noqa: F401 - the fixture


def run(capsys: pytest.CaptureFixture[str], db: Database, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db.url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


def test_score_json_lists_every_unit(capsys: pytest.CaptureFixture[str], quarter: Database) -> None:  # noqa: F811
    code, out, _ = run(capsys, quarter, "score", "2021Q1", "--json")
    assert code == 0
    data = json.loads(out)
    assert [d["unit"] for d in data] == list(EXPECTED)
    assert {d["unit"]: (d["total"], d["rank"], d["grade"]) for d in data} == {
        u: (e[4], e[5], e[6]) for u, e in EXPECTED.items()
    }
    code, out, _ = run(capsys, quarter, "score", "2021", "--json")
    assert code == 0 and len(json.loads(out)) == len(EXPECTED)


def test_score_set_and_remove(capsys: pytest.CaptureFixture[str], quarter: Database) -> None:  # noqa: F811
    code, out, _ = run(
        capsys,
        quarter,
        "score",
        "set",
        "2021Q1",
        "--unit",
        "市司法局",
        "--item",
        "4.3",
        "--points",
        "-2",
        "--reason",
        "依申请公开答复超期",
    )
    assert code == 0
    entry = int(out.split("编号 ")[1].split("）")[0])
    scores = {d["unit"]: d for d in json.loads(run(capsys, quarter, "score", "2021Q1", "--json")[1])}
    assert scores["市司法局"]["items"]["4"] == 18 and scores["市司法局"]["total"] == 68.0
    assert run(capsys, quarter, "score", "remove", str(entry))[0] == 0
    scores = {d["unit"]: d for d in json.loads(run(capsys, quarter, "score", "2021Q1", "--json")[1])}
    assert scores["市司法局"]["total"] == 70.0
    code, _, err = run(
        capsys, quarter, "score", "set", "2021Q1", "--unit", "市司法局", "--item", "9", "--reason", "x"
    )
    assert code == 2 and err.startswith("错误：") and "没有项目" in err


def test_rubric_round_trip_changes_the_scores(
    capsys: pytest.CaptureFixture[str],
    quarter: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = tmp_path / "细则.toml"
    assert run(capsys, quarter, "rubric", "export", str(path))[0] == 0
    text = path.read_text(encoding="utf-8")
    assert 'name = "报送时效"' in text and "co_weight = 0.5" in text
    path.write_text(text.replace("co_weight = 0.5", "co_weight = 1.0"), encoding="utf-8")
    assert run(capsys, quarter, "rubric", "import", str(path))[0] == 0
    scores = {d["unit"]: d for d in json.loads(run(capsys, quarter, "score", "2021Q1", "--json")[1])}
    # 甲县 with co weight 1.0: 50·(1 + 0.8)/2 = 45.0 → 15 + 15 + 45 + 20 + 5 = 100.0
    assert scores["甲县人民政府"]["total"] == 100.0
    code, out, _ = run(capsys, quarter, "rubric", "show", "--json")
    assert code == 0 and json.loads(out)["co_weight"] == 1.0


@pytest.mark.parametrize(
    ("content", "word"),
    [
        ("name = [", "TOML"),
        ('[[items]]\ncode = "1"\nname = "甲"\nmax = -1\nrule = "manual"\n', "负数"),
        ('[[items]]\ncode = "1"\nname = "甲"\nmax = 10\nrule = "magic"\n', "rule"),
        (
            '[[items]]\ncode = "4"\nname = "日常"\nmax = 20\nrule = "manual"\n'
            '[[items.children]]\ncode = "4.1"\nname = "子"\nmax = 8\n',
            "子项目合计",
        ),
    ],
)
def test_a_bad_rubric_file_is_refused_and_nothing_changes(
    capsys: pytest.CaptureFixture[str],
    quarter: Database,  # noqa: F811
    tmp_path: Path,
    content: str,
    word: str,
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    before = run(capsys, quarter, "rubric", "show")[1]
    code, _, err = run(capsys, quarter, "rubric", "import", str(path))
    assert code == 2 and err.startswith("错误：") and word in err
    assert run(capsys, quarter, "rubric", "show")[1] == before


def test_export_scores_writes_the_workbook(
    capsys: pytest.CaptureFixture[str],
    quarter: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "评分表.xlsx"
    code, text, _ = run(capsys, quarter, "export", "scores", "2021Q1", "--out", str(out))
    assert code == 0 and "已生成考核评分表" in text
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总排名表" and len(wb.sheetnames) == 1 + len(EXPECTED)
    assert wb["汇总排名表"]["B4"].value == "甲县人民政府"
