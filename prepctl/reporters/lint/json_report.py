"""Machine-readable lint output; its shape is published as the ``lint-report`` schema."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.finding import Finding, Severity
from prepctl.lint.engine import LintResult
from prepctl.terminal import write_json


def finding_object(finding: Finding) -> dict[str, Any]:
    """A finding as the JSON reports write it (shared with the coverage report)."""
    written: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "address": finding.address,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "fingerprint": finding.fingerprint,
    }
    if finding.reason:
        written["reason"] = finding.reason
    return written


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    document = {
        "version": 1,
        "findings": [finding_object(f) for f in result.findings],
        "suppressed": [finding_object(f) for f in result.suppressed],
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "info": result.count(Severity.INFO),
            "suppressed": len(result.suppressed),
            "unreadable": result.unreadable,
        },
    }
    write_json(document, stream)
