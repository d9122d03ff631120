"""The unit register: names resolve by name then alias, suggestions never merge, merging loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkdesk.db import Database
from gkdesk.errors import ConflictError
from gkdesk.services.names import looks_like_group, name_key
from gkdesk.services.planning import import_plan, list_tasks
from gkdesk.services.units import add_alias, list_units, merge_units, suggest_aliases


def _plan(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("某市2024年政务公开工作要点\n一、公开\n" + body, encoding="utf-8")
    return path


def test_alias_resolves_on_the_next_import(database: Database, tmp_path: Path) -> None:
    import_plan(
        database,
        _plan(
            tmp_path,
            "a.txt",
            "（一）甲。内容。（市发展和改革委员会牵头）\n（二）乙。内容。（市财政局牵头）\n",
        ),
    )
    add_alias(database, "市发改委", "市发展和改革委员会")
    report = import_plan(
        database,
        _plan(
            tmp_path,
            "b.txt",
            "（一）丙。内容。（市发改委牵头，市财政局配合）\n（二）丁。内容。（市财政局牵头）\n",
        ),
    )
    assert report.units_new == 0
    assert not [w for w in report.warnings if w.kind == "unknown_unit"]
    tasks = list_tasks(database, report.plan_id)
    assert tasks[0].lead == ("市发展和改革委员会",)
    names = [u.name for u in list_units(database)]
    assert "市发改委" not in names


def test_new_names_are_reported_and_differently_printed_names_stay_apart(
    database: Database, tmp_path: Path
) -> None:
    report = import_plan(
        database,
        _plan(
            tmp_path,
            "a.txt",
            "（一）甲。内容。（市发改委牵头，市发展改革委配合）\n（二）乙。内容。（市人社局牵头）\n",
        ),
    )
    assert report.units_new == 3
    assert {w.message.split("“")[1].split("”")[0] for w in report.warnings if w.kind == "unknown_unit"} == {
        "市发改委",
        "市发展改革委",
        "市人社局",
    }
    assert len(list_units(database)) == 3  # 简称 and 全称 are never merged unasked
    pairs = {(s.name, s.other) for s in suggest_aliases(database)}
    assert pairs == {("市发改委", "市发展改革委")}


def test_merge_moves_links_keeps_the_stronger_role_and_refuses_itself(
    database: Database, tmp_path: Path
) -> None:
    plan = import_plan(
        database,
        _plan(
            tmp_path,
            "a.txt",
            "（一）甲。内容。（市发改委牵头，市发展改革委配合）\n（二）乙。内容。（市发展改革委牵头）\n"
            "（三）丙。内容。（市财政局牵头，市发展改革委配合）\n",
        ),
    ).plan_id
    report = merge_units(database, "市发展改革委", "市发改委")
    assert (report.links_moved, report.links_dropped) == (2, 1)
    tasks = list_tasks(database, plan)
    assert [t.lead for t in tasks] == [("市发改委",), ("市发改委",), ("市财政局",)]
    assert tasks[2].co == ("市发改委",)
    unit = {u.name: u for u in list_units(database)}["市发改委"]
    assert unit.aliases == ("市发展改革委",) and unit.tasks == 3
    with pytest.raises(ConflictError):
        merge_units(database, "市发展改革委", "市发改委")  # now an alias of the same unit


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("市发改委", "市发展和改革委员会", True),
        ("市人社局", "市人力资源和社会保障局", True),
        ("县政府办公室", "县人民政府办公室", True),
        ("市住建局", "市住房和城乡建设局", True),
        ("市发改委", "县发改委", False),
        ("市财政局", "市税务局", False),
    ],
)
def test_name_key(a: str, b: str, same: bool) -> None:
    assert (name_key(a) == name_key(b)) is same


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("各县市区人民政府", True),
        ("市直相关单位", True),
        ("省直各部门", True),
        ("市财政局", False),
        ("县编办", False),
    ],
)
def test_looks_like_group(name: str, group: bool) -> None:
    assert looks_like_group(name) is group


def test_members_can_be_taken_out_of_a_group(database: Database, tmp_path: Path) -> None:
    from gkdesk.services.units import remove_group_members, set_group_members

    plan = tmp_path / "要点.txt"
    plan.write_text(
        "某市2024年政务公开工作要点\n一、公开\n（一）甲任务。做好甲项。（各县市区人民政府负责）\n",
        encoding="utf-8",
    )
    import_plan(database, plan)
    assert set_group_members(database, "各县市区人民政府", ["甲县人民政府", "乙县人民政府"]) == 2
    assert remove_group_members(database, "各县市区人民政府", ["甲县人民政府"]) == 1
    group = {u.name: u for u in list_units(database)}["各县市区人民政府"]
    assert group.members == ("乙县人民政府",)
    with pytest.raises(ConflictError, match="不是“各县市区人民政府”的成员"):
        remove_group_members(database, "各县市区人民政府", ["甲县人民政府"])
    assert remove_group_members(database, "各县市区人民政府", ["乙县人民政府"]) == 0
    assert {u.name: u for u in list_units(database)}["各县市区人民政府"].members == ()
