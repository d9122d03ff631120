"""A whole quarter, end to end through the command line, as the office lives it.

The yongzhou2021 plan is imported; 2021Q1 opens with a deadline of Thursday 2021-04-15; every
unit gets its template; units answer the way real units do (on time, two working days late,
not at all, rows reordered, re-saved by LibreOffice, a formula in a cell, a file renamed to
another unit's name, a file sent twice, a correction sent later). Then ``missing`` and
``status`` must be exactly right, and the database must hold exactly the accepted rows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from gkdesk.cli import main
from gkdesk.db import Database
from gkdesk.models import Report
from tests.reporting_helpers import (
    FORMULA,
    fill,
    resave_with_libreoffice,
    reverse_rows_and_insert_blank,
    soffice,
    task_rows,
)

PLAN = Path(__file__).resolve().parents[1] / "data" / "yongzhou2021.docx"
COUNTIES = ["冷水滩区人民政府", "零陵区人民政府"]


def run(capsys: pytest.CaptureFixture[str], db: Database, *args: str) -> tuple[int, str]:
    code = main(["--db", db.url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def answer_for(unit: str, overrides: dict[str, dict[str, str]] | None = None):  # type: ignore[no-untyped-def]
    """The answer a unit gives on a task: 按序时推进 unless the scenario says otherwise."""

    def answer(code: str, title: str) -> dict[str, str]:
        base = {
            "status": "按序时推进",
            "progress": f"{unit}第{code}项：已按计划推进。",
            "problems": "无",
            "next_steps": "继续推进",
        }
        return {**base, **(overrides or {}).get(code, {})}

    return answer


def file_of(folder: Path, unit: str) -> Path:
    return folder / f"{unit}-2021Q1-进展情况报送表.xlsx"


def test_a_quarter_end_to_end(
    capsys: pytest.CaptureFixture[str], database: Database, tmp_path: Path, home: Path
) -> None:
    assert run(capsys, database, "import", str(PLAN))[0] == 0
    assert run(capsys, database, "units", "group", "各县市区人民政府", *COUNTIES)[0] == 0
    assert run(capsys, database, "period", "open", "2021Q1", "--deadline", "2021-04-15")[0] == 0
    templates = tmp_path / "templates"
    code, out = run(capsys, database, "template", "2021Q1", "--out", str(templates))
    assert code == 0
    units = sorted(p.name.removesuffix("-2021Q1-进展情况报送表.xlsx") for p in templates.glob("*.xlsx"))
    # The group with members is replaced by its members; groups without members report themselves.
    assert "各县市区人民政府" not in units and set(COUNTIES) <= set(units)
    assert len(units) == 13

    inbox, late_box, later_box = tmp_path / "inbox", tmp_path / "late", tmp_path / "later"
    for folder in (inbox, late_box, later_box):
        folder.mkdir()
    special = {
        "市商务局": None,  # never reports
        "市发改委": late_box,  # arrives Monday 04-19: two working days late
    }
    scenario: dict[str, dict[str, dict[str, str]]] = {
        "冷水滩区人民政府": {"3": {"status": "滞后", "problems": "资金未到位"}},
        "零陵区人民政府": {"13": {"status": "未启动", "progress": "尚未启动，已列入下季度计划。"}},
        "公共企事业单位相应主管部门": {"16": {"status": "已完成", "evidence": "通报文件.pdf"}},
        "市司法局": {"10": {"progress": FORMULA + "=SUM(1,2)"}},  # a formula where words belong
        "市卫健委": {"6": {"progress": "=以文字开头的等号说明，不是公式"}},  # text that only looks like one
    }
    for unit in units:
        if unit in special and special[unit] is None:
            continue
        dest_folder = special.get(unit) or inbox
        fill(file_of(templates, unit), answer_for(unit, scenario.get(unit)), file_of(dest_folder, unit))

    # 市财政局 saves its file under 市商务局's name: the hidden sheet still says 市财政局.
    file_of(inbox, "市财政局").rename(inbox / "市商务局-2021Q1-进展情况报送表.xlsx")
    # 管理区管委会 reorders its rows and leaves an empty row in between.
    reverse_rows_and_insert_blank(file_of(inbox, "管理区管委会"))
    # 经开区管委会 works in LibreOffice (Kylin/UOS).
    if soffice():
        resave_with_libreoffice(file_of(inbox, "经开区管委会"), tmp_path)
    # 市卫健委 mails its file twice.
    shutil.copy(file_of(inbox, "市卫健委"), inbox / "市卫健委（重发）.xlsx")
    # Excel's lock file of an open template lies in the folder too.
    (inbox / "~$市卫健委-2021Q1-进展情况报送表.xlsx").write_bytes(b"\x00" * 165)

    code, out = run(capsys, database, "collect", "2021Q1", str(inbox), "--received", "2021-04-15", "--json")
    assert code == 1  # some files were refused
    results = {r["file"]: r for r in json.loads(out)}
    assert set(next(iter(results.values()))) >= {"file", "unit", "result", "rows", "errors"}
    refused = {f: r for f, r in results.items() if r["result"] == "refused"}
    assert set(refused) == {file_of(inbox, "市司法局").name, "~$市卫健委-2021Q1-进展情况报送表.xlsx"}, refused
    assert "公式" in " ".join(refused[file_of(inbox, "市司法局").name]["errors"])
    assert "锁定" in " ".join(refused["~$市卫健委-2021Q1-进展情况报送表.xlsx"]["errors"])
    renamed = results["市商务局-2021Q1-进展情况报送表.xlsx"]
    assert renamed["unit"] == "市财政局" and renamed["result"] == "accepted"
    twice = sorted(
        (results[file_of(inbox, "市卫健委").name], results["市卫健委（重发）.xlsx"]),
        key=lambda r: r["result"],
    )
    assert [r["result"] for r in twice] == ["accepted", "unchanged"]
    assert results[file_of(inbox, "管理区管委会").name]["result"] == "accepted"
    assert results[file_of(inbox, "经开区管委会").name]["result"] == "accepted"

    code, out = run(
        capsys, database, "collect", "2021Q1", str(late_box), "--received", "2021-04-19", "--json"
    )
    assert code == 0 and [r["result"] for r in json.loads(out)] == ["accepted"]

    # 市行政审批服务局 corrects one answer after the deadline: a replacement, not a late report.
    correction = fill(
        file_of(templates, "市行政审批服务局"),
        answer_for("市行政审批服务局", {"8": {"status": "已完成", "evidence": "一件事一次办清单.xlsx"}}),
        later_box / "市行政审批服务局（更正）.xlsx",
    )
    code, out = run(
        capsys, database, "collect", "2021Q1", str(correction), "--received", "2021-04-20", "--json"
    )
    assert code == 0
    (corrected,) = json.loads(out)
    assert corrected["result"] == "replaced" and corrected["unit"] == "市行政审批服务局"

    code, out = run(capsys, database, "missing", "2021Q1", "--json")
    assert code == 0
    assert json.loads(out) == {
        "missing": [{"unit": "市商务局", "tasks": [4]}, {"unit": "市司法局", "tasks": [4, 10]}],
        "late": [{"unit": "市发改委", "workdays_late": 2}],
        "incomplete": [],
    }

    code, out = run(capsys, database, "status", "2021Q1", "--as-of", "2021-04-21", "--json")
    states = {s["seq"]: s for s in json.loads(out)}
    assert len(states) == 18
    assert (
        states[3]["state"] == "red"
        and "冷水滩区人民政府" in states[3]["reason"]
        and "滞后" in states[3]["reason"]
    )
    assert (
        states[4]["state"] == "red"
        and "市商务局" in states[4]["reason"]
        and "市司法局" in states[4]["reason"]
    )
    assert (
        states[10]["state"] == "red"
        and "市司法局" in states[10]["reason"]
        and "未报送" in states[10]["reason"]
    )
    assert states[13]["state"] == "yellow" and "零陵区人民政府" in states[13]["reason"]
    assert states[8] == {**states[8], "state": "green", "reason": "已完成"}
    assert states[16] == {**states[16], "state": "green", "reason": "已完成"}
    others = set(states) - {3, 4, 10, 13, 8, 16}
    assert {(states[s]["state"], states[s]["reason"]) for s in others} == {("green", "按序时推进")}

    # The database holds exactly the accepted rows: every reporting unit's tasks, once, current.
    code, out = run(capsys, database, "report", "list", "2021Q1", "--json")
    current = {(r["unit"], r["seq"]): r for r in json.loads(out)}
    owed: dict[str, list[int]] = {}
    for path in templates.glob("*.xlsx"):
        ws = load_workbook(path)["进展情况报送表"]
        unit = path.name.removesuffix("-2021Q1-进展情况报送表.xlsx")
        owed[unit] = [int(code) for code in task_rows(ws)]
    expected_keys = {
        (u, seq) for u, seqs in owed.items() if u not in ("市商务局", "市司法局") for seq in seqs
    }
    assert set(current) == expected_keys
    for (unit, seq), r in current.items():
        want = answer_for(unit, {**scenario, "市行政审批服务局": {"8": {"status": "已完成"}}}.get(unit))(
            str(seq), ""
        )
        assert r["fields"]["status"] == want["status"], (unit, seq)
        assert r["fields"]["progress"] == want["progress"], (unit, seq)
    # Text that starts with "=" came back as text, untouched.
    assert current[("市卫健委", 6)]["fields"]["progress"] == "=以文字开头的等号说明，不是公式"
    # History: the correction superseded exactly one answer, which is kept.
    assert current[("市行政审批服务局", 8)]["version"] == 2
    with database.unit_of_work(read_only=True) as uow:
        total = uow.session.scalar(select(func.count()).select_from(Report))
        old = uow.session.scalar(select(func.count()).select_from(Report).where(~Report.is_current))
    assert (total, old) == (len(expected_keys) + 1, 1)
