"""Name keys for the unit register: when two printed names probably mean one unit.

Used only to *suggest* aliases (发改委 ↔ 发展改革委 ↔ 发展和改革委员会); the register never
merges two differently printed names without the user saying so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from gkdesk.config import resource_path


@dataclass(frozen=True, slots=True)
class _Patterns:
    canonical: dict[str, str]  # variant → the group's first (short) form
    variants: tuple[str, ...]  # longest first, so 发展和改革委员会 wins over 发改委
    areas: tuple[str, ...]
    equivalents: tuple[tuple[str, str], ...]


@cache
def _patterns() -> _Patterns:
    data = json.loads(resource_path("unit_abbreviations.json").read_text(encoding="utf-8"))
    canonical: dict[str, str] = {}
    for group in data["groups"]:
        for variant in group:
            canonical.setdefault(variant, group[0])
    return _Patterns(
        canonical,
        tuple(sorted(canonical, key=len, reverse=True)),
        tuple(data["areas"]),
        tuple((a, b) for a, b in data["equivalents"]),
    )


def name_key(name: str) -> str:
    """A key equal for 简称 and 全称 of one unit: 市发改委, 市发展改革委 and 市发展和改革委员会 agree."""
    p = _patterns()
    text = re.sub(r"[\s（）()]", "", name)
    for long, short in p.equivalents:
        text = text.replace(long, short)
    for variant in p.variants:
        if text.endswith(variant):
            return text[: -len(variant)] + "#" + p.canonical[variant]
    return text


def looks_like_group(name: str) -> bool:
    """Names such as 各县市区人民政府, 市直相关单位, 省直各部门 stand for several units."""
    return bool(re.match(r"^各", name) or re.search(r"各|相关|有关|所属|等$|直属", name))
