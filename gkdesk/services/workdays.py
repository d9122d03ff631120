"""Working days in mainland China: weekends, public holidays and 调休 (weekend days worked).

The chinesecalendar package carries the State Council's yearly schedule. For a year it does
not know yet (the schedule is published each November), the office lists that year's holidays
and 调休 workdays in the settings; without either, only weekends are days off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar


class WorkCalendar:
    """Answers "is this a working day" with the settings' dates overriding the library."""

    def __init__(self, holidays: Iterable[str | date] = (), workdays: Iterable[str | date] = ()) -> None:
        self.holidays = {_as_date(d) for d in holidays}
        self.workdays = {_as_date(d) for d in workdays}
        self.unknown_years: set[int] = set()
        self._known: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._is_workday(day)
        return known

    def _is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self.unknown_years.add(day.year)
            return day.weekday() < 5

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``).

        A report due on ``start`` and received on ``end`` is this many working days late.
        """
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``."""
        day = start
        while n > 0:
            day += timedelta(days=1)
            n -= self.is_workday(day)
        return day


def _as_date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
