"""What each column of a task table holds, decided from its header text *and* its cells.

Offices name their columns in endless ways (具体要求, 细化分工, 责任科室, 责任股室, 时限要求 …), so a
list of names is never enough. Every column gets a role:

- ``label``    the printed number of the task (序号);
- ``section``  a short category the tasks are grouped under (工作任务 beside 具体要求);
- ``task``     the task text itself;
- ``lead`` / ``co``  the units; a 责任单位-like column without a 牵头 column beside it is ``lead``;
- ``deadline`` the time limit as printed (完成时限, 时限要求, 持续推进 …);
- ``ignore``   people (分管领导), progress and remarks (落实情况, 备注) and anything unknown.

The header gives a first guess, the cells confirm or overrule it: a column of numbers is never a
unit, a column of long sentences is never a unit or a deadline, a short category column is told
apart from the item column beside it by what the cells hold. A guess the cells do not back up is
marked unsure, so the import wizard can ask. Choices the user made are passed back in as
``overrides`` keyed by header text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from gkdesk.parsing.labels import match_label
from gkdesk.parsing.unit_names import (
    ends_like_organ,
    is_bare_area,
    is_plausible_name,
    is_unit_like,
    split_units,
)

ColumnRole = Literal["label", "section", "task", "lead", "co", "deadline", "ignore"]
ROLES: tuple[ColumnRole, ...] = ("label", "section", "task", "lead", "co", "deadline", "ignore")
ROLE_NAMES: dict[ColumnRole, str] = {
    "label": "序号",
    "section": "分类（章节）",
    "task": "任务内容",
    "lead": "牵头单位",
    "co": "配合单位",
    "deadline": "完成时限",
    "ignore": "不导入",
}

# Header families. Order matters: the first family whose pattern matches decides.
Family = Literal[
    "label", "people", "ignore", "lead", "co", "resp", "deadline", "category", "name", "item", "text"
]
_HEADER_FAMILIES: tuple[tuple[Family, re.Pattern[str]], ...] = (
    ("label", re.compile(r"^(序号?|编号|序列号|排序|项次|项号|编码|代码|no\.?|#)$", re.I)),
    ("people", re.compile(r"领导|责任人|联系人|负责人|经办人|分管|包保|电话|手机|联系方式|签字|姓名")),
    (
        "ignore",
        re.compile(
            r"情况|进展|进度(?!安排)|备注|说明|佐证|评分|分值|得分|考核|考评|成效|问题|完成标志|"
            r"成果|预期|目标值|指标值|依据|来源|附件|状态|督办|点评|^(工作)?目标$"
        ),
    ),
    ("lead", re.compile(r"牵头|主办|主责|主要责任")),
    ("co", re.compile(r"配合|协办|参与|协同|协助|会办|协作|其他责任")),
    (
        "resp",
        re.compile(
            r"(单位|部门|科室|处室|股室|科股|主体|机构|机关|站所|责任方)$|^(责任|负责|承办|实施|落实|主管)"
        ),
    ),
    ("deadline", re.compile(r"时限|时间|期限|节点|日期|时序|进度安排|完成期|办结|截止|何时")),
    (
        "category",
        re.compile(
            r"^(板块|类别|分类|领域|重点领域|工作类别|方面|类型|项目|工作板块|任务类别|专项|栏目|大项)$"
        ),
    ),
    # 项目名称 / 民生事项名称: each row names its task (a project list), however long the 建设内容
    # beside it is.
    ("name", re.compile(r"名称$")),
    (
        "item",
        re.compile(
            r"^(具体|细化|分解)|具体要求|细化分工|工作措施|具体任务|具体内容|具体措施|任务分解|分解任务|"
            r"主要措施|工作举措|推进措施|工作内容|任务内容|措施内容|实施内容|细化任务|公开内容"
        ),
    ),
    ("text", re.compile(r"任务|要求|内容|措施|要点|事项|工作|分工|举措|目标|重点|清单|名称")),
)

_NUMBER = re.compile(r"^[(（]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]?[.．、]?$")
_DEADLINE_WORDS = re.compile(
    r"\d{1,2}月|年底|年末|年内|年中|月底|月末|季度|上半年|下半年|全年|每月|每年|每周|每季|每半年|"
    r"长期|持续|常态|定期|及时|适时|按时|随时|日常|动态|同步|实时|即时|立即|限时|逐年|年度|"
    r"工作日|个月|截至|之前|以前|前完成|底前|阶段|完成"
)
_SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")
_PERSON_TITLE = re.compile(r"(同志|县长|区长|市长|省长|书记|主任|局长|部长|厅长|主席|镇长|秘书长)$")
_SPACE = re.compile(r"\s+")
_LEADS_OFF = re.compile(r"^([^，,。；;：:、]{2,20}?)(?:牵头|主办|负责)")

_ITEM_LABELS = frozenset({"num", "pnum", "rnum", "circ"})
CellKind = Literal["empty", "number", "marks", "heading", "deadline", "units", "person", "sentence", "short"]
_MARKS = "√✓✔×✗■□☑☐▇"


@dataclass(frozen=True, slots=True)
class ColumnGuess:
    """One column: its header as printed, the role it gets, and whether that guess is sure."""

    header: str
    role: ColumnRole
    sure: bool


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    columns: tuple[ColumnGuess, ...]

    def indexes(self, role: ColumnRole) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role == role]

    @property
    def roles(self) -> tuple[ColumnRole, ...]:
        return tuple(c.role for c in self.columns)

    @property
    def usable(self) -> bool:
        """One task column and something that makes it a task table (units, numbers or deadlines)."""
        roles = set(self.roles)
        return len(self.indexes("task")) == 1 and bool(roles & {"lead", "co", "label", "deadline"})


def header_key(text: str) -> str:
    """A header as remembered and as named on the command line: without any whitespace."""
    return _SPACE.sub("", text or "")


HEADER_JOIN = " › "  # between the rows of a two-row header: "责任单位 › 牵头单位"


_POSITION = re.compile(r"^(?:第(\d{1,2})列|#(\d{1,2}))$")


def position_key(index: int) -> str:
    """How a column without a usable header is named: 第3列 (counted from 1)."""
    return f"第{index + 1}列"


def position_of(key: str) -> int | None:
    """The 0-based column a key such as "第3列" or "#3" names, else None."""
    m = _POSITION.match(header_key(key))
    return int(m.group(1) or m.group(2)) - 1 if m else None


def header_family(text: str) -> Family | None:
    """The family of a header; of a two-row header, the lowest row that names one decides."""
    for part in reversed(header_key(text).split(HEADER_JOIN.strip())):
        name = part.strip("：:*＊")
        if not name or len(name) > 16:
            continue
        for family, pattern in _HEADER_FAMILIES:
            if pattern.search(name):
                return family
    return None


def looks_like_header(cells: Sequence[str]) -> bool:
    """Whether a row reads as a table header: short words, no sentences, at least one known name."""
    filled = [header_key(c) for c in cells if c and c.strip()]
    if len(filled) < 2:
        return False
    if any(len(c) > 16 or _SENTENCE_PUNCT.search(c) or _NUMBER.match(c) for c in filled):
        return False
    known = sum(header_family(c) is not None for c in filled)
    return known >= max(1, (len(filled) + 1) // 2)


def _is_deadline(text: str) -> bool:
    if len(text) > 40 or "。" in text:
        return False
    if re.fullmatch(r"[\d\s年月日号./\-至—~～前后底末中旬上下]+", text) and re.search(r"\d", text):
        return True
    return _DEADLINE_WORDS.search(text) is not None and not _looks_like_units(text)


@lru_cache(maxsize=8192)
def _looks_like_units(text: str) -> bool:
    if len(text) > 200 or "。" in text:
        return False
    names = split_units(text)
    if not names:
        return False
    organ = sum(ends_like_organ(n) or is_bare_area(n) for n in names)
    plausible = all(is_plausible_name(n) for n in names)
    return plausible and organ * 2 >= len(names) and organ >= 1


def _is_person(text: str) -> bool:
    """People's names or titles (张三、李四 / 副县长): what a 分管领导 column holds."""
    names = [n for n in re.split(r"[、，,；;\s/]+", text) if n]
    if not names or len(names) > 8:
        return False
    titled = sum(bool(_PERSON_TITLE.search(n)) for n in names)
    short = sum(2 <= len(n) <= 3 and not ends_like_organ(n) and not is_bare_area(n) for n in names)
    return titled * 2 >= len(names) or (len(names) >= 2 and short == len(names))


