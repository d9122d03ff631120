"""Splitting a printed list of unit names (牵头/配合 units) into single names.

Names are kept exactly as printed. Splitting happens on 、 ， , ； ; / and line breaks, and on the
conjunctions 和 及 以及 与 only between two complete names, never inside parentheses. A bare area
("管理区", "各市") borrows the organ of the next name ("经开区管委会", "县人民政府"), and a leading
各 of such a bare area is shared by the whole group.
"""

from __future__ import annotations

import re
from functools import lru_cache

OPENERS = "(（【[〔［"
CLOSERS = ")）】]〕］"

# Separators that always end a name when they stand outside parentheses.
_HARD_SEPARATORS = frozenset("、，,；;/／\n\r､︑")
_SPACES = frozenset(" \t\u3000\xa0")
# ``(?!其)``: "各级政府及其部门" is one group name.
_CONJUNCTION = re.compile(r"以及|及(?!其)|和|与")
_EDGE_JUNK = " \t\n\r\u3000\xa0。.，,、;；:：!！?？\"“”‘’'「」『』《》…·-—─_*※●◆■□○"

# Last characters (or words) that end the name of an organ. Single characters that also end
# ordinary words are paired with those words in _NOT_UNIT_ENDINGS.
ORGAN_ENDINGS: tuple[str, ...] = (
    "政府",
    "委员会",
    "会",
    "委",
    "局",
    "厅",
    "办",
    "室",
    "中心",
    "部",
    "部门",
    "院",
    "处",
    "科",
    "股",  # 股室 of a county department: 社会救助股
    "司",  # a ministry's department: 政策法规司
    "所",
    "站",
    "队",
    "银行",
    "支行",
    "分行",
    "总行",
    "公司",
    "集团",
    "单位",
    "机关",
    "海关",
    "联",
    "科协",
    "政协",
    "人大",
    "社",
    "电视台",
    "电台",
    "气象台",
    "馆",
    "小组",
    "工作组",
    "团",
    "署",
    "学校",
    "大学",
    "林场",
    "农场",
    "监狱",
    "法庭",
    "军分区",
    "企业",
    "机构",
    "组织",
)
_ORGAN_END_CHARS = frozenset(e[-1] for e in ORGAN_ENDINGS)
_NOT_UNIT_ENDINGS: tuple[str, ...] = (
    "社会",
    "机会",
    "大会",
    "体会",
    "领会",
    "都会",
    "全部",
    "内部",
    "外部",
    "局部",
    "干部",
    "场所",
    "住所",
    "处所",
    "好处",
    "之处",
    "到处",
    "网站",
    "举办",
    "督办",
    "承办",
    "主办",
    "协办",
    "创办",
    "交办",
    "代办",
    "格局",
    "布局",
    "大局",
    "全局",
    "结局",
    "开局",
    "学科",
    "社团",
    "结社",
    "上司",
    "控股",
    "入股",
    "参股",
    "持股",
    "新股",
    "个股",
    "配股",
)
# A place or area word that is not itself an organ: 市, 各县, 管理区, 经开区, 县市区, 乡镇(街道).
_BARE_AREA = re.compile(
    r"^各?[\u4e00-\u9fff]{0,8}?(?:省|市|县|区|镇|乡|州|旗|盟|村|街道|社区|园区|园|地)"
    r"(?:[(（][^()（）]{1,12}[)）])?$"
)
# Words that show a chunk is prose, not a name.
_PROSE = re.compile(r"要|应当|的|做好|加强|开展|进行|确保|通过|按照|根据|及时|推动|建立|健全|完善|工作中")
_SENTENCE_PUNCT = re.compile(r"[。！？：:；;，,“”\"]")
_MAX_NAME = 32
_MAX_CHUNK = 120
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WHITESPACE = re.compile(r"\s+")
# A part that is not a unit at all: leftovers of "按职责分工负责" and the like.
_FILLER = re.compile(
    r"^(?:按照?|依)?(?:各自)?(?:职责|职能)?(?:分工)?(?:分别|共同|具体|牵头|负责|落实|配合|参与|协办|主办|等|其他|无)*$"
)
# Deadline words that trail a note ("…负责,2021年底前完成") are never part of a name.
_TIME = re.compile(
    r"\d{4}年|\d{1,2}月|年底|年内|长期坚持|持续推进|每季度|每半年|每月|每年|上半年|下半年|底前"
)
# Only a bare 等 closing a list is dropped: "X等有关部门" as one item is a name of its own.
_TRAILING_ETC = re.compile(r"等$")
_TRAILING_VERB = re.compile(
    r"(?:按照?(?:各自)?(?:职责|职能|分工)(?:分工)?|分别|共同|具体)*"
    r"(?:参照|参考)?(?:牵头|负责|落实|执行|配合|参与|参加|协办|主办|协助|承办|会办)+$"
)
_LEADING_LABEL = re.compile(
    r"^(?:牵头|主办|主责|责任|配合|协办|协同|参与|协助|承办|会办)(?:责任)?(?:单位|部门|处室|科室|股室|主体)?[:：]\s*"
    r"|^由(?=[\u4e00-\u9fff]{2})"
)
_ORGAN_HEAD_BLOCK = frozenset("直各有相所级属等内外及和与其两")
# Kinds of area, as opposed to named places: a 各 may be shared among them.
GENERIC_AREAS = frozenset(
    [
        "管理区",
        "经开区",
        "高新区",
        "开发区",
        "新区",
        "园区",
        "工业园区",
        "示范区",
        "保税区",
        "度假区",
        "风景区",
        "景区",
        "试验区",
        "街道",
        "乡镇",
        "镇街",
        "县市区",
        "市县区",
        "县区",
        "区县",
        "市县",
        "县市",
        "市州",
        "市区",
        "社区",
        "农场",
        "林场",
        "村",
        "城区",
    ]
)


