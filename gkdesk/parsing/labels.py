"""Printed item labels: "一、" "(一)" "（一）" "1." "1、" "(1)" "①" "第一章" and their values.

An outline is built from the *kind* of label (not its value): the first kind seen is the top
level, a kind not yet open nests under the current one, and a kind already open closes the
levels under it. Values are only used to warn about gaps in the numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^(第[{CN_DIGITS}\d]+(?:章|部分|编|篇|节))[\s、，,:：.．]*")),
    # "一、2023年…" is a heading; "一.五" is not a label (only 、 may be followed by a digit).
    ("cn", re.compile(rf"^([{CN_DIGITS}]+(?:、|[．.](?![{CN_DIGITS}\d])))\s*")),
    ("pcn", re.compile(rf"^([(（][{CN_DIGITS}]+[)）][、，,.．]?)\s*")),
    # "2.5万元" is a number, but "2.2011年底前…" is item 2 whose text opens with a year.
    ("num", re.compile(r"^(\d{1,3}(?:[.．](?=(?:19|20)\d\d年)|[.．](?![\d.．])|\s*、))\s*")),
    ("pnum", re.compile(r"^([(（]\d{1,3}[)）][、，,.．]?)\s*")),
    ("rnum", re.compile(r"^(\d{1,3}[)）])\s*")),
    ("circ", re.compile(rf"^([{_CIRCLED}])\s*")),
)


@dataclass(frozen=True, slots=True)
class Label:
    kind: str  # "chapter" | "cn" | "pcn" | "num" | "pnum" | "rnum" | "circ"
    text: str  # as printed, without the spaces after it
    value: int  # 0 when it cannot be read
    rest: str  # the paragraph text after the label


def cn_value(text: str) -> int:
    """The value of a Chinese numeral such as 十四 or 一百零二; 0 when unreadable."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUE:
            current = _CN_VALUE[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return 0
    return total + current


def _value(kind: str, text: str) -> int:
    if kind == "circ":
        return _CIRCLED.index(text) + 1
    digits = re.sub(r"\D", "", text)
    if digits:
        return int(digits)
    return cn_value(re.sub(rf"[^{CN_DIGITS}]", "", text.replace("第", "")))


_STARTS = frozenset("第(（0123456789" + CN_DIGITS + _CIRCLED)


@lru_cache(maxsize=8192)
def match_label(text: str) -> Label | None:
    """The label at the start of ``text``, or None when the paragraph is not numbered."""
    if not text or text[0] not in _STARTS:
        return None  # most lines: no pattern can match, skip trying seven of them
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            rest = text[m.end() :].strip()
            if not rest and kind in ("num", "rnum"):
                return None  # a bare number is a table cell or page number, not an item
            label = m.group(1).strip()
            return Label(kind, label, _value(kind, label), rest)
    return None
