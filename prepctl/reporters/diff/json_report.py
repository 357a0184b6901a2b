"""Machine-readable diff output; its shape is published as the ``diff-report`` schema."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Version
from prepctl.terminal import write_json


def _version(version: Version) -> dict[str, Any]:
    return {"label": version.label, "revision": version.revision}


def change_object(change: Change) -> dict[str, Any]:
    return {
        "address": change.address,
        "base_address": change.base_address,
        "kind": change.kind.value,
        "impact": change.impact.value,
        "before": change.before,
        "after": change.after,
        "base_location": str(change.base_location) if change.base_location else None,
        "head_location": str(change.head_location) if change.head_location else None,
        "justified_by": change.justified_by,
        "fingerprint": change.fingerprint,
        "detail": change.detail,
    }


def report(result: DiffResult, stream: TextIO, color: bool) -> None:
    document = {
        "base": _version(result.base),
        "head": _version(result.head),
        "changes": [change_object(change) for change in result.changes],
        "records": [
            {
                "id": record.id,
                "title": record.title,
                "file": record.file,
                "covers": list(record.covers),
                "approved_by": list(record.approved_by),
            }
            for record in result.records
        ],
        "material_modification": (
            result.material.to_json()
            if result.material is not None
            else {"material": False, "weakenings": [], "obligations": []}
        ),
        "determinations": [shift.to_json() for shift in result.determinations],
        "summary": {
            "changes": len(result.changes),
            **{impact.value: result.count(impact) for impact in Impact},
            "unjustified": len(result.unjustified),
            "fail_on": result.fail_on.value,
            "failed": result.failed,
        },
    }
    write_json(document, stream)
