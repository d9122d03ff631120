"""Documents that say "列第一位的为牵头单位": the first unit of each unlabelled list is the lead.

Many 分工 documents name all units of a task in one list and state once (often in a remark such as
"（列第一位者为牵头单位，下同）") that the first one leads. The remark is taken out of the text so
it never sticks to a unit name, and the plan's lists are then read that way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gkdesk.parsing.drafts import TaskDraft
from gkdesk.records import NoteUnits

_RULE = re.compile(r"(?:第一|首)(?:位|个|家|责任单位|单位)[^()（）〔〕【】。；;]{0,12}?(?:为|是)牵头")
_OPEN = "(（〔【["
_CLOSE = ")）〕】]"
_STOPS = "。；;\n"


def strip_rule(text: str) -> tuple[str, bool]:
    """``text`` without the first-listed-leads remark, and whether there was one.

    The remark goes with the brackets around it, or else with its clause.
    """
    if "牵头" not in text or ("第一" not in text and "首" not in text):
        return text, False
    m = _RULE.search(text)
    if m is None:
        return text, False
    start, end = m.start(), m.end()
    depth = 0
    for i in range(start - 1, max(-1, start - 30), -1):
        if text[i] in _CLOSE:
            depth += 1
        elif text[i] in _OPEN:
            if depth == 0:
                close = next((k for k in range(end, len(text)) if text[k] in _CLOSE), -1)
                if close >= 0:
                    return text[:i] + text[close + 1 :], True
                break
            depth -= 1
    while start > 0 and text[start - 1] not in _STOPS:
        start -= 1
    while end < len(text) and text[end] not in _STOPS:
        end += 1
    if end < len(text):
        end += 1
    return text[:start] + text[end:], True


def first_listed_leads(drafts: Sequence[TaskDraft]) -> None:
    """Make the first unit of every lead-only list the lead and the others co."""
    for d in drafts:
        if len(d.units.lead) >= 2 and not d.units.co:
            d.units = NoteUnits(d.units.lead[:1], d.units.lead[1:])
