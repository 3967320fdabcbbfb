"""ISO 8601 durations for reminder offsets, applied the way people expect across DST.

`P1D` before a 15:00 meetup means 15:00 the day before on the wall clock, even when the
clocks change in between; `PT3H` means three hours of real time. So calendar parts (years,
months, weeks, days) are subtracted in the community's local time and clock parts (hours,
minutes, seconds) in absolute time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

_PATTERN = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


@dataclass(frozen=True, slots=True)
class Duration:
    text: str
    calendar: relativedelta
    clock: timedelta

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _PATTERN.match(text.strip().upper())
        if match is None:
            raise ValueError(f"{text!r} is not an ISO 8601 duration such as P1D or PT3H")
        parts = {key: int(value) for key, value in match.groupdict().items() if value}
        calendar = relativedelta(
            years=parts.get("years", 0),
            months=parts.get("months", 0),
            weeks=parts.get("weeks", 0),
            days=parts.get("days", 0),
        )
        clock = timedelta(
            hours=parts.get("hours", 0),
            minutes=parts.get("minutes", 0),
            seconds=parts.get("seconds", 0),
        )
        if not calendar and not clock:
            raise ValueError(f"{text!r} is zero")
        return cls(text.strip().upper(), calendar, clock)

    def before(self, moment: datetime, timezone: str) -> datetime:
        """`moment` minus this duration, in UTC (calendar parts on the local wall clock)."""
        local = moment.astimezone(ZoneInfo(timezone))
        wall = local.replace(tzinfo=None) - self.calendar
        shifted = wall.replace(tzinfo=ZoneInfo(timezone))
        return shifted.astimezone(UTC) - self.clock

    def longest(self) -> timedelta:
        """An upper bound of the duration in real time (for look-ahead windows)."""
        days = self.calendar.years * 366 + self.calendar.months * 31 + self.calendar.days
        return timedelta(days=days + 7 * self.calendar.weeks, hours=2) + self.clock