def ends_like_organ(name: str) -> bool:
    """Whether ``name`` ends the way the name of an organ or unit does (局, 管委会, 单位 …)."""
    name = _strip_trailing_paren(name)
    if not name or name[-1] not in _ORGAN_END_CHARS:
        return False
    if name.endswith(_NOT_UNIT_ENDINGS):
        return False
    return name.endswith(ORGAN_ENDINGS)


def is_bare_area(name: str) -> bool:
    """A place/area word without an organ: 市, 各县, 管理区, 经开区, 县市区 …"""
    return bool(_BARE_AREA.match(name)) and not ends_like_organ(name)


def is_plausible_name(name: str) -> bool:
    """Whether ``name`` could be a unit name at all: short, no sentence punctuation, no prose words."""
    return 2 <= len(name) <= _MAX_NAME and not _PROSE.search(name) and not _SENTENCE_PUNCT.search(name)


def is_unit_like(name: str) -> bool:
    """Whether ``name`` reads as the name of a unit (or an area standing for its government).

    Used to tell responsibility notes from prose; it errs on the strict side.
    """
    if not is_plausible_name(name):
        return False
    return ends_like_organ(name) or is_bare_area(name) or name in ("各级", "各地各部门")


def _strip_trailing_paren(name: str) -> str:
    # "各乡镇(街道)" ends like its base word.
    if name and name[-1] in CLOSERS:
        depth = 0
        for i in range(len(name) - 1, -1, -1):
            c = name[i]
            if c in CLOSERS:
                depth += 1
            elif c in OPENERS:
                depth -= 1
                if depth == 0:
                    return name[:i]
        return name
    return name


def _unwrap(text: str) -> str:
    """``text`` without one pair of parentheses around all of it."""
    if len(text) >= 2 and text[0] in OPENERS and text[-1] in CLOSERS:
        depth = 0
        for i, c in enumerate(text):
            if c in OPENERS:
                depth += 1
            elif c in CLOSERS:
                depth -= 1
                if depth == 0:
                    return text[1:-1] if i == len(text) - 1 else text
    return text