@lru_cache(maxsize=16384)
def cell_kind(text: str) -> CellKind:
    """What one cell holds, judged from its text alone."""
    text = text.strip()
    if not text:
        return "empty"
    flat = _SPACE.sub("", text)
    if _NUMBER.match(flat):
        return "number"
    if sum(flat.count(m) for m in _MARKS) >= max(1, len(flat) // 20) and (
        len(flat) <= 2 or flat.count("□") + flat.count("■") >= 2
    ):
        return "marks"  # ticks and check boxes: "√", "■政府网站 □政府公报 …"
    lead_off = _LEADS_OFF.match(flat)
    if lead_off is not None and is_unit_like(lead_off.group(1)):
        return "units"  # "区司法局牵头……，各成员单位负责……": a unit cell written as sentences
    inner = flat.rstrip("。.；;")  # a heading printed with a final 。 is still a heading
    if len(flat) > 60 or "。" in inner or len(_SENTENCE_PUNCT.findall(inner)) >= 2:
        return "sentence"
    label = match_label(flat)
    if label is not None and label.kind in ("chapter", "cn", "pcn") and len(flat) <= 40:
        return "heading"
    if _looks_like_units(text):
        return "units"
    if _is_deadline(flat):
        return "deadline"
    if len(flat) > 30 or (("，" in flat or "," in flat) and len(flat) > 20):
        return "sentence"
    if _is_person(text):
        return "person"
    return "short"


