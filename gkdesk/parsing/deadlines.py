"""Deadlines: the 完成时限 text as printed, and a date when one can be read from it."""

from __future__ import annotations

import calendar
import re
from datetime import date

_FULL = re.compile(r"((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:份)?\s*(上旬|中旬|下旬|底|末|前)?")
_YEAR_END = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:年底|底|年末|末|内|全年)")
_QUARTER = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:第)?([一二三四1-4])季度")
_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def deadline_date(text: str | None, year: int | None = None) -> date | None:
    """The last day the deadline text allows, or None ("长期坚持", "每季度", blank)."""
    if not text:
        return None
    try:
        m = _FULL.search(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _MONTH.search(text)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            last = calendar.monthrange(y, mo)[1]
            day = {"上旬": 10, "中旬": 20}.get(m.group(3) or "", last)
            return date(y, mo, day)
        m = _QUARTER.search(text)
        if m:
            y, q = int(m.group(1)), _Q[m.group(2)]
            return date(y, q * 3, calendar.monthrange(y, q * 3)[1])
        m = _YEAR_END.search(text)
        if m:
            return date(int(m.group(1)), 12, 31)
        if year and re.fullmatch(r"\s*(\d{1,2})\s*月(?:底|末)?(?:前)?\s*", text):
            mo = int(re.sub(r"\D", "", text))
            return date(year, mo, calendar.monthrange(year, mo)[1])
    except ValueError:
        return None
    return None