def _top_level_chunks(text: str) -> list[str]:
    """Split on hard separators outside parentheses; whitespace runs become a marker ``\x00``."""
    chunks: list[str] = []
    buf: list[str] = []
    depth = 0
    for c in text:
        if c in OPENERS:
            depth += 1
        elif c in CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            if c in _HARD_SEPARATORS:
                chunks.append("".join(buf))
                buf = []
                continue
            if c in _SPACES:
                if buf and buf[-1] != "\x00":
                    buf.append("\x00")
                continue
        buf.append(c)
    chunks.append("".join(buf))
    return chunks


def _split_spaces(chunk: str) -> list[str]:
    # "县编办 县财政局" is two names; "县 编 办" is one name spaced out for justification.
    if "\x00" not in chunk:
        return [chunk]
    parts = [p for p in chunk.split("\x00") if p]
    if len(parts) > 1 and all(len(p) >= 2 and (ends_like_organ(p) or is_bare_area(p)) for p in parts):
        # "各县区(开发区) 安委会": a place and, after a line break, the organ that names no place.
        joined: list[str] = []
        for p in parts:
            if joined and is_bare_area(joined[-1]) and _organ_only(p):
                joined[-1] += p
            else:
                joined.append(p)
        return joined
    return ["".join(parts)]


def _organ_only(name: str) -> bool:
    return len(name) <= 5 and ends_like_organ(name) and _organ_of(name) is None and not is_bare_area(name)


def _depth_zero_positions(text: str) -> list[bool]:
    flags: list[bool] = []
    depth = 0
    for c in text:
        if c in OPENERS:
            flags.append(depth == 0)
            depth += 1
        elif c in CLOSERS:
            depth = max(depth - 1, 0)
            flags.append(depth == 0)
        else:
            flags.append(depth == 0)
    return flags


# Organs that need the place before them to name anyone.
_BARE_ORGANS = frozenset({"人民政府", "政府", "管委会", "管理委员会", "党委", "党工委", "党组", "委员会"})


def _split_conjunctions(chunk: str) -> list[str]:
    """Split on 和/及/以及/与 where the left side is already a whole name or a bare area and the
    right side is more than a bare organ.

    住房和城乡建设局 and 人力资源和社会保障局 stay whole because 住房 / 人力资源 are neither.
    """
    if not _CONJUNCTION.search(chunk):
        return [chunk]
    has_paren = any(c in OPENERS for c in chunk)
    top = _depth_zero_positions(chunk) if has_paren else None
    out: list[str] = []
    start = 0
    for m in _CONJUNCTION.finditer(chunk):
        if top is not None and not top[m.start()]:
            continue
        left = _clean(chunk[start : m.start()])
        right = _CONJUNCTION.split(chunk[m.end() :], maxsplit=1)[0].strip(_EDGE_JUNK)
        if right in _BARE_ORGANS:
            continue  # "各县党委和人民政府": 人民政府 alone names no one; the pair is one name
        if left and right and (ends_like_organ(left) or is_bare_area(left)):
            out.append(chunk[start : m.start()])
            start = m.end()
    out.append(chunk[start:])
    return out


def _balance(name: str) -> str:
    opens = sum(1 for c in name if c in OPENERS)
    closes = sum(1 for c in name if c in CLOSERS)
    while closes > opens and name and name[-1] in CLOSERS:
        name = name[:-1]
        closes -= 1
    while opens > closes and name and name[0] in OPENERS:
        name = name[1:]
        opens -= 1
    while closes > opens and name and name[0] in CLOSERS:
        name = name[1:]
        closes -= 1
    while opens > closes and name and name[-1] in OPENERS:
        name = name[:-1]
        opens -= 1
    return name


