"""Word automatic numbering: read ``word/numbering.xml`` and render list labels as Word shows them.

The module is pure: ``Numbering.from_xml`` turns the part into list definitions, and a
``NumberingState`` (one per document walk) hands out labels such as ``"(一)"`` or ``"1.2"`` when
asked once per numbered paragraph, in document order, empty paragraphs included.

Counting follows Word: counters live on the abstract list, so several ``w:num`` instances of one
``w:abstractNum`` continue each other, except that a ``w:num`` carrying ``w:startOverride`` restarts
the overridden levels the first time it is used. Using a level restarts the deeper levels unless
their ``w:lvlRestart`` says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
LEVELS = 9

_PLACEHOLDER = re.compile(r"%([1-9])")
_OFF = frozenset({"0", "false", "off"})


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl``: how a list level counts and how its label is written."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    # None: restart whenever a shallower level is used; 0: never; n: after level n (1-based) is used.
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style_id: str = ""


@dataclass(frozen=True, slots=True)
class NumDef:
    """One ``w:num`` resolved to the levels it displays and the counters it shares."""

    list_key: int
    levels: Mapping[int, Level]
    start_overrides: Mapping[int, int]

    def start(self, ilvl: int) -> int:
        if ilvl in self.start_overrides:
            return self.start_overrides[ilvl]
        level = self.levels.get(ilvl)
        return level.start if level is not None else 0


class Numbering:
    """The list definitions of one document, keyed by ``w:numId``."""

    def __init__(self, nums: Mapping[int, NumDef] | None = None) -> None:
        self.nums: Mapping[int, NumDef] = dict(nums or {})

    @classmethod
    def from_xml(cls, data: bytes | None, style_num_ids: Mapping[str, int] | None = None) -> Numbering:
        """Parse a numbering part; ``None`` or empty bytes give an empty definition.

        ``style_num_ids`` maps numbering-style ids to the ``w:numId`` in their ``w:numPr``; it is
        only needed for a ``w:numStyleLink`` whose target list has no matching ``w:styleLink``.
        Malformed XML raises ``lxml.etree.XMLSyntaxError``.
        """
        if not data:
            return cls()
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
        )
        return cls.from_element(etree.fromstring(data, parser), style_num_ids)

    @classmethod
    def from_element(cls, root: etree._Element, style_num_ids: Mapping[str, int] | None = None) -> Numbering:
        tag = root.tag if isinstance(root.tag, str) else ""
        ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else W_NS
        w = _Names(ns)
        abstracts: dict[int, dict[int, Level]] = {}
        style_links: dict[str, int] = {}
        num_style_links: dict[int, str] = {}
        num_abstract: dict[int, int] = {}
        num_overrides: dict[int, tuple[dict[int, Level], dict[int, int]]] = {}
        for el in root:
            if el.tag == w.abstractNum:
                aid = _int(el.get(w.abstractNumId))
                if aid is None:
                    continue
                levels: dict[int, Level] = {}
                for child in el:
                    if child.tag == w.lvl:
                        ilvl, level = _parse_level(child, w)
                        if 0 <= ilvl < LEVELS:
                            levels[ilvl] = level
                    elif child.tag == w.styleLink and child.get(w.val):
                        style_links[child.get(w.val, "")] = aid
                    elif child.tag == w.numStyleLink and child.get(w.val):
                        num_style_links[aid] = child.get(w.val, "")
                abstracts[aid] = levels
            elif el.tag == w.num:
                nid = _int(el.get(w.numId))
                if nid is None:
                    continue
                lvl_overrides: dict[int, Level] = {}
                starts: dict[int, int] = {}
                for child in el:
                    if child.tag == w.abstractNumId:
                        aid = _int(child.get(w.val))
                        if aid is not None:
                            num_abstract[nid] = aid
                    elif child.tag == w.lvlOverride:
                        ilvl = _int(child.get(w.ilvl)) or 0
                        if not 0 <= ilvl < LEVELS:
                            continue
                        for sub in child:
                            if sub.tag == w.startOverride:
                                start = _int(sub.get(w.val))
                                if start is not None:
                                    starts[ilvl] = start
                            elif sub.tag == w.lvl:
                                lvl_overrides[ilvl] = _parse_level(sub, w)[1]
                num_overrides[nid] = (lvl_overrides, starts)

        nums: dict[int, NumDef] = {}
        for nid, aid in num_abstract.items():
            key = aid
            link = num_style_links.get(aid)
            if link is not None:
                target = style_links.get(link)
                if target is None and style_num_ids and link in style_num_ids:
                    target = num_abstract.get(style_num_ids[link])
                if target is not None and target != aid and target not in num_style_links:
                    key = target
            levels = dict(abstracts.get(key, {}))
            lvl_overrides, starts = num_overrides.get(nid, ({}, {}))
            levels.update(lvl_overrides)
            nums[nid] = NumDef(key, levels, starts)
        return cls(nums)

    def level_for_style(self, num_id: int, style_id: str) -> int | None:
        """The level whose ``w:pStyle`` names ``style_id`` (how a style picks its list level)."""
        num = self.nums.get(num_id)
        if num is None or not style_id:
            return None
        for ilvl, level in sorted(num.levels.items()):
            if level.style_id == style_id:
                return ilvl
        return None


class NumberingState:
    """The running counters of one pass over a document."""

    def __init__(self, numbering: Numbering) -> None:
        self._nums = numbering.nums
        self._counters: dict[int, list[int | None]] = {}
        self._used: set[int] = set()

    def next_label(self, num_id: int, ilvl: int) -> str:
        """Count one paragraph of list ``num_id`` at level ``ilvl`` and return its label."""
        num = self._nums.get(num_id)
        if num is None or not 0 <= ilvl < LEVELS:
            return ""
        level = num.levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(num.list_key, [None] * LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            for k in num.start_overrides:
                counters[k] = None
        current = counters[ilvl]
        counters[ilvl] = num.start(ilvl) if current is None else current + 1
        for k in range(ilvl + 1, LEVELS):
            deeper = num.levels.get(k)
            restart = deeper.restart if deeper is not None else None
            if restart is None or ilvl < restart:
                counters[k] = None
        if level.fmt in ("bullet", "none"):
            return ""

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            count = counters[k]
            ref = num.levels.get(k)
            fmt = "decimal" if level.legal or ref is None else ref.fmt
            return format_number(num.start(k) if count is None else count, fmt)

        return _PLACEHOLDER.sub(value, level.text)


class _Names:
    """Clark-notation tag and attribute names for one WordprocessingML namespace."""

    def __init__(self, ns: str) -> None:
        q = f"{{{ns}}}"
        self.abstractNum = q + "abstractNum"
        self.abstractNumId = q + "abstractNumId"
        self.num = q + "num"
        self.numId = q + "numId"
        self.lvl = q + "lvl"
        self.ilvl = q + "ilvl"
        self.lvlOverride = q + "lvlOverride"
        self.startOverride = q + "startOverride"
        self.styleLink = q + "styleLink"
        self.numStyleLink = q + "numStyleLink"
        self.start = q + "start"
        self.numFmt = q + "numFmt"
        self.lvlText = q + "lvlText"
        self.lvlRestart = q + "lvlRestart"
        self.isLgl = q + "isLgl"
        self.suff = q + "suff"
        self.pStyle = q + "pStyle"
        self.val = q + "val"
        self.alternate = f"{{{MC_NS}}}AlternateContent"
        self.fallback = f"{{{MC_NS}}}Fallback"


def _parse_level(el: etree._Element, w: _Names) -> tuple[int, Level]:
    ilvl = _int(el.get(w.ilvl)) or 0
    start, fmt, text, restart, legal, suffix, style_id = 0, "decimal", "", None, False, "tab", ""
    for child in el:
        tag = child.tag
        if tag == w.alternate:
            # Word 2010 wraps new formats (e.g. "custom") in mc:AlternateContent; the fallback
            # carries the classic format older readers are meant to use.
            for fb in child.iter(f"{{{MC_NS}}}Fallback"):
                for sub in fb:
                    if sub.tag == w.numFmt:
                        fmt = sub.get(w.val) or "decimal"
            continue
        val = child.get(w.val)
        if tag == w.start:
            start = _int(val) or 0
        elif tag == w.numFmt:
            fmt = val or "decimal"
        elif tag == w.lvlText:
            text = val or ""
        elif tag == w.lvlRestart:
            restart = _int(val)
        elif tag == w.isLgl:
            legal = val is None or val.lower() not in _OFF
        elif tag == w.suff:
            suffix = val or "tab"
        elif tag == w.pStyle:
            style_id = val or ""
    return ilvl, Level(start, fmt, text, restart, legal, suffix, style_id)


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


# --- number formats ------------------------------------------------------------------------

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_ZH_LEGAL_TRAD = "零壹貳參肆伍陸柒捌玖"
_IDEO_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _cjk_group(n: int, digits: str, units: str) -> str:
    """1…9999 in Chinese counting, with one 零 for each run of inner zeros."""
    out: list[str] = []
    gap = False
    for pos in (3, 2, 1, 0):
        d = n // 10**pos % 10
        if d == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out.append(digits[0])
            gap = False
        out.append(digits[d] + (units[pos - 1] if pos else ""))
    return "".join(out)


def _cjk(n: int, digits: str, units: str, bigs: str, *, short_ten: bool) -> str:
    if n < 0 or n >= 10 ** (4 * (len(bigs) + 1)):
        return str(n)
    if n == 0:
        return _IDEO_DIGITS[0]
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    gap = False
    for i in reversed(range(len(groups))):
        g = groups[i]
        if g == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or g < 1000):
            out += digits[0]
        out += _cjk_group(g, digits, units) + (bigs[i - 1] if i else "")
        gap = False
    if short_ten and len(groups) == 1 and 10 <= groups[0] < 20:
        out = out[1:]  # 十一, not 一十一
    return out


def _japanese(n: int) -> str:
    if n <= 0 or n >= 10**8:
        return _IDEO_DIGITS[0] if n == 0 else str(n)
    parts = []
    for big, g in (("万", n // 10000), ("", n % 10000)):
        if not g:
            continue
        s = ""
        for pos, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
            d = g // 10**pos % 10
            if d:
                s += unit if (pos and d == 1) else _IDEO_DIGITS[d] + unit
        parts.append(s + big)
    return "".join(parts)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out: list[str] = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter past Z (Y, Z, AA, BB …) and stops at 780, thirty Zs.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= 780 else str(n)


def _enclosed(first: int, last: int) -> Callable[[int], str]:
    return lambda n: chr(first + n - 1) if 1 <= n <= last - first + 1 else str(n)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _decimal_zero(n: int) -> str:
    return f"0{n}" if 0 <= n < 10 else str(n)


def _zh_counting(n: int) -> str:
    return _cjk(n, _ZH_DIGITS, "十百千", "万亿", short_ten=True)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": _decimal_zero,
    "decimalFullWidth": lambda n: str(n).translate(_FULLWIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULLWIDTH),
    "decimalEnclosedCircle": _enclosed(0x2460, 0x2473),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 0x2473),
    "decimalEnclosedParen": _enclosed(0x2474, 0x2487),
    "decimalEnclosedFullstop": _enclosed(0x2488, 0x249B),
    "ideographEnclosedCircle": _enclosed(0x3280, 0x3289),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "ordinal": _ordinal,
    "chineseCounting": _zh_counting,
    "chineseCountingThousand": _zh_counting,
    "taiwaneseCounting": lambda n: _cjk(n, _ZH_DIGITS, "十百千", "萬億", short_ten=True),
    "taiwaneseCountingThousand": lambda n: _cjk(n, _ZH_DIGITS, "十百千", "萬億", short_ten=True),
    "chineseLegalSimplified": lambda n: _cjk(n, _ZH_LEGAL, "拾佰仟", "万亿", short_ten=False),
    "ideographLegalTraditional": lambda n: _cjk(n, _ZH_LEGAL_TRAD, "拾佰仟", "萬億", short_ten=False),
    "japaneseCounting": _japanese,
    "ideographDigital": lambda n: "".join(_IDEO_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n),
    "taiwaneseDigital": lambda n: "".join(_IDEO_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10] if n > 0 else str(n),
    "ideographZodiac": lambda n: _BRANCHES[(n - 1) % 12] if n > 0 else str(n),
    "ideographZodiacTraditional": lambda n: (
        (_STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12]) if n > 0 else str(n)
    ),
}


def format_number(value: int, fmt: str) -> str:
    """``value`` written in the Word number format ``fmt``; unknown formats fall back to decimal."""
    if fmt in ("none", "bullet"):
        return ""
    return _FORMATS.get(fmt, str)(value)
