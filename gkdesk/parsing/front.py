"""The document's own title and year, read from the paragraphs before the first item.

A 工作要点 often arrives inside a 通知 wrapper ("关于印发《X》的通知", addressees, signature,
date) and then repeats its own title X: the title is X as printed, never the wrapper's. A title
printed over two lines is joined. The year comes from the title, else the 文号 or a signature
date; a year that only appears in the body ("2021年底前") is not the plan's year.
"""

from __future__ import annotations

import re

_WRAPPER = re.compile(r"关于(?:印发|转发|下发|公布)[《〈<]?(?P<inner>.+?)[》〉>]?的(?:通\s*知|函)")
_DOC_NO = re.compile(r"〔(?P<y>(?:19|20)\d{2})〕|\[(?P<y2>(?:19|20)\d{2})\]|［(?P<y3>(?:19|20)\d{2})］")
_DATE_LINE = re.compile(
    r"^(?P<y>(?:19|20|二〇|二零)[\d〇零一二三四五六七八九]{2})年[\d〇零一二三四五六七八九十]{1,3}月[\d〇零一二三四五六七八九十]{1,3}日$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_SPAN = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年?\s*[-－—–~～至到]+\s*(?:19|20)\d{2}(?!\d)")
_ORG_END = re.compile(r"(人民政府|政府|办公厅|办公室|委员会|领导小组|小组|管委会|局|厅|委|部|院)$")
_TITLE_WORD = re.compile(
    r"要点|方案|意见|分工|计划|办法|规划|清单|任务|通知|安排|措施|细则|规定|决定|纲要|报告"
)
_TITLE_END = re.compile(r"(表|分工|清单|要点|方案|意见|通知|计划|办法|细则|规定|纲要)$")
_SENTENCE_END = re.compile(r"[。；;]$")
_REPRINT = re.compile(r"^(?:原标题|原题|标题)\s*[:：]\s*")
_NAMED = re.compile(r"(?:印发|发布|公布|出台|制定|下发)了?《([^《》]{4,60})》")
# An issuer line names an office; a title's first line that happens to end in 办公室 says what
# it does: "…局贯彻落实国务院办公厅市政府办公室" / "2022年政务公开工作要点分工方案".
_TITLE_VERB = re.compile(r"关于|贯彻|落实|推进|深化|做好|加强|全面|实施|开展|印发")
# Lines that sit around a title without being part of it: "（此件公开发布）", "附件1", "附件：".
_ASIDE = re.compile(r"^(?:[(（]此件[^)）]*[)）]|附\s*[件表]\s*[\d一二三四五六七八九十]*\s*[:：]?)$")


def is_addressee(text: str) -> bool:
    """The 主送 line of a wrapper: "各县(区)人民政府，市直各单位："."""
    return text.endswith((":", "：")) and (
        text.startswith("各") or "、" in text or "，" in text or "," in text
    )


def is_doc_number(text: str) -> bool:
    return bool(_DOC_NO.search(text)) and text.endswith("号") and len(text) < 30


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text.replace(" ", "")))


def is_prose(text: str) -> bool:
    """A body paragraph rather than a title line."""
    return len(text) > 60 or bool(_SENTENCE_END.search(text)) or ("。" in text and len(text) > 30)


def _title_lines(lines: list[str]) -> tuple[str, int]:
    """The title at the head of ``lines`` (joined when printed over two lines) and its last index."""
    candidates: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if is_prose(line) or is_addressee(line):
            break
        if _ASIDE.match(line):
            if candidates:
                break
            continue
        if is_doc_number(line) or is_date_line(line):
            if candidates:
                break
            continue
        candidates.append((i, line))
    if not candidates:
        return "", -1
    # An issuer line ("XX市人民政府办公室") above the real title is not part of it.
    while (
        len(candidates) > 1
        and _ORG_END.search(candidates[0][1])
        and not _TITLE_WORD.search(candidates[0][1])
        and not _TITLE_VERB.search(candidates[0][1])
    ):
        candidates.pop(0)
    first_i, title = candidates[0]
    last = first_i
    for i, line in candidates[1:]:
        if i != last + 1 or (_TITLE_WORD.search(title) and not _TITLE_END.search(line)):
            break  # a title that names its kind goes on only with e.g. "任务分工表" under it
        if len(title) + len(line) > 80 or (_ORG_END.search(title) and not _TITLE_VERB.search(title)):
            break
        title += line
        last = i
        if _TITLE_WORD.search(line):
            break
    return title, last


