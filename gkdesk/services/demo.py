"""The demo database: an invented city's plan, and half a year of its reporting, so that every page
of the window has something real to show.

青禾市's 2026 plan is imported and its register tidied (categories, groups); 2026Q1 and 2026Q2
are opened, every unit's template is written and filled in the way units fill them (mostly 按序时
推进 or 已完成 with evidence, some 滞后, a few 未启动; a couple of units late, one sending a
correction, two never answering in Q2), and the files are collected through the same service the
window uses. The office adds a few manual scores, sets its letterhead details, and closes 2026Q1.

Everything is chosen from fixed lists by a hash of names, so the demo is the same on every
computer. It is built in a temporary file and moved into place only when complete, and a later
call reuses it.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections import defaultdict
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from gkdesk.config import paths, resource_path, sqlite_url
from gkdesk.db import Database, open_database
from gkdesk.exporters.report_template import FIRST_BODY_ROW, HEADER_ROW, template_file_name
from gkdesk.exporters.xlsx_style import write_text
from gkdesk.services.collect import collect
from gkdesk.services.periods import list_periods, open_period, set_closed
from gkdesk.services.planning import import_plan, list_plans
from gkdesk.services.review import add_entry
from gkdesk.services.settings import set_setting
from gkdesk.services.templates import template_specs, write_templates
from gkdesk.services.units import list_units, set_group_members, update_unit

DEMO_PLAN = "demo/qinghe2026.txt"
WHO = "演示数据"
_COUNTIES = ["青禾区", "滨江区", "云溪县", "石门县", "临河市"]
_CATEGORIES = {"县市区": [f"{c}人民政府" for c in _COUNTIES], "管委会": ["青禾新区管委会", "滨江新区管委会"]}
_CITY_UNITS_GROUP = "市直各单位"
_COUNTIES_GROUP = "各县（市、区）人民政府"

SETTINGS = {
    "office_name": "青禾市人民政府办公室",
    "doc_prefix": "青政办函",
    "contacts": "市政府办公室政务公开科 李明，0745-2236518",
    "copy_to": "市政务公开工作领导小组成员单位",
}


# --------------------------------------------------------------------------- the two quarters

DEADLINES = {"2026Q1": date(2026, 4, 10), "2026Q2": date(2026, 7, 10)}
# Working days on which units that answer on time send their files (04-04..06 is 清明).
_ON_TIME = {
    "2026Q1": [date(2026, 4, 3), date(2026, 4, 8), date(2026, 4, 9), date(2026, 4, 10)],
    "2026Q2": [date(2026, 7, 3), date(2026, 7, 7), date(2026, 7, 8), date(2026, 7, 9), date(2026, 7, 10)],
}
# Units whose file arrives after the deadline: 2, 6 and 2 working days late.
LATE = {
    "2026Q1": {"市民政局": date(2026, 4, 14), "石门县人民政府": date(2026, 4, 20)},
    "2026Q2": {"市水利局": date(2026, 7, 14)},
}
MISSING = {"2026Q1": (), "2026Q2": ("市委组织部", "临河市人民政府")}
# A unit that sends a corrected file a few days after its first one (its history shows both).
CORRECTION = {"2026Q1": ("市财政局", date(2026, 4, 13)), "2026Q2": ("市教育局", date(2026, 7, 13))}

# (unit, item, points, reason): 加分/扣分 and the office's 日常公开工作 (4.x) deductions.
ENTRIES = {
    "2026Q1": (
        ("市财政局", "加分", 2, "预决算公开做法被省政府办公厅专刊推广"),
        ("市住房城乡建设局", "扣分", -1, "保障性住房分配结果公开不及时，被市政务公开领导小组通报"),
        ("滨江区人民政府", "4.1", -2, "政府网站“政策文件”栏目 3 月有 2 份文件超期未公开"),
        ("市司法局", "4.3", -1, "1 件依申请公开答复超过法定期限"),
    ),
    "2026Q2": (
        ("青禾区人民政府", "加分", 3, "政务公开专区建设受到市政府表扬"),
        ("市大数据中心", "4.4", -1, "政务新媒体账号 6 月更新不及时"),
        ("市人社局", "4.2", -2, "社保待遇调整政策未同步发布解读材料"),
        ("市发展改革委", "扣分", -1, "政策解读材料数据有误，被市政府办公室通报"),
    ),
}
CLOSED = ("2026Q1",)

_SHEET = "进展情况报送表"
# Each answer field and the template column header it goes under.
_HEADERS = {
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "status": "完成状态",
    "evidence": "佐证材料",
    "remarks": "备注",
}


def _hash(*key: object) -> int:
    return zlib.crc32("|".join(str(k) for k in key).encode("utf-8"))


def _pick(options: list[str] | tuple[str, ...], *key: object) -> str:
    return options[_hash(*key) % len(options)]


def _status(unit: str, code: str, period: str) -> str:
    """Mostly 按序时推进 / 已完成, some 滞后, a few 未启动; more finished by the second quarter."""
    bucket = _hash(unit, code, "status") % 100
    if period.endswith("Q1"):
        cuts = ((25, "已完成"), (80, "按序时推进"), (92, "滞后"))
    else:
        cuts = ((45, "已完成"), (88, "按序时推进"), (96, "滞后"))
    return next((status for cut, status in cuts if bucket < cut), "未启动")


def _topic(title: str) -> str:
    for verb in ("做好", "加强", "规范", "深化", "推进"):
        if title.startswith(verb):
            return title[len(verb) :]
    return title


_DONE = (
    "已全面完成{topic}各项工作：制定工作方案，明确责任科室和时限，在政府网站专栏集中发布相关信息{n}条。",
    "{topic}工作已完成，相关信息{n}条全部按规定时限公开，并同步推送至政务新媒体。",
    "已完成{topic}任务，建立信息发布台账，本季度公开信息{n}条，无超期公开情况。",
)
_ON_TRACK = (
    "按计划推进{topic}工作，本季度在政府网站发布相关信息{n}条，正在完善专栏内容。",
    "已印发工作方案，明确责任分工，{topic}相关信息已公开{n}条，其余按序时推进。",
    "围绕{topic}梳理公开事项清单，已公开{n}条，下一阶段重点做好解读和回应。",
)
_BEHIND = (
    "{topic}工作进度滞后，目前仅完成公开事项的梳理，尚未集中发布。",
    "已开展{topic}前期准备，但受人员调整影响，公开进度慢于计划。",
)
_NOT_STARTED = ("尚未启动，正在研究制定{topic}工作方案。", "暂未开展，待上级具体要求明确后启动。")
_PROBLEMS = ("部分科室信息报送不及时，审核流程较长。", "专职人员不足，业务能力有待提升。", "无")
_NEXT = (
    "持续更新专栏内容，确保信息发布及时准确。",
    "加强与责任科室的沟通，按月调度进展。",
    "开展自查整改，完善信息发布审核机制。",
)
_EVIDENCE = (
    "政府网站专栏截图；工作方案（{short}〔2026〕{n}号）",
    "信息发布台账；政务新媒体推送截图",
    "会议纪要；网站栏目链接",
)


def _doc_prefix(unit: str) -> str:
    """The prefix of the unit's own document numbers: 青财发, 青禾政办发, 滨江管发."""
    if unit.endswith("人民政府"):
        return f"{unit[:2]}政办发"
    if unit.endswith("管委会"):
        return f"{unit[:2]}管发"
    return f"青{unit.removeprefix('市')[:1]}发"


