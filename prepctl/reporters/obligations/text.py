"""The obligations calendar for a terminal: overdue duties first, then the window's duties
grouped by month, one a line with its due date first, then the standing windows and notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from prepctl.core import months
from prepctl.core.obligations import Calendar, Duty, Window
from prepctl.terminal import paint, safe_line


def _duty(duty: Duty, color: bool) -> str:
    due = paint(duty.due.isoformat(), "red" if duty.overdue else "bold", color)
    where = paint(f"[{safe_line(duty.source.label())}]", "dim", color)
    return f"  {due}  {safe_line(duty.title)}: {safe_line(duty.detail)}  {where}"


def _window(window: Window, color: bool) -> str:
    where = paint(f"[{safe_line(window.source.label())}]", "dim", color)
    return f"  {safe_line(window.line())}  {where}"


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def lines(calendar: Calendar, color: bool) -> Iterable[str]:
    version = f" {calendar.version}" if calendar.version else ""
    yield (
        paint(
            f"{safe_line(calendar.name)}{safe_line(version)}: obligations from "
            f"{calendar.start.isoformat()} to {calendar.end.isoformat()}",
            "bold",
            color,
        )
        + f" (reference date {calendar.reference.isoformat()})"
    )
    if calendar.overdue:
        yield ""
        yield paint("Overdue", "red", color)
        yield from (_duty(duty, color) for duty in calendar.overdue)
    month = None
    for duty in calendar.upcoming:
        if (duty.due.year, duty.due.month) != month:
            month = (duty.due.year, duty.due.month)
            yield ""
            yield paint(f"{months.NAMES[duty.due.month - 1]} {duty.due.year}", "bold", color)
        yield _duty(duty, color)
    if calendar.windows:
        yield ""
        yield paint("Standing windows (rules with clocks, not dated)", "bold", color)
        yield from (_window(window, color) for window in calendar.windows)
    if calendar.notes:
        yield ""
        yield paint("Notes", "bold", color)
        yield from (f"  {safe_line(note)}" for note in calendar.notes)
    yield ""
    overdue = f" ({len(calendar.overdue)} overdue)" if calendar.overdue else ""
    yield (
        f"{_count(len(calendar.duties), 'dated duty', 'dated duties')}{overdue}, "
        f"{_count(len(calendar.windows), 'standing window', 'standing windows')}"
    )


def report(calendar: Calendar, stream: TextIO, color: bool) -> None:
    for line in lines(calendar, color):
        stream.write(line + "\n")
