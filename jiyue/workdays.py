"""Working days per the official Chinese calendar (public holidays and make-up days).

The maintained ``chinese-calendar`` package knows only the years already announced;
for a later year we count Monday–Friday and say so once in the report (CONTRACT §2).
"""

from __future__ import annotations

from datetime import date, timedelta

try:
    import chinese_calendar
except ImportError:  # pragma: no cover - it is a pinned dependency
    chinese_calendar = None

_notes: set[str] = set()


def is_workday(day: date) -> bool:
    if chinese_calendar is not None:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            _notes.add(f"{day.year} 年的法定节假日安排尚未收录于 chinese-calendar，该年按周一至周五计算工作日")
    return day.weekday() < 5


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    n = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_workday(day):
            n += 1
        day += timedelta(days=1)
    return n


def add_workdays(start: date, n: int) -> date:
    """The date on which ``n`` working days after ``start`` have passed."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


def notes() -> list[str]:
    return sorted(_notes)