def _answer(unit: str, code: str, title: str, period: str, status: str) -> dict[str, str]:
    topic = _topic(title)
    n = 3 + _hash(unit, code, period, "n") % 18
    key = (unit, code, period)
    short = _doc_prefix(unit)
    if status == "已完成":
        progress = _pick(_DONE, *key).format(topic=topic, n=n)
        # One finished task in a dozen has no evidence: the 报送质量 item deducts for it.
        evidence = "" if _hash(*key, "ev") % 12 == 0 else _pick(_EVIDENCE, *key).format(short=short, n=n)
        return {
            "status": status,
            "progress": progress,
            "problems": "无",
            "next_steps": "巩固成果，做好常态化公开。",
            "evidence": evidence,
        }
    if status == "按序时推进":
        return {
            "status": status,
            "progress": _pick(_ON_TRACK, *key).format(topic=topic, n=n),
            "problems": _pick(_PROBLEMS, *key),
            "next_steps": _pick(_NEXT, *key),
            "evidence": _pick(_EVIDENCE, *key).format(short=short, n=n),
        }
    if status == "滞后":
        return {
            "status": status,
            "progress": _pick(_BEHIND, *key).format(topic=topic),
            "problems": _pick(_PROBLEMS[:2], *key),
            "next_steps": "倒排工期，确保下季度完成。",
            "remarks": "已报分管领导",
        }
    return {
        "status": status,
        "progress": _pick(_NOT_STARTED, *key).format(topic=topic),
        "problems": "职责分工尚未明确。",
        "next_steps": "尽快制定方案并启动。",
    }


