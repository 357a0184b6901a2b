"""Reporters for ``prepctl log``: one output format each.

The registry below is the only list of log formats: the command line offers exactly its keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from prepctl.core.history import Log
from prepctl.reporters.log import json_report, text

LogReporter = Callable[[Log, TextIO, bool], None]

LOG_REPORTERS: dict[str, LogReporter] = {
    "text": text.report,
    "json": json_report.report,
}
