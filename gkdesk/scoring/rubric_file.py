"""The rubric as a file: TOML (readable, commented default) or JSON, checked with clear messages.

``rubric_from_dict`` accepts what a user may have edited and refuses, in Chinese, what cannot
score: a missing or duplicate code, a negative maximum, children that do not add up, an unknown
rule, grades out of order.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from gkdesk.errors import BadFileError, UserError
from gkdesk.records import Grade, Rubric, RubricItem

RULES = ("timeliness", "quality", "tasks", "manual")
RESERVED = ("bonus", "penalty", "veto")


def _bad(message: str) -> UserError:
    return UserError(f"考核细则有误：{message}", code="bad_rubric")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(f"{what}应为数字，现在是“{value}”。")
    return float(value)


def _item(raw: Any, parent: str = "") -> RubricItem:
    if not isinstance(raw, dict):
        raise _bad("考核项目的格式不对。")
    code = str(raw.get("code", "")).strip()
    name = str(raw.get("name", "")).strip()
    if not code or not name:
        raise _bad(f"{parent + ' 下的' if parent else ''}考核项目缺少 code 或 name。")
    if code in RESERVED:
        raise _bad(f"项目编号“{code}”是保留字（加分、扣分、否决用），请换一个。")
    rule = str(raw.get("rule", "manual"))
    if rule not in RULES:
        raise _bad(f"项目“{name}”的 rule 应为 {'、'.join(RULES)} 之一，现在是“{rule}”。")
    max_points = _number(raw.get("max"), f"项目“{name}”的分值 max ")
    if max_points < 0:
        raise _bad(f"项目“{name}”的分值不能为负数。")
    params = raw.get("params", {}) or {}
    if not isinstance(params, dict):
        raise _bad(f"项目“{name}”的 params 格式不对。")
    children = tuple(_item(c, name) for c in raw.get("children", []) or [])
    if children:
        if rule != "manual":
            raise _bad(f"只有人工评分（manual）的项目“{name}”可以分子项目。")
        total = sum(c.max_points for c in children)
        if abs(total - max_points) > 1e-9:
            raise _bad(f"项目“{name}”分值 {max_points:g}，但子项目合计 {total:g}，两者应相等。")
    return RubricItem(
        code=code,
        name=name,
        max_points=max_points,
        rule=rule,  # type: ignore[arg-type]
        description=str(raw.get("description", "")),
        params=tuple((str(k), _number(v, f"项目“{name}”的参数 {k} ")) for k, v in params.items()),
        children=children,
    )


def rubric_from_dict(raw: dict[str, Any]) -> Rubric:
    items = tuple(_item(i) for i in raw.get("items", []) or [])
    if not items:
        raise _bad("至少要有一个考核项目。")
    codes = [i.code for i in items] + [c.code for i in items for c in i.children]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise _bad(f"项目编号重复：{'、'.join(duplicates)}。")
    if sum(1 for i in items if i.rule == "tasks") > 1:
        raise _bad("只能有一个“任务落实”（tasks）项目。")
    grades_raw = raw.get("grades") or [{"name": "优秀", "min": 90}, {"name": "良好", "min": 80}]
    grades = tuple(
        Grade(str(g.get("name", "")), _number(g.get("min"), f"等次“{g.get('name', '')}”的下限 min "))
        for g in grades_raw
    )
    grades = tuple(sorted(grades, key=lambda g: -g.min_total))
    if not grades or any(not g.name for g in grades):
        raise _bad("等次需要名称和下限。")
    factors = raw.get("status_factors") or {"已完成": 1.0, "按序时推进": 0.8, "滞后": 0.4, "未启动": 0.0}
    if not isinstance(factors, dict):
        raise _bad("status_factors 格式不对。")
    annual = str(raw.get("annual", "mean"))
    if annual != "mean":
        raise _bad("年度汇总方式 annual 目前只支持 mean（各季度平均）。")
    return Rubric(
        name=str(raw.get("name", "考核细则")),
        items=items,
        bonus_cap=_number(raw.get("bonus_cap", 5), "加分上限 bonus_cap "),
        bonus_description=str(raw.get("bonus_description", "")),
        penalty_description=str(raw.get("penalty_description", "")),
        grades=grades,
        lead_weight=_number(raw.get("lead_weight", 1.0), "牵头权重 lead_weight "),
        co_weight=_number(raw.get("co_weight", 0.5), "配合权重 co_weight "),
        status_factors=tuple((str(k), _number(v, f"状态系数 {k} ")) for k, v in factors.items()),
        rank_by_category=bool(raw.get("rank_by_category", True)),
        annual="mean",
        veto_grade=str(raw.get("veto_grade", "不合格")),
    )


def _item_dict(item: RubricItem) -> dict[str, Any]:
    out: dict[str, Any] = {"code": item.code, "name": item.name, "max": item.max_points, "rule": item.rule}
    if item.description:
        out["description"] = item.description
    if item.params:
        out["params"] = dict(item.params)
    if item.children:
        out["children"] = [_item_dict(c) for c in item.children]
    return out


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    return {
        "name": rubric.name,
        "bonus_cap": rubric.bonus_cap,
        "bonus_description": rubric.bonus_description,
        "penalty_description": rubric.penalty_description,
        "lead_weight": rubric.lead_weight,
        "co_weight": rubric.co_weight,
        "rank_by_category": rubric.rank_by_category,
        "annual": rubric.annual,
        "veto_grade": rubric.veto_grade,
        "status_factors": dict(rubric.status_factors),
        "grades": [{"name": g.name, "min": g.min_total} for g in rubric.grades],
        "items": [_item_dict(i) for i in rubric.items],
    }


def parse_rubric(text: str, *, suffix: str = ".toml", name: str = "") -> Rubric:
    """A rubric from file text (TOML, or JSON when ``suffix`` is .json)."""
    try:
        raw = json.loads(text) if suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if suffix.lower() == ".json" else "TOML"
        raise BadFileError(f"考核细则文件{f'“{name}”' if name else ''}不是有效的 {kind}：{exc}") from None
    if not isinstance(raw, dict):
        raise _bad("文件内容应是一个对象。")
    return rubric_from_dict(raw)


def read_rubric(path: Path) -> Rubric:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadFileError(f"找不到文件：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadFileError(f"无法读取考核细则文件“{path.name}”：{exc}") from None
    return parse_rubric(text, suffix=path.suffix, name=path.name)


def rubric_text(rubric: Rubric, *, suffix: str = ".toml") -> str:
    data = rubric_to_dict(rubric)
    if suffix.lower() == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    header = "# gkdesk 考核细则。修改后用 gkdesk rubric import 文件 导入。\n\n"
    return header + tomli_w.dumps(data)
