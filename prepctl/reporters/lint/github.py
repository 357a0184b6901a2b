"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

One line a finding, ``::error file=F,line=L,col=C,title=prepctl [rule]::address: message``;
warnings are ``::warning``, information ``::notice``. Suppressed findings are left out: an
annotation cannot say that it was excused. Escaping follows the Actions toolkit
(``escapeData`` and ``escapeProperty`` in
https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts): ``%``, CR and LF
everywhere, and ``:`` and ``,`` in properties too. Control characters are shown as escapes
first, so a framework file cannot drive the terminal that displays the log.
"""

from __future__ import annotations

from typing import TextIO

from prepctl.core import address
from prepctl.core.finding import Finding, Severity
from prepctl.lint.engine import LintResult
from prepctl.terminal import safe

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, file: str | None = None) -> str:
    """The workflow command for one finding; ``file`` names its file from the repository's top
    (where the runner looks for it), else the file as prepctl shows it."""
    properties = {
        "file": file or finding.file,
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"prepctl [{finding.rule}]",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f"{address.display(finding.address)}: {finding.message}"
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(message)}"


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    for finding in result.findings:
        stream.write(command(finding, result.paths.get(finding.file)) + "\n")
