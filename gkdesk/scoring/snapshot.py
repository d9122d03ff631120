"""Scores as JSON, for freezing a closed period's results in the database."""

from __future__ import annotations

from typing import Any

from gkdesk.records import ItemScore, ScoreLine, TaskLine, UnitScore


def _lines(raw: list[dict[str, Any]]) -> tuple[ScoreLine, ...]:
    return tuple(ScoreLine(x["reason"], x["points"], x.get("entry_id", 0)) for x in raw)


def _line_dicts(lines: tuple[ScoreLine, ...]) -> list[dict[str, Any]]:
    return [{"reason": x.reason, "points": x.points, "entry_id": x.entry_id} for x in lines]


def score_to_dict(s: UnitScore) -> dict[str, Any]:
    return {
        "unit": s.unit,
        "category": s.category,
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "max": i.max_points,
                "points": i.points,
                "lines": _line_dicts(i.lines),
            }
            for i in s.items
        ],
        "bonus": s.bonus,
        "penalty": s.penalty,
        "total": s.total,
        "rank": s.rank,
        "grade": s.grade,
        "bonus_lines": _line_dicts(s.bonus_lines),
        "penalty_lines": _line_dicts(s.penalty_lines),
        "veto": s.veto,
        "tasks": [
            {
                "seq": t.seq,
                "title": t.title,
                "role": t.role,
                "weight": t.weight,
                "status": t.status,
                "factor": t.factor,
                "note": t.note,
            }
            for t in s.tasks
        ],
        "reported": s.reported,
        "workdays_late": s.workdays_late,
    }


def score_from_dict(raw: dict[str, Any]) -> UnitScore:
    return UnitScore(
        unit=raw["unit"],
        category=raw["category"],
        items=tuple(
            ItemScore(i["code"], i["name"], i["max"], i["points"], _lines(i["lines"])) for i in raw["items"]
        ),
        bonus=raw["bonus"],
        penalty=raw["penalty"],
        total=raw["total"],
        rank=raw["rank"],
        grade=raw["grade"],
        bonus_lines=_lines(raw["bonus_lines"]),
        penalty_lines=_lines(raw["penalty_lines"]),
        veto=raw["veto"],
        tasks=tuple(
            TaskLine(t["seq"], t["title"], t["role"], t["weight"], t["status"], t["factor"], t["note"])
            for t in raw["tasks"]
        ),
        reported=raw["reported"],
        workdays_late=raw["workdays_late"],
    )
