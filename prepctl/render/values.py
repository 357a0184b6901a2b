"""Plain values in words: dates, numbers, enum values and durations as a reader expects them.

Shared by the view builders, the templates' filters and the redline. No locale and no clock:
the same value always reads the same.
"""

from __future__ import annotations

from datetime import date
from typing import Any

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: str) -> str:
    """'2026-10-01' as '1 October 2026'; anything else, a day the calendar lacks included,
    unchanged. No locale, no clock."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    if day.isoformat() != value:  # 3.11 also reads 20261001 and week dates
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def number(value: Any) -> str:
    """A number as people write it: 2 not 2.0, 0.25 not 2.5e-01."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def label(value: str) -> str:
    """An enum value as words: 'deep-dive' becomes 'Deep dive'."""
    words = value.replace("-", " ")
    return words[:1].upper() + words[1:]


def days(value: Any) -> str | None:
    if value is None:
        return None
    return "1 day" if value == 1 else f"{number(value)} days"


def hours(value: Any) -> str | None:
    """A deadline in hours, in days when it is a whole number of them (360 → 15 days)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and value >= 48 and value % 24 == 0:
        return days(value / 24)
    return "1 hour" if value == 1 else f"{number(value)} hours"


def months(value: Any) -> str | None:
    if value is None:
        return None
    return "1 month" if value == 1 else f"{number(value)} months"


def multiple(value: Any) -> str | None:
    """A multiple such as 4 followed by the multiplication sign."""
    return None if value is None else f"{number(value)}\u00d7"  # the multiplication sign


def one_line(value: Any) -> str:
    """A value as one line of text, each run of whitespace a single space."""
    return " ".join(str(value).split())
