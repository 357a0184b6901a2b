"""Clocks: how often a recurring duty comes round, and how long after an event a duty is due.

A framework item (a report, a duty, an evaluation trigger) or a profile's rule states its
clock as a field. Every other module asks the accessors here, never the fields themselves:
:func:`cadence` and :func:`deadline` of an item, :func:`review_interval` of the value the
schema marks ``x-prepctl-review: interval``. The fields they read, in one table each:

- a count in a named unit (``interval-days: 365``, ``interval-months: 6``,
  ``deadline-hours: 24``);
- an ISO 8601 duration (``interval: P1Y``, ``deadline: PT24H``), the form profiles use for
  their reporting duties.

A :class:`Duration` keeps months and years apart from days, so that a quarter counted from
31 January ends on 30 April, as a calendar counts, not after 91 days.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_ISO = re.compile(
    r"P(?!$)(?:(?P<Y>\d{1,4})Y)?(?:(?P<M>\d{1,4})M)?(?:(?P<W>\d{1,4})W)?(?:(?P<D>\d{1,5})D)?"
    r"(?:T(?=\d)(?:(?P<H>\d{1,6})H)?)?"
)


@dataclass(frozen=True)
class Duration:
    """A length of time in calendar months, days and hours (a year is twelve months)."""

    months: int = 0
    days: int = 0
    hours: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration | None:
        """An ISO 8601 duration in years, months, weeks, days and hours (``P1Y``, ``P3M``,
        ``P15D``, ``PT24H``); None when ``text`` is not one."""
        found = _ISO.fullmatch(text)
        if found is None:
            return None
        part = {key: int(value) if value else 0 for key, value in found.groupdict().items()}
        return cls(part["Y"] * 12 + part["M"], part["W"] * 7 + part["D"], part["H"])

    def iso(self) -> str:
        """The duration in ISO 8601, in its largest whole units (``P1Y``, ``P15D``, ``PT24H``)."""
        years, months = divmod(self.months, 12)
        date_part = "".join(
            f"{count}{unit}"
            for count, unit in ((years, "Y"), (months, "M"), (self.days, "D"))
            if count
        )
        time_part = f"T{self.hours}H" if self.hours else ""
        return f"P{date_part}{time_part}" if date_part or time_part else "P0D"

    def words(self) -> str:
        """The duration for people: '1 year', '3 months', '15 days', '24 hours', and for a
        count of hours that makes whole days, both ('360 hours (15 days)')."""
        parts: list[str] = []
        years, months = divmod(self.months, 12)
        for count, unit in ((years, "year"), (months, "month"), (self.days, "day")):
            if count:
                parts.append(f"{count} {unit}{'' if count == 1 else 's'}")
        if self.hours:
            hours = f"{self.hours} hour{'' if self.hours == 1 else 's'}"
            if not parts and self.hours > 24 and self.hours % 24 == 0:
                hours += f" ({self.hours // 24} days)"
            parts.append(hours)
        return " ".join(parts) if parts else "no time"

    def after(self, start: date, times: int = 1) -> date:
        """The day ``times`` of these durations after ``start``: months as a calendar counts
        them (the last day of a shorter month when the day is past its end), then days and
        whole days of hours (a deadline in hours falls due on the day the hours run out)."""
        month_index = start.month - 1 + self.months * times
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        moved = date(year, month, day)
        return moved + timedelta(days=self.days * times) + timedelta(hours=self.hours * times)

    def approximate_days(self) -> float:
        """The length in days, a month counted as 30.44 days: for ordering clocks only."""
        return self.months * 30.436875 + self.days + self.hours / 24


# Each table: field name -> how to read it. Names of counts give their unit; the others are
# ISO 8601 durations. The first field an item has wins.
_UNITS = {"days": Duration(days=1), "months": Duration(months=1), "hours": Duration(hours=1)}
CADENCE_FIELDS = ("interval", "interval-days", "interval-months")
DEADLINE_FIELDS = ("deadline", "deadline-hours", "deadline-days")


def _read(name: str, value: Any) -> Duration | None:
    if isinstance(value, str):
        return Duration.parse(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    unit = _UNITS.get(name.rpartition("-")[2])
    if unit is None or value != int(value):
        return None
    count = int(value)
    return Duration(unit.months * count, unit.days * count, unit.hours * count)


def _first(item: Any, names: tuple[str, ...]) -> tuple[str, Duration] | None:
    if not isinstance(item, Mapping):
        return None
    for name in names:
        if name in item:
            found = _read(name, item[name])
            if found is not None:
                return name, found
    return None


def cadence(item: Any) -> Duration | None:
    """The longest time between two occasions of a recurring item, if it states one."""
    found = _first(item, CADENCE_FIELDS)
    return found[1] if found else None


def cadence_field(item: Any) -> str | None:
    """The name of the field that states the item's cadence (to point at it)."""
    found = _first(item, CADENCE_FIELDS)
    return found[0] if found else None


def deadline(item: Any) -> Duration | None:
    """The longest time after its event before an event-triggered item is due, if stated."""
    found = _first(item, DEADLINE_FIELDS)
    return found[1] if found else None


def review_interval(value: Any) -> Duration | None:
    """The value marked ``x-prepctl-review: interval``: a whole number of days, or an ISO 8601
    duration."""
    return _read("interval-days", value)
