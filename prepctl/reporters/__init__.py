"""Reporters turn a lint result into one output format each.

The registry below is the only list of formats: the command line offers exactly its keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from prepctl.lint import LintResult
from prepctl.reporters import github, json_report, junit, sarif, text

Reporter = Callable[[LintResult, TextIO, bool], None]

LINT_REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_report.report,
    "sarif": sarif.report,
    "github": github.report,
    "junit": junit.report,
}
