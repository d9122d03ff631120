"""Working days: the State Council's schedule, the office's overrides, and the fallback for unknown years.

Known dates come from the published 2021 schedule (春节 调休 on Sunday 2021-02-07, 国庆 from
10-01 to 10-07 with Saturday 10-09 worked). Years chinesecalendar does not know yet fall back to
"weekends off" and are recorded so the interface can ask the office to enter that year's holidays.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.services.workdays import WorkCalendar

UNKNOWN_YEAR = 2035  # far beyond any schedule the library ships


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (date(2021, 4, 15), True),  # an ordinary Thursday
        (date(2021, 4, 17), False),  # an ordinary Saturday
        (date(2021, 4, 18), False),  # an ordinary Sunday
        (date(2021, 2, 7), True),  # Sunday, 调休 before 春节
        (date(2021, 2, 11), False),  # 除夕, a Thursday off
        (date(2021, 10, 1), False),  # 国庆节, a Friday off
        (date(2021, 10, 7), False),  # last day of the 国庆 holiday (a Thursday)
        (date(2021, 10, 8), True),  # back to work, Friday
        (date(2021, 10, 9), True),  # Saturday, 调休
        (date(2021, 9, 26), True),  # Sunday, 调休 before 国庆
    ],
)
def test_is_workday_follows_the_2021_schedule(day: date, workday: bool) -> None:
    cal = WorkCalendar()
    assert cal.is_workday(day) is workday
    assert cal.unknown_years == set()


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2021, 4, 15), date(2021, 4, 19), 2),  # Thu → Mon: Fri and Mon
        (date(2021, 4, 15), date(2021, 4, 17), 1),  # Thu → Sat: Fri only
        (date(2021, 4, 16), date(2021, 4, 18), 0),  # Fri → Sun: the weekend only
        (date(2021, 4, 15), date(2021, 4, 15), 0),  # the same day
        (date(2021, 4, 19), date(2021, 4, 15), 0),  # end before start
        (date(2021, 9, 30), date(2021, 10, 9), 2),  # across 国庆: Oct 8 and Saturday Oct 9
        (date(2021, 9, 30), date(2021, 10, 7), 0),  # inside the holiday
        (date(2021, 2, 5), date(2021, 2, 8), 2),  # Fri → Mon with the 调休 Sunday 02-07
        (date(2021, 4, 1), date(2021, 4, 30), 21),  # April 2021: see the test below
    ],
)
def test_workdays_between_counts_days_after_start_up_to_end(start: date, end: date, count: int) -> None:
    assert WorkCalendar().workdays_between(start, end) == count


def test_april_2021_count_is_independently_right() -> None:
    # After 04-01: 21 weekdays (02 … 30), less 清明 Monday 04-05, plus Sunday 04-25 worked for 劳动节.
    cal = WorkCalendar()
    weekdays = sum(1 for i in range(2, 31) if date(2021, 4, i).weekday() < 5)
    assert weekdays == 21
    assert not cal.is_workday(date(2021, 4, 5))
    assert date(2021, 4, 25).weekday() == 6 and cal.is_workday(date(2021, 4, 25))
    assert cal.workdays_between(date(2021, 4, 1), date(2021, 4, 30)) == weekdays - 1 + 1


@pytest.mark.parametrize(
    ("start", "n", "result"),
    [
        (date(2021, 4, 15), 0, date(2021, 4, 15)),
        (date(2021, 4, 15), 1, date(2021, 4, 16)),
        (date(2021, 4, 15), 2, date(2021, 4, 19)),  # skips the weekend
        (date(2021, 4, 17), 1, date(2021, 4, 19)),  # from a Saturday
        (date(2021, 9, 30), 1, date(2021, 10, 8)),  # skips the whole 国庆 holiday
        (date(2021, 9, 30), 2, date(2021, 10, 9)),  # the 调休 Saturday counts
        (date(2021, 2, 5), 1, date(2021, 2, 7)),  # the 调休 Sunday counts
    ],
)
def test_add_workdays_gives_the_nth_working_day_after(start: date, n: int, result: date) -> None:
    assert WorkCalendar().add_workdays(start, n) == result


def test_unknown_year_falls_back_to_weekends_and_is_recorded() -> None:
    cal = WorkCalendar()
    monday, saturday = date(UNKNOWN_YEAR, 1, 1), date(UNKNOWN_YEAR, 1, 6)
    assert monday.weekday() == 0 and saturday.weekday() == 5
    assert cal.is_workday(monday) is True  # New Year's Day, but nobody told us
    assert cal.is_workday(saturday) is False
    assert cal.unknown_years == {UNKNOWN_YEAR}
    # Thu 04-12 → Mon 04-16: Friday and Monday.
    assert cal.workdays_between(date(UNKNOWN_YEAR, 4, 12), date(UNKNOWN_YEAR, 4, 16)) == 2


def test_known_years_are_not_recorded_as_unknown() -> None:
    cal = WorkCalendar()
    cal.workdays_between(date(2021, 1, 1), date(2021, 12, 31))
    assert cal.unknown_years == set()


def test_a_span_across_years_records_only_the_unknown_one() -> None:
    cal = WorkCalendar()
    cal.workdays_between(date(2026, 12, 28), date(2027, 1, 5))
    assert cal.unknown_years == {2027}


def test_holiday_override_makes_a_day_off_in_a_known_and_an_unknown_year() -> None:
    cal = WorkCalendar(holidays=["2021-04-16", date(UNKNOWN_YEAR, 4, 13)])
    assert cal.is_workday(date(2021, 4, 16)) is False
    assert cal.is_workday(date(UNKNOWN_YEAR, 4, 13)) is False
    assert cal.workdays_between(date(2021, 4, 15), date(2021, 4, 19)) == 1
    assert cal.add_workdays(date(2021, 4, 15), 1) == date(2021, 4, 19)
    assert cal.workdays_between(date(UNKNOWN_YEAR, 4, 12), date(UNKNOWN_YEAR, 4, 16)) == 1


def test_workday_override_makes_a_weekend_day_count() -> None:
    cal = WorkCalendar(workdays=[date(2021, 4, 17), f"{UNKNOWN_YEAR}-04-14"])
    assert cal.is_workday(date(2021, 4, 17)) is True
    assert cal.is_workday(date(2021, 4, 18)) is False  # only the listed day
    assert cal.workdays_between(date(2021, 4, 15), date(2021, 4, 19)) == 3
    assert cal.add_workdays(date(2021, 4, 16), 1) == date(2021, 4, 17)
    assert cal.is_workday(date(UNKNOWN_YEAR, 4, 14)) is True  # a Saturday
    assert cal.workdays_between(date(UNKNOWN_YEAR, 4, 12), date(UNKNOWN_YEAR, 4, 16)) == 3


def test_workday_override_beats_the_library_holiday() -> None:
    cal = WorkCalendar(workdays=["2021-10-01"])
    assert cal.is_workday(date(2021, 10, 1)) is True
    assert cal.workdays_between(date(2021, 9, 30), date(2021, 10, 9)) == 3


def test_bad_override_text_is_refused_at_construction() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(holidays=["2021-13-01"])


_DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=60, deadline=None)
@given(a=_DAYS, b=_DAYS)
def test_workdays_between_equals_the_count_of_workdays_in_the_half_open_span(a: date, b: date) -> None:
    cal = WorkCalendar()
    expected = sum(cal.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
    assert cal.workdays_between(a, b) == expected
    assert cal.unknown_years == set()


@settings(max_examples=60, deadline=None)
@given(a=st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 6, 30)), n=st.integers(0, 60))
def test_add_workdays_is_the_inverse_of_workdays_between(a: date, n: int) -> None:
    cal = WorkCalendar()
    result = cal.add_workdays(a, n)
    assert cal.workdays_between(a, result) == n
    if n > 0:
        # The n-th working day itself, not some later day with the same count.
        assert cal.is_workday(result)
        assert cal.workdays_between(a, result - timedelta(days=1)) == n - 1
    else:
        assert result == a