def find_title(lines: list[str], at_body: bool = True) -> tuple[str, int]:
    """(title, index of its last line) among the leading lines; ("", -1) when there is none.

    ``lines`` are the cleaned paragraph texts before the first numbered item or table;
    ``at_body`` says that such an item follows them (news text has none).
    """
    for i, line in enumerate(lines):
        m = _WRAPPER.search(line)
        if m is None and i + 1 < len(lines) and not is_prose(lines[i + 1]):
            # a wrapper title printed over two lines: "…领导小组关于" / "印发《X》的通知"
            m = _WRAPPER.search(line + lines[i + 1])
            if m is not None and m.start() >= len(line):
                m = None
        if not m or is_prose(line):
            continue
        inner = m.group("inner").strip("《》〈〉")
        # The body may name the plan in full where the wrapper's title shortens it:
        # "关于印发聚焦…若干措施的通知" / "《厦门市聚焦…政策的若干措施》已经市政府同意".
        named = [n for line in lines[i + 1 : i + 8] for n in re.findall(r"《([^《》]{4,60})》", line)]
        for key in [_squash(inner), *(_squash(n) for n in named if _close(_squash(inner), _squash(n)))]:
            found = _repeated(lines, i, key)
            if found is not None:
                return found
        return inner, i
    title, last = _title_lines(lines)
    title = _REPRINT.sub("", title)  # "原标题：…" on a news site's reprint
    late = _title_before_body(lines, last) if at_body else None
    if late is not None:
        return late
    if not title:
        # Only a report names it: "民政部办公厅发布《民政部2022年政务公开工作要点》。"
        for i, line in enumerate(lines):
            m = _NAMED.search(line)
            if m and _TITLE_WORD.search(m.group(1)):
                return m.group(1), i
    return title, last


def _title_before_body(lines: list[str], first_end: int) -> tuple[str, int] | None:
    """The plan's own title printed just above its body, after a wrapper or a news headline.

    When a 通知 has no "关于印发《X》" title (only addressees, "现将《X》印发给你们", signature and
    date) or a news report carries a headline and a lead, the plan's title is the title-like line
    right before the first item (an intro paragraph may sit between them).
    """
    end = len(lines)
    k = end - 1
    skipped = 0
    while k > first_end and is_prose(lines[k]) and skipped < 2:
        k -= 1
        skipped += 1
    if k <= first_end or k < 1:
        return None
    line = lines[k]
    if is_prose(line) or is_addressee(line) or is_doc_number(line) or is_date_line(line):
        return None
    if len(line) > 50 or not _TITLE_WORD.search(line) or line.startswith(("(", "（")):
        return None
    between = lines[max(first_end, 0) + 1 : k]
    if first_end >= 0 and not any(is_prose(t) or is_date_line(t) or is_addressee(t) for t in between):
        return None
    start = k
    if k - 1 > first_end and not is_prose(lines[k - 1]) and not is_date_line(lines[k - 1]):
        joined, last = _title_lines(lines[k - 1 : k + 1])
        if last == 1 and not is_addressee(lines[k - 1]):
            return joined, k
    return lines[start], k


_KIND_END = re.compile(r"(?:实施)?(?:方案|一览表|明细表|清单|台账|表)$")


def _repeated(lines: list[str], after: int, key: str) -> tuple[str, int] | None:
    """The plan's own title printed again after the wrapper, maybe over two lines or with its
    kind added ("…任务分解" → "…任务分解表")."""
    for j in range(after + 1, len(lines)):
        line = _squash(lines[j])
        if line == key or (lines[j] and line in key and len(lines[j]) >= 4) or _adds_kind(key, line):
            title, last = lines[j], j
            while _squash(title) != key and last + 1 < len(lines) and _squash(title + lines[last + 1]) in key:
                last += 1
                title += lines[last]
            return title, last
    return None


def _close(short: str, full: str) -> bool:
    """Whether ``full`` is ``short`` with a few words added (a place, a 的)."""
    if len(full) < len(short) or len(full) - len(short) > 8:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)  # every character of ``short``, in order


def _adds_kind(key: str, line: str) -> bool:
    """The wrapper names the plan "…任务分解" or "…分解方案"; the plan itself prints "…分解表"."""
    if line.startswith(key) and len(line) - len(key) <= 4 and _TITLE_END.search(line):
        return True
    stem = _KIND_END.sub("", key)
    return len(stem) >= 6 and stem != key and _KIND_END.sub("", line) == stem


def _squash(text: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"]", "", text)


def find_year(title: str, lines: list[str], above: list[str] | None = None) -> int | None:
    """Year of the plan: from the title, else the 文号, else a signature date line, else the
    wrapper title or news headline printed ``above`` the plan's own title.

    A title naming a span of years ("2016-2020年", "2021—2025年") is a multi-year plan: no year.
    """
    if _YEAR_SPAN.search(title):
        return None
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    for line in lines:
        if is_doc_number(line) or (len(line) < 40 and _DOC_NO.search(line)):
            d = _DOC_NO.search(line)
            if d:
                return int(d.group("y") or d.group("y2") or d.group("y3"))
    for line in lines:
        compact = line.replace(" ", "")
        if is_date_line(compact):
            y = _DATE_LINE.match(compact)
            if y and y.group("y").isdigit():
                return int(y.group("y"))
    for line in (above or [])[:3]:
        m = _YEAR.search(line)
        if m and not is_prose(line) and not _YEAR_SPAN.search(line):
            return int(m.group(1))
    return None