def _clean(name: str) -> str:
    if _CJK.search(name):
        name = _WHITESPACE.sub("", name)
    name = name.replace("\x00", "").strip(_EDGE_JUNK)
    name = _balance(name).strip(_EDGE_JUNK)
    if not name:
        return ""
    if len(name) > _MAX_CHUNK:
        return name  # not a name; spare the regexes a quadratic scan
    name = _LEADING_LABEL.sub("", name)
    name = _TRAILING_VERB.sub("", name)
    name = _TRAILING_ETC.sub("", name).strip(_EDGE_JUNK)
    if not name or _FILLER.match(name) or _TIME.search(name):
        return ""
    if not any(c.isalnum() for c in name):
        return ""
    return name


def _organ_of(name: str) -> tuple[str, str] | None:
    """``(area, organ)`` when ``name`` is a bare area followed by an organ, e.g. 经开区 + 管委会."""
    for k in range(len(name) - 1, 0, -1):
        area, organ = name[:k], name[k:]
        if organ[0] in _ORGAN_HEAD_BLOCK or organ[0] in OPENERS or organ[0] in CLOSERS:
            continue
        if _BARE_AREA.match(area) and ends_like_organ(organ) and not ends_like_organ(area):
            return area, organ
    return None


def _area_kind(area: str) -> str:
    """``"level"`` (市, 各县), ``"group"`` (管理区, 各市州, 县市区) or ``"named"`` (浏阳市, 兰州新区)."""
    core = _strip_trailing_paren(area.removeprefix("各"))
    if len(core) == 1:
        return "level"
    if area.startswith("各") or core in GENERIC_AREAS:
        return "group"
    return "named"


def _same_kind(a: str, b: str, area_a: str, area_b: str) -> bool:
    """Whether two areas can share an organ: of one kind, or a named place and a zone type
    without 各 (城乡一体化示范区、高新区党工委和管委会: both are zones of one city)."""
    if a == b:
        return True
    pair = {a, b}
    return pair == {"named", "group"} and not area_a.startswith("各") and not area_b.startswith("各")


def _share_affixes(names: list[str]) -> list[str]:
    """Give a run of bare areas the organ (and leading 各) of the name that closes the run.

    The run and the closing name's area must be of one kind: levels (各市、县人民政府), area
    types (管理区、经开区管委会) or named places (宁乡市、浏阳市人民政府). "管理区、市发改委"
    and "各市州、兰州新区管委会" share nothing.
    """
    out = list(names)
    i = 0
    n = len(out)
    while i < n:
        if not is_bare_area(out[i]):
            i += 1
            continue
        j = i
        while j < n and is_bare_area(out[j]):
            j += 1
        if j == n:
            break
        split = _organ_of(out[j])
        kind = _area_kind(out[j - 1])
        if split is None or not _same_kind(_area_kind(split[0]), kind, split[0], out[j - 1]):
            i = j + 1
            continue
        area, organ = split
        k = j - 1
        while k > i and _same_kind(_area_kind(out[k - 1]), kind, out[k - 1], out[j - 1]):
            k -= 1
        share_ge = out[k].startswith("各")
        for m in range(k, j + 1):
            base = out[m] if m < j else area
            if share_ge and not base.startswith("各"):
                base = "各" + base
            out[m] = base + organ
        i = j + 1
    return out


@lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for chunk in _top_level_chunks(text):
        for spaced in _split_spaces(chunk):
            for part in _split_conjunctions(spaced):
                name = _clean(part)
                if name:
                    names.append(name)
    names = _share_affixes(names)
    return tuple(dict.fromkeys(names))


def split_units(text: str) -> list[str]:
    """The unit names of a printed list, in printed order, duplicates removed.

    >>> split_units("市直相关单位和各县市区人民政府、管理区、经开区管委会")
    ['市直相关单位', '各县市区人民政府', '管理区管委会', '经开区管委会']
    """
    if not text:
        return []
    return list(_split_cached(_unwrap(text.strip())))
