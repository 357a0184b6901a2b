"""Human-readable lint output: one line a finding, clickable ``file:line:column`` first."""

from __future__ import annotations

from typing import TextIO

from prepctl.core import address
from prepctl.core.finding import Finding, Severity
from prepctl.lint.engine import LintResult
from prepctl.terminal import paint, safe

_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _line(text: str) -> str:
    """Text for one line of the report: escapes for control characters and line breaks, so
    that a message cannot pass itself off as another finding."""
    return safe(text).replace("\n", "\\n")


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    for finding in result.findings:
        stream.write(finding_line(finding, color) + "\n")
    stream.write(summary(result) + "\n")


def finding_line(finding: Finding, color: bool) -> str:
    """``file:line:column: severity[rule] address: message``, as every text report shows a
    finding."""
    where = paint(f"{_line(finding.file)}:{finding.line}:{finding.column}:", "bold", color)
    level = paint(
        f"{finding.severity.value}[{finding.rule}]", _SEVERITY_STYLE[finding.severity], color
    )
    return f"{where} {level} {_line(address.display(finding.address))}: {_line(finding.message)}"


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
    if result.unreadable:
        head += (
            f" · {_plural(result.unreadable, 'file')} cannot be read as YAML, so only their "
            "framework's schemas were checked"
        )
    return head
