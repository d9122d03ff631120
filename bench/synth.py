"""A generated plan and filled returns, sized like a big city's year, for the benchmarks.

``plan_text`` writes a 工作要点 with ``tasks`` numbered tasks over ``units`` units, each task with
one lead and 3–8 cooperating units; ``answer`` is what a unit writes back. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.db import Database

DEPARTMENTS = [
    "发展改革委",
    "教育局",
    "科技局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源社会保障局",
    "自然资源局",
    "生态环境局",
    "住房城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化旅游广电局",
    "卫生健康委",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "国资委",
    "市场监管局",
    "体育局",
    "统计局",
    "医保局",
    "林业局",
    "城管局",
    "行政审批服务局",
    "信访局",
    "乡村振兴局",
    "数据资源局",
    "税务局",
    "粮食和储备局",
    "气象局",
    "消防救援支队",
    "公积金中心",
    "机关事务局",
    "外事办",
    "侨办",
]
SYLLABLES = "安宁平和兴隆永丰长乐泰清河东西南北石林桥溪山川源湖塘岭江阳城新华明德"


def unit_names(n: int) -> list[str]:
    names = [f"市{d}" for d in DEPARTMENTS][:n]
    rng = random.Random(7)
    seen = set(names)
    while len(names) < n:
        name = f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}县人民政府"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def plan_text(tasks: int = 300, units: int = 150, *, year: int = 2021, seed: int = 1) -> str:
    rng = random.Random(seed)
    names = unit_names(units)
    per_section = 30
    lines = [f"示范市{year}年政务公开工作要点"]
    for i in range(tasks):
        section, item = divmod(i, per_section)
        if item == 0:
            lines.append(f"{cn_number(section + 1)}、第{section + 1}方面重点工作")
        # Every unit leads at least one task, so every unit gets a template.
        lead = names[i % units]
        co = rng.sample([n for n in names if n != lead], rng.randint(3, 8))
        lines.append(
            f"（{cn_number(item + 1)}）推进第{i + 1}项重点任务。围绕年度目标，细化措施，按季度推进落实。"
            f"（{lead}牵头，{'、'.join(co)}配合）"
        )
    return "\n".join(lines) + "\n"


STATUS_CYCLE = ("按序时推进", "按序时推进", "已完成", "按序时推进", "滞后", "未启动")


def answer(unit: str, code: str) -> dict[str, str]:
    status = STATUS_CYCLE[(hash(unit) + int(code)) % len(STATUS_CYCLE)]
    return {
        "status": status,
        "progress": f"{unit}围绕第{code}项任务，已完成阶段性工作，正按计划推进。",
        "problems": "无",
        "next_steps": "继续推进",
        "evidence": "工作方案.pdf" if status == "已完成" else "",
    }


def bench_arguments(doc: str) -> argparse.Namespace:
    """The options every reporting/review benchmark takes: plan size, and a folder to keep."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--units", type=int, default=150)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    return ap.parse_args()


def plan_database(work: Path, tasks: int, units: int) -> tuple[Database, Path]:
    """A fresh SQLite database under ``work`` and the generated plan's text file (not imported yet)."""
    from gkdesk.config import paths, sqlite_url
    from gkdesk.db import open_database

    app = paths(work / "home").ensure()
    db = open_database(sqlite_url(app.db_file), paths=app)
    plan_file = work / "plan.txt"
    plan_file.write_text(plan_text(tasks, units), encoding="utf-8")
    return db, plan_file