def _fill(path: Path, unit: str, period: str, *, corrected: bool = False) -> None:
    """Write the unit's answers into its template, as the unit would in Excel."""
    wb = load_workbook(path)
    ws = wb[_SHEET]
    header = {str(c.value): c.column for c in ws[HEADER_ROW] if c.value}
    code_col, title_col = header["任务编号"], header["工作任务"]
    for row in range(FIRST_BODY_ROW, ws.max_row + 1):
        code = ws.cell(row, code_col).value
        title = ws.cell(row, title_col).value
        if code is None or title is None:
            continue
        status = _status(unit, str(code), period)
        if corrected and status in ("滞后", "未启动"):
            status = "按序时推进"  # the correction: the unit had understated its progress
        for name, value in _answer(unit, str(code), str(title), period, status).items():
            write_text(ws.cell(row, header[_HEADERS[name]]), value)
    wb.save(path)


def _report_quarter(db: Database, period: str, work: Path) -> None:
    folder = work / period
    units = {template_file_name(spec): spec.unit_name for spec in template_specs(db, period)}
    files = write_templates(db, period, folder)
    by_day: dict[date, list[Path]] = defaultdict(list)
    correction_unit, correction_day = CORRECTION[period]
    for path in files:
        unit = units[path.name]
        if unit in MISSING[period]:
            continue
        day = LATE[period].get(unit) or _ON_TIME[period][_hash(unit, period, "day") % len(_ON_TIME[period])]
        _fill(path, unit, period)
        by_day[day].append(path)
        if unit == correction_unit:
            again = folder / "更正" / path.name
            again.parent.mkdir(exist_ok=True)
            again.write_bytes(path.read_bytes())
            _fill(again, unit, period, corrected=True)
            by_day[correction_day].append(again)
    for day in sorted(by_day):
        results = collect(db, period, by_day[day], received=day, who=WHO)
        refused = [r for r in results if r.result == "refused"]
        if refused:  # the demo's own files must all be accepted; anything else is a bug here
            raise RuntimeError(f"demo file refused: {refused[0]}")
    for unit, item, points, reason in ENTRIES[period]:
        add_entry(db, period, unit_name=unit, item=item, points=points, reason=reason, who=WHO)


# --------------------------------------------------------------------------- building


def demo_db_file(home: Path | str | None = None) -> Path:
    return paths(home).data_dir / "demo.sqlite"


def _is_complete(url: str, home: Path | str | None) -> bool:
    db = open_database(url, paths=paths(home))
    try:
        return bool(list_plans(db)) and len(list_periods(db)) >= len(DEADLINES)
    finally:
        db.dispose()


def _build(db: Database, work: Path) -> None:
    import_plan(db, resource_path(DEMO_PLAN))
    set_group_members(db, _COUNTIES_GROUP, _CATEGORIES["县市区"])  # registers the counties too
    for category, names in _CATEGORIES.items():
        for name in names:
            update_unit(db, name, category=category)
    for unit in list_units(db):
        if not unit.category and not unit.is_group:
            update_unit(db, unit.name, category="市直部门")
    # Every department reports on the tasks given to 市直各单位, as offices expect.
    city = [u.name for u in list_units(db) if u.category == "市直部门" and u.name != _CITY_UNITS_GROUP]
    set_group_members(db, _CITY_UNITS_GROUP, city)
    for key, value in SETTINGS.items():
        set_setting(db, key, value, who=WHO)
    for period, deadline in DEADLINES.items():
        open_period(db, period, deadline, who=WHO)
        _report_quarter(db, period, work)
        if period in CLOSED:
            set_closed(db, period, True, who=WHO)


def ensure_demo(home: Path | str | None = None) -> str:
    """Create the demo database under the data dir (or reuse a complete one); returns its URL."""
    app_paths = paths(home).ensure()
    target = demo_db_file(home)
    url = sqlite_url(target)
    if target.exists() and _is_complete(url, home):
        return url
    # Built beside the target, so the final rename stays on one drive and is atomic.
    building = target.with_name(target.name + ".building")
    _remove_with_journals(building)
    try:
        db = open_database(sqlite_url(building), paths=app_paths)
        try:
            with tempfile.TemporaryDirectory(prefix="gkdesk-demo-") as tmp:
                _build(db, Path(tmp))
        finally:
            db.dispose()
        # An older, incomplete demo's journal files must not be applied to the new file.
        _remove_with_journals(target)
        os.replace(building, target)
    finally:
        _remove_with_journals(building)
    return url


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
