"""The obligations calendar as JSON; its shape is published as the ``obligations-report``
schema."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.obligations import Calendar, Duty, Window
from prepctl.terminal import write_json


def _duty(duty: Duty) -> dict[str, Any]:
    return {
        "due": duty.due.isoformat(),
        "kind": duty.kind,
        "title": duty.title,
        "detail": duty.detail,
        "overdue": duty.overdue,
        "note": duty.note,
        "source": duty.source.to_json(),
        "uid": duty.uid,
    }


def _window(window: Window) -> dict[str, Any]:
    return {
        "when": window.when(),
        "clock": window.clock,
        "duration": window.iso,
        "recurring": window.recurring,
        "trigger": window.trigger,
        "title": window.title,
        "note": window.note,
        "source": window.source.to_json(),
    }


def report(calendar: Calendar, stream: TextIO, color: bool) -> None:
    document = {
        "version": 1,
        "source": calendar.label,
        "framework": {"name": calendar.name, "version": calendar.version},
        "reference_date": calendar.reference.isoformat(),
        "from": calendar.start.isoformat(),
        "until": calendar.end.isoformat(),
        "duties": [_duty(duty) for duty in calendar.duties],
        "windows": [_window(window) for window in calendar.windows],
        "notes": list(calendar.notes),
        "summary": {
            "duties": len(calendar.duties),
            "overdue": len(calendar.overdue),
            "windows": len(calendar.windows),
        },
    }
    write_json(document, stream)
