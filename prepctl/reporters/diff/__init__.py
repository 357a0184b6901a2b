"""Reporters for ``prepctl diff``: one output format each.

The registry below is the only list of diff formats: the command line offers exactly its keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from prepctl.core.diff import DiffResult
from prepctl.reporters.diff import github, json_report, markdown, text

DiffReporter = Callable[[DiffResult, TextIO, bool], None]

DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": text.report,
    "markdown": markdown.report,
    "json": json_report.report,
    "github": github.report,
}
