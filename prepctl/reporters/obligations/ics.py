"""The obligations calendar as iCalendar (RFC 5545), for calendar programs.

One all-day ``VEVENT`` per dated duty: ``DTSTART`` is the due date and ``DTEND`` the day after
(RFC 5545 §3.6.1: the end of an all-day event is exclusive). Recurring duties are written as
the separate dates the calendar expanded over its window, not as ``RRULE``s, so that every
event carries its own source and how it was dated. The same input gives the same bytes:

- ``UID`` is a hash of the duty's source and due date, so an event keeps its id from one run
  to the next and a calendar that subscribes to the file updates it instead of doubling it;
- ``DTSTAMP`` is the reference date (``--today``) at midnight UTC, never the clock's time.

Text values are escaped as §3.3.11 asks (backslash, semicolon, comma, line break), characters
that TEXT may not hold (controls) or that would mislead a reader (bidirectional overrides) are
shown as escapes, and every line longer than 75 octets is folded (§3.1) without splitting a
UTF-8 character. Lines end with CRLF. Standing windows have no date and are left out; the text
and JSON reports list them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from prepctl import __version__
from prepctl.core.obligations import Calendar, Duty
from prepctl.terminal import safe

CRLF = "\r\n"
LIMIT = 75  # octets per line, line break excluded (RFC 5545 §3.1)


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): controls and misleading characters shown as escapes
    first, then backslash, semicolon, comma and line breaks escaped."""
    lines = [safe(line) for line in text.replace("\r\n", "\n").split("\n")]
    return "\\n".join(
        line.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,") for line in lines
    )


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 §3.1): each continuation starts with a
    space, which counts towards its 75; a UTF-8 character is never split."""
    pieces: list[str] = []
    current, size, limit = "", 0, LIMIT
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, LIMIT
        current += character
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def _date(day: object) -> str:
    return str(day).replace("-", "")


def _event(duty: Duty, calendar: Calendar) -> list[str]:
    summary = duty.title[:1].upper() + duty.title[1:] + (" (overdue)" if duty.overdue else "")
    version = f" {calendar.version}" if calendar.version else ""
    description = "\n".join(
        [
            duty.detail,
            *([duty.note] if duty.note else []),
            f"Source: {duty.source.label()}",
            f"Framework: {calendar.name}{version}",
        ]
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{duty.uid}",
        f"DTSTAMP:{_date(calendar.reference)}T000000Z",
        f"DTSTART;VALUE=DATE:{_date(duty.due)}",
        f"DTEND;VALUE=DATE:{_date(duty.due + timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"CATEGORIES:{escape(duty.kind)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def report(calendar: Calendar, stream: TextIO, color: bool) -> None:
    version = f" {calendar.version}" if calendar.version else ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//prepctl//prepctl {escape(__version__)} obligations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(f'{calendar.name}{version} obligations')}",
    ]
    for duty in calendar.duties:
        lines += _event(duty, calendar)
    lines.append("END:VCALENDAR")
    stream.write("".join(fold(line) + CRLF for line in lines))