@dataclass(frozen=True, slots=True)
class ColumnProfile:
    """What a column's cells hold: shares of each kind among its filled cells."""

    filled: int
    share: dict[CellKind, float]
    mean_len: float
    merged_share: float  # covered by a cell merged from above, or blank under a filled cell
    numbered: float = 0.0  # share of filled cells that open with an item number: "1." "(1)" "①"

    def of(self, *kinds: CellKind) -> float:
        return sum(self.share.get(k, 0.0) for k in kinds)


def column_profile(cells: Sequence[str], merged: Sequence[bool]) -> ColumnProfile:
    kinds: dict[CellKind, int] = {}
    lengths: list[int] = []
    numbered = 0
    for text in cells:
        kind = cell_kind(text)
        if kind == "empty":
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        lengths.append(len(_SPACE.sub("", text)))
        if (
            kind != "number"
            and (label := match_label(text.strip())) is not None
            and label.kind in _ITEM_LABELS
        ):
            numbered += 1
    filled = len(lengths)
    share: dict[CellKind, float] = {k: v / filled for k, v in kinds.items()} if filled else {}
    total = max(1, len(cells))
    mean = sum(lengths) / filled if filled else 0.0
    return ColumnProfile(filled, share, mean, sum(merged) / total, numbered / filled if filled else 0.0)


def content_family(p: ColumnProfile) -> Family | None:
    """The role the cells alone suggest, or None when they say nothing clear."""
    if not p.filled:
        return None
    if p.of("number") >= 0.6:
        return "label"
    if p.of("marks") >= 0.5:
        return "ignore"  # a column of ticks or check boxes (公开方式 ■主动 □依申请)
    if p.of("units") >= 0.5 and p.of("sentence") < 0.3:
        return "resp"
    if p.of("deadline") >= 0.5 and p.of("sentence") < 0.3:
        return "deadline"
    if p.of("person") >= 0.6:
        return "people"
    if p.of("sentence") >= 0.4 or p.mean_len > 30:
        return "text"
    if p.of("heading", "short") >= 0.6:
        return "category"
    return None


