"""Unnumbered (news-style) text: sub-headings ending in "：" are sections; each paragraph that
opens with a short heading sentence is a task. One-line kickers (no 。) and the lead paragraph
before the first sub-heading are not tasks.
"""

from __future__ import annotations

import re

from gkdesk.parsing.drafts import TaskDraft
from gkdesk.parsing.notes import merge_notes
from gkdesk.parsing.sentences import first_sentence, trim_end

_MAX_HEADING = 40
_SUBHEAD = re.compile(r"^[^。]{2,40}[:：]$")


def is_subheading(text: str) -> bool:
    return bool(_SUBHEAD.match(text))


def news_tasks(paras: list[str]) -> list[TaskDraft]:
    has_sections = any(is_subheading(p) for p in paras)
    section = ""
    started = not has_sections
    drafts: list[TaskDraft] = []
    for text in paras:
        if is_subheading(text):
            section = trim_end(text)
            started = True
            continue
        if not started or "。" not in text:
            continue
        heading = trim_end(first_sentence(text, "。！？，,"))
        body = len(text) - len(heading)
        if not heading or len(heading) > _MAX_HEADING or body < max(15, len(heading)):
            continue  # a heading sentence opens a task only when work is described after it
        drafts.append(TaskDraft(label="", section=section, title=heading, text=text, units=merge_notes(text)))
    if not has_sections and len(drafts) < 2:
        return []  # one stray sentence in a text without sub-headings is not a plan
    return drafts
