"""The history of an assessment, machine-readable: each commit, each file it changed, each
change as ``subject``, ``field``, ``kind``, ``before`` and ``after`` (docs/assessments.md)."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.assess.history import AssessmentLog, Change, Entry
from prepctl.terminal import write_json


def change_object(change: Change) -> dict[str, Any]:
    return {
        "subject": change.subject,
        "field": change.field,
        "kind": change.kind,
        "before": change.before,
        "after": change.after,
    }


def entry_object(entry: Entry) -> dict[str, Any]:
    return {
        "commit": entry.commit,
        "short": entry.short,
        "date": entry.date,
        "author": entry.author,
        "files": [
            {
                "file": file.file,
                "status": file.status,
                "earlier_file": file.earlier_file,
                "changes": [change_object(change) for change in file.changes],
            }
            for file in entry.files
        ],
    }


def report(log: AssessmentLog, stream: TextIO, color: bool) -> None:
    write_json(
        {
            "assessment": log.path,
            "range": log.revision_range,
            "entries": [entry_object(entry) for entry in log.entries],
            "warnings": [],
        },
        stream,
    )