def guess_columns(
    headers: Sequence[str],
    body: Sequence[Sequence[str]],
    merged: Sequence[Sequence[bool]] | None = None,
    overrides: Mapping[str, ColumnRole] | None = None,
    spanned: Sequence[bool] | None = None,
) -> ColumnPlan:
    """The role of every column of a table.

    ``headers`` has one (possibly empty) text per column; ``body`` the task rows (chapter rows
    left out), each as long as ``headers``; ``merged[r][c]`` says a cell is covered by a cell
    merged down (or, in a plain-text copy, blank under a filled one). ``overrides`` maps a
    header (see ``header_key``), or a position such as "第3列", to the role the user chose.
    ``spanned[c]`` says the header cell over column ``c`` also covers a neighbour (具体要求 over
    序号 and the text), so the cells decide between the columns it covers.
    """
    width = len(headers)
    columns = [[row[c] if c < len(row) else "" for row in body] for c in range(width)]
    flags = [[bool(m[c]) if merged and c < len(m) else False for m in (merged or [])] for c in range(width)]
    profiles = [column_profile(columns[c], flags[c]) for c in range(width)]
    heads = [header_family(h) for h in headers]
    contents = [content_family(p) for p in profiles]

    roles: list[ColumnRole] = ["ignore"] * width
    sure = [False] * width
    unit_kind: dict[int, Family] = {}

    text_cols: list[int] = []
    for c in range(width):
        head, content, p = heads[c], contents[c], profiles[c]
        if spanned and spanned[c] and content == "label":
            head = None
        if not p.filled and head not in ("lead", "co", "resp", "deadline", "label"):
            roles[c], sure[c] = "ignore", head is not None
            continue
        if content == "ignore":
            roles[c], sure[c] = "ignore", head in ("ignore", None)
            continue
        # Numbers are labels; a 序号 header over text is a mislabelled task column.
        numbers = p.of("number", "empty") >= 0.5 or not p.filled
        if (head == "label" or (head is None and content == "label")) and numbers:
            roles[c], sure[c] = "label", head == "label" or p.of("number") >= 0.9
            continue
        if head in ("people",) or (head is None and content == "people"):
            roles[c], sure[c] = "ignore", head is not None
            continue
        if head == "ignore":
            roles[c], sure[c] = "ignore", True
            continue
        if head in ("lead", "co", "resp"):
            if p.of("number") >= 0.6:
                # A number is never a unit, whatever the header says: it numbers the rows.
                roles[c], sure[c] = "label", False
                continue
            if p.of("sentence") >= 0.5 and p.of("units") < 0.3:
                roles[c], sure[c] = "ignore", False  # nor is a long sentence
                text_cols.append(c)
                continue
            unit_kind[c] = head
            sure[c] = p.of("units", "empty") >= 0.5 or not p.filled
            continue
        if head is None and content == "resp":
            unit_kind[c] = "resp"
            sure[c] = False
            continue
        if head == "deadline" or (head is None and content == "deadline"):
            if p.of("sentence") >= 0.6 and head is None:
                text_cols.append(c)
                continue
            roles[c] = "deadline"
            sure[c] = head == "deadline" and p.of("sentence") < 0.5
            continue
        if head in ("category", "name", "item", "text") or content in ("text", "category") or head is None:
            text_cols.append(c)

    _place_text_columns(text_cols, heads, profiles, roles, sure)

    has_lead = any(k == "lead" for k in unit_kind.values())
    first_resp = True
    for c in sorted(unit_kind):
        kind = unit_kind[c]
        if kind == "lead":
            roles[c] = "lead"
        elif kind == "co":
            roles[c] = "co"
        else:
            # 责任单位 without a 牵头 column is the lead; beside one (or after a first one), co.
            roles[c] = "co" if has_lead or not first_resp else "lead"
            first_resp = False

    labels = [c for c in range(width) if roles[c] == "label"]
    for c in labels[1:]:
        roles[c], sure[c] = "ignore", False
    deadlines = [c for c in range(width) if roles[c] == "deadline"]
    for c in deadlines[1:]:
        roles[c], sure[c] = "ignore", False

    if overrides:
        keyed = {header_key(k): v for k, v in overrides.items()}
        chosen_task: int | None = None
        for c, h in enumerate(headers):
            role = keyed.get(header_key(h)) if header_key(h) else None
            role = keyed.get(position_key(c), role)
            if role is not None and spanned and spanned[c] and roles[c] == "label" and role != "label":
                continue  # 具体要求 over 序号 and text: the choice is for the text column
            if role is not None:
                roles[c], sure[c] = role, True
                chosen_task = c if role == "task" else chosen_task
        if chosen_task is not None:
            # The user named the task column: the one guessed before becomes the category
            # beside it (left) or is left out (right), as the import window does.
            user = {
                c for c, h in enumerate(headers) if keyed.get(header_key(h)) or keyed.get(position_key(c))
            }
            for c in range(width):
                if roles[c] == "task" and c != chosen_task:
                    roles[c] = "section" if c < chosen_task else "ignore"
                elif roles[c] == "section" and c > chosen_task and c not in user:
                    roles[c] = "ignore"  # a category sits left of its items
    return ColumnPlan(tuple(ColumnGuess(headers[c], roles[c], sure[c]) for c in range(width)))


def _place_text_columns(
    cols: list[int],
    heads: Sequence[Family | None],
    profiles: Sequence[ColumnProfile],
    roles: list[ColumnRole],
    sure: list[bool],
) -> None:
    """Among the text columns, pick the task column; short ones left of it are sections."""
    if not cols:
        return

    def weight(c: int) -> float:
        p = profiles[c]
        bonus = {"name": 4.0, "item": 1.6, "text": 1.0, "category": 0.3}.get(heads[c] or "", 0.8)
        # Cells that open with their own item number ("1.主动公开…") are the tasks, however
        # long the 工作要求 beside them is.
        numbered = 2.5 if p.numbered >= 0.5 else 1.0
        return bonus * numbered * (p.mean_len + 40 * p.of("sentence")) * (0.3 + 0.7 * min(1.0, p.filled / 3))

    named_rows = [c for c in cols if heads[c] == "name"]
    if named_rows and not any(heads[c] == "item" for c in cols):
        task = named_rows[0]  # 项目名称 beside its 建设内容: the name is the task
    else:
        task = max(cols, key=weight)
    roles[task] = "task"
    named = heads[task] in ("name", "item", "text")
    sure[task] = (named and profiles[task].of("sentence") >= 0.3) or heads[task] == "item"
    for c in cols:
        if c == task:
            continue
        p = profiles[c]
        shortish = p.mean_len <= 40 and p.of("sentence") < 0.5
        if c < task and (shortish or heads[c] == "category"):
            roles[c] = "section"
            sure[c] = heads[c] in ("category", "text") and shortish
        else:
            roles[c] = "ignore"
            sure[c] = False
