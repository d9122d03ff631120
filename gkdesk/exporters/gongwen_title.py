"""Where a 公文 title breaks into lines: between words, in a trapezoid or diamond shape.

GB/T 9704 §7.3.1: a title in 2号小标宋 may take several lines; a line must not end inside a word,
the lines should be balanced and arranged as a 梯形 (each line no longer than the one above) or a
菱形 (the middle line the longest). Word, WPS and LibreOffice would each break a long title where
the line happens to be full ("…进展情况报/送表"), so the writer computes the breaks here and puts
explicit line breaks into the title paragraph: every reader then shows the same lines.

Words come from jieba (its dictionary plus the vocabulary of these notices, so that 任务清单 and
报送表 stay whole); on top of that a line never starts with 的/之/和/及/与/等 or ends with 关于/的,
nothing inside 《》 or “” is split, and a year stays with its 年.

    break_title("关于报送2026年第一季度政务公开重点工作进展情况的通知", 8844)
    # → ["关于报送2026年第一季度政务公开重点工作", "进展情况的通知"]
"""

from __future__ import annotations

import itertools
import logging
import threading
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from gkdesk.exporters.gongwen_xml import CONDENSE, TITLE_SZ, text_width_twips

# Terms of these notices that must never be split (jieba alone would cut 任务/清单, 报送/表).
DOMAIN_WORDS = (
    "政务公开", "重点工作", "重点任务", "工作要点", "任务清单", "分工清单", "任务分工", "进展情况",
    "重点任务清单", "任务分工清单", "重点任务分工清单",
    "报送表", "报送通知", "催报通知", "考核情况", "考核通报", "考核结果", "得分排名表", "排名表",
    "单位名单", "未报送", "报送", "催报", "第一季度", "第二季度", "第三季度", "第四季度", "年度",
    "人民政府", "办公室", "管委会", "委员会", "领导小组", "工作领导小组", "实施方案", "工作方案",
    "责任分工", "有关事项", "有关情况", "落实情况", "政府信息公开", "信息公开", "标准化", "规范化",
)  # fmt: skip
NO_LINE_START = ("的", "之", "和", "及", "与", "等", "或", "并", "暨", "年", "月", "日", "号")
NO_LINE_END = ("关于", "的", "和", "及", "与", "对", "在", "为", "《", "“", "（", "〔")
_PLACE_SUFFIXES = ("省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "街道")
_OPENERS, _CLOSERS = "《“（〔(「", "》”）〕)」"

_lock = threading.RLock()  # jieba's tokenizer is not safe across threads


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """jieba's tokenizer with the notices' words, built once per process (about a second)."""
    with warnings.catch_warnings():  # jieba 0.42's regexes have invalid escapes (3.12: SyntaxWarning)
        warnings.simplefilter("ignore")
        import jieba  # heavy: only for a title with words outside LEXICON

    with _lock:
        jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict…" to stderr otherwise
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word in DOMAIN_WORDS:
            tokenizer.add_word(word, freq=10**6)
        return tokenizer


# Words of the notices' own titles: a title made only of these (and digits) is cut without
# loading jieba's dictionary, which takes a second or two.
LEXICON = frozenset(
    (
        *DOMAIN_WORDS,
        "关于", "的", "通知", "通报", "函", "意见", "印发", "做好", "进一步", "加强", "工作", "考核",
        "得分", "情况", "重点", "任务", "清单", "分工", "进展", "单位", "名单", "年", "季度", "全年",
        "上半年", "下半年", "政务", "公开", "有关", "事项", "开展", "督查", "通报表扬", "结果",
    )
)  # fmt: skip
_LONGEST = max(len(w) for w in LEXICON)


def words(text: str) -> list[str]:
    """``text`` cut into words; joined again they give ``text`` back."""
    tokens = _lexicon_cut(text)
    if tokens is None:
        with _lock:
            tokens = [t for t in _tokenizer().cut(text, HMM=True) if t]
    return _glue(tokens)


def _lexicon_cut(text: str) -> list[str] | None:
    """Longest-match cut by ``LEXICON`` (digits and Latin letters as words of their own); None as
    soon as a Chinese character belongs to no known word."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isalnum():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isalnum():
                j += 1
            tokens.append(text[i:j])
            i = j
            continue
        for size in range(min(_LONGEST, len(text) - i), 0, -1):
            if text[i : i + size] in LEXICON:
                tokens.append(text[i : i + size])
                i += size
                break
        else:
            if "\u4e00" <= ch <= "\u9fff":
                return None
            tokens.append(ch)
            i += 1
    return tokens


def _glue(tokens: list[str]) -> list[str]:
    """Merge tokens a line must not separate: a bracketed name, digits and their 年/月/日/号."""
    out: list[str] = []
    depth = 0
    for token in tokens:
        if out and (depth > 0 or _sticks(out[-1], token)):
            out[-1] += token
        else:
            out.append(token)
        depth = max(0, depth + sum(token.count(c) for c in _OPENERS) - sum(token.count(c) for c in _CLOSERS))
    return out


def _sticks(before: str, token: str) -> bool:
    if token[0] in _CLOSERS or token[0] in "，。、；：！？%":
        return True
    if token in _PLACE_SUFFIXES and "\u4e00" <= before[-1] <= "\u9fff":
        return True  # 青禾/市: jieba cuts a place name it does not know from its suffix
    return before[-1].isdigit() and token[0] in "年月日号期%"


def break_points(tokens: Sequence[str]) -> list[int]:
    """Indexes ``i`` (between ``tokens[i-1]`` and ``tokens[i]``) where a line may end."""
    allowed = []
    for i in range(1, len(tokens)):
        before, after = tokens[i - 1], tokens[i]
        if after in NO_LINE_START or before in NO_LINE_END or before.endswith(tuple(_OPENERS)):
            continue
        allowed.append(i)
    return allowed


def break_title(text: str, width: int, measure: Callable[[str], int] | None = None) -> list[str]:
    """The lines of a title ``width`` twips wide, broken between words.

    ``measure(text)`` gives a line's width in twips (default: 二号 characters condensed 0.3 pt).
    A title that fits stays one line; lines the office split by hand ("\\n") are kept and each
    is broken again only if it is still too long.
    """
    measure = measure or _title_width
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    if len(parts) > 1:
        return [line for part in parts for line in break_title(part, width, measure)]
    text = parts[0] if parts else ""
    if measure(text) <= width:
        return [text] if text else []
    tokens = words(text)
    points = break_points(tokens)
    best = _best_lines(tokens, points, width, measure)
    if best is None:  # no word break fits: fall back to any break between tokens, then characters
        best = _best_lines(tokens, list(range(1, len(tokens))), width, measure)
    if best is None:
        best = _best_lines(list(text), list(range(1, len(text))), width, measure) or [text]
    return best


def _best_lines(
    tokens: Sequence[str], points: Sequence[int], width: int, measure: Callable[[str], int]
) -> list[str] | None:
    """The cheapest split of ``tokens`` at some of ``points`` into lines no wider than ``width``,
    with as few lines as possible."""
    full = measure("".join(tokens))
    fewest = max(2, -(-full // width))
    for count in range(fewest, fewest + 3):
        if count - 1 > len(points) or count > 6:
            break
        best: tuple[float, list[str]] | None = None
        for cut in itertools.combinations(points, count - 1):
            bounds = (0, *cut, len(tokens))
            lines = ["".join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
            widths = [measure(line) for line in lines]
            if max(widths) > width:
                continue
            cost = _shape_cost(widths, width)
            if best is None or cost < best[0]:
                best = (cost, lines)
        if best is not None:
            return best[1]
    return None


def _shape_cost(widths: Sequence[int], width: int) -> float:
    """Lower is better: balanced lines, each no longer than the one above (梯形), or the middle
    one the longest (菱形); a very short last line ("的通知" alone) costs most."""
    n = len(widths)
    rel = [w / width for w in widths]
    mean = sum(rel) / n
    cost = sum((r - mean) ** 2 for r in rel)
    trapezoid = all(a >= b for a, b in itertools.pairwise(rel))
    peak = max(range(n), key=lambda i: rel[i])
    diamond = n >= 3 and 0 < peak < n - 1
    if not (trapezoid or diamond):
        cost += 0.02 + 0.5 * sum(max(0.0, b - a) for a, b in itertools.pairwise(rel)) ** 2
    if rel[-1] < 0.3:
        cost += 0.2
    return cost


def _title_width(text: str) -> int:
    return text_width_twips(text, TITLE_SZ, CONDENSE)
