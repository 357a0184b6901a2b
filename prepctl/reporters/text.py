"""Human-readable lint output: one line a finding, clickable ``file:line:column`` first."""

from __future__ import annotations

from typing import TextIO

from prepctl import address
from prepctl.finding import Severity
from prepctl.lint import LintResult
from prepctl.terminal import paint, safe

_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    for finding in result.findings:
        where = paint(f"{safe(finding.file)}:{finding.line}:{finding.column}:", "bold", color)
        level = paint(
            f"{finding.severity.value}[{finding.rule}]", _SEVERITY_STYLE[finding.severity], color
        )
        stream.write(
            f"{where} {level} {safe(address.display(finding.address))}: {safe(finding.message)}\n"
        )
    stream.write(summary(result) + "\n")


def summary(result: LintResult) -> str:
    parts = [
        _plural(result.count(severity), severity.value)
        for severity in Severity
        if result.count(severity)
    ]
    files = _plural(result.files, "file")
    head = (
        f"{_plural(len(result.findings), 'finding')} ({', '.join(parts)}) in {files}"
        if result.findings
        else f"no findings in {files}"
    )
    if result.suppressed:
        head += f" · {len(result.suppressed)} suppressed"
    return head
