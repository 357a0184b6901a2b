"""Machine-readable history: each commit with its changes shaped exactly as ``prepctl diff -f
json`` shapes them, and the change records that justify them."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core import address
from prepctl.core.assess.history import AssessmentLog
from prepctl.core.changelog import RecordNote
from prepctl.core.history import Entry, Log
from prepctl.reporters.diff.json_report import change_object
from prepctl.terminal import write_json


def record_object(note: RecordNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "title": note.title,
        "file": note.file,
        "covers": list(note.covers),
        "approved_by": list(note.approved_by),
        "approved_on": note.approved_on,
        "effective": note.effective,
        "rationale": note.rationale,
        "kind": note.kind,
    }


def entry_object(entry: Entry) -> dict[str, Any]:
    step = entry.step
    return {
        "commit": step.commit,
        "short": step.short,
        "date": step.date,
        "author": step.author,
        "address": address.display(entry.address),
        "earlier_address": entry.followed,
        "created": step.created,
        "changes": [change_object(change) for change in entry.changes],
        "records": [record_object(note) for note in entry.records],
        "reviews": [record_object(note) for note in entry.reviews],
    }


def report(log: Log | AssessmentLog, stream: TextIO, color: bool) -> None:
    if isinstance(log, AssessmentLog):
        from prepctl.reporters.log import assessment_json

        assessment_json.report(log, stream, color)
        return
    document = {
        "address": address.display(log.address),
        "range": log.revision_range,
        "entries": [entry_object(entry) for entry in log.entries],
        "warnings": list(log.warnings),
    }
    write_json(document, stream)
